"""Accounts (账户): who may sign in, in which role, at which window.

The password is kept only as an argon2id hash (never in clear). ``failed_logins`` and ``locked_until``
carry the lockout after repeated wrong passwords; ``active`` false disables an account without deleting
it, so the audit trail's actors always name an account that existed.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint
from sqlmodel import Field, SQLModel

from hallapp.store.models import utcnow
from hallapp.store.types import UtcDateTime

ROLES = ("clerk", "supervisor", "admin", "auditor")  # hallapp.domain.access.Role values


class AccountBase(SQLModel):
    """What an administrator fills in for an account."""

    username: str = Field(max_length=40, unique=True, index=True)  # lowercase, the sign-in name
    display_name: str = Field(max_length=100)  # 姓名, printed on documents as the clerk
    role: str = Field(max_length=16)
    window: str = Field(default="", max_length=40)  # 窗口号, printed on documents
    active: bool = True


class Account(AccountBase, table=True):
    __tablename__ = "account"
    __table_args__ = (
        CheckConstraint(f"role IN ({', '.join(repr(r) for r in ROLES)})", name="ck_account_role"),
        CheckConstraint("failed_logins >= 0", name="ck_account_failed_logins"),
    )

    id: int | None = Field(default=None, primary_key=True)
    password_hash: str = Field(max_length=255)
    failed_logins: int = Field(default=0, sa_column_kwargs={"server_default": "0"})
    locked_until: datetime | None = Field(default=None, sa_type=UtcDateTime)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UtcDateTime)
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UtcDateTime)
    password_changed_at: datetime = Field(default_factory=utcnow, sa_type=UtcDateTime)
