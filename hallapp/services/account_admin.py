"""Account management by the administrator (账户管理): create, change role, disable, reset, unlock.

Every change — and every refusal — is one audited transaction; the last active administrator cannot be
removed. Split from ``accounts`` (sign-in and passwords), which re-exports these for its callers.
"""

from __future__ import annotations

from datetime import datetime

from argon2 import PasswordHasher
from sqlmodel import Session

from hallapp.domain.access import (
    ACCOUNT_ROLES,
    AccessDenied,
    Permission,
    Principal,
    Role,
    password_problems,
    require,
    username_problems,
)
from hallapp.domain.intake import RuleViolation
from hallapp.services.accounts import (
    AccountDisabled,
    AccountError,
    AccountInfo,
    LoginFailed,
    _aware,
    _check_password,
    _info,
    _principal,
    _set_password,
    default_hasher,
)
from hallapp.store import account_repo as repo
from hallapp.store import audit_repo
from hallapp.store.account_models import Account
from hallapp.store.db import UnitOfWork


def list_accounts(uow: UnitOfWork, principal: Principal) -> list[AccountInfo]:
    """Every account, by username."""
    with uow:
        _authorise(uow, principal, "account.list", "*")
        return [_info(a) for a in repo.all_accounts(uow.session)]


def create_account(
    uow: UnitOfWork,
    principal: Principal,
    username: str,
    display_name: str,
    role: Role,
    window: str,
    password: str,
    *,
    hasher: PasswordHasher | None = None,
) -> AccountInfo:
    """Create an account with its first password (which the person should change at once)."""
    role = _account_role(role)
    _check_new_account(username, display_name, window, password)
    hasher = hasher or default_hasher()
    with uow:
        actor = _authorise(uow, principal, "account.create", repo.normalise_username(username))
        if repo.find(uow.session, username) is not None:
            raise AccountError([f"用户名“{repo.normalise_username(username)}”已被使用"])
        account = repo.add(
            uow.session,
            username=username,
            display_name=display_name.strip(),
            role=role.value,
            window=window.strip(),
            password_hash=hasher.hash(password),
        )
        audit_repo.record(
            uow.session,
            actor=actor.username,
            action="account.create",
            object_type="account",
            object_id=account.username,
            role=role.value,
            window=account.window,
        )
        info = _info(account)
        uow.commit()
    return info


def set_role(uow: UnitOfWork, principal: Principal, username: str, role: Role) -> AccountInfo:
    """Give an account another role. The last active administrator keeps theirs."""
    role = _account_role(role)
    with uow:
        actor = _authorise(uow, principal, "account.set_role", repo.normalise_username(username))
        account = _existing(uow.session, username)
        previous = account.role
        if previous != role.value:
            if previous == Role.ADMIN.value and account.active:
                _keep_an_admin(uow.session)
            account.role = role.value
            repo.touch(account)
            audit_repo.record(
                uow.session,
                actor=actor.username,
                action="account.set_role",
                object_type="account",
                object_id=account.username,
                previous=previous,
                role=role.value,
            )
        info = _info(account)
        uow.commit()
    return info


def set_active(uow: UnitOfWork, principal: Principal, username: str, active: bool) -> AccountInfo:
    """Enable or disable an account (accounts are never deleted). The last active administrator stays."""
    with uow:
        actor = _authorise(uow, principal, "account.set_active", repo.normalise_username(username))
        account = _existing(uow.session, username)
        if account.active != active:
            if not active and account.role == Role.ADMIN.value:
                _keep_an_admin(uow.session)
            account.active = active
            repo.touch(account)
            audit_repo.record(
                uow.session,
                actor=actor.username,
                action="account.set_active",
                object_type="account",
                object_id=account.username,
                active=active,
            )
        info = _info(account)
        uow.commit()
    return info


def reset_password(
    uow: UnitOfWork,
    principal: Principal,
    username: str,
    new_password: str,
    *,
    hasher: PasswordHasher | None = None,
) -> None:
    """Set a new password for someone who forgot theirs; this also lifts a lockout."""
    problems = password_problems(new_password, repo.normalise_username(username))
    if problems:
        raise AccountError(problems)
    hasher = hasher or default_hasher()
    with uow:
        actor = _authorise(uow, principal, "account.password_reset", repo.normalise_username(username))
        account = _existing(uow.session, username)
        _set_password(account, new_password, hasher)
        audit_repo.record(
            uow.session,
            actor=actor.username,
            action="account.password_reset",
            object_type="account",
            object_id=account.username,
        )
        uow.commit()


