"""Configuration from the environment, with defaults that make ``make run`` work on a laptop.

``Config`` reads the environment once when the app is built; ``TestConfig`` is what the test
suite starts from. ``ZAOSHAI_ENV`` is ``development`` (the default) or ``production``, exactly;
anything else (``Production``, ``prod``, ``staging``) stops the start with a message naming the
variable, so that a typo can never fall back to some other environment's secrets.

Secrets: in development a secret key and a data-encryption key are created once under
``instance/`` so that restarts keep sessions and encrypted data readable; in production both
must come from the environment. Data keys: ``ZAOSHAI_DATA_KEYS`` (comma-separated Fernet keys,
the first encrypts, all decrypt; ``flask keys rotate`` re-encrypts with the first) or the single
``ZAOSHAI_DATA_KEY``. The suite's fixed secrets live in ``TestConfig`` and nowhere else.
"""
from __future__ import annotations

import json
import os
import secrets
from pathlib import Path

from cryptography.fernet import Fernet

PROJECT_ROOT = Path(__file__).resolve().parents[1]
INSTANCE_DIR = Path(os.environ.get("ZAOSHAI_INSTANCE", PROJECT_ROOT / "instance"))


def database_url(url: str | None) -> str:
    """SQLAlchemy URL: SQLite file by default; plain ``postgresql://`` uses psycopg 3."""
    if not url:
        return f"sqlite:///{INSTANCE_DIR / 'zaoshai.sqlite3'}"
    if url.startswith("postgres://"):
        url = "postgresql://" + url[len("postgres://"):]
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://"):]
    return url


def development_secrets() -> dict:
    """Secrets for a development machine, created once and kept in ``instance/``."""
    path = INSTANCE_DIR / "dev-secrets.json"
    if path.exists():
        return json.loads(path.read_text())
    INSTANCE_DIR.mkdir(parents=True, exist_ok=True)
    values = {"SECRET_KEY": secrets.token_urlsafe(48), "DATA_KEY": Fernet.generate_key().decode()}
    path.write_text(json.dumps(values))
    path.chmod(0o600)
    return values


def engine_options(url: str) -> dict:
    """SQLAlchemy engine options for ``url``.

    ``hide_parameters``: an error message never carries the bound values (answers, names,
    phones) into a log. On a database server: ``pool_pre_ping`` because a connection can drop
    between requests (a restart, a failover), and a short ``connect_timeout`` so that an
    unreachable server is a prompt 503 rather than a request hanging until the worker dies.
    """
    if url.startswith("sqlite"):
        return {"hide_parameters": True}
    return {"hide_parameters": True, "pool_pre_ping": True,
            "connect_args": {"connect_timeout": 5}}


class ConfigurationError(RuntimeError):
    """The environment does not describe a service that may start; the message says why."""


ENVIRONMENTS = ("development", "production")


def data_keys(env) -> list[str]:
    """``ZAOSHAI_DATA_KEYS`` (first = current), else ``ZAOSHAI_DATA_KEY``; each a Fernet key."""
    raw = env.get("ZAOSHAI_DATA_KEYS") or env.get("ZAOSHAI_DATA_KEY") or ""
    keys = [key.strip() for key in raw.split(",") if key.strip()]
    for key in keys:
        try:
            Fernet(key.encode())
        except (ValueError, TypeError):
            raise ConfigurationError(
                "ZAOSHAI_DATA_KEYS / ZAOSHAI_DATA_KEY holds a value that is not a Fernet key "
                "(make one with: python -c 'from cryptography.fernet import Fernet; "
                "print(Fernet.generate_key().decode())')") from None
    return keys


