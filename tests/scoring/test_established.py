"""Tests for backend.scoring.established.scores against numbers taken from the sources.

Where the numbers come from:

* PLCOm2012: GitHub resplab/PLCOm2012 -- README.md worked example (0.01750922)
  and tests/testthat/test-plcom2012.R (centred profile, one case per race).
* BCRAT: outputs of the R package BCRA (``absolute.risk`` with Avg_White 0 and 1),
  as generated with R by GitHub epiverse/bcra-js (scripts/generate-test-data.R)
  and stored under packages/bcra/test/fixtures/r-reference/ (race-specific.json,
  age-edge-cases.json, special-values.json, validation-errors.json). The package
  returns percents; the fixtures carry 10-11 significant digits.
* APCS and aMAP: hand-checked against the published point table / formula.
"""
import math
import subprocess
import sys
from pathlib import Path

import pytest

from backend.scoring.established.scores import (
    AMAP_HIGH_ABOVE,
    AMAP_LOW_BELOW,
    BCRAT_FIVE_YEAR_THRESHOLD,
    BCRAT_RACES,
    PLCOM2012_THRESHOLD,
    _amap_group,
    amap,
    apcs,
    bcrat,
    bcrat_average,
    plcom2012,
)

ROOT = Path(__file__).resolve().parents[2]


def expit(x):
    return math.exp(x) / (1 + math.exp(x))


# ---------------------------------------------------------------------------
# PLCOm2012
# ---------------------------------------------------------------------------

# The resplab tests' centred profile: every continuous predictor at its centre
# and cigarettes/day = 10 / 0.4021541613, so the intensity term is zero too.
CENTRED = dict(age=62, education=4, bmi=27, copd=False, personal_cancer_history=False,
               family_lung_cancer=False, current_smoker=False,
               cigarettes_per_day=10 / 0.4021541613, smoking_years=27, years_since_quit=10)


def test_plcom2012_readme_worked_example():
    # resplab/PLCOm2012 README.md: 62, White, education 4, BMI 27, no COPD, no
    # cancer history, no family history, former smoker, 80 cigarettes/day,
    # 27 years smoked, quit 10 years ago -> "#> 0.01750922".
    p = plcom2012(62, "white", 4, 27, False, False, False, False, 80, 27, 10)
    assert p == pytest.approx(0.01750922, abs=5e-9)


@pytest.mark.parametrize("race, logit", [
    # resplab/PLCOm2012 tests/testthat/test-plcom2012.R expected values.
    ("white", -4.532506),
    ("black", -4.532506 + 0.3944778),
    ("hispanic", -4.532506 - 0.7434744),
    ("asian", -4.532506 - 0.466585),
    ("pacific_islander", -4.532506 + 1.027152),
    # resplab R/plcom2012.R codes American Indian / Alaskan Native with White.
    ("american_indian", -4.532506),
])
def test_plcom2012_reference_test_cases(race, logit):
    assert plcom2012(race=race, **CENTRED) == pytest.approx(expit(logit), rel=1e-12)


def test_plcom2012_hand_checked_current_smoker():
    # 70-year-old Asian current smoker, education 2, BMI 22, COPD and a family
    # history, no personal cancer, 30 cigarettes/day for 45 years. Each term is
    # coefficient x (value - centre), coefficients from the NEJM 2013 model.
    logit = (-4.532506
             + 0.0778868 * (70 - 62)
             - 0.466585
             - 0.0812744 * (2 - 4)
             - 0.0274194 * (22 - 27)
             + 0.3553063
             + 0.587185
             + 0.2597431
             - 1.822606 * (10 / 30 - 0.4021541613)
             + 0.0317321 * (45 - 27)
             - 0.0308572 * (0 - 10))
    # Summed by hand: -4.532506 + 0.6230944 - 0.466585 + 0.1625488 + 0.137097
    # + 0.3553063 + 0.587185 + 0.2597431 + 0.1254333 + 0.5711778 + 0.308572
    assert logit == pytest.approx(-1.8689333, abs=1e-6)
    p = plcom2012(70, "asian", 2, 22, True, False, True, True, 30, 45, 0)
    assert p == pytest.approx(expit(-1.8689333), abs=1e-7)
    assert p >= PLCOM2012_THRESHOLD


def test_plcom2012_threshold_is_the_published_one():
    assert PLCOM2012_THRESHOLD == 0.0151


