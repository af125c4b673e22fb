"""Whether a line of text typed or pasted at the counter may be stored, printed and exchanged.

What comes in is often pasted from a web page, a chat message or a scanned PDF, and brings characters
nobody sees: a right-to-left override (U+202E) that turns 有限公司 around on the receipt, a zero-width
space that makes two identical names different, a NUL that the database or the printer refuses, a
newline that breaks the receipt's table. They are refused before anything is stored, with the field, the
position and the code point in words, so the clerk can find the character that cannot be seen.

Too long a value is refused the same way, counted in characters against the limit of the database
column: otherwise SQLite stores it and PostgreSQL answers with an error nobody at the counter can read.
"""

from __future__ import annotations

import unicodedata

__all__ = [
    "NAME_MAX_LENGTH",
    "NOTE_MAX_LENGTH",
    "PERSON_MAX_LENGTH",
    "PHONE_MAX_LENGTH",
    "text_problems",
    "unwanted_character",
]

# The limits of the columns that hold what is typed at intake (hallapp/store/case_models.py).
NAME_MAX_LENGTH = 200  # Applicant.name, Case.applicant_name: a person's or an organisation's name
PERSON_MAX_LENGTH = 100  # Applicant.legal_representative, Applicant.contact_name, Case.agent_name
PHONE_MAX_LENGTH = 40  # Applicant.phone, Case.applicant_phone, Case.agent_phone
NOTE_MAX_LENGTH = 500  # Case.note has no limit; a note longer than this is not a note

_SHOWN = 3  # kinds of offending characters, and places of each, named one by one; the rest are counted

_LINE_BREAKS = frozenset("\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029")
_DIRECTION = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
_ZERO_WIDTH = frozenset("\u180e\u200b\u200c\u200d\u2060\ufeff")

# Blocks of Chinese characters. Python's own Unicode tables may be older than the national standard's
# (Python 3.11 knows Unicode 14, without Extension H): a rare character of a newer extension is a real
# name, not an unassigned code point.
_IDEOGRAPH_BLOCKS = (
    (0x3400, 0x4DBF),  # Extension A
    (0x4E00, 0x9FFF),  # Unified ideographs
    (0x20000, 0x2FA1F),  # Extensions B–F, I and the compatibility supplement
    (0x30000, 0x323AF),  # Extensions G, H
)


def _in_ideograph_block(code: int) -> bool:
    return any(low <= code <= high for low, high in _IDEOGRAPH_BLOCKS)


def unwanted_character(char: str) -> str | None:
    """What ``char`` is, in words, when it may not be stored in a one-line field; None when it may.

    Refused: line breaks and tabs (a field is one line on every document), control and format characters
    that nobody sees (Unicode categories Cc and Cf: NUL, direction overrides, zero-width characters, the
    soft hyphen …), halves of a broken character (Cs), self-made characters of a private font (Co, which
    no other computer and no printer font shows) and code points Unicode has not assigned (Cn).
    Ordinary spaces, also the full-width space, are allowed: names and addresses have them.
    """
    if char in _LINE_BREAKS:
        return "换行符"
    if char == "\t":
        return "制表符"
    if char == "\x00":
        return "空字符"
    if char in _DIRECTION:
        return "看不见的文字方向控制符"
    if char in _ZERO_WIDTH:
        return "看不见的零宽字符"
    category = unicodedata.category(char)
    if category in ("Cc", "Cf"):
        return "看不见的控制字符"
    if category == "Cs":
        return "残缺的字符"
    if category == "Co":
        return "打印时无法显示的自造字"
    if category == "Cn" and not _in_ideograph_block(ord(char)):
        return "本系统不认识的字符"
    return None


def text_problems(label: str, value: str, *, max_length: int) -> list[str]:
    """Everything that forbids storing ``value`` as the field ``label``; an empty list means it may be.

    The value is judged as it will be stored: trimmed of leading and trailing spaces and line breaks,
    which are dropped, not refused. What is left may have at most ``max_length`` characters (a rare
    character outside the Basic Multilingual Plane, such as 𠮷, counts as one) and none of the characters
    ``unwanted_character`` refuses. Positions are counted as typed, from the first character of the field,
    so that the clerk finds the character where the cursor goes. An empty value has no problems here:
    whether the field may be empty is the caller's rule.
    """
    stored = value.strip()
    problems: list[str] = []
    if len(stored) > max_length:
        problems.append(f"{label}不能超过 {max_length} 个字符，现为 {len(stored)} 个字符")
    lead = len(value) - len(value.lstrip())
    found: dict[tuple[str, str], list[int]] = {}  # the same character at several places is named once
    for index, char in enumerate(stored):
        kind = unwanted_character(char)
        if kind is not None:
            found.setdefault((char, kind), []).append(lead + index + 1)
    if found:
        groups = list(found.items())
        named = "，".join(
            f"第 {_positions(positions)} 个字符是{kind}（U+{ord(char):04X}）"
            for (char, kind), positions in groups[:_SHOWN]
        )
        rest = sum(len(positions) for _, positions in groups[_SHOWN:])
        more = f"，另有 {rest} 个这样的字符" if rest else ""
        problems.append(f"{label}{named}{more}，请删除后重新输入")
    return problems


def _positions(positions: list[int]) -> str:
    shown = "、".join(str(p) for p in positions[:_SHOWN])
    return shown if len(positions) <= _SHOWN else f"{shown} 等 {len(positions)}"
