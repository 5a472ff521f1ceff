"""registry diagnoses and their imports, model activations; a longer assessments.model_version

Revision ID: 0017_outcomes
Revises: 0015_cache_stamps
Create Date: 2026-12-01 13:00:00.000000

* ``registry_imports``, ``registry_diagnoses`` (unique per assessment, cancer and date: a
  repeated import adds nothing), ``model_activations`` (backend/outcomes/tables.py).
* ``assessments.model_version`` holds the distinct versions of the cancers' models joined by
  spaces; once some cancers are recalibrated locally they differ, and 64 characters no longer
  hold five of them.
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0017_outcomes'
down_revision = '0015_cache_stamps'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('registry_imports',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('filename', sa.String(length=255), nullable=False),
    sa.Column('complete_to', sa.Date(), nullable=False),
    sa.Column('imported_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('lines', sa.Integer(), nullable=False),
    sa.Column('added', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('sha256')
    )
    op.create_table('registry_diagnoses',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('assessment_id', sa.String(length=36), nullable=False),
    sa.Column('cancer', sa.String(length=16), nullable=False),
    sa.Column('diagnosed_on', sa.Date(), nullable=False),
    sa.Column('matched_by', sa.String(length=16), nullable=False),
    sa.Column('import_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['assessment_id'], ['assessments.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['import_id'], ['registry_imports.id'], ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('assessment_id', 'cancer', 'diagnosed_on', name='uq_registry_diagnoses')
    )
    op.create_index('ix_registry_diagnoses_assessment_id', 'registry_diagnoses',
                    ['assessment_id'], unique=False)
    op.create_table('model_activations',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('cancer', sa.String(length=16), nullable=False),
    sa.Column('version', sa.String(length=64), nullable=False),
    sa.Column('activated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('activated_by', sa.String(length=200), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    # SQLite ignores a VARCHAR's length: only PostgreSQL needs the change (and SQLite would
    # have to rebuild the whole table for it).
    if op.get_bind().dialect.name == "postgresql":
        op.alter_column('assessments', 'model_version', existing_type=sa.String(length=64),
                        type_=sa.String(length=255), existing_nullable=False)


def downgrade():
    if op.get_bind().dialect.name == "postgresql":
        op.alter_column('assessments', 'model_version', existing_type=sa.String(length=255),
                        type_=sa.String(length=64), existing_nullable=False)
    op.drop_table('model_activations')
    op.drop_index('ix_registry_diagnoses_assessment_id', table_name='registry_diagnoses')
    op.drop_table('registry_diagnoses')
    op.drop_table('registry_imports')
