"""Who may do what: roles (角色), permissions (权限) and the idle lock (闲置锁屏).

The matrix follows the separation of duties of 等保 2.0 (三权分立): the people who serve applicants, the
administrator who runs the system and the audit administrator who watches both are different accounts.

=================================  =======  ==========  =====  =======
Permission                          clerk    supervisor  admin  auditor
=================================  =======  ==========  =====  =======
INTAKE 受理/容缺/告知, reprint         yes      yes
FOLLOW_UP 补正/催补/终止/撤回           yes      yes
APPROVE_EXTENSION 延期审批                      yes
DISCLOSURE 依申请公开办理              yes      yes
APPROVE_DISCLOSURE 依申请公开审核               yes
EXPORT_CASES 导出办件                           yes
REVEAL_PERSONAL_DATA 查看完整证件号码            yes
SETTINGS 窗口设置                                            yes
CALENDAR 节假日安排                                          yes
CATALOGUE 目录载入                                           yes
LICENCES 证照导入                                            yes
ACCOUNTS 账户管理                                            yes
BACKUP 备份恢复                                              yes
AUDIT_READ 查看/导出审计                                                 yes
=================================  =======  ==========  =====  =======

The administrator deliberately cannot serve applicants nor read the audit trail; the audit administrator
can do nothing but read it. Services call ``require`` before they act, so hiding a button is never the
only protection.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

from hallapp.domain.intake import RuleViolation


class Role(StrEnum):
    """The role of an account (账户角色). One role per account."""

    CLERK = "clerk"
    SUPERVISOR = "supervisor"
    ADMIN = "admin"
    AUDITOR = "auditor"
    SYSTEM = "system"  # the installation itself, for start-up work before anyone signs in; never an account

    @property
    def label(self) -> str:
        return _ROLE_LABELS[self]


_ROLE_LABELS = {
    Role.CLERK: "窗口人员",
    Role.SUPERVISOR: "科室负责人",
    Role.ADMIN: "系统管理员",
    Role.AUDITOR: "审计管理员",
    Role.SYSTEM: "系统",
}

ACCOUNT_ROLES = (Role.CLERK, Role.SUPERVISOR, Role.ADMIN, Role.AUDITOR)
"""The roles an account may have (``Role.SYSTEM`` is only the installation's own start-up work)."""


class Permission(StrEnum):
    """One kind of action a service checks before it runs."""

    INTAKE = "intake"
    FOLLOW_UP = "follow_up"
    APPROVE_EXTENSION = "approve_extension"
    SETTINGS = "settings"
    CALENDAR = "calendar"
    CATALOGUE = "catalogue"
    LICENCES = "licences"
    ACCOUNTS = "accounts"
    AUDIT_READ = "audit_read"
    EXPORT_CASES = "export_cases"
    REVEAL_PERSONAL_DATA = "reveal_personal_data"
    BACKUP = "backup"
    DISCLOSURE = "disclosure"
    APPROVE_DISCLOSURE = "approve_disclosure"

    @property
    def label(self) -> str:
        return _PERMISSION_LABELS[self]


_PERMISSION_LABELS = {
    Permission.INTAKE: "受理、容缺受理、一次性告知和补打文书",
    Permission.FOLLOW_UP: "补正、催补、终止办理和撤回",
    Permission.APPROVE_EXTENSION: "审批延期",
    Permission.SETTINGS: "修改窗口设置",
    Permission.CALENDAR: "维护节假日安排",
    Permission.CATALOGUE: "载入事项目录",
    Permission.LICENCES: "导入证照",
    Permission.ACCOUNTS: "管理账户",
    Permission.AUDIT_READ: "查看和导出审计记录",
    Permission.EXPORT_CASES: "导出办件",
    Permission.REVEAL_PERSONAL_DATA: "查看完整证件号码",
    Permission.BACKUP: "备份和恢复数据",
    Permission.DISCLOSURE: "办理依申请公开",
    Permission.APPROVE_DISCLOSURE: "审核依申请公开答复和延期",
}

_COUNTER = frozenset({Permission.INTAKE, Permission.FOLLOW_UP, Permission.DISCLOSURE})

PERMISSIONS: dict[Role, frozenset[Permission]] = {
    Role.CLERK: _COUNTER,
    Role.SUPERVISOR: _COUNTER
    | {
        Permission.APPROVE_EXTENSION,
        Permission.APPROVE_DISCLOSURE,
        Permission.EXPORT_CASES,
        Permission.REVEAL_PERSONAL_DATA,
    },
    Role.ADMIN: frozenset(
        {
            Permission.SETTINGS,
            Permission.CALENDAR,
            Permission.CATALOGUE,
            Permission.LICENCES,
            Permission.ACCOUNTS,
            Permission.BACKUP,
        }
    ),
    Role.AUDITOR: frozenset({Permission.AUDIT_READ}),
    # Loading the shipped catalogue, seeding the holiday schedule and the demo licences at start-up.
    Role.SYSTEM: frozenset({Permission.CATALOGUE, Permission.CALENDAR, Permission.LICENCES}),
}
"""The documented matrix above. Change it only together with ``tests/domain/test_access.py``."""


@dataclass(frozen=True)
class Principal:
    """The person signed in: who acts, in which role, at which window. Documents take the clerk's name
    (``display_name``) and window from here."""

    username: str
    display_name: str
    role: Role
    window: str = ""

    def may(self, permission: Permission) -> bool:
        return permission in PERMISSIONS[self.role]


class AccessDenied(RuleViolation):
    """The signed-in account's role does not allow this action."""


def require(principal: Principal, permission: Permission) -> None:
    """Raise ``AccessDenied`` unless the principal's role has ``permission``."""
    if not principal.may(permission):
        raise AccessDenied(
            f"{principal.role.label}（{principal.display_name}）无权{permission.label}，请联系有此权限的人员办理。"
        )


SYSTEM = Principal(username="system", display_name="系统", role=Role.SYSTEM)
"""The installation acting for itself at start-up (catalogue, calendar, demo licences), before sign-in."""


class NotSignedIn(AccessDenied):
    """Nobody is signed in: every use case refuses."""


def check(principal: Principal | None, permission: Permission) -> Principal:
    """The service layer's gate: refuse anyone without ``permission`` — and everything when nobody is
    signed in. Returns the principal, whose user name is the actor of what follows."""
    if principal is None:
        raise NotSignedIn("尚未登录，不能进行此操作，请先登录。")
    require(principal, permission)
    return principal


def same_person(a: str, b: str) -> bool:
    """Whether two user names name the same account (user names are compared case-insensitively)."""
    return bool(a.strip()) and a.strip().casefold() == b.strip().casefold()


def may_approve_extension(principal: Principal, case_clerk_username: str) -> bool:
    """A supervisor approves extensions, but never for a case they took in themselves."""
    if not principal.may(Permission.APPROVE_EXTENSION):
        return False
    return not same_person(case_clerk_username, principal.username)


def require_approve_extension(principal: Principal, case_clerk_username: str) -> None:
    """Raise ``AccessDenied`` unless ``may_approve_extension``, saying why."""
    require(principal, Permission.APPROVE_EXTENSION)
    if not may_approve_extension(principal, case_clerk_username):
        raise AccessDenied("科室负责人不能审批本人受理办件的延期，请由其他科室负责人审批。")


IDLE_TIMEOUT_S = 600.0  # 10 minutes, the default of the idle lock


class IdleLock:
    """Locks the session after ``timeout_s`` seconds without activity (闲置锁屏).

    Times are monotonic seconds handed in by the caller (``time.monotonic()`` in the app), so the lock is
    deterministic in tests. Once locked it stays locked, whatever activity follows, until ``unlock`` —
    which the caller does only after the password was checked again.
    """

    def __init__(self, timeout_s: float = IDLE_TIMEOUT_S, *, now: float = 0.0) -> None:
        if timeout_s <= 0:
            raise ValueError("timeout_s must be positive")
        self.timeout_s = float(timeout_s)
        self._last = now
        self._locked = False

    def touch(self, now: float) -> None:
        """Activity (a key, a click) at ``now``: restart the countdown, unless already locked."""
        if not self.locked(now):
            self._last = max(self._last, now)

    def locked(self, now: float) -> bool:
        """Whether the session is locked at ``now`` (and latch the lock once the timeout has passed)."""
        if not self._locked and now - self._last >= self.timeout_s:
            self._locked = True
        return self._locked

    def remaining(self, now: float) -> float:
        """Seconds left before the lock (0 when locked)."""
        return 0.0 if self.locked(now) else self.timeout_s - (now - self._last)

    def lock(self) -> None:
        """Lock at once (the clerk steps away and locks by hand)."""
        self._locked = True

    def unlock(self, now: float) -> None:
        """Unlock after the password was checked again; the countdown restarts at ``now``."""
        self._locked = False
        self._last = now


# -- Names and passwords ------------------------------------------------------------------------------

MIN_PASSWORD_LENGTH = 10
MAX_PASSWORD_LENGTH = 128
USERNAME_PATTERN = re.compile(r"[a-z0-9][a-z0-9._-]{2,39}")

# Passwords every guesser tries first (also after stripping digits and symbols around a word, and
# undoing @→a, 0→o, 1→i, 3→e, $→s): "Password123!" and "P@ssw0rd2024" are refused too.
COMMON_PASSWORDS = frozenset(
    {
        "password",
        "passwort",
        "admin",
        "administrator",
        "root",
        "qwerty",
        "qwertyuiop",
        "asdfghjkl",
        "1qaz2wsx",
        "1q2w3e4r",
        "1q2w3e4r5t",
        "zaq12wsx",
        "qazwsxedc",
        "abc",
        "abcd",
        "abcdef",
        "abc123",
        "abcd1234",
        "a1b2c3d4",
        "aa123456",
        "qq123456",
        "iloveyou",
        "woaini",
        "woaini1314",
        "welcome",
        "letmein",
        "changeme",
        "default",
        "secret",
        "test",
        "guest",
        "user",
        "hallapp",
        "zhengwu",
        "zwfw",
        "12345678",
        "123456789",
        "1234567890",
        "0123456789",
        "987654321",
        "11111111",
        "88888888",
        "66666666",
        "12341234",
        "11223344",
        "123123123",
        "147258369",
    }
)
_LEET = str.maketrans({"@": "a", "4": "a", "0": "o", "1": "i", "!": "i", "3": "e", "$": "s", "5": "s"})
_AROUND = re.compile(r"^[\d\W_]+|[\d\W_]+$")


def username_problems(username: str) -> list[str]:
    """What is wrong with a sign-in name (empty: it may be used). Compared lowercase."""
    if not USERNAME_PATTERN.fullmatch(username.strip().lower()):
        return ["用户名应为 3–40 位小写字母、数字或“.”“_”“-”，以字母或数字开头"]
    return []


def password_problems(password: str, username: str = "") -> list[str]:
    """What is wrong with a new password, in words (empty: it may be used).

    At least 10 characters with three of upper case, lower case, digits and symbols; not containing the
    username; not one of the passwords everybody guesses first.
    """
    problems = []
    if len(password) < MIN_PASSWORD_LENGTH:
        problems.append(f"密码至少 {MIN_PASSWORD_LENGTH} 位")
    if len(password) > MAX_PASSWORD_LENGTH:
        problems.append(f"密码最多 {MAX_PASSWORD_LENGTH} 位")
    kinds = (
        any(c.isupper() for c in password),
        any(c.islower() for c in password),
        any(c.isdigit() for c in password),
        any(not c.isalnum() for c in password),
    )
    if sum(kinds) < 3:
        problems.append("密码应至少包含大写字母、小写字母、数字、符号中的三种")
    name = username.strip().casefold()
    if name and name in password.casefold():
        problems.append("密码不能包含用户名")
    if _is_common(password):
        problems.append("密码过于常见，容易被猜中")
    return problems


def _is_common(password: str) -> bool:
    folded = password.casefold()
    candidates = {folded, _AROUND.sub("", folded), folded.translate(_LEET)}
    candidates.add(_AROUND.sub("", folded.translate(_LEET)))
    candidates.add(_AROUND.sub("", folded).translate(_LEET))
    return any(c in COMMON_PASSWORDS for c in candidates if c)
