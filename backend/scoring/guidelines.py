"""National high-risk rules, findings that refer at any age, and what a referral carries (pure).

Everything here follows ``shared/reference/guidelines.md``. A rule reads the derived facts of a
``Profile`` (``backend.scoring.features``), never raw answers, so that a change of wording in
the questionnaire cannot change a rule. A rule returns the *parts* of its criterion that apply
to this person (reason codes of ``backend.scoring.vocabulary.REASON_TEXTS``: "HBsAg positive",
not the whole bullet "hepatitis B or C"); it fires when any part applies. Whether screening is
advised, from the rules, the model and the findings, is decided in ``backend.scoring.assess``.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from backend.scoring.vocabulary import MARKER_CANCERS, N_

LUNG = "[V] NCC lung cancer screening guideline 2021, Chin J Oncol 2021;43:243"
BREAST = "NCC breast cancer screening guideline 2021, Chin J Oncol 2021;43:357 ([R] the three groups)"
LIVER = "NCC liver cancer screening guideline 2022, J Clin Hepatol 2022;38:1739 ([R] content)"
UGI = "[V] NCC oesophageal and gastric cancer screening guidelines 2022 (PMC10665203 table 2)"
CRC = "[V] colorectal high-risk factor questionnaire (Front Oncol 2022;12:893183); NCC 2020"

# The occupational agents the lung rule lists (uranium and diesel exhaust stay model factors).
LUNG_RULE_AGENTS = ("asbestos", "radon", "beryllium", "chromium", "cadmium", "nickel", "silica",
                    "coal_smoke_soot")
# "Heavy drinking" in the rules: grams of alcohol a day on average ([R] Chinese alcoholic liver
# disease guideline 2018); the liver row's "long-term" adds five years or more.
HEAVY_DRINKING_GRAMS = {"male": 40.0, "female": 20.0}
LONG_TERM_YEARS = 5
UPPER_GI_CONDITIONS = ("atrophic_gastritis", "intestinal_metaplasia", "intraepithelial_neoplasia",
                       "gastric_polyp", "gastric_ulcer", "remnant_stomach")
BOWEL_ITEMS = ("chronic_diarrhoea", "chronic_constipation", "mucus_bloody_stool", "appendicitis",
               "cholecystitis", "life_event")
# Upper-GI parts that are oesophageal criteria only; any other part is (also) a stomach
# criterion and gives the stomach interval (guidelines.md, "Oesophagus and stomach").
OESOPHAGUS_ONLY_PARTS = frozenset({"family_oesophageal", "hot_food"})


@dataclass(frozen=True)
class Rule:
    """One high-risk criterion of a national guideline."""

    id: str
    cancer: str
    text: str  # English msgid: the criterion as the guideline states it (doctors' screens)
    source: str
    parts: Callable[[dict], list[str]]  # the reason codes of the criterion that apply

    def fires(self, facts: dict) -> bool:
        return bool(self.parts(facts))


def _when(*pairs) -> list[str]:
    """The codes whose condition holds: ``_when((cond, "code"), …)``."""
    return [code for condition, code in pairs if condition]


def heavy_drinker(f: dict) -> bool:
    """On average 40 g of alcohol a day or more (men), 20 g or more (women)."""
    grams = f.get("alcohol_grams_per_day")
    return grams is not None and grams >= HEAVY_DRINKING_GRAMS.get(f.get("sex"), 40.0)


def _heavy_smoker(f: dict) -> bool:
    """>= 30 pack-years, still smoking or quit less than 15 years ago."""
    if (f.get("pack_years") or 0) < 30:
        return False
    if f.get("smoking_status") == "current":
        return True
    return f.get("smoking_status") == "former" and (f.get("years_since_quit") or 0) < 15


def _lung_work(f: dict) -> list[str]:
    exposures = set(f.get("work_exposures") or ())
    return [f"work_{agent}" for agent in LUNG_RULE_AGENTS if agent in exposures]


def _breast_group_1(f: dict) -> list[str]:
    return _when((bool({"breast", "ovarian"} & set(f.get("first_degree", ()))), "family_breast_ovarian"),
                 ((f.get("second_degree_breast_ovarian_before_50") or 0) >= 2, "second_degree_breast_ovarian"),
                 (f.get("brca") == "yes", "brca"))


def _breast_group_2(f: dict) -> list[str]:
    age = f.get("age") or 0
    return _when(
        ((f.get("menarche_age") or 99) <= 12, "menarche_12_or_younger"),
        ((f.get("menopause_age") or 0) >= 55, "menopause_55_or_older"),
        (f.get("menopause_status") == "still_menstruating" and age >= 55, "still_menstruating_at_55"),
        (bool(f.get("benign_breast_biopsy")) and f.get("atypical_hyperplasia") != "yes",
         "benign_breast_biopsy"),
        (f.get("atypical_hyperplasia") == "yes", "atypical_hyperplasia"),
        (f.get("hrt_type") == "combined" and (f.get("hrt_months") or 0) >= 6, "combined_hrt"),
        (bool(f.get("dense_breasts")) and age > 45, "dense_breasts"))


def _breast_group_3(f: dict) -> list[str]:
    """Any two of the group make the criterion; fewer are not a reason."""
    births = f.get("live_births")
    parts = _when(
        (births is not None and (f.get("breastfeeding_months") or 0) < 4, "breastfeeding_under_4_months"),
        (births == 0 or (f.get("first_birth_age") or 0) >= 30, "no_birth_or_first_birth_30"),
        (f.get("hrt_type") == "oestrogen_only" and (f.get("hrt_months") or 0) >= 6, "oestrogen_only_hrt"),
        ((f.get("abortions") or 0) >= 2, "two_or_more_abortions"))
    return parts if len(parts) >= 2 else []


def hepatitis_parts(f: dict) -> list[str]:
    """HBsAg positive (test), hepatitis B (told by a doctor), hepatitis C: what applies."""
    tested = f.get("hbsag") == "positive"
    return _when((tested, "hbsag_positive"), (bool(f.get("hbv_told")) and not tested, "hepatitis_b"),
                 (bool(f.get("hcv")), "hepatitis_c"))


def _long_term_heavy_drinker(f: dict) -> bool:
    return heavy_drinker(f) and (f.get("drinking_years") or 0) >= LONG_TERM_YEARS


def _h_pylori(f: dict) -> list[str]:
    tested = f.get("h_pylori_test") == "positive"
    return _when((tested, "h_pylori_positive"), (bool(f.get("h_pylori_told")) and not tested, "h_pylori"))


def _upper_gi_lifestyle(f: dict) -> list[str]:
    return _when((f.get("smoking_status") == "current", "current_smoking"),
                 (heavy_drinker(f), "heavy_drinking"), (bool(f.get("hot_food")), "hot_food"),
                 (bool(f.get("pickled_food")), "pickled_food"), (bool(f.get("salty_diet")), "salty_diet"))


def _bowel_history(f: dict) -> list[str]:
    items = set(f.get("bowel_history_items") or ())
    return [f"bowel_{item}" for item in BOWEL_ITEMS if item in items] if len(items) >= 2 else []


def _family(*cancers: str) -> Callable[[dict], list[str]]:
    return lambda f: [f"family_{c}" for c in cancers if c in set(f.get("first_degree", ()))]


def _flag(fact: str, code: str | None = None) -> Callable[[dict], list[str]]:
    return lambda f: [code or fact] if f.get(fact) else []


RULES: tuple[Rule, ...] = (
    Rule("lung.heavy_smoking", "lung", N_("Smoked 30 pack-years or more, and still smoke or quit less "
         "than 15 years ago"), LUNG, lambda f: _when((_heavy_smoker(f), "smoking_30_pack_years"))),
    Rule("lung.passive_smoking", "lung", N_("Lived or worked for 20 years or more with a heavy smoker"),
         LUNG, _flag("passive_smoking_20y")),
    Rule("lung.copd", "lung", N_("Diagnosed with COPD, emphysema or chronic bronchitis"), LUNG,
         _flag("copd")),
    Rule("lung.occupational", "lung", N_("A year or more of work with asbestos, radon, beryllium, "
         "chromium, cadmium, nickel, silica, coal smoke or soot"), LUNG, _lung_work),
    Rule("lung.family", "lung", N_("A parent, brother, sister or child had lung cancer"), LUNG,
         _family("lung")),
    Rule("breast.family_or_gene", "breast", N_("Close family history of breast or ovarian cancer, or "
         "a BRCA1/2 gene mutation"), BREAST, _breast_group_1),
    Rule("breast.hormonal_history", "breast", N_("Early first period, late menopause, a past breast "
         "biopsy, combined HRT or dense breasts"), BREAST, _breast_group_2),
    Rule("breast.two_reproductive_factors", "breast", N_("Two or more of: little or no breastfeeding, "
         "no birth or a first birth at 30 or later, oestrogen-only HRT, two or more miscarriages "
         "or abortions"), BREAST, _breast_group_3),
    Rule("liver.hepatitis", "liver", N_("Hepatitis B (HBsAg positive) or hepatitis C infection"), LIVER,
         hepatitis_parts),
    Rule("liver.cirrhosis", "liver", N_("Liver cirrhosis"), LIVER, _flag("cirrhosis")),
    Rule("liver.family", "liver", N_("A parent, brother, sister or child had liver cancer"), LIVER,
         _family("liver")),
    Rule("liver.heavy_drinking", "liver", N_("Heavy drinking over many years"), LIVER,
         lambda f: _when((_long_term_heavy_drinker(f), "heavy_drinking_long_term"))),
    Rule("liver.diabetes_or_fatty_liver", "liver", N_("Diabetes or fatty liver"), LIVER,
         lambda f: _when((bool(f.get("diabetes")), "diabetes"), (bool(f.get("fatty_liver")), "fatty_liver"))),
    Rule("upper_gi.high_incidence_area", "upper_gi", N_("Living in an area where oesophageal or "
         "stomach cancer is common"), UGI, _flag("high_incidence_area")),
    Rule("upper_gi.precancerous", "upper_gi", N_("Told of a condition of the stomach or oesophagus "
         "that can lead to cancer"), UGI,
         lambda f: [c for c in UPPER_GI_CONDITIONS if c in set(f.get("upper_gi_conditions") or ())]),
    Rule("upper_gi.h_pylori", "upper_gi", N_("H. pylori infection"), UGI, _h_pylori),
    Rule("upper_gi.family", "upper_gi", N_("A parent, brother, sister or child had oesophageal or "
         "stomach cancer"), UGI, _family("oesophageal", "stomach")),
    Rule("upper_gi.lifestyle", "upper_gi", N_("Smoking, heavy drinking, or often eating scalding-hot, "
         "pickled or salty food"), UGI, _upper_gi_lifestyle),
    Rule("colorectal.fit_positive", "colorectal", N_("A positive faecal occult blood (FIT) test"), CRC,
         lambda f: _when((f.get("fit") == "positive", "fit_positive"))),
    Rule("colorectal.family", "colorectal", N_("A parent, brother, sister or child had bowel cancer"),
         CRC, _family("colorectal")),
    Rule("colorectal.history", "colorectal", N_("A past cancer, or polyps found in the bowel"), CRC,
         lambda f: _when((bool(f.get("previous_cancer")), "previous_cancer"),
                         (bool(f.get("colorectal_polyps")), "colorectal_polyps"))),
    Rule("colorectal.bowel_history", "colorectal", N_("Two or more of: long-lasting diarrhoea or "
         "constipation, mucus or blood in the stool, appendicitis, gallbladder disease, a major "
         "distressing life event"), CRC, _bowel_history),
)
RULES_BY_ID = {rule.id: rule for rule in RULES}
RULES_BY_CANCER = {cancer: tuple(r for r in RULES if r.cancer == cancer)
                   for cancer in dict.fromkeys(r.cancer for r in RULES)}
# (id, parts) of each cancer's rules: what rule_parts runs for every cancer of every row
_PARTS_BY_CANCER = {cancer: tuple((r.id, r.parts) for r in rules)
                    for cancer, rules in RULES_BY_CANCER.items()}

OPEN = 200  # no upper age
# Who each cancer's rules apply to (guidelines.md, "Ages" column): sex -> (lowest, highest age).
RULE_AGES = {
    "lung": {"male": (50, 74), "female": (50, 74)},
    "breast": {"female": (40, 74)},  # high risk from 40
    "liver": {"male": (40, OPEN), "female": (50, OPEN)},
    "upper_gi": {"male": (45, 74), "female": (45, 74)},
    "colorectal": {"male": (40, 74), "female": (40, 74)},  # 50-74, and 40-49 by risk
}
# The guideline's screening ages, within which a model risk at or above the threshold refers;
# outside them it is "talk to your family doctor" (guidelines.md, "Two different statements").
SCREENING_AGES = {
    "lung": {"male": (50, 74), "female": (50, 74)},
    "breast": {"female": (45, 69)},
    "liver": {"male": (40, OPEN), "female": (50, OPEN)},
    "upper_gi": {"male": (45, 74), "female": (45, 74)},
    "colorectal": {"male": (50, 74), "female": (50, 74)},
}


def _within(table: dict, cancer: str, sex: str, age: int) -> bool:
    ages = table[cancer].get(sex)
    return bool(ages) and ages[0] <= age <= ages[1]


def rules_apply(cancer: str, sex: str, age: int) -> bool:
    """Whether the cancer's high-risk rules cover a person of this sex and age."""
    return _within(RULE_AGES, cancer, sex, age)


