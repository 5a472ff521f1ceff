"""The audit log: every read (and change) of residents' data by staff, listed for admins.

``record`` adds a row to the caller's transaction (the caller commits, so the read and its
record stand or fall together). Details hold ids, filters and counts; never names, answers,
notes or any other resident data.
"""
from __future__ import annotations

from datetime import datetime, timezone

from sqlalchemy import func, or_, select

from backend.accounts.permissions import require_role
from backend.accounts.staff import Staff
from backend.accounts.tables import AuditRecord, AuditSubject
from backend.extensions import db

ACTIONS = ("worklist.read", "assessment.read", "export.csv", "follow_up.create",
           "labs.create", "marker.create", "assisted.create", "fhir.read", "export.fhir")


def record(staff: Staff, action: str, assessment_id: str | None = None,
           **details) -> AuditRecord:
    """Add an audit record of ``action`` by ``staff`` (not committed here)."""
    assert action in ACTIONS, action
    entry = AuditRecord(
        at=datetime.now(timezone.utc), user_id=staff.id, username=staff.username,
        role=staff.role, centre_code=staff.centre_code, action=action,
        assessment_id=assessment_id, details=details, address=staff.address,
        user_agent=staff.user_agent)
    db.session.add(entry)
    listed = dict.fromkeys(details.get("assessment_ids") or ())
    if listed:  # each resident a page or an export listed: in that resident's trail
        db.session.flush()
        db.session.add_all(AuditSubject(audit_id=entry.id, assessment_id=a) for a in listed)
    return entry


def add_listed(audit_id: int, assessment_ids: list[str], **details) -> None:
    """More residents a streamed export listed, linked to its (committed) record ``audit_id``
    and committed at once on a connection of their own (the export's read goes on in the
    request's transaction): a download cut short is in the trail of everyone it sent.
    ``details`` replace the record's details (the running count)."""
    with db.engine.begin() as connection:
        if assessment_ids:
            connection.execute(AuditSubject.__table__.insert(),
                               [{"audit_id": audit_id, "assessment_id": a}
                                for a in dict.fromkeys(assessment_ids)])
        if details:
            connection.execute(AuditRecord.__table__.update().where(
                AuditRecord.__table__.c.id == audit_id).values(details=details))


def list_records(actor: Staff, filters: dict) -> tuple[list[AuditRecord], int]:
    """Admins only: records newest first, filtered by user, action, assessment or time."""
    require_role(actor, "admin")
    query = select(AuditRecord)
    if filters.get("username"):  # part of the name is enough
        query = query.where(AuditRecord.username.contains(filters["username"].lower(),
                                                          autoescape=True))
    if filters.get("action"):
        query = query.where(AuditRecord.action == filters["action"])
    if filters.get("assessment_id"):  # the resident's trail: their own reads and every list
        listed = select(AuditSubject.audit_id).where(
            AuditSubject.assessment_id == filters["assessment_id"])
        query = query.where(or_(AuditRecord.assessment_id == filters["assessment_id"],
                                AuditRecord.id.in_(listed)))
    if filters.get("since"):
        query = query.where(AuditRecord.at >= filters["since"])
    if filters.get("until"):
        query = query.where(AuditRecord.at < filters["until"])
    total = db.session.scalar(select(func.count()).select_from(query.subquery()))
    page, per_page = filters.get("page", 1), filters.get("per_page", 50)
    rows = db.session.scalars(query.order_by(AuditRecord.id.desc())
                              .offset((page - 1) * per_page).limit(per_page))
    return list(rows), total
