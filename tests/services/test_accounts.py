"""Accounts: the first administrator, signing in and the lockout, rehashing, account management by role,
the audit trail of it all, and no password ever stored or audited in clear."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest
from argon2 import PasswordHasher
from sqlalchemy import select

from hallapp.domain.access import ACCOUNT_ROLES, SYSTEM, AccessDenied, Principal, Role
from hallapp.domain.intake import RuleViolation
from hallapp.services import accounts
from hallapp.services.accounts import (
    AccountDisabled,
    AccountError,
    AccountLocked,
    LoginFailed,
    authenticate,
    change_own_password,
    create_account,
    create_first_admin,
    list_accounts,
    needs_first_admin,
    reset_password,
    set_active,
    set_role,
    unlock_account,
    unlock_session,
)
from hallapp.store import account_repo
from hallapp.store.case_models import AuditEvent
from hallapp.store.db import UnitOfWork, make_engine
from hallapp.store.migrate import upgrade

CHEAP = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)
ADMIN_PW = "Admin-Secret-2026"
CLERK_PW = "Clerk-Secret-2026"
T0 = datetime(2026, 10, 9, 2, 0, tzinfo=UTC)


@pytest.fixture
def engine(paths):
    engine = make_engine(paths.database_url)
    upgrade(engine)
    yield engine
    engine.dispose()


@pytest.fixture
def uow(engine):
    return lambda: UnitOfWork(engine, write=True)


@pytest.fixture
def admin(uow) -> Principal:
    return create_first_admin(uow(), "Root.Admin", "管理员甲", ADMIN_PW, hasher=CHEAP)


@pytest.fixture
def clerk(uow, admin) -> Principal:
    create_account(uow(), admin, "li.si", "李四", Role.CLERK, "08", CLERK_PW, hasher=CHEAP)
    return authenticate(uow(), "li.si", CLERK_PW, hasher=CHEAP, now=T0)


def login(uow, username, password, now=T0, hasher=CHEAP):
    return authenticate(uow(), username, password, now=now, hasher=hasher)


def events(engine, action: str | None = None) -> list[AuditEvent]:
    with UnitOfWork(engine) as u:
        found = list(u.session.execute(select(AuditEvent).order_by(AuditEvent.seq)).scalars())
        u.session.expunge_all()  # keep the loaded values: leaving the block rolls back (and expires)
    return [e for e in found if action is None or e.action == action]


def stored(engine, username):
    with UnitOfWork(engine) as u:
        account = account_repo.find(u.session, username)
        u.session.expunge_all()
        return account


# -- First administrator ------------------------------------------------------------------------------


def test_the_first_start_creates_the_administrator_once(uow, engine):
    assert needs_first_admin(uow())
    admin = create_first_admin(uow(), "Root.Admin", "管理员甲", ADMIN_PW, window="01", hasher=CHEAP)
    assert admin == Principal("root.admin", "管理员甲", Role.ADMIN, "01")
    assert not needs_first_admin(uow())
    with pytest.raises(AccessDenied):
        create_first_admin(uow(), "other.admin", "管理员乙", ADMIN_PW, hasher=CHEAP)
    [event] = events(engine, "account.create")
    assert (event.actor, event.object_id, json.loads(event.detail)["first_admin"]) == (
        "root.admin",
        "root.admin",
        True,
    )


def test_the_first_administrator_needs_a_good_password(uow):
    with pytest.raises(AccountError) as caught:
        create_first_admin(uow(), "root.admin", "管理员甲", "password", hasher=CHEAP)
    assert any("10 位" in p for p in caught.value.problems)
    assert any("常见" in p for p in caught.value.problems)
    with pytest.raises(AccountError, match="用户名"):
        create_first_admin(uow(), "root.admin", "管理员甲", "Root.Admin-2026", hasher=CHEAP)
    assert needs_first_admin(uow())


def test_production_hasher_is_argon2id_with_the_documented_parameters():
    """t=3 passes over 32 MiB, one lane (see ``default_hasher``): above OWASP's minimum (m=19 MiB, t=2)."""
    hasher = accounts.default_hasher()
    assert hasher.type.name == "ID"
    assert (hasher.time_cost, hasher.memory_cost, hasher.parallelism) == (3, 32 * 1024, 1)
    assert hasher.memory_cost >= 19 * 1024 and hasher.time_cost >= 2


