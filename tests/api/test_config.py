"""ZAOSHAI_ENV: only the known environments start; test secrets stay in TestConfig."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from cryptography.fernet import Fernet

from backend import config as settings
from backend.config import Config, ConfigurationError
from backend.config import TestConfig as Settings

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def production_env(monkeypatch):
    monkeypatch.setenv("SECRET_KEY", "s" * 48)
    monkeypatch.setenv("ZAOSHAI_DATA_KEY", Fernet.generate_key().decode())
    monkeypatch.delenv("ZAOSHAI_DATA_KEYS", raising=False)


@pytest.mark.parametrize("name", ["staging", "Production", "prod", "testing", "", " production"])
def test_an_unknown_environment_is_refused_naming_the_variable(monkeypatch, production_env, name):
    monkeypatch.setenv("ZAOSHAI_ENV", name)
    with pytest.raises(ConfigurationError, match="ZAOSHAI_ENV"):
        Config()


def test_production_without_keys_is_refused(monkeypatch):
    monkeypatch.setenv("ZAOSHAI_ENV", "production")
    for name in ("SECRET_KEY", "ZAOSHAI_DATA_KEY", "ZAOSHAI_DATA_KEYS"):
        monkeypatch.delenv(name, raising=False)
    with pytest.raises(ConfigurationError, match="SECRET_KEY"):
        Config()


def test_production_never_uses_the_test_secrets(monkeypatch, production_env):
    monkeypatch.setenv("ZAOSHAI_ENV", "production")
    config = Config()
    assert config.SECRET_KEY != Settings.SECRET_KEY
    assert Settings.DATA_KEY not in config.DATA_KEYS
    # The published values appear in the module only as TestConfig's attributes.
    source = Path(settings.__file__).read_text()
    assert source.count(Settings.DATA_KEY) == 1 and source.count(Settings.SECRET_KEY) == 1


def test_data_keys_list_the_current_key_first(monkeypatch, production_env):
    new, old = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    monkeypatch.setenv("ZAOSHAI_ENV", "production")
    monkeypatch.setenv("ZAOSHAI_DATA_KEYS", f"{new}, {old}")
    config = Config()
    assert config.DATA_KEYS == [new, old] and config.DATA_KEY == new


def test_a_data_key_that_is_not_a_fernet_key_is_refused(monkeypatch, production_env):
    monkeypatch.setenv("ZAOSHAI_ENV", "production")
    monkeypatch.setenv("ZAOSHAI_DATA_KEYS", "not-a-key")
    with pytest.raises(ConfigurationError, match="ZAOSHAI_DATA_KEYS"):
        Config()


def test_test_config_leaves_the_environment_alone(monkeypatch):
    monkeypatch.setenv("ZAOSHAI_ENV", "production")
    before = dict(os.environ)
    config = Settings(SQLALCHEMY_DATABASE_URI="sqlite://")
    assert dict(os.environ) == before
    assert config.ENV_NAME == "testing" and config.SECRET_KEY == Settings.SECRET_KEY


def test_gunicorn_refuses_to_start_with_zaoshai_env_staging(tmp_path):
    env = dict(os.environ, ZAOSHAI_ENV="staging", ZAOSHAI_INSTANCE=str(tmp_path),
               SECRET_KEY="s" * 48, ZAOSHAI_DATA_KEY=Fernet.generate_key().decode(),
               DATABASE_URL=f"sqlite:///{tmp_path}/db.sqlite3")
    run = subprocess.run(
        [str(Path(sys.executable).parent / "gunicorn"), "--workers", "1", "--bind",
         "127.0.0.1:0", "backend.app:create_app()"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)
    assert run.returncode != 0
    assert "ZAOSHAI_ENV='staging' is not a known environment" in run.stderr, run.stderr[-2000:]
