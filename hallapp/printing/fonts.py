"""The fonts every printed document uses, embedded as subsets so the PDF prints the same on any PC.

The main font is WenQuanYi Zen Hei (resources/fonts/wqy-zenhei.ttf, GPL-2 with the font-embedding
exception): a glyf TrueType face, which reportlab can embed, covering Latin, all common hanzi and CJK
Ext-A (rare name characters such as 㛃 堃). It has no CJK Ext-B and beyond, yet names such as 吉𠮷 are
written with them, so two fallbacks follow it, character by character (``FontChain``):

* HanaMinB (Hanazono Mincho B, Hanazono Font License or SIL OFL 1.1): CJK Ext-B to Ext-F;
* BabelStoneHan-gaps (a subset of BabelStone Han, Arphic Public License): most of Ext-G and Ext-H and the
  few recent ideographs the others lack.

A character goes to the first font that has it; one that no font has is reported (``MissingGlyphs``),
never printed blank. There is deliberately no other fallback: reportlab's STSong-Light is not embedded and
prints blank on PCs without Adobe's fonts. Each font is registered once per process, lazily, and the
fallbacks only when a text first needs them, so an ordinary receipt never loads them.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from hallapp.config import FALLBACK_FONT_FILES, UI_FONT_FILE
from hallapp.printing.errors import FontUnavailable, MissingGlyphs

__all__ = [
    "DEFAULT_FONT_FILE",
    "FALLBACK_FONT_FILES",
    "DocumentFont",
    "FontChain",
    "FontUnavailable",
    "MissingGlyphs",
    "check_glyphs",
    "load_chain",
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

    def has(self, char: str) -> bool:
        """Whether this font has a glyph for ``char``."""
        return ord(char) in self._codes

    def missing(self, text: str) -> set[str]:
        """The characters of ``text`` this font has no glyph for (line breaks and tabs are ignored)."""
        codes = self._codes
        return {ch for ch in text if ord(ch) not in codes and ch not in _LAYOUT_CHARS}

    def width(self, text: str, size: float) -> float:
        """Width of ``text`` in points at ``size``."""
        return float(self.ttf.stringWidth(text, size))


class FontChain:
    """The main font and its fallbacks, tried per character in that order.

    It answers like a ``DocumentFont`` for what is drawn in the main font (``name``, ``width`` of plain
    main-font text) and adds what mixed text needs: ``runs`` (the text cut where the font changes),
    ``markup`` (paragraph markup with the fallback runs in ``<font name=…>``) and ``missing`` (what no
    font of the chain has). Fallback files are registered on first need.
    """

    def __init__(self, main: DocumentFont, fallback_files: Sequence[Path] = FALLBACK_FONT_FILES) -> None:
        self.main = main
        self.fallback_files = tuple(fallback_files)
        self._fallbacks: tuple[DocumentFont, ...] | None = None

    @property
    def name(self) -> str:
        """The main font's registered name (the one paragraph styles and canvas strings use)."""
        return self.main.name

    @property
    def path(self) -> Path:
        return self.main.path

    @property
    def fallbacks(self) -> tuple[DocumentFont, ...]:
        """The fallback fonts, registered now if this is their first use."""
        if self._fallbacks is None:
            self._fallbacks = tuple(
                load_font(path, name=f"{_FONT_NAME}-{path.stem}") for path in self.fallback_files
            )
        return self._fallbacks

    @property
    def fonts(self) -> tuple[DocumentFont, ...]:
        return (self.main, *self.fallbacks)

    def font_for(self, char: str) -> DocumentFont | None:
        """The first font of the chain that has ``char``; None when none has it."""
        if self.main.has(char) or char in _LAYOUT_CHARS:
            return self.main
        for font in self.fallbacks:
            if font.has(char):
                return font
        return None

    def missing(self, text: str) -> set[str]:
        """The characters of ``text`` that no font of the chain has (line breaks and tabs are ignored)."""
        lacking = self.main.missing(text)
        if not lacking:
            return lacking
        return {ch for ch in lacking if self.font_for(ch) is None}

    def runs(self, text: str) -> list[tuple[DocumentFont, str]]:
        """``text`` cut into (font, piece) where the font changes; a character no font has stays in the
        main font's run (it is reported by ``missing`` and the document refused before it is drawn)."""
        if not self.main.missing(text):
            return [(self.main, text)] if text else []
        runs: list[tuple[DocumentFont, str]] = []
        for ch in text:
            font = self.font_for(ch) or self.main
            if runs and runs[-1][0] is font:
                runs[-1] = (font, runs[-1][1] + ch)
            else:
                runs.append((font, ch))
        return runs

    def markup(self, text: str) -> str:
        """``text`` escaped for paragraph markup, fallback runs wrapped in ``<font name="…">``."""
        parts = []
        for font, piece in self.runs(text):
            escaped = escape(piece).replace("\n", "<br/>")
            parts.append(escaped if font is self.main else f'<font name="{font.name}">{escaped}</font>')
        return "".join(parts)

    def width(self, text: str, size: float) -> float:
        """Width of ``text`` in points at ``size``, each run measured in its own font."""
        return sum(font.width(piece, size) for font, piece in self.runs(text))


