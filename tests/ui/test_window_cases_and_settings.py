"""The window's own wiring: a new case shows up in today's cases, opens, reprints; settings are saved."""

from PySide6.QtCore import Qt

from hallapp.services.settings import load_settings
from tests.printing.pdfcheck import text
from tests.ui.test_intake_flow import fill_person, open_intake


def test_new_case_appears_in_todays_cases_and_reprints_as_a_copy(qtbot, window):
    page = open_intake(qtbot, window, "jiuye")
    fill_person(qtbot, page)
    page.table.setFocus()
    qtbot.keyClick(page.table, Qt.Key.Key_A)
    qtbot.keyClick(page.table, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: window.preview is not None, timeout=20_000)
    window.preview.close()
    window.activateWindow()  # the preview had the focus
    qtbot.waitUntil(window.isActiveWindow)
    qtbot.keyClick(window, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    cases = window.cases_view
    assert window.tabs.currentWidget() is cases
    qtbot.waitUntil(lambda: cases.model.rowCount() == 1)
    number = cases.model.row_at(0).number
    window.preview = None
    window.open_case(number)
    qtbot.waitUntil(
        lambda: getattr(window, "case_dialog", None) is not None and window.case_dialog.isVisible()
    )
    window.case_dialog.reprint_requested.emit(number)
    qtbot.waitUntil(lambda: window.preview is not None, timeout=20_000)
    (path,) = window.preview.paths
    content = text(path.read_bytes())
    assert number in content and "副本" in content
    window.preview.close()
    window.case_dialog.close()


def test_settings_saved_from_the_window_are_used_for_the_next_case(qtbot, window):
    qtbot.waitUntil(lambda: window.settings is not None)
    window.open_settings()
    dialog = window.settings_dialog
    changed = dialog.settings().__class__(**{**dialog.settings().__dict__, "window": "12", "clerk": "王五"})
    dialog.saved.emit(changed)
    qtbot.waitUntil(lambda: window.settings.window == "12")
    assert load_settings(window.context.uow()).clerk == "王五"
    assert "12号窗口" in window.windowTitle()
    dialog.close()


def test_the_holiday_schedule_warning_shows_in_the_status_bar(qtbot, window):
    from datetime import date

    from hallapp.services.calendar import calendar_warning

    qtbot.waitUntil(lambda: window.settings is not None)
    expected = calendar_warning(window.context.uow(), date.today())
    if expected:
        assert window.calendar_label.toolTip() == expected
        assert expected.split("：")[0] in window.calendar_label.text()
    else:
        assert window.calendar_label.text() == ""
    window.open_calendar()
    assert window.calendar_dialog.isVisible()
    window.calendar_dialog.close()


def test_a_deferred_intake_reaches_the_board_and_the_day_summary(qtbot, window):
    from tests.ui.test_intake_flow import fill_person, open_intake

    page = open_intake(qtbot, window, "cypxbt")
    fill_person(qtbot, page)
    page.table.setFocus()
    qtbot.keyClick(page.table, Qt.Key.Key_A)
    deferrable = next(i for i, c in enumerate(page.checklist.checks) if c.requirement.deferrable)
    page.table.selectRow(deferrable)
    qtbot.keyClick(page.table, Qt.Key.Key_D)
    page.commitment.setChecked(True)
    qtbot.keyClick(page.table, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: window.preview is not None, timeout=20_000)
    window.preview.close()
    qtbot.waitUntil(lambda: window.board.model.rowCount() == 1, timeout=10_000)
    assert "在办容缺件 1 件" in window.summary_label.text()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    qtbot.keyClick(window, Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier)
    assert window.tabs.currentWidget() is window.board


def test_daily_close_report_from_the_menu(qtbot, window):
    qtbot.waitUntil(lambda: window.settings is not None)
    window.close_day()
    qtbot.waitUntil(lambda: window.preview is not None, timeout=20_000)
    assert "窗口日结报表" in text(window.preview.paths[0].read_bytes())
    window.preview.close()


def test_revealing_the_full_id_from_a_case_depends_on_the_role(qtbot, window, ready_context):
    from datetime import datetime

    from hallapp.domain.access import Principal, Role
    from hallapp.services.intake import Decision, submit_intake
    from tests.services.intake_helpers import guide_for, request, resident_id

    guide = guide_for(ready_context, "就业登记")
    number = submit_intake(
        ready_context.uow(write=True),
        request(guide, Decision.ACCEPT),
        settings=ready_context.settings(),
        calendar=ready_context.calendar,
        now=datetime.now(),
    ).number
    for role, expected in ((Role.CLERK, "无权"), (Role.SUPERVISOR, resident_id())):
        ready_context.principal = Principal(role.value, role.label, role, "08")
        window.open_case(number)
        qtbot.waitUntil(
            lambda: getattr(window, "case_dialog", None) is not None and window.case_dialog.isVisible()
        )
        dialog = window.case_dialog
        dialog.reveal_button.click()
        qtbot.waitUntil(lambda d=dialog, e=expected: e in d.revealed.text(), timeout=10_000)
        dialog.close()
        window.case_dialog = None


def test_saving_settings_while_signed_in_keeps_the_counters_own_clerk_setting(qtbot, window, ready_context):
    from dataclasses import replace

    from hallapp.domain.access import Principal, Role

    qtbot.waitUntil(lambda: window.settings is not None)
    stored_clerk = load_settings(ready_context.uow()).clerk
    window.principal = Principal("boss", "王科长", Role.ADMIN, "")
    window.settings = replace(window.settings, clerk="王科长")
    window.open_settings()
    window.settings_dialog.saved.emit(replace(window.settings, window="21"))
    qtbot.waitUntil(lambda: load_settings(ready_context.uow()).window == "21")
    assert load_settings(ready_context.uow()).clerk == stored_clerk
    assert window.settings.clerk == "王科长"  # documents still carry the signed-in account
    window.settings_dialog.close()