def test_plcom2012_race_labels_are_case_insensitive_and_aliased():
    base = plcom2012(race="pacific_islander", **CENTRED)
    assert plcom2012(race="Native Hawaiian", **CENTRED) == base
    assert plcom2012(race="ASIAN", **CENTRED) == plcom2012(race="asian", **CENTRED)


def test_plcom2012_more_cigarettes_more_risk():
    low = plcom2012(62, "asian", 4, 27, False, False, False, True, 10, 30, 0)
    high = plcom2012(62, "asian", 4, 27, False, False, False, True, 40, 30, 0)
    assert high > low


@pytest.mark.parametrize("cpd, years", [(0, 20), (20, 0), (0, 0)])
def test_plcom2012_refuses_never_smokers(cpd, years):
    with pytest.raises(ValueError, match="does not apply to never-smokers"):
        plcom2012(60, "asian", 4, 24, False, False, False, False, cpd, years, 0)


@pytest.mark.parametrize("change, message", [
    (dict(race="chinese"), "race must be one of"),
    (dict(race=None), "race must be one of"),
    (dict(education=0), "education must be on the model's 1-6 scale"),
    (dict(education=7), "education must be on the model's 1-6 scale"),
    (dict(education=3.5), "education must be a whole number"),
    (dict(bmi=0), "bmi must be a positive number"),
    (dict(age=0), "age must be above 0"),
    (dict(age=101), "age must be above 0"),
    (dict(age="62"), "age must be a number"),
    (dict(age=float("nan")), "age must be a finite number"),
    (dict(copd="yes"), "copd must be True or False"),
    (dict(family_lung_cancer=None), "family_lung_cancer must be True or False"),
    (dict(cigarettes_per_day=-5), "cigarettes_per_day cannot be negative"),
    (dict(smoking_years=-1), "smoking_years cannot be negative"),
    (dict(years_since_quit=-2), "years_since_quit cannot be negative"),
    (dict(current_smoker=True, years_since_quit=5), "must be 0 for a current smoker"),
    (dict(smoking_years=50, years_since_quit=20), "cannot exceed age"),
])
def test_plcom2012_input_errors(change, message):
    args = dict(CENTRED, race="asian")
    args.update(change)
    with pytest.raises(ValueError, match=message):
        plcom2012(**args)


# ---------------------------------------------------------------------------
# BCRAT (BCRA 2.1.2)
# ---------------------------------------------------------------------------

def raw(n_biop, hyp, age_men, age1st, n_rels):
    """Translate the package's raw codes (98/99) into this module's arguments."""
    return dict(
        n_biopsies=None if n_biop == 99 else n_biop,
        hyperplasia={99: None, 0: False, 1: True}[hyp],
        age_menarche=None if age_men == 99 else age_men,
        age_first_birth={99: None, 98: "nulliparous"}.get(age1st, age1st),
        n_relatives=None if n_rels == 99 else n_rels,
    )


# The ten profiles race-specific.json uses for every race:
# (T1, T2, N_Biop, HypPlas, AgeMen, Age1st, N_Rels).
PROFILES = [
    (40, 50, 1, 99, 12, 25, 1),   # typical
    (45, 55, 2, 1, 10, 98, 2),    # high risk, nulliparous, hyperplasia
    (30, 35, 0, 99, 14, 22, 0),   # low risk
    (50, 60, 99, 99, 99, 99, 99),  # everything unknown
    (40, 45, 1, 0, 11, 98, 1),    # nulliparous, no hyperplasia
    (25, 30, 0, 99, 13, 99, 0),   # young
    (70, 80, 1, 99, 12, 28, 0),   # older
    (55, 65, 3, 99, 11, 30, 1),   # multiple biopsies
    (42, 52, 1, 0, 12, 26, 3),    # multiple relatives
    (38, 48, 1, 99, 9, 24, 1),    # early menarche
]

