"""The doctor's action queue: their centre's shared assessments, most urgent first, filtered.

Order (``backend.doctors.priority``): tier 1 urgent (red flag, tumour marker above its limit,
positive FIT), tier 2 screening recommended, tier 3 the rest; within a tier whoever has
waited longest (since submitting, or since the planned next contact). Open items by default;
closed ones (screened, declined, unreachable three times) leave the queue and show with
``state=closed`` or ``state=all`` (open first, then closed). Overdue: open and past its due
date (``backend.doctors.queue``).

At a million residents a page must not sort or count the centre: every filter is a column
of ``queue_items`` with a composite index ending in the queue's order
(``backend.assessments.tables``), so a page is an index range read in order and the next
page starts after the last row's key (keyset pagination: ``after``/``before`` cursors, as
fast at the millionth row as at the first). Totals are counted up to ``COUNT_LIMIT``
("10,000 or more" is all a doctor needs to know), which bounds their cost too.
"""
from __future__ import annotations

import base64
import re
from datetime import date, datetime, timezone

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import and_, bindparam, false, func, or_, select, true, tuple_
from sqlalchemy.orm import defer

from backend.accounts import audit
from backend.accounts.permissions import require_role
from backend.accounts.staff import Staff
from backend.assessments.service import decrypt
from backend.assessments.tables import Assessment, AssessmentCancer, QueueItem, band_column
from backend.doctors import priority, queue, texts
from backend.doctors.tables import FollowUp, TumourMarker
from backend.errors import invalid
from backend.extensions import db
from backend.scoring.vocabulary import BAND_RANK

COUNT_LIMIT = 10_000
ORDER = (QueueItem.tier, QueueItem.waiting_since, QueueItem.assessment_id)


def _now() -> datetime:
    return datetime.now(timezone.utc)


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


ID_PREFIX = re.compile(r"[0-9a-fA-F-]{8,36}")
PHONE_LIKE = re.compile(r"[\d\s+()-]{7,20}")


def _id_prefix(text: str):
    """Ids starting with ``text``: a range on the primary key (an index seek in every
    collation the ids' characters sort alike in), the LIKE keeping it exact."""
    text = text.lower()
    upper = text[:-1] + chr(ord(text[-1]) + 1)
    return and_(Assessment.id >= text, Assessment.id < upper, Assessment.id.like(text + "%"))


SEARCH_LIMIT = 500


def _search(staff: Staff, text: str) -> list:
    """Name (whole, as given), phone, or the start of the result number (the assessment id).

    Each kind of match is looked up alone on its own index (a few hundred ids at most), then
    the list is those ids: an OR across them in one query would read the whole centre."""
    text = text.strip()
    lookups = []
    if ID_PREFIX.fullmatch(text):
        lookups.append(select(Assessment.id).join(
            QueueItem, QueueItem.assessment_id == Assessment.id).where(
            QueueItem.centre_code == staff.centre_code, _id_prefix(text)))
    phone = queue.phone_key(staff.centre_code, text) if PHONE_LIKE.fullmatch(text) else None
    if phone:
        lookups.append(select(QueueItem.assessment_id).where(
            QueueItem.centre_code == staff.centre_code, QueueItem.phone_key == phone))
    if not lookups or not PHONE_LIKE.fullmatch(text):
        key = queue.name_key(staff.centre_code, text)
        if key:
            lookups.append(select(QueueItem.assessment_id).where(
                QueueItem.centre_code == staff.centre_code, QueueItem.name_key == key))
    ids = {i for lookup in lookups for i in db.session.scalars(lookup.limit(SEARCH_LIMIT))}
    return [QueueItem.assessment_id.in_(sorted(ids))] if ids else [false()]


def overdue_clause(today: date | None = None):
    return and_(QueueItem.is_open.is_(True), QueueItem.due_on < (today or date.today()))


def _band(filters: dict) -> list:
    """With a cancer: that cancer's band (null: the cancer does not apply); without: the
    highest band of any cancer."""
    column = band_column(filters["cancer"]) if filters.get("cancer") else QueueItem.top_band
    if filters.get("band"):
        return [column == BAND_RANK[filters["band"]]]
    return [column.is_not(None)] if filters.get("cancer") else []


