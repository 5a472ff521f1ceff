"""The doctors' queue row of a shared submission, written with it in one transaction.

The queue (``backend.doctors``) sorts and filters on ``QueueItem`` rows; a new shared
submission writes its row here, explicitly, like its per-cancer index rows: the tier is the
result's priority, nobody has followed it up yet, and it is due ``OVERDUE_DAYS`` after it
arrived when it needs action. One person's repeat submissions (same name, phone, birth year
and centre) are linked by keyed hashes of those details, never the details themselves; the
newest is the current one. Follow-ups and doctors' markers update the row later
(``backend.doctors.queue.refresh``).
"""
from __future__ import annotations

import hashlib
import hmac
import re
from datetime import date, datetime, timedelta, timezone

from flask import current_app, has_app_context
from sqlalchemy import bindparam, select, update

from backend.assessments.tables import Assessment, QueueItem, queue_bands
from backend.extensions import db

NEEDS_ACTION = 2  # tiers 1 (urgent) and 2 (screening recommended) are due for a contact


def overdue_days() -> int:
    return current_app.config["OVERDUE_DAYS"] if has_app_context() else 14


def aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


def first_due(created_at: datetime, tier: int) -> date | None:
    """When an item nobody has followed up yet should be contacted by (None: no action)."""
    return (aware(created_at) + timedelta(days=overdue_days())).date() if tier <= NEEDS_ACTION else None


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


def queue_item(row, personal: dict) -> dict:
    """The ``queue_items`` row of a new shared assessment ``row`` (its columns, as attributes):
    no follow-up, no doctor's markers yet."""
    tier = row.result["priority"]
    keys = person_keys(row.centre_code, personal.get("contact_name"),
                       personal.get("contact_phone"), (row.answers or {}).get("birth_year"))
    return dict(assessment_id=row.id, centre_code=row.centre_code, tier=tier,
                is_current=True, is_open=True, waiting_since=aware(row.created_at),
                due_on=first_due(row.created_at, tier), status=None, attempts=0,
                last_follow_up_id=None, red_flag=bool(row.result["red_flags"]),
                **queue_bands(row.result["cancers"]), **keys)


# Built once: composing the statement cost as much as running it.
_SUPERSEDE = update(QueueItem.__table__).where(
    QueueItem.__table__.c.centre_code == bindparam("b_centre"),
    QueueItem.__table__.c.person_key == bindparam("b_person"),
    QueueItem.__table__.c.is_current.is_(True)).values(is_current=False)


def supersede_earlier(connection, item: dict) -> None:
    """The same person's earlier submissions stop being the current one (caller commits)."""
    if item["person_key"]:
        # Only the row that is current: rewriting every earlier row of the person made each
        # submission cost more than the one before (a family doctor's regulars, a bench's
        # thousand submissions of one resident).
        connection.execute(_SUPERSEDE, {"b_centre": item["centre_code"],
                                        "b_person": item["person_key"]})


def withdraw(row: Assessment) -> None:
    """Take ``row`` off the doctors' queue (the resident stopped sharing; caller commits).

    The queue row goes with its keyed hashes of the contact details. If it was the person's
    current submission, their latest earlier one still shared becomes current again, so that a
    submission they did agree to share does not vanish from the list with this one.
    """
    item = row.queue_item
    if item is None:
        return
    row.queue_item = None
    db.session.flush()
    if item.is_current and item.person_key:
        earlier = db.session.scalars(
            select(QueueItem).join(Assessment, Assessment.id == QueueItem.assessment_id)
            .where(QueueItem.centre_code == item.centre_code,
                   QueueItem.person_key == item.person_key, Assessment.shared.is_(True))
            .order_by(Assessment.created_at.desc()).limit(1)).first()
        if earlier is not None:
            earlier.is_current = True
