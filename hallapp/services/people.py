"""Names of people as documents print them: records carry account user names, paper shows display names."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import select
from sqlmodel import Session, col

from hallapp.store.account_models import Account

SYSTEM_NAME = "系统"


def display_names(session: Session, usernames: Iterable[str]) -> dict[str, str]:
    """The display name of each user name (accounts are never deleted, only disabled, so every user name
    that acted resolves). Names without an account — ``system``, records from before accounts existed —
    map to themselves, except ``system`` which reads 系统."""
    wanted = {u for u in usernames if u}
    found: dict[str, str] = {}
    if wanted:
        rows = session.execute(
            select(col(Account.username), col(Account.display_name)).where(col(Account.username).in_(wanted))
        )
        found = {username: name for username, name in rows}
    return {u: found.get(u, SYSTEM_NAME if u == "system" else u) for u in wanted}