def _conditions(filters: dict) -> list:
    """The filters as conditions on ``queue_items`` alone (each served by its index)."""
    found = _band(filters)
    status = filters.get("status")
    if status:
        found.append(QueueItem.status.is_(None) if status == "none" else QueueItem.status == status)
    if filters.get("tier"):
        found.append(QueueItem.tier == filters["tier"])
    if filters.get("red_flag") is not None:
        found.append(QueueItem.red_flag.is_(filters["red_flag"]))
        if filters["red_flag"]:  # a red flag always makes the item urgent: read tier 1 only
            found.append(QueueItem.tier == priority.URGENT)
    if filters.get("overdue") is not None:  # not overdue: closed, no due date, or due later
        today = date.today()
        found.append(overdue_clause(today) if filters["overdue"] else or_(
            QueueItem.is_open.is_(False), QueueItem.due_on.is_(None), QueueItem.due_on >= today))
    return found


def _segments(filters: dict) -> tuple[bool, ...]:
    """The list is the open items (in queue order), then the closed ones: which of the two
    this list shows. A search shows both."""
    state = "all" if filters.get("q") else (filters.get("state") or "open")
    if filters.get("overdue"):  # overdue items are open
        state = "open" if state != "closed" else "none"
    return {"open": (True,), "closed": (False,), "all": (True, False), "none": ()}[state]


def _base(staff: Staff, filters: dict, *columns, with_assessment: bool = False):
    """``select(*columns)`` of the doctor's centre's queue rows that match the filters."""
    require_role(staff, "doctor")
    query = select(*columns).select_from(QueueItem)
    if with_assessment:
        query = query.join(Assessment, Assessment.id == QueueItem.assessment_id)
    query = query.where(QueueItem.centre_code == staff.centre_code, *_conditions(filters))
    if filters.get("q"):  # a search finds every submission, open or closed, latest or earlier
        if "_found" not in filters:  # looked up once for the page, its count and the export
            filters["_found"] = _search(staff, filters["q"])
        return query.where(*filters["_found"])
    return query.where(QueueItem.is_current.is_(True))  # one row per person: their latest


def _rows_query(staff: Staff, filters: dict):
    """The page's columns: the assessment (not its answers), its queue row and its latest
    follow-up (by key)."""
    return (_base(staff, filters, Assessment, QueueItem, FollowUp, with_assessment=True)
            .outerjoin(FollowUp, FollowUp.id == QueueItem.last_follow_up_id)
            .options(defer(Assessment.answers), defer(Assessment.factors)))


# --- keyset cursors --------------------------------------------------------------------------

def encode_cursor(item: QueueItem) -> str:
    """The position just after (or before) ``item`` in the queue's order, opaque to clients."""
    moment = _aware(item.waiting_since).astimezone(timezone.utc).isoformat()
    raw = f"{int(item.is_open)}|{item.tier}|{moment}|{item.assessment_id}"
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def decode_cursor(cursor: str, field: str) -> tuple:
    """``(is_open, tier, waiting_since, assessment_id)``; 422 for anything else."""
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
        is_open, tier, moment, assessment_id = raw.split("|")
        if is_open not in ("0", "1") or len(assessment_id) > 36:
            raise ValueError(raw)
        return is_open == "1", int(tier), _aware(datetime.fromisoformat(moment)), assessment_id
    except ValueError:
        raise invalid(field, _("This page of the list is no longer valid. Please start again "
                               "from the first page.")) from None


def _fixed_tier(filters: dict) -> int | None:
    if filters.get("red_flag"):
        return priority.URGENT
    return filters.get("tier")


def _key_condition(key: tuple, forward: bool, tier: int | None):
    """Rows after (forward) or before ``key`` within its segment, as one row-value range over
    the order's columns that are not fixed by the filters (with the tier fixed, a range over
    (tier, …) would make SQLite sort what follows it)."""
    _open, key_tier, moment, assessment_id = key
    columns, values = ORDER, (key_tier, moment, assessment_id)
    if tier is not None:
        if key_tier != tier:  # a cursor from another list: everything or nothing is after it
            return true() if (key_tier < tier) == forward else false()
        columns, values = ORDER[1:], values[1:]
    bound = tuple_(*(bindparam(None, v, type_=c.type) for c, v in zip(columns, values)))
    return tuple_(*columns) > bound if forward else tuple_(*columns) < bound


