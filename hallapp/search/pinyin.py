"""Pinyin search keys of a matter name, computed once when the matter is stored.

A name gives two keys: its initials (创业培训补贴申领 → ``cypxbtsl``) and its syllables separated by
spaces (``chuang ye pei xun bu tie shen ling``). Letters and digits in a name stand for themselves;
any other character (brackets, dots, dashes) becomes ``|`` so that no search matches across it.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import unicodedata
from collections.abc import Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from functools import lru_cache
from typing import Any

BREAK = "|"
PARALLEL_FROM = 5_000  # names; fewer are done here sooner than a second process starts (~0.6 s)
# ... and characters: words are remembered (``_word_syllables``), so a catalogue whose names share their
# words takes ~1 s for 45,000 distinct names here; processes (each starting with nothing remembered) pay
# off only beyond about a million characters (100,000 distinct 25-character names: 8.8 s -> 6.9 s)
PARALLEL_CHARS = 1_000_000
_CHUNK = 2_000  # names sent to a worker at a time

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


@lru_cache(maxsize=1)
def _segmenter() -> Any:
    """pypinyin's own word segmenter, the one ``lazy_pinyin`` cuts a name with before reading each word."""
    _pypinyin()
    from pypinyin.converter import UltimateConverter
    from pypinyin.core import Pinyin

    return Pinyin(UltimateConverter(v_to_u=False))


@lru_cache(maxsize=65536)
def _word_syllables(word: str) -> tuple[str, ...]:
    pypinyin = _pypinyin()
    items = pypinyin.lazy_pinyin(word, style=pypinyin.Style.NORMAL, errors=_non_han, v_to_u=False)
    return tuple(item if item == BREAK else item.lower() for item in items)


def syllables(name: str) -> list[str]:
    """One token per character: a pinyin syllable, a letter or digit, or ``|``.

    pypinyin reads a name word by word (its segmenter's words: 企业 / 投资 / 项目 / 备案); the words recur
    from name to name, so each is read once and remembered: six times faster over a catalogue, and the
    same answer as reading the whole name (``lazy_pinyin`` converts each word on its own).
    """
    tokens: list[str] = []
    for word in _segmenter().seg(name):
        tokens.extend(_word_syllables(word))
    return tokens


def search_keys(name: str) -> tuple[str, str]:
    """(initials, spaced syllables) of a name."""
    tokens = syllables(name)
    initials = "".join(t[0] for t in tokens if t)
    return initials, " ".join(tokens)


def _keys_of(names: Sequence[str]) -> list[tuple[str, str]]:
    return [search_keys(name) for name in names]


def search_keys_many(names: Sequence[str], *, workers: int | None = None) -> list[tuple[str, str]]:
    """``[search_keys(n) for n in names]``, computed across processes when there are many names.

    This process works on the names too while the workers start; the answer is in the order given and
    the same as computed one by one (a name given many times is computed once). Few names (under ``PARALLEL_FROM`` or ``PARALLEL_CHARS``), ``workers`` 1, or processes
    that cannot be started: all are computed here.
    """
    names = list(names)
    unique = list(dict.fromkeys(names))
    if len(unique) < len(names):  # the same matter name in many offices: each name once
        by_name = dict(zip(unique, search_keys_many(unique, workers=workers), strict=True))
        return [by_name[name] for name in names]
    workers = (os.cpu_count() or 1) if workers is None else workers
    if len(names) < PARALLEL_FROM or workers < 2 or sum(map(len, names)) < PARALLEL_CHARS:
        return _keys_of(names)
    chunks = [names[start : start + _CHUNK] for start in range(0, len(names), _CHUNK)]
    done: list[list[tuple[str, str]] | None] = [None] * len(chunks)
    try:
        _across_processes(chunks, done, workers - 1)
    except Exception as error:  # noqa: BLE001 - no processes (frozen app, sandbox, broken pool): the rest here
        logging.getLogger(__name__).info("pinyin keys computed in one process: %s", type(error).__name__)
    keys: list[tuple[str, str]] = []
    for chunk, found in zip(chunks, done, strict=True):
        keys.extend(found if found is not None else _keys_of(chunk))
    return keys


def _across_processes(
    chunks: list[list[str]], done: list[list[tuple[str, str]] | None], helpers: int
) -> None:
    """Fill ``done`` chunk by chunk: ``helpers`` worker processes and this one take the next chunk in turn."""
    # not fork: the app runs Qt, and a forked copy of a process with Qt threads may hang on their locks
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("forkserver" if "forkserver" in methods else "spawn")
    _pypinyin()
    pending: dict[Future[list[tuple[str, str]]], int] = {}
    following = 0
    with ProcessPoolExecutor(max_workers=helpers, mp_context=context) as pool:
        while following < len(chunks) or pending:
            for future in [f for f in pending if f.done()]:
                done[pending.pop(future)] = future.result()
            while following < len(chunks) and len(pending) < 2 * helpers:
                pending[pool.submit(_keys_of, chunks[following])] = following
                following += 1
            if following < len(chunks):
                done[following] = _keys_of(chunks[following])
                following += 1
            elif pending:
                wait(pending, return_when=FIRST_COMPLETED)
