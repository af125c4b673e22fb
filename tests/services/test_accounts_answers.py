"""Signing in tells nothing: an unknown name, a wrong password and a locked account get the same words
after the same work (one password check each), and a name that is no account — perhaps the password,
typed into the wrong box — is never stored in the trail as typed."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest
from argon2 import PasswordHasher
from sqlalchemy import select

from hallapp.domain.access import Role
from hallapp.services import accounts
from hallapp.services.accounts import LoginFailed, authenticate, create_account, create_first_admin
from hallapp.services.sign_in_secrecy import NAME_KEY_SETTING
from hallapp.store import account_repo
from hallapp.store import catalogue_repo as settings_repo
from hallapp.store.case_models import AuditEvent
from hallapp.store.db import UnitOfWork, make_engine
from hallapp.store.migrate import upgrade

CLERK_PW = "Clerk-Secret-2026"
T0 = datetime(2026, 10, 9, 2, 0, tzinfo=UTC)


class CountingHasher(PasswordHasher):
    """The test's cheap argon2id, counting each verification and which hash it was run against."""

    def __init__(self) -> None:
        super().__init__(time_cost=1, memory_cost=8, parallelism=1)
        self.verified: list[str] = []

    def verify(self, hash: str | bytes, password: str | bytes) -> bool:
        self.verified.append(hash if isinstance(hash, str) else hash.decode())
        return super().verify(hash, password)


@pytest.fixture
def engine(paths):
    engine = make_engine(paths.database_url)
    upgrade(engine)
    yield engine
    engine.dispose()


@pytest.fixture
def hasher() -> CountingHasher:
    return CountingHasher()


@pytest.fixture
def uow(engine):
    return lambda: UnitOfWork(engine, write=True)


@pytest.fixture
def clerk(uow, hasher):
    admin = create_first_admin(uow(), "root.admin", "管理员甲", "Admin-Secret-2026", hasher=hasher)
    create_account(uow(), admin, "li.si", "李四", Role.CLERK, "08", CLERK_PW, hasher=hasher)
    return "li.si"


def attempt(uow, hasher, username: str, password: str, now=T0) -> LoginFailed:
    with pytest.raises(LoginFailed) as caught:
        authenticate(uow(), username, password, now=now, hasher=hasher)
    return caught.value


def stored_hash(engine, username: str) -> str:
    with UnitOfWork(engine) as u:
        return account_repo.find(u.session, username).password_hash


def failures(engine) -> list[AuditEvent]:
    with UnitOfWork(engine) as u:
        rows = list(u.session.execute(select(AuditEvent).order_by(AuditEvent.seq)).scalars())
        u.session.expunge_all()
    return [e for e in rows if e.action == "login.failure"]


def test_unknown_wrong_and_locked_get_the_same_words(uow, hasher, clerk):
    wrong = attempt(uow, hasher, "li.si", "Wrong-Password-1")
    unknown = attempt(uow, hasher, "wang.wu", "Wrong-Password-1")
    for second in range(1, 5):  # the fifth wrong password in a row locks the account
        attempt(uow, hasher, "li.si", "Wrong-Password-1", now=T0 + timedelta(seconds=second))
    locked = attempt(uow, hasher, "li.si", CLERK_PW, now=T0 + timedelta(minutes=1))
    assert str(unknown) == str(wrong) == str(locked) == accounts.WRONG_CREDENTIALS
    assert type(unknown) is type(wrong) is type(locked) is LoginFailed


def test_each_answer_costs_one_password_check(uow, engine, hasher, clerk):
    real = stored_hash(engine, "li.si")
    hasher.verified.clear()
    attempt(uow, hasher, "li.si", "Wrong-Password-1")
    assert hasher.verified == [real]
    hasher.verified.clear()
    attempt(uow, hasher, "wang.wu", "Wrong-Password-1")  # unknown: checked against a dummy hash
    (dummy,) = hasher.verified
    assert dummy != real and dummy.startswith("$argon2id$") and "m=8,t=1,p=1" in dummy
    for second in range(1, 5):
        attempt(uow, hasher, "li.si", "Wrong-Password-1", now=T0 + timedelta(seconds=second))
    hasher.verified.clear()
    attempt(uow, hasher, "li.si", CLERK_PW, now=T0 + timedelta(minutes=1))  # locked: a dummy check too
    assert hasher.verified == [dummy]


def test_a_name_that_is_no_account_is_recorded_only_as_a_keyed_digest(uow, engine, hasher, clerk):
    typed = "Clerk-Secret-2026"  # the password, typed into the user-name box
    attempt(uow, hasher, typed, "")
    attempt(uow, hasher, typed, "")
    attempt(uow, hasher, "wang.wu", "x")
    first, again, other = failures(engine)
    for event in (first, again, other):
        assert json.loads(event.detail)["reason"] == "unknown_user"
        text = event.actor + event.object_id + event.detail
        assert typed.lower() not in text.lower() and "wang.wu" not in text
        assert event.actor.startswith("未知用户·") and len(event.actor) == len("未知用户·") + 8
    assert first.actor == again.actor != other.actor  # the same name can be correlated, not read
    with UnitOfWork(engine) as u:
        key = settings_repo.get_setting(u.session, NAME_KEY_SETTING)
    assert len(key) == 64  # 32 random bytes, made once for this database
