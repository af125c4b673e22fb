"""Accounts: the first administrator, signing in, the idle unlock, and account management.

Passwords are hashed with argon2id (``argon2.PasswordHasher``; argon2-cffi's defaults in production,
cheaper parameters in tests through the ``hasher`` argument) and rehashed on the next sign-in when the
parameters change. Five wrong passwords in a row lock the account for 15 minutes. An unknown username,
a wrong password and a locked account get exactly the same answer at sign-in, in the same time (one
password check each: against a dummy hash for an unknown name or a locked account), so nobody can find
out which accounts exist or are locked.

Every sign-in (success and failure) and every account change writes an audit event in the same
transaction; a refused management action is audited too. No password, hash or name goes into an audit
event's detail, and a user name that is not an account (perhaps the password, typed into the wrong box)
is recorded only as 未知用户 with a short keyed digest (``unknown_user_label``). Pass a writing unit of work (``write=True``) to every function here except
``list_accounts``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlmodel import Session

from hallapp.domain.access import (
    AccessDenied,
    Principal,
    Role,
)
from hallapp.domain.intake import RuleViolation
from hallapp.services.sign_in_secrecy import burn, unknown_user_label
from hallapp.store import account_repo as repo
from hallapp.store import audit_repo
from hallapp.store.account_models import Account
from hallapp.store.db import UnitOfWork
from hallapp.store.models import utcnow

MAX_FAILED_LOGINS = 5
LOCKOUT = timedelta(minutes=15)
# The same words for an unknown name, a wrong password and a locked account (nobody learns which), with
# the rule, so a clerk who locked themselves out knows what to do.
WRONG_CREDENTIALS = (
    f"用户名或密码错误，或账户已锁定（连续输错 {MAX_FAILED_LOGINS} 次锁定 {LOCKOUT.seconds // 60} 分钟）。"
    "如需立即解锁或重置密码，请联系系统管理员。"
)


def default_hasher() -> PasswordHasher:
    """argon2id with t=3 passes over m=32 MiB, one lane (p=1).

    Why these: argon2-cffi's default (RFC 9106's second recommended option, t=3, m=64 MiB, p=4) holds
    64 MiB for every check, and at 100,000 matters that pushed the signed-in app past 300 MB. 32 MiB with
    three passes costs an attacker more than any of OWASP's equivalent choices (their minimum is
    m=19 MiB, t=2, p=1) and takes about 0.1 s here (2 cores): short for a clerk, slow for guessing.
    One lane, because on a two-core counter PC the other core is busy with the start-up. Hashes made
    with other parameters still verify (they carry their own) and are rehashed on the next sign-in.
    """
    return PasswordHasher(time_cost=3, memory_cost=32 * 1024, parallelism=1)


class AccountError(RuleViolation):
    """Account data that cannot be used (a weak password, a malformed username…), with every problem."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("；".join(problems))
        self.problems = problems


class LoginFailed(RuleViolation):
    """Signing in (or unlocking) failed. The message never tells whether the username exists."""


class AccountLocked(LoginFailed):
    """Too many wrong passwords: the account is locked until ``until``."""

    def __init__(self, until: datetime) -> None:
        shown = _local_minute(until)
        super().__init__(
            f"密码连续输错 {MAX_FAILED_LOGINS} 次，账户已锁定，请于 {shown} 后再试，或请系统管理员解锁。"
        )
        self.until = until


class AccountDisabled(LoginFailed):
    """The password was right but the account has been disabled."""


@dataclass(frozen=True)
class AccountInfo:
    """An account as the management screen shows it (no password hash)."""

    username: str
    display_name: str
    role: Role
    window: str
    active: bool
    locked_until: datetime | None
    failed_logins: int


# -- First start and signing in -----------------------------------------------------------------------


def needs_first_admin(uow: UnitOfWork) -> bool:
    """True when no account can sign in: the first start must create the administrator."""
    with uow:
        return repo.count(uow.session, active_only=True) == 0


def create_first_admin(
    uow: UnitOfWork,
    username: str,
    display_name: str,
    password: str,
    *,
    window: str = "",
    hasher: PasswordHasher | None = None,
) -> Principal:
    """Create the first (administrator) account, with the password chosen now. Only while there is no
    account at all: afterwards accounts are made by an administrator."""
    from hallapp.services.account_admin import _check_new_account

    _check_new_account(username, display_name, window, password)
    hasher = hasher or default_hasher()
    with uow:
        if repo.count(uow.session) > 0:
            raise AccessDenied("系统中已有账户，不能再创建首个管理员；请由系统管理员登录后创建账户。")
        account = repo.add(
            uow.session,
            username=username,
            display_name=display_name.strip(),
            role=Role.ADMIN.value,
            window=window.strip(),
            password_hash=hasher.hash(password),
        )
        audit_repo.record(
            uow.session,
            actor=account.username,
            action="account.create",
            object_type="account",
            object_id=account.username,
            role=account.role,
            first_admin=True,
        )
        principal = _principal(account)
        uow.commit()
    return principal


