"""Esc, closing the window or signing out mid-intake asks first; a draft is kept per account (also over a
crash) and offered back at that account's next intake; storing the case removes it."""

import json

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from hallapp.domain.access import Principal, Role
from hallapp.services.drafts import DraftStore
from tests.services.intake_helpers import resident_id
from tests.ui.conftest import COUNTER_CLERK, commit_text
from tests.ui.test_intake_flow import open_intake

LISI = Principal("li.si", "李四", Role.CLERK, "08")
ID = resident_id("44030819900101456")


def draft_file(window, username="zhang.san"):
    return DraftStore(window.session.paths.data_dir).path(username)


def half_done(qtbot, window):
    """创业培训补贴申领 with the applicant typed and two materials marked, nothing stored."""
    page = open_intake(qtbot, window, "cypxbt")
    commit_text(page.form.name.edit, "欧阳·娜娜")
    qtbot.keyClicks(page.form.id_number.edit, ID)
    qtbot.keyClicks(page.form.phone.edit, "13812345678")
    page.table.setFocus()
    qtbot.keyClick(page.table, Qt.Key.Key_Space)  # row 1 received
    qtbot.keyClick(page.table, Qt.Key.Key_Down)
    qtbot.keyClick(page.table, Qt.Key.Key_O)  # row 2: the original seen
    return page


def leave_question(qtbot, window):
    qtbot.waitUntil(lambda: getattr(window, "leave_dialog", None) is not None)
    dialog = window.leave_dialog
    qtbot.waitUntil(lambda: dialog.isVisible() and QApplication.activeWindow() is dialog)
    return dialog


def test_esc_asks_and_enter_keeps_a_draft_that_comes_back_at_the_next_intake(qtbot, window):
    page = half_done(qtbot, window)
    marked = [(c.original_seen, c.copies) for c in page.checklist.checks]
    qtbot.keyClick(page.table, Qt.Key.Key_Escape)
    dialog = leave_question(qtbot, window)
    assert window.work.currentWidget() is page  # nothing thrown away before the answer
    assert "保存草稿并离开" in dialog.defaultButton().text()
    qtbot.keyClick(dialog, Qt.Key.Key_Return)  # Enter: the safe answer
    qtbot.waitUntil(lambda: window.work.currentWidget() is window.lookup)
    saved = json.loads(draft_file(window).read_text(encoding="utf-8"))
    assert saved["fields"]["name"] == "欧阳·娜娜" and saved["target_name"] == "创业培训补贴申领"

    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)  # the keys are the counter's again
    qtbot.keyClick(window, Qt.Key.Key_F5)  # the next intake: the draft is offered first
    qtbot.waitUntil(lambda: getattr(window, "draft_dialog", None) is not None)
    offer = window.draft_dialog
    qtbot.waitUntil(lambda: QApplication.activeWindow() is offer)
    assert "创业培训补贴申领" in offer.text() and ID not in offer.text() and "欧阳·娜娜" not in offer.text()
    assert "恢复草稿" in offer.defaultButton().text()
    qtbot.keyClick(offer, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.work.currentWidget() is page and page.form.name.text() == "欧阳·娜娜")
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    assert page.form.id_number.text() == ID and page.form.phone.text() == "13812345678"
    qtbot.waitUntil(lambda: [(c.original_seen, c.copies) for c in page.checklist.checks] == marked)

    page.table.setFocus()
    qtbot.keyClick(page.table, Qt.Key.Key_A)
    qtbot.keyClick(page.table, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: window.preview is not None, timeout=20_000)
    window.preview.close()
    assert not draft_file(window).exists()  # the case is stored: no draft left to offer


def test_the_draft_is_written_as_the_clerk_types_so_a_crash_keeps_it(qtbot, window):
    half_done(qtbot, window)
    qtbot.waitUntil(draft_file(window).exists, timeout=5_000)  # no Esc, no close: as after a crash
    qtbot.waitUntil(
        lambda: json.loads(draft_file(window).read_text(encoding="utf-8"))["marks"][1]["original_seen"]
    )


def test_esc_twice_goes_on_filling_in_and_discard_forgets(qtbot, window):
    page = half_done(qtbot, window)
    qtbot.keyClick(page.table, Qt.Key.Key_Escape)
    dialog = leave_question(qtbot, window)
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)  # 继续填写
    qtbot.waitUntil(lambda: not dialog.isVisible() and QApplication.activeWindow() is window)
    assert window.work.currentWidget() is page and page.form.name.text() == "欧阳·娜娜"
    assert page.table.hasFocus() or page.isAncestorOf(page.focusWidget())

    qtbot.keyClick(page.table, Qt.Key.Key_Escape)
    dialog = leave_question(qtbot, window)
    qtbot.keyClick(dialog, Qt.Key.Key_D, Qt.KeyboardModifier.AltModifier)  # 放弃
    qtbot.waitUntil(lambda: window.work.currentWidget() is window.lookup)
    assert not draft_file(window).exists()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    qtbot.keyClick(window, Qt.Key.Key_F5)  # nothing offered: a fresh intake
    qtbot.waitUntil(lambda: window.work.currentWidget() is page)
    assert page.form.name.text() == "" and getattr(window, "draft_dialog", None) is None


