"""The doctor's action queue: their centre's shared assessments, most urgent first, filtered.

Order (``backend.doctors.priority``): tier 1 urgent (red flag, tumour marker above its limit,
positive FIT), tier 2 screening recommended, tier 3 the rest; within a tier whoever has
waited longest (since submitting, or since the planned next contact). Open items by default;
closed ones (screened, declined, unreachable three times) leave the queue and show with
``state=closed`` or ``state=all``. Overdue: open and past its due date
(``backend.doctors.queue``). Filter and order are served by the one composite index on
``queue_items``.
"""
from __future__ import annotations

import re
from datetime import date, datetime, timezone

from flask import current_app
from sqlalchemy import and_, func, or_, select

from backend.accounts import audit
from backend.accounts.permissions import require_role
from backend.accounts.staff import Staff
from backend.assessments.service import decrypt
from backend.assessments.tables import Assessment
from backend.doctors import priority, queue, texts
from backend.assessments.tables import AssessmentCancer, QueueItem
from backend.doctors.tables import FollowUp
from backend.scoring.vocabulary import BAND_RANK
from backend.extensions import db


def _now() -> datetime:
    return datetime.now(timezone.utc)


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


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


def _status_filter(query, filters: dict):
    status = filters.get("status")
    if status == "none":
        return query.where(QueueItem.status.is_(None))
    return query.where(QueueItem.status == status) if status else query


def overdue_clause(today: date | None = None):
    return and_(QueueItem.is_open.is_(True), QueueItem.due_on < (today or date.today()))


def _state_filter(query, filters: dict):
    state = filters.get("state") or "open"
    if state == "all":
        return query
    return query.where(QueueItem.is_open.is_(state == "open"))


ID_PREFIX = re.compile(r"[0-9a-fA-F-]{8,36}")
PHONE_LIKE = re.compile(r"[\d\s+()-]{7,20}")


def _search(query, staff: Staff, text: str):
    """Name (whole, as given), phone, or the start of the result number (the assessment id)."""
    text = text.strip()
    found = []
    if ID_PREFIX.fullmatch(text):
        found.append(Assessment.id.like(text.lower() + "%"))
    if PHONE_LIKE.fullmatch(text) and queue.phone_key(staff.centre_code, text):
        found.append(QueueItem.phone_key == queue.phone_key(staff.centre_code, text))
    if not found or not PHONE_LIKE.fullmatch(text):
        key = queue.name_key(staff.centre_code, text)
        if key:
            found.append(QueueItem.name_key == key)
    return query.where(or_(*found)) if found else query.where(False)


def filtered_query(staff: Staff, filters: dict):
    """``select(Assessment, QueueItem, FollowUp)`` of the doctor's centre, filtered, in queue
    order (tier, waiting since, id)."""
    require_role(staff, "doctor")
    last_ids = _latest_follow_up()
    query = (select(Assessment, QueueItem, FollowUp)
             .join(QueueItem, QueueItem.assessment_id == Assessment.id)
             .outerjoin(last_ids, last_ids.c.assessment_id == Assessment.id)
             .outerjoin(FollowUp, FollowUp.id == last_ids.c.last_id)
             .where(QueueItem.centre_code == staff.centre_code, Assessment.shared.is_(True)))
    if filters.get("q"):  # a search finds every submission, open or closed, latest or earlier
        query = _search(query, staff, filters["q"])
    else:  # the queue: one row per person, their latest submission
        query = _state_filter(query.where(QueueItem.is_current.is_(True)), filters)
    index = None
    if filters.get("cancer"):
        index = AssessmentCancer
        query = query.join(index, and_(index.assessment_id == Assessment.id,
                                       index.cancer == filters["cancer"]))
    query = _status_filter(_band_filter(query, filters, index), filters)
    if filters.get("tier"):
        query = query.where(QueueItem.tier == filters["tier"])
    if filters.get("red_flag") is not None:
        query = query.where(Assessment.red_flag.is_(filters["red_flag"]))
    if filters.get("overdue") is not None:
        clause = overdue_clause()
        query = query.where(clause if filters["overdue"] else ~clause)
    return query.order_by(QueueItem.tier, QueueItem.waiting_since, QueueItem.assessment_id)


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


def is_overdue(item: QueueItem | None, today: date | None = None) -> bool:
    return bool(item is not None and item.is_open and item.due_on is not None
                and item.due_on < (today or date.today()))


def waiting_days(item: QueueItem, now: datetime | None = None) -> int:
    """Whole days since the item started waiting (0 when its next contact is still ahead)."""
    return max(0, ((now or _now()) - _aware(item.waiting_since)).days)


