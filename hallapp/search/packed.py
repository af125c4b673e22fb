"""Many short strings held as one UTF-8 buffer with start offsets: a read-only sequence of ``str``.

A catalogue of 100,000 matters keeps seven text fields per matter for searching (name, code, their
normalised keys, initials, pinyin with and without spaces). As Python lists that is 700,000 ``str``
objects, about 56 MB; packed it is the text's own bytes and two offsets per string, about 15 MB. Reading
one decodes a few bytes (well under a microsecond), which is what a search does: a handful of bisection
steps and the verification of a few hundred candidates.
"""

from __future__ import annotations

from array import array
from collections.abc import Iterable, Sequence
from typing import overload

import numpy as np


class PackedStrings(Sequence[str]):
    """An immutable sequence of strings over one ``bytes`` buffer (``starts[i]:starts[i + 1]``)."""

    __slots__ = ("_data", "_starts")

    def __init__(self, data: bytes, starts: array) -> None:
        self._data = data
        self._starts = starts  # len(strings) + 1 offsets; the last one is len(data)

    @classmethod
    def of(cls, values: Iterable[str]) -> PackedStrings:
        encoded = [v.encode("utf-8") for v in values]
        starts = array("q", [0])
        total = 0
        for chunk in encoded:
            total += len(chunk)
            starts.append(total)
        return cls(b"".join(encoded), starts)

    @classmethod
    def split(cls, buffer: np.ndarray, separator: int, count: int) -> PackedStrings:
        """From ``count`` UTF-8 strings joined by the one-byte ``separator`` (as the index file stores
        them): the separators are dropped, the text is not decoded."""
        if count == 0:
            return cls(b"", array("q", [0]))
        raw = np.asarray(buffer, dtype=np.uint8)
        cuts = np.flatnonzero(raw == separator)
        if len(cuts) != count - 1:
            raise ValueError(f"expected {count} strings, found {len(cuts) + 1}")
        keep = np.ones(len(raw), dtype=bool)
        keep[cuts] = False
        ends = np.append(cuts, len(raw)) - np.arange(count)  # where each string ends once cuts are gone
        starts = array("q", [0])
        starts.extend(int(e) for e in ends)
        return cls(raw[keep].tobytes(), starts)

    def __len__(self) -> int:
        return len(self._starts) - 1

    @overload
    def __getitem__(self, index: int) -> str: ...
    @overload
    def __getitem__(self, index: slice) -> list[str]: ...
    def __getitem__(self, index: int | slice) -> str | list[str]:
        if index.__class__ is int and index >= 0:  # the search's hot path: one slice, one decode
            starts = self._starts
            return self._data[starts[index] : starts[index + 1]].decode()  # IndexError past the end
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        if not -len(self) <= index < 0:
            raise IndexError("PackedStrings index out of range")
        return self[index + len(self)]

    @property
    def nbytes(self) -> int:
        return len(self._data) + self._starts.itemsize * len(self._starts)


class Reordered(Sequence[str]):
    """``values`` seen in another order (``order[i]`` is the position in ``values``): a sorted view for
    bisection that keeps no strings of its own."""

    __slots__ = ("_order", "_values")

    def __init__(self, values: Sequence[str], order: np.ndarray) -> None:
        self._values = values
        self._order = array("l", order.tolist())

    def __len__(self) -> int:
        return len(self._order)

    @overload
    def __getitem__(self, index: int) -> str: ...
    @overload
    def __getitem__(self, index: slice) -> list[str]: ...
    def __getitem__(self, index: int | slice) -> str | list[str]:
        if index.__class__ is int:
            return self._values[self._order[index]]
        assert isinstance(index, slice)
        return [self[i] for i in range(*index.indices(len(self)))]
