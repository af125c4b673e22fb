"""The people tests act as: one of each account role, and how to act as one of them for a while.

Every use case refuses when nobody is signed in, so a test always acts as someone. ``app_context`` starts
with ``CLERK`` at the counter; a test that needs another role says so with ``acting_as``.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from argon2 import PasswordHasher

from hallapp.domain.access import Principal, Role

CLERK = Principal("zhang.san", "张三", Role.CLERK, "01")
SUPERVISOR = Principal("zhao.liu", "赵六", Role.SUPERVISOR, "")
ADMIN = Principal("sun.admin", "孙管理", Role.ADMIN, "")
AUDITOR = Principal("qian.qi", "钱七", Role.AUDITOR, "")

PEOPLE: dict[Role, Principal] = {
    Role.CLERK: CLERK,
    Role.SUPERVISOR: SUPERVISOR,
    Role.ADMIN: ADMIN,
    Role.AUDITOR: AUDITOR,
}
"""One person of every role an account may have (``Role.SYSTEM`` is the installation, never a person)."""

PASSWORD = "Counter-Pass-2026"
CHEAP = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)
"""argon2id with the smallest parameters: the same code path as the real hasher, fast enough for tests."""


@contextmanager
def acting_as(context: Any, principal: Principal | None) -> Iterator[Principal | None]:
    """Sign ``principal`` in at ``context`` (an ``AppContext``) for the block, then put back who was there."""
    saved = context.principal
    context.principal = principal
    try:
        yield principal
    finally:
        context.principal = saved


def create_accounts(context: Any, *people: Principal, password: str = PASSWORD) -> None:
    """Store an account for each of ``people`` (``ADMIN`` first, as the first administrator, if it is
    missing), so that names resolve, account management sees a real administrator and people can sign in."""
    from hallapp.services.accounts import create_account, create_first_admin, needs_first_admin
    from hallapp.store.db import UnitOfWork

    def uow() -> UnitOfWork:
        return UnitOfWork(context.engine, write=True)

    if needs_first_admin(uow()):
        create_first_admin(uow(), ADMIN.username, ADMIN.display_name, password, hasher=CHEAP)
    for person in people:
        if person.username == ADMIN.username:
            continue
        create_account(
            uow(),
            ADMIN,
            person.username,
            person.display_name,
            person.role,
            person.window,
            password,
            hasher=CHEAP,
        )


def cheap_hashing(monkeypatch: Any) -> None:
    """Every password the services hash or check with their default hasher uses ``CHEAP`` (sign-in,
    the on-the-spot approval, accounts made through the counter session)."""
    import importlib

    for name in ("hallapp.services.accounts", "hallapp.services.account_admin"):
        monkeypatch.setattr(importlib.import_module(name), "default_hasher", lambda: CHEAP)