def in_screening_ages(cancer: str, sex: str, age: int) -> bool:
    """Whether the guideline screens people of this sex and age for ``cancer``."""
    return _within(SCREENING_AGES, cancer, sex, age)


def rule_parts(cancer: str, sex: str, age: int, facts: dict) -> dict[str, list[str]]:
    """``{rule id: parts that apply}`` of the rules of ``cancer`` this person meets."""
    if not rules_apply(cancer, sex, age):
        return {}
    if facts.get("age") != age or facts.get("sex") != sex:  # assess passes them in already
        facts = dict(facts, age=age, sex=sex)
    fired = {}
    for rule_id, parts_of in _PARTS_BY_CANCER.get(cancer, ()):
        if parts := parts_of(facts):
            fired[rule_id] = parts
    return fired


def fired_rules(cancer: str, sex: str, age: int, facts: dict) -> list[str]:
    """Ids of the rules of ``cancer`` that this person meets."""
    return list(rule_parts(cancer, sex, age, facts))


@dataclass(frozen=True)
class Screening:
    """What a resident advised to screen is referred for."""

    tests: tuple[str, ...]
    interval_months: int  # the shortest interval it names (when the next assessment is due)
    interval: str  # code of vocabulary.INTERVAL_TEXTS: the guideline's interval in words


