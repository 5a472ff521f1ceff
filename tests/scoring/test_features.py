"""Answers → risk factors: every level of the reference reachable, edges exact, never invalid."""
import json
from datetime import date

import pytest
from flask import Flask
from flask_babel import Babel
from hypothesis import given, settings
from hypothesis import strategies as st

from backend.questionnaires.answers import validate_answers
from backend.questionnaires.definition import get_questionnaire
from backend.scoring.features import (answers_to_profile, bmi, pack_years,
                                      smoking_level)
from backend.scoring.reference import REFERENCE_PATH

TODAY = date(2026, 5, 1)
DEFINITION = get_questionnaire("cancer-risk", 1)
REFERENCE = json.loads(REFERENCE_PATH.read_text(encoding="utf-8"))["cancers"]
VOCABULARY = [(cancer, factor["id"], level["level"])
              for cancer, spec in REFERENCE.items() for factor in spec["factors"]
              for level in factor["levels"]]

# A woman of 56 with no risk factor at all: every factor at its reference level.
BASE = {
    "sex": "female", "birth_year": 1970, "height_cm": 160, "weight_kg": 55, "centre": "C001",
    "education": "bachelor", "smoking_status": "never", "passive_smoking": "no",
    "alcohol_frequency": "never", "vegetables": "daily", "fruit": "daily",
    "pickled_food": "rarely", "processed_meat": "rarely", "fried_food": "rarely",
    "salty_taste": "light", "hot_food": "no", "cooking_fumes": "none", "exercise": "yes",
    "work_exposure": ["none"], "conditions": ["none"], "hepatitis_b": "no", "h_pylori": "no",
    "stomach_conditions": ["none"], "bowel_conditions": ["none"], "bowel_history": ["none"],
    "previous_cancer": "no", "family_cancer": "no", "second_degree_breast_ovarian": "none",
    "brca": "no", "menarche_age": 14, "menopause_status": "natural", "menopause_age": 49,
    "live_births": 2, "first_birth_age": 25, "breastfeeding_months": 12, "abortions": 0,
    "breast_biopsy": "no", "dense_breasts": "no", "hrt_type": "none",
    "current_symptoms": ["none"], "breast_symptoms": "no", "hbsag_test": "negative",
    "fit_test": "negative", "h_pylori_test": "negative", "tumour_markers_done": "no",
    "share_with_doctor": "no",
}
CURRENT = {"smoking_status": "current", "smoking_start_age": 20, "cigarettes_per_day": 10,
           "smoking_years": 20}
WEEKLY = {"alcohol_frequency": "weekly_or_more", "drinking_days_per_week": 7,
          "alcohol_types": ["beer"], "beer_per_day": 1, "drinking_years": 10}
HEAVY = {**WEEKLY, "alcohol_types": ["baijiu"], "baijiu_per_day": 3, "beer_per_day": None}

