"""The doctors' queue at scale: the plan of its queries (an index range read in queue order,
never a sort of the centre), keyset pages, capped counts, and database errors that tell the
truth (a refused statement is a 500, only an unreachable database a 503).

The plans are checked on the database the suite runs on: PostgreSQL in CI (``DATABASE_URL``,
``EXPLAIN (FORMAT JSON)``) and SQLite otherwise (``EXPLAIN QUERY PLAN``). Both read the
statements the app really sent for a page, captured from the engine.
"""
from __future__ import annotations

import json
import logging
import uuid
from contextlib import contextmanager
from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy import event, select, text

from answer_sets import man_62_smoker, submission, woman_58
from backend.assessments.tables import Assessment, AssessmentCancer, QueueItem
from backend.doctors import worklist
from backend.extensions import db

OWN, API = "DEMO-HC-01", "/api/v1"
ROWS = 3000


def _shared(client, answers, lang="zh-CN"):
    response = client.post(f"{API}/assessments?lang={lang}",
                           json=submission(answers, str(uuid.uuid4())))
    assert response.status_code == 201, response.json
    return response.json["assessment_id"]


def _raw(value):
    """A timestamp as the column stores it (SQLite: naive UTC text, as SQLAlchemy writes it)."""
    if isinstance(value, datetime) and db.engine.dialect.name == "sqlite":
        return value.astimezone(timezone.utc).strftime("%Y-%m-%d %H:%M:%S.%f")
    return value


@pytest.fixture
def crowded(app, client):
    """A centre with ``ROWS`` queue rows (copies of two real submissions, bulk inserted, like
    bench/load_doctors.py), analysed so that the planner knows its size."""
    ids = [_shared(client, woman_58(centre=OWN, share_with_doctor="yes", contact_name="李秀英",
                                    contact_phone="13900139000")),
           _shared(client, man_62_smoker(centre=OWN))]
    with app.app_context():
        templates = []
        for assessment_id in ids:
            raw = {t: [dict(r) for r in db.session.execute(text(
                f"SELECT * FROM {t} WHERE {'id' if t == 'assessments' else 'assessment_id'}"
                " = :id"), {"id": assessment_id}).mappings()]
                for t in ("assessments", "queue_items", "assessment_cancers")}
            templates.append(raw)
        start = datetime.now(timezone.utc) - timedelta(days=400)
        for table in ("assessments", "assessment_cancers", "queue_items"):
            rows = []
            for n in range(ROWS):
                source = templates[n % 2][table]
                new_id = str(uuid.UUID(int=n + 1))
                moment = start + timedelta(hours=n)
                for row in source:
                    row = dict(row, assessment_id=new_id) if table != "assessments" else dict(
                        row, id=new_id, client_id=str(uuid.uuid4()), created_at=moment)
                    if table == "queue_items":
                        row.update(waiting_since=moment, is_open=n % 7 != 0,
                                   status="contacted" if n % 5 == 0 else None)
                    rows.append(row)
            db.session.execute(text(f"INSERT INTO {table} ({', '.join(rows[0])}) VALUES "
                                    f"({', '.join(':' + c for c in rows[0])})"),
                               [{k: _raw(v) for k, v in row.items()} for row in rows])
        db.session.commit()
        db.session.execute(text("ANALYZE"))
        db.session.commit()
    return ids


@contextmanager
def statements(app):
    """The (statement, parameters) the engine runs inside the block."""
    seen = []

    def capture(conn, cursor, statement, parameters, context, executemany):
        seen.append((statement, parameters))

    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", capture)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", capture)


def _page_query(seen):
    """The page's own query: the one that walks the queue in order (ORDER BY … LIMIT), the
    page's rows being then read by their ids."""
    found = [s for s in seen if "ORDER BY" in s[0] and "LIMIT" in s[0].upper()
             and "FROM queue_items" in s[0] and "count(" not in s[0].lower()]
    assert found, [s[0][:80] for s in seen]
    return found[0]


