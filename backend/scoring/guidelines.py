"""National high-risk rules, red flags, tumour markers and referrals (pure; no Flask).

The rules follow ``shared/reference/guidelines.md`` (national screening guidelines of the
National Cancer Center). They apply beside the models: a resident who meets any rule is high
risk for that cancer whatever the model says, and the result names the rule. Each rule reads
the derived facts of a ``Profile`` (``backend.scoring.features``), never raw answers, so that a
change of wording in the questionnaire cannot change a rule. Texts are English msgids; the API
layer translates them.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from backend.scoring.vocabulary import MARKER_CANCERS, N_, RED_FLAGS

FIRST_DEGREE_UPPER_GI = {"oesophageal", "stomach"}


@dataclass(frozen=True)
class Rule:
    """One high-risk criterion of a national guideline."""

    id: str
    cancer: str
    text: str  # English msgid, shown to the resident and the doctor
    source: str
    fires: Callable[[dict], bool]  # reads profile facts


@dataclass(frozen=True)
class Screening:
    """What a high-risk resident is referred for."""

    tests: tuple[str, ...]
    interval_months: int  # also when the next assessment is due
    interval_text: str  # English msgid, the guideline's interval in words


def _has(facts: dict, key: str) -> bool:
    return bool(facts.get(key))


def _heavy_smoker(f: dict) -> bool:
    """>= 30 pack-years, still smoking or quit less than 15 years ago."""
    if (f.get("pack_years") or 0) < 30:
        return False
    if f.get("smoking_status") == "current":
        return True
    return f.get("smoking_status") == "former" and (f.get("years_since_quit") or 0) < 15


def _breast_group_1(f: dict) -> bool:
    return bool({"breast", "ovarian"} & set(f.get("first_degree", ()))) \
        or (f.get("second_degree_breast_ovarian_before_50") or 0) >= 2 or f.get("brca") == "yes"


def _breast_group_2(f: dict) -> bool:
    return any((
        (f.get("menarche_age") or 99) <= 12,
        (f.get("menopause_age") or 0) >= 55,
        _has(f, "benign_breast_biopsy") or f.get("atypical_hyperplasia") == "yes",
        f.get("hrt_type") == "combined" and (f.get("hrt_months") or 0) >= 6,
        _has(f, "dense_breasts") and (f.get("age") or 0) > 45,
    ))


def _breast_group_3_count(f: dict) -> int:
    births = f.get("live_births")
    return sum((
        births is not None and (f.get("breastfeeding_months") or 0) < 4,
        births == 0 or (f.get("first_birth_age") or 0) >= 30,
        f.get("hrt_type") == "oestrogen_only" and (f.get("hrt_months") or 0) >= 6,
        (f.get("abortions") or 0) >= 2,
    ))


LUNG = "[V] NCC lung cancer screening guideline 2021, Chin J Oncol 2021;43:243"
BREAST = "NCC breast cancer screening guideline 2021, Chin J Oncol 2021;43:357 ([R] the three groups)"
LIVER = "NCC liver cancer screening guideline 2022, J Clin Hepatol 2022;38:1739 ([R] content)"
UGI = "[V] NCC oesophageal and gastric cancer screening guidelines 2022 (PMC10665203 table 2)"
CRC = "[V] colorectal high-risk factor questionnaire (Front Oncol 2022;12:893183); NCC 2020"

RULES: tuple[Rule, ...] = (
    Rule("lung.heavy_smoking", "lung", N_("Smoked 30 pack-years or more, and still smoke or quit less "
         "than 15 years ago"), LUNG, _heavy_smoker),
    Rule("lung.passive_smoking", "lung", N_("Lived or worked for 20 years or more with a heavy smoker"),
         LUNG, lambda f: _has(f, "passive_smoking_20y")),
    Rule("lung.copd", "lung", N_("Diagnosed with COPD, emphysema or chronic bronchitis"), LUNG,
         lambda f: _has(f, "copd")),
    Rule("lung.occupational", "lung", N_("A year or more of work with asbestos, radon, silica, coal "
         "smoke or similar"), LUNG, lambda f: _has(f, "occupational_exposure")),
    Rule("lung.family", "lung", N_("A parent, brother, sister or child had lung cancer"), LUNG,
         lambda f: "lung" in f.get("first_degree", ())),
    Rule("breast.family_or_gene", "breast", N_("Close family history of breast or ovarian cancer, or "
         "a BRCA1/2 gene mutation"), BREAST, _breast_group_1),
    Rule("breast.hormonal_history", "breast", N_("Early first period, late menopause, a past breast "
         "biopsy, combined HRT or dense breasts"), BREAST, _breast_group_2),
    Rule("breast.two_reproductive_factors", "breast", N_("Two or more of: little or no breastfeeding, "
         "no birth or a first birth at 30 or later, oestrogen-only HRT, two or more miscarriages "
         "or abortions"), BREAST, lambda f: _breast_group_3_count(f) >= 2),
    Rule("liver.hepatitis", "liver", N_("Hepatitis B (HBsAg positive) or hepatitis C infection"), LIVER,
         lambda f: _has(f, "hbv") or _has(f, "hcv") or f.get("hbsag") == "positive"),
    Rule("liver.cirrhosis", "liver", N_("Liver cirrhosis"), LIVER, lambda f: _has(f, "cirrhosis")),
    Rule("liver.family", "liver", N_("A parent, brother, sister or child had liver cancer"), LIVER,
         lambda f: "liver" in f.get("first_degree", ())),
    Rule("liver.heavy_drinking", "liver", N_("Heavy drinking over many years"), LIVER,
         lambda f: _has(f, "heavy_drinking_long_term")),
    Rule("liver.diabetes_or_fatty_liver", "liver", N_("Diabetes or fatty liver"), LIVER,
         lambda f: _has(f, "diabetes") or _has(f, "fatty_liver")),
    Rule("upper_gi.high_incidence_area", "upper_gi", N_("Living in an area where oesophageal or "
         "stomach cancer is common"), UGI, lambda f: _has(f, "high_incidence_area")),
    Rule("upper_gi.precancerous", "upper_gi", N_("Told of a condition of the stomach or oesophagus "
         "that can lead to cancer"), UGI, lambda f: _has(f, "upper_gi_precancerous")),
    Rule("upper_gi.h_pylori", "upper_gi", N_("H. pylori infection"), UGI,
         lambda f: f.get("h_pylori") == "yes" or f.get("h_pylori_test") == "positive"),
    Rule("upper_gi.family", "upper_gi", N_("A parent, brother, sister or child had oesophageal or "
         "stomach cancer"), UGI, lambda f: bool(FIRST_DEGREE_UPPER_GI & set(f.get("first_degree", ())))),
    Rule("upper_gi.lifestyle", "upper_gi", N_("Smoking, heavy drinking, or often eating scalding-hot, "
         "pickled or salty food"), UGI,
         lambda f: f.get("smoking_status") == "current" or _has(f, "heavy_drinking_long_term")
         or _has(f, "hot_food") or _has(f, "pickled_food") or _has(f, "salty_diet")),
    Rule("colorectal.fit_positive", "colorectal", N_("A positive faecal occult blood (FIT) test"), CRC,
         lambda f: f.get("fit") == "positive"),
    Rule("colorectal.family", "colorectal", N_("A parent, brother, sister or child had bowel cancer"),
         CRC, lambda f: "colorectal" in f.get("first_degree", ())),
    Rule("colorectal.history", "colorectal", N_("A past cancer, or polyps found in the bowel"), CRC,
         lambda f: _has(f, "previous_cancer") or _has(f, "colorectal_polyps")),
    Rule("colorectal.bowel_history", "colorectal", N_("Two or more of: long-lasting diarrhoea or "
         "constipation, mucus or blood in the stool, appendicitis, gallbladder disease, a major "
         "distressing life event"), CRC, lambda f: len(f.get("bowel_history_items", ())) >= 2),
)
RULES_BY_ID = {rule.id: rule for rule in RULES}

# Who each cancer's rules apply to (guidelines.md, "Ages" column): (sex, lowest, highest age).
RULE_AGES = {
    "lung": {"male": (50, 74), "female": (50, 74)},
    "breast": {"female": (40, 74)},
    "liver": {"male": (40, 120), "female": (50, 120)},
    "upper_gi": {"male": (45, 74), "female": (45, 74)},
    "colorectal": {"male": (40, 74), "female": (40, 74)},
}


def rules_apply(cancer: str, sex: str, age: int) -> bool:
    """Whether the cancer's high-risk rules cover a person of this sex and age."""
    ages = RULE_AGES[cancer].get(sex)
    return bool(ages) and ages[0] <= age <= ages[1]


