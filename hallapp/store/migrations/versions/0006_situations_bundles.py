"""Situations (情形) and conditional materials, life-event bundles, e-licences and 秒批 on cases.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-27
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "matter_situation",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("matter_id", sa.Integer(), sa.ForeignKey("matter.id", ondelete="CASCADE"), nullable=False),
        sa.Column("sort_order", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(40), nullable=False),
        sa.Column("question", sa.String(200), nullable=False),
    )
    op.create_index("ix_matter_situation_matter_id", "matter_situation", ["matter_id"])
    with op.batch_alter_table("material_requirement") as batch:
        batch.add_column(sa.Column("when_situation", sa.String(40), nullable=True))
        batch.add_column(sa.Column("when_not_situation", sa.String(40), nullable=True))

    op.create_table(
        "bundle",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("code", sa.String(40), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("name_initials", sa.String(200), nullable=False),
        sa.Column("name_pinyin", sa.String(1000), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
    )
    op.create_index("ix_bundle_code", "bundle", ["code"], unique=True)
    op.create_table(
        "bundle_matter",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("bundle_id", sa.Integer(), sa.ForeignKey("bundle.id", ondelete="CASCADE"), nullable=False),
        sa.Column("matter_id", sa.Integer(), sa.ForeignKey("matter.id"), nullable=False),
        sa.Column("sort_order", sa.Integer(), nullable=False),
    )
    op.create_index("ix_bundle_matter_bundle_id", "bundle_matter", ["bundle_id"])

    with op.batch_alter_table("cases") as batch:
        batch.add_column(sa.Column("situation_answers", sa.Text(), nullable=False, server_default="[]"))
        batch.add_column(sa.Column("completed_at", sa.DateTime(timezone=True), nullable=True))
        batch.add_column(sa.Column("bundle_code", sa.String(40), nullable=True))
        batch.add_column(sa.Column("bundle_ref", sa.String(40), nullable=True))
        batch.create_index("ix_cases_bundle_ref", ["bundle_ref"])
    with op.batch_alter_table("case_material") as batch:
        batch.add_column(sa.Column("licence_type_code", sa.String(64), nullable=True))
        batch.add_column(sa.Column("licence_number", sa.String(100), nullable=True))
        batch.add_column(sa.Column("licence_issuer", sa.String(200), nullable=True))
        batch.add_column(sa.Column("licence_valid_until", sa.Date(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("case_material") as batch:
        for column in ("licence_valid_until", "licence_issuer", "licence_number", "licence_type_code"):
            batch.drop_column(column)
    with op.batch_alter_table("cases") as batch:
        batch.drop_index("ix_cases_bundle_ref")
        for column in ("bundle_ref", "bundle_code", "completed_at", "situation_answers"):
            batch.drop_column(column)
    op.drop_table("bundle_matter")
    op.drop_table("bundle")
    with op.batch_alter_table("material_requirement") as batch:
        batch.drop_column("when_not_situation")
        batch.drop_column("when_situation")
    op.drop_table("matter_situation")
