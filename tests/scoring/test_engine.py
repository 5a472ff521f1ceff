"""The fast scoring path: pure, equal to predict_proba, golden cases, unknowns, bands."""
import math
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from backend.scoring.design import encode
from backend.scoring.engine import Engine, OutsideModelError
from backend.scoring.reference import default_reference
from backend.scoring.vocabulary import CANCERS
from backend.scoring.lab.simulation import draw_residents, true_five_year_risk
from backend.scoring.store import MODELS_DIR, load_estimator

ROOT = Path(__file__).resolve().parents[2]
REF = default_reference()
ENGINE = Engine.from_directory()


def five_year_risk(cancer, sex, age, factors):
    return ENGINE.models[cancer].risk(sex, age, factors)


def five_year_risk_batch(cancer, sex_index, age, codes):
    return ENGINE.models[cancer].risk_batch(sex_index, age, codes)

GOLDEN = [
    ("lung", "male", 62, {"smoking": "current_30_pack_years_or_more", "passive_smoking_20y": "no",
                          "cooking_fumes": "no", "copd": "yes", "tuberculosis_history": "no",
                          "occupational_exposure": "no", "family_history_lung": "no"}, 0.041879636),
    ("lung", "female", 45, {"smoking": "never", "passive_smoking_20y": "yes",
                            "cooking_fumes": "yes"}, 0.0024186071),
    ("breast", "female", 58, {"family_history_breast": "yes", "early_menarche": "no",
                              "late_menopause": "yes", "late_or_no_first_birth": "no",
                              "no_breastfeeding": "no", "benign_breast_biopsy": "no",
                              "combined_hrt": "no", "obesity": "no"}, 0.0109340217),
    ("liver", "male", 50, {"hbv": "yes", "hcv": "no", "cirrhosis": "no", "heavy_drinking": "heavy",
                           "diabetes": "no", "family_history_liver": "no",
                           "current_smoking": "yes"}, 0.0366580759),
    ("upper_gi", "male", 70, {"h_pylori": None, "precancerous_lesion": "no",
                              "family_history_upper_gi": "no", "pickled_food": "yes",
                              "hot_food": "yes", "current_smoking": "no", "heavy_drinking": "no",
                              "salty_diet": "yes"}, 0.0269884692),
    ("colorectal", "female", 66, {"family_history_colorectal": "no",
                                  "polyp_or_colitis_history": "yes",
                                  "bowel_history_two_or_more": "no", "obesity": "yes",
                                  "ever_smoking": "no", "weekly_drinking": "no",
                                  "processed_meat": "no", "diabetes": "yes",
                                  "physically_inactive": "yes"}, 0.0114827835),
]


def test_engine_imports_no_flask():
    code = "import sys, backend.scoring, backend.scoring.assess; assert 'flask' not in sys.modules"
    subprocess.run([sys.executable, "-c", code], cwd=ROOT, check=True)