# AbsRisk (percent) from race-specific.json, IDs 1-110, in PROFILES order.
RACE_ABSRISK = {
    "white": [4.5136216073, 24.125253066, 0.095603326859, 1.3863082967, 1.8983595395,
              0.024129171937, 4.5936976595, 8.956792832, 7.7073715194, 4.0939728739],
    "black": [2.7300575728, 11.4017761885, 0.11293841745, 1.8901109571, 1.0088314365,
              0.05366941602, 3.442200511, 4.9888568211, 4.5675991663, 2.3135631172],
    "hispanic_us_born": [1.8869997821, 5.8245861091, 0.12918276337, 1.9479105765,
                         0.87467784039, 0.027729517727, 3.263055622, 4.5523888304,
                         2.0161619073, 1.5788693384],
    "native_american_or_other": [4.5136216073, 24.125253066, 0.095603326859, 1.3863082967,
                                 1.8983595395, 0.024129171937, 4.5936976595, 8.956792832,
                                 7.7073715194, 4.0939728739],
    "hispanic_foreign_born": [3.337429861, 16.0564828123, 0.053911528049, 0.69478315423,
                              2.5618113231, 0.014746535537, 3.6257281987, 13.3025723217,
                              3.561390923, 3.6031469383],
    "chinese": [3.9785550501, 15.8392569501, 0.058923079685, 0.84315550627, 1.549843681,
                0.01176012768, 2.8387007171, 14.8548659583, 4.0633623787, 2.7376047823],
    "japanese": [4.9921994486, 23.4178324615, 0.089821031955, 1.4387369886, 1.9500749503,
                 0.025455990398, 5.3269992557, 27.0960044332, 5.6094079814, 3.3993929472],
    "filipino": [4.8802680186, 21.3997396725, 0.071178178106, 1.2133353288, 1.9115693839,
                 0.020747427428, 3.5565533716, 21.6971744537, 5.2780656772, 3.3335646732],
    "hawaiian": [6.8664096125, 29.2279753785, 0.10616464745, 2.0865720263, 2.801069303,
                 0.025217696092, 8.0759610923, 35.8867105742, 7.4627075106, 4.7700586158],
    "other_pacific_islander": [2.5347624258, 14.5300240896, 0.090230193443, 1.0339235989,
                               1.2788445091, 0.018288628632, 3.0351211108, 19.9103309885,
                               3.1021953916, 1.9925571425],
    "other_asian": [3.0822121069, 13.4772413319, 0.057676362106, 0.71242078666, 1.3434769118,
                    0.0152344771, 1.722484414, 12.895179158, 3.2731363448, 2.2055259775],
}

# AvgRisk (percent) for White women from race-specific.json, IDs 1-10.
WHITE_AVGRISK = [1.5338974272, 2.2303822611, 0.11459074375, 2.7276339471, 0.57874458477,
                 0.036994526753, 4.1597343058, 3.1886354535, 1.8141162543, 1.2634915008]

RACE_CASES = [(race, profile, expected)
              for race, values in RACE_ABSRISK.items()
              for profile, expected in zip(PROFILES, values)]


def test_bcrat_covers_every_bcra_race():
    assert set(BCRAT_RACES) == set(RACE_ABSRISK)


@pytest.mark.parametrize("race, profile, expected_percent", RACE_CASES)
def test_bcrat_matches_bcra_race_specific(race, profile, expected_percent):
    t1, t2, *covariates = profile
    risk = bcrat(t1, t2, race=race, **raw(*covariates))
    assert 100 * risk == pytest.approx(expected_percent, rel=1e-9)


@pytest.mark.parametrize("profile, expected_percent", list(zip(PROFILES, WHITE_AVGRISK)))
def test_bcrat_average_matches_bcra_white(profile, expected_percent):
    assert 100 * bcrat_average(profile[0], profile[1], "white") == pytest.approx(
        expected_percent, rel=1e-9)


