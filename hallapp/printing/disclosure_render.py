"""Render a disclosure letter (依申请公开文书) to PDF bytes.

The body is built in ``disclosure_content`` (and ``disclosure_reply_content`` for replies); the page
furniture — running header with the registration number, 副本 / 重印 mark on reprints, footer with the
hall's place, phones and the audit seal, page numbers — is the case documents' own (``documents.build_pdf``),
in reportlab's invariant mode: the same letter gives the same bytes.
"""

from __future__ import annotations

import os

from hallapp.printing.disclosure_content import build_letter_story
from hallapp.printing.disclosure_model import DisclosureLetter
from hallapp.printing.documents import COPY_MARK, Furniture, build_pdf
from hallapp.printing.fonts import load_font
from hallapp.printing.layout import Writer, page_metrics

__all__ = ["render_disclosure"]


def render_disclosure(letter: DisclosureLetter, *, font_path: str | os.PathLike[str] | None = None) -> bytes:
    """The PDF of ``letter`` on A4.

    Raises ``FontUnavailable`` when the print font cannot be loaded and ``MissingGlyphs`` when any text
    has characters no print font has; never prints blanks.
    """
    writer = Writer(load_font(font_path), page_metrics("A4"))
    story = build_letter_story(letter, writer)
    furniture = Furniture(
        hall=letter.office,
        title=letter.title,
        number_line=f"登记编号：{letter.number}" if letter.number else "",
        copy=letter.copy,
        place=letter.place,
        phones=letter.phones,
        audit_head=letter.audit_head,
        audit_count=letter.audit_count,
    )
    title = letter.title + (f" {letter.number}" if letter.number else "")
    title += f"（{COPY_MARK}）" if letter.copy else ""
    keywords = [k for k in (letter.title, letter.number, letter.letter_number) if k]
    return build_pdf(story, writer, furniture, title=title, subject="政府信息公开申请", keywords=keywords)
