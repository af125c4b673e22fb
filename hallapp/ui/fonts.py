"""The project's own Chinese font, so the UI never depends on what fonts a PC happens to have."""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication

from hallapp.config import RESOURCES_DIR, UI_FONT_FILE

log = logging.getLogger(__name__)
UI_POINT_SIZE = 11


def install_app_font(app: QApplication, font_file: Path = UI_FONT_FILE) -> str | None:
    """Load the shipped font and make it the application's; returns its family, or None if missing."""
    font_id = QFontDatabase.addApplicationFont(str(font_file))
    families = QFontDatabase.applicationFontFamilies(font_id) if font_id >= 0 else []
    if not families:
        log.error("UI font %s could not be loaded; Chinese may show as boxes", font_file)
        return None
    font = QFont(families[0], UI_POINT_SIZE)
    font.setStyleHint(QFont.StyleHint.SansSerif)
    app.setFont(font)
    return families[0]


def install_style_sheet(app: QApplication, path: Path = RESOURCES_DIR / "styles" / "hallapp.qss") -> None:
    """Apply the shipped style sheet, if present (the app stays usable without it)."""
    try:
        app.setStyleSheet(path.read_text(encoding="utf-8"))
    except OSError:
        log.warning("style sheet %s not found", path)
