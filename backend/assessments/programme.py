"""The programme's monthly counts (``ProgrammeCount``): added to as events happen, read by
the figures (``backend.doctors.figures``), untouched by a resident's erasure.

Measures, each in the month the event happened (China Standard Time):

* ``assessed`` every stored assessment, ``shared`` those shared with the centre,
  ``high_risk`` (per cancer) those at high risk of a cancer;
* ``followed_up`` a resident's first follow-up record (any status), ``screened`` their first
  "screened" record, ``result`` (per result: normal, abnormal, cancer_found) that record's
  result. Later records of the same resident are not counted again (rates are of residents).

``backend.doctors.figures.rebuild_counts()`` recomputes every count from the stored rows, for
data loaded behind the services' back (benchmarks); after erasures it would lose the erased
residents' counts, so it is never run on a live programme.
"""
from __future__ import annotations

from collections import Counter
from datetime import date, datetime, timedelta, timezone

from backend.assessments.tables import ProgrammeCount
from backend.extensions import db

CST = timezone(timedelta(hours=8))


def month_of(moment: datetime | date) -> str:
    """'YYYY-MM' of a stored time (UTC; naive from SQLite) in China time, or of a date."""
    if isinstance(moment, datetime):
        aware = moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)
        return aware.astimezone(CST).strftime("%Y-%m")
    return moment.strftime("%Y-%m")


_UPSERTS: dict[str, object] = {}


def _upsert(dialect: str):
    """The dialect's ``INSERT … ON CONFLICT DO UPDATE n = n + excluded.n`` (built once)."""
    if dialect not in _UPSERTS:
        if dialect == "postgresql":
            from sqlalchemy.dialects.postgresql import insert
        else:
            from sqlalchemy.dialects.sqlite import insert
        statement = insert(ProgrammeCount.__table__)
        _UPSERTS[dialect] = statement.on_conflict_do_update(
            index_elements=["centre_code", "month", "measure", "cancer"],
            set_={"n": ProgrammeCount.__table__.c.n + statement.excluded.n})
    return _UPSERTS[dialect]


def add(counts: Counter, connection=None) -> None:
    """Add ``{(centre, month, measure, cancer): n}`` in one statement (not committed), on
    ``connection`` (default: the session's)."""
    if counts:
        connection = connection or db.session.connection()
        connection.execute(_upsert(connection.dialect.name), [
            {"centre_code": c, "month": m, "measure": measure, "cancer": cancer, "n": n}
            for (c, m, measure, cancer), n in counts.items()])


def submission_counts(assessment: dict, cancers: list[dict]) -> Counter:
    """A new assessment's counts (its columns, its per-cancer rows): assessed, shared, high risk."""
    month, centre = month_of(assessment["created_at"]), assessment["centre_code"] or ""
    counts = Counter({(centre, month, "assessed", ""): 1})
    if assessment["shared"]:
        counts[(centre, month, "shared", "")] += 1
    for cancer in cancers:
        if cancer["high"]:
            counts[(centre, month, "high_risk", cancer["cancer"])] += 1
    return counts


def follow_up_counts(centre: str, event_date: date, status: str, result: str | None,
                     first: bool, first_screened: bool) -> Counter:
    month = month_of(event_date)
    counts = Counter()
    if first:
        counts[(centre, month, "followed_up", "")] += 1
    if status == "screened" and first_screened:
        counts[(centre, month, "screened", "")] += 1
        counts[(centre, month, "result", result or "")] += 1
    return counts
