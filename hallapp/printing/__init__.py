"""Printed documents (受理回执, 容缺受理承诺书/通知书, 一次性告知书) as PDF, with reportlab only.

Importing this package is cheap: the data classes and errors load here; reportlab is loaded by
``hallapp.printing.documents.render`` (and ``fonts.load_font``) when a document is first printed.
"""

from hallapp.printing.errors import FontUnavailable, MissingGlyphs, PrintingError
from hallapp.printing.model import DeferredLine, DocumentData, DocumentKind, MaterialLine, MissingLine

__all__ = [
    "DeferredLine",
    "DocumentData",
    "DocumentKind",
    "FontUnavailable",
    "MaterialLine",
    "MissingGlyphs",
    "MissingLine",
    "PrintingError",
]
