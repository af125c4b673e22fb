"""Disclosure on request (依申请公开): the register of requests and the documents printed for them.

``disclosure_request`` keeps each request's whole state as JSON (``data``) beside the columns the board,
the search and the annual report select by; ``disclosure_document`` the archived PDFs. Both are only
ever added to and updated: triggers refuse DELETE (and TRUNCATE on PostgreSQL), so a request, once
registered, stays in the register whatever a program or a person at the database does.

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-01
"""

import sqlalchemy as sa
from alembic import op

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None

TABLES = ("disclosure_request", "disclosure_document")
MESSAGE = "disclosure records are never deleted"
SQLITE_TRIGGERS = [
    f"CREATE TRIGGER {table}_no_delete BEFORE DELETE ON {table} BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END"
    for table in TABLES
]
POSTGRES_TRIGGERS = [
    (
        "CREATE FUNCTION disclosure_never_deleted() RETURNS trigger LANGUAGE plpgsql AS "
        f"$$ BEGIN RAISE EXCEPTION '{MESSAGE}'; END $$"
    ),
    *(
        f"CREATE TRIGGER {table}_no_{verb.lower()} BEFORE {verb} ON {table} "
        f"FOR EACH {'STATEMENT' if verb == 'TRUNCATE' else 'ROW'} EXECUTE FUNCTION disclosure_never_deleted()"
        for table in TABLES
        for verb in ("DELETE", "TRUNCATE")
    ),
]


def upgrade() -> None:
    op.create_table(
        "disclosure_request",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("number", sa.String(40), nullable=False),
        sa.Column("state", sa.String(32), nullable=False),
        sa.Column("channel", sa.String(32), nullable=False),
        sa.Column("received_on", sa.Date(), nullable=False),
        sa.Column("requester_kind", sa.String(32), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("id_number", sa.String(18), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("reply", sa.String(40), nullable=True),
        sa.Column("issued_on", sa.Date(), nullable=True),
        sa.Column("registered_by", sa.String(40), nullable=False),
        sa.Column("registered_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("data", sa.Text(), nullable=False),
        sa.UniqueConstraint("number"),
    )
    with op.batch_alter_table("disclosure_request") as batch:
        batch.create_index("ix_disclosure_request_received_on", ["received_on"])
        batch.create_index("ix_disclosure_request_name", ["name"])
        batch.create_index("ix_disclosure_request_id_number", ["id_number"])
        batch.create_index("ix_disclosure_request_issued_on", ["issued_on"])
        batch.create_index("ix_disclosure_request_state_received", ["state", "received_on"])
    op.create_table(
        "disclosure_document",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("request_id", sa.Integer(), sa.ForeignKey("disclosure_request.id"), nullable=False),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("path", sa.String(500), nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("is_copy", sa.Boolean(), nullable=False),
        sa.Column("created_by", sa.String(40), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )
    with op.batch_alter_table("disclosure_document") as batch:
        batch.create_index("ix_disclosure_document_request_id", ["request_id"])
    for statement in POSTGRES_TRIGGERS if op.get_bind().dialect.name == "postgresql" else SQLITE_TRIGGERS:
        op.execute(statement)


def downgrade() -> None:
    postgres = op.get_bind().dialect.name == "postgresql"
    for table in TABLES:
        for verb in ("delete", "truncate") if postgres else ("delete",):
            op.execute(f"DROP TRIGGER IF EXISTS {table}_no_{verb}" + (f" ON {table}" if postgres else ""))
    if postgres:
        op.execute("DROP FUNCTION IF EXISTS disclosure_never_deleted()")
    op.drop_table("disclosure_document")
    op.drop_table("disclosure_request")
