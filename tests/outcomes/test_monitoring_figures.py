"""Monitoring figures from the database against hand-computed cases."""
from datetime import date, timedelta

import pytest

from backend.outcomes.monitoring import cancer_outcomes, summarise
from backend.outcomes.registry import import_registry
from helpers import add_assessment, add_screening, registry_csv

ASSESSED = date(2021, 1, 1)


def _risk(p, days):
    return 1 - (1 - p) ** (days / 365.25 / 5)


def test_observed_expected_follow_up_bands_and_yield_by_hand(app, clean_db):
    with app.app_context():
        high = [add_assessment(ASSESSED, {"liver": 0.05}, band="high", priority=2) for _ in range(4)]
        average = [add_assessment(ASSESSED, {"liver": 0.01}) for _ in range(6)]
        late = add_assessment(ASSESSED + timedelta(days=365), {"liver": 0.01})
        before = add_assessment(ASSESSED, {"liver": 0.01})  # diagnosed before: left out
        add_screening(high[0], "liver", "cancer_confirmed", ASSESSED + timedelta(days=30))
        add_screening(high[1], "liver", "normal", ASSESSED + timedelta(days=40))
        add_screening(high[1], "liver", "precancerous", ASSESSED + timedelta(days=90))  # worst counts
        complete = ASSESSED + timedelta(days=1000)
        import_registry(registry_csv([
            (high[0], "liver", ASSESSED + timedelta(days=30)),
            (average[0], "liver", ASSESSED + timedelta(days=500)),
            (average[1], "liver", complete + timedelta(days=10)),  # after completeness: refused
            (before, "liver", ASSESSED - timedelta(days=1)),
        ]), "r.csv", complete + timedelta(days=10))
        # the completeness date is the later of the imports: make it `complete`
        rows = cancer_outcomes("liver")
        assert before not in rows.ids and len(rows.ids) == 11
    with app.app_context():
        from backend.extensions import db
        from backend.outcomes.tables import RegistryImport
        db.session.query(RegistryImport).update({"complete_to": complete})
        db.session.commit()
        summary = summarise(cancer_outcomes("liver"))
    # high band: one case at day 30 (follow-up ends there), three seen 1000 days
    expected_high = _risk(0.05, 30) + 3 * _risk(0.05, 1000)
    # average: one case at day 500, five seen 1000 days (the late-diagnosed one counts as
    # not diagnosed: its date is after the completeness date), one assessed a year later
    expected_average = _risk(0.01, 500) + 5 * _risk(0.01, 1000) + _risk(0.01, 635)
    bands = {b["band"]: b for b in summary["bands"]}
    assert bands["high"]["observed"] == 1
    assert bands["high"]["expected"] == pytest.approx(expected_high, abs=0.005)
    assert bands["average"]["observed"] == 1
    assert bands["average"]["expected"] == pytest.approx(expected_average, abs=0.005)
    overall = summary["overall"]
    assert overall["observed"] == 2 and overall["residents"] == 11
    assert overall["oe"] == pytest.approx(2 / (expected_high + expected_average), abs=0.002)
    assert overall["verdict"] == "too_few" and summary["too_few_events"] and not summary["alert"]
    assert bands["high"]["screened"] == 2
    assert bands["high"]["findings"] == {"cancer_confirmed": 1, "precancerous": 1, "benign": 0,
                                         "normal": 0}
    tier2 = next(t for t in summary["tiers"] if t["tier"] == 2)
    assert (tier2["residents"], tier2["screened"], tier2["cancers"], tier2["cancer_yield"]) == (4, 2, 1, 0.5)
    assert sum(d["residents"] for d in summary["deciles"]) == 11
    assert summary["complete_to"] == complete.isoformat()


def test_follow_up_stops_at_five_years(app, clean_db):
    with app.app_context():
        add_assessment(ASSESSED, {"lung": 0.1})
        other = add_assessment(ASSESSED, {"lung": 0.1})
        import_registry(registry_csv([(other, "lung", ASSESSED + timedelta(days=2000))]),
                        "r.csv", ASSESSED + timedelta(days=3000))
        summary = summarise(cancer_outcomes("lung"))
    # 2000 days is past five years (1826 days): not a case within five years of assessment
    assert summary["overall"]["observed"] == 0
    assert summary["overall"]["expected"] == pytest.approx(2 * _risk(0.1, 1826), abs=0.005)


def test_without_registry_data_nothing_is_expected(app, clean_db):
    with app.app_context():
        add_assessment(ASSESSED, {"liver": 0.05})
        summary = summarise(cancer_outcomes("liver"))
    assert summary["complete_to"] is None
    assert summary["overall"]["expected"] == 0 and summary["overall"]["verdict"] == "too_few"
