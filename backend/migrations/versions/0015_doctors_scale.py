"""doctors' side at scale: the queue row carries every filter (latest follow-up, red flag,
bands) with one composite index per filter; the old worklist's index on assessments goes

Revision ID: 0015_doctors_scale
Revises: 0013_staff_audit
Create Date: 2026-12-01 13:00:00.000000

Each index ends with the queue's order ``(is_open DESC, tier, waiting_since, assessment_id)``
so that a page of any filter is an index range read in order (keyset pagination), never a
sort of the centre. ``ix_assessments_queue`` ordered the old worklist, which
``queue_items`` now serves; ``assessments.priority`` stays (model monitoring's yield by tier
reads it for every assessment, shared or not). The new columns are filled here from
the rows already stored (plain SQL: the follow-ups, the per-cancer rows and the red flag
column are not encrypted).
"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0015_doctors_scale'
down_revision = '0013_staff_audit'
branch_labels = None
depends_on = None

CANCERS = ("lung", "breast", "liver", "upper_gi", "colorectal")
ORDER = [sa.text("is_open DESC"), "tier", "waiting_since", "assessment_id"]
QUEUE_INDEXES = {"ix_queue_items_status": ["status"], "ix_queue_items_red_flag": ["red_flag"],
                 "ix_queue_items_band": ["top_band"],
                 **{f"ix_queue_items_band_{c}": [f"band_{c}"] for c in CANCERS}}


def _backfill():
    bands = ", ".join(
        f"band_{c} = (SELECT band_rank FROM assessment_cancers ac WHERE ac.assessment_id = "
        f"queue_items.assessment_id AND ac.cancer = '{c}')" for c in CANCERS)
    op.execute(
        "UPDATE queue_items SET "
        "last_follow_up_id = (SELECT max(f.id) FROM follow_ups f "
        "WHERE f.assessment_id = queue_items.assessment_id), "
        "red_flag = (SELECT a.red_flag FROM assessments a WHERE a.id = queue_items.assessment_id), "
        "top_band = (SELECT max(ac.band_rank) FROM assessment_cancers ac "
        f"WHERE ac.assessment_id = queue_items.assessment_id), {bands}")


def upgrade():
    with op.batch_alter_table('queue_items', schema=None) as batch_op:
        batch_op.add_column(sa.Column('last_follow_up_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('red_flag', sa.Boolean(), nullable=False,
                                      server_default=sa.false()))
        batch_op.add_column(sa.Column('top_band', sa.Integer(), nullable=True))
        for cancer in CANCERS:
            batch_op.add_column(sa.Column(f'band_{cancer}', sa.Integer(), nullable=True))
    op.drop_index('ix_queue_items_queue', table_name='queue_items')
    _backfill()
    # The main one carries due_on after the order: "overdue or not" is checked in the index.
    op.create_index('ix_queue_items_queue', 'queue_items',
                    ['centre_code', 'is_current', *ORDER, 'due_on'])
    for name, leading in QUEUE_INDEXES.items():
        op.create_index(name, 'queue_items', ['centre_code', 'is_current', *leading, *ORDER])
    op.create_index('ix_queue_items_due', 'queue_items',
                    ['centre_code', 'is_current', 'is_open', 'due_on'])
    op.drop_index('ix_assessments_queue', table_name='assessments')


def downgrade():
    op.create_index('ix_assessments_queue', 'assessments',
                    ['centre_code', 'shared', 'priority', 'created_at'])
    op.drop_index('ix_queue_items_due', table_name='queue_items')
    for name in ('ix_queue_items_queue', *QUEUE_INDEXES):
        op.drop_index(name, table_name='queue_items')
    with op.batch_alter_table('queue_items', schema=None) as batch_op:
        for cancer in CANCERS:
            batch_op.drop_column(f'band_{cancer}')
        batch_op.drop_column('top_band')
        batch_op.drop_column('red_flag')
        batch_op.drop_column('last_follow_up_id')
    op.create_index('ix_queue_items_queue', 'queue_items', [
        'centre_code', 'is_current', 'is_open', 'tier', 'waiting_since', 'assessment_id'])
