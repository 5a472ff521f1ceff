"""The follow-up plan of one shared assessment, kept on its ``queue_items`` row.

The plan, replayed from the follow-up history (oldest first):

* before any follow-up, a tier 1 or 2 resident is due ``OVERDUE_DAYS`` after submitting;
  tier 3 (nothing urgent, no screening recommended) has no due date: nobody needs to call;
* "contacted" and "booked" keep the item open until the next contact date the doctor gave;
* "unreachable" schedules a retry (the date given, or ``RETRY_DAYS`` later); the third
  unreachable in a row closes the item as unreachable;
* "screened" and "declined" close it (no due date: it leaves the queue and is never overdue).

Overdue: open, with a due date before today. The row is rewritten whenever one of its inputs
changes, in the same transaction (``refresh``).
"""
from __future__ import annotations

import hashlib
import hmac
import re
from datetime import date, datetime, time, timedelta, timezone

from flask import current_app, has_app_context
from sqlalchemy import select

from backend.doctors import priority
from backend.doctors.tables import FollowUp, QueueItem, TumourMarker
from backend.extensions import db

MAX_UNREACHABLE = 3
RETRY_DAYS = 2
CLOSING = ("screened", "declined")


def _overdue_days() -> int:
    return current_app.config["OVERDUE_DAYS"] if has_app_context() else 14


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


def _start_of(day: date) -> datetime:
    return datetime.combine(day, time(0, 0), tzinfo=timezone.utc)


def retry_date(on: date) -> date:
    return on + timedelta(days=RETRY_DAYS)


def plan(created_at: datetime, tier: int, history: list) -> dict:
    """``{is_open, waiting_since, due_on, status, attempts}`` from the follow-ups (oldest first).

    ``history`` items need ``status``, ``event_date``, ``next_contact`` and ``created_at``.
    """
    created_at = _aware(created_at)
    state = {"is_open": True, "waiting_since": created_at, "status": None, "attempts": 0,
             "due_on": (created_at + timedelta(days=_overdue_days())).date()
             if tier <= priority.SCREENING else None}
    for record in history:
        state["status"] = record.status
        if record.status == "unreachable":
            state["attempts"] += 1
            state["is_open"] = state["attempts"] < MAX_UNREACHABLE
            due = (record.next_contact or retry_date(record.event_date)) if state["is_open"] else None
        else:
            state["attempts"] = 0
            state["is_open"] = record.status not in CLOSING
            due = record.next_contact if state["is_open"] else None
        state["due_on"] = due
        state["waiting_since"] = _start_of(due) if due else _aware(record.created_at)
    return state


def doctor_markers(assessment_id: str) -> list[dict]:
    rows = db.session.scalars(select(TumourMarker).where(
        TumourMarker.assessment_id == assessment_id).order_by(TumourMarker.id))
    return [{"marker": m.marker, "value": m.value, "upper_limit": m.upper_limit,
             "measured_on": m.measured_on} for m in rows]


def _key(*parts) -> str:
    secret = hashlib.sha256(b"zaoshai-person-key|" + current_app.config["DATA_KEY"].encode())
    return hmac.new(secret.digest(), "|".join(str(p) for p in parts).encode(),
                    hashlib.sha256).hexdigest()


def normal_phone(phone: str | None) -> str:
    digits = re.sub(r"\D", "", phone or "")
    return digits[2:] if digits.startswith("86") and len(digits) == 13 else digits


def normal_name(name: str | None) -> str:
    return re.sub(r"\s+", "", name or "").casefold()


def phone_key(centre: str, phone: str | None) -> str | None:
    return _key("phone", centre, normal_phone(phone)) if normal_phone(phone) else None


def name_key(centre: str, name: str | None) -> str | None:
    return _key("name", centre, normal_name(name)) if normal_name(name) else None


def person_keys(centre: str, name: str | None, phone: str | None, birth_year) -> dict:
    """Keyed hashes of the contact details: one person = same name, phone, birth year, centre
    (no name and no phone: nobody to link with)."""
    linkable = normal_phone(phone) or normal_name(name)
    return {"phone_key": phone_key(centre, phone), "name_key": name_key(centre, name),
            "person_key": _key("person", centre, normal_name(name), normal_phone(phone),
                               birth_year) if linkable else None}


def new_item(assessment) -> dict:
    """The row of a newly submitted shared assessment (no follow-up, no doctor's markers)."""
    from backend.assessments.service import decrypt

    tier = priority.priority_tier(assessment.result)
    keys = person_keys(assessment.centre_code, decrypt(assessment.contact_name_enc),
                       decrypt(assessment.contact_phone_enc),
                       (assessment.answers or {}).get("birth_year"))
    return {"assessment_id": assessment.id, "centre_code": assessment.centre_code, "tier": tier,
            "is_current": True, **keys, **plan(assessment.created_at, tier, [])}


def refresh(assessment) -> QueueItem:
    """Rewrite the assessment's queue row from its result, markers and follow-ups."""
    history = list(db.session.scalars(select(FollowUp).where(
        FollowUp.assessment_id == assessment.id).order_by(FollowUp.id)))
    tier = priority.priority_tier(assessment.result, doctor_markers(assessment.id))
    values = {"centre_code": assessment.centre_code, "tier": tier,
              **plan(assessment.created_at, tier, history)}
    item = db.session.get(QueueItem, assessment.id)
    if item is None:
        item = QueueItem(assessment_id=assessment.id, **values)
        db.session.add(item)
    else:
        for key, value in values.items():
            setattr(item, key, value)
    return item