# age-edge-cases.json and validation-errors.json, White women, valid rows:
# (ID, T1, T2, N_Biop, HypPlas, AgeMen, Age1st, N_Rels, AbsRisk %, AvgRisk %).
AGE_CASES = [
    (111, 20.0, 25.0, 0, 99, 12, 99, 0, 0.0031755255569, 0.006093090872),
    (112, 49.9, 54.9, 1, 99, 12, 25, 1, 2.4205408529, 1.2821834341),
    (113, 50.0, 55.0, 1, 99, 12, 25, 1, 2.4141393723, 1.2885554683),
    (114, 50.1, 55.1, 1, 99, 12, 25, 1, 2.4250341035, 1.2925576791),
    (115, 89.9, 90.0, 0, 99, 12, 30, 0, 0.049970811144, 0.039814493133),
    (116, 45.5, 50.5, 1, 99, 12, 25, 1, 2.6934056167, 0.99924114617),
    (117, 48.3, 51.7, 1, 99, 12, 25, 1, 1.7593653666, 0.77028447946),
    (118, 49.0, 51.0, 1, 99, 12, 25, 1, 1.0404966448, 0.45461952359),
    (119, 35.3, 40.7, 1, 99, 12, 25, 1, 1.1780246553, 0.34546910774),
    (120, 67.8, 72.2, 1, 99, 12, 25, 1, 3.7527705041, 1.8762483096),
    (121, 40.1, 41.1, 1, 99, 12, 25, 1, 0.37547344345, 0.11630933117),
    (122, 55.0, 56.0, 1, 99, 12, 25, 1, 0.60344315567, 0.30150827121),
    (123, 40.0, 41.0, 1, 99, 12, 25, 1, 0.37547344345, 0.11630933117),
    (125, 70.3, 85.7, 1, 99, 12, 25, 1, 10.841909905, 5.6516645547),
    (132, 89.0, 90.0, 1, 99, 12, 25, 1, 0.84957718153, 0.37314292998),
    (133, 49.5, 50.5, 1, 99, 12, 25, 1, 0.52225234897, 0.22785150362),
    (134, 30.7, 35.3, 1, 99, 12, 25, 1, 0.3979515997, 0.11545671122),
    (135, 60.2, 65.8, 1, 99, 12, 25, 1, 4.0831151276, 2.0252260364),
    (285, 40.0, 50.0, 1, 99, 5, 25, 1, 4.9472883445, 1.5338974272),
    (292, 35.0, 90.0, 1, 99, 12, 25, 1, 24.7254013864, 12.5587548226),
    (293, 89.5, 90.0, 1, 99, 12, 25, 1, 0.44114283579, 0.19338188299),
]


@pytest.mark.parametrize("case", AGE_CASES, ids=[str(c[0]) for c in AGE_CASES])
def test_bcrat_matches_bcra_fractional_and_edge_ages(case):
    _, t1, t2, n_biop, hyp, age_men, age1st, n_rels, expected, expected_avg = case
    risk = bcrat(t1, t2, race="white", **raw(n_biop, hyp, age_men, age1st, n_rels))
    assert 100 * risk == pytest.approx(expected, rel=1e-9)
    assert 100 * bcrat_average(t1, t2, "white") == pytest.approx(expected_avg, rel=1e-9)


# age-edge-cases.json IDs 126-130: 45.5 -> 50.5 across the age-50 change, other races.
@pytest.mark.parametrize("race, expected_percent", [
    ("black", 1.7192701842),
    ("hispanic_us_born", 1.1873921535),
    ("hispanic_foreign_born", 2.0874290258),
    ("japanese", 3.2645076717),
    ("other_pacific_islander", 1.4922876399),
])
def test_bcrat_matches_bcra_fractional_ages_other_races(race, expected_percent):
    risk = bcrat(45.5, 50.5, race=race, **raw(1, 99, 12, 25, 1))
    assert 100 * risk == pytest.approx(expected_percent, rel=1e-9)


# special-values.json, T1 40 -> T2 50:
# (ID, race, N_Biop, HypPlas, AgeMen, Age1st, N_Rels, AbsRisk %).
SPECIAL_CASES = [
    (244, "white", 1, 99, 12, 98, 1, 4.5136216073),
    (245, "black", 1, 99, 12, 98, 1, 2.7300575728),
    (246, "hispanic_us_born", 1, 99, 12, 98, 1, 2.3734249021),  # nulliparous stays apart
    (247, "hispanic_foreign_born", 1, 99, 12, 98, 1, 5.2701905182),
    (248, "japanese", 1, 99, 12, 98, 1, 4.9921994486),
    (249, "other_pacific_islander", 1, 99, 12, 98, 1, 2.5347624258),
    (250, "white", 99, 99, 12, 25, 1, 2.684034074),
    (251, "white", 1, 99, 99, 25, 1, 4.1171364245),
    (252, "white", 1, 99, 12, 99, 1, 4.2747145877),
    (253, "white", 1, 99, 12, 25, 99, 2.5613532764),
    (254, "white", 99, 99, 99, 99, 99, 0.8945025986),
    (255, "white", 0, 99, 12, 25, 1, 2.684034074),
    (256, "white", 1, 0, 12, 25, 1, 4.2044464272),
    (257, "white", 1, 1, 12, 25, 1, 8.0615150692),
    (258, "white", 1, 99, 12, 25, 1, 4.5136216073),
    (259, "white", 3, 1, 12, 25, 1, 13.295683247),
    (260, "white", 1, 99, 7, 17, 1, 4.6859984491),
    (261, "white", 1, 99, 8, 18, 1, 4.6859984491),
    (262, "white", 1, 99, 9, 19, 1, 4.6859984491),
    (263, "white", 1, 99, 10, 20, 1, 4.8149167377),
    (264, "white", 1, 99, 11, 21, 1, 4.8149167377),
    (265, "white", 1, 99, 12, 22, 1, 4.3925819531),
    (266, "white", 1, 99, 13, 23, 1, 4.3925819531),
    (267, "white", 1, 99, 14, 24, 1, 4.0065034557),
    (268, "white", 1, 99, 15, 25, 1, 4.1171364245),
    (269, "white", 1, 99, 16, 26, 1, 4.1171364245),
    (270, "white", 1, 99, 17, 27, 1, 4.1171364245),
]


