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

from datetime import date, datetime, time, timedelta, timezone

from sqlalchemy import select

# name_key and phone_key are what the queue's search compares (backend.doctors.worklist).
from backend.assessments.queue import aware, first_due, name_key, phone_key  # noqa: F401
from backend.assessments.tables import QueueItem, queue_bands
from backend.doctors import priority
from backend.doctors.tables import FollowUp, TumourMarker
from backend.extensions import db

MAX_UNREACHABLE = 3
RETRY_DAYS = 2
CLOSING = ("screened", "declined")


def _start_of(day: date) -> datetime:
    return datetime.combine(day, time(0, 0), tzinfo=timezone.utc)


def retry_date(on: date) -> date:
    return on + timedelta(days=RETRY_DAYS)


def plan(created_at: datetime, tier: int, history: list) -> dict:
    """``{is_open, waiting_since, due_on, status, attempts}`` from the follow-ups (oldest first).

    ``history`` items need ``status``, ``event_date``, ``next_contact`` and ``created_at``.
    """
    state = {"is_open": True, "waiting_since": aware(created_at), "status": None, "attempts": 0,
             "due_on": first_due(created_at, tier)}
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
        state["waiting_since"] = _start_of(due) if due else aware(record.created_at)
    return state


def doctor_markers(assessment_id: str) -> list[dict]:
    rows = db.session.scalars(select(TumourMarker).where(
        TumourMarker.assessment_id == assessment_id).order_by(TumourMarker.id))
    return [{"marker": m.marker, "value": m.value, "upper_limit": m.upper_limit,
             "measured_on": m.measured_on} for m in rows]


def refresh(assessment) -> QueueItem:
    """Rewrite the assessment's queue row from its result, markers and follow-ups."""
    history = list(db.session.scalars(select(FollowUp).where(
        FollowUp.assessment_id == assessment.id).order_by(FollowUp.id)))
    tier = priority.priority_tier(assessment.result, doctor_markers(assessment.id))
    values = {"centre_code": assessment.centre_code, "tier": tier,
              "last_follow_up_id": history[-1].id if history else None,
              **plan(assessment.created_at, tier, history)}
    item = db.session.get(QueueItem, assessment.id)
    if item is None:
        item = QueueItem(assessment_id=assessment.id, red_flag=bool(assessment.result["red_flags"]),
                         **queue_bands(assessment.result["cancers"]), **values)
        db.session.add(item)
    else:
        for key, value in values.items():
            setattr(item, key, value)
    return item
