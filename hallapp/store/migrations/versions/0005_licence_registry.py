"""Local licence registry (本地证照库): e-licences imported from CSV/JSON files.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-27
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "licence_record",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("type_code", sa.String(64), nullable=False),
        sa.Column("number", sa.String(100), nullable=False),
        sa.Column("holder_id", sa.String(18), nullable=False),
        sa.Column("holder_name", sa.String(200), nullable=False),
        sa.Column("issuer", sa.String(200), nullable=False),
        sa.Column("issued_on", sa.Date(), nullable=True),
        sa.Column("valid_until", sa.Date(), nullable=True),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("imported_at", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint("type_code", "number", name="uq_licence_record_type_number"),
        sa.CheckConstraint("status IN ('valid', 'revoked')", name="ck_licence_record_status"),
    )
    op.create_index("ix_licence_record_holder_id", "licence_record", ["holder_id"])


def downgrade() -> None:
    op.drop_index("ix_licence_record_holder_id", table_name="licence_record")
    op.drop_table("licence_record")
