"""Tampered model artifacts, or artifacts of another scikit-learn: the service does not start,
and says which file and which command fixes it.

tests/scoring/test_store.py checks the verification itself and tests/api/test_cli.py a
tampered joblib through ``create_app``; here the other scikit-learn version goes through
``create_app``, and both go through gunicorn, as production starts the app.
"""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from backend.app import create_app
from backend.config import TestConfig as Settings
from backend.scoring.store import MODELS_DIR, ModelArtifactError
from faults import free_port
from servers import ROOT


@pytest.fixture
def models(tmp_path):
    target = tmp_path / "models"
    shutil.copytree(MODELS_DIR, target, ignore=shutil.ignore_patterns("*.png", "*.md"))
    return target


def built_with_other_sklearn(models: Path) -> Path:
    manifest = models / "lung" / "manifest.json"
    data = json.loads(manifest.read_text())
    data["library_versions"]["scikit-learn"] = "1.0.2"
    manifest.write_text(json.dumps(data))
    return manifest


def tampered(models: Path) -> Path:
    path = models / "liver" / "model.joblib"
    data = bytearray(path.read_bytes())
    data[-10] ^= 0xFF
    path.write_bytes(bytes(data))
    return path


def test_app_refuses_to_start_on_models_of_another_scikit_learn(models):
    built_with_other_sklearn(models)
    with pytest.raises(ModelArtifactError, match=r"scikit-learn 1\.0\.2 but .* is installed"):
        create_app(Settings(SQLALCHEMY_DATABASE_URI="sqlite://", MODELS_DIR=str(models)))


@pytest.mark.parametrize("break_models, words", [
    (tampered, ["liver/model.joblib", "flask models train"]),
    (built_with_other_sklearn, ["scikit-learn 1.0.2", "lung"]),
])
def test_gunicorn_does_not_start_and_says_why(models, tmp_path, break_models, words):
    break_models(models)
    env = dict(os.environ, **Settings.environment(
        ZAOSHAI_INSTANCE=str(tmp_path), ZAOSHAI_MODELS_DIR=str(models),
        DATABASE_URL=f"sqlite:///{tmp_path}/db.sqlite3"))
    run = subprocess.run(
        [str(Path(sys.executable).parent / "gunicorn"), "--workers", "1", "--bind",
         f"127.0.0.1:{free_port()}", "backend.app:create_app()"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)
    assert run.returncode != 0  # the master stops: no worker could boot
    for word in words:
        assert word in run.stderr, run.stderr[-2000:]
