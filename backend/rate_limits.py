"""Rate-limit counters in the database, so that limits hold across every worker and machine.

``limits`` keeps counters in Redis when ``REDIS_URL`` is set; without
Redis its only other choice here was each worker's memory, so two workers allowed twice the
failures. ``DatabaseStorage`` is a ``limits`` storage registered for the ``database://`` URI:
one row per counter in ``rate_limits``, incremented by an atomic upsert (``INSERT … ON
CONFLICT DO UPDATE … RETURNING``, the same SQL on SQLite ≥ 3.35 and PostgreSQL), on a
connection of its own so that a request's rollback never undoes a count. Fixed windows only:
the strategy the sign-in throttle uses.
"""
from __future__ import annotations

import hashlib
import random
import time

from limits.storage import Storage
from sqlalchemy import Float, Integer, String, text
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Mapped, mapped_column

from backend.extensions import db

KEY_LENGTH = 200


class RateLimitCounter(db.Model):
    """One fixed-window counter: its key, the count so far and when the window ends."""

    __tablename__ = "rate_limits"

    key: Mapped[str] = mapped_column(String(KEY_LENGTH), primary_key=True)
    count: Mapped[int] = mapped_column(Integer, nullable=False)
    # Seconds since the epoch (time.time()), like every limits storage.
    expires_at: Mapped[float] = mapped_column(Float, nullable=False, index=True)


UPSERT = text("""
INSERT INTO rate_limits (key, count, expires_at) VALUES (:key, :amount, :expires)
ON CONFLICT (key) DO UPDATE SET
  count = CASE WHEN rate_limits.expires_at <= :now THEN :amount
               ELSE rate_limits.count + :amount END,
  expires_at = CASE WHEN rate_limits.expires_at <= :now THEN :expires
                    ELSE rate_limits.expires_at END
RETURNING count
""")


def _key(key: str) -> str:
    """Keys longer than the column (a long username in a limit key) by their digest."""
    if len(key) <= KEY_LENGTH:
        return key
    return "sha256:" + hashlib.sha256(key.encode()).hexdigest()


class DatabaseStorage(Storage):
    """``database://``: counters in this app's database (``db.engine``; needs an app context)."""

    STORAGE_SCHEME = ["database"]

    def __init__(self, uri: str | None = None, wrap_exceptions: bool = False, **options):
        super().__init__(uri, wrap_exceptions=wrap_exceptions, **options)

    @property
    def base_exceptions(self):
        return SQLAlchemyError

    def incr(self, key: str, expiry: float, amount: int = 1) -> int:
        now = time.time()
        with db.engine.begin() as connection:
            count = connection.execute(UPSERT, {"key": _key(key), "amount": amount,
                                                "expires": now + expiry, "now": now}).scalar_one()
            if random.random() < 0.01:  # now and then, drop windows long over
                connection.execute(text("DELETE FROM rate_limits WHERE expires_at < :before"),
                                   {"before": now - 3600})
        return int(count)

    def _row(self, key: str):
        with db.engine.connect() as connection:
            return connection.execute(
                text("SELECT count, expires_at FROM rate_limits WHERE key = :key"),
                {"key": _key(key)}).first()

    def get(self, key: str) -> int:
        row = self._row(key)
        return int(row.count) if row and row.expires_at > time.time() else 0

    def get_expiry(self, key: str) -> float:
        row = self._row(key)
        return float(row.expires_at) if row and row.expires_at > time.time() else time.time()

    def check(self) -> bool:
        try:
            with db.engine.connect() as connection:
                connection.execute(text("SELECT 1"))
            return True
        except SQLAlchemyError:
            return False

    def reset(self) -> int | None:
        with db.engine.begin() as connection:
            return connection.execute(text("DELETE FROM rate_limits")).rowcount

    def clear(self, key: str) -> None:
        with db.engine.begin() as connection:
            connection.execute(text("DELETE FROM rate_limits WHERE key = :key"),
                               {"key": _key(key)})
