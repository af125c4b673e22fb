"""What signing in must not give away (登录保密): which user names exist or are locked, and what was
typed into the user-name box (sometimes the password).

``burn`` does the work of one password check against a dummy hash, so that an unknown name or a locked
account costs the same time as a wrong password; ``unknown_user_label`` is how a name that is no
account goes into the trail. Qt-free.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from typing import Any

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session

from hallapp.store import catalogue_repo as settings_repo

UNKNOWN_USER = "未知用户"
NAME_KEY_SETTING = "audit.unknown_name_key"  # the random key of unknown names' digests, per database
__all__ = ["NAME_KEY_SETTING", "UNKNOWN_USER", "burn", "unknown_user_label"]


def unknown_user_label(session: Session, typed: str) -> str:
    """How a user name that is no account is recorded: 未知用户 and 8 hex digits of HMAC-SHA256 of the
    name under a random key kept in this database (``setting``), so that repeated attempts with the same
    name can be told apart and counted, while a password typed into the user-name box cannot be read back
    from the trail, an export or a printout.

    A keyed digest is not a secret from someone holding the database file: they have the key too and can
    test guesses (a dictionary of likely passwords) against it. The short digest (32 bits) makes every
    such test ambiguous at scale, and this is why the full name is never kept anywhere.
    """
    key = settings_repo.get_setting(session, NAME_KEY_SETTING, "")
    if not key:
        key = secrets.token_hex(32)
        try:
            with session.begin_nested():  # another counter may make it at the same moment
                settings_repo.set_setting(session, NAME_KEY_SETTING, key)
        except IntegrityError:
            key = settings_repo.get_setting(session, NAME_KEY_SETTING, "")
    digest = hmac.new(bytes.fromhex(key), typed.encode("utf-8"), hashlib.sha256).hexdigest()
    return f"{UNKNOWN_USER}·{digest[:8]}"


_DUMMY_HASHES: dict[tuple[Any, ...], str] = {}


def _dummy_hash(hasher: PasswordHasher) -> str:
    """A hash of a random password with ``hasher``'s parameters (made once per parameters and process)."""
    key = (
        hasher.type,
        hasher.time_cost,
        hasher.memory_cost,
        hasher.parallelism,
        hasher.hash_len,
        hasher.salt_len,
    )
    if key not in _DUMMY_HASHES:
        _DUMMY_HASHES[key] = hasher.hash(secrets.token_urlsafe(16))
    return _DUMMY_HASHES[key]


def burn(hasher: PasswordHasher, password: str) -> None:
    """Spend the time a password check takes (the same verification, against a dummy hash), for an
    account that does not exist or is locked; the result is thrown away."""
    try:
        hasher.verify(_dummy_hash(hasher), password)
    except (VerificationError, InvalidHashError):
        pass