def fired_rules(cancer: str, sex: str, age: int, facts: dict) -> list[str]:
    """Ids of the rules of ``cancer`` that this person meets."""
    if not rules_apply(cancer, sex, age):
        return []
    facts = dict(facts, age=age)
    return [rule.id for rule in RULES if rule.cancer == cancer and rule.fires(facts)]


def screening_for(cancer: str, age: int) -> Screening:
    """The guideline's test and interval for a high-risk resident."""
    if cancer == "breast":
        tests = ("breast_ultrasound",) if age < 45 else ("breast_ultrasound", "mammography")
        return Screening(tests, 12, N_("Every 1 to 2 years"))
    return SCREENING[cancer]


SCREENING = {
    "lung": Screening(("ldct",), 12, N_("Every year")),
    "liver": Screening(("liver_ultrasound_afp",), 6, N_("Every 6 months")),
    "upper_gi": Screening(("upper_endoscopy",), 12, N_("As the endoscopy doctor advises from what "
                          "they find: usually every 1 to 3 years")),
    "colorectal": Screening(("colonoscopy",), 12, N_("After a normal colonoscopy, again in 5 to 10 "
                            "years; a FIT stool test every year in between")),
}


def markers_above_limit(markers: list[dict]) -> list[dict]:
    """Tumour-marker results above the laboratory's upper limit, with the cancers they point at."""
    return [dict(m, cancers=list(MARKER_CANCERS.get(m["marker"], ())))
            for m in markers
            if m.get("upper_limit") is not None and m["value"] > m["upper_limit"]]


REASSESS_MONTHS = 36  # programme: initial assessment and work-up every 3 years


def next_assessment_months(high_risk_cancers: list[str], age: int) -> int:
    """Three years, or the shortest screening interval of a high-risk cancer."""
    intervals = [screening_for(c, age).interval_months for c in high_risk_cancers]
    return min([REASSESS_MONTHS, *intervals])
