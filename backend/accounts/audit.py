"""The audit log: who saw or changed what, when and from where, listed for admins.

``record`` adds a row to the caller's transaction (the caller commits, so the read and its
record stand or fall together). ``record_listing`` writes a page or an export that listed
residents: one record, and one ``audit_subjects`` row per listed assessment (bulk Core
inserts, in chunks), which puts the listing into each listed resident's trail. Sign-ins
(``record_sign_in``, committed at once: a failed one is followed by an error) and every admin
and editor action are recorded too.

Details hold ids, action names, versions and counts; never names, answers, notes, outcomes,
filters or any other resident data, so that the log holds no health data and keeps none after
a resident erases theirs (only the assessment's id remains, to answer "who saw it").
"""
from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from datetime import datetime, timedelta, timezone
from itertools import islice

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, or_, select

from backend.accounts.permissions import require_role
from backend.accounts.staff import Staff
from backend.accounts.tables import AuditRecord, AuditSubject
from backend.extensions import db

# China Standard Time (no daylight saving): the time every screen and export shows.
CST = timezone(timedelta(hours=8), "CST")
CHUNK = 5000
EXPORT_LIMIT = 100_000

# Every action the log knows, with its name on the admins' screen and in the CSV.
ACTIONS = {
    # reads and writes of residents' data
    "worklist.read": _l("Read the worklist"), "assessment.read": _l("Opened a resident"),
    "export.csv": _l("Exported CSV"), "follow_up.create": _l("Recorded a follow-up"),
    "labs.create": _l("Entered lab values"), "marker.create": _l("Entered a tumour marker"),
    "assisted.create": _l("Assessment at the centre"), "fhir.read": _l("Read as FHIR"),
    "export.fhir": _l("Exported FHIR"), "papers.read": _l("Opened the papers to print"),
    # sign-in
    "auth.sign_in": _l("Signed in"), "auth.sign_in_failed": _l("Failed sign-in"),
    "auth.sign_in_blocked": _l("Sign-in blocked after failed attempts"),
    "auth.password_change": _l("Changed own password"),
    # admins
    "account.create": _l("Created an account"),
    "account.password_reset": _l("Reset a password"),
    "account.deactivate": _l("Deactivated an account"),
    "account.reactivate": _l("Reactivated an account"),
    "account.move": _l("Moved a doctor to another centre"),
    "account.rename": _l("Renamed an account"),
    "centre.create": _l("Added a health centre"), "centre.update": _l("Changed a health centre"),
    "centre.deactivate": _l("Deactivated a health centre"),
    "audit.export": _l("Exported the audit log"),
    # editors
    "article.create": _l("Created an article"), "article.save": _l("Saved an article"),
    "article.publish": _l("Published an article"),
    "article.unpublish": _l("Unpublished an article"),
    "article.rollback": _l("Rolled back an article"),
    "screening_centre.create": _l("Added a screening centre"),
    "screening_centre.update": _l("Changed a screening centre"),
}


ROLE_NAMES = {"doctor": _l("Family doctor"), "editor": _l("Content editor"),
              "admin": _l("Administrator")}


def action_name(action: str) -> str:
    """The action's name in the request's language (an unknown one as stored)."""
    return str(ACTIONS[action]) if action in ACTIONS else action


def _entry(staff: Staff, action: str, assessment_id: str | None, details: dict) -> AuditRecord:
    assert action in ACTIONS, action
    return AuditRecord(
        at=datetime.now(timezone.utc), user_id=staff.id or None, username=staff.username,
        role=staff.role, centre_code=staff.centre_code, action=action,
        assessment_id=assessment_id, details=details, address=staff.address,
        user_agent=staff.user_agent)


def record(staff: Staff, action: str, assessment_id: str | None = None, **details) -> AuditRecord:
    """Add an audit record of ``action`` by ``staff`` (not committed here)."""
    entry = _entry(staff, action, assessment_id, details)
    db.session.add(entry)
    return entry


def _insert_ignoring_duplicates():
    """INSERT … ON CONFLICT DO NOTHING on both databases: a streamed export may list one
    assessment in two chunks, and the pair is the link table's key."""
    if db.session.get_bind().dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert
    return insert(AuditSubject).on_conflict_do_nothing()


def add_listed(audit_id: int, assessment_ids: Iterable[str], chunk: int = CHUNK) -> int:
    """Link the listing ``audit_id`` to each of ``assessment_ids`` (any iterable, consumed in
    chunks of ``chunk``, one bulk insert each); returns how many ids were given."""
    ids, given = iter(assessment_ids), 0
    statement = _insert_ignoring_duplicates()
    while batch := list(dict.fromkeys(islice(ids, chunk))):
        db.session.execute(statement, [{"audit_id": audit_id, "assessment_id": a} for a in batch])
        given += len(batch)
    return given


def record_listing(staff: Staff, action: str, assessment_ids: Iterable[str],
                   **details) -> AuditRecord:
    """One record of a page or export (``details``: page numbers, counts, no filters) and its
    link to every listed resident's trail. Call it again with the returned record's id via
    ``add_listed`` for the next chunk of a stream. Not committed here."""
    entry = record(staff, action, **details)
    db.session.flush()
    add_listed(entry.id, assessment_ids)
    return entry


