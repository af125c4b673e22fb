"""Catalogue: departments, licence types, matters, material requirements, settings.

Revision ID: 0001
Revises:
Create Date: 2026-11-27
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "department",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("code", sa.String(32), nullable=False),
        sa.Column("credit_code", sa.String(18), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("short_name", sa.String(100), nullable=False),
    )
    op.create_index("ix_department_code", "department", ["code"], unique=True)

    op.create_table(
        "licence_type",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("code", sa.String(64), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("issuer", sa.String(200), nullable=False),
        sa.Column("holder", sa.String(16), nullable=False),
    )
    op.create_index("ix_licence_type_code", "licence_type", ["code"], unique=True)

    op.create_table(
        "matter",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("code", sa.String(100), nullable=False),
        sa.Column("name", sa.String(300), nullable=False),
        sa.Column("matter_type", sa.String(32), nullable=False),
        sa.Column("applicant_types", sa.String(64), nullable=False),
        sa.Column("legal_basis", sa.Text(), nullable=False),
        sa.Column("conditions", sa.Text(), nullable=False),
        sa.Column("procedure", sa.Text(), nullable=False),
        sa.Column("statutory_limit_days", sa.Integer(), nullable=False),
        sa.Column("promised_limit_days", sa.Integer(), nullable=False),
        sa.Column("on_the_spot", sa.Boolean(), nullable=False),
        sa.Column("fees", sa.Text(), nullable=False),
        sa.Column("place", sa.Text(), nullable=False),
        sa.Column("windows", sa.Text(), nullable=False),
        sa.Column("hours", sa.Text(), nullable=False),
        sa.Column("phones", sa.Text(), nullable=False),
        sa.Column("visits", sa.Integer(), nullable=False),
        sa.Column("online_url", sa.Text(), nullable=False),
        sa.Column("deferrable", sa.Boolean(), nullable=False),
        sa.Column("max_deferred", sa.Integer(), nullable=False),
        sa.Column("instant_approval", sa.Boolean(), nullable=False),
        sa.Column("delegated", sa.Boolean(), nullable=False),
        sa.Column("department_id", sa.Integer(), sa.ForeignKey("department.id"), nullable=False),
        sa.Column("name_initials", sa.String(300), nullable=False),
        sa.Column("name_pinyin", sa.String(2000), nullable=False),
        sa.Column("content_hash", sa.String(64), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_matter_code", "matter", ["code"], unique=True)
    op.create_index("ix_matter_department_id", "matter", ["department_id"])

    op.create_table(
        "material_requirement",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("sort_order", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(300), nullable=False),
        sa.Column("originals", sa.Integer(), nullable=False),
        sa.Column("original_handling", sa.String(16), nullable=False),
        sa.Column("copies", sa.Integer(), nullable=False),
        sa.Column("required", sa.Boolean(), nullable=False),
        sa.Column("deferrable", sa.Boolean(), nullable=False),
        sa.Column("source", sa.String(200), nullable=False),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("matter_id", sa.Integer(), sa.ForeignKey("matter.id", ondelete="CASCADE"), nullable=False),
        sa.Column("licence_type_id", sa.Integer(), sa.ForeignKey("licence_type.id"), nullable=True),
    )
    op.create_index("ix_material_requirement_matter_id", "material_requirement", ["matter_id"])

    op.create_table(
        "setting",
        sa.Column("key", sa.String(100), primary_key=True),
        sa.Column("value", sa.Text(), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("setting")
    op.drop_table("material_requirement")
    op.drop_table("matter")
    op.drop_table("licence_type")
    op.drop_table("department")
