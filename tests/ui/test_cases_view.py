"""今日办件: today's cases at this window (or all), filtered as the clerk types, opened with Enter."""

from __future__ import annotations

import subprocess
import sys
import threading
from datetime import date, datetime

import pytest
from PySide6.QtCore import Qt

from hallapp.services.intake import ApplicantInput, Decision, MaterialInput, submit_intake
from hallapp.services.session import CounterSession
from hallapp.services.settings import CounterSettings
from hallapp.ui.cases_model import AMBER_COLOUR, MUTED_COLOUR, CasesModel, summary_text
from hallapp.ui.cases_view import CasesView
from hallapp.ui.ops import Operations
from tests.people import CLERK
from tests.services.intake_helpers import guide_for, request, resident_id, with_deferred
from tests.ui.conftest import commit_text

MINE = CounterSettings(window="08", clerk="李四", case_prefix="PS")
OTHER = CounterSettings(window="09", clerk="王五", case_prefix="PS")
ZHANG = ApplicantInput("person", "张三", resident_id(), "13812345678")
OUYANG = ApplicantInput("person", "欧阳娜娜", resident_id("44030819851212456"), "13900001111")
LI = ApplicantInput("person", "李小龙", resident_id("11010519770304789"), "13700002222")


def submit(context, req, settings=MINE) -> str:
    result = submit_intake(
        context.uow(write=True), req, settings=settings, calendar=context.calendar, now=datetime.now()
    )
    return result.number


@pytest.fixture
def cases(ready_context) -> dict[str, str]:
    """Three cases at this counter (window 08: accepted, deferred, refused) and one at window 09."""
    employment = guide_for(ready_context, "就业登记")
    training = guide_for(ready_context, "创业培训补贴申领")
    nothing = tuple(MaterialInput() for _ in employment.materials_for({}))
    return {
        "accepted": submit(ready_context, request(employment, Decision.ACCEPT, applicant=ZHANG)),
        "deferred": submit(
            ready_context,
            request(
                training, Decision.DEFER, with_deferred(training), applicant=OUYANG, commitment_signed=True
            ),
        ),
        "refused": submit(ready_context, request(employment, Decision.REFUSE, nothing, applicant=ZHANG)),
        "other": submit(ready_context, request(employment, Decision.ACCEPT, applicant=LI), settings=OTHER),
    }


@pytest.fixture
def view(qtbot, ready_context, cases):
    page = CasesView()
    qtbot.addWidget(page)
    page.resize(1100, 600)
    page.show()
    ops = Operations(page)
    ops.session = CounterSession(ready_context, CLERK, MINE, None)  # signed in at window 08
    page.attach(ops)
    qtbot.waitUntil(lambda: page.model.rowCount() == 3)
    page.search_box.setFocus()
    yield page
    ops.wait()


def numbers(view: CasesView) -> set[str]:
    return {view.model.row_at(r).number for r in range(view.model.rowCount())}


def test_only_this_windows_cases_unless_all_windows_is_ticked(qtbot, view, cases):
    mine = {cases["accepted"], cases["deferred"], cases["refused"]}
    assert numbers(view) == mine
    assert view.summary.text() == "今日本窗口（08） 3 件：受理 1，容缺 1，告知 1"
    view.all_windows_box.setChecked(True)
    qtbot.waitUntil(lambda: view.model.rowCount() == 4)
    assert numbers(view) == mine | {cases["other"]}
    assert view.summary.text() == "今日全部窗口 4 件：受理 2，容缺 1，告知 1"
    view.all_windows_box.setChecked(False)
    qtbot.waitUntil(lambda: numbers(view) == mine)


def test_rows_show_masked_ids_and_colour_refused_and_deferred(view, cases):
    model = view.model
    row = model.row_of(cases["deferred"])
    texts = [model.index(row, c).data() for c in range(model.columnCount())]
    assert texts[CasesModel.NUMBER] == cases["deferred"]
    assert texts[CasesModel.APPLICANT] == "欧阳娜娜"
    assert texts[CasesModel.ID_NUMBER] == "4403**********4564"
    assert texts[CasesModel.DECISION] == "容缺受理" and texts[CasesModel.STATE] == "待补正"
    assert date.fromisoformat(texts[CasesModel.DEADLINE]) >= date.today()
    assert texts[CasesModel.WINDOW] == "08"
    amber = model.index(row, CasesModel.MATTER).data(Qt.ItemDataRole.ForegroundRole)
    muted = model.index(model.row_of(cases["refused"]), 0).data(Qt.ItemDataRole.ForegroundRole)
    plain = model.index(model.row_of(cases["accepted"]), 0).data(Qt.ItemDataRole.ForegroundRole)
    assert (amber, muted, plain) == (AMBER_COLOUR, MUTED_COLOUR, None)
    everything = [
        model.index(r, c).data() for r in range(model.rowCount()) for c in range(model.columnCount())
    ]
    assert not any(resident_id() in text or OUYANG.id_number in text for text in everything)


