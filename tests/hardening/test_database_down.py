"""The database goes away mid-test: 503 with Retry-After in the one error shape, health says
which part is down, and the queued submission is stored exactly once when it is back.

On PostgreSQL (``DATABASE_URL``, CI's second leg) a second app reaches the suite's database
through ``faults.DatabaseProxy``; the test stops the proxy (open connections reset, new ones
refused, as when the server stops) and starts it again. Stopping the real, shared server
would break everything else using it. On SQLite there is no server to stop: the same test
runs with the app's connections behind a switch (``SwitchedSqlite``), and a second app whose
PostgreSQL URL points at a port nothing listens on shows the unreachable-server 503 in both
legs. Nothing here is skipped on either database.

The PWA side (checked, not changed here): pwa/js/outbox.js keeps a submission queued when
the error is ``retryable``, and pwa/js/common/api.js counts every status >= 500 (so 503) as
retryable; the tests below send the same body again with the same client_id, as it does.
"""
from __future__ import annotations

import os
import sqlite3
import uuid

import pytest
from sqlalchemy import func, select
from sqlalchemy.engine import make_url

from answer_sets import woman_58
from backend.app import create_app
from backend.assessments.tables import Assessment
from backend import config as settings
from backend.extensions import db
from faults import DatabaseProxy, free_port, with_host_port

ON_POSTGRES = (os.environ.get("DATABASE_URL") or "").startswith(("postgres://", "postgresql"))
LEAKS = ("SELECT", "INSERT", "psycopg", "sqlalchemy", "Traceback", "connection to server")


def submission(client_id: str) -> dict:
    return {"client_id": client_id, "questionnaire_id": "cancer-risk",
            "questionnaire_version": "2", "answers": woman_58()}


def rows_for(app, client_id: str) -> int:
    with app.app_context():
        try:
            return db.session.scalar(select(func.count()).select_from(Assessment)
                                     .where(Assessment.client_id == client_id))
        finally:
            db.session.remove()


def assert_unavailable(response, words: str) -> None:
    assert response.status_code == 503
    assert response.headers["Retry-After"] == "30"
    error = response.json["error"]
    assert error["code"] == "database_unavailable"
    assert words in error["message"]
    text = response.get_data(as_text=True)
    assert not any(leak in text for leak in LEAKS), text


def assert_health_down(client) -> None:
    health = client.get("/api/v1/health")
    assert health.status_code == 503 and health.headers["Retry-After"]
    assert health.json["status"] == "degraded" and health.json["database"] == "unavailable"
    # the models are loaded and verified: reported separately, and still fine
    assert set(health.json["models"]) == {"lung", "breast", "liver", "upper_gi", "colorectal"}


def second_app(url: str):
    return create_app(settings.TestConfig(SQLALCHEMY_DATABASE_URI=settings.database_url(url)))


def dispose(app) -> None:
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


class ProxiedPostgres:
    """PostgreSQL: the app reaches the suite's database through a proxy the test can stop."""

    def __init__(self, suite_app):
        uri = suite_app.config["SQLALCHEMY_DATABASE_URI"]
        url = make_url(uri)
        self.proxy = DatabaseProxy((url.host or "127.0.0.1", url.port or 5432))
        self.app = second_app(with_host_port(uri, "127.0.0.1", self.proxy.port))

    def stop(self):
        self.proxy.stop()

    def start(self):
        self.proxy.start()

    def close(self):
        self.proxy.stop()
        dispose(self.app)


class SwitchedSqlite:
    """SQLite has no server to stop: the app's connections come from a switch instead.

    Down: the pool is emptied (its open connections gone, as when a server drops them) and
    every new connection fails with the error SQLite gives for a file it cannot open; up:
    connections to the suite's file again. The app's code path is the same as on PostgreSQL:
    an OperationalError out of the pool, mid-request.
    """

    def __init__(self, suite_app):
        self.path = make_url(suite_app.config["SQLALCHEMY_DATABASE_URI"]).database
        self.down = False
        self.app = create_app(settings.TestConfig(
            SQLALCHEMY_DATABASE_URI="sqlite://",
            SQLALCHEMY_ENGINE_OPTIONS={"creator": self._connect, "hide_parameters": True}))

    def _connect(self):
        if self.down:
            raise sqlite3.OperationalError("unable to open database file")
        return sqlite3.connect(self.path, check_same_thread=False)

    def stop(self):
        self.down = True
        dispose(self.app)

    def start(self):
        self.down = False

    def close(self):
        dispose(self.app)


@pytest.fixture
def outage(app, clean_db):
    """The app under test and a switch for its database (see the module docstring)."""
    switch = ProxiedPostgres(app) if ON_POSTGRES else SwitchedSqlite(app)
    yield switch
    switch.close()


@pytest.fixture
def unreachable(app, clean_db):
    """Any database: an app whose PostgreSQL server does not answer (a closed port)."""
    down = second_app(f"postgresql://postgres@127.0.0.1:{free_port()}/zaoshai")
    yield down
    dispose(down)


def test_unreachable_database_is_a_503_in_the_language_of_the_request(unreachable):
    client = unreachable.test_client()
    assert_unavailable(client.post("/api/v1/assessments", json=submission(str(uuid.uuid4()))),
                       "数据库")
    assert_unavailable(client.get("/api/v1/centres?lang=en"), "database cannot be reached")
    client.set_cookie("zaoshai_session", "a-doctors-session", path="/api/")  # looked up: fails
    assert_unavailable(client.get("/api/v1/doctor/worklist", headers={"Accept-Language": "en"}),
                       "try again in a minute")
    assert_health_down(client)


def test_queued_submission_is_stored_once_when_the_database_is_back(app, client, unreachable):
    """SQLite leg and PostgreSQL leg alike: refused while down, then one row on the retries."""
    client_id = str(uuid.uuid4())
    down = unreachable.test_client()
    for _ in range(3):  # the phone retries while the database is down
        assert_unavailable(down.post("/api/v1/assessments", json=submission(client_id)), "数据库")
    first = client.post("/api/v1/assessments", json=submission(client_id))
    again = client.post("/api/v1/assessments", json=submission(client_id))
    assert (first.status_code, again.status_code) == (201, 200)
    assert again.json["assessment_id"] == first.json["assessment_id"]
    assert rows_for(app, client_id) == 1


def test_database_stopped_mid_test_then_back(app, outage):
    client = outage.app.test_client()
    before = client.post("/api/v1/assessments", json=submission(str(uuid.uuid4())))
    assert before.status_code == 201  # the pool now holds a live connection

    outage.stop()  # the server goes away: that connection is reset, new ones refused
    queued = str(uuid.uuid4())
    assert_unavailable(client.post("/api/v1/assessments", json=submission(queued)), "数据库")
    assert_unavailable(client.get(f"/api/v1/assessments/{before.json['assessment_id']}?lang=en",
                                  headers={"Authorization": f"Bearer {before.json['access_token']}"}),
                       "database cannot be reached")
    assert_health_down(client)
    assert rows_for(app, queued) == 0

    outage.start()  # back: the same worker recovers without a restart
    assert client.get("/api/v1/health").json["database"] == "ok"
    sent = client.post("/api/v1/assessments", json=submission(queued))
    retry = client.post("/api/v1/assessments", json=submission(queued))
    assert (sent.status_code, retry.status_code) == (201, 200)
    assert retry.json["assessment_id"] == sent.json["assessment_id"]
    assert rows_for(app, queued) == 1
