"""merge the accounts and content heads

Revision ID: 0004_merge_heads
Revises: 0002_accounts, 0003_content
Create Date: 2026-12-01 10:00:00.000000

0002_accounts and 0003_content both revise 0001_initial; with two heads plain
``flask db upgrade`` refuses to run. This revision joins them and changes nothing.
"""

# revision identifiers, used by Alembic.
revision = '0004_merge_heads'
down_revision = ('0002_accounts', '0003_content')
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
