"""The annual report's table 收到和处理政府信息公开申请情况 (政府信息公开工作年度报告, section 三).

Every office publishes, each year, how many disclosure requests it received and how it answered them, in
the national template's table: one column per kind of applicant (自然人; 法人或其他组织 as 商业企业, 科研机构,
社会公益组织, 法律服务机构, 其他; then 总计) and one row per line of the template. The rows count:

* 一、本年新收 — requests received in the year;
* 二、上年结转 — requests received before the year and not answered before it;
* 三、本年度办理结果 — replies issued in the year, by reply (已主动公开 counts as 予以公开);
* 四、结转下年度继续办理 — requests received by the year's end and not answered by then.

So every request in 一 or 二 is either answered in the year (三) or carried into the next (四), and the table
must satisfy 一 + 二 = 三（七）总计 + 四 in every column. ``cross_check`` verifies that, and that each
group's subtotal is the sum of its reasons and 总计 the sum of the columns, for any table: computed from
the register (``annual_table``) or typed in by hand (``AnnualTable.from_values``).

A record that makes no sense (answered before it was received, a reply date without a reply) is not
counted: it is listed in the table's ``problems`` so that the register can be corrected.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date

from hallapp.domain.disclosure import REPLIES_BY_GROUP, Reply, ReplyGroup, RequesterKind
from hallapp.domain.errors import UserError

TABLE_TITLE = "收到和处理政府信息公开申请情况"
APPLICANTS_LABEL = "申请人情况"
ORGANISATION_LABEL = "法人或其他组织"
TOTAL = "total"


@dataclass(frozen=True)
class Column:
    """One column of counts: a kind of applicant, or 总计 (``kind`` None)."""

    key: str
    label: str  # as the template's header prints it
    kind: RequesterKind | None

    @property
    def is_organisation(self) -> bool:
        """True for the five columns under 法人或其他组织."""
        return self.kind is not None and not self.kind.is_person

    @property
    def long_label(self) -> str:
        """The column named so that it cannot be mistaken, e.g. 法人或其他组织（其他）."""
        return f"{ORGANISATION_LABEL}（{self.label}）" if self.is_organisation else self.label


def _column(kind: RequesterKind) -> Column:
    return Column(kind.value, "其他" if kind is RequesterKind.OTHER_ORG else kind.label, kind)


COLUMNS: tuple[Column, ...] = (*(_column(kind) for kind in RequesterKind), Column(TOTAL, "总计", None))
"""自然人, the five kinds of organisation, 总计 — in the template's order."""
_KIND_INDEX = {kind: index for index, kind in enumerate(RequesterKind)}
_TOTAL_INDEX = len(COLUMNS) - 1
_COLUMN_INDEX = {column.key: index for index, column in enumerate(COLUMNS)}

NEW, CARRIED_IN, RESULTS, HANDLED, CARRIED_OUT = "new", "carried_in", "results", "handled", "carried_out"
_NUMERALS = "一二三四五六七"
# Groups printed as one line; the others have a line per reason below their subtotal.
_SINGLE_LINE = (ReplyGroup.DISCLOSED, ReplyGroup.PARTLY)
_GROUP_LABELS = {ReplyGroup.PARTLY: "部分公开（区分处理的，只计这一情形，不计其他情形）"}


def group_key(group: ReplyGroup) -> str:
    """The key of a group's row in 三、本年度办理结果, e.g. ``group:withheld`` for （三）不予公开."""
    return f"group:{group.value}"


def reason_key(reply: Reply) -> str:
    """The key of a reason's row, e.g. ``reason:withheld_state_secret`` for 1.属于国家秘密."""
    return f"reason:{reply.value}"


def row_key_for(reply: Reply) -> str:
    """The most detailed row a reply is counted on (its reason, or its group's single line)."""
    return group_key(reply.group) if reply.group in _SINGLE_LINE else reason_key(reply)


@dataclass(frozen=True)
class RowSpec:
    """One line of the template: ``level`` 0 for 一…四, 1 for （一）…（七）, 2 for a reason."""

    key: str
    label: str
    level: int
    heading: bool = False  # 三、本年度办理结果 names the lines below it and has no counts of its own
    reasons: tuple[str, ...] = ()  # for a group subtotal: the keys of the reasons it sums
    group_label: str = ""  # for a reason: its group's label, so that "3.其他" can be told apart


