"""Builders for the follow-up board's tests: a hall with accounts of every role, their counter sessions,
deferred cases taken in by them, the operation helper, and Chinese typed as an input method does."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from argon2 import PasswordHasher
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication, QWidget

from hallapp.domain.access import Principal, Role
from hallapp.services.accounts import create_account, create_first_admin
from hallapp.services.intake import Decision, MaterialInput
from hallapp.services.intake_inputs import ApplicantInput, IntakeResult
from hallapp.services.session import CounterSession
from hallapp.store.db import UnitOfWork
from tests.services.intake_helpers import all_received, request, resident_id

CHEAP = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)  # a test needs no 64 MiB per password
TODAY = date(2026, 10, 9)  # cases received 2026-09-30 are due 2026-10-13: 3 working days left
LATE = date(2026, 10, 21)  # ... and overdue
AT = datetime(2026, 9, 30, 10, 15)
# username: (display name, role, window, password)
ACCOUNTS = {
    "li.si": ("李四", Role.CLERK, "08", "Chuangkou#2026"),
    "wang.wu": ("王五", Role.CLERK, "03", "Chuangkou#2027"),
    "wang.kz": ("王科长", Role.SUPERVISOR, "", "Kezhang#2026ok"),
    "zhao.sj": ("赵审计", Role.AUDITOR, "", "Shenji#2026ok"),
}
ADMIN_PASSWORD = "Guanli#2026ok"


def commit_text(widget: QWidget, text: str) -> None:
    """Type Chinese: keyClicks with non-ASCII aborts Qt, an input-method commit is what really happens."""
    event = QInputMethodEvent()
    event.setCommitString(text)
    QApplication.sendEvent(widget, event)


@dataclass
class Hall:
    """An installation with an administrator and the accounts of ``ACCOUNTS``."""

    context: object
    people: dict[str, Principal] = field(default_factory=dict)
    _sessions: dict[str, CounterSession] = field(default_factory=dict)

    def session(self, username: str) -> CounterSession:
        """The counter session of ``username`` (opened once)."""
        if username not in self._sessions:
            self._sessions[username] = CounterSession.open(self.context, self.people[username])  # type: ignore[arg-type]
        return self._sessions[username]


def open_hall(context) -> Hall:
    admin = create_first_admin(
        UnitOfWork(context.engine, write=True), "admin", "管理员", ADMIN_PASSWORD, hasher=CHEAP
    )
    hall = Hall(context, {"admin": admin})
    for username, (name, role, window, password) in ACCOUNTS.items():
        info = create_account(
            UnitOfWork(context.engine, write=True),
            admin,
            username,
            name,
            role,
            window,
            password,
            hasher=CHEAP,
        )
        hall.people[username] = Principal(info.username, info.display_name, info.role, info.window)
    return hall


def deferred_case(
    session: CounterSession, deferred: int = 1, person: str = "44030819900101123", at: datetime = AT
) -> tuple[str, list[str]]:
    """A case taken in by ``session``'s person with ``deferred`` materials deferred (容缺受理)."""
    name = "创业培训补贴申领" if deferred == 1 else "食品经营许可"
    hit = next(hit for hit in session.search(name) if hit.name == name)
    guide = session.guide(hit.code)
    assert guide is not None
    materials = list(all_received(guide))
    names: list[str] = []
    for index, material in enumerate(guide.materials_for({})):
        if material.deferrable and len(names) < deferred:
            materials[index] = MaterialInput(deferred=True)
            names.append(material.name)
    applicant = ApplicantInput("person", "张三", resident_id(person), "13812345678")
    outcome = session.submit(
        request(guide, Decision.DEFER, tuple(materials), applicant=applicant, commitment_signed=True), now=at
    )
    assert isinstance(outcome.value, IntakeResult)
    return outcome.value.number, names
