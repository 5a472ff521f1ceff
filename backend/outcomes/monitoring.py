"""Each cancer's local outcomes, gathered from the database, summarised by the pure statistics.

Per cancer, one row per assessment that has a model risk for it: the risk it was told (as
stored, whatever model version scored it), its band and the doctors' priority tier, whether a
doctor recorded a screening outcome for that cancer and the worst finding, and the registry:
years of follow-up observed after the assessment (until the registry's completeness date, at
most five years, or the diagnosis) and whether that cancer was diagnosed in that time. A
diagnosis recorded before the assessment removes the assessment from that cancer's figures
(the model predicts new cancers, not ones already found).
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np
from sqlalchemy import func, select

from backend.assessments.tables import Assessment, AssessmentCancer
from backend.doctors.tables import FINDINGS, ScreeningOutcome
from backend.extensions import db
from backend.outcomes.registry import complete_to
from backend.outcomes.tables import RegistryDiagnosis
from backend.scoring import monitoring
from backend.scoring.monitoring import HORIZON_YEARS, Outcomes
from backend.scoring.vocabulary import BANDS, CANCERS, PRIORITIES

DAYS_A_YEAR = 365.25


@dataclass
class CancerOutcomes:
    """One cancer's rows (numpy columns, aligned)."""

    cancer: str
    ids: list[str]
    outcomes: Outcomes
    band: np.ndarray
    tier: np.ndarray
    finding: np.ndarray  # worst finding or "" when not screened for this cancer
    assessed: np.ndarray  # dates
    complete_to: date | None

    def subset(self, mask) -> "CancerOutcomes":
        return CancerOutcomes(self.cancer, [i for i, m in zip(self.ids, mask) if m],
                              self.outcomes.subset(mask), self.band[mask], self.tier[mask],
                              self.finding[mask], self.assessed[mask], self.complete_to)


def _first_diagnoses(cancer: str) -> dict[str, date]:
    rows = db.session.execute(select(RegistryDiagnosis.assessment_id,
                                     func.min(RegistryDiagnosis.diagnosed_on))
                              .where(RegistryDiagnosis.cancer == cancer)
                              .group_by(RegistryDiagnosis.assessment_id))
    return dict(rows.all())


def _worst_findings(cancer: str) -> dict[str, str]:
    worst: dict[str, str] = {}
    rows = db.session.execute(select(ScreeningOutcome.assessment_id, ScreeningOutcome.finding)
                              .where(ScreeningOutcome.cancer == cancer))
    for assessment_id, finding in rows:
        known = worst.get(assessment_id)
        if known is None or FINDINGS.index(finding) < FINDINGS.index(known):
            worst[assessment_id] = finding
    return worst


def _follow_up(assessed: date, diagnosed: date | None, until: date | None):
    """(years observed, event) of one assessment; None when diagnosed before it."""
    if until is None:
        return 0.0, False
    end = min(until, assessed + timedelta(days=round(HORIZON_YEARS * DAYS_A_YEAR)))
    if diagnosed is not None and diagnosed < assessed:
        return None
    if diagnosed is not None and diagnosed <= end:
        return (diagnosed - assessed).days / DAYS_A_YEAR, True
    return max((end - assessed).days, 0) / DAYS_A_YEAR, False


def cancer_outcomes(cancer: str) -> CancerOutcomes:
    """Every assessment with a model risk for ``cancer``, with its outcomes."""
    until = complete_to()
    diagnoses, findings = _first_diagnoses(cancer), _worst_findings(cancer)
    query = (select(AssessmentCancer.assessment_id, AssessmentCancer.risk, AssessmentCancer.band,
                    Assessment.priority, Assessment.created_at)
             .join(Assessment, Assessment.id == AssessmentCancer.assessment_id)
             .where(AssessmentCancer.cancer == cancer, AssessmentCancer.risk.is_not(None))
             .order_by(Assessment.created_at, Assessment.id))
    ids, p, years, event, band, tier, finding, assessed = ([] for _ in range(8))
    for assessment_id, risk, row_band, priority, created in db.session.execute(query):
        observed = _follow_up(created.date(), diagnoses.get(assessment_id), until)
        if observed is None:
            continue
        ids.append(assessment_id)
        p.append(risk)
        years.append(observed[0])
        event.append(observed[1])
        band.append(row_band)
        tier.append(priority)
        finding.append(findings.get(assessment_id, ""))
        assessed.append(created.date())
    return CancerOutcomes(cancer, ids, Outcomes.of(p, years, event), np.array(band, dtype=object),
                          np.array(tier, dtype=int), np.array(finding, dtype=object),
                          np.array(assessed, dtype=object), until)


def _screening(rows: CancerOutcomes, mask) -> dict:
    found = rows.finding[mask]
    return {"screened": int(np.sum(found != "")),
            "findings": {f: int(np.sum(found == f)) for f in FINDINGS}}


def _group(rows: CancerOutcomes, mask) -> dict:
    return {**monitoring.observed_expected(rows.outcomes.subset(mask)), **_screening(rows, mask)}


def _deciles(rows: CancerOutcomes) -> list[dict]:
    decile = monitoring.decile_of(rows.outcomes.p)
    table = monitoring.calibration_by_decile(rows.outcomes)
    for entry in table:
        entry.update(_screening(rows, decile == entry["decile"] - 1))
    return table


def _tiers(rows: CancerOutcomes) -> list[dict]:
    out = []
    for tier, code in PRIORITIES.items():
        mask = rows.tier == tier
        screening = _screening(rows, mask)
        yields = monitoring.detection_yield(screening["screened"],
                                            screening["findings"]["cancer_confirmed"],
                                            screening["findings"]["precancerous"])
        out.append({"tier": tier, "code": code, "residents": int(mask.sum()), **yields})
    return out


def summarise(rows: CancerOutcomes) -> dict:
    """The monitoring figures of one cancer: overall, by band, by decile, by priority tier."""
    everyone = np.ones(len(rows.ids), dtype=bool)
    bands = [{"band": b, **_group(rows, rows.band == b)} for b in BANDS if (rows.band == b).any()]
    period = ([min(rows.assessed).isoformat(), max(rows.assessed).isoformat()]
              if rows.ids else None)
    overall = _group(rows, everyone)
    alert = any(b["verdict"] == "drift" for b in bands) or overall["verdict"] == "drift"
    judged = any(b["verdict"] != "too_few" for b in bands) or overall["verdict"] != "too_few"
    return {"cancer": rows.cancer, "period": period,
            "complete_to": rows.complete_to.isoformat() if rows.complete_to else None,
            "overall": overall, "bands": bands, "deciles": _deciles(rows), "tiers": _tiers(rows),
            "alert": alert, "too_few_events": not judged,
            "min_events": monitoring.DRIFT_MIN_EVENTS}


def monitoring_report(cancers=CANCERS) -> list[dict]:
    """``summarise`` for each cancer."""
    return [summarise(cancer_outcomes(cancer)) for cancer in cancers]
