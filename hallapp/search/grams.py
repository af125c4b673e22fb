"""Posting lists of character n-grams, built with numpy in one pass over a field of all documents.

Documents are numbered by rank (0 = shown first), and every posting list is sorted, so the first
documents of a list are also the best ranked: a search can stop as soon as it has enough.

A gram is encoded as one int64: up to three code points of 21 bits each. Grams never span a document
boundary or a break character.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

BITS = 21
SEPARATOR = 0x1F  # between documents in the flat array; never part of a gram
EMPTY = np.zeros(0, dtype=np.int32)


def encode(gram: str) -> int:
    value = 0
    for char in gram:
        value = (value << BITS) | ord(char)
    return value


def flatten(texts: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """(code points, document number) of every character, with a separator after each document."""
    joined = "".join(text + "\x1f" for text in texts)  # nothing at all for no documents
    points = np.frombuffer(joined.encode("utf-32-le"), dtype=np.uint32).astype(np.int64)
    lengths = np.fromiter((len(t) + 1 for t in texts), dtype=np.int64, count=len(texts))
    docs = np.repeat(np.arange(len(texts), dtype=np.int32), lengths)
    return points, docs


@dataclass
class Postings:
    """Sorted gram keys, and for each the sorted documents holding it (CSR layout)."""

    keys: np.ndarray  # int64, sorted, unique
    offsets: np.ndarray  # int64, len(keys) + 1
    docs: np.ndarray  # int32

    @classmethod
    def build(
        cls,
        points: np.ndarray,
        docs: np.ndarray,
        n: int,
        breaks: tuple[int, ...] = (),
        starts: np.ndarray | None = None,
    ) -> Postings:
        """Index every n-gram of the flat text; with ``starts``, only those beginning where it is True."""
        size = len(points) - n + 1
        if size <= 0:
            return cls(np.zeros(0, np.int64), np.zeros(1, np.int64), EMPTY)
        bad = points == SEPARATOR
        for char in breaks:
            bad |= points == char
        valid = np.ones(size, dtype=bool)
        key = np.zeros(size, dtype=np.int64)
        for i in range(n):
            valid &= ~bad[i : i + size]
            key = (key << BITS) | points[i : i + size]
        if starts is not None:
            valid &= starts[:size]
        key = key[valid]
        doc = docs[:size][valid]
        order = np.argsort(key, kind="stable")  # stable: documents stay ascending within a gram
        key = key[order]
        doc = doc[order]
        if len(key):
            keep = np.ones(len(key), dtype=bool)
            keep[1:] = (key[1:] != key[:-1]) | (doc[1:] != doc[:-1])
            key = key[keep]
            doc = doc[keep]
        unique, first = np.unique(key, return_index=True)
        offsets = np.append(first, len(key)).astype(np.int64)
        return cls(unique, offsets, doc.astype(np.int32))

    def get(self, gram: str) -> np.ndarray:
        """The documents holding ``gram``, best ranked first (empty if none)."""
        code = encode(gram)
        i = int(np.searchsorted(self.keys, code))
        if i >= len(self.keys) or self.keys[i] != code:
            return EMPTY
        return self.docs[self.offsets[i] : self.offsets[i + 1]]

    @property
    def nbytes(self) -> int:
        return int(self.keys.nbytes + self.offsets.nbytes + self.docs.nbytes)


def intersect(lists: list[np.ndarray], universe: int) -> np.ndarray:
    """Documents present in every list (each sorted), in ascending order."""
    if not lists:
        return EMPTY
    lists = sorted(lists, key=len)
    result = lists[0]
    for other in lists[1:]:
        if not len(result):
            break
        mask = np.zeros(universe, dtype=bool)
        mask[other] = True
        result = result[mask[result]]
    return result
