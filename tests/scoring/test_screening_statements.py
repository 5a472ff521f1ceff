"""The two statements per cancer and the referrals, clause by clause from guidelines.md (pure).

Each test names the clause of ``shared/reference/guidelines.md`` it checks. Residents are given
as derived facts (``Profile``), exactly what the rules read.
"""
from datetime import date

import pytest

from backend.scoring.assess import add_months, assess, compare
from backend.scoring.engine import Engine
from backend.scoring.features import Profile

ENGINE = Engine.from_directory()
TODAY = date(2026, 12, 1)


def result_of(sex="male", age=60, factors=None, **facts):
    return assess(Profile(sex=sex, age=age, factors=factors or {}, facts=facts), ENGINE, TODAY)


def cancer_of(result, cancer):
    return next(c for c in result["cancers"] if c["cancer"] == cancer)


def codes(item):
    return [r["code"] for r in item["reasons"]]


def test_comparison_categories_follow_the_ratio_cut_points():
    assert [compare(r, 1.0) for r in (0.3, 0.5, 0.89, 0.9, 1.0, 1.1, 1.11, 1.99, 2.0, 5)] == [
        "much_lower", "lower", "lower", "about_average", "about_average", "about_average",
        "higher", "higher", "much_higher", "much_higher"]


@pytest.mark.parametrize("age", [18, 30, 39, 75])
def test_no_comparison_outside_40_to_74(age):
    for item in result_of(age=min(age, 74) if age == 75 else age)["cancers"]:
        if age < 40:
            assert item["comparison"] is None and item["risk"] is None


def test_lung_occupational_rule_lists_only_the_guidelines_agents():
    # Lung row: asbestos, radon, beryllium, chromium, cadmium, nickel, silica, coal smoke, soot.
    assert cancer_of(result_of(work_exposures={"uranium", "diesel_exhaust"}), "lung")["rules"] == []
    lung = cancer_of(result_of(work_exposures={"asbestos", "diesel_exhaust"}), "lung")
    assert lung["rules"] == ["lung.occupational"] and codes(lung)[0] == "work_asbestos"


def test_breast_late_menopause_includes_a_woman_still_menstruating_at_55():
    # Breast group 2: menopause >= 55.
    still = {"menopause_status": "still_menstruating"}
    assert "breast.hormonal_history" in cancer_of(result_of("female", 55, **still), "breast")["rules"]
    assert "breast.hormonal_history" not in cancer_of(result_of("female", 54, **still), "breast")["rules"]
    assert "breast.hormonal_history" in cancer_of(
        result_of("female", 60, menopause_status="natural", menopause_age=55), "breast")["rules"]


def test_breast_interval_yearly_for_high_risk_and_tests_by_age():
    breast = cancer_of(result_of("female", 42, first_degree={"breast"}), "breast")
    assert breast["referral"]["tests"] == ["breast_ultrasound"]  # 40-44: ultrasound
    assert breast["referral"]["interval"] == "every_year"
    breast = cancer_of(result_of("female", 50, first_degree={"breast"}), "breast")
    assert breast["referral"]["tests"] == ["breast_ultrasound", "mammography"]


@pytest.mark.parametrize("sex, grams, fires", [("male", 40, True), ("male", 39.9, False),
                                               ("female", 20, True), ("female", 19.9, False)])
def test_upper_gi_heavy_drinking_has_sex_specific_grams_and_no_duration(sex, grams, fires):
    item = cancer_of(result_of(sex, 50, alcohol_grams_per_day=grams, drinking_years=1), "upper_gi")
    assert ("heavy_drinking" in codes(item)) is fires


def test_liver_heavy_drinking_is_long_term():
    short = cancer_of(result_of("male", 50, alcohol_grams_per_day=45, drinking_years=4), "liver")
    long = cancer_of(result_of("male", 50, alcohol_grams_per_day=45, drinking_years=5), "liver")
    assert "liver.heavy_drinking" not in short["rules"] and "liver.heavy_drinking" in long["rules"]


@pytest.mark.parametrize("age", [18, 25, 39])
def test_cirrhosis_refers_at_any_age(age):
    liver = cancer_of(result_of(age=age, cirrhosis=True), "liver")
    assert liver["status"] == "recommended" and codes(liver) == ["cirrhosis"]
    assert liver["referral"]["tests"] == ["liver_ultrasound_afp"]
    assert liver["referral"]["interval_months"] == 6


