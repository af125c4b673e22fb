"""The catalogue's search index: every query class answers in about a millisecond at 100,000 matters.

Matters are numbered by rank (shorter names first, then in pinyin order), so that within each match class the first
documents found are the ones to show. Match classes, best first:

1. the name equals, then starts with, the query;
2. the matter code starts with it; the pinyin initials or the full pinyin start with it;
3. the name contains it (character uni- and bigram postings, then a check of the real text);
4. the initials contain it, or the full pinyin contains it from a syllable boundary;
5. the code contains it;
6. the department's name or pinyin matches it: that department's matters.

A class is only searched while the result list is not full, so short queries stop early.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from enum import IntEnum

import numpy as np

from hallapp.domain.search import IndexRecord, SearchFilter, SearchHit
from hallapp.search import grams
from hallapp.search.packed import PackedStrings, Reordered
from hallapp.search.pinyin import BREAK, normalise_text

HIGH = "\U0010ffff"


class Match(IntEnum):
    NAME_EXACT = 0
    NAME_PREFIX = 1
    CODE_PREFIX = 2
    PINYIN_PREFIX = 3
    NAME_CONTAINS = 4
    PINYIN_CONTAINS = 5
    CODE_CONTAINS = 6
    DEPARTMENT = 7


MATCH_LABELS = {
    Match.NAME_EXACT: "名称",
    Match.NAME_PREFIX: "名称",
    Match.CODE_PREFIX: "编码",
    Match.PINYIN_PREFIX: "拼音",
    Match.NAME_CONTAINS: "名称",
    Match.PINYIN_CONTAINS: "拼音",
    Match.CODE_CONTAINS: "编码",
    Match.DEPARTMENT: "部门",
}

FLAG_DEFERRABLE, FLAG_INSTANT, FLAG_DELEGATED, FLAG_BUNDLE, FLAG_INCOMPLETE = 1, 2, 4, 8, 16


def pinyin_boundaries(spaced: str) -> np.ndarray:
    """For each letter of the joined pinyin, whether a syllable starts there."""
    starts: list[bool] = []
    for token in spaced.split(" "):
        if token:
            starts.append(True)
            starts.extend([False] * (len(token) - 1))
    return np.array(starts, dtype=bool)


def _starts_at_boundary(query: str, spaced: str) -> bool:
    joined = spaced.replace(" ", "")
    position = joined.find(query)
    if position < 0:
        return False
    offsets = set()
    total = 0
    for token in spaced.split(" "):
        offsets.add(total)
        total += len(token)
    while position >= 0:
        if position in offsets:
            return True
        position = joined.find(query, position + 1)
    return False


class _Sorted:
    """A field's values in sorted order, for prefix ranges by bisection."""

    def __init__(self, values: Sequence[str], order: np.ndarray | None = None) -> None:
        if order is None:
            order = np.array(sorted(range(len(values)), key=values.__getitem__), dtype=np.int32)
        self.order = order
        self.values = Reordered(values, order)

    def range(self, prefix: str, exact: bool = False) -> np.ndarray:
        lo = bisect.bisect_left(self.values, prefix)
        hi = (
            bisect.bisect_right(self.values, prefix)
            if exact
            else bisect.bisect_left(self.values, prefix + HIGH, lo)
        )
        return self.order[lo:hi]


@dataclass
class _Department:
    code: str
    name: str
    short_name: str
    initials: str
    pinyin: str
    docs: np.ndarray


TEXT_FIELDS = ("codes", "names", "name_keys", "code_keys", "initials", "pinyin", "pinyin_joined")
SORTED_FIELDS = {
    "names": "name_keys",
    "codes": "code_keys",
    "initials": "initials",
    "pinyin": "pinyin_joined",
}