def _template() -> tuple[RowSpec, ...]:
    rows = [
        RowSpec(NEW, "一、本年新收政府信息公开申请数量", 0),
        RowSpec(CARRIED_IN, "二、上年结转政府信息公开申请数量", 0),
        RowSpec(RESULTS, "三、本年度办理结果", 0, heading=True),
    ]
    for number, group in enumerate(ReplyGroup):
        label = f"（{_NUMERALS[number]}）{_GROUP_LABELS.get(group, group.label)}"
        if group in _SINGLE_LINE:
            rows.append(RowSpec(group_key(group), label, 1))
            continue
        replies = REPLIES_BY_GROUP[group]
        rows.append(RowSpec(group_key(group), label, 1, reasons=tuple(reason_key(r) for r in replies)))
        rows.extend(
            RowSpec(reason_key(r), f"{i}.{r.label}", 2, group_label=label) for i, r in enumerate(replies, 1)
        )
    rows.append(RowSpec(HANDLED, f"（{_NUMERALS[len(ReplyGroup)]}）总计", 1))
    rows.append(RowSpec(CARRIED_OUT, "四、结转下年度继续办理", 0))
    return tuple(rows)


ROWS: tuple[RowSpec, ...] = _template()
"""The template's lines in order, from 一、本年新收 to 四、结转下年度继续办理."""
_SPECS = {spec.key: spec for spec in ROWS}
VALUE_KEYS: tuple[str, ...] = tuple(spec.key for spec in ROWS if not spec.heading)
GROUP_KEYS: tuple[str, ...] = tuple(group_key(group) for group in ReplyGroup)


@dataclass(frozen=True)
class ReportRecord:
    """What the report needs of one request: who asked, when it was received, when the reply was issued
    and which reply (both None while the request is open). ``number`` names it in a problem."""

    requester_kind: RequesterKind
    received_on: date
    issued_on: date | None = None
    reply: Reply | None = None
    number: str = ""

    @property
    def name(self) -> str:
        if self.number:
            return f"申请 {self.number}"
        return f"{self.received_on:%Y-%m-%d} 收到的一件{self.requester_kind.label}申请"


@dataclass(frozen=True)
class RecordProblem:
    """A record left out of the table because it makes no sense, with the reason in Chinese."""

    record: ReportRecord
    message: str


@dataclass(frozen=True)
class Row:
    """One line of a table with its counts per column (``COLUMNS`` order; empty for a heading)."""

    key: str
    label: str
    level: int
    values: tuple[int, ...] = ()

    @property
    def is_heading(self) -> bool:
        return not self.values

    def value(self, column: str | RequesterKind = TOTAL) -> int:
        """The count in ``column`` (a column key or a kind of applicant)."""
        if self.is_heading:
            raise KeyError(f"{self.label} 没有数字")
        return self.values[_column_index(column)]


def _column_index(column: str | RequesterKind) -> int:
    key = column.value if isinstance(column, RequesterKind) else column
    try:
        return _COLUMN_INDEX[key]
    except KeyError:
        raise KeyError(f"没有这一列：{column}") from None


class ReportValuesError(UserError):
    """Numbers given for a table do not fit the template (a line missing or unknown, a wrong count)."""