@pytest.mark.parametrize("cancer, sex, age, factors, expected", GOLDEN)
def test_golden_cases(cancer, sex, age, factors, expected):
    risk = five_year_risk(cancer, sex, age, factors)
    assert risk == pytest.approx(expected, abs=1e-9)
    band = REF.age_bands[(age - 40) // 5]
    # and the model reproduces the reference truth for this person within 10%
    assert risk == pytest.approx(true_five_year_risk(REF, cancer, sex, band, factors), rel=0.1)


@pytest.mark.parametrize("cancer", CANCERS)
def test_fast_path_equals_predict_proba(cancer):
    rows = draw_residents(REF, cancer, 2_000, np.random.default_rng(11))
    model = load_estimator(MODELS_DIR / cancer)
    X = encode(REF.cancers[cancer], REF.age_bands, rows["sex_index"], rows["band_index"], rows["codes"])
    expected = model.predict_proba(X)[:, 1]
    batch = five_year_risk_batch(cancer, rows["sex_index"], rows["age"], rows["codes"])
    assert np.max(np.abs(batch - expected)) < 1e-9
    ref = REF.cancers[cancer]
    for i in range(50):
        sex = ref.sexes[rows["sex_index"][i]]
        factors = {f.id: f.level_names[c] for f, c in zip(ref.factors, rows["codes"][i])}
        assert five_year_risk(cancer, sex, int(rows["age"][i]), factors) == pytest.approx(
            expected[i], abs=1e-9)


def test_unknown_uses_the_prevalence_weighted_mean_effect():
    model = ENGINE.models["upper_gi"]
    known = {"precancerous_lesion": "no", "family_history_upper_gi": "no", "pickled_food": "no",
             "hot_food": "no", "current_smoking": "no", "heavy_drinking": "no", "salty_diet": "no"}
    no, yes = (five_year_risk("upper_gi", "male", 60, dict(known, h_pylori=v)) for v in ("no", "yes"))
    unknown = five_year_risk("upper_gi", "male", 60, dict(known, h_pylori=None))
    assert no < unknown < yes
    effect = math.exp(model.terms["male"]["h_pylori"]["yes"])
    prevalence = REF.cancers["upper_gi"].factor("h_pylori").levels[1].prevalence["male"]
    odds = lambda p: p / (1 - p)  # noqa: E731
    assert odds(unknown) / odds(no) == pytest.approx(1 - prevalence + prevalence * effect)


def test_batch_unknown_code_matches_single():
    codes = np.array([[-1, 0, 0, 1, 0, 0, 0, 1]], dtype=np.int8)
    factors = {"h_pylori": None, "precancerous_lesion": "no", "family_history_upper_gi": "no",
               "pickled_food": "yes", "hot_food": "no", "current_smoking": "no",
               "heavy_drinking": "no", "salty_diet": "yes"}
    batch = five_year_risk_batch("upper_gi", np.array([1]), np.array([55]), codes)
    assert batch[0] == pytest.approx(five_year_risk("upper_gi", "female", 55, factors), abs=1e-12)


def test_outside_the_model_is_refused_clearly():
    with pytest.raises(OutsideModelError, match="40-74"):
        five_year_risk("lung", "male", 39, {})
    with pytest.raises(OutsideModelError, match="sex"):
        five_year_risk("breast", "male", 50, {})
    with pytest.raises(ValueError, match="smoking: unknown level 'sometimes'"):
        five_year_risk("lung", "male", 50, {"smoking": "sometimes"})
    assert np.isnan(five_year_risk_batch("lung", np.array([0]), np.array([80]),
                                         np.zeros((1, 7), dtype=np.int8))[0])


def test_bands():
    model = ENGINE.models["lung"]
    average = model.average("female", 45)
    assert model.band("female", 45, average) == "average"
    assert model.band("female", 45, average * 1.6) == "raised"
    assert model.band("female", 45, model.high_min_risk) == "high"


def _risk_term_by_term(model, sex, age, factors):
    """The single-row formula written out: intercept, age cell, every factor's ``term``."""
    logit = model.intercept + model.cells[sex][(age - 40) // 5]
    for factor in model.factors:
        logit += model.term(sex, factor, factors)
    return 1.0 / (1.0 + math.exp(-logit))


@pytest.mark.parametrize("cancer", CANCERS)
def test_terms_computed_once_give_the_same_risks_to_the_last_bit(cancer):
    """The result reuses one row's terms for its risk, reasons and what-ifs: every figure must be
    exactly the one the term-by-term formula gives, what-ifs included (gated factors too)."""
    from backend.scoring.assess import MODIFIABLE, _what_if

    rows = draw_residents(REF, cancer, 300, np.random.default_rng(15))
    ref, model = REF.cancers[cancer], ENGINE.models[cancer]
    for i in range(300):
        sex, age = ref.sexes[rows["sex_index"][i]], int(rows["age"][i])
        factors = {f.id: (None if i % 7 == j else f.level_names[c])
                   for j, (f, c) in enumerate(zip(ref.factors, rows["codes"][i]))}
        risk = model.risk(sex, age, factors)
        assert risk == _risk_term_by_term(model, sex, age, factors)
        for change in _what_if(model, sex, age, factors, model.terms_of(sex, factors), risk):
            changed = dict(factors, **{change["factor"]: change["to"]})
            assert change["risk"] == _risk_term_by_term(model, sex, age, changed)
            assert MODIFIABLE[change["factor"]][change["from"]] == change["to"]
