"""The annual report's table 收到和处理政府信息公开申请情况: the template's lines, a small year written out
cell by cell, a generated year counted again another way, and the cross-check on good and broken tables."""

from __future__ import annotations

import random
from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hallapp.domain.disclosure import REPLIES_BY_GROUP, Reply, ReplyGroup, RequesterKind
from hallapp.domain.disclosure_report import (
    COLUMNS,
    ROWS,
    TOTAL,
    VALUE_KEYS,
    AnnualTable,
    ReportRecord,
    ReportValuesError,
    annual_table,
    cross_check,
    group_key,
    reason_key,
)

K = RequesterKind
YEAR = 2026

TEMPLATE = [
    (0, "一、本年新收政府信息公开申请数量"),
    (0, "二、上年结转政府信息公开申请数量"),
    (0, "三、本年度办理结果"),
    (1, "（一）予以公开"),
    (1, "（二）部分公开（区分处理的，只计这一情形，不计其他情形）"),
    (1, "（三）不予公开"),
    (2, "1.属于国家秘密"),
    (2, "2.其他法律行政法规禁止公开"),
    (2, "3.危及“三安全一稳定”"),
    (2, "4.保护第三方合法权益"),
    (2, "5.属于三类内部事务信息"),
    (2, "6.属于四类过程性信息"),
    (2, "7.属于行政执法案卷"),
    (2, "8.属于行政查询事项"),
    (1, "（四）无法提供"),
    (2, "1.本机关不掌握相关政府信息"),
    (2, "2.没有现成信息需要另行制作"),
    (2, "3.补正后申请内容仍不明确"),
    (1, "（五）不予处理"),
    (2, "1.信访举报投诉类申请"),
    (2, "2.重复申请"),
    (2, "3.要求提供公开出版物"),
    (2, "4.无正当理由大量反复申请"),
    (2, "5.要求行政机关确认或重新出具已获取信息"),
    (1, "（六）其他处理"),
    (2, "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请"),
    (2, "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请"),
    (2, "3.其他"),
    (1, "（七）总计"),
    (0, "四、结转下年度继续办理"),
]


def test_the_lines_and_columns_are_the_national_templates() -> None:
    assert [(spec.level, spec.label) for spec in ROWS] == TEMPLATE
    assert [c.label for c in COLUMNS] == [
        "自然人",
        "商业企业",
        "科研机构",
        "社会公益组织",
        "法律服务机构",
        "其他",
        "总计",
    ]
    assert [c.is_organisation for c in COLUMNS] == [False, True, True, True, True, True, False]
    assert COLUMNS[5].long_label == "法人或其他组织（其他）"
    table = annual_table([], YEAR)
    assert [row.is_heading for row in table.rows].count(True) == 1
    assert table.row("results").label == "三、本年度办理结果"


def d(text: str) -> date:
    return date.fromisoformat(text)


SMALL_YEAR = [
    ReportRecord(K.PERSON, d("2025-11-20"), d("2026-01-08"), Reply.DISCLOSED, "A"),  # carried in, disclosed
    ReportRecord(K.PERSON, d("2026-03-02"), d("2026-03-20"), Reply.ALREADY_PUBLIC, "B"),  # counts as 予以公开
    ReportRecord(K.COMMERCIAL, d("2026-05-11"), d("2026-06-01"), Reply.PARTLY_DISCLOSED, "C"),
    ReportRecord(K.RESEARCH, d("2026-07-01"), d("2026-07-21"), Reply.WITHHELD_STATE_SECRET, "D"),
    ReportRecord(K.PUBLIC_WELFARE, d("2025-12-28"), None, None, "E"),  # carried in and out
    ReportRecord(K.LEGAL_SERVICE, d("2026-12-21"), d("2027-01-12"), Reply.UNAVAILABLE_NOT_HELD, "F"),
    ReportRecord(K.OTHER_ORG, d("2026-02-02"), d("2026-02-10"), Reply.NOT_HANDLED_REPEATED, "G"),
    ReportRecord(K.PERSON, d("2026-04-01"), d("2026-05-06"), Reply.OTHER_FEE_UNPAID, "H"),
    ReportRecord(K.PERSON, d("2025-03-01"), d("2025-03-20"), Reply.DISCLOSED, "I"),  # all in 2025
    ReportRecord(K.PERSON, d("2027-01-04"), None, None, "J"),  # all in 2027
    ReportRecord(K.COMMERCIAL, d("2026-09-01"), d("2026-08-30"), Reply.DISCLOSED, "K"),  # answered before
    ReportRecord(K.PERSON, d("2026-10-10"), d("2026-10-20"), None, "L"),  # issued without a reply
    ReportRecord(K.PERSON, d("2026-11-02"), None, Reply.WITHHELD_PROCESS, "M"),  # drafted, not issued
    ReportRecord(K.RESEARCH, d("2020-01-01"), d("2019-12-01"), Reply.OTHER, "N"),  # nonsense, not this year
]

