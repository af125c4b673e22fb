"""Reading back what a rendered PDF says and which fonts it carries (pypdf only)."""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from typing import Any

from pypdf import PdfReader


def reader(pdf: bytes) -> PdfReader:
    return PdfReader(io.BytesIO(pdf))


def page_texts(pdf: bytes) -> list[str]:
    """Each page's text with all whitespace removed (wrapping must not matter to a search)."""
    return ["".join(page.extract_text().split()) for page in reader(pdf).pages]


def text(pdf: bytes) -> str:
    return "".join(page_texts(pdf))


def squeeze(value: str) -> str:
    return "".join(value.split())


@dataclass(frozen=True)
class FontInfo:
    base_font: str
    subtype: str
    embedded: bool


def fonts(pdf: bytes) -> list[FontInfo]:
    """Every font used by any page, with whether its program is embedded (FontFile/FontFile2/FontFile3)."""
    found: dict[str, FontInfo] = {}
    for page in reader(pdf).pages:
        resources: Any = page["/Resources"]
        for ref in resources.get("/Font", {}).values():
            font: Any = ref.get_object()
            descriptor = font.get("/FontDescriptor")
            descriptor = descriptor.get_object() if descriptor is not None else {}
            embedded = any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3"))
            info = FontInfo(str(font["/BaseFont"]), str(font["/Subtype"]), embedded)
            found[info.base_font] = info
    return list(found.values())


@dataclass(frozen=True)
class Placed:
    text: str
    x: float
    y: float
    rotated: bool


def placed_texts(pdf: bytes) -> list[tuple[int, float, float, list[Placed]]]:
    """Per page: (number, width, height, texts with their start position in page space)."""
    out = []
    for number, page in enumerate(reader(pdf).pages, 1):
        items: list[Placed] = []

        def visit(
            t: str, cm: list[float], tm: list[float], font: Any, size: float, items: list[Placed] = items
        ) -> None:
            if not t.strip():
                return
            x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
            y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
            items.append(Placed(t, x, y, abs(cm[1]) > 1e-6 or abs(tm[1]) > 1e-6))

        page.extract_text(visitor_text=visit)
        box = page.mediabox
        out.append((number, float(box.width), float(box.height), items))
    return out


UNMASKED_ID = re.compile(r"\d{17}[\dXx]")
