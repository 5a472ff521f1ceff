"""The simulated reference population follows the generative model of the reference file."""
import math

import numpy as np
import pytest

from backend.scoring.reference import age_band, default_reference
from backend.scoring.lab.simulation import (
    draw_cohort, draw_residents, pattern_grid, person_rr, true_five_year_risk)

REF = default_reference()


def product_of_mean_rrs(cancer, sex):
    return math.prod(f.mean_rr(sex) for f in REF.cancers[cancer].factors)


@pytest.mark.parametrize("cancer", ["breast", "liver", "upper_gi", "colorectal"])
def test_mean_rr_is_the_product_of_factor_means_when_factors_are_independent(cancer):
    for sex in REF.cancers[cancer].sexes:
        assert pattern_grid(REF.cancers[cancer], sex).mean_rr == pytest.approx(
            product_of_mean_rrs(cancer, sex), rel=1e-12)


def test_lung_mean_rr_nests_passive_smoking_under_never_smokers():
    smoking = REF.cancers["lung"].factor("smoking")
    passive = REF.cancers["lung"].factor("passive_smoking_20y")
    others = math.prod(f.mean_rr("female") for f in REF.cancers["lung"].factors[2:])
    never = smoking.levels[0].prevalence["female"]
    expected = (never * passive.mean_rr("female")
                + sum(lv.prevalence["female"] * lv.rr["female"] for lv in smoking.levels[1:]))
    assert pattern_grid(REF.cancers["lung"], "female").mean_rr == pytest.approx(expected * others)


def test_true_risk_matches_the_formula_by_hand():
    factors = {"hbv": "yes", "hcv": "no", "cirrhosis": "no", "heavy_drinking": "heavy",
               "diabetes": "no", "family_history_liver": "no", "current_smoking": "yes"}
    rr = 15.0 * 1.54 * 1.32
    hazard = 75 / 100_000 * rr / product_of_mean_rrs("liver", "male")
    assert true_five_year_risk(REF, "liver", "male", "50-54", factors) == pytest.approx(
        1 - math.exp(-5 * hazard), rel=1e-12)


def test_unknown_factor_contributes_its_prevalence_weighted_mean_rr():
    h_pylori = REF.cancers["upper_gi"].factor("h_pylori")
    assert person_rr(REF.cancers["upper_gi"], "male", {"h_pylori": None}) == pytest.approx(
        h_pylori.mean_rr("male") * math.prod(
            f.mean_rr("male") for f in REF.cancers["upper_gi"].factors[1:]))


def test_passive_smoking_counts_only_for_never_smokers():
    smoker = {"smoking": "current_under_20_pack_years", "passive_smoking_20y": "yes"}
    assert person_rr(REF.cancers["lung"], "male", smoker) == pytest.approx(
        2.5 * math.prod(f.mean_rr("male") for f in REF.cancers["lung"].factors[2:]))


@pytest.mark.parametrize("cancer", sorted(REF.cancers))
def test_each_band_mean_hazard_equals_registry_incidence(cancer):
    for sex in REF.cancers[cancer].sexes:
        grid = pattern_grid(REF.cancers[cancer], sex)
        for band in REF.age_bands:
            hazard = REF.rate(cancer, sex, band) * grid.rr / grid.mean_rr
            assert grid.probability @ hazard == pytest.approx(REF.rate(cancer, sex, band))


def test_cohort_is_seeded_and_large_enough_for_every_cancer_and_sex():
    first = draw_cohort(REF, "lung", 1_000_000_000, np.random.default_rng(7))
    again = draw_cohort(REF, "lung", 1_000_000_000, np.random.default_rng(7))
    assert np.array_equal(first.cases, again.cases)
    assert first.residents == 1_000_000_000
    assert min(first.cases_by_sex().values()) >= 5_000


def test_drawn_residents_have_the_reference_prevalences_and_ages():
    rows = draw_residents(REF, "colorectal", 400_000, np.random.default_rng(3))
    obesity = REF.cancers["colorectal"].factors.index(REF.cancers["colorectal"].factor("obesity"))
    men = rows["sex_index"] == 0
    assert rows["codes"][men, obesity].mean() == pytest.approx(0.16, abs=0.005)
    assert rows["age"].min() >= 40 and rows["age"].max() <= 74
    assert all(age_band(a) == REF.age_bands[b] for a, b in zip(rows["age"][:500], rows["band_index"][:500]))
    assert rows["outcome"].mean() == pytest.approx(rows["true_risk"].mean(), rel=0.1)