# Every cell of 2026 for SMALL_YEAR: 自然人, 商业企业, 科研机构, 社会公益组织, 法律服务机构, 其他, 总计.
SMALL_YEAR_2026 = {
    "new": (3, 1, 1, 0, 1, 1, 7),
    "carried_in": (1, 0, 0, 1, 0, 0, 2),
    "group:disclosed": (2, 0, 0, 0, 0, 0, 2),
    "group:partly": (0, 1, 0, 0, 0, 0, 1),
    "group:withheld": (0, 0, 1, 0, 0, 0, 1),
    "reason:withheld_state_secret": (0, 0, 1, 0, 0, 0, 1),
    "reason:withheld_other_law": (0, 0, 0, 0, 0, 0, 0),
    "reason:withheld_security": (0, 0, 0, 0, 0, 0, 0),
    "reason:withheld_third_party": (0, 0, 0, 0, 0, 0, 0),
    "reason:withheld_internal": (0, 0, 0, 0, 0, 0, 0),
    "reason:withheld_process": (0, 0, 0, 0, 0, 0, 0),
    "reason:withheld_enforcement": (0, 0, 0, 0, 0, 0, 0),
    "reason:withheld_enquiry": (0, 0, 0, 0, 0, 0, 0),
    "group:unavailable": (0, 0, 0, 0, 0, 0, 0),
    "reason:unavailable_not_held": (0, 0, 0, 0, 0, 0, 0),
    "reason:unavailable_needs_creating": (0, 0, 0, 0, 0, 0, 0),
    "reason:unavailable_unclear": (0, 0, 0, 0, 0, 0, 0),
    "group:not_handled": (0, 0, 0, 0, 0, 1, 1),
    "reason:not_handled_petition": (0, 0, 0, 0, 0, 0, 0),
    "reason:not_handled_repeated": (0, 0, 0, 0, 0, 1, 1),
    "reason:not_handled_publication": (0, 0, 0, 0, 0, 0, 0),
    "reason:not_handled_mass": (0, 0, 0, 0, 0, 0, 0),
    "reason:not_handled_confirmation": (0, 0, 0, 0, 0, 0, 0),
    "group:other": (1, 0, 0, 0, 0, 0, 1),
    "reason:other_no_correction": (0, 0, 0, 0, 0, 0, 0),
    "reason:other_fee_unpaid": (1, 0, 0, 0, 0, 0, 1),
    "reason:other": (0, 0, 0, 0, 0, 0, 0),
    "handled": (3, 1, 1, 0, 0, 1, 6),
    "carried_out": (1, 0, 0, 1, 1, 0, 3),
}


def test_a_small_year_gives_every_cell_as_counted_by_hand() -> None:
    table = annual_table(SMALL_YEAR, YEAR)
    assert table.values() == SMALL_YEAR_2026
    assert table.year == YEAR
    assert cross_check(table) == []


def test_records_that_make_no_sense_are_listed_and_not_counted() -> None:
    table = annual_table(SMALL_YEAR, YEAR)
    assert [p.record.number for p in table.problems] == ["K", "L"]  # N does not touch 2026
    assert [p.message for p in table.problems] == [
        "申请 K：答复日期 2026-08-30 早于收到日期 2026-09-01，未计入报表。",
        "申请 L：有答复日期 2026-10-20，却没有答复类型，未计入报表。",
    ]
    unnamed = annual_table([ReportRecord(K.RESEARCH, d("2026-03-05"), d("2026-03-01"), Reply.OTHER)], YEAR)
    assert unnamed.problems[0].message.startswith("2026-03-05 收到的一件科研机构申请：")
    assert all(n == 0 for n in unnamed.row("new").values)


