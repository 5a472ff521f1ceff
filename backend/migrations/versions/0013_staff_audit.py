"""one-time passwords set by admins; audit details without health data; change notes

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


def upgrade():
    with op.batch_alter_table('users') as batch:
        batch.add_column(sa.Column('must_change_password', sa.Boolean(), nullable=False,
                                   server_default=sa.false()))
        batch.add_column(sa.Column('password_set_by', sa.String(length=64), nullable=True))
    _scrub_audit_details()
    with op.batch_alter_table('content_article_versions') as batch:
        batch.add_column(sa.Column('note', sa.Text(), nullable=False, server_default=''))


def downgrade():
    with op.batch_alter_table('content_article_versions') as batch:
        batch.drop_column('note')
    with op.batch_alter_table('users') as batch:
        batch.drop_column('password_set_by')
        batch.drop_column('must_change_password')