def _read(staff: Staff, filters: dict, limit: int, key: tuple | None, forward: bool) -> list:
    """Up to ``limit`` rows from ``key`` on (excluded), segment by segment, in list order
    (reversed when reading backwards).

    The page's ids are found first from the index alone (a filter on an index column, such as
    overdue, is checked without reading the rows it skips), then only those rows are read."""
    segments = _segments(filters)
    if not forward:
        segments = segments[::-1]
    if key is not None:
        segments = segments[segments.index(key[0]):] if key[0] in segments else ()
    order = ORDER if forward else tuple(c.desc() for c in ORDER)
    ids = []
    for segment in segments:
        query = _base(staff, filters, QueueItem.assessment_id).where(
            QueueItem.is_open.is_(segment))
        if key is not None and key[0] == segment:
            query = query.where(_key_condition(key, forward, _fixed_tier(filters)))
        ids += db.session.scalars(query.order_by(*order).limit(limit - len(ids))).all()
        if len(ids) >= limit:
            break
    if not ids:
        return []
    found = {row[1].assessment_id: row for row in db.session.execute(
        _rows_query(staff, filters).where(QueueItem.assessment_id.in_(ids)))}
    return [found[i] for i in ids if i in found]


def page_of(staff: Staff, filters: dict) -> dict:
    """One page: ``{"rows", "next", "prev"}`` (cursors, or None at either end)."""
    per_page = filters.get("per_page", 25)
    if filters.get("before") and filters.get("after"):
        raise invalid("before", _("Ask for the page after or the page before, not both."))
    if filters.get("before"):
        key = decode_cursor(filters["before"], "before")
        rows = _read(staff, filters, per_page + 1, key, forward=False)
        more_before = len(rows) > per_page
        rows = rows[:per_page][::-1]
        return {"rows": rows, "prev": encode_cursor(rows[0][1]) if more_before else None,
                "next": encode_cursor(rows[-1][1]) if rows else None}
    key = decode_cursor(filters["after"], "after") if filters.get("after") else None
    rows = _read(staff, filters, per_page + 1, key, forward=True)
    more_after = len(rows) > per_page
    rows = rows[:per_page]
    return {"rows": rows, "next": encode_cursor(rows[-1][1]) if more_after else None,
            "prev": encode_cursor(rows[0][1]) if key is not None and rows else None}


def _capped_count(query) -> int:
    """How many rows ``query`` has, counted up to ``COUNT_LIMIT + 1`` (an index range of
    at most that many entries, whatever the size of the centre)."""
    return db.session.scalar(select(func.count()).select_from(
        query.limit(COUNT_LIMIT + 1).subquery()))


def _count_ranges(filters: dict, segment: bool) -> list[tuple]:
    """The index ranges a segment's count reads. "Not overdue" among the open items is two
    ranges of the due-date index (due today or later; no due date): counted as one OR
    condition it would be filtered row by row over the whole centre."""
    if filters.get("overdue") is False and segment:
        return [(QueueItem.due_on >= date.today(),), (QueueItem.due_on.is_(None),)]
    return [()]


def filtered_total(staff: Staff, filters: dict) -> int:
    """Rows of the filtered list, counted up to ``COUNT_LIMIT + 1``."""
    total = 0
    for segment in _segments(filters):
        for extra in _count_ranges(filters, segment):
            total += _capped_count(_base(staff, filters, QueueItem.assessment_id).where(
                QueueItem.is_open.is_(segment), *extra))
            if total > COUNT_LIMIT:
                return total
    return total


def _high_cancers(ids: list[str]) -> dict[str, list[AssessmentCancer]]:
    """Each listed assessment's cancers with screening recommended (one query a page)."""
    found: dict[str, list] = {}
    if not ids:
        return found
    rows = db.session.scalars(select(AssessmentCancer).where(
        AssessmentCancer.assessment_id.in_(ids), AssessmentCancer.high.is_(True))
        .order_by(AssessmentCancer.risk.desc().nulls_last()))
    for row in rows:
        found.setdefault(row.assessment_id, []).append(row)
    return found


def _doctor_markers(ids: list[str]) -> dict[str, list[dict]]:
    """The tumour markers doctors entered for the listed urgent assessments (one query)."""
    found: dict[str, list] = {}
    if not ids:
        return found
    for m in db.session.scalars(select(TumourMarker).where(
            TumourMarker.assessment_id.in_(ids)).order_by(TumourMarker.id)):
        found.setdefault(m.assessment_id, []).append(
            {"marker": m.marker, "value": m.value, "upper_limit": m.upper_limit,
             "measured_on": m.measured_on})
    return found