# -- Signing in ---------------------------------------------------------------------------------------


def test_login_success_and_failure_are_audited_without_passwords(uow, engine, clerk):
    assert clerk == Principal("li.si", "李四", Role.CLERK, "08")
    assert login(uow, "  LI.SI ", CLERK_PW).username == "li.si"
    with pytest.raises(LoginFailed, match="用户名或密码错误"):
        login(uow, "li.si", "Wrong-Password-1")
    successes, failures = events(engine, "login.success"), events(engine, "login.failure")
    assert [e.object_id for e in successes] == ["li.si", "li.si"]
    assert [(e.object_id, e.outcome, json.loads(e.detail)["reason"]) for e in failures] == [
        ("li.si", "failure", "wrong_password")
    ]
    for event in events(engine):
        for secret in (CLERK_PW, ADMIN_PW, "Wrong-Password-1", "$argon2"):
            assert secret not in event.detail and secret not in event.object_id and secret not in event.actor
        assert "李四" not in event.detail


def test_an_unknown_user_gets_the_same_answer_as_a_wrong_password(uow, engine, clerk):
    with pytest.raises(LoginFailed) as wrong:
        login(uow, "li.si", "Wrong-Password-1")
    with pytest.raises(LoginFailed) as unknown:
        login(uow, "No.Such.User", "Wrong-Password-1")
    assert type(unknown.value) is type(wrong.value) is LoginFailed
    assert str(unknown.value) == str(wrong.value)
    last = events(engine, "login.failure")[-1]
    assert (last.outcome, json.loads(last.detail)["reason"]) == ("failure", "unknown_user")
    assert last.object_id == last.actor and last.actor.startswith("未知用户·")
    assert "no.such.user" not in last.actor + last.object_id + last.detail


def test_five_wrong_passwords_lock_the_account_for_fifteen_minutes(uow, engine, clerk):
    for attempt in range(4):
        with pytest.raises(LoginFailed) as caught:
            login(uow, "li.si", "Wrong-Password-1", now=T0 + timedelta(seconds=attempt))
        assert type(caught.value) is LoginFailed
    with pytest.raises(LoginFailed) as locked:  # the answer of a wrong password: nothing is told
        login(uow, "li.si", "Wrong-Password-1", now=T0 + timedelta(seconds=4))
    assert type(locked.value) is LoginFailed and str(locked.value) == accounts.WRONG_CREDENTIALS
    until = T0 + timedelta(seconds=4) + timedelta(minutes=15)
    assert stored(engine, "li.si").locked_until == until
    # Even the right password is refused until then, in the same words as a wrong one.
    with pytest.raises(LoginFailed) as still:
        login(uow, "li.si", CLERK_PW, now=until - timedelta(seconds=1))
    assert type(still.value) is LoginFailed and str(still.value) == accounts.WRONG_CREDENTIALS
    assert [json.loads(e.detail)["reason"] for e in events(engine, "login.failure")][-2:] == [
        "wrong_password",
        "locked",
    ]
    # Afterwards the right password works, and the count starts afresh.
    assert login(uow, "li.si", CLERK_PW, now=until).username == "li.si"
    account = stored(engine, "li.si")
    assert (account.failed_logins, account.locked_until) == (0, None)


def test_a_success_resets_the_count_of_failures(uow, engine, clerk):
    for _ in range(4):
        with pytest.raises(LoginFailed):
            login(uow, "li.si", "Wrong-Password-1")
    login(uow, "li.si", CLERK_PW)
    for _ in range(4):
        with pytest.raises(LoginFailed):
            login(uow, "li.si", "Wrong-Password-1")
    assert stored(engine, "li.si").locked_until is None


