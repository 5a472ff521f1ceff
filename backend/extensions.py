"""Flask extensions, created unbound here and bound to the app in ``create_app``."""
import os

from flask_babel import Babel
from flask_compress import Compress
from flask_migrate import Migrate
from flask_smorest import Api
from flask_sqlalchemy import SQLAlchemy
from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlalchemy.orm import DeclarativeBase

from backend.errors import ErrorSchema


class Base(DeclarativeBase):
    """Declarative base shared by every feature's tables."""


class ZaoshaiApi(Api):
    """flask-smorest's Api, documenting our one error shape instead of its own."""

    ERROR_SCHEMA = ErrorSchema


db = SQLAlchemy(model_class=Base)
migrate = Migrate()
babel = Babel()
# Residents are often on slow mobile data: pages, scripts and JSON go compressed to any
# client that asks for it (brotli or gzip), as a front web server would do.
compress = Compress()
api = ZaoshaiApi()


@event.listens_for(Engine, "connect")
def _sqlite_pragmas(dbapi_connection, _record) -> None:
    """SQLite settings for several gunicorn workers sharing one file.

    WAL lets readers work while one worker writes; busy_timeout makes a writer wait for the
    lock instead of failing; synchronous=NORMAL is durable across a crash of the app (the
    WAL is synced at checkpoints) and avoids an fsync per assessment. secure_delete=ON
    overwrites deleted content with zeros, so an erased resident's bytes do not stay in the
    file's free pages. The file, its WAL and shared-memory file are made readable by their
    owner only (health data; the umask would leave them world-readable). PostgreSQL is
    untouched.
    """
    if type(dbapi_connection).__module__ != "sqlite3":
        return
    cursor = dbapi_connection.cursor()
    for pragma in ("journal_mode=WAL", "synchronous=NORMAL", "busy_timeout=10000",
                   "foreign_keys=ON", "secure_delete=ON"):
        cursor.execute(f"PRAGMA {pragma}")
    files = [row[2] for row in cursor.execute("PRAGMA database_list") if row[2]]
    cursor.close()
    for name in files:
        for path in (name, f"{name}-wal", f"{name}-shm"):
            try:
                if os.stat(path).st_mode & 0o077:
                    os.chmod(path, 0o600)
            except FileNotFoundError:
                pass
            except PermissionError:  # a read-only file of someone else's: left as it is
                pass
