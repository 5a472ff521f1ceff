"""staff accounts, sessions, audit log; follow-ups, lab values, per-cancer index; assisted

Revision ID: 0002_accounts
Revises: 0001_initial
Create Date: 2026-11-30 12:00:00.000000

Runs on SQLite (batch mode recreates ``assessments`` to add the foreign key) and PostgreSQL.
The per-cancer index is filled from the results already stored.
"""
import json

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0002_accounts'
down_revision = '0001_initial'
branch_labels = None
depends_on = None

BAND_RANK = {"average": 0, "raised": 1, "high": 2}


def _users():
    op.create_table('users',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('username', sa.String(length=64), nullable=False),
    sa.Column('display_name', sa.String(length=200), nullable=False),
    sa.Column('password_hash', sa.String(length=255), nullable=False),
    sa.Column('role', sa.String(length=16), nullable=False),
    sa.Column('centre_code', sa.String(length=32), nullable=True),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('password_changed_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("role IN ('doctor', 'editor', 'admin')", name='ck_users_role'),
    sa.CheckConstraint("(role = 'doctor') = (centre_code IS NOT NULL)", name='ck_users_centre'),
    sa.ForeignKeyConstraint(['centre_code'], ['health_centres.code']),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('username')
    )
    op.create_index('ix_users_centre_code', 'users', ['centre_code'], unique=False)
    op.create_table('staff_sessions',
    sa.Column('id', sa.String(length=64), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('csrf_token', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('last_seen_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('expires_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('address', sa.String(length=64), nullable=False),
    sa.Column('user_agent', sa.String(length=255), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index('ix_staff_sessions_user_id', 'staff_sessions', ['user_id'], unique=False)
    op.create_table('audit_log',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('username', sa.String(length=64), nullable=False),
    sa.Column('role', sa.String(length=16), nullable=False),
    sa.Column('centre_code', sa.String(length=32), nullable=True),
    sa.Column('action', sa.String(length=40), nullable=False),
    sa.Column('assessment_id', sa.String(length=36), nullable=True),
    sa.Column('details', sa.JSON(), nullable=False),
    sa.Column('address', sa.String(length=64), nullable=False),
    sa.Column('user_agent', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id')
    )
    for column in ('at', 'user_id', 'action', 'assessment_id'):
        op.create_index(f'ix_audit_log_{column}', 'audit_log', [column], unique=False)


def _doctors():
    op.create_table('follow_ups',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('assessment_id', sa.String(length=36), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('result', sa.String(length=16), nullable=True),
    sa.Column('cancer', sa.String(length=16), nullable=True),
    sa.Column('event_date', sa.Date(), nullable=False),
    sa.Column('note_enc', sa.Text(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('created_by', sa.Integer(), nullable=True),
    sa.Column('created_by_name', sa.String(length=200), nullable=False),
    sa.CheckConstraint("status IN ('contacted', 'booked', 'screened', 'declined', 'unreachable')",
                       name='ck_follow_ups_status'),
    sa.CheckConstraint("(status = 'screened') = (result IS NOT NULL)",
                       name='ck_follow_ups_result'),
    sa.ForeignKeyConstraint(['assessment_id'], ['assessments.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['created_by'], ['users.id'], ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index('ix_follow_ups_assessment_id', 'follow_ups', ['assessment_id'], unique=False)
    op.create_table('lab_values',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('assessment_id', sa.String(length=36), nullable=False),
    sa.Column('bilirubin_umol_l', sa.Float(), nullable=False),
    sa.Column('albumin_g_l', sa.Float(), nullable=False),
    sa.Column('platelets_10e9_l', sa.Float(), nullable=False),
    sa.Column('measured_on', sa.Date(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('created_by', sa.Integer(), nullable=True),
    sa.Column('created_by_name', sa.String(length=200), nullable=False),
    sa.ForeignKeyConstraint(['assessment_id'], ['assessments.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['created_by'], ['users.id'], ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index('ix_lab_values_assessment_id', 'lab_values', ['assessment_id'], unique=False)
    op.create_table('assessment_cancers',
    sa.Column('assessment_id', sa.String(length=36), nullable=False),
    sa.Column('cancer', sa.String(length=16), nullable=False),
    sa.Column('band', sa.String(length=8), nullable=False),
    sa.Column('band_rank', sa.Integer(), nullable=False),
    sa.Column('risk', sa.Float(), nullable=True),
    sa.Column('high', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['assessment_id'], ['assessments.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('assessment_id', 'cancer')
    )
    op.create_index('ix_assessment_cancers_cancer', 'assessment_cancers', ['cancer'], unique=False)


def _backfill_index():
    """One index row per cancer of every result stored before this migration."""
    connection = op.get_bind()
    index = sa.table('assessment_cancers', sa.column('assessment_id'), sa.column('cancer'),
                     sa.column('band'), sa.column('band_rank'), sa.column('risk'),
                     sa.column('high'))
    for assessment_id, result in connection.execute(sa.text("SELECT id, result FROM assessments")):
        result = json.loads(result) if isinstance(result, str) else result
        rows = [{"assessment_id": assessment_id, "cancer": c["cancer"], "band": c["band"],
                 "band_rank": BAND_RANK[c["band"]], "risk": c["risk"],
                 "high": c["band"] == "high"} for c in result.get("cancers", [])]
        if rows:
            connection.execute(index.insert(), rows)


def upgrade():
    _users()
    with op.batch_alter_table('assessments', schema=None) as batch_op:
        batch_op.add_column(sa.Column('assisted_by', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('assisted_consent_at', sa.DateTime(timezone=True),
                                      nullable=True))
        batch_op.create_foreign_key('fk_assessments_assisted_by_users', 'users',
                                    ['assisted_by'], ['id'], ondelete='SET NULL')
    _doctors()
    _backfill_index()


def downgrade():
    op.drop_index('ix_assessment_cancers_cancer', table_name='assessment_cancers')
    op.drop_table('assessment_cancers')
    op.drop_index('ix_lab_values_assessment_id', table_name='lab_values')
    op.drop_table('lab_values')
    op.drop_index('ix_follow_ups_assessment_id', table_name='follow_ups')
    op.drop_table('follow_ups')
    with op.batch_alter_table('assessments', schema=None) as batch_op:
        batch_op.drop_constraint('fk_assessments_assisted_by_users', type_='foreignkey')
        batch_op.drop_column('assisted_consent_at')
        batch_op.drop_column('assisted_by')
    for column in ('at', 'user_id', 'action', 'assessment_id'):
        op.drop_index(f'ix_audit_log_{column}', table_name='audit_log')
    op.drop_table('audit_log')
    op.drop_index('ix_staff_sessions_user_id', table_name='staff_sessions')
    op.drop_table('staff_sessions')
    op.drop_index('ix_users_centre_code', table_name='users')
    op.drop_table('users')
