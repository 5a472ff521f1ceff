"""The baselines of bench/http_assess.py: a bare Flask app, and the same app storing the body.

Served by gunicorn with the same settings as the real app, so the ratios measure what our
request costs over the framework's floor, on the same machine in the same run:

* ``GET /``: one small JSON object (the issue's hello-world);
* ``POST /store``: the submission's body parsed, stored as one row (JSON text, a unique
  ``client_id``) with one SQLAlchemy Core INSERT and a commit, answered 201 with the row's id.
  No validation, scoring, encryption, result or compression: the floor of any submission that
  stores what it receives, in the kind of database the real app is measured on
  (``BENCH_FLOOR_DATABASE_URL``: the same PostgreSQL database, or a SQLite file of its own in
  WAL mode with ``synchronous=NORMAL``, as the app sets it).
"""
import os
import uuid

from flask import Flask, jsonify, request
from sqlalchemy import Column, MetaData, String, Table, Text, create_engine, event, insert

app = Flask(__name__)
engine = create_engine(os.environ.get("BENCH_FLOOR_DATABASE_URL", "sqlite://"))
metadata = MetaData()
bodies = Table("bench_floor", metadata, Column("id", String(36), primary_key=True),
               Column("client_id", String(36), nullable=False, unique=True),
               Column("body", Text, nullable=False))


@event.listens_for(engine, "connect")
def _sqlite_pragmas(dbapi_connection, _record) -> None:
    if engine.dialect.name == "sqlite":
        cursor = dbapi_connection.cursor()
        for pragma in ("journal_mode=WAL", "synchronous=NORMAL", "busy_timeout=10000"):
            cursor.execute(f"PRAGMA {pragma}")
        cursor.close()


@app.get("/")
def hello():
    return jsonify(hello="world")


@app.post("/store")
def store():
    body = request.get_json()
    row_id = str(uuid.uuid4())
    with engine.begin() as connection:
        connection.execute(insert(bodies), {"id": row_id, "client_id": body["client_id"],
                                            "body": request.get_data(as_text=True)})
    return jsonify(id=row_id), 201


def create_tables() -> None:
    """Called once by the benchmark before gunicorn starts (the workers must not race)."""
    metadata.drop_all(engine)
    metadata.create_all(engine)
