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
from backend.assessments import programme
from backend.assessments.service import decrypt
from backend.assessments.tables import Assessment
from backend.doctors import queue, texts
from backend.doctors.tables import (FINDING_RESULT, FINDINGS, FOLLOW_UP_STATUSES,
                                    SCREENING_RESULTS, FollowUp, LabValues, ScreeningOutcome,
                                    TumourMarker)
from backend.extensions import db
from backend.scoring.established.inputs import LAB_FIELDS
from backend.scoring.vocabulary import TEST_NAMES, TUMOUR_MARKERS

MARKER_CODES = tuple(code for code, _stem, _limit in TUMOUR_MARKERS)
TYPICAL_LIMITS = {code: limit for code, _stem, limit in TUMOUR_MARKERS}
TEST_CODES = tuple(TEST_NAMES)
NEEDS_NEXT_CONTACT = ("contacted", "booked")

# The aMAP paper's units and physiologic bounds (backend.scoring.established): (low, high].
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


def _check_outcomes(data: dict, today: date) -> None:
    outcomes = data.get("outcomes") or []
    if outcomes and data["status"] != "screened":
        raise invalid("outcomes", _("Only a screening record has outcomes."))
    for outcome in outcomes:
        if outcome["date"] > today:
            raise invalid("outcomes", _("The date cannot be in the future."))
    if len({o["cancer"] for o in outcomes}) != len(outcomes):
        raise invalid("outcomes", _("Give one outcome per cancer."))


def _check_next_contact(data: dict, today: date) -> None:
    status, next_contact = data["status"], data.get("next_contact")
    if status in NEEDS_NEXT_CONTACT and next_contact is None:
        raise invalid("next_contact", _("Give the date of the next contact."))
    if status not in (*NEEDS_NEXT_CONTACT, "unreachable") and next_contact is not None:
        raise invalid("next_contact", _("A screened or declined record closes the follow-up: "
                                        "it has no next contact."))
    if next_contact is not None and next_contact < today:
        raise invalid("next_contact", _("The next contact cannot be in the past."))


def _check_follow_up(data: dict, today: date) -> None:
    if data["status"] not in FOLLOW_UP_STATUSES:
        raise invalid("status", _("Choose contacted, booked, screened, declined or unreachable."))
    if data["status"] == "screened" and data.get("result") not in SCREENING_RESULTS:
        raise invalid("result", _("Give the screening result: normal, abnormal or cancer found."))
    if data["status"] != "screened" and data.get("result"):
        raise invalid("result", _("Only a screening record has a result."))
    if data["date"] > today:
        raise invalid("date", _("The date cannot be in the future."))
    _check_next_contact(data, today)


def _with_result(data: dict) -> dict:
    """A screening record with outcomes gets the result of its worst finding."""
    outcomes = data.get("outcomes") or []
    if data["status"] == "screened" and outcomes and not data.get("result"):
        worst = min((o["finding"] for o in outcomes), key=FINDINGS.index)
        return {**data, "result": FINDING_RESULT[worst]}
    return data


def _count(row: Assessment, data: dict) -> None:
    """The programme's counts: a resident's first follow-up, first screening and its result,
    in the month of the record's date (they outlive the resident's erasure)."""
    earlier = list(db.session.scalars(select(FollowUp.status).where(
        FollowUp.assessment_id == row.id)))
    programme.add(programme.follow_up_counts(
        row.centre_code, data["date"], data["status"], data.get("result"),
        first=not earlier, first_screened="screened" not in earlier))


def add_follow_up(staff: Staff, assessment_id: str, data: dict) -> FollowUp:
    """Append a follow-up record (status, date, next contact, optional result or per-cancer
    outcomes, cancer and note), update the queue row; audited (ids and status, no health
    data)."""
    row = resident_assessment(staff, assessment_id)
    today = date.today()
    data = {**data, "date": data.get("date") or today}
    _check_outcomes(data, today)
    data = _with_result(data)
    _check_follow_up(data, today)
    if data["status"] == "unreachable" and data.get("next_contact") is None:
        data["next_contact"] = queue.retry_date(max(data["date"], today))
    _count(row, data)
    record = FollowUp(assessment_id=row.id, status=data["status"], result=data.get("result"),
                      cancer=data.get("cancer"), event_date=data["date"],
                      next_contact=data.get("next_contact"),
                      note_enc=_encrypt(data.get("note")), created_at=_now(),
                      created_by=staff.id, created_by_name=staff.display_name or staff.username)
    db.session.add(record)
    db.session.flush()
    for outcome in data.get("outcomes") or []:
        db.session.add(ScreeningOutcome(follow_up_id=record.id, assessment_id=row.id,
                                        cancer=outcome["cancer"], test=outcome["test"],
                                        test_date=outcome["date"], finding=outcome["finding"]))
    db.session.flush()
    queue.refresh(row)
    audit.record(staff, "follow_up.create", row.id, follow_up_id=record.id)
    db.session.commit()
    return record


