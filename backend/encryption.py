"""Health data at rest: Fernet with key rotation, and the ``EncryptedJSON`` column type.

Keys come from the environment (``ZAOSHAI_DATA_KEYS``, comma-separated, or the single
``ZAOSHAI_DATA_KEY``; see backend/config.py). ``cipher()`` is a ``MultiFernet`` over them: the
first key encrypts, every key decrypts, so a new key can be put first and the old one kept
until ``flask keys rotate`` has re-encrypted every stored value with the new one (then the old
key can be removed). Residents' names, phones and doctors' notes (Text columns holding
Fernet tokens) and the answers and results (``EncryptedJSON``) are covered; a database dump
without the keys holds none of that in the clear.
"""
from __future__ import annotations

import orjson

import click
from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from flask import Flask, current_app
from flask.cli import AppGroup
from sqlalchemy import Text, select, table
from sqlalchemy import column as sql_column
from sqlalchemy.types import TypeDecorator

CIPHER_KEY = "zaoshai.cipher"


def cipher() -> MultiFernet:
    """The app's MultiFernet (built once per app and key list)."""
    keys = tuple(current_app.config["DATA_KEYS"])
    cached = current_app.extensions.get(CIPHER_KEY)
    if cached is None or cached[0] != keys:
        cached = (keys, MultiFernet([Fernet(key.encode()) for key in keys]))
        current_app.extensions[CIPHER_KEY] = cached
    return cached[1]


def encrypt_text(value: str | None) -> str | None:
    return cipher().encrypt(value.encode()).decode() if value else None


def decrypt_text(value: str | None) -> str | None:
    return cipher().decrypt(value.encode()).decode() if value else None


class EncryptedJSON(TypeDecorator):
    """A JSON value stored as one Fernet token (text): readable only with a data key.

    The column stays ``JSON`` on SQLite in the schema (SQLite stores the token as text either
    way) and becomes ``text`` on PostgreSQL (migration 0005_foundations). No query looks
    inside these values; everything that reads them does so in Python.
    """

    impl = Text
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        # orjson: the same compact UTF-8 JSON as json.dumps(ensure_ascii=False, separators=
        # (",", ":")), several times faster (three such columns are written per submission)
        return cipher().encrypt(orjson.dumps(value, option=orjson.OPT_NON_STR_KEYS)).decode()

    def process_result_value(self, value, dialect):
        if value is None:
            return None
        try:
            return orjson.loads(cipher().decrypt(value.encode()))
        except InvalidToken:
            raise RuntimeError("Stored health data cannot be decrypted with the keys in "
                               "ZAOSHAI_DATA_KEYS / ZAOSHAI_DATA_KEY") from None


ROTATED = (("assessments", "contact_name_enc"), ("assessments", "contact_phone_enc"),
           ("assessments", "answers"), ("assessments", "result"), ("assessments", "factors"),
           ("follow_ups", "note_enc"))


def _rotate(session, table_name: str, column: str, batch: int = 200) -> int:
    """Re-encrypt one column's stored tokens with the first key, ``batch`` rows a commit.

    Through the bare table, so that the ``EncryptedJSON`` columns are read and written as
    the tokens they store rather than decoded. A value already under the first key is
    rewritten too (a fresh token): simpler than telling, and the count says what was done.
    """
    raw = table(table_name, sql_column("id"), sql_column(column))
    fernet = cipher()
    done, last = 0, None
    while True:
        query = select(raw.c.id, raw.c[column]).where(raw.c[column].is_not(None))
        if last is not None:
            query = query.where(raw.c.id > last)
        rows = session.execute(query.order_by(raw.c.id).limit(batch)).all()
        if not rows:
            return done
        for row_id, token in rows:
            session.execute(raw.update().where(raw.c.id == row_id).values(
                {column: fernet.rotate(token.encode()).decode()}))
            done += 1
        session.commit()
        last = rows[-1][0]


def rotate_all() -> dict[str, int]:
    """Every encrypted value re-encrypted with the first key: ``{"table.column": rows}``."""
    from backend.extensions import db

    return {f"{name}.{column}": _rotate(db.session, name, column) for name, column in ROTATED}


keys_cli = AppGroup("keys", help="Data-encryption keys (ZAOSHAI_DATA_KEYS).")


@keys_cli.command("rotate")
def rotate_command():
    """Re-encrypt every stored secret with the first key of ZAOSHAI_DATA_KEYS."""
    counts = rotate_all()
    for name, count in counts.items():
        click.echo(f"{name}: {count} re-encrypted")
    click.echo("Every value now uses the first key; older keys can be removed from "
               "ZAOSHAI_DATA_KEYS.")


@keys_cli.command("generate")
def generate_command():
    """Print a new Fernet key (put it first in ZAOSHAI_DATA_KEYS, then run keys rotate)."""
    click.echo(Fernet.generate_key().decode())


def init_app(app: Flask) -> None:
    app.cli.add_command(keys_cli)