class Config:
    """Settings read from the environment."""

    def __init__(self):
        env = os.environ
        self.ENV_NAME = self._environment(env)
        self.SECRET_KEY, keys = self._secrets(env)
        if not self.SECRET_KEY or not keys:
            raise ConfigurationError(
                "SECRET_KEY and ZAOSHAI_DATA_KEYS (or ZAOSHAI_DATA_KEY) must be set when "
                "ZAOSHAI_ENV=production")
        # Fernet keys for health data and residents' contact details at rest: the first
        # encrypts, every one decrypts (backend/encryption.py). DATA_KEY is the current one.
        self.DATA_KEYS = keys
        self.DATA_KEY = keys[0]
        self.SQLALCHEMY_DATABASE_URI = database_url(env.get("DATABASE_URL"))
        self.SQLALCHEMY_ENGINE_OPTIONS = engine_options(self.SQLALCHEMY_DATABASE_URI)
        self.MODELS_DIR = env.get("ZAOSHAI_MODELS_DIR", str(PROJECT_ROOT / "models"))
        # Every API body is small; 64 KB leaves room for a full questionnaire in any language.
        self.MAX_CONTENT_LENGTH = 64 * 1024
        self.BABEL_DEFAULT_LOCALE = "zh_Hans_CN"
        self.BABEL_TRANSLATION_DIRECTORIES = str(PROJECT_ROOT / "translations")
        self.PWA_DIR = str(PROJECT_ROOT / "pwa")
        self.QUESTIONNAIRES_DIR = str(PROJECT_ROOT / "questionnaires")
        self.API_TITLE = "Zaoshai API"
        self.API_VERSION = "v1"
        self.OPENAPI_VERSION = "3.0.3"
        self.OPENAPI_URL_PREFIX = "/api"
        self.OPENAPI_JSON_PATH = "openapi.json"
        self.OPENAPI_SWAGGER_UI_PATH = "/docs"
        # Served by this app from pwa/vendor: residents' networks may not reach a CDN.
        self.OPENAPI_SWAGGER_UI_URL = "/vendor/swagger-ui/"
        self.JSON_SORT_KEYS = False
        # Brotli or gzip, whichever the client prefers. Responses are dynamic JSON compressed
        # once each, so the level is a speed one: brotli quality 2 makes a 37 KB result
        # 14.5 KB in 0.15 ms of CPU, quality 4 (the default) 13.8 KB in 0.35 ms, 5 11.9 KB
        # in 3.5 ms; gzip level 1 14.6 KB in 0.2 ms against level 6's 12.9 KB in 2.5 ms.
        self.COMPRESS_ALGORITHM = ["br", "gzip"]
        self.COMPRESS_BR_LEVEL = 2
        self.COMPRESS_LEVEL = 1
        self._staff_settings(env)
        self._security_settings(env)
        self._resident_settings(env)

    def _resident_settings(self, env) -> None:
        """Who runs the service (start and privacy pages) and the short result codes."""
        # The health commission or centre that deploys the service, shown to every resident
        # before they agree (PIPL Art. 17: who processes the data and how to reach them).
        self.OPERATOR = {
            "name_zh": env.get("OPERATOR_NAME_ZH", "早筛示范区卫生健康委员会"),
            "name_en": env.get("OPERATOR_NAME_EN", "Zaoshai Demonstration District Health Commission"),
            "phone": env.get("OPERATOR_PHONE", "12320"),
            "about_zh": env.get("OPERATOR_ABOUT_ZH", "我们负责本区居民的癌症早筛项目，与各社区卫生服务中心合作。"),
            "about_en": env.get("OPERATOR_ABOUT_EN", "We run the district's cancer screening programme together with its community health centres."),
        }
        # Months an assessment is kept before it is erased (said on the privacy page).
        self.RETENTION_MONTHS = int(env.get("RETENTION_MONTHS", 60))
        # Failed short-code look-ups per address (backend/assessments/throttle.py).
        self.SHORT_CODE_LOOKUP_LIMIT = env.get("SHORT_CODE_LOOKUP_LIMIT", "10 per hour")
        # The address in QR codes (https://…); the request's own host when unset.
        self.PUBLIC_BASE_URL = env.get("PUBLIC_BASE_URL") or None

    @staticmethod
    def _environment(env) -> str:
        name = env.get("ZAOSHAI_ENV", "development")
        if name not in ENVIRONMENTS:
            raise ConfigurationError(
                f"ZAOSHAI_ENV={name!r} is not a known environment: set ZAOSHAI_ENV to exactly "
                "'development' or 'production'. Refusing to start.")
        return name

    def _secrets(self, env) -> tuple[str | None, list[str]]:
        """The secret key and data keys: the environment's; in development, instance/'s."""
        dev = development_secrets() if self.ENV_NAME == "development" else {}
        keys = data_keys(env) or ([dev["DATA_KEY"]] if dev else [])
        return env.get("SECRET_KEY") or dev.get("SECRET_KEY"), keys

    def _security_settings(self, env) -> None:
        """Response headers and CORS (backend/security.py)."""
        # HSTS only where the service is reached over HTTPS (not a laptop or the tests).
        https = self.ENV_NAME not in ("development", "testing")
        self.HSTS_MAX_AGE = int(env.get("HSTS_MAX_AGE", 31536000 if https else 0))
        # Closed by default: the PWA is served from the API's own origin.
        self.CORS_ALLOWED_ORIGINS = frozenset(
            o.strip() for o in env.get("CORS_ALLOWED_ORIGINS", "").split(",") if o.strip())
        # Seconds a client is told to wait (Retry-After) when the database is unreachable.
        self.RETRY_AFTER_SECONDS = int(env.get("RETRY_AFTER_SECONDS", 30))

    def _staff_settings(self, env) -> None:
        """Staff accounts: session cookie, sign-in throttling, follow-up deadline."""
        # The cookie travels only over HTTPS except on a laptop or in tests.
        insecure = self.ENV_NAME in ("development", "testing")
        self.SESSION_COOKIE_SECURE = env.get("SESSION_COOKIE_SECURE", str(not insecure)).lower() \
            in ("1", "true", "yes")
        # Flask's own session cookie (not used for sign-in) gets the same attributes.
        self.SESSION_COOKIE_HTTPONLY = True
        self.SESSION_COOKIE_SAMESITE = "Lax"
        self.STAFF_SESSION_IDLE_MINUTES = int(env.get("STAFF_SESSION_IDLE_MINUTES", 120))
        self.STAFF_SESSION_MAX_HOURS = int(env.get("STAFF_SESSION_MAX_HOURS", 12))
        # Rate-limit counters: Redis when set, otherwise this app's database; both are shared
        # by every worker and machine (backend/rate_limits.py).
        self.REDIS_URL = env.get("REDIS_URL") or None
        self.RATELIMIT_STORAGE_URI = self.REDIS_URL or "database://"
        # If that storage goes away, each worker throttles in its own memory rather than
        # refusing sign-in (backend/accounts/throttle.py).
        # Failed sign-ins (backend/accounts/throttle.py): per account and address; per account
        # from any address; per address, which only refuses failed attempts, never the right
        # password (colleagues and residents share a centre's or carrier's address).
        self.LOGIN_RATE_LIMIT = env.get("LOGIN_RATE_LIMIT", "5 per 15 minutes")
        self.LOGIN_ACCOUNT_RATE_LIMIT = env.get("LOGIN_ACCOUNT_RATE_LIMIT", "10 per hour")
        self.LOGIN_ADDRESS_RATE_LIMIT = env.get("LOGIN_ADDRESS_RATE_LIMIT", "100 per hour")
        # Wrong current passwords on POST /auth/password, per account.
        self.PASSWORD_CHANGE_RATE_LIMIT = env.get("PASSWORD_CHANGE_RATE_LIMIT",
                                                  "5 per 15 minutes")
        # Behind N reverse proxies, trust N X-Forwarded-For hops for the client's address.
        self.TRUSTED_PROXIES = int(env.get("TRUSTED_PROXIES", 0))
        # A high-risk or red-flag resident with no follow-up after this many days is overdue.
        self.OVERDUE_DAYS = int(env.get("OVERDUE_DAYS", 14))


