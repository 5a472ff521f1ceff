"""Follow-up records and aMAP laboratory values: added, never changed (history is kept).

A new status is a new record; the latest record is the current status. A screening record
carries its result (normal, abnormal, cancer found). Notes are encrypted at rest.
"""
from __future__ import annotations

from datetime import date, datetime, timezone

from cryptography.fernet import Fernet
from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import select

from backend.accounts import audit
from backend.errors import invalid
from backend.accounts.permissions import require_resident_access
from backend.accounts.staff import Staff
from backend.assessments.service import decrypt
from backend.assessments.tables import Assessment
from backend.doctors import texts
from backend.doctors.tables import (FOLLOW_UP_STATUSES, SCREENING_RESULTS, FollowUp, LabValues)
from backend.extensions import db
from backend.scoring.established.inputs import LAB_FIELDS

# The aMAP paper's units and physiologic bounds (backend.scoring.established.scores): (low, high].
LAB_BOUNDS = {"bilirubin_umol_l": (0.0, 1000.0), "albumin_g_l": (10.0, 70.0),
              "platelets_10e9_l": (0.0, 2000.0)}


def _now() -> datetime:
    return datetime.now(timezone.utc)


def _encrypt(text: str | None) -> str | None:
    """A note encrypted with the data key (``assessments.service.decrypt`` reads it)."""
    if not text:
        return None
    return Fernet(current_app.config["DATA_KEY"].encode()).encrypt(text.encode()).decode()


def resident_assessment(staff: Staff, assessment_id: str) -> Assessment:
    """The assessment if ``staff`` may read it (403 role, 404 not shared with their centre)."""
    return require_resident_access(staff, db.session.get(Assessment, assessment_id))


def _check_follow_up(data: dict, today: date) -> None:
    if data["status"] not in FOLLOW_UP_STATUSES:
        raise invalid("status", _("Choose contacted, booked, screened, declined or unreachable."))
    if data["status"] == "screened" and data.get("result") not in SCREENING_RESULTS:
        raise invalid("result", _("Give the screening result: normal, abnormal or cancer found."))
    if data["status"] != "screened" and data.get("result"):
        raise invalid("result", _("Only a screening record has a result."))
    if data["date"] > today:
        raise invalid("date", _("The date cannot be in the future."))


def add_follow_up(staff: Staff, assessment_id: str, data: dict) -> FollowUp:
    """Append a follow-up record (status, date, optional result, cancer and note); audited."""
    row = resident_assessment(staff, assessment_id)
    data = {**data, "date": data.get("date") or date.today()}
    _check_follow_up(data, date.today())
    record = FollowUp(assessment_id=row.id, status=data["status"], result=data.get("result"),
                      cancer=data.get("cancer"), event_date=data["date"],
                      note_enc=_encrypt(data.get("note")), created_at=_now(),
                      created_by=staff.id, created_by_name=staff.display_name or staff.username)
    db.session.add(record)
    audit.record(staff, "follow_up.create", row.id, status=data["status"])
    db.session.commit()
    return record


def history(assessment_id: str) -> list[FollowUp]:
    """Every follow-up record of an assessment, oldest first."""
    return list(db.session.scalars(select(FollowUp).where(FollowUp.assessment_id == assessment_id)
                                   .order_by(FollowUp.id)))


def follow_up_view(record: FollowUp, language: str) -> dict:
    return {"id": record.id, "status": record.status, "result": record.result,
            "cancer": record.cancer, "date": record.event_date.isoformat(),
            "text": texts.follow_up_text(language, record.status, record.result),
            "note": decrypt(record.note_enc), "recorded_at": record.created_at.isoformat(),
            "recorded_by": record.created_by_name}


def _check_labs(data: dict) -> None:
    for name in LAB_FIELDS:
        low, high = LAB_BOUNDS[name]
        if not low < data[name] <= high:
            raise invalid(name, _("This value is outside what is possible in this unit. Check "
                                  "the unit (bilirubin µmol/L, albumin g/L, platelets ×10⁹/L)."))


def add_labs(staff: Staff, assessment_id: str, data: dict) -> LabValues:
    """Store the doctor's bilirubin, albumin and platelets for aMAP; audited."""
    row = resident_assessment(staff, assessment_id)
    _check_labs(data)
    labs = LabValues(assessment_id=row.id, measured_on=data.get("measured_on"),
                     created_at=_now(), created_by=staff.id,
                     created_by_name=staff.display_name or staff.username,
                     **{name: float(data[name]) for name in LAB_FIELDS})
    db.session.add(labs)
    audit.record(staff, "labs.create", row.id)
    db.session.commit()
    return labs


def latest_labs(assessment_id: str) -> LabValues | None:
    return db.session.scalar(select(LabValues).where(LabValues.assessment_id == assessment_id)
                             .order_by(LabValues.id.desc()).limit(1))


def labs_view(labs: LabValues | None) -> dict | None:
    if labs is None:
        return None
    return {**{name: getattr(labs, name) for name in LAB_FIELDS},
            "measured_on": labs.measured_on.isoformat() if labs.measured_on else None,
            "recorded_at": labs.created_at.isoformat(), "recorded_by": labs.created_by_name}
