"""容缺跟踪: the follow-up board — order, colours, filters, search, every action through its form, and the
board keeping itself current from the operation helper's broadcasts (no test calls ``refresh`` after an
action or a calendar change)."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication

from hallapp.services.changes import Changes
from hallapp.ui.board_model import DUE_SOON_BACKGROUND, OVERDUE_TEXT, BoardModel, days_left_text
from hallapp.ui.board_view import BoardView
from hallapp.ui.followup_dialogs import ConfirmDialog, ExtendDialog, ReminderDialog, SupplementDialog
from hallapp.ui.ops import Operations
from tests.printing.pdfcheck import text
from tests.services.intake_helpers import resident_id
from tests.ui.board_fixtures import LATE, commit_text, deferred_case


@pytest.fixture
def clerk(hall):
    return hall.session("li.si")


def sign_in(qtbot, view: BoardView, ops: Operations, session):
    """What the window does after sign-in: the session on the helper, the view attached. The DaySummary."""
    ops.session = session
    with qtbot.waitSignal(view.rows_loaded, timeout=15_000) as blocker:
        view.attach(ops)
    return blocker.args[0]


def load(qtbot, view: BoardView):
    with qtbot.waitSignal(view.rows_loaded, timeout=15_000) as blocker:
        view.refresh()
    return blocker.args[0]


def numbers(view: BoardView) -> list[str]:
    return [row.number for row in view.shown_rows()]


def select(view: BoardView, *wanted: str) -> None:
    rows = sorted(view.model.row_of(number) for number in wanted)
    view._select(rows, rows[0])


def previews(view: BoardView) -> list:
    seen: list = []
    view.preview_requested.connect(lambda title, documents: seen.append((title, documents)))
    return seen


def form(qtbot, view: BoardView, action, kind):
    """Start an action; the form it opened (held open until the use case answers)."""
    action()
    dialog = view.dialog
    assert isinstance(dialog, kind)
    qtbot.waitExposed(dialog)
    return dialog


def press_enter(qtbot, widget) -> None:
    qtbot.keyClick(widget, Qt.Key.Key_Return)


def done(qtbot, view: BoardView, dialog, *, printed: bool = True) -> None:
    """Wait until the form closed, the board reloaded itself and (if any) the document was printed."""
    loads: list = []
    view.rows_loaded.connect(loads.append)
    qtbot.waitUntil(lambda: view.dialog is not dialog and bool(loads), timeout=30_000)
    if printed:
        qtbot.waitUntil(lambda: "已打印" in view.message(), timeout=30_000)


def test_overdue_first_in_red_due_soon_highlighted_and_counted(qtbot, board, ops, clerk):
    late, _ = deferred_case(clerk, person="44030819900101123")  # due 10-13: overdue on 10-21
    soon, _ = deferred_case(clerk, person="44030819900101124", at=datetime(2026, 10, 16, 9))
    later, _ = deferred_case(clerk, person="44030819900101125", at=datetime(2026, 10, 20, 9))
    board.today = LATE
    day = sign_in(qtbot, board, ops, clerk)
    assert day.overdue == 1 and day.open == 3
    rows = board.shown_rows()
    assert rows[0].number == late and rows[0].overdue
    assert numbers(board) == [late, soon, later]
    model = board.model
    assert model.data(model.index(0, BoardModel.NUMBER), Qt.ItemDataRole.ForegroundRole) == OVERDUE_TEXT
    assert model.data(model.index(0, BoardModel.DAYS_LEFT)) == days_left_text(rows[0].days_left)
    assert model.data(model.index(0, BoardModel.DAYS_LEFT)).startswith("逾期")
    assert 0 <= rows[1].days_left <= 3 < rows[2].days_left
    background = Qt.ItemDataRole.BackgroundRole
    assert model.data(model.index(1, BoardModel.MATTER), background) == DUE_SOON_BACKGROUND
    assert model.data(model.index(1, BoardModel.MATTER), Qt.ItemDataRole.ForegroundRole) is None
    assert model.data(model.index(2, BoardModel.MATTER), background) is None
    board.highlight_spin.setValue(rows[2].days_left)
    assert model.data(model.index(2, BoardModel.MATTER), background) == DUE_SOON_BACKGROUND
    assert "逾期 1 件" in board.summary_label.text() and board.summary_label.property("overdue") is True
    assert model.data(model.index(0, BoardModel.DEADLINE)) == "2026-10-13"
    assert "*" in rows[0].applicant_id_masked
    assert model.data(model.index(0, BoardModel.ID_NUMBER)) == rows[0].applicant_id_masked


def test_filters_and_search(qtbot, board, ops, hall, clerk):
    training, _ = deferred_case(clerk, person="44030819900101123")
    food, _ = deferred_case(clerk, deferred=2, person="44030819900101124")
    other, _ = deferred_case(hall.session("wang.wu"), person="44030819900101125")
    sign_in(qtbot, board, ops, clerk)
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


def test_enter_opens_the_case_and_filters_survive_a_reload(qtbot, board, ops, clerk):
    first, _ = deferred_case(clerk, person="44030819900101123")
    second, _ = deferred_case(clerk, deferred=2, person="44030819900101124")
    sign_in(qtbot, board, ops, clerk)
    board.matter_box.setCurrentIndex(board.matter_box.findData("食品经营许可"))
    load(qtbot, board)
    assert board.matter_box.currentData() == "食品经营许可" and numbers(board) == [second]
    board.matter_box.setCurrentIndex(0)
    qtbot.keyClicks(board.search_box, first[-4:])
    with qtbot.waitSignal(board.case_opened) as opened:
        qtbot.keyClick(board.search_box, Qt.Key.Key_Return)
    assert opened.args == [first]


def test_supplement_partly_then_complete_and_the_board_follows(qtbot, board, ops, clerk):
    number, names = deferred_case(clerk, deferred=2)
    sign_in(qtbot, board, ops, clerk)
    select(board, number)
    shown = previews(board)
    dialog = form(qtbot, board, board.supplement, SupplementDialog)
    assert [box.text() for box in dialog.material_boxes] == list(names)
    dialog.material_boxes[1].setChecked(False)
    dialog.channel_box.setCurrentIndex(1)  # 邮寄
    press_enter(qtbot, dialog.date_edit)
    done(qtbot, board, dialog)
    assert "仍缺 1 项" in board.message() and "已打印补正材料接收凭证" in board.message()
    (row,) = board.shown_rows()  # reloaded by the helper's broadcast, not by the test
    assert row.status_label == "部分补正" and row.missing == (names[1],)
    title, ((label, path),) = shown[-1]
    assert title == number and label == "补正材料接收凭证"
    assert "补正材料接收凭证" in text(path.read_bytes())
    board.status_box.setCurrentIndex(board.status_box.findData("部分补正"))
    assert numbers(board) == [number]
    board.status_box.setCurrentIndex(0)

    select(board, number)
    dialog = form(qtbot, board, board.supplement, SupplementDialog)
    press_enter(qtbot, dialog.channel_box)
    done(qtbot, board, dialog)
    assert board.shown_rows() == [] and "已全部补齐" in board.message()
    assert "容缺材料已全部补齐" in text(shown[-1][1][0][1].read_bytes())


def test_terminate_says_a_case_is_not_overdue_before_asking_anything(qtbot, board, ops, clerk):
    overdue, _ = deferred_case(clerk, person="44030819900101123")
    fresh, _ = deferred_case(clerk, person="44030819900101124", at=datetime(2026, 10, 20, 9))
    board.today = LATE
    sign_in(qtbot, board, ops, clerk)
    shown = previews(board)
    select(board, fresh)
    board.terminate()
    assert board.dialog is None  # no "terminate?" to answer only to hear it may not be
    assert "尚未逾期" in board.message() and "不能终止办理" in board.message() and fresh in board.message()
    assert shown == [] and sorted(numbers(board)) == sorted([overdue, fresh])

    select(board, overdue)
    dialog = form(qtbot, board, board.terminate, ConfirmDialog)
    assert overdue in dialog.text_label.text()
    press_enter(qtbot, dialog)
    done(qtbot, board, dialog)
    assert numbers(board) == [fresh] and f"已终止办理 {overdue}" in board.message()
    title, ((_label, path),) = shown[-1]
    assert title == overdue and "终止办理通知书" in text(path.read_bytes())


def test_withdraw_after_confirmation(qtbot, board, ops, clerk):
    number, _ = deferred_case(clerk)
    sign_in(qtbot, board, ops, clerk)
    select(board, number)
    dialog = form(qtbot, board, board.withdraw, ConfirmDialog)
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert numbers(board) == [number] and board.message() == ""
    dialog = form(qtbot, board, board.withdraw, ConfirmDialog)
    press_enter(qtbot, dialog)
    done(qtbot, board, dialog, printed=False)
    assert numbers(board) == [] and "撤回" in board.message()


def test_reminders_for_the_cases_due_soon_in_one_pdf(qtbot, board, ops, clerk):
    first, _ = deferred_case(clerk, person="44030819900101123")
    second, _ = deferred_case(clerk, person="44030819900101124")
    later, _ = deferred_case(clerk, person="44030819900101125", at=datetime(2026, 10, 9, 9))
    sign_in(qtbot, board, ops, clerk)
    board.table.clearSelection()
    board.remind()
    assert "请先选中" in board.message() and board.dialog is None
    board.select_due()
    assert sorted(board.selected_numbers()) == sorted([first, second])
    assert board.message() == ""  # a new selection: the old words no longer apply
    shown = previews(board)
    dialog = form(qtbot, board, board.remind, ReminderDialog)
    dialog.method_box.setCurrentIndex(dialog.method_box.findData("phone"))
    assert dialog.ok_button.text() == "登记" and "不打印催补通知" in dialog.intro.text()
    press_enter(qtbot, dialog.note_edit)
    done(qtbot, board, dialog, printed=False)
    assert "已登记 2 件催补（电话），无需打印催补通知" in board.message()
    assert shown == []  # a call is no letter
    counts = {row.number: row.reminders for row in board.shown_rows()}
    assert counts == {first: 1, second: 1, later: 0}
    assert board.model.data(board.model.index(board.model.row_of(first), BoardModel.REMINDERS)) == "1"

    board.select_due()
    dialog = form(qtbot, board, board.remind, ReminderDialog)
    assert dialog.method_box.currentData() == "letter" and dialog.ok_button.text() == "登记并打印"
    commit_text(dialog.note_edit, "内部：两人都说下周来")  # the hall's own note
    press_enter(qtbot, dialog.note_edit)
    done(qtbot, board, dialog)
    assert "已登记 2 件催补（书面通知）" in board.message()
    title, ((_label, path),) = shown[-1]
    assert title == "催补通知（2 件）"
    content = text(path.read_bytes())
    assert content.count("催补通知") >= 2 and first in content and second in content and later not in content
    assert "下周来" not in content and "内部" not in content  # the note stays off the applicant's letter


def test_history_by_keyboard_and_a_print_failure_in_words(qtbot, board, ops, clerk, monkeypatch):
    number, _ = deferred_case(clerk)
    sign_in(qtbot, board, ops, clerk)
    board.activateWindow()
    board.table.setFocus()
    qtbot.waitUntil(lambda: board.table.hasFocus())
    select(board, number)
    shown = previews(board)
    qtbot.keyClick(board.table, Qt.Key.Key_H, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: bool(shown), timeout=30_000)
    title, ((label, path),) = shown[-1]
    assert title == number and label == "办件记录" and "容缺受理" in text(path.read_bytes())

    def broken(*_args, **_kwargs):
        raise OSError("磁盘已满 /home/someone")

    monkeypatch.setattr(clerk, "followup_document", broken)
    board.print_history()
    qtbot.waitUntil(lambda: board.message_label.property("kind") == "error", timeout=30_000)
    assert board.message().startswith("未能打印办件记录：") and "错误编号" in board.message()
    assert "/home/someone" not in board.message()  # a fault's own text is for the log, not the screen
    assert numbers(board) == [number] and len(shown) == 1


def test_ctrl_e_from_the_search_box_opens_the_extension(qtbot, board, ops, clerk):
    number, _ = deferred_case(clerk)
    sign_in(qtbot, board, ops, clerk)
    board.activateWindow()
    board.focus_search()
    qtbot.waitUntil(lambda: board.search_box.hasFocus())
    override = QKeyEvent(QEvent.Type.ShortcutOverride, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    override.ignore()
    QApplication.sendEvent(board.search_box, override)
    assert override.isAccepted()  # claimed for the board, whatever the desktop's line-edit keys are
    select_all = QKeyEvent(QEvent.Type.ShortcutOverride, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    select_all.ignore()
    QApplication.sendEvent(board.search_box, select_all)
    assert select_all.isAccepted()  # the line edit's own editing keys stay its own
    qtbot.keyClicks(board.search_box, number[-4:])
    qtbot.keyClick(board.search_box, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    dialog = board.dialog
    assert isinstance(dialog, ExtendDialog) and number in dialog.windowTitle()
    assert board.search_box.text() == number[-4:]
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert board.dialog is None


def test_a_holiday_entered_elsewhere_changes_days_left_at_once(qtbot, board, ops, hall, clerk):
    deferred_case(clerk)  # due Tuesday 2026-10-13; on Friday 10-09: Sat 10-10 (调休), Mon 10-12, Tue 10-13
    sign_in(qtbot, board, ops, clerk)
    assert board.shown_rows()[0].days_left == 3
    administrator = QObject()  # the calendar dialog, as far as the helper is concerned
    with qtbot.waitSignal(board.rows_loaded, timeout=15_000):
        ops.run(
            administrator,
            lambda s: s.set_day(date(2026, 10, 12), "holiday", "台风停工"),
            session=hall.session("admin"),
        )
    assert board.shown_rows()[0].days_left == 2
    with qtbot.waitSignal(board.rows_loaded, timeout=15_000):
        ops.did_change.emit(Changes(calendar=True))  # the calendar alone is reason enough
    with qtbot.assertNotEmitted(board.rows_loaded, wait=300):
        ops.did_change.emit(Changes(cases=True, settings=True))


def test_a_superseded_load_is_dropped(qtbot, board, ops, clerk, monkeypatch):
    number, _ = deferred_case(clerk)
    sign_in(qtbot, board, ops, clerk)
    calls: list[int] = []
    real = clerk.board_rows

    def counted(**kwargs):
        calls.append(1)
        return real(**kwargs) if len(calls) > 1 else []  # the older question's answer: an empty board

    monkeypatch.setattr(clerk, "board_rows", counted)
    loads: list = []
    board.rows_loaded.connect(loads.append)
    board.refresh()
    board.refresh()
    qtbot.waitUntil(lambda: len(calls) == 2 and not ops.busy(board, "load"), timeout=15_000)
    qtbot.wait(50)
    assert len(loads) == 1 and numbers(board) == [number]


def test_detach_leaves_nothing_on_screen(qtbot, board, ops, clerk):
    deferred_case(clerk)
    sign_in(qtbot, board, ops, clerk)
    dialog = form(qtbot, board, board.extend, ExtendDialog)
    commit_text(dialog.reason_edit, "台风停工")
    board.refresh()  # an answer on its way while the person signs out
    board.detach()
    assert board.dialog is None and dialog.result() == ExtendDialog.DialogCode.Rejected
    ops.wait()
    qtbot.wait(50)
    assert board.shown_rows() == [] and board.model.rowCount() == 0
    assert [box.count() for box in (board.department_box, board.matter_box, board.clerk_box)] == [1, 1, 1]
    assert board.summary_label.text() == "" and board.message() == "" and board.search_box.text() == ""
    assert not any(button.isEnabled() for button in board.buttons.values())
    board.supplement()
    assert board.dialog is None and "尚未登录" in board.message()
    ops.did_change.emit(Changes(board=True))  # nobody signed in at this view: no load
    assert not ops.busy(board, "load")
