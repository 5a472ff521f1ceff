"""Programme figures by month: assessed, shared, high risk per cancer, followed up, screened,
screening results, and the rates between them; centres side by side for admins; CSV.

Every figure is counted in the month its event happened (China time): an assessment in the
month it was stored, a follow-up in the month of the follow-up's date, a screening in the
month of the screening record (``backend.assessments.programme``). They are read from
``programme_counts`` with one GROUP BY over its key (centre, month, measure, cancer): the
table holds a few rows per centre and month, whatever the number of assessments, and no
resident, so erasing a resident leaves past months as they were.

Rates (None when the denominator is 0): followed up = residents followed up ÷ assessments
shared; screened = residents screened ÷ residents followed up; detection = cancers found ÷
residents screened. Within a month they compare that month's events (a resident assessed in
March and screened in May counts in March's "shared" and May's "screened").

A doctor gets their centre's figures; an admin gets all centres' (and each centre's beside
the others), or one centre's. Counts only, never a resident.
"""
from __future__ import annotations

import csv
import io
from collections import Counter

from sqlalchemy import delete, func, select

from backend.accounts.permissions import centre_scope
from backend.accounts.staff import Staff
from backend.assessments import programme
from backend.assessments.tables import Assessment, AssessmentCancer, ProgrammeCount
from backend.centres.service import list_health_centres, localised
from backend.doctors import texts
from backend.doctors.tables import SCREENING_RESULTS, FollowUp
from backend.extensions import db
from backend.scoring.vocabulary import N_

COUNTS = ("assessed", "shared", "followed_up", "screened")
RATES = {"follow_up_rate": ("followed_up", "shared"), "screening_rate": ("screened", "followed_up"),
         "detection_rate": ("cancer_found", "screened")}


def _empty(month: str | None = None) -> dict:
    return {"month": month, "assessed": 0, "shared": 0, "high_risk": {}, "followed_up": 0,
            "screened": 0, "screening_results": {r: 0 for r in SCREENING_RESULTS}}


def _add(figures: dict, measure: str, cancer: str, n: int) -> None:
    if measure == "high_risk":
        figures["high_risk"][cancer] = figures["high_risk"].get(cancer, 0) + n
    elif measure == "result":
        if cancer in figures["screening_results"]:
            figures["screening_results"][cancer] += n
    elif measure in COUNTS:
        figures[measure] += n


def _with_rates(figures: dict) -> dict:
    values = {**figures, "cancer_found": figures["screening_results"]["cancer_found"]}
    for rate, (top, bottom) in RATES.items():
        figures[rate] = round(values[top] / values[bottom], 4) if values[bottom] else None
    return figures


def _rows(scope: str | None, by: str = "month"):
    """(month or centre, measure, cancer, n) summed in SQL, one GROUP BY over the key's columns:
    the result is a few hundred rows whatever the number of centres, months or assessments."""
    c = ProgrammeCount
    first = c.month if by == "month" else c.centre_code
    query = select(first, c.measure, c.cancer, func.sum(c.n)).group_by(first, c.measure, c.cancer)
    if scope:
        query = query.where(c.centre_code == scope)
    return db.session.execute(query).all()


def _by_centre_and_month(scope: str | None):
    c = ProgrammeCount
    query = select(c.centre_code, c.month, c.measure, c.cancer, func.sum(c.n)).group_by(
        c.centre_code, c.month, c.measure, c.cancer)
    if scope:
        query = query.where(c.centre_code == scope)
    return db.session.execute(query).all()


def _centre_names(language: str) -> dict[str, str]:
    return {c.code: localised(c, language, "name")["name"]
            for c in list_health_centres(active_only=False)}


