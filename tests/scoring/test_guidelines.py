"""National high-risk rules, red flags, markers, referrals and the whole result (pure)."""
from datetime import date

import pytest

from backend.scoring.engine import Engine
from backend.scoring.assess import add_months, assess
from backend.scoring.features import Profile
from backend.scoring.guidelines import (
    RULES, fired_rules, markers_above_limit, next_assessment_months, screening_for)


@pytest.mark.parametrize("facts, age, fired", [
    ({"smoking_status": "current", "pack_years": 30}, 55, True),
    ({"smoking_status": "current", "pack_years": 29.9}, 55, False),
    ({"smoking_status": "former", "pack_years": 40, "years_since_quit": 14}, 60, True),
    ({"smoking_status": "former", "pack_years": 40, "years_since_quit": 15}, 60, False),
    ({"smoking_status": "current", "pack_years": 45}, 49, False),  # lung rules start at 50
    ({"smoking_status": "current", "pack_years": 45}, 74, True),
])
def test_lung_heavy_smoking_rule(facts, age, fired):
    assert ("lung.heavy_smoking" in fired_rules("lung", "male", age, facts)) is fired


def test_breast_groups():
    assert fired_rules("breast", "female", 45, {"first_degree": {"ovarian"}}) == ["breast.family_or_gene"]
    assert fired_rules("breast", "female", 45, {"second_degree_breast_ovarian_before_50": 2}) == ["breast.family_or_gene"]
    assert fired_rules("breast", "female", 50, {"menarche_age": 12}) == ["breast.hormonal_history"]
    assert fired_rules("breast", "female", 44, {"dense_breasts": True}) == []  # dense breasts after 45
    # group 3 needs two: no birth counts for "no birth or late first birth" and for breastfeeding
    assert fired_rules("breast", "female", 50, {"live_births": 0}) == ["breast.two_reproductive_factors"]
    assert fired_rules("breast", "female", 50, {"live_births": 2, "first_birth_age": 31,
                                                 "breastfeeding_months": 12}) == []
    assert fired_rules("breast", "male", 50, {"first_degree": {"breast"}}) == []


def test_liver_rule_ages_differ_by_sex():
    facts = {"hbv_told": True}
    assert fired_rules("liver", "male", 40, facts) == ["liver.hepatitis"]
    assert fired_rules("liver", "female", 49, facts) == []
    assert fired_rules("liver", "female", 50, facts) == ["liver.hepatitis"]
    assert fired_rules("liver", "male", 45, {"hbsag": "positive"}) == ["liver.hepatitis"]


def test_upper_gi_and_colorectal_rules():
    assert fired_rules("upper_gi", "male", 45, {"high_incidence_area": True}) == ["upper_gi.high_incidence_area"]
    assert fired_rules("upper_gi", "male", 44, {"h_pylori": "yes"}) == []
    assert fired_rules("colorectal", "female", 41, {"fit": "positive"}) == ["colorectal.fit_positive"]
    items = {"chronic_diarrhoea", "mucus_bloody_stool"}
    assert fired_rules("colorectal", "male", 55, {"bowel_history_items": items}) == ["colorectal.bowel_history"]
    assert fired_rules("colorectal", "male", 55, {"bowel_history_items": {"appendicitis"}}) == []


def test_every_rule_has_a_source_and_text():
    assert len({r.id for r in RULES}) == len(RULES)
    assert all(r.text and r.source for r in RULES)


def test_referrals_follow_the_guideline():
    assert screening_for("breast", 44).tests == ("breast_ultrasound",)
    assert screening_for("breast", 45).tests == ("breast_ultrasound", "mammography")
    assert screening_for("breast", 50).interval == "every_year"  # high risk: yearly
    assert screening_for("breast", 50, by_rule=False).interval == "every_1_to_2_years"
    assert screening_for("liver", 60).interval_months == 6
    assert screening_for("upper_gi", 60, parts=["hot_food"]).interval == "every_5_years"
    assert screening_for("upper_gi", 60, parts=["hot_food", "salty_diet"]).interval == "every_1_to_3_years"
    assert screening_for("colorectal", 60).tests == ("colonoscopy",)  # FIT is the alternative
    assert next_assessment_months([]) == 36
    assert next_assessment_months([12, 6]) == 6


def test_markers_above_the_lab_limit_only():
    markers = [{"marker": "AFP", "value": 25.0, "upper_limit": 20.0},
               {"marker": "CEA", "value": 5.0, "upper_limit": 5.0},
               {"marker": "HGH", "value": 9.0, "upper_limit": None}]
    assert markers_above_limit(markers) == [{"marker": "AFP", "value": 25.0, "upper_limit": 20.0,
                                             "cancers": ["liver"]}]


def test_add_months_clamps_to_month_end():
    assert add_months(date(2026, 8, 31), 6) == date(2027, 2, 28)
    assert add_months(date(2026, 11, 23), 36) == date(2029, 11, 23)


def profile(sex="male", age=60, factors=None, **facts):
    return Profile(sex=sex, age=age, factors=factors or {}, facts=facts)


def test_result_for_a_heavy_smoker_names_rule_reasons_and_what_quitting_does():
    factors = {"lung": {"smoking": "current_30_pack_years_or_more", "copd": "no"},
               "liver": {}, "upper_gi": {}, "colorectal": {}}
    result = assess(profile(factors=factors, smoking_status="current", pack_years=40),
                    Engine.from_directory(), date(2026, 11, 23))
    lung = result["cancers"][0]
    assert lung["cancer"] == "lung" and lung["status"] == "recommended"
    assert lung["rules"] == ["lung.heavy_smoking"] and lung["referral"]["tests"] == ["ldct"]
    assert lung["raised_by"][0] == {"factor": "smoking", "level": "current_30_pack_years_or_more",
                                    "effect": pytest.approx(4.55, abs=0.05)}
    quit = lung["what_if"][0]
    assert quit["to"] == "former_quit_under_15y" and quit["risk"] < lung["risk"]
    intervals = [c["referral"]["interval_months"] for c in result["cancers"] if c["referral"]]
    months = result["next_assessment_months"]
    assert months == next_assessment_months(intervals) and months <= 12
    assert result["next_assessment_due"] == add_months(date(2026, 11, 23), months).isoformat()
    assert {c["cancer"] for c in result["cancers"]} == {"lung", "liver", "upper_gi", "colorectal"}


def test_a_model_risk_above_the_threshold_alone_recommends_screening_within_the_ages():
    factors = {"liver": {"hbv": "no", "cirrhosis": "yes", "hcv": "no", "diabetes": "no",
                         "family_history_liver": "no", "heavy_drinking": "none",
                         "current_smoking": "no"}}
    result = assess(profile(age=65, factors=factors), Engine.from_directory(), date(2026, 1, 1))
    liver = next(c for c in result["cancers"] if c["cancer"] == "liver")
    assert liver["rules"] == [] and liver["above_threshold"] and liver["status"] == "recommended"
    assert [r["code"] for r in liver["reasons"]] == ["model_above_threshold"]


def test_red_flags_are_ordered_and_remove_the_come_back_date():
    result = assess(profile(red_flags=["weight_loss", "coughing_blood"]), Engine.from_directory(),
                    date(2026, 1, 1))
    assert result["red_flags"] == ["coughing_blood", "weight_loss"]
    assert result["see_doctor_now"] and result["next_assessment_due"] is None
