"""rate-limit counters shared by every worker

Revision ID: 0005_rate_limits
Revises: 0004_merge_heads
Create Date: 2026-12-01 10:10:00.000000

Without Redis, sign-in limits were counted in each worker's memory; backend/rate_limits.py
keeps them here instead.
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0005_rate_limits'
down_revision = '0004_merge_heads'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('rate_limits',
    sa.Column('key', sa.String(length=200), nullable=False),
    sa.Column('count', sa.Integer(), nullable=False),
    sa.Column('expires_at', sa.Float(), nullable=False),
    sa.PrimaryKeyConstraint('key')
    )
    op.create_index('ix_rate_limits_expires_at', 'rate_limits', ['expires_at'], unique=False)


def downgrade():
    op.drop_index('ix_rate_limits_expires_at', table_name='rate_limits')
    op.drop_table('rate_limits')
