"""CSV export of the filtered worklist, streamed: UTF-8 with a byte-order mark so that Excel
shows Chinese, cells that a spreadsheet would run as formulas neutralised, phones kept as
text, and every listed resident in the audit trail.

A centre can hold a million residents: rows are read from a server-side cursor in batches
(Core columns, never whole ORM rows: the answers are not even read), written out as they
come, and forgotten, so memory stays flat whatever the size; the residents each batch lists
are linked to the export's audit record as it is sent. No query binds more than one batch of
ids (PostgreSQL refuses more than 65,535 parameters).
"""
from __future__ import annotations

import csv
import io
import re
from datetime import date
from itertools import islice

from sqlalchemy import select

from backend.accounts import audit
from backend.accounts.staff import Staff
from backend.assessments.service import decrypt
from backend.assessments.tables import Assessment, QueueItem
from backend.doctors import priority, texts
from backend.doctors.tables import FollowUp
from backend.doctors.worklist import (_base, _doctor_markers, _high_cancers, _segments,
                                      is_overdue, ORDER)
from backend.extensions import db
from backend.scoring.vocabulary import CANCERS, STATUS_TEXTS, TEST_NAMES
from backend.streaming import heartbeat

BOM = "\ufeff"
BATCH = 1000
# A resident typed their own name: "=HYPERLINK(…)" must stay text in the doctor's Excel.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
PHONE = re.compile(r"[0-9+() -]{1,24}")
COLUMNS = (Assessment.id, Assessment.created_at, Assessment.age, Assessment.sex,
           Assessment.contact_name_enc, Assessment.contact_phone_enc, Assessment.result,
           Assessment.top_risk, QueueItem.is_open, QueueItem.tier, QueueItem.due_on,
           FollowUp.status.label("fu_status"), FollowUp.result.label("fu_result"),
           FollowUp.event_date.label("fu_date"), FollowUp.note_enc.label("fu_note"))


def filename(centre: str, today: date | None = None) -> str:
    """``worklist-<centre>-<date>.csv``: several exports of several centres stay apart."""
    return f"worklist-{re.sub(r'[^A-Za-z0-9-]', '_', centre)}-{(today or date.today()).isoformat()}.csv"


def _cell(value) -> str:
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_START) else text


def _phone(phone: str | None) -> str:
    """A phone as text in Excel and WPS alike: ``="013800138000"`` is a formula whose value
    is the text itself, so the leading 0 and all eleven digits stay (as a bare number Excel
    shows 1.38E+10; a leading tab or apostrophe stays visible in WPS or in the cell). Only
    for what looks like a phone; anything else is neutralised like any other cell."""
    if phone and PHONE.fullmatch(phone):
        return f'="{phone}"'
    return _cell(phone)


def headers(language: str) -> list[str]:
    return ([texts.t(language, h) for h in texts.CSV_HEADERS]
            + [texts.t(language, texts.CSV_CANCER_HEADER) % {"cancer": texts.cancer_name(language, c)}
               for c in CANCERS]
            + [texts.t(language, h) for h in texts.CSV_HEADERS_AFTER])


def _markers(language: str, found: list[dict]) -> str:
    return "; ".join(f"{texts.marker_name(language, m['marker'])} {m['value']:g} "
                     f"(> {m['upper_limit']:g})" for m in found)


def _row(r, high: list, markers: list[dict], language: str) -> list[str]:
    result = r.result
    status = {c["cancer"]: c for c in result["cancers"]}
    tests = dict.fromkeys(test for c in result["cancers"] if c.get("referral")
                          for test in c["referral"]["tests"])
    first = [_cell(r.id), _cell(r.created_at.date().isoformat()),
             _cell(decrypt(r.contact_name_enc)), _phone(decrypt(r.contact_phone_enc))]
    return first + [_cell(v) for v in (
        r.age, texts.t(language, texts.SEX_TEXTS[r.sex]), texts.tier_text(language, r.tier),
        "; ".join(texts.red_flag_text(language, c) for c in result["red_flags"]),
        "; ".join(texts.cancer_name(language, c.cancer) for c in high),
        f"{r.top_risk * 100:.1f}%" if r.top_risk is not None else "",
        *(texts.t(language, STATUS_TEXTS[status[c]["status"]]) if c in status else ""
          for c in CANCERS),
        _markers(language, priority.markers_above(result, markers)),
        "; ".join(texts.t(language, TEST_NAMES[code]) for code in tests),
        texts.follow_up_text(language, r.fu_status, r.fu_result),
        r.fu_date.isoformat() if r.fu_date else "", decrypt(r.fu_note),
        r.due_on.isoformat() if r.due_on else "",
        texts.t(language, texts.YES_NO[is_overdue(r)]))]


def _rows(staff: Staff, filters: dict):
    """Every matching row in list order, from a server-side cursor (Core columns)."""
    for segment in _segments(filters):
        query = (_base(staff, filters, *COLUMNS, with_assessment=True)
                 .outerjoin(FollowUp, FollowUp.id == QueueItem.last_follow_up_id)
                 .where(QueueItem.is_open.is_(segment)).order_by(*ORDER))
        yield from db.session.execute(query.execution_options(stream_results=True,
                                                              yield_per=BATCH))


def _text(writer_rows: list[list[str]]) -> str:
    out = io.StringIO()
    csv.writer(out).writerows(writer_rows)
    return out.getvalue()


def _audit_export(audit_id: int, ids: list[str], count: int) -> None:
    """Each batch's residents join the export's record in their trails, committed as sent."""
    audit.link_streamed(audit_id, ids, count=count)


def export_csv(staff: Staff, filters: dict, language: str):
    """The whole filtered list (no paging) as CSV text chunks, BOM first; audited as it goes.

    The audit record is committed before the first byte is sent; each batch's residents are
    linked to it when the batch is written."""
    entry = audit.record(staff, "export.csv", count=0)
    db.session.commit()
    audit_id = entry.id
    yield BOM + _text([headers(language)])
    rows, count = iter(_rows(staff, filters)), 0
    while batch := list(islice(rows, BATCH)):
        ids = [r.id for r in batch]
        high = _high_cancers(ids)
        markers = _doctor_markers([r.id for r in batch if r.tier == priority.URGENT])
        lines = []
        for r in batch:
            heartbeat()  # row by row: a slow batch must not look like a stuck worker
            lines.append(_row(r, high.get(r.id, []), markers.get(r.id, []), language))
        chunk = _text(lines)
        count += len(batch)
        _audit_export(audit_id, ids, count)
        heartbeat()
        yield chunk
    db.session.rollback()  # end the read (and its server-side cursor)
