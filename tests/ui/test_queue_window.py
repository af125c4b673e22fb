"""排队叫号 at the counter window, by keys: F8 下一位, Shift+F8 重呼, Ctrl+F8 过号, Ctrl+Shift+F8 转移…,
the ticket and the waiting count in the status bar, a stored intake linked to its ticket; against the
demo queue (queue_source "fake") and the queue server on 127.0.0.1 (queue_source "http")."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel
from sqlmodel import Session

from hallapp.services.changes import Changes
from hallapp.services.station import StationSettings, save_station
from hallapp.store import audit_repo
from hallapp.ui.queue_widgets import NOTE_WIDTH, TransferDialog
from tests.devices.queue_server import QueueServer, running_queue
from tests.ui.robot_clerk import gone
from tests.ui.test_intake_flow import fill_person, open_intake

CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier
WAIT_MS = 20_000


@pytest.fixture(autouse=True)
def quick_refresh(monkeypatch):
    """The waiting count asked every 200 ms instead of 5 s: a recovery is seen without a long wait."""
    monkeypatch.setattr("hallapp.ui.window_queue.REFRESH_MS", 200)


@pytest.fixture
def fake_station(paths):
    """This PC set up with the demo queue (window 01 serves A and B: A001 A002 B001 A003 B002 A004 wait)."""
    save_station(paths.data_dir, replace(StationSettings(), queue_source="fake"))


@pytest.fixture
def server(paths) -> Iterator[QueueServer]:
    """A queue server with A001 A002 B001 waiting for window 01, and this PC set up to use it."""
    with running_queue() as running:
        for prefix in "AAB":
            running.state.issue(prefix)
        save_station(
            paths.data_dir,
            replace(StationSettings(), queue_source="http", queue_url=running.url, queue_timeout_ms=1000),
        )
        yield running


def shown(window) -> str:
    return window.queue_status.text()


def wait_shown(qtbot, window, words: str) -> None:
    qtbot.waitUntil(lambda: words in shown(window), timeout=WAIT_MS)


def press(qtbot, window, key=Qt.Key.Key_F8, modifiers=Qt.KeyboardModifier.NoModifier) -> None:
    qtbot.keyClick(QApplication.focusWidget() or window, key, modifiers)


def back_to_window(qtbot, window) -> None:
    """A dialog closed: the window manager would give the window the keyboard back (offscreen has none)."""
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=WAIT_MS)


def idle(qtbot, window) -> None:
    """Every call the window made to the queue system answered."""
    from hallapp.ui.window_queue import CALL_KEY

    qtbot.waitUntil(lambda: not window.ops.busy(window.queue_status, CALL_KEY), timeout=WAIT_MS)


def fake_of(window):
    return window.session.queue_caller()


def queue_menu_shown(window) -> bool:
    return any(a.isVisible() and "叫号" in a.text() for a in window.menuBar().actions())


def stored_intake(qtbot, window, id_number=None) -> str:
    """An intake of 就业登记 with everything handed in, stored by Ctrl+Enter: its case number."""
    window.preview = None  # the last intake's preview: the one to wait for is this intake's
    window.search_panel.search_box.clear()
    page = open_intake(qtbot, window, "jiuye")
    fill_person(qtbot, page, id_number)
    page.table.setFocus()
    qtbot.keyClick(page.table, Qt.Key.Key_A)
    with qtbot.waitSignal(window.decided, timeout=WAIT_MS) as decided:
        qtbot.keyClick(page.table, Qt.Key.Key_Return, CTRL)
    qtbot.waitUntil(lambda: window.preview is not None, timeout=WAIT_MS)
    window.preview.close()
    back_to_window(qtbot, window)
    return decided.args[0].number


def trail_links(window, number: str) -> list[dict]:
    import json

    with Session(window.context.engine) as session:
        events = audit_repo.events_for(session, "case", number)
    return [json.loads(e.detail) for e in events if e.action == "queue.link"]


# -- the demo queue ----------------------------------------------------------------------------------------


def test_f8_shows_the_ticket_and_its_group_and_the_count_drops(qtbot, fake_station, window):
    assert window.queue_status.isVisible() and queue_menu_shown(window)
    wait_shown(qtbot, window, "等候 6 人")
    assert "未叫号" in shown(window)
    press(qtbot, window)
    wait_shown(qtbot, window, "当前 A001 综合受理")
    wait_shown(qtbot, window, "等候 5 人")
    assert fake_of(window).state("A001") == "called"
    assert fake_of(window).calls == [("01", "A001")]


def test_recall_skip_and_transfer_reach_the_queue(qtbot, fake_station, window):
    fake = fake_of(window)
    press(qtbot, window)
    wait_shown(qtbot, window, "当前 A001")
    press(qtbot, window, modifiers=SHIFT)  # 重呼
    wait_shown(qtbot, window, "已重呼 A001")
    assert fake.recalls("A001") == 1
    press(qtbot, window, modifiers=CTRL)  # 过号: the ticket is done with
    wait_shown(qtbot, window, "A001 已过号")
    assert fake.state("A001") == "skipped"
    assert "未叫号" in shown(window)
    press(qtbot, window, modifiers=SHIFT)  # nothing to recall now: said, nothing sent
    wait_shown(qtbot, window, "当前没有号票，无法重呼")
    assert fake.recalls("A001") == 1

    press(qtbot, window)
    wait_shown(qtbot, window, "当前 A002 综合受理")
    press(qtbot, window, modifiers=CTRL | SHIFT)  # 转移…
    qtbot.waitUntil(lambda: isinstance(window.transfer_dialog, TransferDialog), timeout=WAIT_MS)
    dialog = window.transfer_dialog
    qtbot.waitUntil(lambda: QApplication.focusWidget() is dialog.edit, timeout=WAIT_MS)
    qtbot.keyClicks(dialog.edit, "01")
    qtbot.keyClick(dialog.edit, Qt.Key.Key_Return)  # its own window: refused in words, still open
    assert "已在本窗口" in dialog.error.text() and dialog.isVisible()
    dialog.edit.clear()
    qtbot.keyClicks(dialog.edit, "9/9")
    qtbot.keyClick(dialog.edit, Qt.Key.Key_Return)
    assert "不能用于叫号" in dialog.error.text() and dialog.isVisible()
    dialog.edit.clear()
    qtbot.keyClicks(dialog.edit, "09")  # no such window at the queue system: its words, still open
    qtbot.keyClick(dialog.edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: "没有这个窗口号" in dialog.error.text(), timeout=WAIT_MS)
    assert dialog.isVisible() and fake.state("A002") == "called"
    dialog.edit.clear()
    qtbot.keyClicks(dialog.edit, "02")
    qtbot.keyClick(dialog.edit, Qt.Key.Key_Return)
    wait_shown(qtbot, window, "A002 已转至 02 号窗口")
    assert gone(dialog) and window.transfer_dialog is None
    assert fake.state("A002") == "waiting"
    assert "未叫号" in shown(window)
    assert fake.next("02").number == "A002"  # called at window 02 before those waiting there


def test_escape_cancels_the_transfer(qtbot, fake_station, window):
    press(qtbot, window)
    wait_shown(qtbot, window, "当前 A001")
    press(qtbot, window, modifiers=CTRL | SHIFT)
    qtbot.waitUntil(lambda: window.transfer_dialog is not None, timeout=WAIT_MS)
    dialog = window.transfer_dialog
    qtbot.keyClicks(dialog.edit, "02")
    qtbot.keyClick(dialog.edit, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: window.transfer_dialog is None, timeout=WAIT_MS)
    assert fake_of(window).state("A001") == "called"
    assert "当前 A001" in shown(window)


def test_nobody_waiting_says_so(qtbot, fake_station, window):
    fake = fake_of(window)
    for number in ("A001", "A002", "B001", "A003", "B002", "A004"):
        press(qtbot, window)
        wait_shown(qtbot, window, f"已叫 {number}")
        idle(qtbot, window)
    wait_shown(qtbot, window, "等候 0 人")
    press(qtbot, window)
    wait_shown(qtbot, window, "暂无等候")
    assert "未叫号" in shown(window)
    assert fake.state("A004") == "done"


def test_a_stored_intake_links_its_ticket_and_the_next_f8_calls_the_next(qtbot, fake_station, window):
    fake = fake_of(window)
    press(qtbot, window)
    wait_shown(qtbot, window, "当前 A001")
    number = stored_intake(qtbot, window)
    wait_shown(qtbot, window, f"A001 已关联办件 {number}")
    assert window.queue_status.ticket_label.text() == f"A001 已关联办件 {number}"
    assert shown(window).count(number) == 1  # said once: the note does not repeat the ticket part
    assert fake.cases("A001") == [number]
    (link,) = trail_links(window, number)
    assert (link["ticket"], link["group"], link["window"]) == ("A001", "综合受理", "01")
    press(qtbot, window, modifiers=SHIFT)  # a linked ticket is done: nothing to recall
    wait_shown(qtbot, window, "已办结")
    assert fake.recalls("A001") == 0
    press(qtbot, window)
    wait_shown(qtbot, window, "已叫 A002")
    assert "未关联" not in shown(window)
    assert fake.state("A001") == "done"


def test_another_applicants_case_is_not_put_on_the_ticket_when_f8_was_forgotten(qtbot, fake_station, window):
    from tests.services.intake_helpers import resident_id

    fake = fake_of(window)
    press(qtbot, window)
    wait_shown(qtbot, window, "当前 A001")
    first = stored_intake(qtbot, window)
    wait_shown(qtbot, window, f"A001 已关联办件 {first}")
    other = stored_intake(qtbot, window, resident_id("44030819700101001"))  # the next person, no F8
    wait_shown(qtbot, window, "另一位申请人未叫号：未关联 A001")
    window.ops.wait()
    assert fake.cases("A001") == [first] and trail_links(window, other) == []
    assert f"A001 已关联办件 {first}" in shown(window)


def test_an_applicants_second_matter_is_linked_to_the_same_ticket(qtbot, fake_station, window):
    fake = fake_of(window)
    press(qtbot, window)
    wait_shown(qtbot, window, "当前 A001")
    first = stored_intake(qtbot, window)
    wait_shown(qtbot, window, f"A001 已关联办件 {first}")
    second = stored_intake(qtbot, window)  # the same applicant's next matter, before F8
    wait_shown(qtbot, window, f"A001 已关联办件 {second}")
    assert second != first and fake.cases("A001") == [first, second]
    assert [link["ticket"] for link in trail_links(window, second)] == ["A001"]
    press(qtbot, window)
    wait_shown(qtbot, window, "已叫 A002")
    third = stored_intake(qtbot, window)
    wait_shown(qtbot, window, f"A002 已关联办件 {third}")
    assert fake.cases("A001") == [first, second] and fake.cases("A002") == [third]


def test_a_bundle_links_its_ticket_once_by_its_reference(qtbot, fake_station, window):
    fake = fake_of(window)
    press(qtbot, window)
    wait_shown(qtbot, window, "当前 A001")
    box = window.search_panel.search_box
    box.setFocus()
    qtbot.keyClicks(box, "xsecs")  # 新生儿出生一件事
    qtbot.waitUntil(lambda: window.guide_view.bundle is not None, timeout=WAIT_MS)
    qtbot.keyClick(window, Qt.Key.Key_F5)
    qtbot.waitUntil(lambda: window.work.currentWidget() is window.intake, timeout=WAIT_MS)
    page = window.intake
    fill_person(qtbot, page)
    page.table.setFocus()
    qtbot.keyClick(page.table, Qt.Key.Key_A)
    with qtbot.waitSignal(window.decided, timeout=WAIT_MS) as decided:
        qtbot.keyClick(page.table, Qt.Key.Key_Return, CTRL)
    reference = decided.args[0].reference
    wait_shown(qtbot, window, f"A001 已关联办件 {reference}")
    assert fake.cases("A001") == [reference]
    assert [link["ticket"] for link in trail_links(window, reference)] == ["A001"]
    qtbot.waitUntil(lambda: window.preview is not None, timeout=30_000)
    window.preview.close()


def test_f8_during_an_intake_keeps_the_unlinked_ticket(qtbot, fake_station, window):
    fake = fake_of(window)
    press(qtbot, window)
    wait_shown(qtbot, window, "当前 A001")
    page = open_intake(qtbot, window, "jiuye")
    press(qtbot, window)  # the applicant of A001 is being served: not lost silently
    qtbot.waitUntil(lambda: window.status.text() == "请先办结 A001 的受理（或 Esc 退出），再叫下一位")
    assert fake.calls == [("01", "A001")] and "当前 A001" in shown(window)
    assert "已叫" not in shown(window)  # the part keeps the ticket and the count, nothing stale
    window.queue_status.say("叫号系统说了一句很长的话，" * 6)  # a long word is cut in the bar, whole
    note = window.queue_status.note_label  # in its tooltip, and never widens the window past the screen
    assert note.text().endswith("…") and note.sizeHint().width() <= NOTE_WIDTH + 10
    qtbot.keyClick(page.table, Qt.Key.Key_Escape)  # nothing typed: back to the search at once
    assert window.work.currentWidget() is window.lookup
    press(qtbot, window)
    wait_shown(qtbot, window, "已叫 A002；上一号 A001 未关联办件")
    assert trail_links(window, "A001") == []


def test_nothing_of_it_without_a_queue_system(qtbot, window):
    assert not window.session.has_queue
    assert not queue_menu_shown(window)
    assert not window.queue_status.isVisible()
    before = window.status.text()
    press(qtbot, window)  # the keys do nothing at all
    press(qtbot, window, modifiers=CTRL | SHIFT)
    assert window.status.text() == before and window.transfer_dialog is None
    visible = [w.text() for w in window.statusBar().findChildren(QLabel) if w.isVisible()]
    assert not any("叫号" in text or "等候" in text or "号票" in text for text in visible)
    stored_intake(qtbot, window)  # a decision without a queue system links nothing
    assert not window.queue_status.isVisible()


def test_it_appears_when_set_up_and_goes_when_removed_or_signed_out(qtbot, window):
    session = window.session
    session.settings = replace(session.settings, queue_source="fake")
    window.ops.did_change.emit(Changes(settings=True))
    assert window.queue_status.isVisible() and queue_menu_shown(window)
    wait_shown(qtbot, window, "等候 6 人")
    press(qtbot, window)
    wait_shown(qtbot, window, "当前 A001")
    window.ops.did_change.emit(Changes(settings=True))  # another setting changed: the ticket stays
    assert "当前 A001" in shown(window)
    session.settings = replace(session.settings, queue_source="off")
    window.ops.did_change.emit(Changes(settings=True))
    assert not window.queue_status.isVisible() and not queue_menu_shown(window)
    session.settings = replace(session.settings, queue_source="fake")
    window.ops.did_change.emit(Changes(settings=True))
    assert "A001" not in shown(window)  # after the queue system was off, no ticket of before shows
    press(qtbot, window)
    wait_shown(qtbot, window, "当前 A002")
    window.detach()  # sign-out
    assert not window.queue_status.isVisible() and not queue_menu_shown(window)
    assert "A002" not in shown(window) and window.queue_ticket is None


# -- the queue server --------------------------------------------------------------------------------------


def test_f8_and_the_others_against_the_queue_server(qtbot, server, window):
    state = server.state
    wait_shown(qtbot, window, "等候 3 人")
    press(qtbot, window)
    wait_shown(qtbot, window, "当前 A001 综合受理")
    wait_shown(qtbot, window, "等候 2 人")
    press(qtbot, window, modifiers=SHIFT)
    wait_shown(qtbot, window, "已重呼 A001")
    assert state.tickets["A001"].recalls == 1
    press(qtbot, window, modifiers=CTRL | SHIFT)
    qtbot.waitUntil(lambda: window.transfer_dialog is not None, timeout=WAIT_MS)
    qtbot.keyClicks(window.transfer_dialog.edit, "02")
    qtbot.keyClick(window.transfer_dialog.edit, Qt.Key.Key_Return)
    wait_shown(qtbot, window, "A001 已转至 02 号窗口")
    back_to_window(qtbot, window)
    assert (state.tickets["A001"].state, state.tickets["A001"].to_window) == ("waiting", "02")
    press(qtbot, window)
    wait_shown(qtbot, window, "当前 A002")
    press(qtbot, window, modifiers=CTRL)
    wait_shown(qtbot, window, "A002 已过号")
    assert state.tickets["A002"].state == "skipped"


def test_a_second_f8_while_the_first_is_unanswered_calls_nobody_else(qtbot, server, window):
    wait_shown(qtbot, window, "等候 3 人")
    idle(qtbot, window)
    server.state.slow = 0.5  # answered, late
    press(qtbot, window)
    press(qtbot, window)
    assert "正在等待叫号系统应答" in shown(window)
    wait_shown(qtbot, window, "当前 A001")
    assert server.state.calls_to("/next") == 1
    assert [t.state for t in server.state.tickets.values()] == ["called", "waiting", "waiting"]


def test_a_stored_intake_tells_the_queue_server(qtbot, server, window):
    press(qtbot, window)
    wait_shown(qtbot, window, "当前 A001")
    number = stored_intake(qtbot, window)
    wait_shown(qtbot, window, f"A001 已关联办件 {number}")
    assert server.state.tickets["A001"].cases == [number]
    assert [link["ticket"] for link in trail_links(window, number)] == ["A001"]


def test_a_link_the_queue_server_cannot_take_is_said_and_the_trail_keeps_it(qtbot, server, window):
    press(qtbot, window)
    wait_shown(qtbot, window, "当前 A001")
    server.state.fail_status = 503
    number = stored_intake(qtbot, window)
    wait_shown(qtbot, window, f"叫号系统未能登记 A001 与 {number} 的关联（办件记录中已记下）")
    assert server.state.tickets["A001"].cases == []
    assert [link["ticket"] for link in trail_links(window, number)] == ["A001"]


def test_a_queue_server_that_goes_down_is_said_in_words_and_recovers(qtbot, server, window):
    press(qtbot, window)
    wait_shown(qtbot, window, "当前 A001")
    wait_shown(qtbot, window, "等候 2 人")
    server.down()
    wait_shown(qtbot, window, "叫号系统暂不可用")  # by the timer, without a message box
    assert "连接被拒绝" in window.queue_status.waiting_label.toolTip()
    press(qtbot, window)
    wait_shown(qtbot, window, "未能叫号")
    assert "当前 A001 综合受理" in shown(window)  # nothing changed
    press(qtbot, window, modifiers=CTRL)
    wait_shown(qtbot, window, "未能过号")
    server.up()  # back at the same address with the same tickets, as after a restart
    wait_shown(qtbot, window, "叫号系统已恢复")
    wait_shown(qtbot, window, "等候 2 人")
    assert server.state.tickets["A001"].state == "called"
    press(qtbot, window)
    wait_shown(qtbot, window, "已叫 A002")


def test_a_slow_queue_server_is_said_and_never_asked_twice_at_once(qtbot, server, window, monkeypatch):
    from hallapp.ui.window_queue import WAITING_KEY

    wait_shown(qtbot, window, "等候 3 人")
    idle(qtbot, window)
    run = window.ops.run
    started = []  # for each count asked: was the last one still unanswered?

    def watched(owner, fn, *args, **kwargs):
        if kwargs.get("key") == WAITING_KEY:
            started.append(window.ops.busy(owner, WAITING_KEY))
        return run(owner, fn, *args, **kwargs)

    monkeypatch.setattr(window.ops, "run", watched)
    server.state.slow = 3.0  # past the 1 s timeout
    wait_shown(qtbot, window, "叫号系统暂不可用")
    qtbot.waitUntil(lambda: len(started) >= 3, timeout=WAIT_MS)  # the timer ticked on meanwhile
    assert not any(started)  # never a second request behind one the queue system has not answered
    server.state.slow = 0.0
    wait_shown(qtbot, window, "叫号系统已恢复")
    wait_shown(qtbot, window, "等候 3 人")


@pytest.mark.parametrize("who", ["ADMIN", "AUDITOR"])
def test_who_may_not_take_cases_in_is_not_invited_to_f8_and_f8_says_why(
    qtbot, fake_station, ready_context, who
):
    import tests.people
    from hallapp.ui.main_window import MainWindow

    person = getattr(tests.people, who)
    main = MainWindow()
    qtbot.addWidget(main)
    main.show()
    main.attach(ready_context, person)
    qtbot.waitUntil(lambda: main.session is not None and main.queue_status.isVisible(), timeout=WAIT_MS)
    reason = main.session.why_not_intake()
    assert reason and queue_menu_shown(main)
    ticket = main.queue_status.ticket_label
    assert "F8" not in ticket.text() and "未叫号" not in ticket.text()  # no invitation to press it
    assert ticket.text() == "本账号不叫号" and ticket.toolTip() == reason
    assert all(a.toolTip() == reason for a in main.queue_actions)
    for key, modifiers in (
        (Qt.Key.Key_F8, Qt.KeyboardModifier.NoModifier),
        (Qt.Key.Key_F8, SHIFT),
        (Qt.Key.Key_F8, CTRL),
    ):
        main.set_status("")
        press(qtbot, main, key, modifiers)
        assert main.status.text() == reason  # the key says why it calls nobody
    main.ops.wait()
    assert fake_of(main).calls == []
    assert ticket.text() == "本账号不叫号"


def test_the_queue_part_fits_a_1366_pixel_window_after_a_call_and_a_link(qtbot, qapp, fake_station, window):
    from tests.ui.admin_helpers import app_font
    from tests.ui.test_card_intake import assert_status_bar_fits
    from tests.ui.test_screen_1366 import CLIENT

    with app_font(qapp):
        window.resize(*CLIENT)
        press(qtbot, window)
        wait_shown(qtbot, window, "当前 A001 综合受理")
        assert shown(window).count("综合受理") == 1
        assert_status_bar_fits(window)
        number = stored_intake(qtbot, window)
        wait_shown(qtbot, window, f"A001 已关联办件 {number}")
        window.set_status(f"{number}：文书已生成并存档")  # the window's own line after a decision
        assert_status_bar_fits(window)