def programme_figures(staff: Staff, centre: str | None = None, language: str = "zh-CN") -> dict:
    """``{"centre", "centre_name", "months": [...oldest first], "totals", "centres"}``;
    ``centres`` (each centre's totals and rates, side by side) for admins over all centres."""
    scope = centre_scope(staff, centre)
    months, totals, by_centre = {}, _empty(), {}
    for month, measure, cancer, n in _rows(scope):
        _add(months.setdefault(month, _empty(month)), measure, cancer, int(n))
        _add(totals, measure, cancer, int(n))
    if scope is None:
        for code, measure, cancer, n in _rows(None, by="centre"):
            _add(by_centre.setdefault(code, _empty()), measure, cancer, int(n))
    names = _centre_names(language)
    totals.pop("month")
    result = {"centre": scope, "centre_name": names.get(scope) if scope else None,
              "months": [_with_rates(months[m]) for m in sorted(months)],
              "totals": _with_rates(totals), "centres": []}
    if scope is None:
        result["centres"] = [dict(_with_rates(by_centre[code]), centre=code,
                                  centre_name=names.get(code, code), month=None)
                             for code in sorted(by_centre, key=lambda c: names.get(c, c))]
    return result


CSV_HEADERS = (N_("Centre"), N_("Month"), N_("Assessments done"), N_("Shared with the centre"),
               N_("Followed up"), N_("Screened"), N_("Cancer found"), N_("Followed up (rate)"),
               N_("Screened (rate)"), N_("Detection per screened"))


def _percent(rate: float | None) -> str:
    return "" if rate is None else f"{rate * 100:.1f}%"


def figures_csv(staff: Staff, centre: str | None, language: str) -> str:
    """The figures table as CSV (BOM first, for Excel): a row per centre and month (one
    centre's months for a doctor or a chosen centre), then the totals."""
    scope = centre_scope(staff, centre)
    names = _centre_names(language)
    table: dict[tuple[str, str], dict] = {}
    for code, month, measure, cancer, n in _by_centre_and_month(scope):
        _add(table.setdefault((code, month), _empty(month)), measure, cancer, int(n))
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out)
    writer.writerow([texts.t(language, h) for h in CSV_HEADERS])
    for (code, month), row in sorted(table.items(), key=lambda kv: (names.get(kv[0][0], ""),
                                                                    kv[0][1])):
        _with_rates(row)
        writer.writerow([names.get(code, code), month, row["assessed"], row["shared"],
                         row["followed_up"], row["screened"],
                         row["screening_results"]["cancer_found"],
                         _percent(row["follow_up_rate"]), _percent(row["screening_rate"]),
                         _percent(row["detection_rate"])])
    return out.getvalue()


def _china_month(column):
    """'YYYY-MM' of a stored UTC time in China time, in SQL both databases run."""
    if db.session.get_bind().dialect.name == "postgresql":
        return func.to_char(func.timezone("Asia/Shanghai", column), "YYYY-MM")
    return func.strftime("%Y-%m", column, "+8 hours")


def rebuild_counts() -> int:
    """Recompute ``programme_counts`` from the stored assessments and follow-ups (data loaded
    behind the services' back, e.g. a benchmark's); returns the rows written. Never on a live
    programme: erased residents' counts would be lost."""
    db.session.execute(delete(ProgrammeCount))
    counts = Counter()
    a, month = Assessment, _china_month(Assessment.created_at)
    for code, m, n, shared in db.session.execute(
            select(a.centre_code, month, func.count(), func.count().filter(a.shared.is_(True)))
            .group_by(a.centre_code, month)):
        counts[(code or "", m, "assessed", "")] += n
        if shared:
            counts[(code or "", m, "shared", "")] += shared
    for code, m, cancer, n in db.session.execute(
            select(a.centre_code, month, AssessmentCancer.cancer, func.count())
            .join(AssessmentCancer, AssessmentCancer.assessment_id == a.id)
            .where(AssessmentCancer.high.is_(True))
            .group_by(a.centre_code, month, AssessmentCancer.cancer)):
        counts[(code or "", m, "high_risk", cancer)] += n
    centres = dict(db.session.execute(select(Assessment.id, Assessment.centre_code)).all())
    seen, screened = set(), set()
    for f in db.session.scalars(select(FollowUp).order_by(FollowUp.id)):
        counts.update(programme.follow_up_counts(
            centres.get(f.assessment_id) or "", f.event_date, f.status, f.result,
            first=f.assessment_id not in seen, first_screened=f.assessment_id not in screened))
        seen.add(f.assessment_id)
        if f.status == "screened":
            screened.add(f.assessment_id)
    programme.add(counts)
    db.session.commit()
    return len(counts)
