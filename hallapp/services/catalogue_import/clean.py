"""What real exports need cleaned before a guide can show them, and nothing more.

Platform exports are typed into web forms and pass through several systems: texts arrive with HTML
entities (sometimes encoded twice, ``&amp;lt;p&amp;gt;``), tags (<p>, <br>), non-breaking and full-width
spaces, invisible control characters; phone numbers with full-width digits and dashes; counts as "5",
5, "5.0", "" or "无". These functions take away the noise and keep the words; what they cannot read they
say in plain Chinese (``ValueError``) so that the reader can report it with its place.
"""

from __future__ import annotations

import html
import re
import unicodedata
from dataclasses import dataclass

from hallapp.domain.identity import check_credit_code
from hallapp.domain.text import unwanted_character

__all__ = [
    "IMPLEMENTATION_CODE_LENGTH",
    "Cleaned",
    "ImplementationCode",
    "clean_phone",
    "clean_text",
    "parse_count",
    "parse_implementation_code",
    "split_phones",
]

_MAX_UNESCAPE = 3  # &amp;amp;lt; is three layers; more is not an export but an attack or a loop
_BREAK_TAGS = re.compile(
    r"<\s*(?:br|/p|/div|/li|/tr|/h[1-6])\s*/?\s*>|<\s*(?:p|div|li|tr)(?:\s[^<>]*)?>", re.IGNORECASE
)
_TAG = re.compile(r"</?[a-zA-Z][a-zA-Z0-9]*(?:\s[^<>]*)?/?>|<!--.*?-->", re.DOTALL)
_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]+")
_PHONE_CHARS = str.maketrans(
    {
        **{chr(0xFF10 + d): str(d) for d in range(10)},  # full-width digits
        **{c: "-" for c in "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d"},
        "\uff08": "(",
        "\uff09": ")",
        "\uff0b": "+",
        "\u3000": " ",
        "\u00a0": " ",
    }
)
_AROUND_DASH = re.compile(r"\s*-\s*")
_AREA_CODE = re.compile(r"\(\s*(\d{3,4})\s*\)\s*")
_PHONE_SEPARATORS = re.compile(r"[；;，,、/\n]+")
_COUNT = re.compile(
    r"^(\d+)(?:\.0+)?\s*(?:份|个|件|页|张|次|天|日|个?工作日|个?自然日)?$",
)
_NONE_WORDS = frozenset({"无", "没有", "不需要", "不需", "/", "-", "—", "0份"})


@dataclass(frozen=True)
class Cleaned:
    """A cleaned text and the invisible characters taken out of it (by kind, in words: 看不见的控制字符)."""

    text: str
    removed: tuple[str, ...] = ()


_OTHER_ENTITY = re.compile(
    r"&(?!(?:amp|lt|gt|quot|nbsp|#39);)(?:#[0-9]+|#[xX][0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);?"
)


def _unescape_once(text: str) -> str:
    if _OTHER_ENTITY.search(text):
        return html.unescape(text)
    # the five entities of nearly every export, a layer at a time (&amp;lt; gives &lt;), without the
    # regular-expression callback of html.unescape that costs a microsecond an entity
    return (
        text.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", '"')
        .replace("&#39;", "'")
        .replace("&nbsp;", "\u00a0")
        .replace("&amp;", "&")
    )


def _unescape(text: str) -> str:
    for _ in range(_MAX_UNESCAPE):
        if "&" not in text:
            break
        plain = _unescape_once(text)
        if plain == text:
            break
        text = plain
    return text


def clean_text(raw: str, *, multiline: bool = True) -> Cleaned:
    """``raw`` as a guide shows it: entities decoded (also twice encoded), tags dropped, spaces tidied.

    <br> and paragraph tags become line breaks (one line when ``multiline`` is false); runs of spaces
    (also non-breaking and full-width ones) become one space; lines are trimmed and empty lines dropped.
    Invisible characters (control and format characters, direction overrides, zero-width spaces) are
    taken out and named in ``removed`` so the import can say it did so.
    """
    if raw.isprintable() and "&" not in raw and "<" not in raw and "  " not in raw and raw == raw.strip():
        return Cleaned(raw)  # the usual case: nothing to clean
    text = _unescape(raw)
    if "<" in text:
        text = _BREAK_TAGS.sub("\n", text)
        text = _TAG.sub("", text)
        text = _unescape(text)  # entities inside what was markup: <p>A&amp;B</p> encoded twice
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n").replace("\u2029", "\n")
    removed: dict[str, None] = {}
    lines = []
    for line in text.split("\n"):
        if not line.isprintable():  # rare: only then look at each character (full-width space, tab …)
            kept = []
            for char in line:
                kind = None if char == "\t" else unwanted_character(char)
                if kind is None:
                    kept.append(char)
                else:
                    removed[kind] = None
            line = "".join(kept)
        if "  " in line or not line.isprintable():
            line = _SPACES.sub(" ", line)
        line = line.strip()
        if line:
            lines.append(line)
    return Cleaned(("\n" if multiline else " ").join(lines), tuple(removed))


