"""The follow-up board's model and page with 20,000 open deferred cases: colours, counts, filters, and
what a visible screenful costs (``data()`` formats only the cells asked for)."""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QTableView

from hallapp.services.board import BoardRow
from hallapp.ui.board_model import DUE_SOON_BACKGROUND, BoardModel, days_left_text
from hallapp.ui.board_view import BoardView


def _row(i: int) -> BoardRow:
    return BoardRow(
        number=f"PS2026{i:06d}",
        applicant_name=f"申请人{i}",
        applicant_id_masked="4403**********1234",
        phone_masked="138****5678",
        matter_name=f"事项{i % 300}",
        department=f"部门{i % 12}",
        window=f"{i % 20:02d}",
        clerk=f"人员{i % 40}",
        state="awaiting_supplement",
        status_label="逾期" if i < 500 else "待补正",
        deadline=date(2026, 10, 13) + timedelta(days=i % 30),
        days_left=-1 if i < 500 else i % 10,
        missing=("营业执照复印件", "场所证明"),
        reminders=i % 3,
    )


def test_model_with_twenty_thousand_rows(qtbot):
    model = BoardModel()
    rows = [_row(i) for i in range(20_000)]
    model.set_rows(rows)
    assert model.rowCount() == 20_000 and model.row_at(19_999) is rows[-1] and model.row_at(20_000) is None
    view = QTableView()
    qtbot.addWidget(view)
    view.setModel(model)
    view.resize(1200, 700)
    view.show()
    view.grab()
    roles = (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ForegroundRole, Qt.ItemDataRole.BackgroundRole)
    for r in range(view.rowAt(0), max(view.rowAt(view.viewport().height() - 1), 30) + 1):
        for c in range(model.columnCount()):
            for role in roles:
                model.data(model.index(r, c), role)
    assert [model.data(model.index(r, BoardModel.DAYS_LEFT)) for r in range(model.rowCount())].count(
        "逾期 1 天"
    ) == 500
    with qtbot.waitSignal(model.dataChanged):
        model.highlight_days = 9
    assert model.data(model.index(19_999, 0), Qt.ItemDataRole.BackgroundRole) == DUE_SOON_BACKGROUND
    assert days_left_text(0) == "今日到期" and days_left_text(-3) == "逾期 3 天" and days_left_text(4) == "4"


def test_board_page_with_twenty_thousand_rows(qtbot):
    view = BoardView()
    qtbot.addWidget(view)
    view.resize(1280, 720)
    view.show()
    rows = [_row(i) for i in range(20_000)]
    with qtbot.waitSignal(view.rows_loaded) as loaded:
        view._loaded((rows, None))
    assert loaded.args[0].overdue == 500 and len(view.shown_rows()) == 20_000
    assert view.window_box.count() == 21 and view.department_box.count() == 13
    view.status_box.setCurrentIndex(view.status_box.findData("逾期"))
    assert len(view.shown_rows()) == 500 and "当前显示 500 件" in view.summary_label.text()
    view.status_box.setCurrentIndex(0)
    view.select_due()
    assert len(view.selected_rows()) == sum(1 for row in rows if row.due_within(3))
    view.search_box.setText("PS2026019999")
    qtbot.waitUntil(lambda: [row.number for row in view.shown_rows()] == ["PS2026019999"])
    view.grab()
