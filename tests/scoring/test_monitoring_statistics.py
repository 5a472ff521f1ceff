"""The monitoring statistics against hand-computed cases (no app, no database)."""
import json

import numpy as np
import pytest
from scipy.special import expit, logit

from backend.scoring import monitoring
from backend.scoring.engine import CancerModel
from backend.scoring.lab.recalibration import compose, held_out
from backend.scoring.monitoring import Outcomes
from backend.scoring.store import MODELS_DIR


def test_expected_cases_scale_five_year_risk_to_the_follow_up_observed():
    # 10% over five years is a constant hazard -ln(0.9)/5; over 2.5 years 1 - 0.9 ** 0.5
    assert monitoring.risk_within(0.1, 5) == pytest.approx(0.1)
    assert monitoring.risk_within(0.1, 2.5) == pytest.approx(1 - 0.9 ** 0.5)
    assert monitoring.risk_within(0.1, 0) == 0
    assert monitoring.expected_cases([0.1, 0.1, 0.02], [5, 2.5, 5]) == pytest.approx(
        0.1 + (1 - 0.9 ** 0.5) + 0.02)


def test_exact_poisson_interval_matches_the_garwood_table():
    # Garwood 95% limits for 10 events: 4.7954 and 18.3904 (e.g. Ulm 1990, table 1)
    low, high = monitoring.poisson_interval(10, 5.0)
    assert low == pytest.approx(4.7954 / 5, abs=1e-4)
    assert high == pytest.approx(18.3904 / 5, abs=1e-4)
    low, high = monitoring.poisson_interval(0, 2.0)  # none observed: lower limit 0, upper 3.689
    assert low == 0 and high == pytest.approx(3.6889 / 2, abs=1e-4)
    assert monitoring.poisson_interval(3, 0) == (None, None)


def test_verdict_needs_enough_events_and_an_interval_excluding_one():
    assert monitoring.verdict(19, 1.2, 2.0) == "too_few"  # excludes 1, but 19 < 20 cases
    assert monitoring.verdict(20, 1.2, 2.0) == "drift"
    assert monitoring.verdict(40, 0.5, 0.9) == "drift"
    assert monitoring.verdict(40, 0.8, 1.3) == "ok"


def test_observed_expected_of_a_hand_made_group():
    # 4 residents with 5% risk seen five years, 4 with 5% seen 2.5 years; 1 case
    p = [0.05] * 8
    years = [5] * 4 + [2.5] * 4
    event = [True] + [False] * 7
    row = monitoring.observed_expected(Outcomes.of(p, years, event))
    expected = 4 * 0.05 + 4 * (1 - 0.95 ** 0.5)
    assert row["observed"] == 1 and row["expected"] == pytest.approx(expected, abs=0.005)
    assert row["oe"] == pytest.approx(1 / expected, abs=0.001)
    assert row["verdict"] == "too_few"


def test_deciles_hold_equal_numbers_lowest_risks_first():
    p = np.linspace(0.001, 0.1, 95)[::-1]
    decile = monitoring.decile_of(p)
    counts = np.bincount(decile)
    assert len(counts) == 10 and counts.min() >= 9 and counts.max() <= 10
    assert decile[np.argmin(p)] == 0 and decile[np.argmax(p)] == 9
    rows = monitoring.calibration_by_decile(Outcomes.of(p, [5] * 95, [False] * 94 + [True]))
    assert [r["decile"] for r in rows] == list(range(1, 11))
    assert rows[0]["observed"] == 1  # the last (lowest-risk) resident is the case


def _simulated(n, a_true, b_true, seed=7):
    rng = np.random.default_rng(seed)
    p = expit(rng.normal(-4.5, 0.8, n))
    years = rng.uniform(2, 5, n)
    truth = monitoring.recalibrated(p, a_true, b_true)
    event = rng.random(n) < monitoring.risk_within(truth, years)
    return Outcomes.of(p, years, event)


def test_calibration_fit_recovers_a_known_miscalibration():
    outcomes = _simulated(400_000, np.log(1.5), 0.8)
    a, b = monitoring.fit_calibration(outcomes, slope=True)
    assert b == pytest.approx(0.8, abs=0.05)
    assert a == pytest.approx(np.log(1.5) + (0.8 - 1) * 0.0, abs=0.3)
    fixed = Outcomes(monitoring.recalibrated(outcomes.p, a, b), outcomes.years, outcomes.event)
    assert monitoring.observed_expected(fixed)["oe"] == pytest.approx(1, abs=0.02)
    assert monitoring.calibration_slope(fixed) == pytest.approx(1, abs=0.05)


def test_intercept_only_fit_makes_observed_equal_expected():
    outcomes = _simulated(100_000, np.log(1.5), 1.0, seed=3)
    a, b = monitoring.fit_calibration(outcomes, slope=False)
    assert b == 1.0
    fixed = Outcomes(monitoring.recalibrated(outcomes.p, a, b), outcomes.years, outcomes.event)
    assert monitoring.observed_expected(fixed)["oe"] == pytest.approx(1, abs=0.01)


def test_detection_yield_counts_cancers_and_lesions_among_the_screened():
    assert monitoring.detection_yield(200, 3, 7) == {
        "screened": 200, "cancers": 3, "precancerous": 7, "cancer_yield": 0.015,
        "lesion_yield": 0.05}
    assert monitoring.detection_yield(0, 0, 0)["cancer_yield"] is None


def test_a_recalibrated_table_scores_exactly_the_corrected_risk():
    table = json.loads((MODELS_DIR / "liver" / "scoring.json").read_text())
    new = compose(table, 0.4, 0.9, "test+cal.00000000")
    old_model, new_model = CancerModel(table), CancerModel(dict(new))
    for sex, age, factors in [("male", 52, {"hbv": "yes"}), ("female", 67, {}),
                              ("male", 70, {"cirrhosis": "yes", "heavy_drinking": "heavy"})]:
        before = old_model.risk(sex, age, factors)
        assert new_model.risk(sex, age, factors) == pytest.approx(
            expit(0.4 + 0.9 * logit(before)), rel=1e-12)


def test_the_held_out_half_is_fixed_by_the_assessment_id():
    ids = [f"id-{i}" for i in range(4000)]
    first, again = held_out(ids), held_out(list(ids))
    assert (first == again).all() and 0.45 < first.mean() < 0.55


def test_closed_test_leaves_a_calibrated_model_alone():
    from backend.scoring.lab.recalibration import NoUpdateNeededError, choose_update

    with pytest.raises(NoUpdateNeededError, match="do not contradict the model"):
        choose_update(_simulated(100_000, 0.0, 1.0, seed=11), "lung")


def test_closed_test_keeps_the_slope_only_when_it_helps():
    from backend.scoring.lab.recalibration import choose_update

    (a, b), tests = choose_update(_simulated(100_000, np.log(1.5), 1.0, seed=12), "liver")
    assert b == 1.0 and a == pytest.approx(np.log(1.5), abs=0.15)
    assert tests["intercept_vs_model"] < 0.05
    (a, b), tests = choose_update(_simulated(400_000, 0.0, 0.7, seed=13), "liver")
    assert b == pytest.approx(0.7, abs=0.08) and tests["slope_vs_intercept"] < 0.05