LIVER_SCREENING = Screening(("liver_ultrasound_afp",), 6, "every_6_months")
SCREENING = {
    "lung": Screening(("ldct",), 12, "every_year"),
    "liver": LIVER_SCREENING,
    "colorectal": Screening(("colonoscopy",), 60, "colonoscopy_5_to_10_years"),
}
OESOPHAGEAL = Screening(("upper_endoscopy",), 60, "every_5_years")
GASTRIC = Screening(("upper_endoscopy",), 12, "every_1_to_3_years")


def screening_for(cancer: str, age: int, by_rule: bool = True, parts: list[str] = ()) -> Screening:
    """The guideline's test and interval. ``by_rule``: a high-risk rule fired (breast: yearly;
    otherwise every 1-2 years); ``parts``: the upper-GI parts that applied (only oesophageal
    criteria give the oesophageal interval; a stomach criterion, or the model, the stomach one)."""
    if cancer == "breast":
        tests = ("breast_ultrasound",) if age < 45 else ("breast_ultrasound", "mammography")
        return Screening(tests, 12, "every_year" if by_rule else "every_1_to_2_years")
    if cancer == "upper_gi":
        return OESOPHAGEAL if parts and set(parts) <= OESOPHAGUS_ONLY_PARTS else GASTRIC
    return SCREENING[cancer]


def markers_above_limit(markers: list[dict]) -> list[dict]:
    """Tumour-marker results above the laboratory's upper limit, with the cancers they point at."""
    return [dict(m, cancers=list(MARKER_CANCERS.get(m["marker"], ())))
            for m in markers
            if m.get("upper_limit") is not None and m["value"] > m["upper_limit"]]


REASSESS_MONTHS = 36  # programme: initial assessment and work-up every 3 years


def next_assessment_months(intervals: list[int]) -> int:
    """Three years, or the shortest interval of a screening that is recommended."""
    return min([REASSESS_MONTHS, *intervals])
