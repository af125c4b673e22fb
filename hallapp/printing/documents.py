"""Render a document to PDF bytes: page furniture around the story built in content.py (``build_pdf``,
which the disclosure letters share).

Every page carries a running header (hall, case number, "（续）" after the first page), a footer (place,
phones, audit mark, "第 x 页／共 n 页") and, on reprints, a 副本 / 重印 mark in the header plus a light
diagonal watermark. The PDF is built with reportlab's invariant mode, so the same data gives the same bytes
and a reprint can be compared with the original. The font is embedded as a subset.
"""

from __future__ import annotations

import io
import os
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from reportlab.lib import colors
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, PageTemplate, Paragraph

from hallapp.printing.content import build_story
from hallapp.printing.fonts import load_font
from hallapp.printing.layout import RULE_GREY, TEXT_GREY, PageMetrics, Writer, page_metrics
from hallapp.printing.model import DocumentData, DocumentKind

__all__ = ["COPY_MARK", "Furniture", "build_pdf", "render"]

COPY_MARK = "副本 / 重印"
# One document at a time: a TTFont keeps per-document subset state, and the GIL gives no parallel speed-up.
_build_lock = threading.Lock()


def render(data: DocumentData, *, font_path: str | os.PathLike[str] | None = None) -> bytes:
    """The PDF of ``data``'s document (receipt, deferral commitment/notice or one-time notice).

    Raises ``FontUnavailable`` when the print font cannot be loaded and ``MissingGlyphs`` when any text
    to print has characters the font lacks; never prints blanks or falls back to another font.
    """
    font = load_font(font_path)
    writer = Writer(font, page_metrics(data.paper))
    story = build_story(data, writer)
    label = "报表编号" if data.kind is DocumentKind.DAILY_CLOSE else "受理编号"  # a report is not a case
    label = label if data.case_number else "告知书编号"  # a refusal is not a case: its notice's number
    furniture = Furniture(
        hall=data.hall_name,
        title=data.title,
        number_line=f"{label}：{data.number}" if data.number else "",
        copy=data.copy,
        place=data.place,
        phones=data.phones,
        audit_head=data.audit_head,
        audit_count=data.audit_count,
    )
    keywords = [data.title] + ([data.number] if data.number else [])
    return build_pdf(
        story, writer, furniture, title=_pdf_title(data), subject=data.matter_name, keywords=keywords
    )


@dataclass(frozen=True, kw_only=True)
class Furniture:
    """What every page carries around the content: the running header (hall, the document's number at
    the right, "title（续）" after the first page), the copy mark, the footer (place, phones, audit seal)."""

    hall: str
    title: str
    number_line: str = ""  # the header's right-hand side, e.g. 受理编号：…
    copy: bool = False
    place: str = ""
    phones: str = ""
    audit_head: str = ""
    audit_count: int = 0


def build_pdf(
    story: list[Flowable],
    writer: Writer,
    furniture: Furniture,
    *,
    title: str,
    subject: str,
    keywords: Sequence[str],
) -> bytes:
    """The PDF of ``story`` with ``furniture`` on every page (invariant: same input, same bytes).

    Raises ``MissingGlyphs`` when the story or the furniture has characters no font has.
    """
    page = writer.page
    font = writer.font
    chrome = _Chrome(furniture, writer)
    writer.raise_if_missing()

    out = io.BytesIO()
    doc = BaseDocTemplate(
        out,
        pagesize=(page.width, page.height),
        leftMargin=page.margin_x,
        rightMargin=page.margin_x,
        topMargin=page.margin_top,
        bottomMargin=chrome.bottom,
        title=title,
        author=furniture.hall,
        subject=subject,
        creator="HallApp",
        keywords=list(keywords),
        invariant=1,
        lang="zh-CN",
        initialFontName=font.name,
    )
    frame = Frame(
        page.margin_x,
        chrome.bottom,
        page.frame_width,
        page.height - page.margin_top - chrome.bottom,
        leftPadding=0,
        rightPadding=0,
        topPadding=0,
        bottomPadding=0,
        id="body",
    )
    template = PageTemplate(id="page", frames=[frame], onPage=chrome.on_page, onPageEnd=chrome.on_page_end)
    doc.addPageTemplates([template])
    with _build_lock:
        doc.build(story, canvasmaker=_numbered_canvas(chrome.page_label))
    return out.getvalue()


def _pdf_title(data: DocumentData) -> str:
    title = data.title + (f" {data.number}" if data.number else "")
    return title + (f"（{COPY_MARK}）" if data.copy else "")