def link_streamed(audit_id: int, assessment_ids: list[str], **details) -> None:
    """More residents a streamed export listed, linked to its (committed) record ``audit_id``
    and committed at once on a connection of their own (the export's read goes on in the
    request's transaction): a download cut short is in the trail of everyone it sent.
    ``details`` replace the record's details (the running count)."""
    with db.engine.begin() as connection:
        if assessment_ids:
            connection.execute(_insert_ignoring_duplicates(),
                               [{"audit_id": audit_id, "assessment_id": a}
                                for a in dict.fromkeys(assessment_ids)])
        if details:
            connection.execute(AuditRecord.__table__.update().where(
                AuditRecord.__table__.c.id == audit_id).values(details=details))


def _typed_name(username: str, address: str, user_agent: str) -> Staff:
    """Who tried, as typed (cut to the column), with no role: the name may not exist."""
    return Staff(id=None, username=(username or "").strip().lower()[:64], role="",
                 address=address[:64], user_agent=user_agent[:255])


def record_sign_in(staff: Staff | None, username: str, address: str, user_agent: str,
                   ok: bool) -> None:
    """A sign-in or a failed one, committed at once. A failed attempt on an unknown name keeps
    the name as typed."""
    record(staff or _typed_name(username, address, user_agent),
           "auth.sign_in" if ok else "auth.sign_in_failed")
    db.session.commit()


def record_sign_in_blocked(username: str, address: str, user_agent: str, limits: list[str],
                           minutes: int) -> None:
    """A throttling limit engaged (``limits``: which, e.g. "login-account"), committed at once.
    Once per window and limit: the refused attempts after it are not recorded one by one, so
    that a flood of them cannot fill the log."""
    record(_typed_name(username, address, user_agent), "auth.sign_in_blocked",
           limits=limits, minutes=minutes)
    db.session.commit()


def _filtered(filters: dict):
    query = select(AuditRecord)
    if filters.get("username"):  # part of the name is enough
        query = query.where(AuditRecord.username.contains(filters["username"].strip().lower(),
                                                          autoescape=True))
    if filters.get("action"):  # a whole action, or a family: "account" finds account.*
        action = filters["action"].strip()
        query = query.where(or_(AuditRecord.action == action,
                                AuditRecord.action.startswith(f"{action}.", autoescape=True)))
    if filters.get("assessment_id"):  # the resident's trail: their own reads and every list
        wanted = filters["assessment_id"].strip().lower()
        listed = select(AuditSubject.audit_id).where(
            AuditSubject.assessment_id.startswith(wanted, autoescape=True))
        query = query.where(or_(AuditRecord.assessment_id.startswith(wanted, autoescape=True),
                                AuditRecord.id.in_(listed)))
    if filters.get("since"):
        query = query.where(AuditRecord.at >= _utc(filters["since"]))
    if filters.get("until"):
        query = query.where(AuditRecord.at < _utc(filters["until"]))
    return query


def _utc(moment: datetime) -> datetime:
    """A filter time without an offset is China time, as the screen shows."""
    return (moment if moment.tzinfo else moment.replace(tzinfo=CST)).astimezone(timezone.utc)


def list_records(actor: Staff, filters: dict) -> tuple[list[AuditRecord], int]:
    """Admins only: records newest first, filtered by (part of) user, action family,
    (the start of) an assessment id, or time."""
    require_role(actor, "admin")
    query = _filtered(filters)
    total = db.session.scalar(select(func.count()).select_from(query.subquery()))
    page, per_page = filters.get("page", 1), filters.get("per_page", 50)
    rows = db.session.scalars(query.order_by(AuditRecord.id.desc())
                              .offset((page - 1) * per_page).limit(per_page))
    return list(rows), total


def in_china_time(moment: datetime) -> datetime:
    """A stored time (SQLite hands it back naive, meaning UTC) in China Standard Time."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return moment.astimezone(CST)


CSV_COLUMNS = (_l("When (China Standard Time)"), _l("Account"), _l("Role"), _l("Centre"),
               _l("Action"), _l("Assessment"), _l("Details"), _l("Network address"),
               _l("Browser"))


def export_csv(actor: Staff, filters: dict) -> str:
    """The filtered log (newest first, at most ``EXPORT_LIMIT`` rows) as CSV text with a BOM
    (Excel opens it as UTF-8); the export is itself recorded."""
    require_role(actor, "admin")
    rows = db.session.scalars(_filtered(filters).order_by(AuditRecord.id.desc())
                              .limit(EXPORT_LIMIT))
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out)
    writer.writerow([str(c) for c in CSV_COLUMNS])
    count = 0
    for r in rows:
        details = "; ".join(f"{k}={v}" for k, v in sorted((r.details or {}).items()))
        writer.writerow([in_china_time(r.at).strftime("%Y-%m-%d %H:%M:%S"), r.username,
                         str(ROLE_NAMES.get(r.role, r.role)),
                         r.centre_code or "", action_name(r.action), r.assessment_id or "",
                         details, r.address, r.user_agent])
        count += 1
    record(actor, "audit.export", count=count)
    db.session.commit()
    return out.getvalue()