def outcomes_of(follow_up_ids: list[int]) -> dict[int, list[ScreeningOutcome]]:
    found: dict[int, list] = {}
    if follow_up_ids:
        for o in db.session.scalars(select(ScreeningOutcome).where(
                ScreeningOutcome.follow_up_id.in_(follow_up_ids)).order_by(ScreeningOutcome.id)):
            found.setdefault(o.follow_up_id, []).append(o)
    return found


def outcome_view(outcome: ScreeningOutcome, language: str) -> dict:
    return {"cancer": outcome.cancer, "cancer_name": texts.cancer_name(language, outcome.cancer),
            "test": outcome.test, "test_name": texts.t(language, TEST_NAMES[outcome.test]),
            "date": outcome.test_date.isoformat(), "finding": outcome.finding,
            "finding_text": texts.t(language, texts.FINDING_TEXTS[outcome.finding])}


def add_marker(staff: Staff, assessment_id: str, data: dict) -> TumourMarker:
    """Store a tumour-marker result the doctor entered (kept with every earlier one); the
    queue tier follows it (a value above its limit is urgent). Audited without the value."""
    row = resident_assessment(staff, assessment_id)
    if data["value"] < 0:
        raise invalid("value", _("A tumour-marker value cannot be negative."))
    limit = data.get("upper_limit")
    if limit is None:
        limit = TYPICAL_LIMITS.get(data["marker"])
    if limit is not None and limit <= 0:
        raise invalid("upper_limit", _("The upper limit must be above zero."))
    if data.get("measured_on") and data["measured_on"] > date.today():
        raise invalid("measured_on", _("The date cannot be in the future."))
    marker = TumourMarker(assessment_id=row.id, marker=data["marker"], value=float(data["value"]),
                          upper_limit=limit, measured_on=data.get("measured_on"),
                          created_at=_now(), created_by=staff.id,
                          created_by_name=staff.display_name or staff.username)
    db.session.add(marker)
    db.session.flush()
    queue.refresh(row)
    audit.record(staff, "marker.create", row.id, marker_id=marker.id)
    db.session.commit()
    return marker


def markers_of(assessment_id: str) -> list[TumourMarker]:
    return list(db.session.scalars(select(TumourMarker).where(
        TumourMarker.assessment_id == assessment_id).order_by(TumourMarker.id)))


def marker_view(marker: TumourMarker, language: str) -> dict:
    above = marker.upper_limit is not None and marker.value > marker.upper_limit
    return {"id": marker.id, "marker": marker.marker,
            "name": texts.marker_name(language, marker.marker), "value": marker.value,
            "upper_limit": marker.upper_limit, "above_limit": above,
            "measured_on": marker.measured_on.isoformat() if marker.measured_on else None,
            "recorded_at": marker.created_at.isoformat(), "recorded_by": marker.created_by_name}


def history(assessment_id: str) -> list[FollowUp]:
    """Every follow-up record of an assessment, oldest first."""
    return list(db.session.scalars(select(FollowUp).where(FollowUp.assessment_id == assessment_id)
                                   .order_by(FollowUp.id)))


def follow_up_view(record: FollowUp, language: str, outcomes: list | None = None) -> dict:
    if outcomes is None:
        outcomes = outcomes_of([record.id]).get(record.id, [])
    return {"id": record.id, "status": record.status, "result": record.result,
            "cancer": record.cancer, "date": record.event_date.isoformat(),
            "next_contact": record.next_contact.isoformat() if record.next_contact else None,
            "outcomes": [outcome_view(o, language) for o in outcomes],
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


def labs_history(assessment_id: str) -> list[LabValues]:
    """Every set of lab values entered, newest first (none is ever overwritten)."""
    return list(db.session.scalars(select(LabValues).where(
        LabValues.assessment_id == assessment_id).order_by(LabValues.id.desc())))


def labs_view(labs: LabValues | None) -> dict | None:
    if labs is None:
        return None
    return {**{name: getattr(labs, name) for name in LAB_FIELDS},
            "measured_on": labs.measured_on.isoformat() if labs.measured_on else None,
            "recorded_at": labs.created_at.isoformat(), "recorded_by": labs.created_by_name}
