"""Department pinyin keys, stored like the matters' so the search index never needs pypinyin to build.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-27
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("department") as batch:
        batch.add_column(sa.Column("name_initials", sa.String(100), nullable=False, server_default=""))
        batch.add_column(sa.Column("name_pinyin", sa.String(600), nullable=False, server_default=""))
    # Rows loaded before this revision get their keys at the next catalogue load (the digest is reset).
    op.execute("DELETE FROM setting WHERE key = 'catalogue.source_digest'")


def downgrade() -> None:
    with op.batch_alter_table("department") as batch:
        batch.drop_column("name_pinyin")
        batch.drop_column("name_initials")
