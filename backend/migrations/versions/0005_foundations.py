"""rate-limit counters shared by every worker; answers and results encrypted at rest

Revision ID: 0005_foundations
Revises: 0013_action_queue
Create Date: 2026-12-01 10:10:00.000000

* ``rate_limits``: without Redis, sign-in limits were counted in each worker's memory;
  backend/rate_limits.py keeps them here instead (and /health probes a write here).
* ``assessments.answers``, ``assessments.result`` and ``assessments.factors`` were plaintext JSON (smoking, hepatitis B,
  BRCA, symptoms, tumour markers, the risks): each becomes one Fernet token
  (backend/encryption.py's EncryptedJSON), encrypted with the first of the app's data keys,
  so the upgrade runs inside the app (``flask db upgrade``) with ZAOSHAI_DATA_KEYS set. On
  PostgreSQL the columns become ``text``; SQLite keeps the declared type (it stores text
  either way) so that no table has to be rebuilt.
"""
import json

from alembic import op
import sqlalchemy as sa
from cryptography.fernet import Fernet, MultiFernet
from flask import current_app


# revision identifiers, used by Alembic.
revision = '0005_foundations'
down_revision = '0013_action_queue'
branch_labels = None
depends_on = None

COLUMNS = ("answers", "result", "factors")


def _cipher() -> MultiFernet:
    return MultiFernet([Fernet(key.encode()) for key in current_app.config["DATA_KEYS"]])


def _convert(change) -> None:
    bind = op.get_bind()
    rows = bind.execute(sa.text("SELECT id, answers, result, factors FROM assessments")).all()
    for row in rows:
        values = {column: None if getattr(row, column) is None else change(getattr(row, column))
                  for column in COLUMNS}
        bind.execute(sa.text("UPDATE assessments SET answers = :answers, result = :result, "
                             "factors = :factors WHERE id = :id"), {"id": row.id, **values})


def upgrade():
    op.create_table('rate_limits',
    sa.Column('key', sa.String(length=200), nullable=False),
    sa.Column('count', sa.Integer(), nullable=False),
    sa.Column('expires_at', sa.Float(), nullable=False),
    sa.PrimaryKeyConstraint('key')
    )
    op.create_index('ix_rate_limits_expires_at', 'rate_limits', ['expires_at'], unique=False)

    if op.get_bind().dialect.name == "postgresql":
        for column in COLUMNS:
            op.execute(f"ALTER TABLE assessments ALTER COLUMN {column} TYPE text "
                       f"USING {column}::text")
    cipher = _cipher()

    def encrypt(stored):
        value = stored if isinstance(stored, (dict, list)) else json.loads(stored)
        plain = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
        return cipher.encrypt(plain.encode()).decode()

    _convert(encrypt)


def downgrade():
    cipher = _cipher()
    _convert(lambda token: cipher.decrypt(token.encode()).decode())
    if op.get_bind().dialect.name == "postgresql":
        for column in COLUMNS:
            op.execute(f"ALTER TABLE assessments ALTER COLUMN {column} TYPE json "
                       f"USING {column}::json")
    op.drop_index('ix_rate_limits_expires_at', table_name='rate_limits')
    op.drop_table('rate_limits')
