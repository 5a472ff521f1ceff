"""``/api/v1/health`` reports storage that cannot take a write, so a load balancer takes the
machine out: a read-only database (SQLite file opened read-only; PostgreSQL in read-only
transactions, as on a standby) and a full disk (SQLite on a tmpfs that is filled up)."""
from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from flask_migrate import upgrade

from backend.app import create_app
from backend.config import TestConfig as Settings
from backend.extensions import db

ROOT = Path(__file__).resolve().parents[2]
MIGRATIONS = str(ROOT / "backend" / "migrations")


def build(url: str, **overrides):
    return create_app(Settings(SQLALCHEMY_DATABASE_URI=url, **overrides))


def migrated_sqlite(path: Path) -> str:
    url = f"sqlite:///{path}"
    app = build(url)
    with app.app_context():
        upgrade(directory=MIGRATIONS)
        db.engine.dispose()
    return url


def dispose(app) -> None:
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


def assert_unwritable(app) -> None:
    health = app.test_client().get("/api/v1/health")
    assert health.status_code == 503 and health.headers["Retry-After"], health.json
    assert health.json["status"] == "degraded" and health.json["storage"] == "unwritable"
    assert health.json["database"] == "ok"  # it answers; it just cannot store


def test_health_reports_writable_storage(client):
    health = client.get("/api/v1/health")
    assert health.status_code == 200
    assert health.json["storage"] == "ok" and health.json["database"] == "ok"


def test_a_read_only_database_is_reported(app, tmp_path):
    if app.config["SQLALCHEMY_DATABASE_URI"].startswith("postgresql"):
        # What a standby or a database set read-only looks like to the app.
        read_only = build(app.config["SQLALCHEMY_DATABASE_URI"], SQLALCHEMY_ENGINE_OPTIONS={
            "connect_args": {"options": "-c default_transaction_read_only=on"}})
    else:
        path = tmp_path / "ro.sqlite3"
        migrated_sqlite(path)
        read_only = build(f"sqlite:///file:{path}?mode=ro&uri=true")
    try:
        assert_unwritable(read_only)
    finally:
        dispose(read_only)


@pytest.fixture
def small_disk(tmp_path):
    """A 2 MB tmpfs (needs root, which `make test` runs as: scripts/ensure-test-system.sh)."""
    if os.geteuid() != 0 or not shutil.which("mount"):
        pytest.skip("mounting a small filesystem needs root")
    mount = tmp_path / "disk"
    mount.mkdir()
    subprocess.run(["mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", str(mount)], check=True)
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=True)


def test_a_full_disk_is_reported(small_disk):
    app = build(migrated_sqlite(small_disk / "db.sqlite3"))
    try:
        assert app.test_client().get("/api/v1/health").status_code == 200
        with open(small_disk / "filler", "wb", buffering=0) as filler:
            try:
                while True:
                    filler.write(b"\0" * 4096)
            except OSError:
                pass
        assert_unwritable(app)
        (small_disk / "filler").unlink()
        assert app.test_client().get("/api/v1/health").status_code == 200  # and back in
    finally:
        dispose(app)