def test_an_administrator_may_lift_a_lockout(uow, engine, admin, clerk):
    for _ in range(5):
        with pytest.raises(LoginFailed):
            login(uow, "li.si", "Wrong-Password-1")
    unlock_account(uow(), admin, "li.si")
    assert login(uow, "li.si", CLERK_PW).username == "li.si"
    assert events(engine, "account.unlock")[0].actor == "root.admin"


def test_the_hash_is_upgraded_when_the_parameters_change(uow, engine, clerk):
    before = stored(engine, "li.si").password_hash
    assert "t=1" in before and "m=8" in before
    stronger = PasswordHasher(time_cost=2, memory_cost=16, parallelism=1)
    login(uow, "li.si", CLERK_PW, hasher=stronger)
    after = stored(engine, "li.si").password_hash
    assert after != before and after.startswith("$argon2id$") and "m=16,t=2" in after
    assert json.loads(events(engine, "login.success")[-1].detail)["rehashed"] is True
    assert login(uow, "li.si", CLERK_PW, hasher=stronger).username == "li.si"
    assert stored(engine, "li.si").password_hash == after  # no further rehash
    assert json.loads(events(engine, "login.success")[-1].detail)["rehashed"] is False


def test_a_disabled_account_cannot_sign_in(uow, admin, clerk):
    set_active(uow(), admin, "li.si", False)
    with pytest.raises(AccountDisabled, match="停用"):
        login(uow, "li.si", CLERK_PW)
    with pytest.raises(LoginFailed) as wrong:
        login(uow, "li.si", "Wrong-Password-1")
    assert type(wrong.value) is LoginFailed  # the disabled state is told only with the right password


# -- Idle lock: unlocking the session -----------------------------------------------------------------


def test_unlocking_the_session_needs_the_password_and_counts_failures(uow, engine, clerk):
    assert unlock_session(uow(), clerk, CLERK_PW, now=T0, hasher=CHEAP) is True
    for attempt in range(4):
        assert unlock_session(uow(), clerk, "Wrong-Password-1", now=T0, hasher=CHEAP) is False
    with pytest.raises(AccountLocked):
        unlock_session(uow(), clerk, "Wrong-Password-1", now=T0, hasher=CHEAP)
    with pytest.raises(AccountLocked):
        unlock_session(uow(), clerk, CLERK_PW, now=T0 + timedelta(minutes=14), hasher=CHEAP)
    with pytest.raises(LoginFailed):  # signing in again does not get round it
        login(uow, "li.si", CLERK_PW, now=T0 + timedelta(minutes=14))
    assert unlock_session(uow(), clerk, CLERK_PW, now=T0 + timedelta(minutes=15), hasher=CHEAP) is True
    assert len(events(engine, "session.unlock")) == 2
    assert len(events(engine, "session.unlock_failure")) == 6  # 4 wrong, the 5th locking, 1 while locked


# -- Passwords ----------------------------------------------------------------------------------------


def test_change_own_password(uow, engine, clerk):
    with pytest.raises(AccountError, match="10 位"):
        change_own_password(uow(), clerk, CLERK_PW, "short", hasher=CHEAP)
    with pytest.raises(LoginFailed, match="原密码"):
        change_own_password(uow(), clerk, "Wrong-Password-1", "New-Secret-2027", hasher=CHEAP)
    assert stored(engine, "li.si").failed_logins == 1
    change_own_password(uow(), clerk, CLERK_PW, "New-Secret-2027", hasher=CHEAP)
    assert login(uow, "li.si", "New-Secret-2027").username == "li.si"
    with pytest.raises(LoginFailed):
        login(uow, "li.si", CLERK_PW)
    assert events(engine, "account.password_change")[0].actor == "li.si"


def test_reset_password_by_the_administrator(uow, engine, admin, clerk):
    with pytest.raises(AccountError, match="常见"):
        reset_password(uow(), admin, "li.si", "Password123!", hasher=CHEAP)
    reset_password(uow(), admin, "li.si", "Fresh-Start-2027", hasher=CHEAP)
    assert login(uow, "li.si", "Fresh-Start-2027").role is Role.CLERK
    assert events(engine, "account.password_reset")[0].object_id == "li.si"


