"""Stored answers → established-score inputs, and the comparison with our result (no app)."""
from __future__ import annotations

import pytest

from answer_sets import man_62_smoker, woman_58
from backend.scoring.established import scores as established
from backend.scoring.established.inputs import (amap_inputs, apcs_inputs, bcrat_inputs,
                                                established_scores, plcom2012_inputs)

LABS = {"bilirubin_umol_l": 15.0, "albumin_g_l": 40.0, "platelets_10e9_l": 150.0}


def ours(sex="female", **bands):
    """Our result's per-cancer entries: ``ours(lung="high")`` → lung high, others average."""
    cancers = ("lung", "breast", "liver", "upper_gi", "colorectal") if sex == "female" else (
        "lung", "liver", "upper_gi", "colorectal")
    statements = {"high": ("recommended", "higher"), "raised": ("not_needed", "higher"),
                  "average": ("not_needed", "about_average")}
    return [dict(zip(("status", "comparison"), statements[bands.get(c, "average")]),
                 cancer=c, risk=0.01) for c in cancers]


def by_score(entries):
    return {e["score"]: e for e in entries}


def test_plcom2012_inputs_of_a_current_smoker():
    got = plcom2012_inputs(man_62_smoker(), "male", 62)
    assert got["status"] == "computed"
    assert got["inputs"] == {
        "age": 62, "race": "asian", "education": 2, "bmi": 26.0, "copd": False,
        "personal_cancer_history": False, "family_lung_cancer": False, "current_smoker": True,
        "cigarettes_per_day": 20, "smoking_years": 40, "years_since_quit": 0}


def test_plcom2012_inputs_of_a_former_smoker_with_copd_and_family_history():
    answers = man_62_smoker(smoking_status="former", quit_years=6, conditions=["copd"],
                            family_cancer="yes", family_cancers=["lung"],
                            family_lung_relatives=["sibling"], education="bachelor",
                            previous_cancer="yes")
    inputs = plcom2012_inputs(answers, "male", 62)["inputs"]
    assert (inputs["current_smoker"], inputs["years_since_quit"]) == (False, 6)
    assert inputs["copd"] and inputs["family_lung_cancer"] and inputs["personal_cancer_history"]
    assert inputs["education"] == 5
    plain = plcom2012_inputs(man_62_smoker(smoking_status="former", quit_years=6,
                                           education="bachelor"), "male", 62)["inputs"]
    assert established.plcom2012(**inputs) > established.plcom2012(**plain)


@pytest.mark.parametrize("education,level", [("primary_or_less", 1), ("junior_secondary", 1),
                                             ("senior_secondary", 2), ("junior_college", 4),
                                             ("bachelor", 5), ("postgraduate", 6)])
def test_plcom2012_uses_the_education_mapping(education, level):
    assert plcom2012_inputs(man_62_smoker(education=education), "male", 62)[
        "inputs"]["education"] == level


def test_plcom2012_does_not_apply_to_never_smokers():
    got = plcom2012_inputs(woman_58(), "female", 58)
    assert (got["status"], got["reason"]) == ("not_applicable", "never_smoker")


def test_plcom2012_reports_missing_answers():
    answers = man_62_smoker(family_cancer="dont_know")
    answers.pop("education")
    got = plcom2012_inputs(answers, "male", 62)
    assert got["status"] == "missing_inputs"
    assert set(got["reason"].split(",")) == {"education", "family_lung_cancer"}


def test_bcrat_inputs_of_a_woman_with_her_mother_affected():
    got = bcrat_inputs(woman_58(), "female", 58)
    assert got["inputs"] == {"t1": 58, "t2": 63, "race": "chinese", "n_biopsies": 0,
                             "hyperplasia": None, "age_menarche": 14, "age_first_birth": 26,
                             "n_relatives": 1}


