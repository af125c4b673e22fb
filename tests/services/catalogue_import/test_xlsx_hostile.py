"""Hostile or wrong files given as an Excel list: refused in words before anything is unpacked."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from openpyxl import Workbook

from hallapp.services.catalogue_import import xlsx_reader
from hallapp.services.catalogue_import.xlsx import parse_xlsx

HEADER = ["事项名称", "实施编码", "实施主体", "受理条件"]


def small_book() -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.append(HEADER)
    sheet.append(["创业培训补贴申领", "A1", "区人力资源局", "有"])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def messages(data: bytes | Path) -> list[str]:
    result = parse_xlsx(data, name="清单.xlsx")
    assert result.source.guides == []
    return result.messages()


def test_a_zip_bomb_is_refused_before_it_is_unpacked() -> None:
    buffer = io.BytesIO(small_book())
    with zipfile.ZipFile(buffer, "a", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/media/image1.bin", b"\0" * (24 * 2**20))  # 24 MB of zeros, packed to ~24 KB
    assert len(buffer.getvalue()) < 2**20
    assert messages(buffer.getvalue()) == ["清单.xlsx：文件解压后异常巨大（疑似压缩炸弹），已拒绝读取"]


def test_a_workbook_unpacking_beyond_the_cap_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(xlsx_reader, "MAX_UNPACKED_BYTES", 1000)
    [message] = messages(small_book())
    assert "解压后超过" in message


def test_a_file_too_big_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(xlsx_reader, "MAX_FILE_BYTES", 1000)
    [message] = messages(small_book())
    assert "不像事项清单" in message


def test_not_a_workbook(tmp_path: Path) -> None:
    old = tmp_path / "清单.xlsx"
    old.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600)  # an old .xls renamed
    [message] = messages(old)
    assert "不是 Excel 工作簿（.xlsx）" in message and "另存为 .xlsx" in message
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("word/document.xml", "<w/>")  # a zip, but a Word file
    [message] = messages(buffer.getvalue())
    assert "缺少 xl/workbook.xml" in message


def test_a_damaged_workbook_is_refused_in_words() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("xl/workbook.xml", "<workbook><broken")
    [message] = messages(buffer.getvalue())
    assert "工作簿已损坏" in message


def test_a_missing_file_is_a_problem(tmp_path: Path) -> None:
    [message] = messages(tmp_path / "没有.xlsx")
    assert "无法读取文件" in message


def test_an_overlong_cell_is_cut_and_reported(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("hallapp.services.catalogue_import.xlsx_cells.MAX_CELL_CHARS", 50)
    book = Workbook()
    sheet = book.active
    sheet.append(HEADER)
    sheet.append(["创业培训补贴申领", "A1", "区人力资源局", "条" * 80])
    buffer = io.BytesIO()
    book.save(buffer)
    result = parse_xlsx(buffer.getvalue(), name="清单.xlsx")
    [guide] = result.source.guides
    assert guide.conditions == "条" * 50
    assert any("D 列（受理条件）" in m and "超过 50 个字符" in m for m in result.messages())


def test_rows_beyond_the_cap_are_not_read(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(xlsx_reader, "MAX_ROWS", 3)
    book = Workbook()
    sheet = book.active
    sheet.append(HEADER)
    for number in range(10):
        sheet.append([f"事项{number}", f"A{number}", "区人力资源局", "有"])
    buffer = io.BytesIO()
    book.save(buffer)
    result = parse_xlsx(buffer.getvalue())
    assert [g.code for g in result.source.guides] == ["A0", "A1"]


def test_a_sheet_with_no_header_is_skipped_with_a_word() -> None:
    book = Workbook()
    book.active.append(["随便", "写点", "什么"])
    buffer = io.BytesIO()
    book.save(buffer)
    found = messages(buffer.getvalue())
    assert any("没有找到事项表或材料表的表头" in m for m in found)
    assert any("工作簿中没有事项表" in m for m in found)