# The answers (over BASE) that reach each exposed level; reference levels come from BASE.
REACH = {
    ("smoking", "former_quit_15y_or_more"): {**CURRENT, "smoking_status": "former",
                                             "quit_years": 15},
    ("smoking", "former_quit_under_15y"): {**CURRENT, "smoking_status": "former",
                                           "quit_years": 14},
    ("smoking", "current_under_20_pack_years"): CURRENT,
    ("smoking", "current_20_to_29_pack_years"): {**CURRENT, "cigarettes_per_day": 20},
    ("smoking", "current_30_pack_years_or_more"): {**CURRENT, "cigarettes_per_day": 30},
    ("passive_smoking_20y", "yes"): {"passive_smoking": "yes"},
    ("cooking_fumes", "yes"): {"cooking_fumes": "quite_a_lot"},
    ("copd", "yes"): {"conditions": ["copd"]},
    ("tuberculosis_history", "yes"): {"conditions": ["tuberculosis"]},
    ("occupational_exposure", "yes"): {"work_exposure": ["silica"]},
    ("family_history_lung", "yes"): {"family_cancer": "yes", "family_cancers": ["lung"]},
    ("family_history_breast", "yes"): {"family_cancer": "yes", "family_cancers": ["ovarian"]},
    ("early_menarche", "yes"): {"menarche_age": 12},
    ("late_menopause", "yes"): {"menopause_age": 51},
    ("late_or_no_first_birth", "yes"): {"first_birth_age": 30},
    ("no_breastfeeding", "yes"): {"breastfeeding_months": 3},
    ("benign_breast_biopsy", "yes"): {"breast_biopsy": "yes", "atypical_hyperplasia": "no"},
    ("combined_hrt", "yes"): {"hrt_type": "combined", "hrt_months": 6},
    ("obesity", "yes"): {"weight_kg": 72},
    ("hbv", "yes"): {"hbsag_test": "positive"},
    ("hcv", "yes"): {"conditions": ["hepatitis_c"]},
    ("cirrhosis", "yes"): {"conditions": ["cirrhosis"]},
    ("liver", "heavy_drinking", "moderate"): WEEKLY,
    ("liver", "heavy_drinking", "heavy"): HEAVY,
    ("upper_gi", "heavy_drinking", "yes"): HEAVY,
    ("diabetes", "yes"): {"conditions": ["diabetes"]},
    ("family_history_liver", "yes"): {"family_cancer": "yes", "family_cancers": ["liver"]},
    ("current_smoking", "yes"): CURRENT,
    ("h_pylori", "yes"): {"h_pylori": "yes", "h_pylori_test": "not_tested"},
    ("precancerous_lesion", "yes"): {"stomach_conditions": ["remnant_stomach"]},
    ("family_history_upper_gi", "yes"): {"family_cancer": "yes", "family_cancers": ["stomach"]},
    ("pickled_food", "yes"): {"pickled_food": "4_plus_days"},
    ("hot_food", "yes"): {"hot_food": "yes"},
    ("salty_diet", "yes"): {"salty_taste": "salty"},
    ("family_history_colorectal", "yes"): {"family_cancer": "yes",
                                           "family_cancers": ["colorectal"]},
    ("polyp_or_colitis_history", "yes"): {"bowel_conditions": ["chronic_colitis"]},
    ("bowel_history_two_or_more", "yes"): {"bowel_history": ["appendicitis", "life_event"]},
    ("ever_smoking", "yes"): {**CURRENT, "smoking_status": "former", "quit_years": 30},
    ("weekly_drinking", "yes"): WEEKLY,
    ("processed_meat", "yes"): {"processed_meat": "4_plus_days"},
    ("physically_inactive", "yes"): {"exercise": "no"},
}


def profile_of(answers: dict):
    """Validate (so that every answer set here is one the API would accept), then map."""
    app = Flask(__name__)
    Babel(app)
    with app.app_context():
        cleaned = validate_answers(DEFINITION, answers, centre_codes={"C001"}, today=TODAY)
    return answers_to_profile(cleaned, TODAY)


def reach(cancer, factor, level):
    if (cancer, factor, level) in REACH:
        return REACH[(cancer, factor, level)]
    if (factor, level) in REACH:
        return REACH[(factor, level)]
    return {}  # the reference level: BASE


@pytest.mark.parametrize("cancer, factor, level", VOCABULARY,
                         ids=["/".join(v) for v in VOCABULARY])
def test_every_factor_level_is_reachable(cancer, factor, level):
    answers = {key: value for key, value in {**BASE, **reach(cancer, factor, level)}.items()
               if value is not None}
    assert profile_of(answers).factors[cancer][factor] == level


def test_base_answers_give_reference_levels_only_through_base():
    factors = profile_of(BASE).factors
    for cancer, factor, level in VOCABULARY:
        if reach(cancer, factor, level) == {}:
            assert factors[cancer][factor] == level


def test_factor_ids_match_the_reference_per_cancer_and_sex():
    woman = profile_of(BASE)
    man = profile_of({**BASE, "sex": "male"})
    expected = {c: [f["id"] for f in spec["factors"]] for c, spec in REFERENCE.items()}
    assert {c: list(f) for c, f in woman.factors.items()} == expected
    assert "breast" not in man.factors
    assert (woman.sex, woman.age) == ("female", 56)


@pytest.mark.parametrize("answers, level", [
    ({"family_cancer": "dont_know"}, None),
    ({"hepatitis_b": "dont_know", "hbsag_test": "not_tested"}, None),
    ({"hepatitis_b": "dont_know", "hbsag_test": "negative"}, "no"),
    ({"hepatitis_b": "yes", "hbsag_test": "negative"}, "yes"),
])
def test_unknown_answers_stay_unknown(answers, level):
    profile = profile_of({**BASE, **answers})
    key = ("liver", "hbv") if "hepatitis_b" in answers else ("liver", "family_history_liver")
    assert profile.factors[key[0]][key[1]] == level


