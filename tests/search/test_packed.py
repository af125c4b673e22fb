"""Packed strings: the index's text fields as one UTF-8 buffer read like a list."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from hallapp.search.packed import PackedStrings, Reordered

SEP = 0x1E
texts = st.lists(st.text(alphabet=st.characters(blacklist_characters="\x1e", blacklist_categories=("Cs",))))


@given(texts)
def test_packed_strings_read_back_as_the_list_they_were_made_from(values):
    packed = PackedStrings.of(values)
    assert len(packed) == len(values)
    assert list(packed) == values
    assert packed[:] == values
    if values:
        assert packed[-1] == values[-1] and packed[0] == values[0]


@given(texts)
def test_splitting_the_stored_form_gives_the_same_strings(values):
    stored = np.frombuffer("\x1e".join(values).encode("utf-8"), dtype=np.uint8)
    assert list(PackedStrings.split(stored, SEP, len(values))) == values


def test_rare_characters_and_empty_strings_survive():
    values = ["吉𠮷", "", "张㛃", "5G基站备案", ""]
    packed = PackedStrings.of(values)
    assert [packed[i] for i in range(5)] == values
    assert packed.nbytes < sum(len(v.encode()) for v in values) + 8 * 6 + 1


def test_out_of_range_is_an_index_error():
    packed = PackedStrings.of(["a", "b"])
    for bad in (2, 3, -3):
        with pytest.raises(IndexError):
            packed[bad]


def test_a_count_that_does_not_match_the_buffer_is_refused():
    stored = np.frombuffer(b"a\x1eb\x1ec", dtype=np.uint8)
    with pytest.raises(ValueError):
        PackedStrings.split(stored, SEP, 2)


def test_a_reordered_view_reads_through_the_order():
    packed = PackedStrings.of(["c", "a", "b"])
    view = Reordered(packed, np.array([1, 2, 0], dtype=np.int32))
    assert list(view) == ["a", "b", "c"] and len(view) == 3
