"""The service rating's audit records read in words (``ui.rating_audit`` through ``audit_text``)."""

from __future__ import annotations

import json

from hallapp.domain.rating import Indicator
from hallapp.ui.audit_text import action_text, detail_text, object_text


def test_a_bad_rating_and_a_skip_read_in_words():
    code = next(iter(Indicator))
    detail = json.dumps(
        {"level": 2, "indicators": [code.value], "channel": "facing_screen", "due_on": "2026-10-13"}
    )
    words = detail_text("rating.record", detail, {})
    assert "满意度：不满意" in words and f"评价指标：{code.label}" in words
    assert "评价渠道：窗口屏幕" in words and "整改期限：2026-10-13" in words
    assert "A01" not in words.replace(code.label, "")  # the code is worded, not shown bare
    step = detail_text("rating.verify", json.dumps({"on": "2026-10-09", "founded": True}), {})
    assert step == "日期：2026-10-09；经核实属实：是"
    # a rating's words leave other records' alone: a supplement's day is still 补交日期
    assert detail_text("case.supplement", json.dumps({"on": "2026-10-09"}), {}) == "补交日期：2026-10-09"
    assert action_text("rating.verify") == "差评回访：核实"
    assert object_text("rating", "PSZW2026000001").startswith("服务评价")
