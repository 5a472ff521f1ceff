"""The sign-in limit holds across gunicorn workers without Redis (counters in the database).

Two sync workers over the suite's database, no REDIS_URL: twelve wrong passwords for one
account from one address, each on a new connection (so both workers take some), must give
exactly five 401s and then 429s. With per-worker memory (the old default) the two workers
each allowed five, so up to ten 401s.
"""
from __future__ import annotations

import os

import pytest

from backend.accounts import service
from servers import gunicorn, request

PASSWORD = "a passphrase for the worker test"


@pytest.fixture
def served(app, clean_db, tmp_path, monkeypatch):
    monkeypatch.delenv("REDIS_URL", raising=False)
    with app.app_context():
        service.create_user("dr.workers", PASSWORD, "doctor", "DEMO-HC-01")
    with gunicorn(app.config["SQLALCHEMY_DATABASE_URI"], tmp_path, workers=2,
                  extra=("--log-level", "warning")) as (port, _):
        yield port


def test_failed_sign_ins_are_counted_once_for_all_workers(served):
    assert "REDIS_URL" not in os.environ
    statuses = []
    for _ in range(12):
        status, _, _ = request(served, "POST", "/api/v1/auth/login",
                                        {"username": "dr.workers", "password": "wrong one!"})
        statuses.append(status)
    assert statuses == [401] * 5 + [429] * 7, statuses
    status, body, _ = request(served, "POST", "/api/v1/auth/login",
                              {"username": "dr.workers", "password": PASSWORD})
    assert status == 429 and body["error"]["details"]["retry_after_minutes"] == 15
