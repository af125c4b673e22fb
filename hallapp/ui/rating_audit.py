"""The service rating's (好差评) audit records in the audit administrator's words (``audit_text`` uses these).

A ``rating.*`` record carries the level (1–5, none when the applicant did not rate), the indicator codes,
the channel and, for a bad rating's follow-up, the step's day and whether the complaint held up; never the
applicant's comment or the step's text. Qt-free, like ``audit_text``.
"""

from __future__ import annotations

from typing import Any

ACTIONS = {
    "rating.record": "登记服务评价",
    "rating.skip": "申请人未评价",
    "rating.verify": "差评回访：核实",
    "rating.rectify": "差评回访：整改",
    "rating.answer": "差评回访：答复申请人",
    "rating.export": "导出服务评价",
    "rating.followup_days": "设置差评整改期限",
}
OBJECT = "服务评价"
KEYS = {
    "level": "满意度",
    "indicators": "评价指标",
    "due_on": "整改期限",
    "founded": "经核实属实",
}
# Keys other records word already, worded for a rating's records (audit_text.DETAIL_KEYS_BY_ACTION).
BY_ACTION = {
    **{(action, "channel"): "评价渠道" for action in ACTIONS},
    **{(action, "on"): "日期" for action in ACTIONS},
}


def value_text(key: str, value: Any) -> str | None:
    """A rating record's value in words, or None for a key this module does not word."""
    from hallapp.domain.rating import Indicator, Level, RatingChannel

    if key == "level":
        return "未评价" if value in (None, "") else Level(int(value)).label
    if key == "indicators" and isinstance(value, list):
        known = {i.value: i.label for i in Indicator}
        return "、".join(known.get(str(code), str(code)) for code in value) or "（无）"
    if key == "channel":
        return {c.value: c.label for c in RatingChannel}.get(str(value))
    return None
