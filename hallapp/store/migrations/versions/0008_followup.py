"""Following deferred cases: supplements per material, extensions, reminders, termination and withdrawal.

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-27
"""

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("case_material") as batch:
        batch.add_column(sa.Column("arrived_on", sa.Date(), nullable=True))
        batch.add_column(sa.Column("arrival_channel", sa.String(16), nullable=True))
    with op.batch_alter_table("cases") as batch:
        batch.add_column(sa.Column("closed_on", sa.Date(), nullable=True))
        batch.add_column(sa.Column("reminder_count", sa.Integer(), nullable=False, server_default="0"))
        batch.create_index("ix_cases_state_deadline", ["state", "deferral_deadline"])
    op.create_table(
        "case_extension",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("case_id", sa.Integer(), sa.ForeignKey("cases.id"), nullable=False),
        sa.Column("previous", sa.Date(), nullable=False),
        sa.Column("new", sa.Date(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("approved_by", sa.String(100), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_case_extension_case_id", "case_extension", ["case_id"])
    op.create_table(
        "case_reminder",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("case_id", sa.Integer(), sa.ForeignKey("cases.id"), nullable=False),
        sa.Column("method", sa.String(16), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("clerk", sa.String(100), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_case_reminder_case_id", "case_reminder", ["case_id"])


def downgrade() -> None:
    op.drop_table("case_reminder")
    op.drop_table("case_extension")
    with op.batch_alter_table("cases") as batch:
        batch.drop_index("ix_cases_state_deadline")
        batch.drop_column("reminder_count")
        batch.drop_column("closed_on")
    with op.batch_alter_table("case_material") as batch:
        batch.drop_column("arrival_channel")
        batch.drop_column("arrived_on")