def _key(path: str | os.PathLike[str] | None) -> Path:
    return Path(path).expanduser().resolve() if path is not None else DEFAULT_FONT_FILE.resolve()


def load_font(path: str | os.PathLike[str] | None = None, *, name: str | None = None) -> DocumentFont:
    """Register a print font (the project's main font by default) once per process and return it.

    ``name`` is the name to register it under; by default the main font is "HallAppSans". Thread-safe;
    later calls are a dictionary look-up. Raises ``FontUnavailable`` when the file is missing or is not a
    TrueType font reportlab can embed.
    """
    key = _key(path)
    font = _loaded.get(key)
    if font is not None:
        return font
    with _lock:
        font = _loaded.get(key)
        if font is not None:
            return font
        if name is None:
            taken = {f.name for f in _loaded.values()}
            name = _FONT_NAME if _FONT_NAME not in taken else f"{_FONT_NAME}-{len(_loaded)}"
        font = _register(key, name)
        _loaded[key] = font
        return font


def load_chain(
    path: str | os.PathLike[str] | None = None, *, fallbacks: Sequence[Path] = FALLBACK_FONT_FILES
) -> FontChain:
    """The main font (``path``, the project's by default) followed by the shipped fallback fonts."""
    return FontChain(load_font(path), fallbacks)


def _register(path: Path, name: str) -> DocumentFont:
    if not path.is_file():
        raise FontUnavailable(path, "文件不存在 / file not found")
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    _fix_to_unicode_beyond_bmp()
    try:
        ttf = TTFont(name, str(path))
        codes = frozenset(ttf.face.charToGlyph)
    except Exception as exc:  # any parse failure means the file cannot be embedded
        raise FontUnavailable(path, f"{type(exc).__name__}: {exc}") from exc
    if not codes:
        raise FontUnavailable(path, "字体不含任何字符 / the font maps no characters")
    pdfmetrics.registerFont(ttf)
    return DocumentFont(name=name, path=path, ttf=ttf, _codes=codes)


def _fix_to_unicode_beyond_bmp() -> None:
    """Make reportlab's ToUnicode map right for characters beyond U+FFFF (CJK Ext-B and later).

    reportlab 4/5 writes each code as ``<%04X>``, so 𠮷 (U+20BB7) becomes ``<20BB7>``, which PDF readers
    take as U+20BB: the PDF prints right but copying or searching its text gives "₻". A ToUnicode
    destination must be UTF-16BE, i.e. a surrogate pair ``<D842DFB7>``. The replacement writes exactly what
    reportlab writes for every other character; it is installed once, when the first font is registered.
    """
    from reportlab.pdfbase import ttfonts

    original = ttfonts.makeToUnicodeCMap
    if getattr(original, "_hallapp_utf16", False):
        return

    def make_to_unicode_cmap(fontname: str, subset: Sequence[int]) -> str:
        if all(code <= 0xFFFF for code in subset):
            return str(original(fontname, subset))
        lines = original(fontname, [code if code <= 0xFFFF else 0xFFFD for code in subset]).split("\n")
        first = lines.index(f"{len(subset)} beginbfchar") + 1
        for index, code in enumerate(subset):
            if code > 0xFFFF:
                lines[first + index] = f"<{index:02X}> <{chr(code).encode('utf-16-be').hex().upper()}>"
        return "\n".join(lines)

    make_to_unicode_cmap._hallapp_utf16 = True  # type: ignore[attr-defined]
    ttfonts.makeToUnicodeCMap = make_to_unicode_cmap


def missing_glyphs(
    text: str,
    *,
    font_path: str | os.PathLike[str] | None = None,
    fallbacks: Sequence[Path] = FALLBACK_FONT_FILES,
) -> set[str]:
    """The characters of ``text`` that no print font (main font and fallbacks) can draw."""
    return load_chain(font_path, fallbacks=fallbacks).missing(text)


def check_glyphs(
    text: str,
    *,
    font_path: str | os.PathLike[str] | None = None,
    where: str = "",
    fallbacks: Sequence[Path] = FALLBACK_FONT_FILES,
) -> None:
    """Raise ``MissingGlyphs`` if no print font can draw some character of ``text``."""
    missing = missing_glyphs(text, font_path=font_path, fallbacks=fallbacks)
    if missing:
        raise MissingGlyphs(missing, (where,))


def unprintable(texts: Iterable[str]) -> list[str]:
    """Every character of ``texts`` that no shipped font has, once each, in order of appearance."""
    chain = load_chain()
    seen: dict[str, None] = {}
    for value in texts:
        for ch in value:
            if ch not in seen and ch not in _LAYOUT_CHARS and chain.font_for(ch) is None:
                seen[ch] = None
    return list(seen)
