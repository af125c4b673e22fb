"""The content hash a stored matter is compared by, so that an import finds what changed without reading
the stored guides back.

The hash is of a flat text of the guide's values (``2:`` and 62 hex digits): a quarter of the time of
hashing the guide's ``repr``, which mattered at 100,000 matters. Matters stored before carry the older
hash of the ``repr`` (64 hex digits): ``same_content`` recognises both, so upgrading never makes every
matter look changed.
"""

from __future__ import annotations

import hashlib

from hallapp.domain.catalogue import Guide

__all__ = ["Hashes", "content_hash", "legacy_hash", "same_content"]

_PREFIX = "2:"
_FIELD = "\x1f"
_RECORD = "\x1e"


def legacy_hash(guide: Guide) -> str:
    return hashlib.sha256(repr(guide).encode("utf-8")).hexdigest()


def _legacy_content_hash(guide: Guide, incomplete: bool) -> str:
    if not incomplete:
        return legacy_hash(guide)
    return hashlib.sha256(f"{guide!r}\0incomplete".encode("utf-8", "surrogatepass")).hexdigest()


def _text(guide: Guide, incomplete: bool) -> str:
    d = guide.department
    parts = [
        guide.code,
        guide.name,
        d.code,
        d.name,
        d.short_name,
        d.credit_code,
        guide.matter_type.value,
        ",".join(guide.applicant_types),
        guide.legal_basis,
        guide.conditions,
        guide.procedure,
        f"{guide.statutory_limit_days},{guide.promised_limit_days},{guide.visits},{guide.max_deferred}",
        f"{guide.on_the_spot:d}{guide.deferrable:d}{guide.instant_approval:d}{guide.delegated:d}{incomplete:d}",
        guide.fees,
        guide.place,
        guide.windows,
        guide.hours,
        "\n".join(guide.phones),
        guide.online_url,
    ]
    for m in guide.materials:
        parts.append(_RECORD)
        parts += (
            m.name,
            f"{m.originals},{m.copies},{m.required:d}{m.deferrable:d},{m.original_handling.value}",
            m.source,
            m.licence_type_code or "",
            m.licence_type_name or "",
            m.notes,
            "" if m.when is None else "=" + m.when,
            "" if m.when_not is None else "=" + m.when_not,
            ",".join(m.owner),
        )
    for s in guide.situations:
        parts += (_RECORD, s.code, s.question)
    return _FIELD.join(parts)


def content_hash(guide: Guide, incomplete: bool = False) -> str:
    """What a stored matter is compared by: its guide, and whether it still waits to be completed.

    An import's kept fields (``extras``) are not part of it: they never change what a counter shows or
    an applicant is told, so they are stored without making a new version of the guide.
    """
    text = _text(guide, incomplete).encode("utf-8", "surrogatepass")
    return _PREFIX + hashlib.blake2b(text, digest_size=31).hexdigest()


def same_content(stored: str, guide: Guide, incomplete: bool = False) -> bool:
    """Whether a stored hash (of either kind) is this guide's."""
    if stored.startswith(_PREFIX):
        return stored == content_hash(guide, incomplete)
    return stored == _legacy_content_hash(guide, incomplete)


class Hashes:
    """The content hashes of one import's guides, each computed once: by the preview's comparison, then
    reused when the same guide objects are stored."""

    def __init__(self) -> None:
        self._known: dict[str, tuple[Guide, bool, str]] = {}

    def of(self, guide: Guide, incomplete: bool = False) -> str:
        known = self._known.get(guide.code)
        if known is not None and known[0] is guide and known[1] == incomplete:
            return known[2]
        value = content_hash(guide, incomplete)
        self._known[guide.code] = (guide, incomplete, value)
        return value

    def same(self, stored: str, guide: Guide, incomplete: bool = False) -> bool:
        if stored.startswith(_PREFIX):
            return stored == self.of(guide, incomplete)
        return stored == _legacy_content_hash(guide, incomplete)