def is_overdue(item: QueueItem | None, today: date | None = None) -> bool:
    return bool(item is not None and item.is_open and item.due_on is not None
                and item.due_on < (today or date.today()))


def waiting_days(item: QueueItem, now: datetime | None = None) -> int:
    """Whole days since the item started waiting (0 when its next contact is still ahead)."""
    return max(0, ((now or _now()) - _aware(item.waiting_since)).days)


def worklist_item(row: Assessment, item: QueueItem, last: FollowUp | None, high: list,
                  markers: list[dict], language: str) -> dict:
    """One line of the queue (also one row of the export)."""
    result = row.result
    return {
        "assessment_id": row.id, "created_at": _aware(row.created_at).isoformat(),
        "age": row.age, "sex": row.sex, "name": decrypt(row.contact_name_enc),
        "phone": decrypt(row.contact_phone_enc), "assisted": row.assisted_by is not None,
        "red_flags": [{"code": c, "text": texts.red_flag_text(language, c)}
                      for c in result["red_flags"]],
        "high_risk_cancers": [{"cancer": c.cancer, "name": texts.cancer_name(language, c.cancer),
                               "risk": c.risk} for c in high],
        "top_risk": row.top_risk,
        "tier": item.tier, "tier_text": texts.tier_text(language, item.tier),
        "reasons": texts.reasons_text(language, priority.reasons(result, markers)),
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
    """The lines of ``(Assessment, QueueItem, FollowUp)`` rows: two queries for all of them."""
    high = _high_cancers([row.id for row, _item, _last in rows])
    markers = _doctor_markers([row.id for row, item, _last in rows
                               if item.tier == priority.URGENT])
    return [worklist_item(row, item, last, high.get(row.id, []), markers.get(row.id, []),
                          language) for row, item, last in rows]


def centre_counts(staff: Staff) -> dict[str, int]:
    """What needs doing at the whole centre, whatever the filters: open urgent, open
    screening recommended, open others, overdue, closed; each counted up to ``COUNT_LIMIT``
    from its own index range."""
    require_role(staff, "doctor")
    q = QueueItem
    ours = (q.centre_code == staff.centre_code, q.is_current.is_(True))
    open_ = q.is_open.is_(True)
    wanted = {"urgent": (open_, q.tier == priority.URGENT),
              "screening": (open_, q.tier == priority.SCREENING),
              "other": (open_, q.tier == priority.REST),
              "overdue": (open_, q.due_on < date.today()),
              "closed": (q.is_open.is_(False),)}
    return {name: min(COUNT_LIMIT, _capped_count(select(q.assessment_id).where(*ours, *where)))
            for name, where in wanted.items()}


def cursor_at_middle(username: str) -> str:
    """A cursor in the middle of a doctor's default queue (bench/doctors_list.py's deep
    page; an OFFSET read once, outside the timings)."""
    from backend.accounts.tables import User
    centre = db.session.scalar(select(User.centre_code).where(User.username == username))
    base = select(QueueItem).where(QueueItem.centre_code == centre,
                                   QueueItem.is_current.is_(True), QueueItem.is_open.is_(True))
    total = db.session.scalar(select(func.count()).select_from(base.subquery()))
    return encode_cursor(db.session.scalars(base.order_by(*ORDER).offset(total // 2).limit(1)).one())


def worklist(staff: Staff, filters: dict, language: str) -> dict:
    """A page of the queue; the read is audited, linked to each resident shown."""
    page = page_of(staff, filters)
    items = items_for(page["rows"], language)
    total = filtered_total(staff, filters)
    audit.record_listing(staff, "worklist.read", (i["assessment_id"] for i in items),
                         **_loggable(filters), count=len(items))
    db.session.commit()
    return {"items": items, "total": min(total, COUNT_LIMIT), "total_capped": total > COUNT_LIMIT,
            "per_page": filters.get("per_page", 25), "next": page["next"], "prev": page["prev"],
            "count_limit": COUNT_LIMIT, "overdue_days": current_app.config["OVERDUE_DAYS"],
            "counts": centre_counts(staff)}


def _loggable(filters: dict) -> dict:
    """What the page was, never what it was filtered or searched by: a filter beside the ids
    it returned is health data (cancer, tier), a search text is a name or a phone."""
    return {k: filters[k] for k in ("per_page",) if filters.get(k) is not None} | (
        {"paged": True} if filters.get("after") or filters.get("before") else {})


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
