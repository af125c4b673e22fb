"""Chinese line breaking in printed documents: no line begins with a closing mark (避头点)."""

from __future__ import annotations

import pytest

from hallapp.printing.fonts import load_font
from hallapp.printing.layout import NO_LINE_START, Writer, page_metrics


@pytest.mark.parametrize("mark", list("，；：！？"))
def test_a_closing_mark_never_starts_a_line(mark: str) -> None:
    writer = Writer(load_font(), page_metrics("A4"))
    size = writer.styles["plain"].fontSize
    # Eleven hanzi fill the line exactly, so the mark after them would be pushed to the next line alone.
    paragraph = writer.para("请写明所需政府信息名称" + mark + "再补充联系电话", "plain")
    paragraph.wrap(size * 11 + 0.5, 1000)
    lines = ["".join(_words(line)) for line in paragraph.blPara.lines]
    assert len(lines) >= 2
    assert all(line[:1] not in NO_LINE_START for line in lines)
    assert lines[0].endswith(mark)  # it hangs at the end of the first line instead


def _words(line: object) -> list[str]:
    """The text of one wrapped line, whichever of reportlab's two line forms it is."""
    words = line[1] if isinstance(line, tuple) else line.words  # type: ignore[attr-defined]
    return [w if isinstance(w, str) else getattr(w, "text", str(w)) for w in words]
