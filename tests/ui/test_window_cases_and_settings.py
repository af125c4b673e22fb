"""The window's own wiring: a new case shows up in today's cases, opens, reprints; settings are saved."""

from PySide6.QtCore import Qt

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


def sign_in_as(qtbot, window, context, principal):
    """Another person at the counter: the window is cleared and their session opened, no restart."""
    window.detach()
    window.attach(context, principal)
    qtbot.waitUntil(lambda: window.principal == principal and window.session is not None)


def run(qtbot, window, fn, session=None):
    """One use case through the window's operation helper; its answer (or the failure) returned."""
    answers = []
    window.ops.run(window, fn, answers.append, answers.append, key="test", session=session)
    qtbot.waitUntil(lambda: bool(answers), timeout=10_000)
    return answers[0]


def open_settings_dialog(qtbot, window):
    window.settings_dialog = None
    window.open_settings()
    qtbot.waitUntil(lambda: getattr(window, "settings_dialog", None) is not None)
    return window.settings_dialog


def test_settings_saved_from_the_window_are_used_for_the_next_case(qtbot, window, ready_context):
    from hallapp.services.intake import Decision
    from hallapp.services.settings import load_hall
    from hallapp.services.station import load_station
    from tests.people import ADMIN
    from tests.services.intake_helpers import guide_for, request
    from tests.ui.conftest import COUNTER_CLERK

    sign_in_as(qtbot, window, ready_context, ADMIN)
    dialog = open_settings_dialog(qtbot, window)
    dialog.window_edit.setText("12")
    dialog.case_prefix_edit.setText("PSX")
    dialog.accept()
    qtbot.waitUntil(lambda: window.settings.window == "12" and window.settings.case_prefix == "PSX")
    assert "12号窗口" in window.windowTitle()
    assert load_station(ready_context.paths.data_dir).window == "12"  # this PC's file
    assert load_hall(ready_context.uow()).case_prefix == "PSX"  # the hall's, in the database
    qtbot.waitUntil(lambda: not dialog.isVisible())

    sign_in_as(qtbot, window, ready_context, COUNTER_CLERK)  # a clerk without a window of their own
    assert (window.settings.window, window.settings.case_prefix, window.settings.clerk) == (
        "12",
        "PSX",
        "张三",
    )
    guide = guide_for(ready_context, "就业登记")
    result = run(qtbot, window, lambda s: s.submit(request(guide, Decision.ACCEPT)))
    assert result.number.startswith("PSX")
    row = run(qtbot, window, lambda s: s.case_detail(result.number)).row
    assert row.window == "12"


def test_a_clerk_may_not_save_settings_and_is_told_why(qtbot, window, ready_context):
    from dataclasses import replace

    from hallapp.domain.access import AccessDenied
    from hallapp.services.settings import load_hall, scope_access
    from hallapp.services.station import load_station
    from tests.people import ADMIN
    from tests.ui.conftest import COUNTER_CLERK

    access = scope_access(COUNTER_CLERK)
    assert "系统管理员" in access.station and "系统管理员" in access.hall
    assert scope_access(ADMIN).station == scope_access(ADMIN).hall == ""

    before_station = load_station(ready_context.paths.data_dir)
    before_hall = load_hall(ready_context.uow())
    station = run(qtbot, window, lambda s: s.station_settings())
    hall = run(qtbot, window, lambda s: s.hall_settings())
    refused_station = run(qtbot, window, lambda s: s.save_station(replace(station, window="21")))
    refused_hall = run(qtbot, window, lambda s: s.save_hall(replace(hall, case_prefix="NO")))
    assert isinstance(refused_station, AccessDenied) and isinstance(refused_hall, AccessDenied)
    assert load_station(ready_context.paths.data_dir) == before_station
    assert load_hall(ready_context.uow()) == before_hall
    assert window.settings.window != "21" and window.settings.case_prefix != "NO"

    dialog = open_settings_dialog(qtbot, window)  # the dialog shows both scopes read-only, with the reason
    assert dialog.access == access
    assert not dialog.window_edit.isEnabled() or dialog.window_edit.isReadOnly()
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
        settings=window.settings,
        calendar=ready_context.calendar,
        now=datetime.now(),
    ).number
    for role in (Role.CLERK, Role.SUPERVISOR):
        sign_in_as(qtbot, window, ready_context, Principal(role.value, role.label, role, "08"))
        window.case_dialog = None
        window.open_case(number)
        qtbot.waitUntil(
            lambda: getattr(window, "case_dialog", None) is not None and window.case_dialog.isVisible()
        )
        dialog = window.case_dialog
        if role is Role.CLERK:
            assert not dialog.reveal_button.isVisible()  # not offered at all to a clerk
            reveal = run(qtbot, window, lambda s, n=number: s.reveal_id(n))
            assert "无权" in str(reveal) and resident_id() not in str(reveal)  # and refused if asked anyway
        else:
            dialog.reveal_button.click()
            qtbot.waitUntil(lambda d=dialog: resident_id() in d.revealed.text(), timeout=10_000)
        dialog.close()
        window.case_dialog = None


def test_the_account_names_the_clerk_on_documents_not_a_saved_setting(qtbot, window, ready_context):
    from dataclasses import fields

    from hallapp.domain.access import Principal, Role
    from hallapp.services.station import StationSettings, load_station

    boss = Principal("boss", "王科长", Role.ADMIN, "")
    sign_in_as(qtbot, window, ready_context, boss)
    station = run(qtbot, window, lambda s: s.station_settings())
    from dataclasses import replace

    run(qtbot, window, lambda s: s.save_station(replace(station, window="21")))
    qtbot.waitUntil(lambda: window.settings.window == "21")
    assert load_station(ready_context.paths.data_dir).window == "21"
    assert "clerk" not in {f.name for f in fields(StationSettings)}  # nobody's name is stored for the PC
    assert window.settings.clerk == "王科长"  # documents carry the signed-in account
