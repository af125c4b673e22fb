"""The information-processing fee (信息处理费, 国办函〔2020〕109号): by count and by pages."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from hallapp.domain.disclosure_fees import FeeMode, basis_words, fee, fee_by_count, fee_by_pages
from hallapp.domain.errors import UserError


@pytest.mark.parametrize(
    ("nth", "amount"),
    [
        (1, 0),
        (10, 0),
        (11, 100),
        (30, 100),
        (31, 200),
        (40, 200),
        (41, 300),
        (50, 300),
        (51, 400),
        (60, 400),
        (61, 500),
        (100, 800),
        (101, 900),
    ],
)
def test_fee_by_count(nth: int, amount: int) -> None:
    assert fee_by_count(nth) == amount
    assert fee(FeeMode.BY_COUNT, nth) == amount


@pytest.mark.parametrize(
    ("pages", "amount"),
    [
        (0, 0),
        (30, 0),
        (31, 10),
        (100, 700),  # pages 31–100: 70 × 10
        (101, 720),  # + page 101 at 20
        (200, 2700),  # 700 + 100 × 20
        (201, 2740),  # + page 201 at 40
        (250, 4700),  # 2700 + 50 × 40
    ],
)
def test_fee_by_pages_charges_each_part_at_its_own_rate(pages: int, amount: int) -> None:
    assert fee_by_pages(pages) == amount
    assert fee(FeeMode.BY_PAGES, pages) == amount


@pytest.mark.parametrize("nth", [0, -1])
def test_a_request_number_below_one_is_refused(nth: int) -> None:
    with pytest.raises(UserError, match="正整数"):
        fee_by_count(nth)


def test_negative_pages_are_refused() -> None:
    with pytest.raises(UserError, match="负数"):
        fee_by_pages(-1)
    with pytest.raises(UserError):
        fee(FeeMode.BY_PAGES, -5)


def test_basis_words() -> None:
    assert basis_words(FeeMode.BY_COUNT, 12) == "按件计收：本申请为申请人本自然月内第 12 件申请"
    assert basis_words(FeeMode.BY_PAGES, 45) == "按量计收：所需提供的信息共 45 页"
    assert FeeMode.BY_COUNT.label == "按件计收" and FeeMode.BY_PAGES.label == "按量计收"


@given(st.integers(min_value=1, max_value=5000))
def test_fee_by_count_never_falls_and_steps_by_band(nth: int) -> None:
    assert fee_by_count(nth + 1) >= fee_by_count(nth)
    assert fee_by_count(nth) % 100 == 0
    if nth > 30:
        # each band of ten from the 31st adds 100 元 per request
        assert fee_by_count(nth) == 100 * ((nth - 1) // 10 - 1)


@given(st.integers(min_value=0, max_value=20000))
def test_fee_by_pages_never_falls_and_the_next_page_costs_its_rate(pages: int) -> None:
    step = fee_by_pages(pages + 1) - fee_by_pages(pages)
    nxt = pages + 1
    assert step == (0 if nxt <= 30 else 10 if nxt <= 100 else 20 if nxt <= 200 else 40)
