"""Clerk-day bugs of issue 10 §4, driven from the keyboard as a clerk would."""

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QApplication

from hallapp.domain.identity import normalise_id
from tests.services.intake_helpers import resident_id
from tests.ui.conftest import commit_text
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


def focused():
    return QApplication.focusWidget()


def test_the_situation_questions_are_reached_and_answered_by_keyboard(qtbot, window):
    page = open_intake(qtbot, window, "cypxbt")  # 创业培训补贴申领 asks 申请人是否为非深户籍？
    box = page.situation_boxes["non_local"]
    fill_person(qtbot, page)
    page.form.phone.edit.setFocus()
    qtbot.keyClick(page.form.phone.edit, Qt.Key.Key_Tab)
    assert focused() is box
    unfocused_look = None
    qtbot.keyClick(box, Qt.Key.Key_Space)
    assert box.isChecked() and any("居住证" in c.requirement.name for c in page.checklist.checks)
    focused_look = box.grab().toImage()
    qtbot.keyClick(box, Qt.Key.Key_Tab)
    assert focused() is page.table
    unfocused_look = box.grab().toImage()
    assert focused_look != unfocused_look  # the focused question is outlined
    qtbot.keyClick(page.table, Qt.Key.Key_Tab)  # Tab leaves the table instead of walking its cells
    assert focused() is not page.table


def test_tab_into_a_filled_field_does_not_select_it(qtbot, window):
    page = open_intake(qtbot, window, "jiuye")
    edit = page.form.name.edit
    commit_text(edit, "陈晓明")
    qtbot.keyClicks(page.form.phone.edit, "13812345678")
    edit.setFocus()
    qtbot.keyClick(edit, Qt.Key.Key_Tab)  # the ID, empty
    qtbot.keyClick(focused(), Qt.Key.Key_Tab)  # the phone, filled
    assert focused() is page.form.phone.edit
    assert not page.form.phone.edit.hasSelectedText()
    assert page.form.phone.edit.cursorPosition() == len("13812345678")
    qtbot.keyClick(page.form.phone.edit, Qt.Key.Key_Backtab, Qt.KeyboardModifier.ShiftModifier)
    qtbot.keyClick(focused(), Qt.Key.Key_Backtab, Qt.KeyboardModifier.ShiftModifier)
    assert focused() is edit and not edit.hasSelectedText()
    qtbot.keyClick(edit, Qt.Key.Key_Space)
    assert edit.text() == "陈晓明 "


def test_the_id_takes_18_characters_and_moves_on(qtbot, window):
    page = open_intake(qtbot, window, "jiuye")
    id_edit = page.form.id_number.edit
    id_edit.setFocus()
    qtbot.keyClicks(id_edit, resident_id() + "7")
    assert id_edit.text() == resident_id()
    assert focused() is page.form.phone.edit  # a valid number: on to the phone
    id_edit.setFocus()
    id_edit.clear()
    qtbot.keyClicks(id_edit, "4403 10-1985")  # spaces and dashes do not count …
    qtbot.keyClicks(id_edit, "0612031597")  # … toward the 18, and the 19th is refused
    assert normalise_id(id_edit.text()) == "440310198506120315"
    assert focused() is page.form.phone.edit
    wrong = resident_id()[:-1] + ("0" if resident_id()[-1] != "0" else "1")
    id_edit.setFocus()
    id_edit.clear()
    qtbot.keyClicks(id_edit, wrong)
    assert focused() is id_edit  # a wrong check character: stay to correct it


def test_the_checklist_shows_where_the_keys_land(qtbot, window):
    page = open_intake(qtbot, window, "jiuye")
    page.form.name.edit.setFocus()
    idle = page.table.grab().toImage()
    page.table.setFocus()
    assert focused() is page.table
    qtbot.waitUntil(lambda: page.table.grab().toImage() != idle)
    look = page.table.grab().toImage()

    def strong_blue(image, y):
        colours = [QColor(image.pixel(x, y)) for x in range(image.width())]
        return sum(c.blue() > 180 and c.red() < 110 for c in colours) / len(colours)

    row = page.table.horizontalHeader().height() + page.table.rowViewportPosition(0) + 5
    assert strong_blue(look, row) > 0.5 and strong_blue(idle, row) == 0  # the current row, filled blue
    below = look.height() - 3
    assert strong_blue(look, below) > 0.9 and strong_blue(idle, below) == 0  # and the frame outlined


def test_a_corrected_field_loses_its_error_at_once(qtbot, window):
    page = open_intake(qtbot, window, "jiuye")
    name = page.form.name
    name.edit.setFocus()
    commit_text(name.edit, "陈晓明")
    qtbot.keyClicks(name.edit, "1")
    qtbot.keyClick(name.edit, Qt.Key.Key_Tab)
    assert "数字" in name.message.text() and name.message.isVisible()
    name.edit.setFocus()
    qtbot.keyClick(name.edit, Qt.Key.Key_Backspace)
    assert not name.message.isVisible()  # fixed: the error goes without leaving the field

    phone = page.form.phone
    qtbot.keyClicks(phone.edit, "1381234")
    phone.edit.editingFinished.emit()
    assert "11位" in phone.message.text() and phone.message.isVisible()
    qtbot.keyClicks(phone.edit, "5678")
    assert not phone.message.isVisible()


def test_a_refusal_to_save_goes_once_the_field_is_fixed(qtbot, window):
    page = open_intake(qtbot, window, "jiuye")
    good = resident_id()
    wrong = good[:-1] + ("0" if good[-1] != "0" else "1")
    fill_person(qtbot, page, wrong)
    page.table.setFocus()
    qtbot.keyClick(page.table, Qt.Key.Key_A)
    qtbot.keyClick(page.table, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: "未保存" in page.rule_message.text())
    id_edit = page.form.id_number.edit
    id_edit.setFocus()
    id_edit.end(False)
    qtbot.keyClick(id_edit, Qt.Key.Key_Backspace)
    qtbot.keyClicks(id_edit, good[-1])
    assert id_edit.text() == good and page.rule_message.text() == ""