@dataclass(frozen=True)
class AnnualTable:
    """The table for one year: its lines in the template's order, and the records left out of it."""

    year: int
    rows: tuple[Row, ...]
    problems: tuple[RecordProblem, ...] = field(default=())

    def row(self, key: str) -> Row:
        for row in self.rows:
            if row.key == key:
                return row
        raise KeyError(f"没有这一行：{key}")

    def value(self, key: str, column: str | RequesterKind = TOTAL) -> int:
        """The count on line ``key`` in ``column`` (总计 by default)."""
        return self.row(key).value(column)

    def values(self) -> dict[str, tuple[int, ...]]:
        """Every counted line's numbers by key (what ``from_values`` takes back)."""
        return {row.key: row.values for row in self.rows if not row.is_heading}

    @classmethod
    def from_values(
        cls,
        year: int,
        values: Mapping[str, Sequence[int]],
        *,
        problems: Iterable[RecordProblem] = (),
    ) -> AnnualTable:
        """A table from given numbers, e.g. a report typed in or edited by hand, to be checked.

        ``values`` gives, for every counted line's key (``VALUE_KEYS``), its seven numbers in ``COLUMNS``
        order, 总计 included: nothing is derived, so a wrong total stays wrong for ``cross_check`` to find.
        """
        unknown = [key for key in values if key not in _SPECS or _SPECS[key].heading]
        missing = [key for key in VALUE_KEYS if key not in values]
        problems_found = [f"没有这一行：{key}" for key in unknown]
        problems_found += [f"缺少一行：{_SPECS[key].label}" for key in missing]
        for key in VALUE_KEYS:
            numbers = values.get(key)
            if numbers is None:
                continue
            if len(numbers) != len(COLUMNS):
                problems_found.append(
                    f"{_SPECS[key].label}：应有 {len(COLUMNS)} 个数字，给了 {len(numbers)} 个"
                )
            elif not all(isinstance(n, int) and not isinstance(n, bool) for n in numbers):
                problems_found.append(f"{_SPECS[key].label}：只能填整数")
        if problems_found:
            raise ReportValuesError("报表数字不完整：" + "；".join(problems_found), problems=problems_found)
        rows = tuple(
            Row(spec.key, spec.label, spec.level, () if spec.heading else tuple(values[spec.key]))
            for spec in ROWS
        )
        return cls(year, rows, tuple(problems))

    def with_value(self, key: str, column: str | RequesterKind, value: int) -> AnnualTable:
        """This table with one number changed (as a hand edit would), nothing else recomputed."""
        numbers = self.values()
        changed = list(numbers[key])
        changed[_column_index(column)] = value
        numbers[key] = tuple(changed)
        return AnnualTable.from_values(self.year, numbers, problems=self.problems)


def _problem(record: ReportRecord) -> str:
    issued, received = record.issued_on, record.received_on
    if issued is not None and issued < received:
        return f"{record.name}：答复日期 {issued:%Y-%m-%d} 早于收到日期 {received:%Y-%m-%d}"
    if issued is not None and record.reply is None:
        return f"{record.name}：有答复日期 {issued:%Y-%m-%d}，却没有答复类型"
    return ""


def _touches(record: ReportRecord, start: date, end: date) -> bool:
    """Whether the record has anything to do with the year (so its problem belongs in this report)."""
    issued = record.issued_on
    spans = record.received_on <= end and (issued is None or issued >= start)
    return spans or (issued is not None and start <= issued <= end)


def annual_table(records: Iterable[ReportRecord], year: int) -> AnnualTable:
    """The table of ``year`` computed from the register's records (see the module's definitions).

    A reply counts once issued (``issued_on``); a reply chosen but not yet issued leaves the request open.
    Records that make no sense are left out and listed in ``problems`` when they touch the year.
    """
    start, end = date(year, 1, 1), date(year, 12, 31)
    counts = {key: [0] * len(COLUMNS) for key in VALUE_KEYS}
    problems: list[RecordProblem] = []

    for record in records:
        message = _problem(record)
        if message:
            if _touches(record, start, end):
                problems.append(RecordProblem(record, message + "，未计入报表。"))
            continue
        column = _KIND_INDEX[record.requester_kind]

        def add(key: str, column: int = column) -> None:
            counts[key][column] += 1
            counts[key][_TOTAL_INDEX] += 1

        received, issued = record.received_on, record.issued_on
        if start <= received <= end:
            add(NEW)
        if received < start and (issued is None or issued >= start):
            add(CARRIED_IN)
        if issued is not None and start <= issued <= end and record.reply is not None:
            line = row_key_for(record.reply)
            add(line)
            if line != group_key(record.reply.group):
                add(group_key(record.reply.group))
            add(HANDLED)
        if received <= end and (issued is None or issued > end):
            add(CARRIED_OUT)

    return AnnualTable.from_values(year, counts, problems=problems)


