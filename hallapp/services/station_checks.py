"""Checks of this PC's settings that are about text, not meaning: no control, direction or other
invisible character in a value (``text_problem``), a service's address that parses (``url_problems``),
and a value made safe to show on a console or in a warning (``shown``)."""

from __future__ import annotations

import ipaddress
import re
import unicodedata
import urllib.parse

URL_MAX = 500
SHOWN_MAX = 60  # characters of a value quoted in a warning or on the console


def shown(text: str, limit: int = SHOWN_MAX) -> str:
    """``text`` safe to show: control, direction and other invisible characters written as escapes
    (``\\x1b``, ``\\u202e``), and cut to ``limit`` characters with "…" (a terminal is never cleared, a
    line never reversed, a 5,000-character value never echoed whole)."""
    pieces = [char if char.isprintable() else char.encode("unicode_escape").decode("ascii") for char in text]
    if sum(map(len, pieces)) <= limit:
        return "".join(pieces)
    kept, size = [], 0
    for piece in pieces:
        if size + len(piece) > limit - 1:
            break
        kept.append(piece)
        size += len(piece)
    return "".join(kept) + "…"


def text_problem(label: str, value: str) -> str | None:
    """Why ``value`` may not be kept (a control, format or other unprintable character), or None.

    Direction overrides (U+202A–202E, U+2066–2069) and zero-width characters would scramble the window
    number on the facing screen or reverse an address in the settings dialog; an escape character sent
    to a terminal clears it.
    """
    for position, char in enumerate(value, start=1):
        if not char.isprintable() or unicodedata.category(char) in ("Cc", "Cf"):
            return (
                f"{label}应不含控制字符、方向控制符等不可见字符（第 {position} 个字符为 U+{ord(char):04X}）"
            )
    return None


def url_problems(label: str, url: str, schemes: tuple[str, ...], wrong_scheme: str) -> list[str]:
    """What is wrong with a service's address, in words: too long, unprintable characters, not
    ``scheme://host[:port]/…`` with one of ``schemes``, a port that is no number, a host name that
    cannot be a domain name (IDNA)."""
    if len(url) > URL_MAX:
        return [f"{label}最多 {URL_MAX} 个字符"]
    if (problem := text_problem(label, url)) is not None:
        return [problem]
    if not re.fullmatch(rf"(?:{'|'.join(schemes)})://\S+", url):
        return [wrong_scheme]
    try:
        parts = urllib.parse.urlsplit(url)
        parts.port  # noqa: B018 - raises ValueError for a port that is no number or out of range
    except ValueError:
        return [f"{label}无法识别（端口号或 IPv6 地址有误）：{shown(url)}"]
    host = parts.hostname or ""
    if not host:
        return [f"{label}缺少服务器的主机名或 IP 地址，例如 {schemes[0]}://192.168.1.20:8080/"]
    try:
        ipaddress.ip_address(host)
    except ValueError:
        try:
            host.encode("idna")
        except UnicodeError:
            return [f"{label}中的主机名「{shown(host)}」不是有效的域名，请检查拼写（不能有空段或过长的段）"]
    return []
