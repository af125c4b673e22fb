"""Clerk-day bugs of issue 10 §4, driven from the keyboard as a clerk would."""

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from tests.ui.test_intake_flow import fill_person, open_intake


def open_bundle(qtbot, window, pinyin="xsecs"):
    box = window.search_panel.search_box
    box.setFocus()
    box.clear()
    qtbot.keyClicks(box, pinyin)
    model = window.search_panel.model
    qtbot.waitUntil(lambda: model.rowCount() > 0 and model.hit(0).is_bundle)
    qtbot.waitUntil(lambda: window.guide_view.bundle is not None)
    qtbot.waitUntil(lambda: window.settings is not None)
    qtbot.keyClick(window, Qt.Key.Key_F5)
    qtbot.waitUntil(lambda: window.work.currentWidget() is window.intake)
    return window.intake


def test_a_plain_intake_starts_after_a_completed_bundle(qtbot, window):
    page = open_bundle(qtbot, window)
    fill_person(qtbot, page)
    page.table.setFocus()
    qtbot.keyClick(page.table, Qt.Key.Key_A)
    qtbot.keyClick(page.table, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: window.preview is not None, timeout=30_000)
    window.preview.close()
    window.activateWindow()  # offscreen has no window manager to give it back after the preview
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    qtbot.waitUntil(lambda: window.work.currentWidget() is window.lookup)
    box = window.search_panel.search_box
    box.clear()
    box.setFocus()
    qtbot.keyClicks(box, "jiuye")
    model = window.search_panel.model
    qtbot.waitUntil(lambda: model.rowCount() > 0 and model.hit(0).name == "就业登记")
    qtbot.waitUntil(lambda: getattr(window.guide_view.guide, "name", None) == "就业登记")
    qtbot.keyClick(window, Qt.Key.Key_F5)
    qtbot.waitUntil(lambda: window.work.currentWidget() is window.intake)
    page = window.intake
    assert page.bundle is None and len(page.guides) == 1
    assert page.checklist is not None and page.checklist.guide is page.guide


def test_nothing_is_decided_before_the_materials_are_looked_at(qtbot, window, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    page = open_intake(qtbot, window, "jiuye")
    fill_person(qtbot, page)
    assert "请逐项核对材料" in page.verdict.text() and "不予受理" not in page.verdict.text()
    assert "#f1f5f9" in page.verdict.styleSheet()  # neutral, not the red of a refusal
    assert not page.action.isEnabled() and "一次性告知" not in page.action.text()
    submitted = []
    page.submit_requested.connect(submitted.append)
    page.table.setFocus()
    qtbot.keyClick(page.table, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert submitted == [] and "尚未核对材料" in page.rule_message.text()

    asked = []

    def answer(reply):
        def question(_parent, title, text, *_args, **_kwargs):
            asked.append(text)
            return reply

        monkeypatch.setattr(QMessageBox, "question", staticmethod(question))

    qtbot.keyClick(page.table, Qt.Key.Key_Delete)  # looked at: the applicant did not bring it
    assert "不予受理" in page.verdict.text() and page.action.isEnabled()
    assert page.rule_message.text() == ""
    answer(QMessageBox.StandardButton.No)
    qtbot.keyClick(page.table, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert len(asked) == 1 and "未提交任何材料" in asked[0] and submitted == []
    answer(QMessageBox.StandardButton.Yes)
    qtbot.keyClick(page.table, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert len(asked) == 2 and len(submitted) == 1
    qtbot.waitUntil(lambda: window.preview is not None, timeout=20_000)
    window.preview.close()


def test_a_partial_refusal_is_issued_without_asking(qtbot, window):
    page = open_intake(qtbot, window, "cypxbt")
    fill_person(qtbot, page)
    page.table.setFocus()
    qtbot.keyClick(page.table, Qt.Key.Key_Space)  # the ID card is in, the rest is not
    assert "不予受理" in page.verdict.text()
    submitted = []
    page.submit_requested.connect(submitted.append)
    qtbot.keyClick(page.table, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)  # no message box
    assert len(submitted) == 1
    qtbot.waitUntil(lambda: window.preview is not None, timeout=20_000)
    window.preview.close()


def test_all_received_keeps_the_rows_an_e_licence_satisfied(qtbot, window, ready_context):
    from hallapp.licences.local import seed_demo_licences
    from tests.ui.test_intake_licences import CHEN, type_applicant

    seed_demo_licences(ready_context.uow(write=True))
    page = open_intake(qtbot, window, "cypxbt")
    qtbot.waitUntil(lambda: window.session is not None and window.session.licences is not None)
    type_applicant(qtbot, page, CHEN)
    qtbot.waitUntil(lambda: page.checklist.checks[0].licence is not None)
    by_licence = [i for i, c in enumerate(page.checklist.checks) if c.licence is not None]
    page.table.setFocus()
    qtbot.keyClick(page.table, Qt.Key.Key_A)
    assert all(page.checklist.checks[i].licence is not None for i in by_licence)
    assert all(c.complete for c in page.checklist.checks)
    for row in by_licence:
        assert "免提交" in page.model.data(page.model.index(row, page.model.STATUS))
