"""short result codes; the time a resident stopped sharing

Revision ID: 0014_short_codes
Revises: 0005_foundations
Create Date: 2026-12-01 10:00:00.000000

``assessment_short_codes`` holds the sha256 of each assessment's short code (the code itself
is derived again from the assessment, see backend.assessments.short_code);
``assessments.sharing_stopped_at`` records a resident taking their result off the worklist.
"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0014_short_codes'
down_revision = '0005_foundations'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('assessment_short_codes',
    sa.Column('code_hash', sa.String(length=64), nullable=False),
    sa.Column('assessment_id', sa.String(length=36), nullable=False),
    sa.Column('attempt', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['assessment_id'], ['assessments.id'], ondelete='CASCADE',
                            name='fk_assessment_short_codes_assessment_id_assessments'),
    sa.PrimaryKeyConstraint('code_hash', name='pk_assessment_short_codes'),
    sa.UniqueConstraint('assessment_id', name='uq_assessment_short_codes_assessment_id'))
    with op.batch_alter_table('assessments') as batch:
        batch.add_column(sa.Column('sharing_stopped_at', sa.DateTime(timezone=True), nullable=True))


def downgrade():
    with op.batch_alter_table('assessments') as batch:
        batch.drop_column('sharing_stopped_at')
    op.drop_table('assessment_short_codes')
