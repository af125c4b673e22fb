"""容缺跟踪: the follow-up board — order, colours, filters, search, and every action through its form."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QTableView

from hallapp.services.board import BoardRow
from hallapp.services.settings import CounterSettings, save_settings
from hallapp.ui.board_model import DUE_SOON_BACKGROUND, OVERDUE_TEXT, BoardModel, days_left_text
from hallapp.ui.board_view import BoardView
from hallapp.ui.followup_dialogs import ConfirmDialog, ExtendDialog, ReminderDialog, SupplementDialog
from hallapp.ui.tasks import wait_for_tasks
from tests.printing.pdfcheck import text
from tests.services import test_followup
from tests.services.intake_helpers import resident_id
from tests.services.test_followup import deferred_case
from tests.ui.conftest import commit_text

TODAY = date(2026, 10, 9)  # cases received 2026-09-30 are due 2026-10-13: 3 working days left
LATE = date(2026, 10, 21)  # ... and overdue


@pytest.fixture
def board(qtbot, ready_context):
    save_settings(
        ready_context.uow(write=True),
        CounterSettings(window="08", clerk="李四", case_prefix="PS"),
        actor="test",
    )
    view = BoardView()
    qtbot.addWidget(view)
    view.resize(1280, 720)
    view.show()
    view.today = TODAY
    view.context = ready_context
    yield view
    wait_for_tasks()


def load(qtbot, view: BoardView):
    """Reload the board and wait for it; the DaySummary it announced."""
    with qtbot.waitSignal(view.rows_loaded, timeout=15_000) as blocker:
        view.refresh()
    return blocker.args[0]


def act(qtbot, view: BoardView, action) -> None:
    """Run an action and wait until the board has reloaded after it."""
    with qtbot.waitSignal(view.rows_loaded, timeout=30_000):
        action()


def answer(monkeypatch, dialog_class, fill=lambda dialog: None) -> list:
    """Answer every ``dialog_class`` with OK after ``fill(dialog)``, as the clerk would (validation included)."""
    seen: list = []

    def fake_exec(dialog) -> int:
        seen.append(dialog)
        fill(dialog)
        dialog.accept()
        return dialog.result()

    monkeypatch.setattr(dialog_class, "exec", fake_exec)
    return seen


def numbers(view: BoardView) -> list[str]:
    return [row.number for row in view.shown_rows()]


def select(view: BoardView, *wanted: str) -> None:
    rows = sorted(view.model.row_of(number) for number in wanted)
    view._select(rows, rows[0])


def previews(view: BoardView) -> list:
    seen: list = []
    view.preview_requested.connect(lambda title, documents: seen.append((title, documents)))
    return seen


def test_overdue_first_in_red_due_soon_highlighted_and_counted(qtbot, board, ready_context):
    late, _ = deferred_case(ready_context, person="44030819900101123")  # due 10-13: overdue on 10-21
    soon, _ = deferred_case(ready_context, person="44030819900101124", at=datetime(2026, 10, 16, 9))
    later, _ = deferred_case(ready_context, person="44030819900101125", at=datetime(2026, 10, 20, 9))
    board.today = LATE
    day = load(qtbot, board)
    assert day.overdue == 1 and day.open == 3
    rows = board.shown_rows()
    assert rows[0].number == late and rows[0].overdue
    assert numbers(board) == [late, soon, later]
    model = board.model
    assert model.data(model.index(0, BoardModel.NUMBER), Qt.ItemDataRole.ForegroundRole) == OVERDUE_TEXT
    assert model.data(model.index(0, BoardModel.DAYS_LEFT)) == days_left_text(rows[0].days_left)
    assert model.data(model.index(0, BoardModel.DAYS_LEFT)).startswith("逾期")
    assert 0 <= rows[1].days_left <= 3 < rows[2].days_left
    assert (
        model.data(model.index(1, BoardModel.MATTER), Qt.ItemDataRole.BackgroundRole) == DUE_SOON_BACKGROUND
    )
    assert model.data(model.index(1, BoardModel.MATTER), Qt.ItemDataRole.ForegroundRole) is None
    assert model.data(model.index(2, BoardModel.MATTER), Qt.ItemDataRole.BackgroundRole) is None
    board.highlight_spin.setValue(rows[2].days_left)
    assert (
        model.data(model.index(2, BoardModel.MATTER), Qt.ItemDataRole.BackgroundRole) == DUE_SOON_BACKGROUND
    )
    assert "逾期 1 件" in board.summary_label.text() and board.summary_label.property("overdue") is True
    assert model.data(model.index(0, BoardModel.DEADLINE)) == "2026-10-13"
    assert model.data(model.index(0, BoardModel.ID_NUMBER)) == rows[0].applicant_id_masked
    assert "*" in rows[0].applicant_id_masked


def test_filters_and_search(qtbot, board, ready_context, monkeypatch):
    training, _ = deferred_case(ready_context, person="44030819900101123")
    food, _ = deferred_case(ready_context, deferred=2, person="44030819900101124")
    monkeypatch.setattr(
        test_followup, "SETTINGS", CounterSettings(window="03", clerk="王五", case_prefix="PS")
    )
    other, _ = deferred_case(ready_context, person="44030819900101125")
    load(qtbot, board)
    assert sorted(numbers(board)) == sorted([training, food, other])
    assert board.summary_label.property("overdue") is False

    def choose(box, value, expected):
        box.setCurrentIndex(box.findData(value))
        assert sorted(numbers(board)) == sorted(expected)
        box.setCurrentIndex(0)
        assert len(numbers(board)) == 3

    food_row = next(r for r in board.shown_rows() if r.number == food)
    training_row = next(r for r in board.shown_rows() if r.number == training)
    same_department = [r.number for r in board.shown_rows() if r.department == food_row.department]
    choose(board.department_box, food_row.department, same_department)
    choose(board.matter_box, "食品经营许可", [food])
    choose(board.matter_box, training_row.matter_name, [training, other])
    choose(board.window_box, "03", [other])
    choose(board.clerk_box, "王五", [other])
    choose(board.clerk_box, "李四", [training, food])
    choose(board.status_box, "待补正", [training, food, other])
    choose(board.status_box, "逾期", [])
    assert "当前显示" not in board.summary_label.text()

    qtbot.keyClicks(board.search_box, food[-4:])
    qtbot.waitUntil(lambda: numbers(board) == [food])
    assert "当前显示 1 件" in board.summary_label.text()
    board.search_box.clear()
    commit_text(board.search_box, "张三")
    qtbot.waitUntil(lambda: len(numbers(board)) == 3)
    board.search_box.clear()
    commit_text(board.search_box, "王二")
    qtbot.waitUntil(lambda: numbers(board) == [])
    board.search_box.clear()
    qtbot.keyClicks(board.search_box, resident_id("44030819900101124"))
    qtbot.waitUntil(lambda: numbers(board) == [food])
    board.search_box.setText(resident_id("44030819900101124")[:-1])  # not a full ID: finds nothing
    qtbot.waitUntil(lambda: numbers(board) == [])


def test_enter_opens_the_case_and_filters_survive_a_reload(qtbot, board, ready_context):
    first, _ = deferred_case(ready_context, person="44030819900101123")
    second, _ = deferred_case(ready_context, deferred=2, person="44030819900101124")
    load(qtbot, board)
    board.matter_box.setCurrentIndex(board.matter_box.findData("食品经营许可"))
    load(qtbot, board)
    assert board.matter_box.currentData() == "食品经营许可" and numbers(board) == [second]
    board.matter_box.setCurrentIndex(0)
    qtbot.keyClicks(board.search_box, first[-4:])
    with qtbot.waitSignal(board.case_opened) as opened:
        qtbot.keyClick(board.search_box, Qt.Key.Key_Return)
    assert opened.args == [first]


def test_supplement_partly_then_complete(qtbot, board, ready_context, monkeypatch):
    number, names = deferred_case(ready_context, deferred=2)
    load(qtbot, board)
    select(board, number)
    shown = previews(board)

    def partly(dialog: SupplementDialog) -> None:
        assert [box.text() for box in dialog.material_boxes] == list(names)
        dialog.material_boxes[1].setChecked(False)
        dialog.channel_box.setCurrentIndex(1)  # 邮寄

    dialogs = answer(monkeypatch, SupplementDialog, partly)
    act(qtbot, board, board.supplement)
    assert len(dialogs) == 1 and "仍缺 1 项" in board.message()
    (row,) = board.shown_rows()
    assert row.status_label == "部分补正" and row.missing == (names[1],)
    title, ((label, path),) = shown[-1]
    assert title == number and label == "补正材料接收凭证"
    assert "补正材料接收凭证" in text(path.read_bytes())
    board.status_box.setCurrentIndex(board.status_box.findData("部分补正"))
    assert numbers(board) == [number]
    board.status_box.setCurrentIndex(0)

    answer(monkeypatch, SupplementDialog)
    select(board, number)
    act(qtbot, board, board.supplement)
    assert board.shown_rows() == [] and "已全部补齐" in board.message()
    assert "容缺材料已全部补齐" in text(shown[-1][1][0][1].read_bytes())


def test_extend_needs_a_supervisor(qtbot, board, ready_context, monkeypatch):
    number, _ = deferred_case(ready_context)
    load(qtbot, board)
    select(board, number)

    def without(dialog: ExtendDialog) -> None:
        commit_text(dialog.reason_edit, "台风停工")
        commit_text(dialog.approver_edit, "王科长")

    answer(monkeypatch, ExtendDialog, without)
    act(qtbot, board, board.extend)
    assert "科室负责人" in board.message() and board.message_label.property("kind") == "error"
    assert board.shown_rows()[0].deadline == date(2026, 10, 13)

    def supervised(dialog: ExtendDialog) -> None:
        without(dialog)
        dialog.supervisor_box.setChecked(True)

    answer(monkeypatch, ExtendDialog, supervised)
    act(qtbot, board, board.extend)
    assert board.message_label.property("kind") == "ok" and "2026-10-18" in board.message()
    assert board.shown_rows()[0].deadline == date(2026, 10, 18)


def test_terminate_only_an_overdue_case_and_print_the_notice(qtbot, board, ready_context, monkeypatch):
    overdue, _ = deferred_case(ready_context, person="44030819900101123")
    fresh, _ = deferred_case(ready_context, person="44030819900101124", at=datetime(2026, 10, 20, 9))
    board.today = LATE
    load(qtbot, board)
    shown = previews(board)
    confirmations = answer(monkeypatch, ConfirmDialog)
    select(board, fresh)
    act(qtbot, board, board.terminate)
    assert "只有逾期的办件才能终止办理" in board.message() and shown == []
    assert sorted(numbers(board)) == sorted([overdue, fresh])
    select(board, overdue)
    act(qtbot, board, board.terminate)
    assert overdue in confirmations[-1].text_label.text()
    assert numbers(board) == [fresh] and "终止办理" in board.message()
    title, ((_label, path),) = shown[-1]
    assert title == overdue and "终止办理通知书" in text(path.read_bytes())


def test_withdraw_after_confirmation(qtbot, board, ready_context, monkeypatch):
    number, _ = deferred_case(ready_context)
    load(qtbot, board)
    monkeypatch.setattr(ConfirmDialog, "exec", lambda dialog: QDialog.DialogCode.Rejected)
    select(board, number)
    board.withdraw()
    assert numbers(board) == [number]
    answer(monkeypatch, ConfirmDialog)
    act(qtbot, board, board.withdraw)
    assert numbers(board) == [] and "撤回" in board.message()


def test_reminders_for_the_cases_due_soon_in_one_pdf(qtbot, board, ready_context, monkeypatch):
    first, _ = deferred_case(ready_context, person="44030819900101123")
    second, _ = deferred_case(ready_context, person="44030819900101124")
    later, _ = deferred_case(ready_context, person="44030819900101125", at=datetime(2026, 10, 9, 9))
    load(qtbot, board)
    board.table.clearSelection()
    board.remind()
    assert "请先选中" in board.message()
    board.select_due()
    assert sorted(board.selected_numbers()) == sorted([first, second])
    shown = previews(board)
    dialogs = answer(
        monkeypatch, ReminderDialog, lambda d: d.method_box.setCurrentIndex(d.method_box.findData("phone"))
    )
    act(qtbot, board, board.remind)
    assert "2 份催补通知" in board.message() and "电话" in board.message()
    assert dialogs[0].values().method == "phone"
    title, ((_label, path),) = shown[-1]
    assert title == "催补通知（2 件）"
    content = text(path.read_bytes())
    assert content.count("催补通知") >= 2 and first in content and second in content and later not in content
    counts = {row.number: row.reminders for row in board.shown_rows()}
    assert counts == {first: 1, second: 1, later: 0}
    assert board.model.data(board.model.index(board.model.row_of(first), BoardModel.REMINDERS)) == "1"


def test_history_by_keyboard(qtbot, board, ready_context):
    number, _ = deferred_case(ready_context)
    load(qtbot, board)
    board.activateWindow()
    board.table.setFocus()
    qtbot.waitUntil(lambda: board.table.hasFocus())
    select(board, number)
    shown = previews(board)
    with qtbot.waitSignal(board.rows_loaded, timeout=30_000):
        qtbot.keyClick(board.table, Qt.Key.Key_H, Qt.KeyboardModifier.ControlModifier)
    title, ((label, path),) = shown[-1]
    assert title == number and label == "办件记录" and "容缺受理" in text(path.read_bytes())


def test_a_failure_is_shown_on_the_page(qtbot, board, ready_context, monkeypatch):
    number, _ = deferred_case(ready_context)
    load(qtbot, board)
    select(board, number)
    from hallapp.ui import board_model

    def broken(*_args, **_kwargs):
        raise OSError("磁盘已满")

    monkeypatch.setattr(board_model, "print_document", broken)
    act(qtbot, board, board.print_history)
    assert board.message().startswith("未能打印办件记录") and "磁盘已满" in board.message()
    assert numbers(board) == [number]


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
        view._loaded(view._serial, rows, CounterSettings())
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
