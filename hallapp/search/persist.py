"""Keep a built index on disk, so that a large catalogue's index loads in a fraction of its build time.

One ``.npz`` file (numpy's own container, no pickle) per catalogue revision, written atomically.
"""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np

from hallapp.search import grams
from hallapp.search.index import SearchIndex, _Department, _Sorted
from hallapp.search.packed import PackedStrings
from hallapp.store.files import written_whole

FORMAT = 2  # 2: the flags carry the incomplete mark (an older file is rebuilt, not read without it)
_TEXT_FIELDS = ("codes", "names", "name_keys", "code_keys", "initials", "pinyin", "pinyin_joined")
_POSTINGS = ("name1", "name2", "initials2", "initials3", "pinyin3", "pinyin_start2", "pinyin_start3", "code3")
_SORTED = {"names": "name_keys", "codes": "code_keys", "initials": "initials", "pinyin": "pinyin_joined"}
_SEP = "\x1e"
_SEP_BYTE = 0x1E  # never inside UTF-8 multi-byte sequences (all ≥ 0x80)


def _pack(values: list[str]) -> np.ndarray:
    return np.frombuffer(_SEP.join(values).encode("utf-8"), dtype=np.uint8)


def _unpack(array: np.ndarray, count: int) -> list[str]:
    if count == 0:
        return []
    return array.tobytes().decode("utf-8").split(_SEP)


def save(index: SearchIndex, path: Path) -> None:
    arrays: dict[str, np.ndarray] = {
        "format": np.array([FORMAT]),
        "revision": _pack([index.revision]),
        "matter_ids": index.matter_ids,
        "flags": index.flags,
        "department_of": index.department_of,
        "department_count": np.array([len(index.departments)]),
    }
    for name in _TEXT_FIELDS:
        arrays[f"text_{name}"] = _pack(getattr(index, name))
    for attribute in ("code", "name", "short_name", "initials", "pinyin"):
        arrays[f"department_{attribute}"] = _pack([getattr(d, attribute) for d in index.departments])
    for name in _POSTINGS:
        postings: grams.Postings = getattr(index, name)
        arrays[f"{name}_keys"] = postings.keys
        arrays[f"{name}_offsets"] = postings.offsets
        arrays[f"{name}_docs"] = postings.docs
    for name in _SORTED:
        arrays[f"sorted_{name}"] = getattr(index, f"_sorted_{name}").order
    path.parent.mkdir(parents=True, exist_ok=True)
    with written_whole(path) as temporary, open(temporary, "wb") as handle:  # a full disk: no .part left
        # numpy >= 2.2 refuses object arrays here; older ones store the flag as one more, unread member.
        np.savez(handle, allow_pickle=False, **arrays)
        handle.flush()
        os.fsync(handle.fileno())


def load(path: Path) -> SearchIndex:
    """The index saved at ``path``; raises ``ValueError`` when it is not one this version can read
    (another format, a truncated or damaged file), ``OSError`` when it cannot be read at all."""
    try:
        return _load(path)
    except (ValueError, OSError):
        raise
    except Exception as error:  # zipfile.BadZipFile, KeyError, EOFError …: a damaged file
        raise ValueError(f"search index {path} is damaged: {error}") from error


def _load(path: Path) -> SearchIndex:
    with np.load(path, allow_pickle=False) as data:
        if int(data["format"][0]) != FORMAT:
            raise ValueError(f"search index {path} has format {int(data['format'][0])}, expected {FORMAT}")
        index = SearchIndex.__new__(SearchIndex)
        index.matter_ids = data["matter_ids"]
        index.size = len(index.matter_ids)
        index.revision = _unpack(data["revision"], 1)[0]
        index.flags = data["flags"]
        index.department_of = data["department_of"]
        for name in _TEXT_FIELDS:
            setattr(index, name, PackedStrings.split(data[f"text_{name}"], _SEP_BYTE, index.size))
        count = int(data["department_count"][0])
        columns = [
            _unpack(data[f"department_{a}"], count)
            for a in ("code", "name", "short_name", "initials", "pinyin")
        ]
        index.departments = [
            _Department(
                code, name, short, initials, pinyin, np.flatnonzero(index.department_of == i).astype(np.int32)
            )
            for i, (code, name, short, initials, pinyin) in enumerate(zip(*columns, strict=True))
        ]
        for name in _POSTINGS:
            setattr(
                index,
                name,
                grams.Postings(data[f"{name}_keys"], data[f"{name}_offsets"], data[f"{name}_docs"]),
            )
        for name, field in _SORTED.items():
            setattr(index, f"_sorted_{name}", _Sorted(getattr(index, field), data[f"sorted_{name}"]))
    if any(len(getattr(index, name)) != index.size for name in _TEXT_FIELDS):
        raise ValueError(f"search index {path} is damaged")
    return index
