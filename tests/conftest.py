"""Shared fixtures: the app on SQLite (default) or on ``DATABASE_URL`` (PostgreSQL in CI).

The database is built by the real migrations once per session; each test starts with empty
tables and the demo centres loaded, so tests never see each other's rows.
"""
from __future__ import annotations

import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from flask_migrate import upgrade
from sqlalchemy import text

from backend.app import create_app
from backend.centres.service import load_demo_centres
from backend.config import TestConfig, database_url
from backend.extensions import db

ROOT = Path(__file__).resolve().parents[1]


def pytest_sessionstart(session):
    """Compile the catalogues so that the app serves what the .po files say."""
    subprocess.run([sys.executable, "-m", "babel.messages.frontend", "compile", "-d",
                    str(ROOT / "translations")], check=True, capture_output=True)


def _reset_schema() -> None:
    """Start from nothing, whatever an earlier run (of this or another branch) left behind."""
    if db.engine.dialect.name == "postgresql":
        # drop_all() only knows today's tables; a schema drop also removes tables and
        # constraints that other revisions created.
        with db.engine.begin() as connection:
            connection.execute(text("DROP SCHEMA public CASCADE"))
            connection.execute(text("CREATE SCHEMA public"))
    else:
        db.drop_all()
        with db.engine.begin() as connection:
            connection.execute(text("DROP TABLE IF EXISTS alembic_version"))
    upgrade(directory=str(ROOT / "backend" / "migrations"))


@pytest.fixture(scope="session")
def app(tmp_path_factory):
    url = os.environ.get("DATABASE_URL") or f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.sqlite3'}"
    app = create_app(TestConfig(SQLALCHEMY_DATABASE_URI=database_url(url)))
    with app.app_context():
        _reset_schema()
    yield app
    with app.app_context():
        # Close pooled connections before the interpreter does, or psycopg warns (an error
        # under filterwarnings = error) about connections deleted while still open.
        db.session.remove()
        db.engine.dispose()


@pytest.fixture(autouse=False)
def clean_db(app):
    with app.app_context():
        for table in reversed(db.metadata.sorted_tables):
            db.session.execute(table.delete())
        db.session.commit()
        load_demo_centres()
    yield
    with app.app_context():
        db.session.remove()


@pytest.fixture
def client(app, clean_db):
    return app.test_client()


@pytest.fixture
def new_client_id():
    return lambda: str(uuid.uuid4())


# --- Staff accounts (backend.accounts) -------------------------------------------------------

from staff_data import STAFF_PASSWORD  # noqa: E402  (shared with the tests that sign in)


class StaffClient:
    """A test client signed in as one member of staff; writes carry the CSRF header."""

    def __init__(self, client, user, csrf):
        self.client, self.user, self.csrf = client, user, csrf

    def get(self, url, **kw):
        return self.client.get(url, **kw)

    def _write(self, method, url, csrf=True, **kw):
        headers = dict(kw.pop("headers", {}))
        if csrf:
            headers["X-CSRFToken"] = self.csrf
        kw.setdefault("json", {})
        return getattr(self.client, method)(url, headers=headers, **kw)

    def post(self, url, **kw):
        return self._write("post", url, **kw)

    def patch(self, url, **kw):
        return self._write("patch", url, **kw)

    def delete(self, url, **kw):
        return self._write("delete", url, **kw)


@pytest.fixture
def staff(app, clean_db):
    """``staff(role, centre=None, username=None)`` → a signed-in ``StaffClient``.

    Creates the account on first use (password ``STAFF_PASSWORD``); the sign-in limiter is
    reset for each test so that throttling tests do not leak into others.
    """
    from backend.accounts import service, throttle

    with app.app_context():
        throttle.reset()

    def sign_in(role, centre=None, username=None):
        username = username or f"{role}-{(centre or 'x').lower()}"
        with app.app_context():
            user = service.find_user(username) or service.create_user(
                username, STAFF_PASSWORD, role, centre, display_name=f"Dr {username}")
            user_id = user.id
        client = app.test_client()
        response = client.post("/api/v1/auth/login",
                               json={"username": username, "password": STAFF_PASSWORD})
        assert response.status_code == 200, response.json
        return StaffClient(client, {"id": user_id, "username": username, "role": role,
                                    "centre": centre}, response.json["csrf_token"])

    return sign_in