def unlock_account(uow: UnitOfWork, principal: Principal, username: str) -> None:
    """Lift a lockout before its 15 minutes are over (the person proved who they are in person)."""
    with uow:
        actor = _authorise(uow, principal, "account.unlock", repo.normalise_username(username))
        account = _existing(uow.session, username)
        account.failed_logins = 0
        account.locked_until = None
        repo.touch(account)
        audit_repo.record(
            uow.session,
            actor=actor.username,
            action="account.unlock",
            object_type="account",
            object_id=account.username,
        )
        uow.commit()


# -- Helpers ------------------------------------------------------------------------------------------


def _authorise(uow: UnitOfWork, principal: Principal, action: str, object_id: str) -> Principal:
    """The acting account as stored now (not as it was at sign-in), if it may manage accounts.

    A refusal is audited (and committed) before ``AccessDenied`` is raised.
    """
    account = repo.find(uow.session, principal.username)
    current = _principal(account) if account is not None and account.active else None
    if current is not None and current.may(Permission.ACCOUNTS):
        return current
    audit_repo.record(
        uow.session,
        actor=principal.username,
        action=action,
        object_type="account",
        object_id=object_id[:60] or "-",
        outcome="denied",
        permission=Permission.ACCOUNTS.value,
    )
    uow.commit()
    if current is None:
        raise AccessDenied("当前账户已停用或不存在，请重新登录。")
    require(current, Permission.ACCOUNTS)
    raise AssertionError("unreachable")  # pragma: no cover


def _account_role(role: Role | str) -> Role:
    """The role an account may hold (never the installation's own ``Role.SYSTEM``)."""
    try:
        chosen = Role(role)
    except ValueError:
        chosen = None
    if chosen not in ACCOUNT_ROLES:
        raise AccountError([f"角色只能是 {'、'.join(r.label for r in ACCOUNT_ROLES)}"])
    return chosen


def _existing(session: Session, username: str) -> Account:
    account = repo.find(session, username)
    if account is None:
        raise RuleViolation(f"没有用户名为“{repo.normalise_username(username)}”的账户。")
    return account


def _keep_an_admin(session: Session) -> None:
    """Refuse to take away the last active administrator (nobody could manage accounts afterwards)."""
    if repo.count(session, role=Role.ADMIN.value, active_only=True) <= 1:
        raise RuleViolation(
            "这是最后一个启用的系统管理员账户，不能停用或改为其他角色；请先另设一名系统管理员。"
        )


def _check_new_account(username: str, display_name: str, window: str, password: str) -> None:
    problems = username_problems(username)
    from hallapp.services.station_checks import text_problem

    if not display_name.strip():
        problems.append("姓名不能为空")
    elif len(display_name.strip()) > 100:
        problems.append("姓名最多 100 个字")
    if len(window.strip()) > 40:
        problems.append("窗口号最多 40 个字符")
    # The name and window are on every document, the title bar and the screen facing the applicant:
    # a direction override or an escape character would scramble them there.
    problems += [p for p in (text_problem("姓名", display_name), text_problem("窗口号", window)) if p]
    problems += password_problems(password, repo.normalise_username(username))
    if problems:
        raise AccountError(problems)


def change_own_password(
    uow: UnitOfWork,
    principal: Principal,
    old_password: str,
    new_password: str,
    *,
    now: datetime | None = None,
    hasher: PasswordHasher | None = None,
) -> None:
    """Anyone may change their own password, giving the current one (a wrong one counts as a failed
    sign-in). The new one must meet the password policy."""
    problems = password_problems(new_password, principal.username)
    if new_password == old_password:
        problems.append("新密码不能与原密码相同")
    if problems:
        raise AccountError(problems)
    hasher = hasher or default_hasher()
    at = _aware(now)
    with uow:
        account = repo.find(uow.session, principal.username)
        if account is None:
            raise AccountDisabled("该账户已不存在，请重新登录。")
        error = _check_password(
            uow.session,
            account,
            old_password,
            at=at,
            hasher=hasher,
            success=None,
            failure="account.password_change_failure",
        )
        if error is None:
            _set_password(account, new_password, hasher)
            audit_repo.record(
                uow.session,
                actor=account.username,
                action="account.password_change",
                object_type="account",
                object_id=account.username,
            )
        uow.commit()
    if error is not None:
        raise LoginFailed("原密码不正确。") if type(error) is LoginFailed else error


# -- Account management (ACCOUNTS permission) ---------------------------------------------------------
