"""The QR code is one path whose squares are exactly segno's matrix (so a phone reads what was encoded)."""

from __future__ import annotations

import io
import re

import pytest
import segno
from reportlab.pdfgen.canvas import Canvas

from hallapp.printing.qr import QR_MASK, QUIET_ZONE, draw_qr, qr_modules

PAYLOAD = "https://zwfw.example.cn/cx?no=440310-20260302-0123"


def _draw(payload: str, size: float = 100.0) -> str:
    canvas = Canvas(io.BytesIO(), pageCompression=0)
    draw_qr(canvas, payload, x=10, y=20, size=size)
    return "\n".join(canvas._code)  # the page's content stream so far


def test_drawn_as_one_filled_path() -> None:
    ops = _draw(PAYLOAD)
    assert len(re.findall(r"\bf\*?(?:\s|$)", ops)) == 1  # one fill
    assert " S" not in ops and " B" not in ops  # no strokes


def test_squares_reproduce_the_matrix() -> None:
    size, x0, y0 = 100.0, 10.0, 20.0
    ops = _draw(PAYLOAD, size)
    matrix = qr_modules(PAYLOAD)
    count = len(matrix)
    module = size / (count + 2 * QUIET_ZONE)
    drawn = [[False] * count for _ in range(count)]
    for x, y, w, h in re.findall(r"([-\d.]+) ([-\d.]+) ([-\d.]+) ([-\d.]+) re", ops):
        col = round((float(x) - x0) / module) - QUIET_ZONE
        row = count - 1 - (round((float(y) - y0) / module) - QUIET_ZONE)
        assert abs(float(h) - module) < 1e-3
        for c in range(col, col + round(float(w) / module)):
            assert not drawn[row][c]
            drawn[row][c] = True
    assert tuple(tuple(r) for r in drawn) == matrix


def test_error_level_m_and_a_fixed_mask() -> None:
    code = segno.make(PAYLOAD, error="m", mask=QR_MASK, micro=False, boost_error=False)
    assert code.error == "M" and code.mask == QR_MASK
    assert tuple(tuple(bool(m) for m in row) for row in code.matrix) == qr_modules(PAYLOAD)


def test_empty_payload_is_refused() -> None:
    with pytest.raises(ValueError):
        _draw("")
