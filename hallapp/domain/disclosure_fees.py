"""The information-processing fee (信息处理费), 国办函〔2020〕109号.

An office that charges chooses one way for a request, by count or by pages, never both:

- **by count** (按件计收): the same applicant's requests in the same calendar month — the 1st to the 10th
  are free, the 11th to the 30th cost 100 元 each, and from the 31st each further band of 10 costs 100 元
  more per request (31st–40th 200 元, 41st–50th 300 元, …);
- **by pages** (按量计收), for one request: up to 30 pages free; the part from page 31 to 100 at 10 元 a
  page, from 101 to 200 at 20 元, and beyond 200 at 40 元.

The applicant has 20 working days from the fee notice to pay (收费通知书); not paying in time ends the
request (其他处理: 逾期未缴纳费用).
"""

from __future__ import annotations

from enum import StrEnum

from hallapp.domain.intake import RuleViolation

FREE_REQUESTS = 10
FREE_PAGES = 30
PAYMENT_DAYS = 20


class FeeMode(StrEnum):
    BY_COUNT = "by_count"  # 按件计收
    BY_PAGES = "by_pages"  # 按量计收

    @property
    def label(self) -> str:
        return "按件计收" if self is FeeMode.BY_COUNT else "按量计收"


def fee_by_count(nth_in_month: int) -> int:
    """The fee in 元 for the applicant's ``nth_in_month`` request of a calendar month (1 = the first)."""
    if nth_in_month < 1:
        raise RuleViolation("申请件数须为正整数")
    if nth_in_month <= FREE_REQUESTS:
        return 0
    if nth_in_month <= 30:
        return 100
    band = (nth_in_month - 31) // 10 + 1  # 31–40 is band 1
    return 100 + 100 * band


def fee_by_pages(pages: int) -> int:
    """The fee in 元 for providing ``pages`` pages for one request (each part at its own rate)."""
    if pages < 0:
        raise RuleViolation("页数不能为负数")
    fee = 10 * max(0, min(pages, 100) - FREE_PAGES)
    fee += 20 * max(0, min(pages, 200) - 100)
    fee += 40 * max(0, pages - 200)
    return fee


def fee(mode: FeeMode, basis: int) -> int:
    """The fee for ``basis`` (the request's number in the month, or the number of pages)."""
    return fee_by_count(basis) if mode is FeeMode.BY_COUNT else fee_by_pages(basis)


def basis_words(mode: FeeMode, basis: int) -> str:
    """How the fee was reckoned, as the fee notice says it."""
    if mode is FeeMode.BY_COUNT:
        return f"按件计收：本申请为申请人本自然月内第 {basis} 件申请"
    return f"按量计收：所需提供的信息共 {basis} 页"
