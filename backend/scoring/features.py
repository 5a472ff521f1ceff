"""Answers → risk factors and facts: one pure function shared by the API and the batch command.

``answers_to_profile(answers, today)`` takes the cleaned answers of the ``cancer-risk``
questionnaire (``backend.questionnaires.answers.validate_answers``) and returns a ``Profile``:
the level of every reference factor of every cancer the person can have (level names exactly as
in ``models/reference/reference.json``; None = unknown, which the engine scores as the
prevalence-weighted mean) and the facts the guideline rules read. No Flask import.

Assumptions, with sources (also in ``questionnaires/README.md``):

* Grams of alcohol = volume x strength x 0.789 g/ml (density of ethanol): 1 liang (50 ml) of
  baijiu at 52% ≈ 20 g; a 500 ml bottle of beer at 4% ≈ 16 g; a 150 ml glass of wine at 12%
  ≈ 14 g; 1 liang (50 ml) of rice wine (huangjiu) at 15% ≈ 6 g. Typical strengths as in the
  Chinese Dietary Guidelines 2022 (Chinese Nutrition Society) alcohol examples.
* Heavy drinking = 50 g or more a day on average over the week (reference factor definition);
  long-term = heavy for 5 years or more (the drinking-history threshold of the Chinese
  alcoholic liver disease guideline, Chinese Society of Hepatology 2018: "usually over 5 years").
* Obesity = BMI 28 or more (Chinese cut-off, reference factor definition).
* Pickled food and processed meat = 4 days a week or more (reference definitions).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from backend.scoring.vocabulary import RED_FLAGS, TUMOUR_MARKERS

GRAMS_PER_UNIT = {"baijiu": 20.0, "beer": 16.0, "wine": 14.0, "rice_wine": 6.0}
HEAVY_GRAMS_PER_DAY = 50.0
LONG_TERM_DRINKING_YEARS = 5
OBESITY_BMI = 28.0
FIRST_DEGREE_CANCERS = ("lung", "breast", "ovarian", "liver", "oesophageal", "stomach",
                        "colorectal")
# The reference factor bowel_history_two_or_more counts these five; the guideline rule (and
# facts["bowel_history_items"]) also counts mucus_bloody_stool.
BOWEL_FACTOR_ITEMS = frozenset({"chronic_diarrhoea", "chronic_constipation", "appendicitis",
                                "cholecystitis", "life_event"})
BOWEL_HISTORY_ITEMS = BOWEL_FACTOR_ITEMS | {"mucus_bloody_stool"}
# Chinese education levels → PLCOm2012's 1–6 scale (1 less than high school, 2 high school
# graduate, 3 post-high-school training, 4 some college, 5 college graduate, 6 postgraduate).
EDUCATION_PLCOM2012 = {"primary_or_less": 1, "junior_secondary": 1, "senior_secondary": 2,
                       "junior_college": 4, "bachelor": 5, "postgraduate": 6}


@dataclass(frozen=True)
class Profile:
    """What the scoring engine and the guideline rules need to know about one person."""

    sex: str
    age: int
    factors: dict[str, dict[str, str | None]] = field(default_factory=dict)
    facts: dict = field(default_factory=dict)


def yes_no(value: bool | None) -> str | None:
    """True → "yes", False → "no", None → None (unknown)."""
    return None if value is None else ("yes" if value else "no")


def _chosen(answers: dict, link_id: str) -> set[str] | None:
    """A multiple-choice answer as a set without "none"; None if unanswered."""
    value = answers.get(link_id)
    return None if value is None else set(value) - {"none"}


def _has(answers: dict, link_id: str, code: str) -> bool | None:
    """Whether ``code`` is among the chosen (``_chosen``), without building the set."""
    value = answers.get(link_id)
    if value is None:
        return None
    return code != "none" and code in (value if isinstance(value, list) else set(value))


def _choice_is(answers: dict, link_id: str, *codes: str) -> bool | None:
    value = answers.get(link_id)
    return None if value is None else value in codes


def pack_years(cigarettes_per_day, years_smoked) -> float | None:
    """Cigarettes a day / 20 x years smoked (not rounded: the level cut-offs are exact)."""
    if cigarettes_per_day is None or years_smoked is None:
        return None
    return cigarettes_per_day / 20 * years_smoked


def smoking_level(status: str | None, packs: float | None, years_since_quit) -> str | None:
    """The lung reference level of ``smoking``; None when the answers do not decide it."""
    if status == "never":
        return "never"
    if status == "former" and years_since_quit is not None:
        return "former_quit_15y_or_more" if years_since_quit >= 15 else "former_quit_under_15y"
    if status == "current" and packs is not None:
        if packs >= 30:
            return "current_30_pack_years_or_more"
        return "current_20_to_29_pack_years" if packs >= 20 else "current_under_20_pack_years"
    return None


def bmi(height_cm, weight_kg) -> float | None:
    """Body mass index to one decimal, as reported in China; None without both answers."""
    if not height_cm or weight_kg is None:
        return None
    return round(weight_kg / (height_cm / 100) ** 2, 1)


def alcohol_grams_per_day(answers: dict) -> float | None:
    """Average grams of alcohol a day over a week; None for people who do not drink weekly."""
    if answers.get("alcohol_frequency") != "weekly_or_more":
        return None
    per_drinking_day = sum(GRAMS_PER_UNIT[kind] * (answers.get(f"{kind}_per_day") or 0)
                           for kind in answers.get("alcohol_types") or ())
    return per_drinking_day * (answers.get("drinking_days_per_week") or 0) / 7


def drinking_level(answers: dict) -> str | None:
    """Liver ``heavy_drinking``: none (never or less than weekly), moderate or heavy."""
    frequency = answers.get("alcohol_frequency")
    if frequency is None:
        return None
    if frequency != "weekly_or_more":
        return "none"
    return "heavy" if alcohol_grams_per_day(answers) >= HEAVY_GRAMS_PER_DAY else "moderate"


def _smoking_facts(answers: dict) -> dict:
    status = answers.get("smoking_status")
    smoked = status in ("former", "current")
    return {
        "smoking_status": status,
        "pack_years": pack_years(answers.get("cigarettes_per_day"),
                                 answers.get("smoking_years")) if smoked else None,
        "years_since_quit": answers.get("quit_years") if status == "former" else None,
        "passive_smoking_20y": status == "never" and answers.get("passive_smoking") == "yes",
    }


def _drinking_facts(answers: dict) -> dict:
    level = drinking_level(answers)
    return {
        "drinking_frequency": answers.get("alcohol_frequency"),
        "alcohol_grams_per_day": alcohol_grams_per_day(answers),
        "heavy_drinking": level == "heavy",
        "heavy_drinking_long_term": level == "heavy" and (
            answers.get("drinking_years") or 0) >= LONG_TERM_DRINKING_YEARS,
        "drinking_years": answers.get("drinking_years"),
    }


def _family_facts(answers: dict) -> dict:
    known = answers.get("family_cancer")
    cancers = set(answers.get("family_cancers") or ()) if known == "yes" else set()
    second = {"one": 1, "two_or_more": 2}.get(answers.get("second_degree_breast_ovarian"), 0)
    brca = {"yes": "yes", "no": "no"}.get(answers.get("brca"), "unknown")
    return {"family_history_known": known in ("yes", "no"),
            "first_degree": cancers & set(FIRST_DEGREE_CANCERS),
            "second_degree_breast_ovarian_before_50": second, "brca": brca}


def _status(test_answer, told_yes: bool, told_no: bool) -> str:
    """"yes" / "no" / "unknown" from a rapid test and what a doctor said; positive wins."""
    if test_answer == "positive" or told_yes:
        return "yes"
    return "no" if test_answer == "negative" or told_no else "unknown"


def _medical_facts(answers: dict) -> dict:
    conditions = _chosen(answers, "conditions") or set()
    bowel = _chosen(answers, "bowel_conditions") or set()
    hbsag, hp_test = answers.get("hbsag_test", "not_tested"), answers.get(
        "h_pylori_test", "not_tested")
    told_hbv, told_hp = answers.get("hepatitis_b"), answers.get("h_pylori")
    hbv = _status(hbsag, told_hbv == "yes", told_hbv == "no")
    stomach = _chosen(answers, "stomach_conditions")
    return {
        "copd": "copd" in conditions, "tuberculosis": "tuberculosis" in conditions,
        "hbv": hbv == "yes", "hbv_status": hbv,
        "hcv": "hepatitis_c" in conditions, "cirrhosis": "cirrhosis" in conditions,
        "fatty_liver": "fatty_liver" in conditions, "diabetes": "diabetes" in conditions,
        "upper_gi_precancerous": bool(stomach), "upper_gi_conditions": stomach or set(),
        "hbv_told": told_hbv == "yes", "h_pylori_told": told_hp == "yes",
        "h_pylori": _status(hp_test, told_hp == "yes", told_hp in ("no", "cleared")),
        "colorectal_polyps": "colorectal_polyps" in bowel,
        "chronic_colitis": "chronic_colitis" in bowel,
        "bowel_history_items": (_chosen(answers, "bowel_history") or set()) & BOWEL_HISTORY_ITEMS,
        "previous_cancer": answers.get("previous_cancer") == "yes",
        "fit": answers.get("fit_test", "not_tested"), "hbsag": hbsag, "h_pylori_test": hp_test,
    }


def _lifestyle_facts(answers: dict) -> dict:
    exposures = _chosen(answers, "work_exposure")
    return {
        "occupational_exposure": bool(exposures), "work_exposures": exposures or set(),
        "cooking_fumes": _choice_is(answers, "cooking_fumes", "quite_a_lot", "a_lot"),
        "physically_inactive": _choice_is(answers, "exercise", "no"),
        "pickled_food": answers.get("pickled_food") == "4_plus_days",
        "processed_meat": answers.get("processed_meat") == "4_plus_days",
        "hot_food": answers.get("hot_food") == "yes",
        "salty_diet": answers.get("salty_taste") == "salty",
        "bmi": bmi(answers.get("height_cm"), answers.get("weight_kg")),
    }


def _womens_facts(answers: dict) -> dict:
    status = answers.get("menopause_status")
    births = answers.get("live_births")
    hrt_type = answers.get("hrt_type") or "none"
    biopsy = answers.get("breast_biopsy") == "yes"
    atypia = {"yes": "yes", "no": "no"}.get(answers.get("atypical_hyperplasia"), "unknown")
    return {
        "menarche_age": answers.get("menarche_age"),
        "menopause_status": status,
        "menopause_age": None if status == "still_menstruating" else answers.get("menopause_age"),
        "menopausal": status in ("natural", "surgical"),
        "live_births": births,
        "first_birth_age": answers.get("first_birth_age") if births else None,
        "breastfeeding_months": 0 if births == 0 else answers.get("breastfeeding_months"),
        "benign_breast_biopsy": biopsy,
        "atypical_hyperplasia": atypia if biopsy else "no",
        "dense_breasts": answers.get("dense_breasts") == "yes",
        "hrt_type": hrt_type,
        "hrt_months": answers.get("hrt_months") or 0,
        "abortions": answers.get("abortions") or 0,
    }


def _red_flags(answers: dict, sex: str) -> list[str]:
    chosen = set(answers.get("current_symptoms") or ())
    if sex == "female" and answers.get("breast_symptoms") == "yes":
        chosen.add("breast_lump_or_change")
    return [code for code in RED_FLAGS if code in chosen]


# (code, value linkId, limit linkId, typical upper limit) of each marker
_MARKER_ITEMS = tuple((code, f"marker_{stem}_value", f"marker_{stem}_limit", typical)
                      for code, stem, typical in TUMOUR_MARKERS)


def _tumour_markers(answers: dict) -> list[dict]:
    markers = []
    for code, value_item, limit_item, typical in _MARKER_ITEMS:
        value = answers.get(value_item)
        if value is not None:
            limit = answers.get(limit_item)
            markers.append({"marker": code, "value": float(value),
                            "upper_limit": float(limit) if limit is not None else typical})
    return markers


def derive_facts(answers: dict, sex: str) -> dict:
    """The facts the guideline rules read (names fixed with the rules' author)."""
    facts = {**_smoking_facts(answers), **_drinking_facts(answers), **_family_facts(answers),
             **_medical_facts(answers), **_lifestyle_facts(answers), **_womens_facts(answers)}
    facts.update(red_flags=_red_flags(answers, sex), tumour_markers=_tumour_markers(answers),
                 education=answers.get("education"), centre_code=answers.get("centre"),
                 share_with_doctor=answers.get("share_with_doctor") == "yes")
    return facts


def _family_level(facts: dict, *cancers: str) -> str | None:
    if not facts["family_history_known"]:
        return None
    return yes_no(bool(facts["first_degree"] & set(cancers)))


def _lung(facts: dict, answers: dict) -> dict:
    status = facts["smoking_status"]
    passive = None if status is None else "no"
    if status == "never":
        passive = yes_no(_choice_is(answers, "passive_smoking", "yes"))
    return {
        "smoking": smoking_level(status, facts["pack_years"], facts["years_since_quit"]),
        "passive_smoking_20y": passive,
        "cooking_fumes": yes_no(facts["cooking_fumes"]),
        "copd": yes_no(_has(answers, "conditions", "copd")),
        "tuberculosis_history": yes_no(_has(answers, "conditions", "tuberculosis")),
        "occupational_exposure": yes_no(None if answers.get("work_exposure") is None
                                        else facts["occupational_exposure"]),
        "family_history_lung": _family_level(facts, "lung"),
    }


def _late_menopause(facts: dict, age: int) -> str | None:
    status = facts["menopause_status"]
    if status == "still_menstruating":
        return yes_no(age > 50)
    if status == "natural" and facts["menopause_age"] is not None:
        return yes_no(facts["menopause_age"] > 50)
    return "no" if status == "surgical" else None


def _first_birth(facts: dict) -> str | None:
    births = facts["live_births"]
    if births is None or (births > 0 and facts["first_birth_age"] is None):
        return None
    return yes_no(births == 0 or facts["first_birth_age"] >= 30)


def _breast(facts: dict, answers: dict, age: int) -> dict:
    menarche, months = facts["menarche_age"], facts["breastfeeding_months"]
    hrt = answers.get("hrt_type")
    return {
        "family_history_breast": _family_level(facts, "breast", "ovarian"),
        "early_menarche": None if menarche is None else yes_no(menarche <= 12),
        "late_menopause": _late_menopause(facts, age),
        "late_or_no_first_birth": _first_birth(facts),
        "no_breastfeeding": None if months is None else yes_no(months < 4),
        "benign_breast_biopsy": yes_no(_choice_is(answers, "breast_biopsy", "yes")),
        "combined_hrt": None if hrt is None else yes_no(
            hrt == "combined" and facts["hrt_months"] >= 6),
        "obesity": None if facts["bmi"] is None else yes_no(facts["bmi"] >= OBESITY_BMI),
    }


def _liver(facts: dict, answers: dict) -> dict:
    status = facts["smoking_status"]
    return {
        "hbv": None if facts["hbv_status"] == "unknown" else yes_no(facts["hbv"]),
        "hcv": yes_no(_has(answers, "conditions", "hepatitis_c")),
        "cirrhosis": yes_no(_has(answers, "conditions", "cirrhosis")),
        "heavy_drinking": drinking_level(answers),
        "diabetes": yes_no(_has(answers, "conditions", "diabetes")),
        "family_history_liver": _family_level(facts, "liver"),
        "current_smoking": None if status is None else yes_no(status == "current"),
    }


def _upper_gi(facts: dict, answers: dict) -> dict:
    drinking, status = drinking_level(answers), facts["smoking_status"]
    stomach = _chosen(answers, "stomach_conditions")
    return {
        "h_pylori": {"yes": "yes", "no": "no"}.get(facts["h_pylori"]),
        "precancerous_lesion": None if stomach is None else yes_no(bool(stomach)),
        "family_history_upper_gi": _family_level(facts, "oesophageal", "stomach"),
        "pickled_food": yes_no(_choice_is(answers, "pickled_food", "4_plus_days")),
        "hot_food": yes_no(_choice_is(answers, "hot_food", "yes")),
        "current_smoking": None if status is None else yes_no(status == "current"),
        "heavy_drinking": None if drinking is None else yes_no(drinking == "heavy"),
        "salty_diet": yes_no(_choice_is(answers, "salty_taste", "salty")),
    }


def _colorectal(facts: dict, answers: dict) -> dict:
    bowel, history = _chosen(answers, "bowel_conditions"), _chosen(answers, "bowel_history")
    frequency, status = answers.get("alcohol_frequency"), facts["smoking_status"]
    return {
        "family_history_colorectal": _family_level(facts, "colorectal"),
        "polyp_or_colitis_history": None if bowel is None else yes_no(bool(bowel)),
        "bowel_history_two_or_more": None if history is None else yes_no(
            len(history & BOWEL_FACTOR_ITEMS) >= 2),
        "obesity": None if facts["bmi"] is None else yes_no(facts["bmi"] >= OBESITY_BMI),
        "ever_smoking": None if status is None else yes_no(status != "never"),
        "weekly_drinking": None if frequency is None else yes_no(frequency == "weekly_or_more"),
        "processed_meat": yes_no(_choice_is(answers, "processed_meat", "4_plus_days")),
        "diabetes": yes_no(_has(answers, "conditions", "diabetes")),
        "physically_inactive": yes_no(facts["physically_inactive"]),
    }


def answers_to_profile(answers: dict, today: date) -> Profile:
    """The person's sex, age, factor levels per cancer and derived facts."""
    sex = answers["sex"]
    age = today.year - answers["birth_year"]
    facts = derive_facts(answers, sex)
    factors = {"lung": _lung(facts, answers)}
    if sex == "female":
        factors["breast"] = _breast(facts, answers, age)
    factors.update(liver=_liver(facts, answers), upper_gi=_upper_gi(facts, answers),
                   colorectal=_colorectal(facts, answers))
    return Profile(sex, age, factors, facts)