def test_bcrat_inputs_biopsy_hyperplasia_nulliparity_and_two_relatives():
    answers = woman_58(breast_biopsy="yes", atypical_hyperplasia="yes", live_births=0,
                       family_breast_relatives=["parent", "sibling"])
    inputs = bcrat_inputs(answers, "female", 58)["inputs"]
    assert (inputs["n_biopsies"], inputs["hyperplasia"]) == (1, True)
    assert inputs["age_first_birth"] == "nulliparous" and inputs["n_relatives"] == 2
    unknown = bcrat_inputs(woman_58(breast_biopsy="yes", atypical_hyperplasia="dont_know"),
                           "female", 58)["inputs"]
    assert unknown["hyperplasia"] is None
    no_family = bcrat_inputs(woman_58(family_cancer="no"), "female", 58)["inputs"]
    assert no_family["n_relatives"] == 0
    assert bcrat_inputs(woman_58(family_cancer="dont_know"), "female", 58)[
        "inputs"]["n_relatives"] is None


def test_bcrat_only_for_women_in_its_ages():
    assert bcrat_inputs(man_62_smoker(), "male", 62)["reason"] == "not_female"
    assert bcrat_inputs(woman_58(), "female", 18)["reason"] == "age_outside_model"


def test_apcs_inputs_and_symptoms():
    got = apcs_inputs(man_62_smoker(), "male", 62)
    assert got["inputs"] == {"age": 62, "male": True, "family_history_crc": False,
                             "ever_smoker": True}
    assert established.apcs(**got["inputs"]) == (4, "high")
    bleeding = apcs_inputs(man_62_smoker(current_symptoms=["blood_or_mucus_stool"]), "male", 62)
    assert bleeding["status"] == "computed" and bleeding["reason"] == "symptomatic"
    assert apcs_inputs(woman_58(family_cancer="dont_know"), "female", 58)[
        "status"] == "missing_inputs"


def test_amap_applies_to_chronic_liver_disease_and_needs_lab_values():
    assert amap_inputs(woman_58(), "female", 58, LABS)["reason"] == "no_chronic_liver_disease"
    hbv = man_62_smoker(hbsag_test="positive")
    assert amap_inputs(hbv, "male", 62, None)["status"] == "needs_lab_values"
    got = amap_inputs(hbv, "male", 62, LABS)
    assert got["status"] == "computed" and got["inputs"] == {"age": 62, "male": True, **LABS}
    for conditions in (["hepatitis_c"], ["cirrhosis"], ["fatty_liver"]):
        assert amap_inputs(woman_58(conditions=conditions), "female", 58, LABS)[
            "status"] == "computed"


def test_scores_beside_our_result_agree_or_disagree():
    man = by_score(established_scores(man_62_smoker(), "male", 62, None,
                                            ours("male", lung="high")))
    assert set(man) == {"plcom2012", "apcs", "amap"}
    assert man["plcom2012"]["above_threshold"] and man["plcom2012"]["agreement"] == "agree"
    assert man["apcs"]["agreement"] == "score_higher"  # APCS high, our colorectal average
    light = man_62_smoker(cigarettes_per_day=2, smoking_years=5, birth_year=None)
    low = by_score(established_scores(light, "male", 45, None, ours("male", lung="high")))
    assert low["plcom2012"]["above_threshold"] is False
    assert low["plcom2012"]["agreement"] == "ours_higher"


def test_intermediate_tiers_neither_confirm_nor_contradict():
    woman = by_score(established_scores(woman_58(), "female", 58, None, ours(breast="high")))
    assert woman["apcs"]["category"] == "moderate" and woman["apcs"]["agreement"] is None
    assert woman["bcrat"]["status"] == "computed" and woman["bcrat"]["agreement"] == "agree"


def test_inputs_the_published_model_refuses_are_reported_not_raised():
    odd = woman_58(menarche_age=60)  # after the age at assessment: BCRAT refuses
    entry = by_score(established_scores(odd, "female", 58, None, ours()))["bcrat"]
    assert entry["status"] == "invalid_inputs" and entry["value"] is None