def authenticate(
    uow: UnitOfWork,
    username: str,
    password: str,
    *,
    now: datetime | None = None,
    hasher: PasswordHasher | None = None,
    purpose: str = "login",
) -> Principal:
    """Sign in: the account's ``Principal``, or ``LoginFailed`` (``AccountLocked``, ``AccountDisabled``).

    A wrong password counts towards the lockout; the fifth in a row locks the account for 15 minutes, and
    a locked account is refused even with the right password until then. ``purpose`` names the check in
    the trail: ``login`` (signing in), or ``approval`` (a supervisor confirming an extension at another
    person's counter, who does not sign in there).
    """
    hasher = hasher or default_hasher()
    at = _aware(now)
    typed = repo.normalise_username(username)[:40]
    with uow:
        account = repo.find(uow.session, typed) if typed else None
        if account is None:
            burn(hasher, password)  # take as long as a real check: timing tells nothing either
            label = unknown_user_label(uow.session, typed)  # perhaps a password: never stored as typed
            audit_repo.record(
                uow.session,
                actor=label,
                action=f"{purpose}.failure",
                object_type="account",
                object_id=label,
                outcome="failure",
                reason="unknown_user",
            )
            error: LoginFailed | None = LoginFailed(WRONG_CREDENTIALS)
        else:
            error = _check_password(
                uow.session,
                account,
                password,
                at=at,
                hasher=hasher,
                success=f"{purpose}.success",
                failure=f"{purpose}.failure",
            )
            principal = _principal(account)
        uow.commit()
    if isinstance(error, AccountLocked):  # at sign-in a locked account is told like a wrong password
        raise LoginFailed(WRONG_CREDENTIALS) from None
    if error is not None:
        raise error
    return principal


def unlock_session(
    uow: UnitOfWork,
    principal: Principal,
    password: str,
    *,
    now: datetime | None = None,
    hasher: PasswordHasher | None = None,
) -> bool:
    """Unlock a session locked for idleness: True when the password is right, False when wrong.

    Wrong passwords count towards the same lockout as signing in; ``AccountLocked`` or
    ``AccountDisabled`` is raised when the account may no longer be used (the app then signs out).
    """
    hasher = hasher or default_hasher()
    at = _aware(now)
    with uow:
        account = repo.find(uow.session, principal.username)
        if account is None:
            raise AccountDisabled("该账户已不存在，请重新登录。")
        error = _check_password(
            uow.session,
            account,
            password,
            at=at,
            hasher=hasher,
            success="session.unlock",
            failure="session.unlock_failure",
        )
        uow.commit()
    if error is None:
        return True
    if type(error) is LoginFailed:
        return False
    raise error


def _check_password(
    session: Session,
    account: Account,
    password: str,
    *,
    at: datetime,
    hasher: PasswordHasher,
    success: str | None,
    failure: str,
) -> LoginFailed | None:
    """Check ``password`` against the account under the lockout rules; audit; None when it is right."""

    def fail(reason: str, **detail: object) -> None:
        audit_repo.record(
            session,
            actor=account.username,
            action=failure,
            object_type="account",
            object_id=account.username,
            outcome="failure",
            reason=reason,
            **detail,
        )

    if account.locked_until is not None:
        if at < account.locked_until:
            burn(hasher, password)  # as long as a password check: the lock is not told by the time
            fail("locked", locked_until=account.locked_until.isoformat())
            return AccountLocked(account.locked_until)
        account.locked_until = None  # the lockout is over: start counting afresh
        account.failed_logins = 0
    if not _matches(hasher, account.password_hash, password):
        account.failed_logins += 1
        if account.failed_logins >= MAX_FAILED_LOGINS:
            account.locked_until = at + LOCKOUT
            fail(
                "wrong_password",
                failed_logins=account.failed_logins,
                locked_until=account.locked_until.isoformat(),
            )
            return AccountLocked(account.locked_until)
        fail("wrong_password", failed_logins=account.failed_logins)
        return LoginFailed(WRONG_CREDENTIALS)
    if not account.active:
        fail("disabled")
        return AccountDisabled("该账户已停用，请联系系统管理员。")
    account.failed_logins = 0
    rehashed = hasher.check_needs_rehash(account.password_hash)
    if rehashed:
        account.password_hash = hasher.hash(password)  # the parameters changed: upgrade the stored hash
    if success is not None:
        audit_repo.record(
            session,
            actor=account.username,
            action=success,
            object_type="account",
            object_id=account.username,
            role=account.role,
            rehashed=rehashed,
        )
    return None


def _matches(hasher: PasswordHasher, stored: str, password: str) -> bool:
    try:
        return hasher.verify(stored, password)
    except (VerificationError, InvalidHashError):
        return False


def _set_password(account: Account, password: str, hasher: PasswordHasher) -> None:
    account.password_hash = hasher.hash(password)
    account.password_changed_at = utcnow()
    account.failed_logins = 0
    account.locked_until = None
    repo.touch(account)


def _principal(account: Account) -> Principal:
    return Principal(
        username=account.username,
        display_name=account.display_name,
        role=Role(account.role),
        window=account.window,
    )


def _info(account: Account) -> AccountInfo:
    return AccountInfo(
        username=account.username,
        display_name=account.display_name,
        role=Role(account.role),
        window=account.window,
        active=account.active,
        locked_until=account.locked_until,
        failed_logins=account.failed_logins,
    )


def _aware(now: datetime | None) -> datetime:
    """``now`` in UTC (a naive value is local time, as ``UtcDateTime`` takes it)."""
    return utcnow() if now is None else now.astimezone(UTC)


def _local_minute(moment: datetime) -> str:
    """The moment in local time, rounded up to the minute (so "after 10:16" is never too early)."""
    local = moment.astimezone()
    seconds = local.second + local.microsecond / 1e6
    local = local.replace(second=0, microsecond=0) + timedelta(minutes=math.ceil(seconds / 60))
    return local.strftime("%Y-%m-%d %H:%M")


# Account management lives in ``account_admin`` (which imports this module); its use cases are reachable
# from here too, looked up on first use so that either module may be imported first.
_ADMIN_NAMES = frozenset(
    {
        "_account_role",
        "change_own_password",
        "create_account",
        "list_accounts",
        "reset_password",
        "set_active",
        "set_role",
        "unlock_account",
    }
)


def __getattr__(name: str) -> Any:
    if name in _ADMIN_NAMES:
        from hallapp.services import account_admin

        return getattr(account_admin, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
