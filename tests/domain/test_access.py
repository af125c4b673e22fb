"""Roles and permissions: the matrix, the refusals in words, the supervisor's own cases, the idle lock."""

from __future__ import annotations

import pytest

from hallapp.domain.access import (
    ACCOUNT_ROLES,
    PERMISSIONS,
    SYSTEM,
    AccessDenied,
    IdleLock,
    NotSignedIn,
    Permission,
    Principal,
    Role,
    check,
    may_approve_extension,
    password_problems,
    require,
    require_approve_extension,
    same_person,
    username_problems,
)
from hallapp.domain.intake import RuleViolation

P = Permission
# The documented table (三权分立), written out again on purpose: changing PERMISSIONS must change this.
EXPECTED: dict[Role, set[Permission]] = {
    Role.CLERK: {P.INTAKE, P.FOLLOW_UP, P.DISCLOSURE},
    Role.SUPERVISOR: {
        P.INTAKE,
        P.FOLLOW_UP,
        P.DISCLOSURE,
        P.APPROVE_EXTENSION,
        P.APPROVE_DISCLOSURE,
        P.EXPORT_CASES,
        P.REVEAL_PERSONAL_DATA,
    },
    Role.ADMIN: {P.SETTINGS, P.CALENDAR, P.CATALOGUE, P.LICENCES, P.ACCOUNTS, P.BACKUP},
    Role.AUDITOR: {P.AUDIT_READ},
    # The installation's own start-up work: shipped catalogue, holiday schedule, demo licences. Nothing else.
    Role.SYSTEM: {P.CATALOGUE, P.CALENDAR, P.LICENCES},
}


def someone(role: Role, username: str = "wang.wu") -> Principal:
    return Principal(username=username, display_name="王五", role=role, window="08")


def test_every_role_has_a_row_and_every_permission_belongs_to_someone():
    assert set(PERMISSIONS) == set(Role)
    assert set().union(*PERMISSIONS.values()) == set(Permission)


@pytest.mark.parametrize("permission", list(Permission))
@pytest.mark.parametrize("role", list(Role))
def test_matrix(role, permission):
    allowed = permission in EXPECTED[role]
    assert (permission in PERMISSIONS[role]) is allowed
    assert someone(role).may(permission) is allowed
    if allowed:
        require(someone(role), permission)
    else:
        with pytest.raises(AccessDenied):
            require(someone(role), permission)


def test_separation_of_duties():
    """The administrator neither serves applicants nor reads the audit trail; the auditor does only that."""
    assert P.INTAKE not in PERMISSIONS[Role.ADMIN] and P.AUDIT_READ not in PERMISSIONS[Role.ADMIN]
    assert PERMISSIONS[Role.AUDITOR] == {P.AUDIT_READ}
    assert not PERMISSIONS[Role.AUDITOR] & PERMISSIONS[Role.ADMIN]
    assert PERMISSIONS[Role.CLERK] < PERMISSIONS[Role.SUPERVISOR]


def test_refusal_names_the_role_and_the_action_in_plain_chinese():
    with pytest.raises(AccessDenied) as caught:
        require(someone(Role.CLERK), P.APPROVE_EXTENSION)
    assert "窗口人员" in str(caught.value) and "无权审批延期" in str(caught.value)
    with pytest.raises(AccessDenied, match="系统管理员.*无权受理"):
        require(someone(Role.ADMIN), P.INTAKE)
    with pytest.raises(AccessDenied, match="审计管理员.*无权管理账户"):
        require(someone(Role.AUDITOR), P.ACCOUNTS)
    assert isinstance(caught.value, RuleViolation)
    with pytest.raises(AccessDenied, match="窗口人员.*无权审核依申请公开答复和延期"):
        require(someone(Role.CLERK), P.APPROVE_DISCLOSURE)
    with pytest.raises(AccessDenied, match="审计管理员.*无权办理依申请公开"):
        require(someone(Role.AUDITOR), P.DISCLOSURE)


def test_labels():
    assert [r.label for r in Role] == ["窗口人员", "科室负责人", "系统管理员", "审计管理员", "系统"]
    assert all(p.label for p in Permission)


def test_accounts_have_the_four_roles_of_people_never_the_installations():
    assert ACCOUNT_ROLES == (Role.CLERK, Role.SUPERVISOR, Role.ADMIN, Role.AUDITOR)
    assert Role.SYSTEM not in ACCOUNT_ROLES
    assert SYSTEM.role is Role.SYSTEM and SYSTEM.username == "system"


def test_the_installation_neither_serves_applicants_nor_manages_people_nor_reads_the_trail():
    for permission in (
        P.INTAKE,
        P.FOLLOW_UP,
        P.APPROVE_EXTENSION,
        P.DISCLOSURE,
        P.APPROVE_DISCLOSURE,
        P.ACCOUNTS,
        P.AUDIT_READ,
        P.SETTINGS,
    ):
        with pytest.raises(AccessDenied, match="系统"):
            check(SYSTEM, permission)


