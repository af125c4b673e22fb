"""The head printed on paper: 16 hex digits (64 bits) of the newest hash; old papers' 8 digits and the
full hash are still accepted when a printed head is checked."""

from __future__ import annotations

import pytest

from hallapp.store import audit_chain
from hallapp.store.audit_chain import ChainState, normalise_head


def test_the_printed_head_has_64_bits():
    last = "0123456789abcdef" * 4
    assert audit_chain.HEAD_DIGITS == 16 and ChainState(3, last).head == "0123456789abcdef"
    assert audit_chain.EMPTY_HEAD == "0" * 16


@pytest.mark.parametrize("digits", [8, 16, 64])
def test_heads_of_8_to_64_digits_are_accepted(digits):
    assert normalise_head(" " + "A1" * (digits // 2) + "\n") == "a1" * (digits // 2)


@pytest.mark.parametrize("text", ["a" * 7, "a" * 65, "g" * 16, "0123456789abcde·"])
def test_anything_else_is_refused_in_words(text):
    with pytest.raises(ValueError, match="十六进制"):
        normalise_head(text)