def _plan(app, statement, parameters):
    """``(index names used, whether anything is sorted)`` of the statement's plan."""
    with app.app_context():
        connection = db.session.connection()
        if db.engine.dialect.name == "postgresql":
            plan = connection.exec_driver_sql("EXPLAIN (FORMAT JSON) " + statement,
                                              parameters).scalar()
            plan = json.loads(plan) if isinstance(plan, str) else plan
            nodes, stack = [], [plan[0]["Plan"]]
            while stack:
                node = stack.pop()
                nodes.append(node)
                stack += node.get("Plans", [])
            indexes = {n.get("Index Name") for n in nodes if "Index" in n["Node Type"]}
            # A sequential read of the queue is as bad as a sort: the whole centre.
            indexes |= {"seq" for n in nodes if n["Node Type"] == "Seq Scan"
                        and n.get("Relation Name") == "queue_items"}
            sorted_ = any(n["Node Type"] in ("Sort", "Incremental Sort") for n in nodes)
        else:
            rows = connection.exec_driver_sql("EXPLAIN QUERY PLAN " + statement,
                                              parameters).all()
            details = [r[-1] for r in rows]
            indexes = {word for d in details for word in d.split() if word.startswith("ix_")}
            sorted_ = any("TEMP B-TREE" in d for d in details)
        db.session.rollback()
        return indexes, sorted_


@pytest.mark.parametrize("query", ["", "state=closed", "state=all", "tier=2", "status=contacted",
                                   "cancer=breast&band=high", "band=high", "red_flag=false",
                                   "overdue=false"])
def test_a_queue_page_reads_an_index_in_order_without_sorting_the_centre(app, crowded, staff,
                                                                         query):
    """The deep page's query (after a cursor): a range of one of the queue's composite indexes,
    read in order; never a sort (the planner may pick the main index with a filter where
    that is cheaper, as PostgreSQL does for a common status)."""
    doctor = staff("doctor", OWN)
    first = doctor.get(f"{API}/doctor/worklist?{query}").json
    assert first["next"], first  # more than a page: the plan below is a real one
    with statements(app) as seen:
        deep = doctor.get(f"{API}/doctor/worklist?{query}&after={first['next']}")
        assert deep.status_code == 200
    indexes, sorted_ = _plan(app, *_page_query(seen))
    assert any(i.startswith("ix_queue_items_") for i in indexes) and not sorted_, (indexes,
                                                                                   sorted_)
    assert "seq" not in indexes
    if not query:
        assert "ix_queue_items_queue" in indexes


def test_a_shared_submission_finds_the_persons_current_row_by_the_person_index(app, crowded,
                                                                              client):
    """Each shared submission marks the same person's current row as superseded: through the
    person index (centre, person, is_current), not a read of every current row of the centre,
    which SQLite chose when the person index lacked is_current."""
    with statements(app) as seen:  # someone new: the crowd are copies of two persons
        _shared(client, man_62_smoker(centre=OWN, contact_phone="13700137001"))
    update = [s for s in seen if s[0].lstrip().upper().startswith("UPDATE QUEUE_ITEMS")]
    assert len(update) == 1, [s[0][:60] for s in seen]
    indexes, _sorted = _plan(app, *update[0])
    assert indexes == {"ix_queue_items_person"}, indexes


def test_keyset_pages_list_everyone_once_forward_and_back(crowded, staff):
    doctor = staff("doctor", OWN)
    seen, body, pages = [], doctor.get(f"{API}/doctor/worklist?state=all&per_page=100").json, []
    while True:
        pages.append(body)
        seen += [i["assessment_id"] for i in body["items"]]
        if not body["next"]:
            break
        body = doctor.get(f"{API}/doctor/worklist?state=all&per_page=100&after={body['next']}").json
    assert len(seen) == len(set(seen)) == ROWS + 2
    opened = [i["is_open"] for p in pages for i in p["items"]]
    assert opened == sorted(opened, reverse=True)  # the open ones first, then the closed
    back = doctor.get(f"{API}/doctor/worklist?state=all&per_page=100&before={pages[-1]['prev']}").json
    assert back["items"] == pages[-2]["items"]


def test_totals_and_counts_stop_at_the_count_limit(crowded, staff, monkeypatch):
    monkeypatch.setattr(worklist, "COUNT_LIMIT", 50)
    body = staff("doctor", OWN).get(f"{API}/doctor/worklist").json
    assert body["total"] == 50 and body["total_capped"] is True and body["count_limit"] == 50
    assert body["counts"]["screening"] == 50 and body["counts"]["closed"] == 50
    few = staff("doctor", OWN).get(f"{API}/doctor/worklist?q={crowded[0][:8]}").json
    assert few["total_capped"] is False and few["total"] == 1