def worklist_item(row: Assessment, item: QueueItem, last: FollowUp | None, high: list,
                  language: str) -> dict:
    """One line of the queue (also one row of the export)."""
    markers = queue.doctor_markers(row.id) if item.tier == priority.URGENT else []
    return {
        "assessment_id": row.id, "created_at": _aware(row.created_at).isoformat(),
        "age": row.age, "sex": row.sex, "name": decrypt(row.contact_name_enc),
        "phone": decrypt(row.contact_phone_enc), "assisted": row.assisted_by is not None,
        "red_flags": [{"code": c, "text": texts.red_flag_text(language, c)}
                      for c in row.result["red_flags"]],
        "high_risk_cancers": [{"cancer": c.cancer, "name": texts.cancer_name(language, c.cancer),
                               "risk": c.risk} for c in high],
        "top_risk": row.top_risk,
        "tier": item.tier, "tier_text": texts.tier_text(language, item.tier),
        "reasons": texts.reasons_text(language, priority.reasons(row.result, markers)),
        "is_open": item.is_open, "attempts": item.attempts,
        "waiting_days": waiting_days(item),
        "follow_up": {"status": last.status, "result": last.result,
                      "text": texts.follow_up_text(language, last.status, last.result),
                      "date": last.event_date.isoformat(),
                      "next_contact": last.next_contact.isoformat() if last.next_contact else None}
        if last else None,
        "follow_up_due": item.due_on.isoformat() if item.due_on else None,
        "overdue": is_overdue(item),
    }


def items_for(rows, language: str) -> list[dict]:
    high = _high_cancers([row.id for row, _item, _last in rows])
    return [worklist_item(row, item, last, high.get(row.id, []), language)
            for row, item, last in rows]


def _count(query) -> int:
    return db.session.scalar(select(func.count()).select_from(query.order_by(None).subquery()))


def centre_counts(staff: Staff) -> dict[str, int]:
    """What needs doing at the whole centre, whatever the filters, in one query: open urgent,
    open screening recommended, open others, overdue, closed."""
    require_role(staff, "doctor")
    today = date.today()
    q = QueueItem
    open_ = q.is_open.is_(True)
    row = db.session.execute(select(
        func.count().filter(open_, q.tier == priority.URGENT),
        func.count().filter(open_, q.tier == priority.SCREENING),
        func.count().filter(open_, q.tier == priority.REST),
        func.count().filter(open_, q.due_on < today),
        func.count().filter(q.is_open.is_(False)),
    ).join(Assessment, Assessment.id == q.assessment_id).where(
        q.centre_code == staff.centre_code, q.is_current.is_(True),
        Assessment.shared.is_(True))).one()
    return dict(zip(("urgent", "screening", "other", "overdue", "closed"), row))


def worklist(staff: Staff, filters: dict, language: str) -> dict:
    """A page of the queue; the read is audited with the ids shown."""
    query = filtered_query(staff, filters)
    total = _count(query)
    page, per_page = filters.get("page", 1), filters.get("per_page", 25)
    rows = db.session.execute(query.offset((page - 1) * per_page).limit(per_page)).all()
    items = items_for(rows, language)
    audit.record_listing(staff, "worklist.read", (i["assessment_id"] for i in items),
                         **_loggable(filters), count=len(items))
    db.session.commit()
    return {"items": items, "total": total, "page": page, "per_page": per_page,
            "overdue_days": current_app.config["OVERDUE_DAYS"], "counts": centre_counts(staff)}


def _loggable(filters: dict) -> dict:
    """What the page was, never what it was filtered or searched by: a filter beside the ids
    it returned is health data (cancer, tier), a search text is a name or a phone."""
    return {k: filters[k] for k in ("page", "per_page") if filters.get(k) is not None}


def earlier_assessments(row: Assessment, language: str) -> list[dict]:
    """The same person's other submissions at this centre, newest first."""
    item = db.session.get(QueueItem, row.id)
    if item is None or not item.person_key:
        return []
    rows = db.session.execute(
        select(Assessment, QueueItem).join(QueueItem, QueueItem.assessment_id == Assessment.id)
        .where(QueueItem.centre_code == item.centre_code, QueueItem.person_key == item.person_key,
               Assessment.id != row.id, Assessment.shared.is_(True))
        .order_by(Assessment.created_at.desc())).all()
    high = _high_cancers([a.id for a, _ in rows])
    return [{"assessment_id": a.id, "created_at": _aware(a.created_at).isoformat(),
             "tier": i.tier, "tier_text": texts.tier_text(language, i.tier),
             "high_risk_cancers": [texts.cancer_name(language, c.cancer)
                                   for c in high.get(a.id, [])],
             "follow_up": texts.follow_up_text(language, i.status), "is_current": i.is_current}
            for a, i in rows]
