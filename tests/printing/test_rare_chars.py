"""Rare characters (生僻字) of names print: each character the main font lacks is drawn in a fallback font.

吉𠮷 (U+20BB7, CJK Ext-B) and 𰀀 (U+30000, Ext-G) are in no glyph of WenQuanYi Zen Hei; the receipt must
still carry them, in an embedded font, as text that can be copied and searched.
"""

from __future__ import annotations

import dataclasses
import shutil
import subprocess
import unicodedata
from pathlib import Path

import pytest

from hallapp.printing.documents import render
from hallapp.printing.fonts import FALLBACK_FONT_FILES, load_chain, load_font
from hallapp.printing.layout import TextLine
from hallapp.printing.model import DocumentKind
from hallapp.printing.samples import sample_document
from tests.printing.pdfcheck import fonts, text

EXT_B = "\U00020bb7"  # 𠮷, in HanaMinB
EXT_G = "\U00030000"  # 𰀀, in the BabelStone Han subset
EXT_G_UNCOVERED = "\U00030041"  # Ext-G, assigned since Unicode 13, in no shipped font

BLOCKS = {
    "Ext-A": (0x3400, 0x4DBF),
    "URO": (0x4E00, 0x9FFF),
    "Ext-B": (0x20000, 0x2A6DF),
    "Ext-C": (0x2A700, 0x2B73F),
    "Ext-D": (0x2B740, 0x2B81F),
    "Ext-E": (0x2B820, 0x2CEAF),
    "Ext-F": (0x2CEB0, 0x2EBEF),
    "Ext-G": (0x30000, 0x3134F),
}


def _coverage(block: str) -> tuple[int, int]:
    """(characters a shipped font has, characters Python's Unicode tables assign) in ``block``."""
    chain = load_chain()
    low, high = BLOCKS[block]
    assigned = [chr(c) for c in range(low, high + 1) if unicodedata.name(chr(c), None)]
    return sum(1 for ch in assigned if chain.font_for(ch) is not None), len(assigned)


@pytest.mark.parametrize("block", ["Ext-A", "URO", "Ext-B", "Ext-C", "Ext-D", "Ext-E", "Ext-F"])
def test_every_assigned_character_of_the_blocks_up_to_ext_f_has_a_font(block: str) -> None:
    covered, assigned = _coverage(block)
    assert assigned > 0 and covered == assigned


def test_ext_g_is_mostly_covered_and_what_is_not_is_known() -> None:
    covered, assigned = _coverage("Ext-G")
    assert assigned == 4939 and covered >= 3045
    chain = load_chain()
    assert chain.font_for(EXT_G) is not None and chain.font_for(EXT_G_UNCOVERED) is None


def test_the_fallbacks_are_truetype_files_reportlab_embeds() -> None:
    names = [load_font(path, name=f"HallAppSans-{path.stem}").ttf.face.name for path in FALLBACK_FONT_FILES]
    assert names == [b"HanaMinB", b"BabelStoneHan"]
    licences = ["LICENSE-hanazono.txt", "LICENSE-babelstone-han.txt"]
    for path, licence in zip(FALLBACK_FONT_FILES, licences, strict=True):
        assert path.read_bytes()[:4] == b"\x00\x01\x00\x00"  # glyf outlines, not CFF ("OTTO")
        assert (path.parent / licence).is_file()


def test_text_is_cut_into_runs_where_the_font_changes() -> None:
    chain = load_chain()
    main, hana, babel = chain.fonts
    runs = chain.runs(f"吉{EXT_B}{EXT_G}明 A&B")
    assert [(font.name, piece) for font, piece in runs] == [
        (main.name, "吉"),
        (hana.name, EXT_B),
        (babel.name, EXT_G),
        (main.name, "明 A&B"),
    ]
    assert chain.markup(f"{EXT_B}&") == f'<font name="{hana.name}">{EXT_B}</font>&amp;'
    assert chain.runs("张三") == [(main, "张三")]


def test_a_line_is_measured_in_the_fonts_it_is_drawn_in() -> None:
    chain = load_chain()
    hana = chain.fallbacks[0]
    assert chain.width(f"吉{EXT_B}", 10) == pytest.approx(chain.main.width("吉", 10) + hana.width(EXT_B, 10))
    line = TextLine(f"申请人：吉{EXT_B}", chain, 10)
    assert line.wrap(500, 100)[1] > 0 and line.size == 10


def _receipt(name: str) -> bytes:
    return render(dataclasses.replace(sample_document(DocumentKind.RECEIPT), applicant_name=name))


@pytest.mark.parametrize(("char", "font"), [(EXT_B, "HanaMinB"), (EXT_G, "BabelStoneHan")])
def test_a_receipt_prints_a_rare_name_with_the_fallback_font_embedded(char: str, font: str) -> None:
    pdf = _receipt(f"吉{char}")
    assert f"吉{char}" in text(pdf)  # the ToUnicode map is right beyond U+FFFF: copy and search work
    used = {f.base_font.split("+", 1)[1]: f for f in fonts(pdf)}
    assert set(used) == {"WenQuanYiZenHei", font}
    assert all(f.embedded and f.subtype == "/TrueType" for f in used.values())


def test_an_ordinary_receipt_embeds_the_main_font_only() -> None:
    assert {f.base_font.split("+", 1)[1] for f in fonts(_receipt("张三"))} == {"WenQuanYiZenHei"}


@pytest.mark.skipif(shutil.which("pdffonts") is None, reason="poppler-utils not installed")
def test_poppler_sees_both_fonts_embedded_and_the_name_as_text(tmp_path: Path) -> None:
    pdf = tmp_path / "receipt.pdf"
    pdf.write_bytes(_receipt(f"吉{EXT_B}{EXT_G}明"))
    listing = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout
    rows = {line.split()[0].split("+", 1)[1]: line.split() for line in listing.splitlines()[2:]}
    assert set(rows) == {"WenQuanYiZenHei", "HanaMinB", "BabelStoneHan"}
    assert all(row[-5:-3] == ["yes", "yes"] for row in rows.values())  # emb, sub
    extracted = subprocess.run(
        ["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert f"吉{EXT_B}{EXT_G}明" in extracted
