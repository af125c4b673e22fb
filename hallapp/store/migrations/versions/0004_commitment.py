"""Record on the case that the applicant signed the 容缺受理承诺书, and when.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-27
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("cases") as batch:
        batch.add_column(sa.Column("commitment_signed_at", sa.DateTime(timezone=True), nullable=True))
        batch.create_check_constraint(
            "ck_case_deferred_needs_commitment",
            "decision <> 'deferred' OR commitment_signed_at IS NOT NULL",
        )


def downgrade() -> None:
    with op.batch_alter_table("cases") as batch:
        batch.drop_constraint("ck_case_deferred_needs_commitment", type_="check")
        batch.drop_column("commitment_signed_at")