def test_an_empty_intake_leaves_without_a_question(qtbot, window):
    page = open_intake(qtbot, window, "cypxbt")
    qtbot.keyClick(page.form.name.edit, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: window.work.currentWidget() is window.lookup)
    assert getattr(window, "leave_dialog", None) is None and not draft_file(window).exists()


def test_closing_the_window_mid_intake_asks_and_keeps_the_draft(qtbot, window):
    half_done(qtbot, window)
    window.close()
    dialog = leave_question(qtbot, window)
    assert window.isVisible()  # not closed before the answer
    qtbot.keyClick(dialog, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not window.isVisible())
    assert json.loads(draft_file(window).read_text(encoding="utf-8"))["fields"]["id_number"] == ID


def test_signing_out_mid_intake_asks_and_the_next_person_never_sees_the_draft(qtbot, window, ready_context):
    half_done(qtbot, window)
    with qtbot.waitSignal(window.sign_out_requested, timeout=5_000):
        qtbot.keyClick(
            window, Qt.Key.Key_Q, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
        )
        dialog = leave_question(qtbot, window)
        qtbot.keyClick(dialog, Qt.Key.Key_Return)
    assert draft_file(window).exists()
    window.detach()
    window.attach(ready_context, LISI)
    qtbot.waitUntil(lambda: window.session is not None and window.session.principal.username == "li.si")
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    window.search_panel.search_box.clear()
    page = open_intake(qtbot, window, "cypxbt")
    assert getattr(window, "draft_dialog", None) is None  # 李四 is offered nothing of 张三's
    assert page.form.name.text() == "" and page.form.id_number.text() == ""
    assert not draft_file(window, "li.si").exists()

    window.detach()
    window.attach(ready_context, COUNTER_CLERK)  # 张三 again: their draft is still theirs
    qtbot.waitUntil(lambda: window.session is not None and window.session.principal.username == "zhang.san")
    box = window.search_panel.search_box
    box.clear()
    box.setFocus()
    qtbot.keyClicks(box, "cypxbt")
    qtbot.waitUntil(lambda: getattr(window.guide_view.guide, "name", None) == "创业培训补贴申领")
    qtbot.keyClick(window, Qt.Key.Key_F5)  # not the intake yet: the draft is offered first
    qtbot.waitUntil(lambda: getattr(window, "draft_dialog", None) is not None)
    offer = window.draft_dialog
    qtbot.waitUntil(lambda: QApplication.activeWindow() is offer)
    qtbot.keyClick(offer, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.intake.form.name.text() == "欧阳·娜娜")


def test_a_colleague_taking_over_at_the_lock_keeps_the_first_persons_draft(qtbot, window, ready_context):
    half_done(qtbot, window)
    path = draft_file(window)
    window.detach()  # as when another person signs in at the idle lock: nobody to ask
    assert json.loads(path.read_text(encoding="utf-8"))["fields"]["name"] == "欧阳·娜娜"
    assert window.intake.form.name.text() == ""  # nothing of it stays on the screen


def test_a_bundle_draft_comes_back_with_its_situations_and_agent(qtbot, window):
    from tests.ui.test_intake_keys import open_bundle

    page = open_bundle(qtbot, window)
    commit_text(page.form.name.edit, "欧阳·娜娜")
    qtbot.keyClicks(page.form.id_number.edit, ID)
    qtbot.keyClicks(page.form.phone.edit, "13812345678")
    qtbot.keyClick(page, Qt.Key.Key_G, Qt.KeyboardModifier.AltModifier)  # 由代理人办理
    qtbot.waitUntil(page.form.agent_box.isChecked)
    commit_text(page.form.agent_name.edit, "李四")
    answered = next(code for code in page.situation_boxes if code != "agent")
    page.situation_boxes[answered].setFocus()
    qtbot.keyClick(page.situation_boxes[answered], Qt.Key.Key_Space)
    page.table.setFocus()
    qtbot.keyClick(page.table, Qt.Key.Key_Space)
    rows = len(page.checklist.checks)
    qtbot.keyClick(page.table, Qt.Key.Key_Escape)
    qtbot.keyClick(leave_question(qtbot, window), Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.work.currentWidget() is window.lookup)
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)

    qtbot.keyClick(window, Qt.Key.Key_F5)
    qtbot.waitUntil(lambda: getattr(window, "draft_dialog", None) is not None)
    offer = window.draft_dialog
    assert "一件事" in offer.text()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is offer)
    qtbot.keyClick(offer, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: page.bundle is not None and page.form.agent_name.text() == "李四")
    assert page.form.agent_box.isChecked() and page.situation_boxes[answered].isChecked()
    assert dict(page.checklist.answers)[answered] and len(page.checklist.checks) == rows
    assert page.checklist.checks[0].complete