class TestConfig(Config):
    """The test suite's settings: fixed secrets, and any overrides a test passes.

    Its environment name is ``testing`` whatever ``ZAOSHAI_ENV`` says (and ``os.environ`` is
    left alone); its secrets are fixed so that test runs are repeatable. They are published in
    this file, which is why nothing but this class may use them.
    """

    SECRET_KEY = "test-secret-key-not-for-production"
    DATA_KEY = "hqpI8T2OS3pLLyKZmtAI_p0TsJm-EqZ0fLGkMXGWcu8="

    def __init__(self, **overrides):
        super().__init__()
        self.TESTING = True
        for key, value in overrides.items():
            setattr(self, key, value)
        if "DATA_KEYS" in overrides and "DATA_KEY" not in overrides:
            self.DATA_KEY = self.DATA_KEYS[0]
        elif "DATA_KEY" in overrides and "DATA_KEYS" not in overrides:
            self.DATA_KEYS = [self.DATA_KEY]
        if "SQLALCHEMY_ENGINE_OPTIONS" not in overrides:
            # Options follow the database a test chose, not the one in the environment.
            self.SQLALCHEMY_ENGINE_OPTIONS = engine_options(self.SQLALCHEMY_DATABASE_URI)

    @staticmethod
    def _environment(env) -> str:
        return "testing"

    def _secrets(self, env) -> tuple[str, list[str]]:
        return type(self).SECRET_KEY, [type(self).DATA_KEY]

    @classmethod
    def environment(cls, **extra) -> dict:
        """Variables for a subprocess (gunicorn, flask) that must read this suite's data: the
        development environment with the suite's secrets given explicitly."""
        return {"ZAOSHAI_ENV": "development", "SECRET_KEY": cls.SECRET_KEY,
                "ZAOSHAI_DATA_KEY": cls.DATA_KEY, **extra}