@pytest.mark.parametrize("case", SPECIAL_CASES, ids=[str(c[0]) for c in SPECIAL_CASES])
def test_bcrat_matches_bcra_special_values(case):
    _, race, n_biop, hyp, age_men, age1st, n_rels, expected = case
    risk = bcrat(40, 50, race=race, **raw(n_biop, hyp, age_men, age1st, n_rels))
    assert 100 * risk == pytest.approx(expected, rel=1e-9)


def test_bcrat_chinese_hand_checked_within_one_age_group():
    # 40 -> 45 stays in one five-year group below 50, so the package's
    # year-by-year sum collapses to h1/h * (1 - exp(-5h)) with h = h1 + h2.
    # Chinese rates for [40,45) and the Asian log-RRs / 1-AR from the R source;
    # the woman: 1 biopsy (hyperplasia unknown), menarche 12, first birth 25,
    # one affected sister -> categories NB 1, AM 1, AF 2, NR 1.
    log_rr = 0.55263612260619 + 0.07499257592975 + 2 * 0.27638268294593 + 0.79185633720481
    h1 = 0.000913603501 * 0.47519806426735 * math.exp(log_rr)
    h = h1 + 0.000473261994
    expected = h1 / h * (1 - math.exp(-5 * h))
    assert math.exp(log_rr) == pytest.approx(7.1868315613, rel=1e-9)  # RR_Star1, ID 51
    assert bcrat(40, 45, 1, None, 12, 25, 1, "chinese") == pytest.approx(expected, rel=1e-12)


def test_bcrat_average_chinese_hand_checked():
    # Average Chinese-American woman 40 -> 45: RR = 1-AR = 1, Chinese SEER18 and
    # NCHS 1998-2002 rates for [40,45) from the R source.
    h1, h2 = 0.000913603501, 0.000473261994
    expected = h1 / (h1 + h2) * (1 - math.exp(-5 * (h1 + h2)))
    assert bcrat_average(40, 45, "chinese") == pytest.approx(expected, rel=1e-12)


def test_bcrat_average_other_uses_white_average_rates_and_chinese_its_own():
    assert bcrat_average(40, 50, "native_american_or_other") == bcrat_average(40, 50, "white")
    assert bcrat_average(40, 50, "chinese") != bcrat_average(40, 50, "white")


def test_bcrat_black_first_birth_is_ignored_like_the_package():
    # The package sets AF_Cat = 0 for African-American women before its error
    # check, so even a first birth after T1 does not raise for race 2.
    expected = 2.7300575728 / 100  # race-specific.json ID 11
    assert bcrat(40, 50, 1, None, 12, 45, 1, "black") == pytest.approx(expected, rel=1e-9)


def test_bcrat_returns_a_fraction_and_exposes_the_threshold():
    assert 0 < bcrat(40, 45, 0, None, 13, 24, 0, "chinese") < 1
    assert BCRAT_FIVE_YEAR_THRESHOLD == 0.0167


