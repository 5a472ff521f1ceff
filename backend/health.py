"""``GET /api/v1/health``: database, storage and models reported separately, for load balancers.

``database`` says whether the database answers; ``storage`` whether it can still take a write:
a full disk or a read-only database or folder used to leave health "ok" while submissions got
503s. The probe commits a real write (one row, upserted, in ``rate_limits``) because a
rolled-back one never reaches the disk on either database; on SQLite it also writes, syncs and
removes a 64 KB file beside the database, because SQLite reuses the space of its WAL file, so a
small commit can succeed on a disk that has no room left for a submission.
"""
from __future__ import annotations

import os
import tempfile
import time
from pathlib import Path

from flask import current_app
from marshmallow import Schema, fields
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from backend.blueprint import Blueprint
from backend.extensions import db
from backend.models_runtime import scoring_engine

blp = Blueprint("health", __name__, description="Service health")

PROBE_KEY = "zaoshai:health-probe"
PROBE_BYTES = 64 * 1024
PROBE_WRITE = text(
    "INSERT INTO rate_limits (key, count, expires_at) VALUES (:key, 1, :at) "
    "ON CONFLICT (key) DO UPDATE SET expires_at = :at")


class HealthSchema(Schema):
    status = fields.String(metadata={"description": "ok, or degraded when a part is down"})
    database = fields.String(metadata={"description": "ok or unavailable"})
    storage = fields.String(metadata={"description": "ok, or unwritable (full disk, read-only "
                                                     "database or folder)"})
    models = fields.Dict(keys=fields.String(), values=fields.String())


def database_status() -> str:
    try:
        db.session.execute(text("SELECT 1"))
        return "ok"
    except SQLAlchemyError:
        db.session.rollback()
        return "unavailable"


def sqlite_directory() -> Path | None:
    """The folder of the SQLite database file; None for a database server or memory."""
    url = db.engine.url
    if url.get_backend_name() != "sqlite" or not url.database or url.database == ":memory:":
        return None
    name = url.database.removeprefix("file:").split("?", 1)[0]
    return Path(name).resolve().parent


def _probe_file(directory: Path) -> None:
    descriptor, path = tempfile.mkstemp(prefix=".health-probe-", dir=directory)
    try:
        with os.fdopen(descriptor, "wb") as probe:
            probe.write(os.urandom(PROBE_BYTES))
            probe.flush()
            os.fsync(probe.fileno())
    finally:
        os.unlink(path)


def storage_status() -> str:
    """ok, or unwritable when a committed write (and on SQLite a file beside it) fails."""
    try:
        with db.engine.begin() as connection:
            connection.execute(PROBE_WRITE, {"key": PROBE_KEY, "at": time.time()})
    except SQLAlchemyError:
        return "unwritable"
    directory = sqlite_directory()
    if directory is not None:
        try:
            _probe_file(directory)
        except OSError:
            return "unwritable"
    return "ok"


@blp.route("/health")
@blp.response(200, HealthSchema)
@blp.alt_response(503, schema=HealthSchema, description="A part is down")
def health():
    """Database reachability, whether storage takes a write, the loaded model versions."""
    database = database_status()
    storage = storage_status() if database == "ok" else "unavailable"
    healthy = database == "ok" and storage == "ok"
    body = {"status": "ok" if healthy else "degraded", "database": database,
            "storage": storage, "models": scoring_engine().versions()}
    if healthy:
        return body, 200
    # Load balancers and clients alike: try again later rather than at once.
    return body, 503, {"Retry-After": str(current_app.config["RETRY_AFTER_SECONDS"])}