def test_h_pylori_unknown_when_never_tested_and_not_told():
    profile = profile_of({**BASE, "h_pylori": "dont_know", "h_pylori_test": "not_tested"})
    assert profile.factors["upper_gi"]["h_pylori"] is None
    assert profile.facts["h_pylori"] == "unknown"


@pytest.mark.parametrize("per_day, years, expected, level", [
    (20, 19, 19.0, "current_under_20_pack_years"),
    (20, 20, 20.0, "current_20_to_29_pack_years"),
    (29, 20, 29.0, "current_20_to_29_pack_years"),
    (15, 39, 29.25, "current_20_to_29_pack_years"),
    (30, 20, 30.0, "current_30_pack_years_or_more"),
    (1, 1, 0.05, "current_under_20_pack_years"),
])
def test_pack_year_edges(per_day, years, expected, level):
    assert pack_years(per_day, years) == pytest.approx(expected)
    assert smoking_level("current", pack_years(per_day, years), None) == level


def test_quit_years_edge_and_missing_answers():
    assert smoking_level("former", 5.0, 15) == "former_quit_15y_or_more"
    assert smoking_level("former", 5.0, 14) == "former_quit_under_15y"
    assert smoking_level("current", None, None) is None
    assert smoking_level(None, None, None) is None


@pytest.mark.parametrize("height, weight, value", [
    (160, 71.6, 28.0), (160, 71.5, 27.9), (170, 72.5, 25.1), (None, 60, None), (170, None, None)])
def test_bmi_edges(height, weight, value):
    assert bmi(height, weight) == value


def test_obesity_uses_the_rounded_bmi():
    assert profile_of({**BASE, "weight_kg": 71.6}).factors["colorectal"]["obesity"] == "yes"
    assert profile_of({**BASE, "weight_kg": 71.5}).factors["colorectal"]["obesity"] == "no"


def test_heavy_drinking_threshold_is_50_grams_a_day():
    # 20 g per liang of baijiu: 2.5 liang every day = 50 g/day
    at = profile_of({**BASE, **HEAVY, "baijiu_per_day": 2.5})
    below = profile_of({**BASE, **HEAVY, "baijiu_per_day": 2.5, "drinking_days_per_week": 6})
    assert at.facts["alcohol_grams_per_day"] == pytest.approx(50.0)
    assert at.factors["liver"]["heavy_drinking"] == "heavy"
    assert below.factors["liver"]["heavy_drinking"] == "moderate"
    assert at.facts["heavy_drinking_long_term"] is True
    short = profile_of({**BASE, **HEAVY, "drinking_years": 4})
    assert short.facts["heavy_drinking_long_term"] is False


def test_facts_for_the_guideline_rules():
    profile = profile_of({
        **BASE, "sex": "male", **CURRENT, "cigarettes_per_day": 30, "smoking_years": 25,
        "family_cancer": "yes", "family_cancers": ["lung", "other"],
        "bowel_history": ["mucus_bloody_stool", "chronic_constipation"],
        "current_symptoms": ["weight_loss", "coughing_blood"], "breast_symptoms": "yes",
        "tumour_markers_done": "yes", "marker_afp_value": 25, "marker_cea_value": 3,
        "marker_cea_limit": 3.4, "marker_ca242_value": 12, "share_with_doctor": "yes",
        "contact_name": "王", "contact_phone": "13800138000"})
    facts = profile.facts
    assert facts["pack_years"] == 37.5 and facts["smoking_status"] == "current"
    assert facts["first_degree"] == {"lung"}
    assert facts["bowel_history_items"] == {"mucus_bloody_stool", "chronic_constipation"}
    assert profile.factors["colorectal"]["bowel_history_two_or_more"] == "no"
    assert facts["red_flags"] == ["coughing_blood", "weight_loss"]
    assert facts["tumour_markers"] == [
        {"marker": "AFP", "value": 25.0, "upper_limit": 20.0},
        {"marker": "CEA", "value": 3.0, "upper_limit": 3.4},
        {"marker": "CA242", "value": 12.0, "upper_limit": None}]
    assert facts["share_with_doctor"] is True and facts["centre_code"] == "C001"
    assert facts["menopausal"] is False and facts["hrt_type"] == "none"
    assert not {"contact_name", "contact_phone"} & set(facts)


