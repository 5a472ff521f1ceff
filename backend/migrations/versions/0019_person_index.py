"""the person index of the queue ends with is_current, so each shared submission finds the
person's current row through it

Revision ID: 0019_person_index
Revises: 0015_doctors_scale
Create Date: 2026-12-01 16:00:00.000000

A new shared submission marks the same person's current queue row as no longer current
(``backend.assessments.queue.supersede_earlier``: centre, person key, is_current). With the
person index on ``(centre_code, person_key)`` only, SQLite chose ``ix_queue_items_due``
``(centre_code, is_current, …)`` for that UPDATE, as good a match on paper, and so read every
current row of the centre on every submission. With ``is_current`` as its third column the
person index matches all three terms and is chosen on both databases; the searches that
use it for a person's submissions still read its first two columns.
"""
from alembic import op

# revision identifiers, used by Alembic.
revision = '0019_person_index'
down_revision = '0015_doctors_scale'
branch_labels = None
depends_on = None


def upgrade():
    op.drop_index("ix_queue_items_person", table_name="queue_items")
    op.create_index("ix_queue_items_person", "queue_items",
                    ["centre_code", "person_key", "is_current"])


def downgrade():
    op.drop_index("ix_queue_items_person", table_name="queue_items")
    op.create_index("ix_queue_items_person", "queue_items", ["centre_code", "person_key"])
