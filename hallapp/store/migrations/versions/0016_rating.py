"""Service ratings (好差评): ``rating`` (one per service, skipped ones too) and ``rating_step`` (the
follow-up of a bad rating). Both are only ever added to and updated: triggers refuse DELETE (and TRUNCATE
on PostgreSQL).

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-01
"""

import sqlalchemy as sa
from alembic import op

revision = "0016"
down_revision = "0015"
branch_labels = None
depends_on = None

TABLES = ("rating", "rating_step")
MESSAGE = "ratings are never deleted"
SQLITE_TRIGGERS = [
    f"CREATE TRIGGER {table}_no_delete BEFORE DELETE ON {table} BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END"
    for table in TABLES
]
POSTGRES_TRIGGERS = [
    (
        "CREATE FUNCTION rating_never_deleted() RETURNS trigger LANGUAGE plpgsql AS "
        f"$$ BEGIN RAISE EXCEPTION '{MESSAGE}'; END $$"
    ),
    *(
        f"CREATE TRIGGER {table}_no_{verb.lower()} BEFORE {verb} ON {table} "
        f"FOR EACH {'STATEMENT' if verb == 'TRUNCATE' else 'ROW'} EXECUTE FUNCTION rating_never_deleted()"
        for table in TABLES
        for verb in ("DELETE", "TRUNCATE")
    ),
]


def upgrade() -> None:
    op.create_table(
        "rating",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("service_number", sa.String(40), nullable=False),
        sa.Column("is_bundle", sa.Boolean(), nullable=False),
        sa.Column("level", sa.Integer(), nullable=True),
        sa.Column("indicators", sa.String(200), nullable=False),
        sa.Column("comment", sa.Text(), nullable=False),
        sa.Column("channel", sa.String(32), nullable=False),
        sa.Column("rated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("clerk", sa.String(40), nullable=False),
        sa.Column("recorded_by", sa.String(40), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=True),
        sa.Column("due_unverified", sa.Boolean(), nullable=False),
        sa.Column("answered_on", sa.Date(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint("service_number"),
    )
    with op.batch_alter_table("rating") as batch:
        batch.create_index("ix_rating_rated_at", ["rated_at"])
        batch.create_index("ix_rating_due_on", ["due_on"])
    op.create_table(
        "rating_step",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("rating_id", sa.Integer(), sa.ForeignKey("rating.id"), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("done_on", sa.Date(), nullable=False),
        sa.Column("done_by", sa.String(40), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("founded", sa.Boolean(), nullable=True),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
    )
    with op.batch_alter_table("rating_step") as batch:
        batch.create_index("ix_rating_step_rating_id", ["rating_id"])
    for statement in POSTGRES_TRIGGERS if op.get_bind().dialect.name == "postgresql" else SQLITE_TRIGGERS:
        op.execute(statement)


def downgrade() -> None:
    postgres = op.get_bind().dialect.name == "postgresql"
    for table in TABLES:
        for verb in ("delete", "truncate") if postgres else ("delete",):
            op.execute(f"DROP TRIGGER IF EXISTS {table}_no_{verb}" + (f" ON {table}" if postgres else ""))
    if postgres:
        op.execute("DROP FUNCTION IF EXISTS rating_never_deleted()")
    op.drop_table("rating_step")
    op.drop_table("rating")
