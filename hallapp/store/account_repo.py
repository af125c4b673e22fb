"""Accounts repository: find, count and add accounts. Usernames are stored and looked up lowercase."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select
from sqlmodel import Session, col

from hallapp.store.account_models import Account
from hallapp.store.models import utcnow


def normalise_username(username: str) -> str:
    """The stored form of a sign-in name: trimmed and lowercase."""
    return username.strip().lower()


def find(session: Session, username: str) -> Account | None:
    return session.execute(
        select(Account).where(col(Account.username) == normalise_username(username))
    ).scalar_one_or_none()


def all_accounts(session: Session) -> list[Account]:
    return list(session.execute(select(Account).order_by(col(Account.username))).scalars())


def count(session: Session, *, role: str | None = None, active_only: bool = False) -> int:
    query = select(func.count()).select_from(Account)
    if role is not None:
        query = query.where(col(Account.role) == role)
    if active_only:
        query = query.where(col(Account.active).is_(True))
    return int(session.execute(query).scalar_one())


def add(
    session: Session,
    *,
    username: str,
    display_name: str,
    role: str,
    window: str,
    password_hash: str,
    now: datetime | None = None,
) -> Account:
    at = now or utcnow()
    account = Account(
        username=normalise_username(username),
        display_name=display_name,
        role=role,
        window=window,
        password_hash=password_hash,
        created_at=at,
        updated_at=at,
        password_changed_at=at,
    )
    session.add(account)
    session.flush()
    return account


def touch(account: Account, *, now: datetime | None = None) -> None:
    """Mark an account as changed (``updated_at``)."""
    account.updated_at = now or utcnow()