@pytest.mark.parametrize("t1, t2, covariates, message", [
    # validation-errors.json / age-edge-cases.json rows the package flags (Error_Ind 1).
    (19.9, 25, (1, 99, 12, 99, 1), "t1 .* at least 20 and below 90"),   # ID 271
    (90, 95, (1, 99, 12, 30, 1), "t1 .* at least 20 and below 90"),     # ID 272
    (85, 91, (1, 99, 12, 30, 1), "t2 .* cannot be above 90"),           # ID 273
    (50, 50, (1, 99, 12, 25, 1), r"t1 \(50\) must be below t2"),        # ID 274
    (50, 45, (1, 99, 12, 25, 1), r"t1 \(50\) must be below t2"),        # ID 275
    (40, 50, (1, 99, 45, 25, 1), "age_menarche .* cannot be after"),    # ID 276
    (40, 50, (1, 99, 14, 12, 1), "cannot be before age_menarche"),      # ID 277
    (40, 50, (1, 99, 14, 45, 1), "age_first_birth .* cannot be after"),  # ID 278
    (40, 50, (0, 0, 12, 25, 1), "hyperplasia must be None"),            # ID 279
    (40, 50, (0, 1, 12, 25, 1), "hyperplasia must be None"),            # ID 280
    (40, 50, (1, 99, 12, 10, 1), "cannot be before age_menarche"),      # ID 286
    (40, 50, (99, 0, 12, 25, 1), "hyperplasia must be None"),           # ID 289
    (40, 50, (99, 1, 12, 25, 1), "hyperplasia must be None"),           # ID 290
    (20, 20.5, (1, 99, 12, 25, 1), "age_first_birth .* cannot be after"),  # ID 291
    (20.5, 30.5, (1, 99, 12, 25, 1), "age_first_birth .* cannot be after"),  # ID 124
    (20, 21, (1, 99, 12, 25, 1), "age_first_birth .* cannot be after"),  # ID 131
])
def test_bcrat_rejects_what_the_package_rejects(t1, t2, covariates, message):
    with pytest.raises(ValueError, match=message):
        bcrat(t1, t2, race="white", **raw(*covariates))


def test_bcrat_rejects_negative_relatives_like_the_package():
    # validation-errors.json ID 287: N_Rels = -1 -> Error_Ind 1.
    with pytest.raises(ValueError, match="n_relatives cannot be negative"):
        bcrat(40, 50, 1, None, 12, 25, -1, "white")


@pytest.mark.parametrize("change, message", [
    # Stricter than the package, which codes these silently (see docs card).
    (dict(n_biopsies=-1), "n_biopsies cannot be negative"),  # package: category 2 (ID 284)
    (dict(n_biopsies=1.5), "n_biopsies must be a whole number"),
    (dict(n_biopsies=99), "pass None if it is unknown"),
    (dict(n_relatives=120), "pass None if it is unknown"),
    (dict(age_first_birth=-3), "age_first_birth must be a positive age"),
    (dict(age_menarche=0), "age_menarche must be a positive age"),
    (dict(hyperplasia="yes"), "hyperplasia must be True, False or None"),
    (dict(age_first_birth="never"), "age_first_birth must be a number"),
    # The package's 98/99 codes typed as ages are ages, and impossible ones.
    (dict(age_menarche=99), "age_menarche .* cannot be after"),
    (dict(age_first_birth=98), "age_first_birth .* cannot be after"),
    (dict(age_first_birth=99), "age_first_birth .* cannot be after"),
    (dict(race="asian"), "race must be one of"),
    (dict(t1="40"), "t1 must be a number"),
])
def test_bcrat_other_input_errors(change, message):
    args = dict(t1=40, t2=45, n_biopsies=1, hyperplasia=None, age_menarche=12,
                age_first_birth=25, n_relatives=0, race="chinese")
    args.update(change)
    with pytest.raises(ValueError, match=message):
        bcrat(**args)


@pytest.mark.parametrize("t1, t2, race, message", [
    (19, 24, "white", "at least 20"),
    (88, 93, "chinese", "cannot be above 90"),
    (60, 55, "chinese", "must be below t2"),
    (40, 45, "han", "race must be one of"),
])
def test_bcrat_average_input_errors(t1, t2, race, message):
    with pytest.raises(ValueError, match=message):
        bcrat_average(t1, t2, race)


# ---------------------------------------------------------------------------
# APCS
# ---------------------------------------------------------------------------

