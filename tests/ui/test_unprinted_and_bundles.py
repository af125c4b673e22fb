"""Cases never printed, offered at start, and bundle cases on screen (issue 10 §4): a bundle's cases count
as printed by its one receipt, 全部打印 makes one preview, a bundle number finds its cases in 今日办件 and a
case shows its bundle by name."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from hallapp.services.cases import case_detail, unprinted_cases
from hallapp.services.intake import Decision, submit_intake
from hallapp.services.session import CounterSession
from hallapp.services.settings import CounterSettings
from hallapp.ui.case_detail import CaseDetailDialog
from hallapp.ui.cases_model import CasesModel
from hallapp.ui.cases_view import CasesView
from hallapp.ui.main_window import MainWindow
from hallapp.ui.ops import Operations
from hallapp.ui.preview_dialog import PreviewDialog
from tests.people import CLERK
from tests.services.intake_helpers import guide_for, request
from tests.services.test_cases_bundles import print_bundle, take_in


def single_case(context) -> str:
    return submit_intake(
        context.uow(write=True),
        request(guide_for(context, "就业登记"), Decision.ACCEPT),
        settings=CounterSettings(),
        calendar=context.calendar,
        now=datetime.now(),
    ).number


def previews() -> list[PreviewDialog]:
    return [w for w in QApplication.topLevelWidgets() if isinstance(w, PreviewDialog) and w.isVisible()]


def test_print_all_makes_every_document_in_one_preview_and_lists_a_bundle_once(qtbot, ready_context):
    number = single_case(ready_context)
    bundle = take_in(ready_context)
    window = MainWindow()
    qtbot.addWidget(window)
    window.show()
    window.attach(ready_context, CLERK)
    qtbot.waitUntil(lambda: getattr(window, "unprinted_dialog", None) is not None, timeout=20_000)
    dialog = window.unprinted_dialog
    lines = [dialog.list.item(i).text() for i in range(dialog.list.count())]
    assert len(lines) == 2  # the single case, and the bundle once (not each of its cases)
    assert number in lines[0] and bundle.reference in lines[1] and "一件事一次办" in lines[1]
    assert not any(case.number in " ".join(lines) for _name, case in bundle.cases)
    qtbot.waitUntil(lambda: window.settings is not None)
    dialog.print_button.click()
    qtbot.waitUntil(lambda: window.preview is not None, timeout=30_000)
    window.ops.wait()
    assert previews() == [window.preview]  # one window to print from, not one per case
    labels = [window.preview.tabs.tabText(i) for i in range(window.preview.tabs.count())]
    assert any(label.startswith(number) for label in labels)
    assert any(label.startswith(bundle.reference) for label in labels)
    assert unprinted_cases(ready_context.uow()) == []
    window.preview.close()


def test_a_printed_bundle_offers_nothing_at_start(qtbot, ready_context):
    bundle = take_in(ready_context)
    print_bundle(ready_context, bundle.reference)
    window = MainWindow()
    qtbot.addWidget(window)
    window.show()
    window.attach(ready_context, CLERK)
    qtbot.waitUntil(lambda: window.session is not None)
    window.ops.wait()
    qtbot.wait(50)
    assert getattr(window, "unprinted_dialog", None) is None


def test_typing_a_bundle_number_in_todays_cases_finds_its_cases_with_the_bundle_named(qtbot, ready_context):
    bundle = take_in(ready_context)
    single_case(ready_context)
    page = CasesView()
    qtbot.addWidget(page)
    page.resize(1200, 600)
    page.show()
    ops = Operations(page)
    ops.session = CounterSession(ready_context, CLERK, CounterSettings(window="08", case_prefix="PS"), None)
    page.all_windows_box.setChecked(True)
    page.attach(ops)
    members = {case.number for _name, case in bundle.cases}
    qtbot.waitUntil(lambda: page.model.rowCount() == len(members) + 1)
    page.search_box.setFocus()
    qtbot.keyClicks(page.search_box, bundle.reference)
    qtbot.waitUntil(lambda: page.model.rowCount() == len(members), timeout=5_000)
    model = page.model
    assert {model.row_at(r).number for r in range(model.rowCount())} == members
    shown = model.index(0, CasesModel.BUNDLE).data()
    assert bundle.reference in shown and "veteran" not in shown
    name = model.row_at(0).bundle_name
    assert name and name in shown
    assert model.headerData(CasesModel.BUNDLE, Qt.Orientation.Horizontal) == "一件事"
    ops.wait()


def test_a_bundle_case_shows_its_bundle_in_the_detail(qtbot, ready_context, tmp_path):
    bundle = take_in(ready_context)
    detail = case_detail(ready_context.uow(), bundle.cases[1][1].number)
    dialog = CaseDetailDialog(detail, tmp_path)
    qtbot.addWidget(dialog)
    line = dialog.findChild(type(dialog.revealed), "caseBundle")
    assert line is not None
    assert bundle.reference in line.text() and detail.row.bundle_name in line.text()
    assert "veteran" not in line.text()


def test_a_bundle_in_the_search_results_shows_no_code_of_ours(qtbot, window):
    box = window.search_panel.search_box
    box.setFocus()
    qtbot.keyClicks(box, "xsecs")  # 新生儿出生一件事
    model = window.search_panel.model
    qtbot.waitUntil(lambda: model.rowCount() > 0 and model.hit(0).is_bundle)
    hit = model.hit(0)
    shown = [model.index(0, c).data() for c in range(model.columnCount())]
    tip = model.index(0, 0).data(Qt.ItemDataRole.ToolTipRole) or ""
    assert hit.code not in " ".join(shown) and hit.code not in tip  # e.g. "newborn"
    assert shown[model.CODE] == "一件事一次办"