def test_passwords_are_never_stored_in_clear(uow, engine, paths, admin, clerk):
    reset_password(uow(), admin, "li.si", "Fresh-Start-2027", hasher=CHEAP)
    with pytest.raises(LoginFailed):
        login(uow, "li.si", "Typo-Secret-2027")
    database = paths.database_file
    if database is None:
        pytest.skip("scanning the database file needs SQLite")
    engine.dispose()
    files = [database] + [database.with_name(database.name + s) for s in ("-wal", "-journal")]
    content = b"".join(f.read_bytes() for f in files if f.exists())
    assert b"$argon2id$" in content
    for secret in (ADMIN_PW, CLERK_PW, "Fresh-Start-2027", "Typo-Secret-2027"):
        assert secret.encode() not in content
        assert secret.encode("utf-16-le") not in content


# -- Account management by role -----------------------------------------------------------------------


@pytest.fixture
def people(uow, admin) -> dict[Role, Principal]:
    """One signed-in account per role."""
    result = {Role.ADMIN: admin}
    for role in (Role.CLERK, Role.SUPERVISOR, Role.AUDITOR):
        create_account(
            uow(), admin, f"{role.value}.one", role.label, role, "08", "Good-Secret-2026", hasher=CHEAP
        )
        result[role] = login(uow, f"{role.value}.one", "Good-Secret-2026")
    create_account(uow(), admin, "target", "被管理人", Role.CLERK, "09", "Good-Secret-2026", hasher=CHEAP)
    return result


USE_CASES = {
    "list_accounts": lambda u, p: list_accounts(u, p),
    "create_account": lambda u, p: create_account(
        u, p, "new.one", "新人", Role.CLERK, "10", "Good-Secret-2026", hasher=CHEAP
    ),
    "set_role": lambda u, p: set_role(u, p, "target", Role.SUPERVISOR),
    "set_active": lambda u, p: set_active(u, p, "target", False),
    "reset_password": lambda u, p: reset_password(u, p, "target", "Other-Secret-2026", hasher=CHEAP),
    "unlock_account": lambda u, p: unlock_account(u, p, "target"),
}


@pytest.mark.parametrize("use_case", list(USE_CASES))
@pytest.mark.parametrize("role", ACCOUNT_ROLES)
def test_account_management_needs_the_accounts_permission(uow, engine, people, role, use_case):
    run = USE_CASES[use_case]
    if role is Role.ADMIN:
        run(uow(), people[role])
        return
    with pytest.raises(AccessDenied, match=f"{role.label}.*无权管理账户"):
        run(uow(), people[role])
    denied = [e for e in events(engine) if e.outcome == "denied"]
    assert [(e.actor, json.loads(e.detail)["permission"]) for e in denied] == [
        (people[role].username, "accounts")
    ]
    target = stored(engine, "target")
    assert (target.role, target.active) == ("clerk", True)
    assert stored(engine, "new.one") is None


@pytest.mark.parametrize("use_case", list(USE_CASES))
def test_the_installation_itself_manages_no_accounts(uow, engine, people, use_case):
    """``SYSTEM`` does start-up work; it has no account, so account management refuses it (and says so)."""
    with pytest.raises(AccessDenied, match="不存在"):
        USE_CASES[use_case](uow(), SYSTEM)
    denied = [e for e in events(engine) if e.outcome == "denied"]
    assert [(e.actor, json.loads(e.detail)["permission"]) for e in denied] == [("system", "accounts")]
    assert stored(engine, "system") is None and stored(engine, "new.one") is None
    assert (stored(engine, "target").role, stored(engine, "target").active) == ("clerk", True)


