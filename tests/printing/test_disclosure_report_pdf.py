"""The annual disclosure table as one landscape A4 page: read back with pypdf, every line's label and its
numbers on one line in the columns' order, the header, the cross-check and the left-out records, the font
embedded."""

from __future__ import annotations

import random
from datetime import date, timedelta

import pytest

from hallapp.domain.disclosure import Reply, RequesterKind
from hallapp.domain.disclosure_report import (
    ALL_AGREE,
    COLUMNS,
    ROWS,
    AnnualTable,
    ReportRecord,
    annual_table,
    check_lines,
)
from hallapp.printing.disclosure_report_pdf import MAX_NOTE_LINES, render_report_pdf
from hallapp.printing.errors import MissingGlyphs
from tests.printing.pdfcheck import Placed, fonts, placed_texts, reader, squeeze, text

OFFICE = "深圳市坪山区政务服务数据管理局"
K = RequesterKind


def seeded_year(seed: int = 7, count: int = 400) -> list[ReportRecord]:
    rng = random.Random(seed)
    records = []
    for number in range(count):
        received = date(2025, 6, 1) + timedelta(days=rng.randrange(0, 600))
        issued = received + timedelta(days=rng.randrange(0, 60)) if rng.random() < 0.9 else None
        reply = rng.choice(list(Reply)) if issued else None
        records.append(ReportRecord(rng.choice(list(RequesterKind)), received, issued, reply, f"N{number}"))
    records.append(ReportRecord(K.PERSON, date(2026, 4, 2), date(2026, 4, 1), Reply.DISCLOSED, "BAD1"))
    return records


@pytest.fixture(scope="module")
def table() -> AnnualTable:
    return annual_table(seeded_year(), 2026)


@pytest.fixture(scope="module")
def pdf(table: AnnualTable) -> bytes:
    return render_report_pdf(table, office=OFFICE, year=2026)


def lines_of(pdf: bytes) -> list[list[Placed]]:
    """The page's texts grouped into lines (same baseline), top to bottom, each left to right."""
    ((_, _, _, items),) = placed_texts(pdf)
    lines: list[list[Placed]] = []
    for item in sorted(items, key=lambda p: (-round(p.y, 0), p.x)):
        if lines and abs(lines[-1][0].y - item.y) < 1.0:
            lines[-1].append(item)
        else:
            lines.append([item])
    return [sorted(line, key=lambda p: p.x) for line in lines]


def test_one_landscape_a4_page_with_the_font_embedded(pdf: bytes) -> None:
    pages = reader(pdf).pages
    assert len(pages) == 1
    box = pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (842, 595)
    assert fonts(pdf) and all(f.embedded for f in fonts(pdf))
    assert render_report_pdf(annual_table(seeded_year(), 2026), office=OFFICE, year=2026) == pdf  # invariant


def test_the_title_heading_and_header_are_printed(pdf: bytes) -> None:
    said = text(pdf)
    assert "收到和处理政府信息公开申请情况" in said
    assert squeeze(f"填报单位：{OFFICE} 统计年度：2026年 单位：件") in said
    for label in ("申请人情况", "法人或其他组织", *(c.label for c in COLUMNS)):
        assert label in said, label


def test_each_line_carries_its_numbers_in_the_columns_order(pdf: bytes, table: AnnualTable) -> None:
    lines = lines_of(pdf)
    first_column = next(p.x for line in lines for p in line if squeeze(p.text) == "自然人")
    rows = {}  # label -> (label's x, the numbers right of the labels, left to right)
    for line in lines:
        label = "".join(squeeze(p.text) for p in line if p.x < first_column - 10)
        numbers = [squeeze(p.text) for p in line if p.x >= first_column - 10]
        rows[label] = (line[0].x, numbers)
    indents: dict[int, float] = {}
    for spec in ROWS:
        x, numbers = rows[squeeze(spec.label)]
        indents.setdefault(spec.level, round(x, 1))
        assert round(x, 1) == indents[spec.level], spec.label  # indented by its level
        expected = [] if spec.heading else [str(n) for n in table.row(spec.key).values]
        assert numbers == expected, spec.label
    assert indents[0] < indents[1] < indents[2]


def test_nothing_is_drawn_outside_the_page(pdf: bytes) -> None:
    ((_, width, height, items),) = placed_texts(pdf)
    for item in items:
        assert 20 < item.x < width - 40 and 20 < item.y < height - 20, item


def test_the_cross_check_and_the_left_out_record_are_under_the_table(pdf: bytes, table: AnnualTable) -> None:
    said = text(pdf)
    assert squeeze(ALL_AGREE) in said
    assert squeeze(table.problems[0].message) in said
    assert "BAD1" in table.problems[0].message


def test_a_broken_table_prints_as_given_with_its_breaches(table: AnnualTable) -> None:
    broken = table.with_value("carried_in", K.RESEARCH, table.value("carried_in", K.RESEARCH) + 4)
    pdf = render_report_pdf(broken, office=OFFICE, year=2026)
    said = text(pdf)
    assert squeeze("核对：发现 2 处数字不符：") in said
    research = broken.row("carried_in").values[2]
    assert squeeze(f"二（上年结转）{research}") in said
    assert ALL_AGREE not in said


def test_many_notes_still_fit_one_page_and_say_how_many_were_left_out(table: AnnualTable) -> None:
    broken = table
    for key in ("new", "carried_in", "carried_out", "handled"):
        for kind in RequesterKind:
            broken = broken.with_value(key, kind, 10_000_000 + broken.value(key, kind))
    notes = check_lines(broken)
    assert len(notes) > MAX_NOTE_LINES
    pdf = render_report_pdf(broken, office=OFFICE * 3, year=2026)
    assert len(reader(pdf).pages) == 1
    said = text(pdf)
    for shown in notes[: MAX_NOTE_LINES - 1]:
        assert squeeze(shown) in said
    assert squeeze(notes[MAX_NOTE_LINES - 1]) not in said
    assert f"另有{len(notes) - MAX_NOTE_LINES + 1}条未列出，导出Excel报表可见全部。" in said
    assert squeeze(OFFICE * 3) in said


def test_a_rare_character_prints_and_one_no_font_has_is_refused(table: AnnualTable) -> None:
    office = "吉\U00020bb7街道办事处"
    assert "\U00020bb7" in "".join(
        reader(render_report_pdf(table, office=office, year=2026)).pages[0].extract_text()
    )
    with pytest.raises(MissingGlyphs):
        render_report_pdf(table, office="某局\U00030041", year=2026)


def test_a_table_is_never_printed_under_another_years_title(table: AnnualTable) -> None:
    with pytest.raises(ValueError, match="报表是 2026 年的"):
        render_report_pdf(table, office=OFFICE, year=2025)
