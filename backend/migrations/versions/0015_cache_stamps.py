"""cache stamps: one row per per-worker cache (centres, content), replaced on every write

Revision ID: 0015_cache_stamps
Revises: 0014_short_codes
Create Date: 2026-12-01 13:20:00.000000

``backend.stamps``: each worker keeps the centre lists and the published articles and reloads
them when their stamp here changes; writes to those tables give it a new random value.
"""
import uuid

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0015_cache_stamps'
down_revision = '0014_short_codes'
branch_labels = None
depends_on = None


def upgrade():
    table = op.create_table('cache_stamps',
                            sa.Column('name', sa.String(length=32), primary_key=True),
                            sa.Column('stamp', sa.String(length=32), nullable=False))
    op.bulk_insert(table, [{"name": name, "stamp": uuid.uuid4().hex} for name in ("centres", "content")])


def downgrade():
    op.drop_table('cache_stamps')
