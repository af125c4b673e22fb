"""Who acted, as an account: the user name on every record a person makes.

Cases keep the intake clerk's display name as printed that day (``clerk``) and now also their account
(``clerk_username``) and who closed them; supplements, extensions and calendar edits name their account.
Rows written before accounts existed keep an empty user name.

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-01
"""

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None

COLUMNS = (
    ("cases", "clerk_username"),
    ("cases", "closed_by"),
    ("case_material", "supplemented_by"),
    ("case_extension", "requested_by"),
    ("calendar_day", "updated_by"),
    ("calendar_year", "loaded_by"),
)


def upgrade() -> None:
    for table, column in COLUMNS:
        with op.batch_alter_table(table) as batch:
            batch.add_column(sa.Column(column, sa.String(40), nullable=False, server_default=""))
    op.create_index("ix_cases_clerk_username", "cases", ["clerk_username"])


def downgrade() -> None:
    op.drop_index("ix_cases_clerk_username", table_name="cases")
    for table, column in reversed(COLUMNS):
        with op.batch_alter_table(table) as batch:
            batch.drop_column(column)