def clean_phone(raw: str) -> str:
    """A phone number as dialled: ０７５５－１２３４５６７８ → 0755-12345678, spaces around dashes gone."""
    text = _unescape(raw).translate(_PHONE_CHARS)
    if " " in text:
        text = _AROUND_DASH.sub("-", text)
    if "(" in text:
        text = _AREA_CODE.sub(r"\1-", text)  # (0755)12345678
    return " ".join(text.split())


def split_phones(raw: str) -> tuple[str, ...]:
    """The phone numbers of a field that lists several (咨询电话：0755-1234567；12345), each cleaned."""
    pieces = (clean_phone(piece) for piece in _PHONE_SEPARATORS.split(clean_text(raw).text))
    return tuple(dict.fromkeys(piece for piece in pieces if piece))


def parse_count(raw: object) -> int | None:
    """A whole number as exports write it: 5, "5", "5.0", "5份", "20个工作日"; None when not given ("").

    "无" (none) and its kind count as 0. Raises ``ValueError`` with the reason in words for anything
    else (a negative number, a fraction, words).
    """
    if raw is None:
        return None
    if isinstance(raw, bool):
        raise ValueError("应为数字，不是是/否")  # noqa: TRY004 - one error for every unreadable value
    if isinstance(raw, int):
        if raw < 0:
            raise ValueError("不能为负数")
        return raw
    if isinstance(raw, float):
        if not raw.is_integer():
            raise ValueError("应为整数")
        if raw < 0:
            raise ValueError("不能为负数")
        return int(raw)
    if not isinstance(raw, str):
        raise ValueError("应为数字")  # noqa: TRY004 - one error for every unreadable value
    text = unicodedata.normalize("NFKC", raw).strip()
    if not text:
        return None
    if text in _NONE_WORDS:
        return 0
    match = _COUNT.match(text)
    if match is None:
        if text.startswith("-") and text[1:].replace(".", "", 1).isdigit():
            raise ValueError("不能为负数")
        raise ValueError("应为整数")
    return int(match.group(1))


IMPLEMENTATION_CODE_LENGTH = 31  # credit code 18 + level 1 + basic code 12


@dataclass(frozen=True)
class ImplementationCode:
    """事项实施编码, split into its parts; ``full`` is kept as the matter's code.

    The body's unified social credit code (18), the level (行使层级, 1) and the 12-character basic code
    (基本编码) make 31 characters; a 业务办理项 (one way of handling the matter) adds a suffix.
    """

    full: str
    credit_code: str
    level: str
    basic_code: str
    suffix: str = ""

    @property
    def implementation_code(self) -> str:
        """The 31 characters without the 业务办理项 suffix."""
        return self.credit_code + self.level + self.basic_code

    @property
    def credit_code_valid(self) -> bool:
        return check_credit_code(self.credit_code).ok


def parse_implementation_code(raw: str) -> ImplementationCode | None:
    """The parts of a 实施编码 of 31 or more characters; None for a shorter or other code (kept opaque)."""
    full = unicodedata.normalize("NFKC", raw).strip().upper()
    body = full[:IMPLEMENTATION_CODE_LENGTH]
    if len(body) < IMPLEMENTATION_CODE_LENGTH or not body.isascii() or not body.isalnum():
        return None
    suffix = full[IMPLEMENTATION_CODE_LENGTH:].lstrip("-_ .")
    if suffix and not (suffix.isascii() and suffix.replace("-", "").isalnum()):
        return None
    return ImplementationCode(
        full=full, credit_code=body[:18], level=body[18], basic_code=body[19:], suffix=suffix
    )
