"""Index the audit trail by object, so a case's history is found directly however long the trail grows.

Revision ID: 0011
Revises: 0010
Create Date: 2026-11-27
"""

from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_audit_event_object", "audit_event", ["object_type", "object_id"])


def downgrade() -> None:
    op.drop_index("ix_audit_event_object", table_name="audit_event")
