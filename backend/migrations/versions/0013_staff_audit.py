"""one-time passwords set by admins; audit details without health data; change notes; the
programme's monthly counts

Revision ID: 0013_staff_audit
Revises: 0017_outcomes
Create Date: 2026-12-01 13:00:00.000000

* ``users.must_change_password`` / ``users.password_set_by``: a password an admin set (at
  creation or a reset) must be replaced by the account's owner at the next sign-in, who is
  told which admin set it and when.
* ``audit_log.details`` of pages and exports held the filters with the ids they returned
  (a cancer or a tier beside a resident: health data) and the ids themselves (the residents
  are linked through ``audit_subjects``): both are dropped from the stored rows, keeping the
  page numbers and counts.
* ``content_article_versions.note``: the editor's change note per version (the history had a
  note column with no field to fill).
* ``programme_counts``: the figures' monthly counts per centre, in the month each event
  happened (China time), apart from any resident so that an erasure leaves past months as
  they were. Filled here from the stored assessments and follow-ups (the rules of
  ``backend.assessments.programme``); counts of residents erased before this migration are
  gone with them.
"""
import json

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0013_staff_audit'
down_revision = '0017_outcomes'
branch_labels = None
depends_on = None

KEEP = ("page", "per_page", "count")


def _scrub_audit_details() -> None:
    bind = op.get_bind()
    log = sa.table("audit_log", sa.column("id", sa.Integer), sa.column("action", sa.String),
                   sa.column("details", sa.JSON))
    rows = bind.execute(sa.select(log.c.id, log.c.details).where(
        log.c.action.in_(("worklist.read", "export.csv")))).all()
    for row_id, details in rows:
        details = json.loads(details) if isinstance(details, str) else (details or {})
        filters = details.get("filters") if isinstance(details.get("filters"), dict) else {}
        kept = {k: v for k, v in {**filters, **details}.items() if k in KEEP}
        if kept != details:
            bind.execute(log.update().where(log.c.id == row_id).values(details=kept))


def _month(column: str, dialect: str) -> str:
    if dialect == "postgresql":
        return f"to_char(timezone('Asia/Shanghai', {column}), 'YYYY-MM')"
    return f"strftime('%Y-%m', {column}, '+8 hours')"


def _fill_programme_counts() -> None:
    bind = op.get_bind()
    month = _month("a.created_at", bind.dialect.name)
    counts = {}

    def add(key, n):
        counts[key] = counts.get(key, 0) + n

    for centre, m, n, shared in bind.execute(sa.text(
            f"SELECT a.centre_code, {month}, count(*), "
            f"sum(CASE WHEN a.shared THEN 1 ELSE 0 END) FROM assessments a "
            f"GROUP BY a.centre_code, {month}")):
        add((centre or "", m, "assessed", ""), n)
        if shared:
            add((centre or "", m, "shared", ""), int(shared))
    for centre, m, cancer, n in bind.execute(sa.text(
            f"SELECT a.centre_code, {month}, c.cancer, count(*) FROM assessments a "
            f"JOIN assessment_cancers c ON c.assessment_id = a.id WHERE c.high "
            f"GROUP BY a.centre_code, {month}, c.cancer")):
        add((centre or "", m, "high_risk", cancer), n)
    seen, screened = set(), set()
    for assessment_id, centre, day, status, result in bind.execute(sa.text(
            "SELECT f.assessment_id, a.centre_code, f.event_date, f.status, f.result "
            "FROM follow_ups f JOIN assessments a ON a.id = f.assessment_id ORDER BY f.id")):
        m = str(day)[:7]
        if assessment_id not in seen:
            add((centre or "", m, "followed_up", ""), 1)
        if status == "screened" and assessment_id not in screened:
            add((centre or "", m, "screened", ""), 1)
            add((centre or "", m, "result", result or ""), 1)
            screened.add(assessment_id)
        seen.add(assessment_id)
    table = sa.table("programme_counts", sa.column("centre_code"), sa.column("month"),
                     sa.column("measure"), sa.column("cancer"), sa.column("n"))
    if counts:
        op.bulk_insert(table, [{"centre_code": c, "month": m, "measure": measure,
                                "cancer": cancer, "n": n}
                               for (c, m, measure, cancer), n in counts.items()])


def upgrade():
    with op.batch_alter_table('users') as batch:
        batch.add_column(sa.Column('must_change_password', sa.Boolean(), nullable=False,
                                   server_default=sa.false()))
        batch.add_column(sa.Column('password_set_by', sa.String(length=64), nullable=True))
    _scrub_audit_details()
    with op.batch_alter_table('content_article_versions') as batch:
        batch.add_column(sa.Column('note', sa.Text(), nullable=False, server_default=''))
    op.create_table('programme_counts',
    sa.Column('centre_code', sa.String(length=32), nullable=False),
    sa.Column('month', sa.String(length=7), nullable=False),
    sa.Column('measure', sa.String(length=24), nullable=False),
    sa.Column('cancer', sa.String(length=16), nullable=False),
    sa.Column('n', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('centre_code', 'month', 'measure', 'cancer')
    )
    _fill_programme_counts()


def downgrade():
    op.drop_table('programme_counts')
    with op.batch_alter_table('content_article_versions') as batch:
        batch.drop_column('note')
    with op.batch_alter_table('users') as batch:
        batch.drop_column('password_set_by')
        batch.drop_column('must_change_password')
