"""The one font every printed document uses, embedded as a subset so the PDF prints the same on any PC.

The font is WenQuanYi Zen Hei (resources/fonts/wqy-zenhei.ttf, GPL-2 with the font-embedding exception):
a glyf TrueType face, which reportlab can embed, covering Latin, all common hanzi and CJK Ext-A (rare name
characters such as 㛃 堃). It is registered once per process, lazily, on first use. There is deliberately no
fallback: reportlab's STSong-Light is not embedded and prints blank on PCs without Adobe's fonts.
"""

from __future__ import annotations

import os
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from hallapp.config import UI_FONT_FILE
from hallapp.printing.errors import FontUnavailable, MissingGlyphs

__all__ = [
    "DEFAULT_FONT_FILE",
    "DocumentFont",
    "FontUnavailable",
    "MissingGlyphs",
    "check_glyphs",
    "load_font",
    "missing_glyphs",
]

DEFAULT_FONT_FILE: Path = UI_FONT_FILE
_FONT_NAME = "HallAppSans"
# Characters that never reach a glyph: line breaks are layout, not text.
_LAYOUT_CHARS = frozenset("\n\r\t")

_lock = threading.Lock()
_loaded: dict[Path, DocumentFont] = {}


@dataclass(frozen=True)
class DocumentFont:
    """A registered reportlab TrueType font: its registered name, file and glyph coverage."""

    name: str
    path: Path
    ttf: Any = field(repr=False)
    _codes: frozenset[int] = field(repr=False, default=frozenset())

    def missing(self, text: str) -> set[str]:
        """The characters of ``text`` this font has no glyph for (line breaks and tabs are ignored)."""
        codes = self._codes
        return {ch for ch in text if ord(ch) not in codes and ch not in _LAYOUT_CHARS}

    def width(self, text: str, size: float) -> float:
        """Width of ``text`` in points at ``size``."""
        return float(self.ttf.stringWidth(text, size))


def _key(path: str | os.PathLike[str] | None) -> Path:
    return Path(path).expanduser().resolve() if path is not None else DEFAULT_FONT_FILE.resolve()


def load_font(path: str | os.PathLike[str] | None = None) -> DocumentFont:
    """Register the print font (the project's by default) once per process and return it.

    Thread-safe; later calls are a dictionary look-up. Raises ``FontUnavailable`` when the file is missing
    or is not a TrueType font reportlab can embed.
    """
    key = _key(path)
    font = _loaded.get(key)
    if font is not None:
        return font
    with _lock:
        font = _loaded.get(key)
        if font is not None:
            return font
        font = _register(key, _FONT_NAME if not _loaded else f"{_FONT_NAME}-{len(_loaded)}")
        _loaded[key] = font
        return font


def _register(path: Path, name: str) -> DocumentFont:
    if not path.is_file():
        raise FontUnavailable(path, "文件不存在 / file not found")
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    try:
        ttf = TTFont(name, str(path))
        codes = frozenset(ttf.face.charToGlyph)
    except Exception as exc:  # any parse failure means the file cannot be embedded
        raise FontUnavailable(path, f"{type(exc).__name__}: {exc}") from exc
    if not codes:
        raise FontUnavailable(path, "字体不含任何字符 / the font maps no characters")
    pdfmetrics.registerFont(ttf)
    return DocumentFont(name=name, path=path, ttf=ttf, _codes=codes)


def missing_glyphs(text: str, *, font_path: str | os.PathLike[str] | None = None) -> set[str]:
    """The characters of ``text`` that the print font cannot draw (registering the font if needed)."""
    return load_font(font_path).missing(text)


def check_glyphs(text: str, *, font_path: str | os.PathLike[str] | None = None, where: str = "") -> None:
    """Raise ``MissingGlyphs`` if the print font cannot draw every character of ``text``."""
    missing = missing_glyphs(text, font_path=font_path)
    if missing:
        raise MissingGlyphs(missing, (where,))
