"""Rare characters (生僻字) of names show on screen: the application font falls back per character to the
same fonts the documents embed (HanaMinB for Ext-B–F, the BabelStone Han subset for Ext-G/H)."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QImage, QTextLayout
from PySide6.QtWidgets import QApplication, QLabel

from hallapp.ui.fonts import install_app_font

EXT_B = "\U00020bb7"  # 𠮷
EXT_G = "\U00030000"  # 𰀀
UNCOVERED = "\U00030041"  # Ext-G, in no shipped font


@pytest.fixture
def app_font(qapp):
    before = QApplication.font()
    family = install_app_font(qapp)
    assert family == "WenQuanYi Zen Hei"
    yield family
    QApplication.setFont(before)


def _fonts_drawing(text: str, label: QLabel) -> list[tuple[str, int]]:
    """(family, number of glyphs) of each glyph run Qt lays ``text`` out in, with the label's font."""
    layout = QTextLayout(text, label.font())
    layout.beginLayout()
    layout.createLine()
    layout.endLayout()
    return sorted((run.rawFont().familyName(), len(run.glyphIndexes())) for run in layout.glyphRuns())


def _grab(qtbot, text: str) -> QImage:
    label = QLabel(text)
    label.setStyleSheet("font-size: 28pt; background: white; color: black")
    qtbot.addWidget(label)
    label.resize(120, 60)
    return label.grab().toImage()


def test_the_application_font_lists_the_fallbacks_after_the_main_font(app_font) -> None:
    assert QApplication.font().families() == ["WenQuanYi Zen Hei", "HanaMinB", "BabelStone Han"]


def test_a_label_draws_each_character_in_the_first_font_that_has_it(app_font, qtbot) -> None:
    label = QLabel(f"吉{EXT_B}{EXT_G}明")
    label.setStyleSheet("font-size: 20pt")  # a style sheet's size keeps the family list
    qtbot.addWidget(label)
    label.ensurePolished()
    assert label.font().families()[1:] == ["HanaMinB", "BabelStone Han"]
    assert _fonts_drawing(label.text(), label) == [
        ("BabelStone Han", 1),
        ("HanaMinB", 1),
        ("WenQuanYi Zen Hei", 2),
    ]


def test_a_rare_character_is_drawn_not_a_box(app_font, qtbot) -> None:
    box = _grab(qtbot, UNCOVERED)  # what Qt draws for a character no font has
    for char in (EXT_B, EXT_G):
        drawn = _grab(qtbot, char)
        assert drawn != box
        assert any(drawn.pixelColor(x, y).lightness() < 128 for x in range(120) for y in range(60))