def test_no_account_gets_the_installations_role(uow, engine, admin, people):
    with pytest.raises(AccountError, match="角色只能是"):
        create_account(uow(), admin, "robot", "机器", Role.SYSTEM, "", "Good-Secret-2026", hasher=CHEAP)
    with pytest.raises(AccountError, match="角色只能是"):
        create_account(uow(), admin, "robot", "机器", "system", "", "Good-Secret-2026", hasher=CHEAP)
    with pytest.raises(AccountError, match="角色只能是"):
        set_role(uow(), admin, "target", Role.SYSTEM)
    assert stored(engine, "robot") is None and stored(engine, "target").role == "clerk"


def test_rights_come_from_the_stored_account_not_the_session(uow, admin, people):
    """Demoted or disabled since signing in: the old Principal no longer manages accounts."""
    create_account(uow(), admin, "second.admin", "管理员乙", Role.ADMIN, "", "Good-Secret-2026", hasher=CHEAP)
    second = login(uow, "second.admin", "Good-Secret-2026")
    set_role(uow(), admin, "second.admin", Role.CLERK)
    with pytest.raises(AccessDenied, match="窗口人员"):
        list_accounts(uow(), second)
    set_active(uow(), admin, "second.admin", False)
    with pytest.raises(AccessDenied, match="停用"):
        list_accounts(uow(), second)


def test_account_changes_are_audited(uow, engine, admin, people):
    info = set_role(uow(), admin, "target", Role.SUPERVISOR)
    assert info.role is Role.SUPERVISOR
    assert not set_active(uow(), admin, "target", False).active
    [role_event] = events(engine, "account.set_role")
    assert (role_event.actor, role_event.object_id) == ("root.admin", "target")
    assert json.loads(role_event.detail) == {"previous": "clerk", "role": "supervisor"}
    assert json.loads(events(engine, "account.set_active")[0].detail) == {"active": False}
    created = [e.object_id for e in events(engine, "account.create")]
    assert created == ["root.admin", "clerk.one", "supervisor.one", "auditor.one", "target"]
    assert sorted(a.username for a in list_accounts(uow(), admin)) == sorted(created)


def test_usernames_are_unique_whatever_the_case(uow, admin, people):
    with pytest.raises(AccountError, match="已被使用"):
        create_account(uow(), admin, "TARGET", "别人", Role.CLERK, "", "Good-Secret-2026", hasher=CHEAP)


def test_the_last_active_administrator_is_protected(uow, engine, admin, people):
    with pytest.raises(RuleViolation, match="最后一个"):
        set_role(uow(), admin, "root.admin", Role.CLERK)
    with pytest.raises(RuleViolation, match="最后一个"):
        set_active(uow(), admin, "root.admin", False)
    create_account(uow(), admin, "second.admin", "管理员乙", Role.ADMIN, "", "Good-Secret-2026", hasher=CHEAP)
    set_active(uow(), admin, "second.admin", False)  # a second one may go: root.admin remains
    with pytest.raises(RuleViolation, match="最后一个"):
        set_active(uow(), admin, "root.admin", False)  # a disabled admin does not count
    set_active(uow(), admin, "second.admin", True)
    set_role(uow(), admin, "root.admin", Role.AUDITOR)  # now possible: second.admin remains
    assert stored(engine, "root.admin").role == "auditor"
    assert not needs_first_admin(uow())


@pytest.mark.parametrize(
    ("name", "window", "words"),
    [
        ("\u202e四李", "08", "姓名应不含控制字符"),
        ("李四", "08\x1b[2J", "窗口号应不含控制字符"),
        ("李\u200b四", "08", "U+200B"),
    ],
)
def test_a_name_or_window_with_hidden_characters_is_refused_and_nothing_is_created(
    uow, engine, name, window, words
):
    admin = create_first_admin(uow(), "root.admin", "管理员甲", ADMIN_PW, hasher=CHEAP)
    before = len(events(engine, "account.create"))
    with pytest.raises(AccountError) as caught:
        create_account(uow(), admin, "li.si", name, Role.CLERK, window, CLERK_PW, hasher=CHEAP)
    assert any(words in p for p in caught.value.problems), caught.value.problems
    assert len(events(engine, "account.create")) == before
