"""Drafts of an intake in progress (受理草稿): what the clerk typed survives Esc, a closed window, a crash.

One draft per account, in the data folder (``<data_dir>/drafts/<username>.json``), written whole and
atomically (a temporary file, flushed to disk, then renamed over the old one), so a crash leaves either
the previous draft or the new one, never half of one. Only the account that wrote a draft ever reads
it. A draft holds an applicant's name, ID and phone: the same trust zone as the database (the file is
readable by its owner only), and it never goes to a log — its ``repr`` shows no personal data.

Qt-free; the intake page decides when to save (as the clerk types, debounced) and when to ask.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
from dataclasses import asdict, dataclass, field, replace
from datetime import datetime
from pathlib import Path
from typing import Any

DRAFT_VERSION = 1
_SAFE_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")


WJ = "\u2060"  # WORD JOINER: keeps a masked name in one piece when a dialog wraps its text


@dataclass(frozen=True)
class MarkDraft:
    """What was recorded for one material, by its name (rows move when situations change)."""

    name: str
    original_seen: bool = False
    copies: int = 0
    deferred: bool = False

    @property
    def touched(self) -> bool:
        return self.original_seen or self.copies > 0 or self.deferred


@dataclass(frozen=True)
class IntakeDraft:
    """An intake in progress: which matter or bundle, who applies, the answers and the checklist marks."""

    target_kind: str  # "matter" or "bundle"
    target_code: str
    target_name: str
    fields: dict[str, str] = field(default_factory=dict, repr=False)  # form field → text as typed
    flags: dict[str, bool] = field(default_factory=dict)  # organisation?, by an agent?, name corrected?
    answers: dict[str, bool] = field(default_factory=dict)  # situation code → 是/否
    marks: tuple[MarkDraft, ...] = field(default=(), repr=False)
    commitment_signed: bool = False
    saved_at: str = ""  # ISO time of the last save, local

    @property
    def empty(self) -> bool:
        """Nothing worth keeping: no field typed, no material marked."""
        return not any(v.strip() for v in self.fields.values()) and not any(m.touched for m in self.marks)

    @property
    def summary(self) -> str:
        """One line for the question 恢复草稿？ — the matter and when; no ID or phone number."""
        when = ""
        with contextlib.suppress(ValueError):
            when = f"（{datetime.fromisoformat(self.saved_at):%m-%d %H:%M} 保存）"
        name = self.fields.get("name", "").strip() or self.fields.get("org_name", "").strip()
        # one word joiner-bound unit (no space): a dialog never breaks "陈 / **" across its lines
        who = f"，申请人{WJ.join(name[0] + '*' * (len(name) - 1))}" if name else ""
        kind = "一件事" if self.target_kind == "bundle" else "事项"
        return f"{kind}「{self.target_name}」{who}{when}"

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["version"] = DRAFT_VERSION
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> IntakeDraft:
        """A draft read back; ``ValueError`` when it is not one (damaged, another version)."""
        if not isinstance(data, dict) or data.get("version") != DRAFT_VERSION:
            raise ValueError("not a draft of this version")
        try:
            kind, code, name = str(data["target_kind"]), str(data["target_code"]), str(data["target_name"])
            if kind not in ("matter", "bundle") or not code:
                raise ValueError("no matter or bundle")
            return cls(
                target_kind=kind,
                target_code=code,
                target_name=name,
                fields={str(k): str(v) for k, v in dict(data.get("fields", {})).items()},
                flags={str(k): bool(v) for k, v in dict(data.get("flags", {})).items()},
                answers={str(k): bool(v) for k, v in dict(data.get("answers", {})).items()},
                marks=tuple(
                    MarkDraft(str(m["name"]), bool(m["original_seen"]), int(m["copies"]), bool(m["deferred"]))
                    for m in data.get("marks", [])
                ),
                commitment_signed=bool(data.get("commitment_signed", False)),
                saved_at=str(data.get("saved_at", "")),
            )
        except (KeyError, TypeError) as error:
            raise ValueError(f"damaged draft: {type(error).__name__}") from None


class DraftStore:
    """The drafts folder of one installation; each account reads and writes its own file only."""

    def __init__(self, data_dir: Path) -> None:
        self.folder = Path(data_dir) / "drafts"

    def path(self, username: str) -> Path:
        """The draft file of ``username``: the name itself when it is a plain file name (zhang.san),
        else a digest of it (so no account name can point outside the folder)."""
        key = username.strip().casefold()
        if not key:
            raise ValueError("a draft belongs to an account")
        if not _SAFE_NAME.match(key) or key in (".", ".."):
            key = "u-" + hashlib.sha256(key.encode("utf-8")).hexdigest()[:32]
        return self.folder / f"{key}.json"

    def save(self, username: str, draft: IntakeDraft) -> Path:
        """Write ``username``'s draft whole, atomically; an empty draft removes the file instead."""
        target = self.path(username)
        if draft.empty:
            self.delete(username)
            return target
        self.folder.mkdir(parents=True, exist_ok=True)
        stamped = replace(draft, saved_at=datetime.now().isoformat(timespec="seconds"))
        payload = json.dumps(stamped.to_json(), ensure_ascii=False, indent=1).encode("utf-8")
        from hallapp.store.files import write_bytes_whole

        write_bytes_whole(target, payload, mode=0o600)  # readable by its owner only
        return target

    def load(self, username: str) -> IntakeDraft | None:
        """``username``'s draft, or None (none kept, or damaged: a damaged file is set aside as .bad)."""
        target = self.path(username)
        try:
            raw = target.read_bytes()
        except FileNotFoundError:
            return None
        try:
            return IntakeDraft.from_json(json.loads(raw.decode("utf-8")))
        except (ValueError, UnicodeDecodeError):
            with contextlib.suppress(OSError):
                os.replace(target, target.with_suffix(".bad"))
            return None

    def delete(self, username: str) -> None:
        """Forget ``username``'s draft (the case was stored, or the clerk chose 放弃)."""
        with contextlib.suppress(FileNotFoundError):
            self.path(username).unlink()
