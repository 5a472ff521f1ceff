"""How often screening would be recommended, by rules, by the model and by either (lab).

On the simulated reference population aged 40-74 (``simulation.draw_residents``), per cancer:
the share whose guideline rules fire (as far as the reference factors show them), the share
whose model risk is at or above the threshold within the guideline's screening ages, and the
share for whom either holds, beside the share the national programme observed
(``flagged_share_observed`` of the reference). The section is written into each
``MODEL_CARD.md`` between markers by ``flask models shares``; a test recomputes it.

The rules read derived facts (pack-years, grams of alcohol, which relatives) that the
reference's factor levels only approximate; each approximation is listed in the section.
"""
from __future__ import annotations

from pathlib import Path

import numpy as np

from backend.scoring.engine import Engine
from backend.scoring.guidelines import RULE_AGES, SCREENING_AGES
from backend.scoring.lab.simulation import draw_residents
from backend.scoring.reference import Reference

RESIDENTS = 200_000
SEED = 20261201
BEGIN, END = "<!-- screening-shares:begin -->", "<!-- screening-shares:end -->"
# Factor levels that stand for a rule (any one fires it), and the approximations they make.
RULE_LEVELS = {
    "lung": {"smoking": ("current_30_pack_years_or_more",), "passive_smoking_20y": ("yes",),
             "copd": ("yes",), "occupational_exposure": ("yes",), "family_history_lung": ("yes",)},
    "breast": {"family_history_breast": ("yes",), "early_menarche": ("yes",),
               "late_menopause": ("yes",), "benign_breast_biopsy": ("yes",), "combined_hrt": ("yes",)},
    "liver": {"hbv": ("yes",), "hcv": ("yes",), "cirrhosis": ("yes",), "heavy_drinking": ("heavy",),
              "diabetes": ("yes",), "family_history_liver": ("yes",)},
    "upper_gi": {"h_pylori": ("yes",), "precancerous_lesion": ("yes",),
                 "family_history_upper_gi": ("yes",), "pickled_food": ("yes",), "hot_food": ("yes",),
                 "current_smoking": ("yes",), "heavy_drinking": ("yes",), "salty_diet": ("yes",)},
    "colorectal": {"family_history_colorectal": ("yes",), "polyp_or_colitis_history": ("yes",),
                   "bowel_history_two_or_more": ("yes",)},
}
# Breast group 3 needs two of these together.
BREAST_GROUP_3 = ("no_breastfeeding", "late_or_no_first_birth")
APPROXIMATIONS = {
    "lung": "former smokers of 30 pack-years who quit under 15 years ago are not counted (the "
            "reference level does not give their pack-years); occupational exposure includes "
            "the agents the rule leaves out.",
    "breast": "late menopause is the reference's after-50 level (the rule says 55 or later), so "
              "the rules' share is overstated; BRCA, second-degree relatives, dense breasts and "
              "oestrogen-only HRT are not in the reference.",
    "liver": "heavy drinking is the reference's 50 g a day (the rule: 40 g men, 20 g women, five "
             "years or more); fatty liver is not in the reference.",
    "upper_gi": "a high-incidence area is not simulated (it is the deployment's list of "
                "counties); heavy drinking is the reference's 50 g level.",
    "colorectal": "a positive FIT and a past cancer are not in the reference.",
}


def _within(table: dict, cancer: str, sex: str, age: np.ndarray) -> np.ndarray:
    low, high = table[cancer].get(sex, (999, -1))
    return (age >= low) & (age <= high)


def _rule_fires(model, codes: np.ndarray) -> np.ndarray:
    columns = {f["id"]: (j, f["levels"]) for j, f in enumerate(model.factors)}
    fires = np.zeros(len(codes), dtype=bool)
    for factor, levels in RULE_LEVELS[model.cancer].items():
        j, names = columns[factor]
        fires |= np.isin(codes[:, j], [names.index(level) for level in levels])
    if model.cancer == "breast":
        both = np.ones(len(codes), dtype=bool)
        for factor in BREAST_GROUP_3:
            j, names = columns[factor]
            both &= codes[:, j] == names.index("yes")
        fires |= both
    return fires


def shares(reference: Reference, engine: Engine, cancer: str, residents: int = RESIDENTS,
           seed: int = SEED) -> dict[str, float]:
    """``{"rules", "model", "either"}``: shares of the simulated 40-74 population."""
    model = engine.models[cancer]
    rows = draw_residents(reference, cancer, residents, np.random.default_rng(seed))
    risk = model.risk_batch(rows["sex_index"], rows["age"], rows["codes"])
    rules = np.zeros(residents, dtype=bool)
    by_model = np.zeros(residents, dtype=bool)
    for s, sex in enumerate(model.sexes):
        mine = rows["sex_index"] == s
        age = rows["age"]
        rules |= mine & _within(RULE_AGES, cancer, sex, age) & _rule_fires(model, rows["codes"])
        by_model |= mine & _within(SCREENING_AGES, cancer, sex, age) & (risk >= model.high_min_risk)
    return {"rules": float(rules.mean()), "model": float(by_model.mean()),
            "either": float((rules | by_model).mean())}


def section(reference: Reference, engine: Engine, cancer: str) -> str:
    """The model card's section, between its markers."""
    found = shares(reference, engine, cancer)
    observed = reference.raw["cancers"][cancer]["flagged_share_observed"]
    low, high = observed["range"]
    return "\n".join([
        BEGIN, "## How often screening is recommended", "",
        f"On {RESIDENTS:,} simulated residents aged 40–74 (seed {SEED}), the share whose screening "
        "for this cancer is recommended:", "",
        "| by the guideline rules | by the model (threshold, within the screening ages) | by either "
        "| observed in the national programme |", "|---|---|---|---|",
        f"| {found['rules']:.1%} | {found['model']:.1%} | {found['either']:.1%} "
        f"| {low:.0%}–{high:.0%} |", "",
        f"Observed: {observed['sources']}. The programme's own scoring is not public, so the "
        "observed shares are its \"high risk\" flags, not the same statement.", "",
        f"Approximations: {APPROXIMATIONS[cancer]}", "",
        "## Comparison with people of the same age and sex", "",
        "The result's first statement compares the five-year risk with the average of the same "
        "sex and 5-year age band (ages 40–74 only): ratio below 0.5 *much lower* (half or less), "
        "0.5 to under 0.9 *lower*, 0.9 to 1.1 *about the same* (a tenth either way is within "
        "what the answers can tell apart: most single factors move the odds by 1.15–1.3), above "
        "1.1 to under 2 *higher*, 2 or more *much higher* (double). The risks are shown as whole "
        "people per 1,000 (per 10,000 or 100,000 when the two numbers would otherwise print "
        "alike), so the word never stands beside numbers that contradict it. The threshold "
        "above (the high band) is a different statement: whether screening is advised at this "
        "age, which most people pass with age alone.", END])


def write_sections(models_dir: Path, reference: Reference, engine: Engine) -> None:
    """Replace (or add) the section in every model card."""
    for cancer in engine.models:
        card = Path(models_dir) / cancer / "MODEL_CARD.md"
        text = card.read_text(encoding="utf-8")
        if BEGIN in text:
            text = text[:text.index(BEGIN)] + text[text.index(END) + len(END):].lstrip("\n")
        card.write_text(text.rstrip("\n") + "\n\n" + section(reference, engine, cancer) + "\n",
                        encoding="utf-8")