class SearchIndex:
    """Built from ``IndexRecord``s (``build``) or loaded from disk (``hallapp.search.persist``)."""

    def __init__(self, records: list[IndexRecord], departments: list[_Department] | None = None) -> None:
        records = sorted(records, key=lambda r: (len(r.name), r.pinyin, r.code))
        self.revision = ""
        self.size = len(records)
        self.matter_ids = np.array([r.matter_id for r in records], dtype=np.int64)
        self.codes = [r.code for r in records]
        self.names = [r.name for r in records]
        self.name_keys = [normalise_text(r.name) for r in records]
        self.code_keys = [r.code.lower() for r in records]
        self.initials = [r.initials for r in records]
        self.pinyin = [r.pinyin for r in records]
        self.pinyin_joined = [p.replace(" ", "") for p in self.pinyin]
        self.flags = np.array(
            [
                (FLAG_DEFERRABLE if r.deferrable else 0)
                | (FLAG_INSTANT if r.instant_approval else 0)
                | (FLAG_DELEGATED if r.delegated else 0)
                | (FLAG_BUNDLE if r.kind == "bundle" else 0)
                | (FLAG_INCOMPLETE if r.incomplete else 0)
                for r in records
            ],
            dtype=np.uint8,
        )
        department_codes = sorted({r.department_code for r in records})
        position = {code: i for i, code in enumerate(department_codes)}
        self.department_of = np.array([position[r.department_code] for r in records], dtype=np.int32)
        first = {r.department_code: r for r in reversed(records)}
        self.departments = departments or [
            _Department(
                code=code,
                name=first[code].department_name,
                short_name=first[code].department_short_name,
                initials=first[code].department_initials,
                pinyin=first[code].department_pinyin,
                docs=np.flatnonzero(self.department_of == i).astype(np.int32),
            )
            for i, code in enumerate(department_codes)
        ]
        self._build_postings()
        self._pack_texts()

    def _pack_texts(self) -> None:
        """Keep the text fields packed (see ``packed``): a fraction of the memory of lists of str."""
        for name in TEXT_FIELDS:
            setattr(self, name, PackedStrings.of(getattr(self, name)))
        for name, field in SORTED_FIELDS.items():
            sorted_view = getattr(self, f"_sorted_{name}")
            setattr(self, f"_sorted_{name}", _Sorted(getattr(self, field), sorted_view.order))

    def _build_postings(self) -> None:
        build = grams.Postings.build
        points, docs = grams.flatten(self.name_keys)
        self.name1 = build(points, docs, 1)
        self.name2 = build(points, docs, 2)
        points, docs = grams.flatten(self.initials)
        brk = (ord(BREAK),)
        self.initials2 = build(points, docs, 2, brk)
        self.initials3 = build(points, docs, 3, brk)
        points, docs = grams.flatten(self.pinyin_joined)
        starts = (
            np.concatenate([np.append(pinyin_boundaries(p), False) for p in self.pinyin])
            if self.size
            else None
        )
        self.pinyin3 = build(points, docs, 3, brk)
        self.pinyin_start2 = build(points, docs, 2, brk, starts)
        self.pinyin_start3 = build(points, docs, 3, brk, starts)
        points, docs = grams.flatten(self.code_keys)
        self.code3 = build(points, docs, 3)
        self._sorted_names = _Sorted(self.name_keys)
        self._sorted_codes = _Sorted(self.code_keys)
        self._sorted_initials = _Sorted(self.initials)
        self._sorted_pinyin = _Sorted(self.pinyin_joined)

    @classmethod
    def build(cls, records: Iterable[IndexRecord]) -> SearchIndex:
        return cls(list(records))

    @property
    def bundle_count(self) -> int:
        """How many of the indexed entries are life-event bundles (the rest are matters)."""
        return int(np.count_nonzero(self.flags & FLAG_BUNDLE))

    @property
    def nbytes(self) -> int:
        postings = (
            self.name1,
            self.name2,
            self.initials2,
            self.initials3,
            self.pinyin3,
            self.pinyin_start2,
            self.pinyin_start3,
            self.code3,
        )
        return sum(p.nbytes for p in postings)

    # -- searching ---------------------------------------------------------------------------------

    def _allowed(self, search_filter: SearchFilter | None) -> np.ndarray | None:
        if search_filter is None or search_filter.is_empty:
            return None
        mask = np.ones(self.size, dtype=bool)
        if search_filter.department_code is not None:
            wanted = [i for i, d in enumerate(self.departments) if d.code == search_filter.department_code]
            mask &= np.isin(self.department_of, wanted)
        for wanted_flag, bit in (
            (search_filter.deferrable, FLAG_DEFERRABLE),
            (search_filter.instant_approval, FLAG_INSTANT),
            (search_filter.delegated, FLAG_DELEGATED),
        ):
            if wanted_flag:
                mask &= (self.flags & bit) != 0
        return mask

    def search(
        self, query: str, search_filter: SearchFilter | None = None, limit: int = 50
    ) -> list[SearchHit]:
        """The best ``limit`` matters for what the clerk typed, best first."""
        q = "".join(normalise_text(query).split())
        allowed = self._allowed(search_filter)
        found: dict[int, Match] = {}

        def best(docs: np.ndarray, ordered: bool) -> np.ndarray:
            """The best-ranked 2 × limit of ``docs`` (enough even when up to ``limit`` are already found)."""
            if allowed is not None and len(docs):
                docs = docs[allowed[docs]]
            keep = 2 * limit
            if ordered or len(docs) <= keep:
                return docs[:keep] if ordered else np.sort(docs)
            return np.sort(np.partition(docs, keep - 1)[:keep])

        def take(docs: np.ndarray | tuple[np.ndarray, ...], match: Match, ordered: bool = True) -> bool:
            if isinstance(docs, tuple):  # several lists of one match class: merge their best only
                docs = np.unique(np.concatenate([best(d, ordered) for d in docs]))
            else:
                docs = best(docs, ordered)
            for doc in docs.tolist():
                found.setdefault(doc, match)
                if len(found) >= limit:
                    return True
            return False

        def verified(candidates: np.ndarray, check: Callable[[int], bool], match: Match) -> bool:
            if allowed is not None and len(candidates):
                candidates = candidates[allowed[candidates]]
            for start in range(0, len(candidates), 64):
                chunk = candidates[start : start + 64].tolist()
                if take(np.array([d for d in chunk if d not in found and check(d)], dtype=np.int32), match):
                    return True
            return False

        if not q:
            if allowed is None:
                take(np.arange(min(limit, self.size), dtype=np.int32), Match.NAME_PREFIX)
            else:
                take(np.flatnonzero(allowed).astype(np.int32), Match.NAME_PREFIX)
            return self._hits(found)

        full = take(self._sorted_names.range(q, exact=True), Match.NAME_EXACT, ordered=False) or take(
            self._sorted_names.range(q), Match.NAME_PREFIX, ordered=False
        )
        latin = q.isascii() and q.replace("-", "").isalnum()
        if not full and latin:
            full = take(self._sorted_codes.range(q), Match.CODE_PREFIX, ordered=False) or take(
                (self._sorted_initials.range(q), self._sorted_pinyin.range(q)),
                Match.PINYIN_PREFIX,
                ordered=False,
            )
        if not full:
            full = self._name_contains(q, take, verified)
        if not full and latin:
            full = self._pinyin_contains(q, take, verified) or self._code_contains(q, verified)
        if not full:
            self._department_matches(q, take)
        return self._hits(found)

    def _name_contains(self, q: str, take: Callable[..., bool], verified: Callable[..., bool]) -> bool:
        if len(q) == 1:
            return take(self.name1.get(q), Match.NAME_CONTAINS)
        if len(q) == 2:
            return take(self.name2.get(q), Match.NAME_CONTAINS)
        pairs = [self.name2.get(q[i : i + 2]) for i in range(len(q) - 1)]
        candidates = grams.intersect(sorted(pairs, key=len)[:3], self.size)
        keys = self.name_keys
        return verified(candidates, lambda d: q in keys[d], Match.NAME_CONTAINS)

    def _pinyin_contains(self, q: str, take: Callable[..., bool], verified: Callable[..., bool]) -> bool:
        if len(q) < 2:
            return False
        if len(q) == 2:
            return take((self.initials2.get(q), self.pinyin_start2.get(q)), Match.PINYIN_CONTAINS)
        initials = self.initials
        triples = [self.initials3.get(q[i : i + 3]) for i in range(len(q) - 2)]
        if len(q) == 3:
            done = take(triples[0], Match.PINYIN_CONTAINS)
        else:
            candidates = grams.intersect(sorted(triples, key=len)[:3], self.size)
            done = verified(candidates, lambda d: q in initials[d], Match.PINYIN_CONTAINS)
        if done:
            return True
        lists = [self.pinyin_start3.get(q[:3])] + [
            self.pinyin3.get(q[i : i + 3]) for i in range(1, len(q) - 2)
        ]
        candidates = grams.intersect(sorted(lists, key=len)[:3], self.size)
        spaced = self.pinyin
        if len(q) == 3:
            return take(candidates, Match.PINYIN_CONTAINS)
        return verified(candidates, lambda d: _starts_at_boundary(q, spaced[d]), Match.PINYIN_CONTAINS)

    def _code_contains(self, q: str, verified: Callable[..., bool]) -> bool:
        if len(q) < 3:
            return False
        lists = [self.code3.get(q[i : i + 3]) for i in range(len(q) - 2)]
        candidates = grams.intersect(sorted(lists, key=len)[:3], self.size)
        keys = self.code_keys
        return verified(candidates, lambda d: q in keys[d], Match.CODE_CONTAINS)

    def _department_matches(self, q: str, take: Callable[..., bool]) -> bool:
        docs = [
            d.docs
            for d in self.departments
            if q in normalise_text(d.short_name)
            or (q.isascii() and len(q) >= 2 and (q in d.initials or _starts_at_boundary(q, d.pinyin)))
        ]
        if not docs:
            return False
        return take(np.unique(np.concatenate(docs)), Match.DEPARTMENT)

    def _hits(self, found: dict[int, Match]) -> list[SearchHit]:
        ordered = sorted(found.items(), key=lambda item: (item[1], item[0]))
        return [self.hit(doc, match) for doc, match in ordered]

    def hit(self, doc: int, match: Match = Match.NAME_PREFIX) -> SearchHit:
        flags = int(self.flags[doc])
        department = self.departments[int(self.department_of[doc])]
        return SearchHit(
            matter_id=int(self.matter_ids[doc]),
            code=self.codes[doc],
            name=self.names[doc],
            department_code=department.code,
            department=department.short_name,
            deferrable=bool(flags & FLAG_DEFERRABLE),
            instant_approval=bool(flags & FLAG_INSTANT),
            delegated=bool(flags & FLAG_DELEGATED),
            matched_by=MATCH_LABELS[match],
            kind="bundle" if flags & FLAG_BUNDLE else "matter",
            incomplete=bool(flags & FLAG_INCOMPLETE),
        )
