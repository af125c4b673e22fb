"""Shared builders for the command-line tests: an installation with one account per role, made once per
module and copied for each test, cheap password hashing, and reading the audit trail as the auditor."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from argon2 import PasswordHasher

from hallapp.cli import main
from hallapp.config import resolve_paths
from hallapp.domain.access import Principal, Role

CHEAP = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)

# user name: (name, role, window, password)
ACCOUNTS = {
    "admin": ("管理员", Role.ADMIN, "", "Hall-Root-2026x"),
    "lisi": ("李四", Role.CLERK, "08", "Clerk-Pass-2026"),
    "wangwu": ("王五", Role.SUPERVISOR, "", "Super-Pass-2026"),
    "shenji": ("沈季", Role.AUDITOR, "", "Audit-Pass-2026"),
}


def cheap_hashing(monkeypatch: pytest.MonkeyPatch) -> None:
    """Sign-ins and new passwords hash cheaply (the CLI uses the services' default hasher)."""
    from hallapp.services import accounts

    monkeypatch.setattr(accounts, "default_hasher", lambda: CHEAP)


def build_installation(folder: Path, *, with_accounts: bool = True) -> Path:
    """A migrated installation with its search index built and, by default, one account per role."""
    from hallapp.services.accounts import create_account, create_first_admin
    from hallapp.services.bootstrap import open_app

    context = open_app(resolve_paths(folder))
    try:
        context.search.prepare()
        if with_accounts:
            name, _role, _window, password = ACCOUNTS["admin"]
            admin = create_first_admin(context.uow(write=True), "admin", name, password, hasher=CHEAP)
            for user, (name, role, window, password) in ACCOUNTS.items():
                if role is not Role.ADMIN:
                    create_account(
                        context.uow(write=True), admin, user, name, role, window, password, hasher=CHEAP
                    )
    finally:
        context.close()
    return folder


def copy_installation(template: Path, tmp_path: Path) -> str:
    target = tmp_path / "data"
    shutil.copytree(template, target)
    return str(target)


def principal(user: str) -> Principal:
    name, role, window, _password = ACCOUNTS[user]
    return Principal(username=user, display_name=name, role=role, window=window)


def run_as(
    monkeypatch: pytest.MonkeyPatch, data_dir: str, user: str | None, *args: str, password: str | None = None
) -> int:
    """``hallapp ARGS --data-dir DIR [--user USER]`` with the user's password in HALLAPP_PASSWORD."""
    if user is None:
        monkeypatch.delenv("HALLAPP_PASSWORD", raising=False)
        return main([*args, "--data-dir", data_dir])
    monkeypatch.setenv("HALLAPP_PASSWORD", password if password is not None else ACCOUNTS[user][3])
    return main([*args, "--data-dir", data_dir, "--user", user])


@contextmanager
def session_of(data_dir: str, user: str) -> Iterator:
    """The counter session of ``user`` on this installation (no password: the test is the authority)."""
    from hallapp.services.bootstrap import open_app
    from hallapp.services.session import CounterSession

    context = open_app(resolve_paths(data_dir))
    try:
        yield CounterSession.open(context, principal(user))
    finally:
        context.close()


def trail(data_dir: str) -> list:
    """The audit trail, newest first, as the audit administrator reads it."""
    with session_of(data_dir, "shenji") as session:
        return session.audit_trail(limit=10_000)


def actors_of(data_dir: str, action: str) -> list[str]:
    return [row.actor for row in trail(data_dir) if row.action == action]