class _Chrome:
    """Header, footer, copy mark and page numbers of one document (all text glyph-checked up front)."""

    def __init__(self, data: Furniture, writer: Writer) -> None:
        self.data = data
        self.page: PageMetrics = writer.page
        self.font = writer.font
        base = self.page.base
        self.header_size = base * 0.85
        self.hall = writer.check(data.hall, "服务大厅 hall_name")
        self.continued = writer.check(f"{data.title}（续）", "页眉 header")
        self.right = writer.check(data.number_line, "受理编号 case_number")
        self.copy_mark = writer.check(COPY_MARK, "副本标记") if data.copy else ""
        writer.check("第页／共0123456789", "页码")
        parts = []
        if data.place:
            parts.append(writer.text(f"办理地点：{data.place}", "办理地点 place"))
        if data.phones:
            parts.append(writer.text(f"咨询电话：{data.phones}", "咨询电话 phones"))
        self.footer: Paragraph | None = None
        footer_height = 0.0
        if parts:
            self.footer = Paragraph("　　".join(parts), writer.styles["small"])
            footer_height = self.footer.wrap(self.page.frame_width, self.page.height)[1]
        seal = f"{data.audit_head}·{data.audit_count}" if data.audit_count else data.audit_head
        self.audit = writer.check(f"校验：{seal}", "校验 audit_head") if data.audit_head else ""
        self.footer_height = footer_height
        # footer stack from the bottom: page label line, footer paragraph, rule, gap
        self.label_y = self.page.margin_bottom
        self.bottom = self.label_y + base * 1.2 + footer_height + base * 1.4

    def on_page(self, canv: Canvas, doc: Any) -> None:
        """Running header and footer, drawn before the page's content."""
        page, base = self.page, self.page.base
        left_x, right_x = page.margin_x, page.width - page.margin_x
        y = page.height - page.margin_top + base * 1.0
        canv.saveState()
        canv.setStrokeColor(RULE_GREY)
        canv.setLineWidth(0.6)
        canv.line(left_x, y - base * 0.5, right_x, y - base * 0.5)
        canv.setFillColor(TEXT_GREY)
        right_size = self.header_size * 1.1
        right_w = self.font.width(self.right, right_size) if self.right else 0.0
        if right_w > page.frame_width * 0.45:  # an unusually long case number: shrink, never overlap
            right_size *= page.frame_width * 0.45 / right_w
            right_w = page.frame_width * 0.45
        if self.right:
            canv.setFont(self.font.name, right_size)
            canv.setFillColor(colors.black)
            canv.drawRightString(right_x, y, self.right)
        limit = right_x - right_w - base * 1.5
        if self.copy_mark:
            limit = self._draw_copy_box(canv, y) - base
        left = self.hall if canv.getPageNumber() == 1 else f"{self.hall}　{self.continued}"
        self._fit_string(canv, left, left_x, y, limit - left_x)
        if self.footer is not None:
            top = self.label_y + base * 1.2 + self.footer_height
            canv.setStrokeColor(RULE_GREY)
            canv.line(left_x, top + base * 0.5, right_x, top + base * 0.5)
            self.footer.drawOn(canv, left_x, self.label_y + base * 1.2)
        if self.audit:
            canv.setFillColor(TEXT_GREY)
            canv.setFont(self.font.name, base * 0.7)
            canv.drawString(left_x, self.label_y, self.audit)
        canv.restoreState()

    def _fit_string(self, canv: Canvas, text: str, x: float, y: float, width: float) -> None:
        size = self.header_size
        while size > 5 and self.font.width(text, size) > width:
            size *= 0.95
        canv.setFillColor(TEXT_GREY)
        canv.setFont(self.font.name, size)
        canv.drawString(x, y, text)

    def _draw_copy_box(self, canv: Canvas, y: float) -> float:
        """The boxed 副本 / 重印 mark centred in the header; returns its left edge."""
        size = self.header_size * 1.15
        width = self.font.width(self.copy_mark, size) + size * 1.2
        x = (self.page.width - width) / 2
        canv.saveState()
        canv.setStrokeColor(colors.black)
        canv.setLineWidth(1.2)
        canv.rect(x, y - size * 0.45, width, size * 1.5, stroke=1, fill=0)
        canv.setFillColor(colors.black)
        text = canv.beginText(x + size * 0.6, y)
        text.setFont(self.font.name, size)
        text.setTextRenderMode(2)
        canv.setLineWidth(size * 0.03)
        text.textOut(self.copy_mark)
        canv.drawText(text)
        canv.restoreState()
        return x

    def on_page_end(self, canv: Canvas, doc: Any) -> None:
        """On reprints a light diagonal 副本 / 重印 over the page (transparent: the text stays readable)."""
        if not self.copy_mark:
            return
        page = self.page
        size = page.base * 6.2
        canv.saveState()
        canv.setFillColor(colors.Color(0.45, 0.45, 0.45, alpha=0.16))
        canv.translate(page.width / 2, page.height / 2)
        canv.rotate(35)
        canv.setFont(self.font.name, size)
        canv.drawCentredString(0, -size / 3, self.copy_mark)
        canv.restoreState()

    def page_label(self, canv: Canvas, number: int, total: int) -> None:
        """第 x 页／共 n 页 at the bottom right, drawn once the page count is known."""
        page = self.page
        canv.saveState()
        canv.setFillColor(TEXT_GREY)
        canv.setFont(self.font.name, page.base * 0.75)
        canv.drawRightString(page.width - page.margin_x, self.label_y, f"第 {number} 页／共 {total} 页")
        canv.restoreState()


def _numbered_canvas(label: Callable[[Canvas, int, int], None]) -> type[Canvas]:
    """A canvas that holds its pages back until ``save`` so each can say how many pages there are."""

    class NumberedCanvas(Canvas):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._held_pages: list[dict[str, Any]] = []

        def showPage(self) -> None:
            self._held_pages.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            total = len(self._held_pages)
            for number, state in enumerate(self._held_pages, 1):
                self.__dict__.update(state)
                label(self, number, total)
                Canvas.showPage(self)
            Canvas.save(self)

    return NumberedCanvas
