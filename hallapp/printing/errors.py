"""Why a document could not be printed.

Both errors carry a message in Chinese (for the clerk) and English (for the log and support), because a
printed document that silently lacks characters or falls back to a font the next PC does not have is worse
than no document at all.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path


class PrintingError(Exception):
    """Base class of everything the printing layer refuses to print."""


class FontUnavailable(PrintingError):
    """A print font (the main one or a fallback for rare characters) is missing or unreadable; nothing is
    printed with another font instead."""

    def __init__(self, path: Path, reason: str) -> None:
        self.path = path
        self.reason = reason
        shipped = f"resources/fonts/{path.name}"
        super().__init__(
            f"无法加载打印字体：{path}（{reason}）。"
            f"请重新安装 HallApp 或恢复 {shipped} 后再打印。"
            f" / Cannot load the print font {path} ({reason}). Reinstall HallApp or restore"
            f" {shipped}, then print again."
        )


class MissingGlyphs(PrintingError):
    """Some characters of the document are not in the print font and would print as blanks."""

    def __init__(self, chars: Iterable[str], fields: Iterable[str] = ()) -> None:
        self.chars: tuple[str, ...] = tuple(sorted(set(chars)))
        self.fields: tuple[str, ...] = tuple(dict.fromkeys(f for f in fields if f))
        listed = "、".join(f"{c}（U+{ord(c):04X}）" for c in self.chars)
        listed_en = ", ".join(f"{c} (U+{ord(c):04X})" for c in self.chars)
        where = f"（位于：{'、'.join(self.fields)}）" if self.fields else ""
        where_en = f" (in: {', '.join(self.fields)})" if self.fields else ""
        super().__init__(
            f"打印字体缺少以下字符，无法打印：{listed}{where}。请核对录入内容，必要时改用规范字或联系管理员。"
            f" / The print font lacks these characters: {listed_en}{where_en}. Check the entered text."
        )
