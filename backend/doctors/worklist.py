"""The doctor's worklist: their centre's shared assessments, most urgent first, filtered.

Order: one priority (``backend.scoring.assess.priority``: urgent = a red flag, a tumour
marker above its limit or a positive FIT; then screening recommended; then the rest), and
within it whoever has waited longest; each row says why in a few words. A resident needs follow-up when high risk or with a red flag, and is **overdue** when
such an assessment is older than ``OVERDUE_DAYS`` (default 14) and has no follow-up record.
Red flags count as well as high risk: the result tells those residents to see a doctor now,
so they must not wait unseen longer than a high-risk one.
"""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

from flask import current_app
from sqlalchemy import and_, func, or_, select

from backend.accounts import audit
from backend.accounts.permissions import require_role
from backend.accounts.staff import Staff
from backend.assessments.service import decrypt
from backend.assessments.tables import Assessment, AssessmentCancer
from backend.doctors import texts
from backend.doctors.tables import FollowUp
from backend.scoring.vocabulary import BAND_RANK
from backend.extensions import db


def _now() -> datetime:
    return datetime.now(timezone.utc)


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


def overdue_cutoff(now: datetime | None = None) -> datetime:
    return (now or _now()) - timedelta(days=current_app.config["OVERDUE_DAYS"])


def _latest_follow_up():
    """Each assessment's latest follow-up id (records are append-only: highest id is latest)."""
    return (select(FollowUp.assessment_id, func.max(FollowUp.id).label("last_id"))
            .group_by(FollowUp.assessment_id).subquery())


def _band_filter(query, filters: dict, index):
    if not filters.get("band"):
        return query
    if index is not None:
        return query.where(index.band == filters["band"])
    top = (select(AssessmentCancer.assessment_id,
                  func.max(AssessmentCancer.band_rank).label("rank"))
           .group_by(AssessmentCancer.assessment_id).subquery())
    return query.join(top, top.c.assessment_id == Assessment.id).where(
        top.c.rank == BAND_RANK[filters["band"]])


def _status_filter(query, filters: dict, last):
    status = filters.get("status")
    if status == "none":
        return query.where(last.id.is_(None))
    return query.where(last.status == status) if status else query


def _overdue_clause(last, now: datetime | None = None):
    needs = or_(Assessment.high_risk, Assessment.red_flag)
    return and_(needs, last.id.is_(None), Assessment.created_at < overdue_cutoff(now))


def filtered_query(staff: Staff, filters: dict):
    """``select(Assessment, FollowUp)`` of the doctor's centre with ``filters``, ordered."""
    require_role(staff, "doctor")
    last_ids = _latest_follow_up()
    query = (select(Assessment, FollowUp)
             .outerjoin(last_ids, last_ids.c.assessment_id == Assessment.id)
             .outerjoin(FollowUp, FollowUp.id == last_ids.c.last_id)
             .where(Assessment.centre_code == staff.centre_code, Assessment.shared.is_(True)))
    last, index = FollowUp, None
    if filters.get("cancer"):
        index = AssessmentCancer
        query = query.join(index, and_(index.assessment_id == Assessment.id,
                                       index.cancer == filters["cancer"]))
    query = _status_filter(_band_filter(query, filters, index), filters, last)
    if filters.get("red_flag") is not None:
        query = query.where(Assessment.red_flag.is_(filters["red_flag"]))
    if filters.get("overdue") is not None:
        clause = _overdue_clause(last)
        query = query.where(clause if filters["overdue"] else ~clause)
    # One priority (urgent, screening recommended, the rest), longest waiting first within it.
    return query.order_by(Assessment.priority, Assessment.created_at, Assessment.id)


def _high_cancers(ids: list[str]) -> dict[str, list[AssessmentCancer]]:
    found: dict[str, list] = {}
    if not ids:
        return found
    rows = db.session.scalars(select(AssessmentCancer).where(
        AssessmentCancer.assessment_id.in_(ids), AssessmentCancer.high.is_(True))
        .order_by(AssessmentCancer.risk.desc().nulls_last()))
    for row in rows:
        found.setdefault(row.assessment_id, []).append(row)
    return found


def is_overdue(row: Assessment, last: FollowUp | None, now: datetime | None = None) -> bool:
    return bool((row.high_risk or row.red_flag) and last is None
                and _aware(row.created_at) < overdue_cutoff(now))


def worklist_item(row: Assessment, last: FollowUp | None, high: list, language: str) -> dict:
    """One line of the worklist (also one row of the export)."""
    days = current_app.config["OVERDUE_DAYS"]
    needs = row.high_risk or row.red_flag
    return {
        "assessment_id": row.id, "created_at": _aware(row.created_at).isoformat(),
        "age": row.age, "sex": row.sex, "name": decrypt(row.contact_name_enc),
        "phone": decrypt(row.contact_phone_enc), "assisted": row.assisted_by is not None,
        "red_flags": [{"code": c, "text": texts.t(language, texts.RED_FLAG_TEXTS[c])}
                      for c in row.result["red_flags"]],
        "high_risk_cancers": [{"cancer": c.cancer, "name": texts.cancer_name(language, c.cancer),
                               "risk": c.risk} for c in high],
        "top_risk": row.top_risk,
        "priority": row.priority, "priority_text": texts.priority_text(language, row.priority),
        "why": texts.why_listed(language, row.result),
        "follow_up": {"status": last.status, "result": last.result,
                      "text": texts.follow_up_text(language, last.status, last.result),
                      "date": last.event_date.isoformat()} if last else None,
        "follow_up_due": (_aware(row.created_at) + timedelta(days=days)).date().isoformat()
        if needs else None,
        "overdue": is_overdue(row, last),
    }


def items_for(pairs, language: str) -> list[dict]:
    high = _high_cancers([row.id for row, _ in pairs])
    return [worklist_item(row, last, high.get(row.id, []), language) for row, last in pairs]


def _count(query) -> int:
    return db.session.scalar(select(func.count()).select_from(query.order_by(None).subquery()))


COUNTED = {"shared": {}, "red_flag": {"red_flag": True}, "no_follow_up": {"status": "none"},
           "overdue": {"overdue": True}}


def centre_counts(staff: Staff) -> dict[str, int]:
    """What needs doing at the whole centre, whatever the filters: shared, with red flags,
    with no follow-up yet, overdue. Part of the worklist answer (and of its one audit record)
    so the screen need not read the list four more times to show them."""
    return {key: _count(filtered_query(staff, filters)) for key, filters in COUNTED.items()}


def worklist(staff: Staff, filters: dict, language: str) -> dict:
    """A page of the worklist; the read is audited with the ids shown."""
    query = filtered_query(staff, filters)
    total = _count(query)
    page, per_page = filters.get("page", 1), filters.get("per_page", 25)
    pairs = db.session.execute(query.offset((page - 1) * per_page).limit(per_page)).all()
    items = items_for(pairs, language)
    audit.record(staff, "worklist.read", filters=_loggable(filters),
                 assessment_ids=[i["assessment_id"] for i in items])
    db.session.commit()
    return {"items": items, "total": total, "page": page, "per_page": per_page,
            "overdue_days": current_app.config["OVERDUE_DAYS"], "counts": centre_counts(staff)}


def _loggable(filters: dict) -> dict:
    return {k: v for k, v in filters.items() if v is not None}
