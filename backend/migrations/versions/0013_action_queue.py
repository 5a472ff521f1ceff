"""action queue: queue rows (tier, follow-up state), next contact, screening outcomes, markers

Revision ID: 0013_action_queue
Revises: 0018_result_statements
Create Date: 2026-12-01 10:00:00.000000

``queue_items`` holds each shared assessment's tier and follow-up plan so that one composite
index serves the doctor's queue; it is filled here from the results and follow-ups already
stored (the same rules as ``backend.doctors.queue``).
"""
import json
from datetime import datetime, timezone
from types import SimpleNamespace

import sqlalchemy as sa
from alembic import op

from backend.assessments.service import decrypt
from backend.assessments.queue import person_keys
from backend.doctors import priority, queue

# revision identifiers, used by Alembic.
revision = '0013_action_queue'
down_revision = '0018_result_statements'
branch_labels = None
depends_on = None


def _tables():
    op.create_table('queue_items',
    sa.Column('assessment_id', sa.String(length=36), nullable=False),
    sa.Column('centre_code', sa.String(length=32), nullable=False),
    sa.Column('is_open', sa.Boolean(), nullable=False),
    sa.Column('tier', sa.Integer(), nullable=False),
    sa.Column('waiting_since', sa.DateTime(timezone=True), nullable=False),
    sa.Column('due_on', sa.Date(), nullable=True),
    sa.Column('status', sa.String(length=16), nullable=True),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('person_key', sa.String(length=64), nullable=True),
    sa.Column('phone_key', sa.String(length=64), nullable=True),
    sa.Column('name_key', sa.String(length=64), nullable=True),
    sa.Column('is_current', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['assessment_id'], ['assessments.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('assessment_id')
    )
    op.create_index('ix_queue_items_queue', 'queue_items', [
        'centre_code', 'is_current', 'is_open', 'tier', 'waiting_since', 'assessment_id'])
    for name in ('person', 'phone', 'name'):
        op.create_index(f'ix_queue_items_{name}', 'queue_items', ['centre_code', f'{name}_key'])
    op.create_table('screening_outcomes',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('follow_up_id', sa.Integer(), nullable=False),
    sa.Column('assessment_id', sa.String(length=36), nullable=False),
    sa.Column('cancer', sa.String(length=16), nullable=False),
    sa.Column('test', sa.String(length=32), nullable=False),
    sa.Column('test_date', sa.Date(), nullable=False),
    sa.Column('finding', sa.String(length=16), nullable=False),
    sa.CheckConstraint("finding IN ('cancer_confirmed', 'precancerous', 'benign', 'normal')",
                       name='ck_screening_outcomes_finding'),
    sa.ForeignKeyConstraint(['follow_up_id'], ['follow_ups.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['assessment_id'], ['assessments.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index('ix_screening_outcomes_follow_up_id', 'screening_outcomes', ['follow_up_id'])
    op.create_index('ix_screening_outcomes_assessment_id', 'screening_outcomes',
                    ['assessment_id'])
    op.create_table('tumour_markers',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('assessment_id', sa.String(length=36), nullable=False),
    sa.Column('marker', sa.String(length=16), nullable=False),
    sa.Column('value', sa.Float(), nullable=False),
    sa.Column('upper_limit', sa.Float(), nullable=True),
    sa.Column('measured_on', sa.Date(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('created_by', sa.Integer(), nullable=True),
    sa.Column('created_by_name', sa.String(length=200), nullable=False),
    sa.ForeignKeyConstraint(['assessment_id'], ['assessments.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['created_by'], ['users.id'], ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index('ix_tumour_markers_assessment_id', 'tumour_markers', ['assessment_id'])


def _audit_subjects():
    op.create_table('audit_subjects',
    sa.Column('audit_id', sa.Integer(), nullable=False),
    sa.Column('assessment_id', sa.String(length=36), nullable=False),
    sa.ForeignKeyConstraint(['audit_id'], ['audit_log.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('audit_id', 'assessment_id')
    )
    op.create_index('ix_audit_subjects_assessment_id', 'audit_subjects', ['assessment_id'])
    connection = op.get_bind()
    subjects = sa.table('audit_subjects', sa.column('audit_id'), sa.column('assessment_id'))
    for audit_id, details in connection.execute(sa.text(
            "SELECT id, details FROM audit_log WHERE action IN ('worklist.read', 'export.csv')")):
        details = json.loads(details) if isinstance(details, str) else details
        ids = list(dict.fromkeys(details.get("assessment_ids") or ()))
        if ids:
            connection.execute(subjects.insert(), [{"audit_id": audit_id, "assessment_id": a}
                                                   for a in ids])


def _moment(value):
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    return value if value.tzinfo else value.replace(tzinfo=timezone.utc)


def _backfill():
    """A queue row for every shared assessment stored before this migration."""
    connection = op.get_bind()
    items = sa.table('queue_items', *(sa.column(c) for c in (
        'assessment_id', 'centre_code', 'is_open', 'tier', 'waiting_since', 'due_on', 'status',
        'attempts', 'person_key', 'phone_key', 'name_key', 'is_current')))
    follow_ups = {}
    for row in connection.execute(sa.text(
            "SELECT assessment_id, status, event_date, created_at FROM follow_ups ORDER BY id")):
        day = row.event_date if not isinstance(row.event_date, str) else \
            datetime.fromisoformat(row.event_date).date()
        follow_ups.setdefault(row.assessment_id, []).append(SimpleNamespace(
            status=row.status, event_date=day, next_contact=None,
            created_at=_moment(row.created_at)))
    shared = sa.text("SELECT id, centre_code, created_at, result, answers, contact_name_enc, "
                     "contact_phone_enc FROM assessments WHERE shared AND centre_code IS NOT NULL "
                     "ORDER BY created_at DESC")
    seen = set()
    for assessment_id, centre, created_at, result, answers, name, phone in \
            connection.execute(shared):
        result = json.loads(result) if isinstance(result, str) else result
        answers = json.loads(answers) if isinstance(answers, str) else answers
        tier = priority.priority_tier(result)
        state = queue.plan(_moment(created_at), tier, follow_ups.get(assessment_id, []))
        keys = person_keys(centre, decrypt(name), decrypt(phone), answers.get("birth_year"))
        current = keys["person_key"] is None or keys["person_key"] not in seen  # newest first
        seen.add(keys["person_key"])
        connection.execute(items.insert(), [{"assessment_id": assessment_id, "is_current": current,
                                             "centre_code": centre, "tier": tier, **keys,
                                             **state}])


def upgrade():
    _tables()
    with op.batch_alter_table('follow_ups', schema=None) as batch_op:
        batch_op.add_column(sa.Column('next_contact', sa.Date(), nullable=True))
    _backfill()
    _audit_subjects()


def downgrade():
    op.drop_index('ix_audit_subjects_assessment_id', table_name='audit_subjects')
    op.drop_table('audit_subjects')
    with op.batch_alter_table('follow_ups', schema=None) as batch_op:
        batch_op.drop_column('next_contact')
    op.drop_index('ix_tumour_markers_assessment_id', table_name='tumour_markers')
    op.drop_table('tumour_markers')
    op.drop_index('ix_screening_outcomes_assessment_id', table_name='screening_outcomes')
    op.drop_index('ix_screening_outcomes_follow_up_id', table_name='screening_outcomes')
    op.drop_table('screening_outcomes')
    op.drop_index('ix_queue_items_queue', table_name='queue_items')
    for name in ('person', 'phone', 'name'):
        op.drop_index(f'ix_queue_items_{name}', table_name='queue_items')
    op.drop_table('queue_items')