@pytest.mark.parametrize("age, male, family, smoker, points, tier", [
    (45, False, False, False, 0, "average"),
    (49.9, True, False, False, 1, "average"),     # under 50 scores 0 for age
    (50, False, False, False, 2, "moderate"),     # 50-69 scores 2
    (69.9, True, False, False, 3, "moderate"),
    (70, False, False, False, 3, "moderate"),     # 70+ scores 3
    (70, True, False, False, 4, "high"),
    (45, False, True, False, 2, "moderate"),      # first-degree relative 2
    (45, True, True, True, 4, "high"),
    (55, True, False, True, 4, "high"),
    (75, True, True, True, 7, "high"),            # published maximum
])
def test_apcs_points_and_tiers(age, male, family, smoker, points, tier):
    assert apcs(age, male, family, smoker) == (points, tier)


@pytest.mark.parametrize("args, message", [
    ((-1, True, False, False), "age must be between 0 and 120"),
    (("55", True, False, False), "age must be a number"),
    ((55, "M", False, False), "male must be True or False"),
    ((55, True, None, False), "family_history_crc must be True or False"),
    ((55, True, False, 2), "ever_smoker must be True or False"),
])
def test_apcs_input_errors(args, message):
    with pytest.raises(ValueError, match=message):
        apcs(*args)


# ---------------------------------------------------------------------------
# aMAP
# ---------------------------------------------------------------------------

def test_amap_hand_checked():
    # 50-year-old man, bilirubin 15 umol/L, albumin 42 g/L, platelets 200 x10^9/L:
    # ALBI = 0.66 * log10(15) - 0.085 * 42 = 0.776220231 - 3.57 = -2.793779769
    # linear = 0.06*50 + 0.89 - 0.48*2.793779769 - 0.01*200 = 0.548985711
    # aMAP = (0.548985711 + 7.4) / 14.77 * 100 = 53.8184544
    score, group = amap(50, True, 15, 42, 200)
    assert score == pytest.approx(53.8184544, abs=1e-6)
    assert group == "medium"


def test_amap_low_and_high_examples():
    # 35-year-old woman, bilirubin 10, albumin 45, platelets 250:
    # ALBI = 0.66 - 3.825 = -3.165; linear = 2.1 - 1.5192 - 2.5 = -1.9192
    # aMAP = 5.4808 / 14.77 * 100 = 37.1076506
    score, group = amap(35, False, 10, 45, 250)
    assert score == pytest.approx(37.1076506, abs=1e-6)
    assert group == "low"
    # 68-year-old man, bilirubin 30, albumin 32, platelets 90:
    # ALBI = 0.66*1.477121255 - 2.72 = -1.745099972; linear = 4.08 + 0.89
    #   - 0.837647987 - 0.9 = 3.232352013; aMAP = 10.632352013/14.77*100 = 71.9861341
    score, group = amap(68, True, 30, 32, 90)
    assert score == pytest.approx(71.9861341, abs=1e-6)
    assert group == "high"


def test_amap_group_boundaries_as_published():
    # "<50 low, 50-60 medium, >60 high": both cut-offs belong to medium.
    assert (AMAP_LOW_BELOW, AMAP_HIGH_ABOVE) == (50.0, 60.0)
    assert _amap_group(49.999) == "low"
    assert _amap_group(50.0) == "medium"
    assert _amap_group(60.0) == "medium"
    assert _amap_group(60.001) == "high"


@pytest.mark.parametrize("args, message", [
    ((0, True, 15, 42, 200), "age must be above 0"),
    ((50, "male", 15, 42, 200), "male must be True or False"),
    ((50, True, 0, 42, 200), "bilirubin_umol_l must be in umol/L"),
    ((50, True, -3, 42, 200), "bilirubin_umol_l must be in umol/L"),
    ((50, True, 15, 4.2, 200), "albumin_g_l must be in g/L"),  # g/dL by mistake
    ((50, True, 15, 0, 200), "albumin_g_l must be in g/L"),
    ((50, True, 15, 42, 0), "platelets_10e9_l must be in"),
    ((50, True, 15, 42, None), "platelets_10e9_l must be a number"),
])
def test_amap_input_errors(args, message):
    with pytest.raises(ValueError, match=message):
        amap(*args)


# ---------------------------------------------------------------------------
# Purity
# ---------------------------------------------------------------------------

def test_importing_the_module_does_not_import_flask():
    result = subprocess.run(
        [sys.executable, "-c",
         "import backend.scoring.established.scores, sys; assert 'flask' not in sys.modules"],
        cwd=ROOT, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