def test_a_table_of_given_numbers_is_the_same_table() -> None:
    computed = annual_table(SMALL_YEAR, YEAR)
    again = AnnualTable.from_values(YEAR, SMALL_YEAR_2026, problems=computed.problems)
    assert again == computed
    assert again.value("handled") == 6
    assert again.value("new", K.PERSON) == 3
    assert again.row("carried_out").value("legal_service") == 1


def test_numbers_that_do_not_fit_the_template_are_refused_with_every_reason() -> None:
    values = dict(SMALL_YEAR_2026)
    del values["group:partly"]
    values["new"] = (1, 2, 3)
    values["results"] = (0,) * 7
    with pytest.raises(ReportValuesError) as refused:
        AnnualTable.from_values(YEAR, values)
    assert refused.value.problems == [
        "没有这一行：results",
        "缺少一行：（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
        "一、本年新收政府信息公开申请数量：应有 7 个数字，给了 3 个",
    ]


# -- a generated year ---------------------------------------------------------------------------------


def generated_records(seed: int = 2026, count: int = 900) -> list[ReportRecord]:
    """Requests received from mid-2024 to 2027: every kind, every reply, some still open, some answered
    the next year (carried over into 2026 and out of it)."""
    rng = random.Random(seed)
    replies = list(Reply)
    first = date(2024, 7, 1)
    records = []
    for number in range(count):
        received = first + timedelta(days=rng.randrange(0, 3 * 365))
        kind = rng.choice(list(RequesterKind))
        roll = rng.random()
        if roll < 0.12:  # still open
            issued, reply = None, (rng.choice(replies) if rng.random() < 0.3 else None)
        else:
            issued, reply = received + timedelta(days=rng.randrange(0, 70)), rng.choice(replies)
        records.append(ReportRecord(kind, received, issued, reply, f"G{number:04d}"))
    return records


def count_by_definition(records: list[ReportRecord], year: int) -> dict[str, tuple[int, ...]]:
    """The table counted line by line, column by column, straight from each line's definition."""
    start, end = date(year, 1, 1), date(year, 12, 31)

    def issued_in_year(r: ReportRecord) -> bool:
        return r.issued_on is not None and start <= r.issued_on <= end

    lines = {
        "new": lambda r: r.received_on.year == year,
        "carried_in": lambda r: r.received_on < start and not (r.issued_on and r.issued_on < start),
        "handled": issued_in_year,
        "carried_out": lambda r: r.received_on <= end and not (r.issued_on and r.issued_on <= end),
    }
    for group in ReplyGroup:
        lines[group_key(group)] = lambda r, g=group: issued_in_year(r) and r.reply.group is g
        if group not in (ReplyGroup.DISCLOSED, ReplyGroup.PARTLY):
            for reply in REPLIES_BY_GROUP[group]:
                lines[reason_key(reply)] = lambda r, x=reply: issued_in_year(r) and r.reply is x
    table: dict[str, tuple[int, ...]] = {}
    for key, belongs in lines.items():
        per_kind = []
        for kind in RequesterKind:
            n = 0
            for record in records:
                if record.requester_kind is kind and belongs(record):
                    n += 1
            per_kind.append(n)
        table[key] = (*per_kind, sum(1 for record in records if belongs(record)))
    return table