@dataclass(frozen=True)
class Breach:
    """One rule the table breaks, with the numbers that break it said in Chinese.

    ``rule``: "balance" (一 + 二 = 三（七）+ 四), "group" (a subtotal = its reasons), "handled"
    (（七）总计 = （一）…（六）), "total" (总计 = the six columns) or "negative"; ``row`` and ``column`` are
    the keys concerned ("" when the rule is about a whole row or column).
    """

    rule: str
    row: str
    column: str
    message: str


def _named(key: str) -> str:
    spec = _SPECS[key]
    return f"{spec.group_label}·{spec.label}" if spec.group_label else spec.label


def cross_check(table: AnnualTable) -> list[Breach]:
    """Every rule of the template the table breaks; an empty list when all numbers agree."""
    breaches: list[Breach] = []
    counted = [row for row in table.rows if not row.is_heading]
    for row in counted:
        for column, value in zip(COLUMNS, row.values, strict=True):
            if value < 0:
                message = f"{column.long_label}：{_named(row.key)}为 {value}，数量不能为负数。"
                breaches.append(Breach("negative", row.key, column.key, message))
    for row in counted:  # 总计 = 自然人 + the five kinds of organisation
        parts, total = row.values[:_TOTAL_INDEX], row.values[_TOTAL_INDEX]
        if sum(parts) != total:
            shown = " + ".join(str(n) for n in parts)
            message = f"{_named(row.key)}：总计列为 {total}，但各类申请人合计 {shown} = {sum(parts)}。"
            breaches.append(Breach("total", row.key, TOTAL, message))
    for index, column in enumerate(COLUMNS):
        breaches.extend(_column_breaches(table, index, column))
    return breaches


def _column_breaches(table: AnnualTable, index: int, column: Column) -> list[Breach]:
    found: list[Breach] = []

    def n(key: str) -> int:
        return table.row(key).values[index]

    for key in GROUP_KEYS:
        spec = _SPECS[key]
        if not spec.reasons:
            continue
        parts = [n(reason) for reason in spec.reasons]
        if sum(parts) != n(key):
            shown = " + ".join(str(p) for p in parts)
            message = (
                f"{column.long_label}：{spec.label}为 {n(key)}，"
                f"但其 {len(parts)} 项理由合计 {shown} = {sum(parts)}。"
            )
            found.append(Breach("group", key, column.key, message))
    groups = [n(key) for key in GROUP_KEYS]
    if sum(groups) != n(HANDLED):
        shown = " + ".join(str(g) for g in groups)
        message = (
            f"{column.long_label}：{_SPECS[HANDLED].label}为 {n(HANDLED)}，"
            f"但（一）至（六）合计 {shown} = {sum(groups)}。"
        )
        found.append(Breach("handled", HANDLED, column.key, message))
    new, carried_in, handled, carried_out = n(NEW), n(CARRIED_IN), n(HANDLED), n(CARRIED_OUT)
    if new + carried_in != handled + carried_out:
        message = (
            f"{column.long_label}：一（本年新收）{new} + 二（上年结转）{carried_in} = {new + carried_in}，"
            f"而三（七）总计 {handled} + 四（结转下年度）{carried_out} = {handled + carried_out}，"
            f"相差 {abs(new + carried_in - handled - carried_out)}。"
        )
        found.append(Breach("balance", "", column.key, message))
    return found


ALL_AGREE = (
    "核对：各列“一 + 二 = 三（七）总计 + 四”，各项小计等于其理由之和，总计等于各类申请人之和，全部相符。"
)


def report_heading(office: str, year: int) -> str:
    """The line under the title: who reports, for which year, in which unit."""
    return f"填报单位：{office.strip() or '（未填写）'}　　统计年度：{year}年　　单位：件"


def check_lines(table: AnnualTable, breaches: list[Breach] | None = None) -> list[str]:
    """The cross-check's result and the records left out, as the lines printed under the table."""
    found = cross_check(table) if breaches is None else breaches
    lines = [ALL_AGREE] if not found else [f"核对：发现 {len(found)} 处数字不符："]
    lines += [f"{i}. {breach.message}" for i, breach in enumerate(found, 1)]
    if table.problems:
        lines.append(f"另有 {len(table.problems)} 件申请的记录有误，未计入本表，请核实登记：")
        lines += [f"{i}. {problem.message}" for i, problem in enumerate(table.problems, 1)]
    return lines
