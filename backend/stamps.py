"""Per-worker caches of rarely changing tables, kept right by a stamp in the database.

Every submission needs the centre lists and the published articles; they change a few times a
day, when staff edit them. Each gunicorn worker (and each machine) keeps its own copy, and the
database says whether a copy is current: ``cache_stamps`` holds one stamp per cache, replaced
by a fresh random value in the same transaction as any ORM write to the tables it covers
(``watch``). A request reads all stamps in one small SELECT and reloads a cache whose stamp
changed, so an editor's publish reaches the next submission on every worker, with no blind
time-to-live. The stamp is read before the data: a write that lands between the two makes the
copy newer than its stamp, and the next request reloads it; never the other way round.
A stamp row that is missing (a table emptied by hand) disables its cache until the next write.
"""
from __future__ import annotations

import uuid
from collections.abc import Callable
from types import SimpleNamespace

from flask import g, has_request_context
from sqlalchemy import String, event, insert, inspect, update
from sqlalchemy.orm import Mapped, Session, mapped_column

from backend.extensions import db

_WATCHED: dict[type, str] = {}
_G_KEY = "_zaoshai_cache_stamps"
_READ_STAMPS = "SELECT name, stamp FROM cache_stamps"


class CacheStamp(db.Model):
    """The current stamp of one cache (``centres``, ``content``)."""

    __tablename__ = "cache_stamps"

    name: Mapped[str] = mapped_column(String(32), primary_key=True)
    stamp: Mapped[str] = mapped_column(String(32), nullable=False)


def watch(name: str, *tables: type) -> None:
    """Bump the stamp ``name`` whenever a row of one of ``tables`` is added, changed or deleted."""
    for table in tables:
        _WATCHED[table] = name


@event.listens_for(Session, "after_flush")
def _bump_stamps(session: Session, _context) -> None:
    touched = {_WATCHED[type(obj)] for obj in (*session.new, *session.dirty, *session.deleted)
               if type(obj) in _WATCHED}
    for name in sorted(touched):  # one order, so two writers cannot deadlock on the rows
        bump(session.connection(), name)


def bump(connection, name: str) -> None:
    """Give cache ``name`` a new stamp (in the caller's transaction)."""
    stamp = uuid.uuid4().hex
    done = connection.execute(update(CacheStamp).where(CacheStamp.name == name).values(stamp=stamp))
    if not done.rowcount:
        connection.execute(insert(CacheStamp).values(name=name, stamp=stamp))
    if has_request_context():
        g.pop(_G_KEY, None)  # this request wrote: read the stamps afresh


def current_stamps() -> dict[str, str]:
    """Every cache's stamp, read once per request."""
    if has_request_context() and _G_KEY in g:
        return g.get(_G_KEY)
    # Plain SQL on the session's connection: this runs on every request, and the ORM's
    # statement handling cost more than the query.
    stamps = dict(db.session.connection().exec_driver_sql(_READ_STAMPS).all())
    if has_request_context():
        setattr(g, _G_KEY, stamps)
    return stamps


def snapshot(row) -> SimpleNamespace:
    """A plain copy of an ORM row's columns: safe to keep across sessions and requests."""
    return SimpleNamespace(**{c.key: getattr(row, c.key) for c in inspect(row).mapper.column_attrs})


class StampedCache:
    """``load(*key)``'s values, kept until the stamp ``name`` changes (one per worker)."""

    def __init__(self, name: str, load: Callable[..., object]):
        self.name, self.load = name, load
        self._stamp: str | None = None
        self._values: dict[tuple, object] = {}

    def get(self, *key):
        stamp = current_stamps().get(self.name)
        if stamp is None:
            return self.load(*key)
        if stamp != self._stamp:
            self._values, self._stamp = {}, stamp
        if key not in self._values:
            self._values[key] = self.load(*key)
        return self._values[key]
