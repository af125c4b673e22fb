"""Guide versions, imported catalogues: every change to a matter makes a new version of its guide.

``matter.version`` counts the versions of its guide (1 when first stored); the superseded versions are kept
whole in ``guide_version`` (the live tables hold the current one), so that a case decided under version 3
is shown and reprinted with version 3's materials, limits and wording after the matter changed. A case
records its version (``cases.guide_version``; empty for cases from before, shown with today's guide).

``matter.incomplete`` marks matters imported without materials (a plain list): searchable, but refused at
intake until an administrator completes them. ``matter.extras`` keeps, as JSON, the fields of an imported
catalogue the guide has no place for, so that an export gives them back.

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-01
"""

import sqlalchemy as sa
from alembic import op

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("matter") as batch:
        batch.add_column(sa.Column("version", sa.Integer(), nullable=False, server_default="1"))
        batch.add_column(sa.Column("version_at", sa.DateTime(timezone=True), nullable=True))
        batch.add_column(sa.Column("version_by", sa.String(40), nullable=False, server_default=""))
        batch.add_column(sa.Column("version_origin", sa.String(300), nullable=False, server_default=""))
        batch.add_column(sa.Column("incomplete", sa.Boolean(), nullable=False, server_default=sa.false()))
        batch.add_column(sa.Column("extras", sa.Text(), nullable=False, server_default=""))
    op.create_table(
        "guide_version",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("matter_code", sa.String(100), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("content_hash", sa.String(64), nullable=False, server_default=""),
        sa.Column("guide", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_by", sa.String(40), nullable=False, server_default=""),
        sa.Column("origin", sa.String(300), nullable=False, server_default=""),
        sa.Column("superseded_at", sa.DateTime(timezone=True), nullable=True),
        sa.UniqueConstraint("matter_code", "version", name="uq_guide_version_code_version"),
    )
    op.create_index("ix_guide_version_matter_code", "guide_version", ["matter_code"])
    with op.batch_alter_table("cases") as batch:
        batch.add_column(sa.Column("guide_version", sa.Integer(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("cases") as batch:
        batch.drop_column("guide_version")
    op.drop_index("ix_guide_version_matter_code", "guide_version")
    op.drop_table("guide_version")
    with op.batch_alter_table("matter") as batch:
        for column in ("extras", "incomplete", "version_origin", "version_by", "version_at", "version"):
            batch.drop_column(column)