def test_a_generated_year_matches_the_counts_made_from_each_lines_definition() -> None:
    records = generated_records()
    sane = [r for r in records if not (r.issued_on and r.reply is None)]
    assert len(sane) == len(records)  # the generator makes no nonsense: the table counts all of them
    table = annual_table(records, YEAR)
    assert table.problems == ()
    expected = count_by_definition(records, YEAR)
    assert set(expected) == set(VALUE_KEYS)
    assert table.values() == expected
    assert cross_check(table) == []
    # the generated year reaches every cell that matters: each kind, each reply, both carry-overs
    for index in range(len(COLUMNS)):
        for key in ("new", "carried_in", "handled", "carried_out"):
            assert table.row(key).values[index] > 0, (key, COLUMNS[index].label)
    for reply in Reply:
        key = reason_key(reply) if reply.group not in (ReplyGroup.DISCLOSED, ReplyGroup.PARTLY) else None
        assert table.value(key or group_key(reply.group)) > 0, reply
    # the same records give consistent neighbouring years: what 2026 carries out, 2027 carries in
    assert annual_table(records, YEAR + 1).row("carried_in").values == table.row("carried_out").values
    assert annual_table(records, YEAR - 1).row("carried_out").values == table.row("carried_in").values


# -- the cross-check on broken tables -----------------------------------------------------------------


def test_a_broken_balance_names_the_column_and_its_numbers() -> None:
    table = annual_table(SMALL_YEAR, YEAR)
    broken = table.with_value("new", K.PERSON, 5).with_value("new", TOTAL, 9)  # total still the sum
    breaches = cross_check(broken)
    assert [(b.rule, b.column) for b in breaches] == [("balance", "person"), ("balance", "total")]
    assert breaches[0].message == (
        "自然人：一（本年新收）5 + 二（上年结转）1 = 6，而三（七）总计 3 + 四（结转下年度）1 = 4，相差 2。"
    )
    assert "一（本年新收）9 + 二（上年结转）2 = 11" in breaches[1].message


def test_a_wrong_total_a_wrong_subtotal_and_a_negative_number_are_each_named() -> None:
    table = annual_table(SMALL_YEAR, YEAR)
    wrong_total = cross_check(table.with_value("carried_in", TOTAL, 3))
    assert [(b.rule, b.row) for b in wrong_total] == [("total", "carried_in"), ("balance", "")]
    assert wrong_total[0].message == (
        "二、上年结转政府信息公开申请数量：总计列为 3，但各类申请人合计 1 + 0 + 0 + 1 + 0 + 0 = 2。"
    )

    reason = reason_key(Reply.OTHER)
    wrong_reason = cross_check(table.with_value(reason, K.RESEARCH, 2).with_value(reason, TOTAL, 2))
    assert [(b.rule, b.column) for b in wrong_reason] == [("group", "research"), ("group", "total")]
    assert wrong_reason[0].message == (
        "法人或其他组织（科研机构）：（六）其他处理为 0，但其 3 项理由合计 0 + 0 + 2 = 2。"
    )

    moved = table.with_value("group:partly", K.COMMERCIAL, 0).with_value("group:partly", TOTAL, 0)
    assert [(b.rule, b.column) for b in cross_check(moved)] == [
        ("handled", "commercial"),
        ("handled", "total"),
    ]
    assert "（七）总计为 1，但（一）至（六）合计 0 + 0 + 0 + 0 + 0 + 0 = 0" in cross_check(moved)[0].message

    negative = cross_check(table.with_value("reason:other", K.OTHER_ORG, -1))
    assert negative[0].rule == "negative"
    assert negative[0].message == "法人或其他组织（其他）：（六）其他处理·3.其他为 -1，数量不能为负数。"


# -- any register gives a table that adds up ------------------------------------------------------------

days = st.dates(min_value=date(2024, 1, 1), max_value=date(2028, 12, 31))
records = st.builds(
    ReportRecord,
    st.sampled_from(list(RequesterKind)),
    days,
    st.none() | days,
    st.none() | st.sampled_from(list(Reply)),
)


@settings(max_examples=150, deadline=None)
@given(st.lists(records, max_size=60), st.integers(min_value=2024, max_value=2028))
def test_any_records_give_a_table_that_passes_the_cross_check(found: list[ReportRecord], year: int) -> None:
    table = annual_table(found, year)
    assert cross_check(table) == []
    left_out = {id(p.record) for p in table.problems}
    for record in found:
        nonsense = record.issued_on is not None and (
            record.issued_on < record.received_on or record.reply is None
        )
        if id(record) in left_out:
            assert nonsense
    counted = [r for r in found if not (r.issued_on and (r.issued_on < r.received_on or r.reply is None))]
    assert table.value("new") == sum(1 for r in counted if r.received_on.year == year)