def test_womens_facts():
    facts = profile_of({**BASE, "menopause_status": "still_menstruating", "live_births": 0,
                        "hrt_type": "oestrogen_only", "hrt_months": 8, "abortions": 2,
                        "breast_biopsy": "yes", "atypical_hyperplasia": "dont_know",
                        "breast_symptoms": "yes"}).facts
    assert facts["menopause_age"] is None and facts["menopausal"] is False
    assert facts["first_birth_age"] is None and facts["breastfeeding_months"] == 0
    assert (facts["hrt_type"], facts["hrt_months"], facts["abortions"]) == (
        "oestrogen_only", 8, 2)
    assert facts["atypical_hyperplasia"] == "unknown" and facts["benign_breast_biopsy"]
    assert facts["red_flags"] == ["breast_lump_or_change"]


# --- random valid answer sets, drawn from the definition itself -------------------------

ALLOWED = {(cancer, factor["id"]): {level["level"] for level in factor["levels"]}
           for cancer, spec in REFERENCE.items() for factor in spec["factors"]}


def choice_value(item):
    options = item.get("answerOption", [{"code": "C001"}])
    if not item.get("repeats"):
        return st.sampled_from([o["code"] for o in options])
    exclusive = [o["code"] for o in options if o.get("exclusive")]
    others = [o["code"] for o in options if not o.get("exclusive")]
    subsets = st.lists(st.sampled_from(others), min_size=1, unique=True)
    return st.one_of(subsets, *[st.just([code]) for code in exclusive])


def item_value(item, age):
    kind, low, high = item["type"], item.get("minValue"), item.get("maxValue")
    if item.get("notAfterAge"):
        high = min(high, age)
    if kind in ("integer", "decimal") and low > high:
        return None
    if kind == "integer":
        return st.integers(int(low), int(high))
    if kind == "decimal":
        return st.floats(low, high, allow_nan=False).map(lambda x: round(x, 1)).filter(
            lambda x: low <= x <= high)
    if kind == "choice":
        return choice_value(item)
    if kind == "string":
        return st.text(st.characters(whitelist_categories=["Lo", "Lu"]), min_size=1, max_size=20)
    if kind == "tel":
        return st.from_regex(r"1[0-9]{10}", fullmatch=True)
    raise AssertionError(kind)


@st.composite
def answer_sets(draw):
    birth_year = draw(st.integers(TODAY.year - 74, TODAY.year - 18))
    age, answers = TODAY.year - birth_year, {"birth_year": birth_year}
    for item in DEFINITION.items:
        if item["type"] in ("group", "display", "birth_year"):
            continue
        strategy = item_value(item, age)
        if strategy is None or (not item.get("required") and draw(st.booleans())):
            continue
        answers[item["linkId"]] = draw(strategy)
    return answers


@settings(max_examples=150, deadline=None)
@given(answer_sets())
def test_random_valid_answer_sets_always_map_to_valid_levels(answers):
    profile = profile_of(answers)
    assert set(profile.factors) == {c for c, spec in REFERENCE.items()
                                    if profile.sex in spec["sexes"]}
    for cancer, factors in profile.factors.items():
        for factor, level in factors.items():
            assert level is None or level in ALLOWED[(cancer, factor)], (cancer, factor, level)
        assert set(factors) == {f for c, f in ALLOWED if c == cancer}
    assert profile.factors["lung"]["smoking"] is not None  # required answers decide it


@pytest.mark.parametrize("answers, level", [
    ({"menopause_status": "still_menstruating"}, "yes"),  # 56 and still menstruating
    ({"menopause_status": "still_menstruating", "birth_year": 1980}, "no"),
    ({"menopause_status": "surgical", "menopause_age": 53}, "no"),
    ({"menopause_status": "natural", "menopause_age": 50}, "no"),
    ({"menopause_status": "natural", "menopause_age": None}, None),
])
def test_late_menopause(answers, level):
    merged = {k: v for k, v in {**BASE, **answers}.items() if v is not None}
    assert profile_of(merged).factors["breast"]["late_menopause"] == level
