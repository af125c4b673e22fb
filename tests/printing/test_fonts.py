"""The print fonts are embedded, registered once, and never silently replaced or short of a character.

A character the main font lacks goes to a fallback font (tests/printing/test_rare_chars.py); these tests
are about what no shipped font has.
"""

from __future__ import annotations

import dataclasses
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest

from hallapp.printing import fonts
from hallapp.printing.documents import render
from hallapp.printing.errors import FontUnavailable, MissingGlyphs
from hallapp.printing.fonts import DEFAULT_FONT_FILE, check_glyphs, load_font, missing_glyphs
from hallapp.printing.model import DeferredLine, DocumentKind, MaterialLine
from hallapp.printing.samples import sample_document
from tests.printing.pdfcheck import text

# U+2EBF0 (CJK Ext-I, Unicode 15.1: assigned, but in no shipped font) and a private-use character.
NOT_IN_FONT = ("\U0002ebf0", "\ue000")
# U+20BB7 (CJK Ext-B, the "吉" with a long lower stroke of the surname 𠮷): only in the fallback font.
EXT_B = "\U00020bb7"


def test_the_project_font_is_wenquanyi_zen_hei() -> None:
    assert DEFAULT_FONT_FILE.name == "wqy-zenhei.ttf" and DEFAULT_FONT_FILE.is_file()
    font = load_font()
    assert font.ttf.face.name == b"WenQuanYiZenHei"


def test_font_is_registered_once_per_process_even_from_many_threads() -> None:
    with ThreadPoolExecutor(max_workers=8) as pool:
        loaded = list(pool.map(lambda _: load_font(), range(32)))
    assert all(f is loaded[0] for f in loaded)
    assert load_font(DEFAULT_FONT_FILE) is loaded[0]


def test_coverage_of_names_in_the_hall() -> None:
    assert missing_glyphs("买买提·艾力 王㛃 李堃 陈喆 林珺 黄燊 4401**********1234 ※（）：；，。“”") == set()


@pytest.mark.parametrize("char", NOT_IN_FONT)
def test_missing_glyphs_finds_what_the_font_lacks(char: str) -> None:
    assert missing_glyphs(f"张{char}明") == {char}
    with pytest.raises(MissingGlyphs) as caught:
        check_glyphs(f"张{char}", where="申请人")
    assert caught.value.chars == (char,)
    assert f"U+{ord(char):04X}" in str(caught.value)


def test_a_character_only_a_fallback_font_has_is_not_missing() -> None:
    assert load_font().missing(EXT_B) == {EXT_B}
    assert missing_glyphs(f"吉{EXT_B}") == set()
    check_glyphs(f"吉{EXT_B}", where="申请人")
    assert missing_glyphs(f"吉{EXT_B}", fallbacks=()) == {EXT_B}


def test_line_breaks_are_layout_not_missing_characters() -> None:
    assert missing_glyphs("第一行\n第二行\t") == set()


@pytest.mark.parametrize(
    ("field", "where"),
    [
        ("applicant_name", "申请人"),
        ("hall_name", "服务大厅"),
        ("place", "办理地点"),
        ("matter_name", "事项名称"),
        ("tracking_text", "查询方式"),
        ("audit_head", "校验"),
    ],
)
def test_render_refuses_text_no_font_can_draw(field: str, where: str) -> None:
    changes: dict[str, Any] = {field: "张\U0002ebf0"}
    data = dataclasses.replace(sample_document(DocumentKind.RECEIPT), **changes)
    with pytest.raises(MissingGlyphs) as caught:
        render(data)
    assert caught.value.chars == ("\U0002ebf0",)
    assert any(where in f for f in caught.value.fields)
    assert "打印字体缺少以下字符" in str(caught.value) and "lacks" in str(caught.value)


@pytest.mark.parametrize(("field", "where"), [("hall_name", "服务大厅"), ("audit_head", "校验")])
def test_strings_drawn_straight_on_the_canvas_refuse_even_a_fallback_character(
    field: str, where: str
) -> None:
    # The running header and the audit mark are drawn with drawString in the main font only: a rare
    # character there is refused, never drawn blank.
    changes: dict[str, Any] = {field: f"张{EXT_B}"}
    with pytest.raises(MissingGlyphs) as caught:
        render(dataclasses.replace(sample_document(DocumentKind.RECEIPT), **changes))
    assert caught.value.chars == (EXT_B,)
    assert any(where in f for f in caught.value.fields)


def test_every_missing_character_of_the_document_is_listed_at_once() -> None:
    base = sample_document(DocumentKind.DEFERRAL_NOTICE)
    data = dataclasses.replace(
        base,
        applicant_name="\U0002ebf0先生",
        deferred=(DeferredLine("材料\ue000", "现场", base.deferred[0].deadline),),
    )
    with pytest.raises(MissingGlyphs) as caught:
        render(data)
    assert set(caught.value.chars) == set(NOT_IN_FONT)


def test_material_lines_are_checked_too() -> None:
    base = sample_document(DocumentKind.RECEIPT)
    data = dataclasses.replace(base, materials=(MaterialLine("身份证", "原件已验", "备注\ue000"),))
    with pytest.raises(MissingGlyphs):
        render(data)


def test_a_qr_payload_is_not_text_and_may_hold_any_character() -> None:
    data = dataclasses.replace(
        sample_document(DocumentKind.RECEIPT), qr_payload="https://x.example/?n=\U00020bb7"
    )
    assert text(render(data))


def test_missing_font_file_raises_font_unavailable(tmp_path: Path) -> None:
    with pytest.raises(FontUnavailable) as caught:
        render(sample_document(DocumentKind.RECEIPT), font_path=tmp_path / "nope.ttf")
    message = str(caught.value)
    assert "无法加载打印字体" in message and "Cannot load the print font" in message
    assert "nope.ttf" in message


def test_unreadable_font_file_raises_font_unavailable(tmp_path: Path) -> None:
    broken = tmp_path / "broken.ttf"
    broken.write_bytes(b"\x00\x01\x00\x00" + b"not a font" * 100)
    with pytest.raises(FontUnavailable):
        load_font(broken)
    with pytest.raises(FontUnavailable):
        render(sample_document(DocumentKind.RECEIPT), font_path=broken)


def test_a_failed_load_is_not_cached(tmp_path: Path) -> None:
    path = tmp_path / "later.ttf"
    with pytest.raises(FontUnavailable):
        load_font(path)
    assert path.resolve() not in fonts._loaded


def test_a_missing_fallback_font_is_said_only_when_a_text_needs_it(tmp_path: Path) -> None:
    chain = fonts.FontChain(load_font(), [tmp_path / "HanaMinB.ttf"])
    assert chain.missing("张三") == set() and chain.runs("张三")[0][1] == "张三"
    with pytest.raises(FontUnavailable) as caught:
        chain.missing(f"吉{EXT_B}")
    assert "resources/fonts/HanaMinB.ttf" in str(caught.value)
