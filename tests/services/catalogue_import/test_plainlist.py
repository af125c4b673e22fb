"""Plain lists (names, codes, departments only): matters without materials, all marked incomplete."""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook

from hallapp.domain.catalogue import Department
from hallapp.services.catalogue_import.plainlist import parse_plain_list

RSJ = Department("rsj", "深圳市坪山区人力资源局", "区人力资源局", "11440310MB2C01234A")
LIST = (
    "事项编码,事项名称,实施部门,承诺时限\n"
    "A-001,创业培训补贴申领,区人力资源局,10\n"
    "A-002,失业登记,深圳市坪山区人力资源局,\n"
)


def test_a_utf8_csv_with_bom_is_read_as_incomplete_matters(tmp_path: Path) -> None:
    path = tmp_path / "清单.csv"
    path.write_bytes(LIST.encode("utf-8-sig"))
    result = parse_plain_list(path, departments=[RSJ])
    assert result.format == "list"
    assert [(g.code, g.name, g.department) for g in result.source.guides] == [
        ("A-001", "创业培训补贴申领", RSJ),
        ("A-002", "失业登记", RSJ),
    ]
    assert result.incomplete == {"A-001", "A-002"}
    assert all(g.materials == () for g in result.source.guides)
    assert result.source.guides[0].promised_limit_days == 10
    assert not result.source.guides[1].on_the_spot  # no limit given: not taken for 即办件
    assert result.messages() == []  # no materials is what a plain list is, not a problem


def test_gb18030_and_plain_utf8_and_semicolons(tmp_path: Path) -> None:
    for encoding, text in (("gb18030", LIST), ("utf-8", LIST.replace(",", ";"))):
        path = tmp_path / f"{encoding}.csv"
        path.write_bytes(text.encode(encoding))
        result = parse_plain_list(path)
        assert [g.name for g in result.source.guides] == ["创业培训补贴申领", "失业登记"], encoding
        assert result.source.guides[0].department.name == "区人力资源局"


def test_a_broken_row_and_a_missing_header(tmp_path: Path) -> None:
    path = tmp_path / "坏.csv"
    path.write_text(
        "事项编码,事项名称,实施部门\nA-001,,区人力资源局\nA-002,失业登记,区人力资源局\n\n", "utf-8"
    )
    result = parse_plain_list(path)
    assert [g.code for g in result.source.guides] == ["A-002"]
    assert result.messages() == [
        "坏.csv，第 2 行，字段 B 列（事项名称）：实施编码和事项名称都不能为空，此行未导入"
    ]
    path.write_text("事项编码,事项名称\nA-001,创业培训补贴申领\n", "utf-8")
    result = parse_plain_list(path)
    assert result.source.guides == []
    assert any("缺少必需的列「实施主体」" in m for m in result.messages())


def test_not_text(tmp_path: Path) -> None:
    path = tmp_path / "x.csv"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR" + bytes(range(256)) * 4)
    result = parse_plain_list(path)
    assert result.source.guides == [] and len(result.messages()) == 1


def test_an_excel_plain_list(tmp_path: Path) -> None:
    book = Workbook()
    sheet = book.active
    sheet.append(["实施主体", "实施编码", "事项名称"])
    sheet.append(["区人力资源局", 440310001, "创业培训补贴申领"])  # a code typed as a number
    sheet.append(["区人力资源局", "440310002", "失业登记"])
    book.save(tmp_path / "清单.xlsx")
    result = parse_plain_list(tmp_path / "清单.xlsx", departments=[RSJ])
    assert [g.code for g in result.source.guides] == ["440310001", "440310002"]
    assert result.incomplete == {"440310001", "440310002"}
    assert result.messages() == []