def test_typing_part_of_a_case_number_filters(qtbot, view, cases):
    qtbot.keyClicks(view.search_box, cases["deferred"][-6:])
    qtbot.waitUntil(lambda: numbers(view) == {cases["deferred"]})
    assert "符合" in view.summary.text() and "1 件" in view.summary.text()


def test_typing_a_chinese_name_filters(qtbot, view, cases):
    commit_text(view.search_box, "欧阳")
    qtbot.waitUntil(lambda: numbers(view) == {cases["deferred"]})
    view.search_box.clear()
    commit_text(view.search_box, "张三")
    qtbot.waitUntil(lambda: numbers(view) == {cases["accepted"], cases["refused"]})


def test_a_full_id_number_filters(qtbot, view, cases):
    qtbot.keyClicks(view.search_box, ZHANG.id_number.lower())  # typed with a small x is the same number
    qtbot.waitUntil(lambda: numbers(view) == {cases["accepted"], cases["refused"]})
    assert view.summary.text().endswith("2 件：受理 1，容缺 0，告知 1")


def test_nothing_found_says_so_and_escape_clears(qtbot, view):
    commit_text(view.search_box, "没有这个人")
    qtbot.waitUntil(lambda: view.model.rowCount() == 0)
    assert "没有与「没有这个人」相符的办件" in view.summary.text()
    qtbot.keyClick(view.search_box, Qt.Key.Key_Escape)
    assert view.search_box.text() == ""
    qtbot.waitUntil(lambda: view.model.rowCount() == 3)


def test_down_and_enter_open_the_highlighted_case(qtbot, view):
    assert view.table.currentIndex().row() == 0
    qtbot.keyClick(view.search_box, Qt.Key.Key_Down)
    assert view.table.currentIndex().row() == 1
    assert view.search_box.hasFocus()  # the clerk keeps typing while moving
    second = view.model.row_at(1).number
    with qtbot.waitSignal(view.case_opened, timeout=2000) as opened:
        qtbot.keyClick(view.search_box, Qt.Key.Key_Return)
    assert opened.args == [second]
    qtbot.keyClick(view.search_box, Qt.Key.Key_Up)
    assert view.table.currentIndex().row() == 0


def test_enter_right_after_typing_opens_what_was_typed(qtbot, view, cases):
    with qtbot.waitSignal(view.case_opened, timeout=3000) as opened:
        qtbot.keyClicks(view.search_box, cases["deferred"][-6:])
        qtbot.keyClick(view.search_box, Qt.Key.Key_Return)  # before the debounce fired
    assert opened.args == [cases["deferred"]]


def test_double_click_opens_a_case(qtbot, view):
    third = view.model.row_at(2).number
    rect = view.table.visualRect(view.model.index(2, CasesModel.MATTER))
    qtbot.mouseClick(view.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    with qtbot.waitSignal(view.case_opened, timeout=2000) as opened:
        qtbot.mouseDClick(view.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert opened.args == [third]


def test_a_stale_answer_is_dropped(qtbot, view):
    """An answer to an older question that arrives after the newer one's never replaces it."""
    before = numbers(view)
    started = threading.Event()
    release = threading.Event()

    def slow_old_question(_session):
        started.set()
        release.wait(5)
        return "08", []

    view.ops.run(
        view,
        slow_old_question,
        lambda result: view._show(False, "", *result),
        key="cases",
        latest=True,
        lane="print",
    )  # another lane, so that it can come back last
    assert started.wait(5)
    view.refresh()  # the newer question, answered while the old one still runs
    qtbot.waitUntil(lambda: not view.ops.busy(view, "cases"))
    release.set()
    assert view.ops.wait()
    qtbot.wait(100)  # let the late answer be delivered (and dropped)
    assert numbers(view) == before and len(before) == 3


def test_refresh_shows_a_new_case(qtbot, ready_context, view, cases):
    employment = guide_for(ready_context, "就业登记")
    new = submit(ready_context, request(employment, Decision.ACCEPT, applicant=LI))
    view.refresh()
    qtbot.waitUntil(lambda: new in numbers(view))
    assert view.summary.text().startswith("今日本窗口（08） 4 件")


def test_summary_text_without_cases():
    assert summary_text([], all_windows=False, window="08") == "今日本窗口（08）还没有办件"
    assert summary_text([], all_windows=True, window="08", text="张") == "今日全部窗口没有与「张」相符的办件"


def test_the_pages_do_not_import_the_slow_libraries():
    code = (
        "import sys, hallapp.ui.cases_view, hallapp.ui.case_detail, hallapp.ui.settings_dialog;"
        "print(sorted(m for m in ('sqlmodel', 'sqlalchemy', 'alembic', 'numpy', 'pypinyin', 'reportlab')"
        " if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"