@pytest.mark.parametrize("permission", list(Permission))
def test_nobody_signed_in_is_refused_everything(permission):
    """No principal is not the installation: with nobody signed in every check refuses, in words."""
    with pytest.raises(NotSignedIn, match="尚未登录") as caught:
        check(None, permission)
    assert isinstance(caught.value, AccessDenied) and isinstance(caught.value, RuleViolation)


@pytest.mark.parametrize("role", list(Role))
def test_check_returns_the_principal_who_acts_or_refuses_like_require(role):
    person = someone(role)
    for permission in Permission:
        if person.may(permission):
            assert check(person, permission) is person
        else:
            with pytest.raises(AccessDenied) as caught:
                check(person, permission)
            assert not isinstance(caught.value, NotSignedIn)


def test_same_person_compares_accounts_not_spelling_and_never_matches_nobody():
    assert same_person("zhao.liu", " Zhao.Liu ")
    assert not same_person("zhao.liu", "zhao.liu2")
    assert not same_person("", "")  # records from before accounts carry no user name: nobody's own case
    assert not same_person("  ", "zhao.liu")


def test_a_supervisor_never_approves_their_own_case():
    boss = someone(Role.SUPERVISOR, "zhao.liu")
    assert may_approve_extension(boss, "wang.wu")
    assert not may_approve_extension(boss, "zhao.liu")
    assert not may_approve_extension(boss, " Zhao.Liu ")
    with pytest.raises(AccessDenied, match="本人受理"):
        require_approve_extension(boss, "zhao.liu")
    require_approve_extension(boss, "wang.wu")


def test_a_case_from_before_accounts_may_be_approved_by_any_supervisor():
    assert may_approve_extension(someone(Role.SUPERVISOR, "zhao.liu"), "")


@pytest.mark.parametrize("role", [Role.CLERK, Role.ADMIN, Role.AUDITOR, Role.SYSTEM])
def test_only_supervisors_approve_extensions(role):
    assert not may_approve_extension(someone(role, "a"), "someone.else")
    with pytest.raises(AccessDenied):
        require_approve_extension(someone(role, "a"), "someone.else")


def test_principal_is_frozen():
    with pytest.raises(AttributeError):
        someone(Role.CLERK).role = Role.ADMIN  # type: ignore[misc]


class TestIdleLock:
    def test_locks_after_the_timeout_without_activity(self):
        lock = IdleLock(600, now=1000.0)
        assert not lock.locked(1599.9)
        assert lock.remaining(1500.0) == pytest.approx(100.0)
        assert lock.locked(1600.0)
        assert lock.remaining(1600.0) == 0

    def test_activity_restarts_the_countdown(self):
        lock = IdleLock(600, now=0.0)
        lock.touch(500.0)
        assert not lock.locked(1000.0)
        assert lock.locked(1100.0)

    def test_once_locked_activity_does_not_unlock(self):
        lock = IdleLock(60, now=0.0)
        assert lock.locked(60.0)
        lock.touch(61.0)
        assert lock.locked(61.0)
        lock.unlock(100.0)
        assert not lock.locked(159.0)
        assert lock.locked(160.0)

    def test_a_late_check_still_locks_even_if_touched_afterwards(self):
        lock = IdleLock(60, now=0.0)
        lock.touch(90.0)  # the first event after a long pause: the session was already idle too long
        assert lock.locked(90.0)

    def test_lock_by_hand_and_configurable_timeout(self):
        lock = IdleLock(timeout_s=300, now=0.0)
        lock.lock()
        assert lock.locked(1.0)
        assert IdleLock().timeout_s == 600
        with pytest.raises(ValueError):
            IdleLock(0)


@pytest.mark.parametrize(
    ("password", "fragment"),
    [
        ("Ab1!", "至少 10 位"),
        ("abcdefghijkl", "三种"),
        ("Wang.wu-2026!x", "用户名"),
        ("Password123!", "常见"),
        ("P@ssw0rd2026", "常见"),
        ("Qwertyuiop1!", "常见"),
    ],
)
def test_password_policy_problems(password, fragment):
    problems = password_problems(password, "wang.wu")
    assert any(fragment in p for p in problems), problems


def test_a_good_password_has_no_problems():
    assert password_problems("Tea-Kettle-42x", "wang.wu") == []
    assert password_problems("窗口受理Ab12345", "wang.wu") == []  # Chinese characters count as letters


def test_usernames():
    assert username_problems("Wang.Wu") == []
    assert username_problems("ab")
    assert username_problems("王五")
    assert username_problems("-abc")
