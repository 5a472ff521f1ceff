"""The centre's CSV export streams under gunicorn for longer than the worker timeout, and the
worker is neither killed nor replaced (backend/streaming.py: a streaming worker signals its
progress; gunicorn.conf.py registers the signal).

gunicorn runs with ``--timeout 1`` (one sync worker) over the suite's database holding a few
thousand shared assessments, so the export lasts several times the timeout: without the
heartbeat the arbiter kills the worker mid-download and the file is cut short.
"""
from __future__ import annotations

import csv
import http.client
import io
import json
import time
import uuid
from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy import text

from answer_sets import man_62_smoker, submission
from backend.accounts import service as accounts
from backend.extensions import db
from staff_data import STAFF_PASSWORD
from servers import gunicorn as run_gunicorn
from servers import worker_pids

OWN = "DEMO-HC-01"
ROWS = 20_000


def _copies(app, client) -> None:
    """``ROWS`` copies (bulk inserted) of one real shared submission."""
    response = client.post("/api/v1/assessments",
                           json=submission(man_62_smoker(centre=OWN), str(uuid.uuid4())))
    assert response.status_code == 201, response.json
    source_id = response.json["assessment_id"]
    sqlite = app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite")
    start = datetime.now(timezone.utc) - timedelta(days=300)
    with app.app_context():
        for table, key in (("assessments", "id"), ("assessment_cancers", "assessment_id"),
                           ("queue_items", "assessment_id")):
            source = [dict(r) for r in db.session.execute(text(
                f"SELECT * FROM {table} WHERE {key} = :id"), {"id": source_id}).mappings()]
            rows = []
            for n in range(ROWS):
                moment = start + timedelta(minutes=n)
                stamp = moment.strftime("%Y-%m-%d %H:%M:%S.%f") if sqlite else moment
                for row in source:
                    row = dict(row, **{key: str(uuid.UUID(int=n + 1))})
                    if table == "assessments":
                        row.update(client_id=str(uuid.uuid4()), created_at=stamp)
                    if table == "queue_items":
                        row.update(waiting_since=stamp, is_current=True)
                    rows.append(row)
            db.session.execute(text(f"INSERT INTO {table} ({', '.join(rows[0])}) VALUES "
                                    f"({', '.join(':' + c for c in rows[0])})"), rows)
        accounts.create_user("dr-export", STAFF_PASSWORD, "doctor", OWN, display_name="王医生")
        db.session.commit()


@pytest.fixture
def served(app, clean_db, client, tmp_path):
    _copies(app, client)
    with run_gunicorn(app.config["SQLALCHEMY_DATABASE_URI"], tmp_path, workers=1,
                      extra=("--timeout", "1", "--log-level", "warning")) as served:
        yield served


def test_an_export_longer_than_the_worker_timeout_streams_to_the_end(served):
    port, server = served
    worker = worker_pids(server.pid)
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    connection.request("POST", "/api/v1/auth/login", headers={"Content-Type": "application/json"},
                       body=json.dumps({"username": "dr-export", "password": STAFF_PASSWORD}))
    response = connection.getresponse()
    assert response.status == 200, response.read()
    cookie = response.getheader("Set-Cookie").split(";")[0]
    response.read()
    started = time.monotonic()
    connection.request("GET", "/api/v1/doctor/worklist.csv", headers={"Cookie": cookie})
    response = connection.getresponse()
    body = response.read()
    elapsed = time.monotonic() - started
    assert response.status == 200 and response.getheader("Transfer-Encoding") == "chunked"
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
    assert len(rows) == ROWS + 2  # the header, the copies and their source: nothing cut short
    assert elapsed > 2, elapsed  # it did outlast the timeout: the test means something
    assert worker_pids(server.pid) == worker  # the same worker, never killed and replaced
