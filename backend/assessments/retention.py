"""Erasing assessments past the retention the privacy notice states (``RETENTION_MONTHS``).

Run daily by ``flask assessments erase-expired`` (cron or a systemd timer): what the privacy
page promises is what happens. Everything stored with an assessment goes with it (foreign-key
cascades: short code, follow-ups, lab values, per-cancer rows).
"""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

from backend.assessments.tables import Assessment
from backend.extensions import db

DAYS_PER_MONTH = 30.44


def erase_expired(months: int, now: datetime | None = None) -> int:
    """Delete the assessments sent more than ``months`` months ago; returns how many."""
    cutoff = (now or datetime.now(timezone.utc)) - timedelta(days=months * DAYS_PER_MONTH)
    result = db.session.execute(db.delete(Assessment).where(Assessment.created_at < cutoff))
    db.session.commit()
    return result.rowcount
