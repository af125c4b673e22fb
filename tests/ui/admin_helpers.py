"""People of every role and their counter sessions, for the calendar, audit and accounts dialogs.

The dialogs get what the window gives them: an ``Operations`` whose ``session`` is a signed-in
``CounterSession``. Passwords are hashed cheaply (argon2 at its smallest costs) so tests stay fast.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from argon2 import PasswordHasher
from PySide6.QtWidgets import QApplication, QWidget

from hallapp.domain.access import Principal, Role
from hallapp.services.accounts import create_account, create_first_admin
from hallapp.services.session import CounterSession
from hallapp.store.db import UnitOfWork
from hallapp.ui.ops import Operations

HASHER = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)
ADMIN_PASSWORD = "Hall-Root-2026x"
PEOPLE = {  # username: (display name, role, window, password)
    "lisi": ("李四", Role.CLERK, "08", "Clerk-Pass-2026"),
    "wangke": ("王科长", Role.SUPERVISOR, "", "Chief-Pass-2026"),
    "shenji": ("审计员", Role.AUDITOR, "", "Audit-Pass-2026"),
}
OTHER_ROLES = (Role.CLERK, Role.SUPERVISOR, Role.AUDITOR)


def make_people(context) -> dict[Role, Principal]:
    """The administrator (张管理) and one account of every other role, made by the administrator."""
    admin = create_first_admin(
        UnitOfWork(context.engine, write=True), "admin", "张管理", ADMIN_PASSWORD, hasher=HASHER
    )
    people = {Role.ADMIN: admin}
    for username, (name, role, window, password) in PEOPLE.items():
        create_account(
            UnitOfWork(context.engine, write=True),
            admin,
            username,
            name,
            role,
            window,
            password,
            hasher=HASHER,
        )
        people[role] = Principal(username, name, role, window)
    return people


def session_ops(context, people: dict[Role, Principal]) -> Iterator[Callable[[Role], Operations]]:
    """For a fixture: ``ops_for(Role.CLERK)`` is the operations of a window where that person signed in;
    every worker is waited for afterwards."""
    made: list[Operations] = []

    def open_for(role: Role) -> Operations:
        ops = Operations()
        ops.session = CounterSession.open(context, people[role])
        made.append(ops)
        return ops

    yield open_for
    for ops in made:
        ops.wait()


@contextmanager
def app_font(app: QApplication) -> Iterator[None]:
    """The shipped Chinese font while a screenshot is taken, and the previous font back afterwards."""
    from hallapp.ui.fonts import install_app_font

    before = app.font()
    assert install_app_font(app) is not None
    try:
        yield
    finally:
        app.setFont(before)


def grab(widget: QWidget, name: str, tmp_path: Path) -> Path:
    """Save ``widget`` as a PNG: to $HALLAPP_SHOTS_DIR (e.g. docs) when set, else into ``tmp_path``."""
    QApplication.processEvents()
    folder = Path(os.environ.get("HALLAPP_SHOTS_DIR") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    assert widget.grab().save(str(path))
    return path
