"""assessments keep the factor levels they were scored from; next_due goes (never read)

Revision ID: 0011_result_factors
Revises: 0004_merge_heads
Create Date: 2026-12-01 10:00:00.000000

Existing rows get their factor levels from their stored answers, mapped once here by the pure
mapping as it stands today (``backend.scoring.features``); from now on the levels are stored
at submission and never derived again, so a later change of the mapping cannot change which
advice an old result shows.
"""
from datetime import date

import sqlalchemy as sa
from alembic import op

from backend.scoring.features import answers_to_profile

# revision identifiers, used by Alembic.
revision = '0011_result_factors'
down_revision = '0004_merge_heads'
branch_labels = None
depends_on = None

BATCH = 500


def _backfill(connection) -> None:
    assessments = sa.table("assessments", sa.column("id", sa.String), sa.column("answers", sa.JSON),
                           sa.column("created_at", sa.DateTime), sa.column("factors", sa.JSON))
    rows = connection.execute(sa.select(assessments.c.id, assessments.c.answers,
                                        assessments.c.created_at)).all()
    for start in range(0, len(rows), BATCH):
        for row in rows[start:start + BATCH]:
            day = row.created_at.date() if row.created_at else date.today()
            try:
                factors = answers_to_profile(row.answers, day).factors
            except (KeyError, TypeError, ValueError):
                continue  # not a validated answer set (stored by hand): left without levels
            connection.execute(assessments.update().where(assessments.c.id == row.id)
                               .values(factors=factors))


def upgrade():
    with op.batch_alter_table('assessments') as batch:
        batch.add_column(sa.Column('factors', sa.JSON(), nullable=True))
        batch.drop_column('next_due')
    _backfill(op.get_bind())


def downgrade():
    with op.batch_alter_table('assessments') as batch:
        batch.add_column(sa.Column('next_due', sa.Date(), nullable=True))
        batch.drop_column('factors')
