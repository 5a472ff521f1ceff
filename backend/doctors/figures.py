"""Programme figures by month: assessed, shared, high risk per cancer, followed up, screened.

A doctor gets their centre's figures; an admin gets all centres', or one centre's. Counts
only, never a resident. Months are calendar months (UTC) of the assessment, and follow-up
and screening are counted against the month the resident was assessed (a cohort view: of
those assessed in March, how many were followed up and screened so far).
"""
from __future__ import annotations

from sqlalchemy import distinct, func, select

from backend.accounts.permissions import centre_scope
from backend.accounts.staff import Staff
from backend.assessments.tables import Assessment, AssessmentCancer
from backend.doctors.tables import SCREENING_RESULTS, FollowUp
from backend.extensions import db


def _month(column):
    """'YYYY-MM' of a timestamp, in SQL that SQLite and PostgreSQL both run."""
    if db.session.get_bind().dialect.name == "postgresql":
        return func.to_char(func.timezone("UTC", column), "YYYY-MM")
    return func.strftime("%Y-%m", column)


def _scoped(query, centre: str | None):
    return query.where(Assessment.centre_code == centre) if centre else query


def _counts(centre: str | None) -> dict[str, dict]:
    month = _month(Assessment.created_at)
    query = _scoped(select(month, func.count(), func.count().filter(Assessment.shared.is_(True)))
                    .group_by(month), centre)
    return {m: {"month": m, "assessed": n, "shared": s, "high_risk": {}, "followed_up": 0,
                "screened": 0, "screening_results": {r: 0 for r in SCREENING_RESULTS}}
            for m, n, s in db.session.execute(query)}


def _add_high_risk(months: dict, centre: str | None) -> None:
    month = _month(Assessment.created_at)
    query = _scoped(select(month, AssessmentCancer.cancer, func.count())
                    .join(AssessmentCancer, AssessmentCancer.assessment_id == Assessment.id)
                    .where(AssessmentCancer.high.is_(True))
                    .group_by(month, AssessmentCancer.cancer), centre)
    for m, cancer, n in db.session.execute(query):
        months[m]["high_risk"][cancer] = n


def _add_follow_up(months: dict, centre: str | None) -> None:
    month = _month(Assessment.created_at)
    base = select(month, func.count(distinct(Assessment.id))).join(
        FollowUp, FollowUp.assessment_id == Assessment.id).group_by(month)
    for m, n in db.session.execute(_scoped(base, centre)):
        months[m]["followed_up"] = n
    for m, n in db.session.execute(_scoped(base.where(FollowUp.status == "screened"), centre)):
        months[m]["screened"] = n
    results = _scoped(select(month, FollowUp.result, func.count(distinct(Assessment.id)))
                      .join(FollowUp, FollowUp.assessment_id == Assessment.id)
                      .where(FollowUp.status == "screened")
                      .group_by(month, FollowUp.result), centre)
    for m, result, n in db.session.execute(results):
        months[m]["screening_results"][result] = n


def programme_figures(staff: Staff, centre: str | None = None) -> dict:
    """``{"centre": code or None for all, "months": [...oldest first], "totals": {...}}``."""
    scope = centre_scope(staff, centre)
    months = _counts(scope)
    _add_high_risk(months, scope)
    _add_follow_up(months, scope)
    ordered = [months[m] for m in sorted(months)]
    totals = {key: sum(m[key] for m in ordered)
              for key in ("assessed", "shared", "followed_up", "screened")}
    totals["high_risk"] = {}
    for m in ordered:
        for cancer, n in m["high_risk"].items():
            totals["high_risk"][cancer] = totals["high_risk"].get(cancer, 0) + n
    return {"centre": scope, "months": ordered, "totals": totals}