@pytest.mark.parametrize("age", [18, 39, 45, 74])
def test_a_positive_fit_refers_to_colonoscopy_at_any_age(age):
    result = result_of(age=age, fit="positive")
    bowel = cancer_of(result, "colorectal")
    assert bowel["status"] == "recommended" and "fit_positive" in codes(bowel)
    assert bowel["referral"]["tests"] == ["colonoscopy"]
    assert bowel["referral"]["interval"] == "colonoscopy_5_to_10_years"
    assert result["priority"] == 1
    assert bowel["referral"]["due_by"] == add_months(TODAY, 1).isoformat()


def test_hepatitis_below_the_liver_ages_means_hepatitis_care_and_names_the_test():
    liver = cancer_of(result_of("male", 35, hbsag="positive"), "liver")
    assert liver["status"] == "talk_to_doctor" and liver["referral"] is None
    assert liver["reasons"] == [{"code": "hbsag_positive", "rule": None, "advice": "hepatitis_care"}]
    woman = cancer_of(result_of("female", 45, hcv=True), "liver")
    assert woman["status"] == "talk_to_doctor" and codes(woman) == ["hepatitis_c"]
    at_age = cancer_of(result_of("male", 40, hbsag="positive"), "liver")
    assert at_age["status"] == "recommended" and at_age["reasons"][0] == {
        "code": "hbsag_positive", "rule": "liver.hepatitis"}  # the part that applied, not "B or C"


def test_a_tumour_marker_above_its_limit_is_urgent_and_sends_to_the_family_doctor():
    result = result_of("male", 30, tumour_markers=[{"marker": "AFP", "value": 410.0, "upper_limit": 7.0}])
    assert result["priority"] == 1
    liver = cancer_of(result, "liver")
    assert liver["status"] == "talk_to_doctor"
    assert liver["reasons"] == [{"code": "tumour_marker", "rule": None, "marker": "AFP"}]


@pytest.mark.parametrize("facts, interval", [
    ({"hot_food": True}, "every_5_years"),
    ({"first_degree": {"oesophageal"}}, "every_5_years"),
    ({"hot_food": True, "pickled_food": True}, "every_1_to_3_years"),
    ({"h_pylori_test": "positive"}, "every_1_to_3_years"),
    ({"smoking_status": "current"}, "every_1_to_3_years"),
    ({"high_incidence_area": True}, "every_1_to_3_years"),
])
def test_upper_gi_interval_is_oesophageal_only_for_oesophageal_criteria(facts, interval):
    item = cancer_of(assess(Profile("male", 50, {}, facts), ENGINE, TODAY,
                            high_incidence_area=facts.get("high_incidence_area", False)), "upper_gi")
    assert item["referral"]["interval"] == interval


def test_next_assessment_is_the_shortest_interval_that_applies_or_three_years():
    assert result_of("male", 41)["next_assessment_months"] == 36
    assert result_of("male", 60, hbsag="positive")["next_assessment_months"] == 6
    # oesophageal criteria only: endoscopy every 5 years, longer than the 3-year reassessment
    assert result_of("male", 46, hot_food=True)["next_assessment_months"] == 36


def test_a_model_risk_above_the_threshold_outside_the_screening_ages_is_talk_to_your_doctor():
    factors = {"lung": {"smoking": "current_30_pack_years_or_more", "copd": "yes",
                        "family_history_lung": "yes", "occupational_exposure": "yes"}}
    lung = cancer_of(result_of("male", 45, factors=factors), "lung")
    assert lung["above_threshold"] and lung["status"] == "talk_to_doctor"
    assert codes(lung) == ["model_outside_ages"] and lung["referral"] is None


def test_a_model_referral_mainly_due_to_age_says_so():
    bowel = cancer_of(result_of("male", 72), "colorectal")
    assert bowel["above_threshold"] and bowel["comparison"] in ("lower", "about_average", "much_lower")
    assert codes(bowel) == ["model_mainly_age"] and bowel["reasons"][0]["age"] == 72


def test_a_red_flag_means_see_a_doctor_and_no_screening_interval_for_its_cancer():
    result = result_of("male", 60, red_flags=["blood_or_mucus_stool"], first_degree={"colorectal"})
    bowel = cancer_of(result, "colorectal")
    assert bowel["status"] == "see_doctor" and bowel["referral"] is None
    assert bowel["reasons"][0] == {"code": "red_flag", "rule": None, "symptom": "blood_or_mucus_stool"}
    assert result["priority"] == 1 and result["next_assessment_due"] is None
    assert result["cancers"][0]["cancer"] == "colorectal"
