"""two statements per cancer: stored results re-stated, the doctors' priority, centres' phones

Revision ID: 0018_result_statements
Revises: 0011_result_factors
Create Date: 2026-12-01 11:00:00.000000

Results stored before this revision carry one "band" that mixed a guideline rule, an absolute
model threshold and "above average". They are re-stated here from their stored answers with
the same models (the risks do not change; the comparison with peers, the screening status,
its reasons and the referral follow the corrected rules), their per-cancer index rows are
rewritten, and each gets the doctors' list priority. The answers, their date and the
questionnaire version are kept as they were.
"""
from datetime import date

import sqlalchemy as sa
from alembic import op

from backend.scoring.assess import assess, band_of
from backend.scoring.engine import Engine
from backend.scoring.features import answers_to_profile
from backend.scoring.vocabulary import BAND_RANK

# revision identifiers, used by Alembic.
revision = '0018_result_statements'
down_revision = '0011_result_factors'
branch_labels = None
depends_on = None

ASSESSMENTS = sa.table("assessments", sa.column("id", sa.String), sa.column("answers", sa.JSON),
                       sa.column("created_at", sa.DateTime), sa.column("result", sa.JSON),
                       sa.column("centre_code", sa.String), sa.column("priority", sa.Integer),
                       sa.column("high_risk", sa.Boolean))
INDEX = sa.table("assessment_cancers", sa.column("assessment_id", sa.String),
                 sa.column("cancer", sa.String), sa.column("band", sa.String),
                 sa.column("band_rank", sa.Integer), sa.column("risk", sa.Float),
                 sa.column("high", sa.Boolean))
CENTRES = sa.table("health_centres", sa.column("code", sa.String),
                   sa.column("high_incidence_upper_gi", sa.Boolean))


def _restate(connection) -> None:
    rows = connection.execute(sa.select(ASSESSMENTS.c.id, ASSESSMENTS.c.answers,
                                        ASSESSMENTS.c.created_at, ASSESSMENTS.c.centre_code)).all()
    if not rows:
        return
    engine = Engine.from_directory()
    areas = {c.code for c in connection.execute(sa.select(CENTRES.c.code).where(
        CENTRES.c.high_incidence_upper_gi.is_(True)))}
    for row in rows:
        day = row.created_at.date() if row.created_at else date.today()
        try:
            profile = answers_to_profile(row.answers, day)
        except (KeyError, TypeError, ValueError):
            continue  # not a validated answer set (stored by hand): left as it was
        result = assess(profile, engine, day, high_incidence_area=row.centre_code in areas)
        connection.execute(ASSESSMENTS.update().where(ASSESSMENTS.c.id == row.id).values(
            result=result, priority=result["priority"],
            high_risk=any(c["status"] == "recommended" for c in result["cancers"])))
        connection.execute(INDEX.delete().where(INDEX.c.assessment_id == row.id))
        connection.execute(INDEX.insert(), [
            {"assessment_id": row.id, "cancer": c["cancer"], "band": band_of(c),
             "band_rank": BAND_RANK[band_of(c)], "risk": c["risk"],
             "high": c["status"] == "recommended"} for c in result["cancers"]])


def upgrade():
    with op.batch_alter_table('assessments') as batch:
        batch.add_column(sa.Column('priority', sa.Integer(), nullable=False, server_default='3'))
    op.create_index('ix_assessments_queue', 'assessments',
                    ['centre_code', 'shared', 'priority', 'created_at'])
    with op.batch_alter_table('health_centres') as batch:
        batch.add_column(sa.Column('phone', sa.String(length=40), nullable=False,
                                   server_default=''))
    _restate(op.get_bind())


def downgrade():
    with op.batch_alter_table('health_centres') as batch:
        batch.drop_column('phone')
    op.drop_index('ix_assessments_queue', table_name='assessments')
    with op.batch_alter_table('assessments') as batch:
        batch.drop_column('priority')
