"""Pinyin search keys of a matter name, computed once when the matter is stored.

A name gives two keys: its initials (创业培训补贴申领 → ``cypxbtsl``) and its syllables separated by
spaces (``chuang ye pei xun bu tie shen ling``). Letters and digits in a name stand for themselves;
any other character (brackets, dots, dashes) becomes ``|`` so that no search matches across it.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache
from typing import Any

BREAK = "|"

# Phrases pypinyin's dictionary reads wrongly in matter names; checked by tests/search/test_pinyin.py.
PINYIN_CORRECTIONS: dict[str, list[list[str]]] = {
    "家属": [["jiā"], ["shǔ"]],
    "长者": [["zhǎng"], ["zhě"]],
    "单位": [["dān"], ["wèi"]],
    "重新": [["chóng"], ["xīn"]],
    "参保": [["cān"], ["bǎo"]],
    "参加": [["cān"], ["jiā"]],
    "行政": [["xíng"], ["zhèng"]],
    "银行": [["yín"], ["háng"]],
    "调休": [["tiáo"], ["xiū"]],
    "抚恤": [["fǔ"], ["xù"]],
    "补贴": [["bǔ"], ["tiē"]],
}


@lru_cache(maxsize=1)
def _pypinyin() -> Any:
    import pypinyin  # costs ~0.4 s: only when a name is stored, never at start-up

    pypinyin.load_phrases_dict(PINYIN_CORRECTIONS)
    return pypinyin


def normalise_text(text: str) -> str:
    """Full-width to half-width, lower case, no surrounding spaces: what a clerk means by what they typed."""
    return unicodedata.normalize("NFKC", text).strip().lower()


def _non_han(chunk: str) -> list[str]:
    return [c if c.isascii() and c.isalnum() else BREAK for c in normalise_text(chunk) or BREAK]


def syllables(name: str) -> list[str]:
    """One token per character: a pinyin syllable, a letter or digit, or ``|``."""
    pypinyin = _pypinyin()
    tokens: list[str] = []
    for item in pypinyin.lazy_pinyin(name, style=pypinyin.Style.NORMAL, errors=_non_han, v_to_u=False):
        tokens.append(item if item == BREAK else item.lower())
    return tokens


def search_keys(name: str) -> tuple[str, str]:
    """(initials, spaced syllables) of a name."""
    tokens = syllables(name)
    initials = "".join(t[0] for t in tokens if t)
    return initials, " ".join(tokens)
