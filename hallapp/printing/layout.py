"""Page sizes, text styles, glyph-checked paragraphs and the few flowables the documents share.

Every string a document draws goes through ``Writer``: it is escaped, cut into runs by font (a character
the main font lacks is drawn in the first fallback font that has it, see ``fonts.FontChain``), checked
(characters no font has are collected and reported as ``MissingGlyphs`` instead of printing as blanks)
and wrapped the CJK way (a line may break between any two hanzi, never before a closing mark: 避头点).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.pagesizes import A4, A5
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph, Table, TableStyle

from hallapp.printing.errors import MissingGlyphs
from hallapp.printing.fonts import DocumentFont, FontChain
from hallapp.printing.qr import draw_qr

__all__ = ["PageMetrics", "QRCode", "TextLine", "Writer", "draw_string", "grid", "page_metrics"]

# Full-width marks that may not begin a line in Chinese typesetting (避头点). reportlab's CJK wrap knows
# the ASCII ones, 、。 and ）, but not ，；：！？, so a list item could end with a lone "；" on a line of its
# own; the wrap then hangs such a mark in the right margin instead, as it does for 。.
NO_LINE_START = "，；：！？．”’》〉｝％…"


def _keep_chinese_marks_off_line_starts() -> None:
    """Teach both of reportlab's CJK wraps (one text run: ``textsplit.wordSplit``; several runs:
    ``paragraph.cjkFragSplit``) the marks above. Idempotent."""
    from reportlab.lib import textsplit
    from reportlab.platypus import paragraph

    for module in (textsplit, paragraph):
        known = module.ALL_CANNOT_START
        if not all(mark in known for mark in NO_LINE_START):
            module.ALL_CANNOT_START = known + "".join(m for m in NO_LINE_START if m not in known)


LABEL_FILL = colors.Color(0.92, 0.92, 0.92)
RULE_GREY = colors.Color(0.35, 0.35, 0.35)
TEXT_GREY = colors.Color(0.25, 0.25, 0.25)


@dataclass(frozen=True)
class PageMetrics:
    """Sizes for one paper: everything scales with ``base`` (the body font size in points)."""

    paper: str
    width: float
    height: float
    margin_x: float
    margin_top: float  # page top to the frame's top (header band above it)
    margin_bottom: float  # page bottom to the footer's bottom
    base: float
    qr: float

    @property
    def frame_width(self) -> float:
        """Width available to the content."""
        return self.width - 2 * self.margin_x


_PAPERS = {
    "A4": PageMetrics("A4", A4[0], A4[1], 20 * mm, 21 * mm, 10 * mm, 10.5, 26 * mm),
    "A5": PageMetrics("A5", A5[0], A5[1], 12 * mm, 15 * mm, 8 * mm, 8.5, 22 * mm),
}


def page_metrics(paper: str) -> PageMetrics:
    """The metrics for "A4" or "A5"."""
    return _PAPERS[paper]


class Writer:
    """Makes glyph-checked paragraphs in the document's fonts and remembers what no font has.

    ``font`` is the main font, alone (the shipped fallbacks are added) or already in a ``FontChain``.
    """

    def __init__(self, font: DocumentFont | FontChain, page: PageMetrics) -> None:
        _keep_chinese_marks_off_line_starts()
        self.font = font if isinstance(font, FontChain) else FontChain(font)
        self.page = page
        self._missing: set[str] = set()
        self._fields: list[str] = []
        b = page.base
        name = font.name
        common: dict[str, Any] = {"fontName": name, "wordWrap": "CJK", "textColor": colors.black}
        self.styles: dict[str, ParagraphStyle] = {
            "body": ParagraphStyle("body", fontSize=b, leading=b * 1.65, firstLineIndent=2 * b, **common),
            "plain": ParagraphStyle("plain", fontSize=b, leading=b * 1.55, **common),
            "right": ParagraphStyle("right", fontSize=b, leading=b * 1.55, alignment=TA_RIGHT, **common),
            "cell": ParagraphStyle("cell", fontSize=b * 0.95, leading=b * 1.3, **common),
            "center": ParagraphStyle(
                "center", fontSize=b * 0.95, leading=b * 1.3, alignment=TA_CENTER, **common
            ),
            "label": ParagraphStyle(
                "label", fontSize=b * 0.95, leading=b * 1.3, alignment=TA_CENTER, **common
            ),
            "strong": ParagraphStyle("strong", fontSize=b * 1.2, leading=b * 1.6, **common),
            "small": ParagraphStyle(
                "small", fontSize=b * 0.8, leading=b * 1.15, **{**common, "textColor": TEXT_GREY}
            ),
            "clause": ParagraphStyle(
                "clause", fontSize=b, leading=b * 1.6, leftIndent=2 * b, firstLineIndent=-2 * b, **common
            ),
        }

    def text(self, value: str, where: str = "") -> str:
        """Check ``value`` against the fonts and return it as paragraph markup (fallback runs marked)."""
        self._note(self.font.missing(value), where)
        return self.font.markup(value)

    def _note(self, missing: set[str], where: str) -> None:
        if missing:
            self._missing |= missing
            self._fields.append(where)

    def para(
        self, value: str, style: str = "body", where: str = "", note: str = "", note_where: str = ""
    ) -> Paragraph:
        """A paragraph of ``value``; ``note`` follows in a smaller size (e.g. a date's ※ flag)."""
        markup = self.text(value, where)
        if note:
            size = self.styles[style].fontSize * 0.85
            markup += f' <font size="{size:.2f}">{self.text(note, note_where or where)}</font>'
        return Paragraph(markup, self.styles[style])

    def check(self, value: str, where: str = "") -> str:
        """Check a string drawn directly on the canvas in the main font (headers, footers); return it.

        Such a string is drawn with ``drawString``, which knows one font only: a character only a fallback
        font has counts as missing here. Text that may hold rare characters goes through ``text`` /
        ``para``, ``line`` or ``draw_string``, which draw each run in its own font.
        """
        self._note(self.font.main.missing(value), where)
        return value

    def check_runs(self, value: str, where: str = "") -> str:
        """Check a string drawn run by run (``TextLine``, ``draw_string``); return it unchanged."""
        self._note(self.font.missing(value), where)
        return value

    def raise_if_missing(self) -> None:
        """Raise ``MissingGlyphs`` listing every character the document needs and the font lacks."""
        if self._missing:
            raise MissingGlyphs(self._missing, self._fields)

    def bold(self, value: str, scale: float = 1.1, align: str = "left") -> TextLine:
        """A one-line heading in synthetic bold (the font has no bold face)."""
        size = self.page.base * scale
        return TextLine(self.check_runs(value, "标题 heading"), self.font, size, align, bold=True)

    def line(self, value: str, scale: float = 1.0, where: str = "") -> TextLine:
        """One unwrapped line drawn exactly as given (spaces kept, e.g. "　　年　　月　　日")."""
        return TextLine(self.check_runs(value, where), self.font, self.page.base * scale)


class TextLine(Flowable):
    """One line of text, optionally synthetic bold (fill + thin stroke); shrunk to fit if ever too wide.

    Each run is drawn in its own font: a rare character of a name in the fallback font, the rest in the
    main font.
    """

    def __init__(
        self,
        text: str,
        font: DocumentFont | FontChain,
        size: float,
        align: str = "left",
        *,
        bold: bool = False,
        spaced: bool = False,
    ) -> None:
        super().__init__()
        self.text = text
        self.font = font if isinstance(font, FontChain) else FontChain(font)
        self.size = size
        self.align = align
        self.bold = bold
        self.char_space = size * 0.25 if spaced else 0.0
        self._avail = 0.0

    def _text_width(self, size: float, char_space: float) -> float:
        return self.font.width(self.text, size) + char_space * max(len(self.text) - 1, 0)

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        self._avail = availWidth
        while self.size > 4 and self._text_width(self.size, self.char_space) > availWidth:
            self.size *= 0.95
            self.char_space *= 0.9
        return availWidth, self.size * 1.35

    def draw(self) -> None:
        canv = self.canv
        width = self._text_width(self.size, self.char_space)
        x = {"left": 0.0, "center": (self._avail - width) / 2, "right": self._avail - width}[self.align]
        canv.saveState()
        if self.bold:
            canv.setLineWidth(self.size * 0.035)
        draw_string(
            canv,
            self.font,
            x,
            self.size * 0.3,
            self.text,
            self.size,
            char_space=self.char_space,
            bold=self.bold,
        )
        canv.restoreState()


def draw_string(
    canv: Any,
    font: FontChain,
    x: float,
    y: float,
    text: str,
    size: float,
    *,
    anchor: str = "left",
    char_space: float = 0.0,
    bold: bool = False,
) -> None:
    """Draw one line of ``text`` on the canvas at (x, y), each run in its own font of ``font``.

    ``anchor`` is "left", "right" or "centre" like ``drawString`` / ``drawRightString`` /
    ``drawCentredString``; ``bold`` fills and strokes the glyphs (the fonts have no bold face).
    """
    width = font.width(text, size) + char_space * max(len(text) - 1, 0)
    start = {"left": x, "right": x - width, "centre": x - width / 2}[anchor]
    obj = canv.beginText(start, y)
    if bold:
        obj.setTextRenderMode(2)
    obj.setCharSpace(char_space)
    for run_font, piece in font.runs(text):
        obj.setFont(run_font.name, size)
        obj.textOut(piece)
    canv.drawText(obj)


class QRCode(Flowable):
    """A square QR code of side ``size`` (quiet zone included)."""

    def __init__(self, payload: str, size: float) -> None:
        super().__init__()
        self.payload = payload
        self.size = size

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        return self.size, self.size

    def draw(self) -> None:
        draw_qr(self.canv, self.payload, x=0, y=0, size=self.size)


def grid(
    rows: Sequence[Sequence[Any]],
    widths: Sequence[float],
    *,
    total: float,
    font: str,
    size: float,
    header: bool = False,
    labels: Sequence[tuple[int, int]] = (),
    spans: Sequence[tuple[int, int, int]] = (),
    pad: float = 3.5,
    max_height: float = 400.0,
) -> Table:
    """A bordered table: ``widths`` are fractions of ``total``; ``spans`` are (row, first col, last col).

    ``labels`` are the (col, row) cells shaded as field labels. Cells are centred vertically unless a row
    may be taller than a third of ``max_height`` (the frame): such rows split across pages, which only works
    with top-aligned cells.

    With ``header`` the first row is shaded and repeated on every page the table continues on.
    """
    table = Table(
        [list(r) for r in rows],
        colWidths=[f * total for f in widths],
        repeatRows=1 if header else 0,
        splitInRow=1,
        hAlign="LEFT",
    )
    commands: list[tuple[Any, ...]] = [
        ("FONT", (0, 0), (-1, -1), font, size),
        ("GRID", (0, 0), (-1, -1), 0.6, colors.black),
        ("BOX", (0, 0), (-1, -1), 1.1, colors.black),
        ("VALIGN", (0, 0), (-1, -1), _valign(rows, table._colWidths, max_height)),
        ("LEFTPADDING", (0, 0), (-1, -1), pad),
        ("RIGHTPADDING", (0, 0), (-1, -1), pad),
        ("TOPPADDING", (0, 0), (-1, -1), pad * 0.7),
        ("BOTTOMPADDING", (0, 0), (-1, -1), pad * 0.85),
    ]
    if header:
        commands.append(("BACKGROUND", (0, 0), (-1, 0), LABEL_FILL))
    for cell in labels:
        commands.append(("BACKGROUND", cell, cell, LABEL_FILL))
    for row, first, last in spans:
        commands.append(("SPAN", (first, row), (last, row)))
    table.setStyle(TableStyle(commands))
    return table


def _valign(rows: Sequence[Sequence[Any]], widths: Sequence[float], max_height: float) -> str:
    """MIDDLE for ordinary tables; TOP when some cell's text may need a third of the frame or more."""
    for row in rows:
        for cell, width in zip(row, widths, strict=False):
            if isinstance(cell, Paragraph):
                style = cell.style
                lines = len(cell.text) * style.fontSize / max(width - 8.0, 1.0) + 1
                if lines * style.leading > max_height / 3:
                    return "TOP"
    return "MIDDLE"
