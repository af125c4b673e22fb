"""QR codes drawn as one vector path: sharp at any printer resolution and a few milliseconds a code.

segno builds the matrix with a fixed mask (automatic mask selection costs about 5 ms more per code and
any mask is valid for a scanner) and error level M (15 % damage tolerated: creases, a stamp's edge).
Each row's runs of dark modules become one rectangle of a single filled path.
"""

from __future__ import annotations

from typing import Any

import segno

__all__ = ["QR_MASK", "draw_qr", "qr_modules"]

QR_MASK = 0
QUIET_ZONE = 4  # modules of white around the symbol, as ISO/IEC 18004 asks


def qr_modules(payload: str) -> tuple[tuple[bool, ...], ...]:
    """The QR matrix for ``payload`` (error level M, fixed mask), without quiet zone; True is dark."""
    if not payload:
        raise ValueError("QR payload is empty")
    code = segno.make(payload, error="m", mask=QR_MASK, micro=False, boost_error=False)
    return tuple(tuple(bool(m) for m in row) for row in code.matrix)


def draw_qr(
    canvas: Any, payload: str, *, x: float, y: float, size: float, quiet_zone: int = QUIET_ZONE
) -> None:
    """Draw a QR code for ``payload`` on a reportlab canvas as one filled path.

    ``(x, y)`` is the lower-left corner and ``size`` the side in points, quiet zone included (the zone is
    left white, nothing is painted there).
    """
    if not payload:
        raise ValueError("QR payload is empty")
    code = segno.make(payload, error="m", mask=QR_MASK, micro=False, boost_error=False)
    matrix = code.matrix
    count = len(matrix)
    module = size / (count + 2 * quiet_zone)
    left = x + quiet_zone * module
    top = y + size - quiet_zone * module
    path = canvas.beginPath()
    for r, row in enumerate(matrix):
        row_y = top - (r + 1) * module
        c = 0
        while c < count:
            if row[c]:
                start = c
                while c < count and row[c]:
                    c += 1
                path.rect(left + start * module, row_y, (c - start) * module, module)
            else:
                c += 1
    canvas.saveState()
    canvas.setFillColorRGB(0, 0, 0)
    canvas.drawPath(path, stroke=0, fill=1)
    canvas.restoreState()
