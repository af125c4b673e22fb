"""Whose document each material is (材料所属人): the applicant's, the spouse's, the agent's …

An e-licence found for the applicant replaces only the applicant's own documents; a material of two
people (男女双方居民身份证) stays to be checked on paper. Existing rows are the applicant's, as before.

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-01
"""

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("material_requirement") as batch:
        batch.add_column(sa.Column("owner", sa.String(120), nullable=False, server_default="applicant"))


def downgrade() -> None:
    with op.batch_alter_table("material_requirement") as batch:
        batch.drop_column("owner")
