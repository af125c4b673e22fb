"""The project's own Chinese fonts, so the UI never depends on what fonts a PC happens to have.

The main font (WenQuanYi Zen Hei) has no CJK Ext-B and beyond; the same fallback fonts the documents use
(HanaMinB for Ext-B–F, the BabelStone Han subset for Ext-G/H, see hallapp/printing/fonts.py) follow it in
the application font's family list, so Qt draws 吉𠮷 character by character: 吉 in the main font, 𠮷 in
HanaMinB, whatever the PC has installed.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication

from hallapp.config import FALLBACK_FONT_FILES, RESOURCES_DIR, UI_FONT_FILE

log = logging.getLogger(__name__)
UI_POINT_SIZE = 11


def _load(font_file: Path) -> str | None:
    font_id = QFontDatabase.addApplicationFont(str(font_file))
    families = QFontDatabase.applicationFontFamilies(font_id) if font_id >= 0 else []
    return families[0] if families else None


def install_app_font(
    app: QApplication, font_file: Path = UI_FONT_FILE, fallback_files: Sequence[Path] = FALLBACK_FONT_FILES
) -> str | None:
    """Load the shipped fonts and make them the application's; returns the main family, or None if missing.

    The fallback families follow the main one (``QFont.setFamilies``): a character the main font lacks is
    looked up in them, in order, before any font of the PC. A missing fallback only loses rare characters,
    so it is logged and the rest goes on.
    """
    main = _load(font_file)
    if main is None:
        log.error("UI font %s could not be loaded; Chinese may show as boxes", font_file)
        return None
    fallbacks = []
    for path in fallback_files:
        family = _load(path)
        if family is None:
            log.error("UI fallback font %s could not be loaded; rare characters may show as boxes", path)
        elif family not in fallbacks and family != main:
            fallbacks.append(family)
    font = QFont(main, UI_POINT_SIZE)
    font.setFamilies([main, *fallbacks])
    font.setStyleHint(QFont.StyleHint.SansSerif)
    app.setFont(font)
    return main


def install_style_sheet(app: QApplication, path: Path = RESOURCES_DIR / "styles" / "hallapp.qss") -> None:
    """Apply the shipped style sheet, if present (the app stays usable without it)."""
    try:
        app.setStyleSheet(path.read_text(encoding="utf-8"))
    except OSError:
        log.warning("style sheet %s not found", path)
