"""Intake: applicants, cases, case materials, documents, number counters, audit events.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-27
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "applicant",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("id_number", sa.String(18), nullable=False),
        sa.Column("phone", sa.String(40), nullable=False),
        sa.Column("legal_representative", sa.String(100), nullable=False),
        sa.Column("contact_name", sa.String(100), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint("kind", "id_number", name="uq_applicant_kind_id"),
    )
    op.create_index("ix_applicant_id_number", "applicant", ["id_number"])

    op.create_table(
        "cases",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("case_number", sa.String(40), nullable=True, unique=True),
        sa.Column("notice_number", sa.String(40), nullable=True, unique=True),
        sa.Column("matter_id", sa.Integer(), sa.ForeignKey("matter.id"), nullable=False),
        sa.Column("matter_code", sa.String(100), nullable=False),
        sa.Column("matter_name", sa.String(300), nullable=False),
        sa.Column("department_name", sa.String(200), nullable=False),
        sa.Column("applicant_id", sa.Integer(), sa.ForeignKey("applicant.id"), nullable=False),
        sa.Column("applicant_name", sa.String(200), nullable=False),
        sa.Column("applicant_phone", sa.String(40), nullable=False),
        sa.Column("agent_name", sa.String(100), nullable=False),
        sa.Column("agent_id_number", sa.String(18), nullable=False),
        sa.Column("agent_phone", sa.String(40), nullable=False),
        sa.Column("decision", sa.String(16), nullable=False),
        sa.Column("state", sa.String(32), nullable=False),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("promised_date", sa.Date(), nullable=True),
        sa.Column("promised_unverified", sa.Boolean(), nullable=False),
        sa.Column("deferral_deadline", sa.Date(), nullable=True),
        sa.Column("deferral_unverified", sa.Boolean(), nullable=False),
        sa.Column("window", sa.String(40), nullable=False),
        sa.Column("clerk", sa.String(100), nullable=False),
        sa.Column("hall_name", sa.String(200), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.CheckConstraint("decision IN ('accepted', 'deferred', 'refused')", name="ck_case_decision"),
        sa.CheckConstraint(
            "(decision = 'refused') = (case_number IS NULL)", name="ck_case_number_iff_accepted"
        ),
    )
    for column in ("matter_id", "applicant_id", "state", "received_at", "window"):
        op.create_index(f"ix_cases_{column}", "cases", [column])

    op.create_table(
        "case_material",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("case_id", sa.Integer(), sa.ForeignKey("cases.id"), nullable=False),
        sa.Column("sort_order", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(300), nullable=False),
        sa.Column("required", sa.Boolean(), nullable=False),
        sa.Column("deferrable", sa.Boolean(), nullable=False),
        sa.Column("originals_required", sa.Integer(), nullable=False),
        sa.Column("original_handling", sa.String(16), nullable=False),
        sa.Column("copies_required", sa.Integer(), nullable=False),
        sa.Column("original_seen", sa.Boolean(), nullable=False),
        sa.Column("copies_received", sa.Integer(), nullable=False),
        sa.Column("outcome", sa.String(16), nullable=False),
        sa.Column("outcome_label", sa.String(100), nullable=False),
        sa.Column("shortfall", sa.String(200), nullable=False),
        sa.Column("deadline", sa.Date(), nullable=True),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.CheckConstraint("outcome <> 'deferred' OR \"deferrable\"", name="ck_case_material_deferrable"),
        sa.CheckConstraint(
            "outcome IN ('received', 'licence', 'deferred', 'missing', 'not_needed', 'supplemented')",
            name="ck_case_material_outcome",
        ),
    )
    op.create_index("ix_case_material_case_id", "case_material", ["case_id"])

    op.create_table(
        "case_document",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("case_id", sa.Integer(), sa.ForeignKey("cases.id"), nullable=False),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("path", sa.String(500), nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("is_copy", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_by", sa.String(100), nullable=False),
    )
    op.create_index("ix_case_document_case_id", "case_document", ["case_id"])

    op.create_table(
        "number_counter",
        sa.Column("series", sa.String(60), primary_key=True),
        sa.Column("value", sa.Integer(), nullable=False),
    )

    op.create_table(
        "audit_event",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("actor", sa.String(100), nullable=False),
        sa.Column("action", sa.String(40), nullable=False),
        sa.Column("object_type", sa.String(40), nullable=False),
        sa.Column("object_id", sa.String(60), nullable=False),
        sa.Column("outcome", sa.String(16), nullable=False),
        sa.Column("detail", sa.Text(), nullable=False),
    )
    op.create_index("ix_audit_event_at", "audit_event", ["at"])


def downgrade() -> None:
    for table in ("audit_event", "number_counter", "case_document", "case_material", "cases", "applicant"):
        op.drop_table(table)
