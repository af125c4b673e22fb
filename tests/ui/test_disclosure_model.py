"""The disclosure board's table model and filters without a window: what each cell says, the colours of
overdue and due-soon rows, the status choices, the text filter and the summary line."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt

from hallapp.domain.disclosure import DisclosureState
from hallapp.services.disclosure_inputs import DisclosureRow
from hallapp.ui.disclosure_model import (
    ARCHIVE,
    CLOSED_TEXT,
    DUE_SOON_BACKGROUND,
    OVERDUE_BACKGROUND,
    OVERDUE_TEXT,
    DisclosureModel,
    days_left_text,
    keep,
    summary_text,
)

S = DisclosureState


def row(
    number: str,
    state: DisclosureState = S.REGISTERED,
    days_left: int | None = 10,
    *,
    overdue: bool = False,
    applicant: str = "张三",
    description: str = "2025年坪山区道路规划",
    waiting: date | None = None,
) -> DisclosureRow:
    deadline = None if days_left is None else date(2026, 11, 6)
    return DisclosureRow(
        number=number,
        applicant=applicant,
        requester_label="自然人",
        description=description,
        channel_label="当面提交",
        received_on=date(2026, 10, 9),
        state=state,
        status_label=state.label if not overdue else "逾期",
        deadline=deadline,
        days_left=days_left,
        overdue=overdue,
        waiting_until=waiting,
        clerk="张三",
    )


LATE = row("PSZW2026GK00001", days_left=-2, overdue=True)
SOON = row("PSZW2026GK00002", days_left=2, applicant="深圳市某某科技有限公司", description="ABC 公司环评批复")
LATER = row("PSZW2026GK00003", days_left=15)
CORRECTION = row("PSZW2026GK00004", S.AWAITING_CORRECTION, None, waiting=date(2026, 10, 30))
CONSULTING = row("PSZW2026GK00005", S.CONSULTING, 1)
PENDING = row("PSZW2026GK00006", S.REPLY_PENDING, 4)
FEE = row("PSZW2026GK00007", S.AWAITING_FEE, 6)
REPLIED = row("PSZW2026GK00008", S.REPLIED, None)
ROWS = [LATE, SOON, LATER, CORRECTION, CONSULTING, PENDING, FEE, REPLIED]


def numbers(rows) -> list[str]:
    return [r.number[-2:] for r in rows]


def test_cells_colours_and_fonts(qapp):
    model = DisclosureModel()
    model.set_rows(ROWS)
    assert model.rowCount() == len(ROWS) and model.columnCount() == len(DisclosureModel.COLUMNS)
    cell = lambda r, c, role=Qt.ItemDataRole.DisplayRole: model.data(model.index(r, c), role)
    assert cell(0, DisclosureModel.NUMBER) == LATE.number
    assert cell(0, DisclosureModel.DAYS_LEFT) == "逾期 2 天"
    assert cell(0, DisclosureModel.STATE) == "逾期"
    assert cell(0, DisclosureModel.DEADLINE) == "2026-11-06"
    assert cell(0, DisclosureModel.APPLICANT, Qt.ItemDataRole.ForegroundRole) == OVERDUE_TEXT
    assert cell(0, DisclosureModel.APPLICANT, Qt.ItemDataRole.BackgroundRole) == OVERDUE_BACKGROUND
    assert cell(1, DisclosureModel.DAYS_LEFT) == "2"
    assert cell(1, DisclosureModel.APPLICANT, Qt.ItemDataRole.BackgroundRole) == DUE_SOON_BACKGROUND
    assert cell(1, DisclosureModel.APPLICANT, Qt.ItemDataRole.ForegroundRole) is None
    assert cell(2, DisclosureModel.APPLICANT, Qt.ItemDataRole.BackgroundRole) is None
    assert cell(3, DisclosureModel.DEADLINE) == "—" and cell(3, DisclosureModel.DAYS_LEFT) == "—"
    assert "等待至 2026-10-30" in cell(3, DisclosureModel.NUMBER, Qt.ItemDataRole.ToolTipRole)
    # a paused clock is never "due soon", whatever days it shows
    assert cell(4, DisclosureModel.DAYS_LEFT) == "暂停计时"
    assert cell(4, DisclosureModel.APPLICANT, Qt.ItemDataRole.BackgroundRole) is None
    assert cell(7, DisclosureModel.DAYS_LEFT) == "—"
    assert cell(7, DisclosureModel.APPLICANT, Qt.ItemDataRole.ForegroundRole) == CLOSED_TEXT
    assert cell(0, DisclosureModel.NUMBER, Qt.ItemDataRole.FontRole).bold()
    assert model.headerData(0, Qt.Orientation.Horizontal) == "登记编号"
    model.highlight_days = 15
    assert cell(2, DisclosureModel.APPLICANT, Qt.ItemDataRole.BackgroundRole) == DUE_SOON_BACKGROUND
    assert model.row_of(PENDING.number) == 5 and model.row_at(99) is None


def test_today_and_overdue_while_paused_read_as_such():
    assert days_left_text(row("x", days_left=0)) == "今日到期"
    assert days_left_text(row("x", S.CONSULTING, -3, overdue=True)) == "逾期 3 天"  # paused too late


def test_status_choices_and_text():
    assert numbers(keep(ROWS, None, "", 5)) == numbers(ROWS)
    assert numbers(keep(ROWS, ARCHIVE, "", 5)) == numbers(ROWS)
    assert numbers(keep(ROWS, "overdue", "", 5)) == ["01"]
    assert numbers(keep(ROWS, "due_soon", "", 5)) == ["02", "06"]  # not the paused one, not the overdue one
    assert numbers(keep(ROWS, "due_soon", "", 1)) == []
    assert numbers(keep(ROWS, "correction", "", 5)) == ["04"]
    assert numbers(keep(ROWS, "consulting", "", 5)) == ["05"]
    assert numbers(keep(ROWS, "fee", "", 5)) == ["07"]
    assert numbers(keep(ROWS, "pending", "", 5)) == ["06"]
    assert numbers(keep(ROWS, "replied", "", 5)) == ["08"]
    assert numbers(keep(ROWS, None, "科技", 5)) == ["02"]
    assert numbers(keep(ROWS, None, "abc", 5)) == ["02"]  # Latin letters in any case
    assert numbers(keep(ROWS, None, "GK00003", 5)) == ["03"]
    assert numbers(keep(ROWS, None, "道路", 5)) == ["01", "03", "04", "05", "06", "07", "08"]
    assert numbers(keep(ROWS, "overdue", "科技", 5)) == []


def test_summary_counts_open_requests():
    text, overdue = summary_text(ROWS, 5)
    assert overdue is True
    assert text.startswith("在办依申请公开 7 件：")
    for part in (
        "逾期 1 件",
        "5 个工作日内到期 2 件",
        "待补正 1 件",
        "征求意见 1 件",
        "待缴费 1 件",
        "答复待审核 1 件",
    ):
        assert part in text, part
    assert summary_text([LATER, REPLIED], 5) == (
        "在办依申请公开 1 件：逾期 0 件，5 个工作日内到期 0 件，待补正 0 件，征求意见 0 件，待缴费 0 件，答复待审核 0 件",
        False,
    )
