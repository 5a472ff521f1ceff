"""Server-side staff sessions: the cookie carries a random token, the table its sha256.

Kept in the database rather than in a signed cookie so that signing out, a password change or
an admin deactivating an account ends a session at once, on every worker and machine. Each
session carries its own CSRF token (synchronizer-token pattern), which the browser sends back
in the ``X-CSRFToken`` header of every state-changing request.
"""
from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import datetime, timedelta, timezone

from flask import current_app
from sqlalchemy import delete

from backend.accounts.tables import StaffSession, User
from backend.extensions import db

# last_seen_at is written at most this often, so that reading pages costs no write each time.
TOUCH_EVERY = timedelta(minutes=5)


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _now() -> datetime:
    return datetime.now(timezone.utc)


def _aware(moment: datetime) -> datetime:
    """SQLite returns naive datetimes for timezone-aware columns; they were stored in UTC."""
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


def open_session(user: User, address: str, user_agent: str) -> tuple[str, str]:
    """A new session for ``user``: ``(cookie token, csrf token)``; commits."""
    token, csrf, now = secrets.token_urlsafe(32), secrets.token_urlsafe(32), _now()
    hours = current_app.config["STAFF_SESSION_MAX_HOURS"]
    # Expired sessions of this user are swept here; nothing else needs a cleaning job.
    db.session.execute(delete(StaffSession).where(StaffSession.user_id == user.id,
                                                  StaffSession.expires_at < now))
    db.session.add(StaffSession(id=_hash(token), user_id=user.id, csrf_token=csrf,
                                created_at=now, last_seen_at=now,
                                expires_at=now + timedelta(hours=hours),
                                address=address[:64], user_agent=user_agent[:255]))
    db.session.commit()
    return token, csrf


def session_for(token: str | None) -> StaffSession | None:
    """The live session of a cookie token (active user, not expired, not idle too long)."""
    if not token:
        return None
    row = db.session.get(StaffSession, _hash(token))
    if row is None or not row.user.active:
        return None
    now = _now()
    idle = timedelta(minutes=current_app.config["STAFF_SESSION_IDLE_MINUTES"])
    if now >= _aware(row.expires_at) or now - _aware(row.last_seen_at) >= idle:
        db.session.delete(row)
        db.session.commit()
        return None
    if now - _aware(row.last_seen_at) >= TOUCH_EVERY:
        row.last_seen_at = now
        db.session.commit()
    return row


def csrf_matches(row: StaffSession, sent: str | None) -> bool:
    """Constant-time comparison of the header's token with the session's."""
    return bool(sent) and hmac.compare_digest(row.csrf_token.encode(), sent.encode())


def end_session(token: str | None) -> None:
    """Sign out: delete the session of this cookie token, if any."""
    if token:
        db.session.execute(delete(StaffSession).where(StaffSession.id == _hash(token)))
        db.session.commit()


def end_other_sessions(user_id: int, keep_token: str | None) -> None:
    """End every session of ``user_id`` except the one of ``keep_token`` (caller commits)."""
    query = delete(StaffSession).where(StaffSession.user_id == user_id)
    if keep_token:
        query = query.where(StaffSession.id != _hash(keep_token))
    db.session.execute(query)
