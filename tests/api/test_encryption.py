"""Health data at rest: answers and results encrypted, keys rotated, the SQLite file private."""
from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest
from cryptography.fernet import Fernet
from sqlalchemy import text

from flask_migrate import upgrade

from answer_sets import man_62_smoker
from backend.assessments.tables import Assessment
from backend.extensions import db
MIGRATIONS = str(Path(__file__).resolve().parents[2] / "backend" / "migrations")


@pytest.fixture
def stored(client, new_client_id):
    """A shared submission (name, phone, smoking) made with the suite's key: its id."""
    response = client.post("/api/v1/assessments", json={
        "client_id": new_client_id(), "questionnaire_id": "cancer-risk",
        "questionnaire_version": "2",
        "answers": man_62_smoker(share_with_doctor="yes", contact_name="王建国",
                                 contact_phone="13800138000")})
    assert response.status_code == 201, response.json
    return response.json["assessment_id"]


def raw_row(assessment_id):
    return db.session.execute(text(
        "SELECT answers, result, contact_name_enc FROM assessments WHERE id = :id"),
        {"id": assessment_id}).one()


def test_answers_and_result_are_not_stored_in_the_clear(app, stored):
    with app.app_context():
        answers, result, name = raw_row(stored)
        for value in (answers, result, name):
            assert isinstance(value, str) and value.startswith("gAAAAA")  # a Fernet token
            assert "smok" not in value and "lung" not in value and "王" not in value
        row = db.session.get(Assessment, stored)
        assert row.answers["smoking_status"] == "current" and row.result["cancers"]


def test_unreadable_without_the_key_and_readable_after_rotation(app, stored, monkeypatch):
    old = app.config["DATA_KEYS"]
    new = Fernet.generate_key().decode()
    with app.app_context():
        monkeypatch.setitem(app.config, "DATA_KEYS", [new])
        with pytest.raises(RuntimeError, match="cannot be decrypted"):
            db.session.get(Assessment, stored).answers
        db.session.rollback()
        db.session.expunge_all()
        # The new key first, the old one kept: readable, then `flask keys rotate`.
        monkeypatch.setitem(app.config, "DATA_KEYS", [new, *old])
        assert db.session.get(Assessment, stored).answers["cigarettes_per_day"] == 20
        db.session.expunge_all()
        db.session.commit()
    run = app.test_cli_runner().invoke(args=["keys", "rotate"])
    assert run.exit_code == 0, run.output
    assert "assessments.answers: 1 re-encrypted" in run.output
    assert "assessments.contact_name_enc: 1 re-encrypted" in run.output
    with app.app_context():
        monkeypatch.setitem(app.config, "DATA_KEYS", [new])  # the old key is gone
        row = db.session.get(Assessment, stored)
        assert row.answers["smoking_status"] == "current" and row.result["cancers"]
        from backend.assessments.service import decrypt

        assert decrypt(row.contact_name_enc) == "王建国"
        answers, _, _ = raw_row(stored)
        with pytest.raises(Exception):
            Fernet(old[0].encode()).decrypt(answers.encode())
        db.session.remove()


def test_keys_generate_prints_a_fernet_key(app):
    run = app.test_cli_runner().invoke(args=["keys", "generate"])
    assert run.exit_code == 0
    Fernet(run.output.strip().encode())


def own_sqlite_app(path):
    from backend.app import create_app
    from backend.config import TestConfig as Settings

    return create_app(Settings(SQLALCHEMY_DATABASE_URI=f"sqlite:///{path}"))


def test_sqlite_file_and_wal_are_private_and_secure_delete_is_on(tmp_path):
    app = own_sqlite_app(tmp_path / "own.sqlite3")
    with app.app_context():
        upgrade(directory=MIGRATIONS)
        assert db.session.execute(text("PRAGMA secure_delete")).scalar() == 1
        path = db.engine.url.database
        for name in (path, f"{path}-wal", f"{path}-shm"):
            assert stat.S_IMODE(os.stat(name).st_mode) == 0o600, name
        db.session.remove()
        db.engine.dispose()


def test_the_migration_encrypts_rows_stored_in_the_clear(tmp_path):
    """A database of before this change: its plaintext answers are encrypted on upgrade."""
    app = own_sqlite_app(tmp_path / "old.sqlite3")
    with app.app_context():
        upgrade(directory=MIGRATIONS, revision="0004_merge_heads")
        db.session.execute(text(
            "INSERT INTO assessments (id, client_id, request_hash, token_hash, created_at, "
            "language, questionnaire_id, questionnaire_version, model_version, sex, age, shared, "
            "answers, result, red_flag, high_risk) VALUES ('a1', 'c1', 'h', 't', "
            "'2026-11-30 10:00:00', 'zh', 'cancer-risk', '1', 'm', 'male', 62, 0, "
            "'{\"smoking_status\": \"current\"}', '{\"cancers\": []}', 0, 0)"))
        db.session.commit()
        upgrade(directory=MIGRATIONS)
        answers, result, _ = raw_row("a1")
        assert answers.startswith("gAAAAA") and "current" not in answers
        row = db.session.get(Assessment, "a1")
        assert row.answers == {"smoking_status": "current"} and row.result == {"cancers": []}
        db.session.remove()
        db.engine.dispose()