def test_a_cursor_that_is_not_ours_is_a_clear_422(client, staff):
    doctor = staff("doctor", OWN)
    for query in ("after=bm90LWEtY3Vyc29y", "before=%%%", "after=x&before=y"):
        response = doctor.get(f"{API}/doctor/worklist?{query}&lang=en")
        assert response.status_code == 422, (query, response.status_code)
        assert "page" in json.dumps(response.json["error"]).lower()
    response = doctor.get(f"{API}/doctor/worklist?after=bm90LWEtY3Vyc29y&lang=zh-CN")
    assert "页" in json.dumps(response.json["error"], ensure_ascii=False)


# --- errors that tell the truth --------------------------------------------------------------

def _refused(kind):
    def query(staff):
        if kind == "parameters":  # more bound values than PostgreSQL (65,535) or SQLite (250,000)
            db.session.execute(select(QueueItem).where(
                QueueItem.assessment_id.in_([str(n) for n in range(300_000)])))
        else:
            db.session.execute(text("SELECT * FROM no_such_table"))
        return {}
    return query


@pytest.mark.parametrize("kind", ["parameters", "missing_table"])
def test_a_statement_the_database_refuses_is_a_500_never_a_503(app, staff, monkeypatch, caplog,
                                                                kind):
    doctor = staff("doctor", OWN)
    monkeypatch.setattr(worklist, "centre_counts", _refused(kind))
    with caplog.at_level(logging.ERROR, logger="backend.errors"):
        response = doctor.get(f"{API}/doctor/worklist?lang=en")
    assert response.status_code == 500 and "Retry-After" not in response.headers
    assert response.json["error"]["code"] == "internal_error"
    assert any(r.levelno == logging.ERROR for r in caplog.records)
    # The worker's session is usable for the next request.
    monkeypatch.undo()
    assert doctor.get(f"{API}/doctor/worklist").status_code == 200


def test_cannot_reach_tells_connection_failures_from_refused_statements():
    from sqlalchemy.exc import OperationalError

    from backend.errors import cannot_reach

    class Driver(Exception):
        def __init__(self, message, sqlstate=None):
            super().__init__(message)
            self.sqlstate = sqlstate

    def wrapped(message, sqlstate=None):
        return OperationalError("SELECT 1", {}, Driver(message, sqlstate))

    assert cannot_reach(wrapped('connection failed: connection to server at "127.0.0.1" failed'))
    assert cannot_reach(wrapped("terminating connection due to administrator command", "57P01"))
    assert cannot_reach(wrapped("unable to open database file"))
    assert not cannot_reach(wrapped("sending query and params failed: number of parameters must "
                                    "be between 0 and 65535"))
    assert not cannot_reach(wrapped("too many SQL variables"))
    assert not cannot_reach(wrapped("no such table: no_such_table"))
    assert not cannot_reach(wrapped("canceling statement due to statement timeout", "57014"))


def test_a_cursor_from_another_tier_gives_everything_or_nothing_of_the_filtered_tier(
        client, crowded, staff):
    _shared(client, man_62_smoker(centre=OWN, current_symptoms=["coughing_blood"]))
    doctor = staff("doctor", OWN)
    urgent = doctor.get(f"{API}/doctor/worklist?tier=1&per_page=1").json
    screening = doctor.get(f"{API}/doctor/worklist?tier=2&per_page=1").json
    assert urgent["items"] and screening["items"]
    # After an urgent row, the tier-2 list starts at its beginning; before it, nothing.
    cursor = worklist_cursor(doctor, "tier=1")
    after = doctor.get(f"{API}/doctor/worklist?tier=2&per_page=1&after={cursor}").json
    before = doctor.get(f"{API}/doctor/worklist?tier=2&per_page=1&before={cursor}").json
    assert after["items"] == screening["items"] and before["items"] == []


def worklist_cursor(doctor, query):
    """The cursor just after the first row of ``query``'s list (a list of one row has no
    ``next``: made from that row, as the server does)."""
    from backend.doctors.worklist import encode_cursor
    from types import SimpleNamespace
    from datetime import datetime as moment

    item = doctor.get(f"{API}/doctor/worklist?{query}&per_page=1").json["items"][0]
    waited = moment.fromisoformat(item["created_at"])  # never followed up: waits since then
    return encode_cursor(SimpleNamespace(is_open=True, tier=item["tier"], waiting_since=waited,
                                         assessment_id=item["assessment_id"]))
