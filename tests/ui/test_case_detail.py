"""办件详情: one stored case shown read-only, personal data masked, documents opened, reprint asked."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QLabel, QTableWidget

from hallapp.domain.identity import mask_id
from hallapp.services.cases import case_detail
from hallapp.services.documents import produce_documents
from hallapp.services.intake import AgentInput, Decision, submit_intake
from hallapp.services.settings import CounterSettings
from hallapp.ui.case_detail import CaseDetailDialog, readable
from tests.services.intake_helpers import PERSON, guide_for, request, resident_id, with_deferred

SETTINGS = CounterSettings(window="08", clerk="李四", case_prefix="PS")
AT = datetime(2026, 9, 30, 10, 15)
AGENT = AgentInput("王代理", resident_id("44030819800101555"), "13600003333")


def stored(context, req, now=AT, print_documents=True):
    """Submit a case, print its documents, and read it back as the dialog gets it."""
    result = submit_intake(
        context.uow(write=True), req, settings=SETTINGS, calendar=context.calendar, now=now
    )
    if print_documents:
        produce_documents(
            context.uow(write=True),
            result.number,
            data_dir=context.paths.data_dir,
            settings=SETTINGS,
        )
    return case_detail(context.uow(), result.number)


def open_dialog(qtbot, context, detail) -> CaseDetailDialog:
    dialog = CaseDetailDialog(detail, context.paths.data_dir)
    qtbot.addWidget(dialog)
    with qtbot.waitActive(dialog):  # shortcuts such as Ctrl+P only reach the active window
        dialog.show()
    return dialog


def shown_texts(dialog: CaseDetailDialog) -> list[str]:
    """Every text the clerk can see: title, labels, table headers and cells, tooltips."""
    texts = [dialog.windowTitle()]
    for label in dialog.findChildren(QLabel):
        texts += [label.text(), label.toolTip()]
    for table in dialog.findChildren(QTableWidget):
        for c in range(table.columnCount()):
            texts.append(table.horizontalHeaderItem(c).text())
            for r in range(table.rowCount()):
                item = table.item(r, c)
                texts += [item.text(), item.toolTip()] if item is not None else []
    return texts


def column(table: QTableWidget, c: int) -> list[str]:
    return [table.item(r, c).text() for r in range(table.rowCount())]


@pytest.fixture
def accepted(ready_context):
    guide = guide_for(ready_context, "就业登记")
    return stored(ready_context, request(guide, Decision.ACCEPT, agent=AGENT))


@pytest.fixture
def deferred(ready_context):
    guide = guide_for(ready_context, "创业培训补贴申领")
    return stored(ready_context, request(guide, Decision.DEFER, with_deferred(guide), commitment_signed=True))


def test_accepted_case_shows_facts_and_never_the_full_id(qtbot, ready_context, accepted):
    dialog = open_dialog(qtbot, ready_context, accepted)
    number = accepted.row.number
    assert dialog.windowTitle() == f"办件详情 – {number}"
    texts = shown_texts(dialog)
    joined = "\n".join(texts)
    for expected in (
        number,
        "受理",
        "已办结",  # 就业登记 is 秒批: decided on the spot
        "就业登记",
        accepted.matter_code,
        accepted.department,
        "张三",
        mask_id(resident_id()),
        "138****5678",
        "王代理",
        "2026-09-30 10:15",
        "08 · 李四",
    ):
        assert expected in joined
    for secret in (resident_id(), PERSON.phone, AGENT.id_number, AGENT.phone):
        assert not any(secret in text for text in texts)
    assert "待核实" not in joined
    assert dialog.minimumWidth() >= 900 and dialog.minimumHeight() >= 650


def test_materials_and_what_happened_to_them(qtbot, ready_context, deferred):
    dialog = open_dialog(qtbot, ready_context, deferred)
    table = dialog.materials
    assert column(table, 0) == [m.name for m in deferred.materials]
    assert column(table, 1) == ["必要" if m.required else "非必要" for m in deferred.materials]
    assert column(table, 2) == [m.outcome_label for m in deferred.materials]
    assert column(table, 3) == [m.shortfall for m in deferred.materials]
    late = next(r for r, m in enumerate(deferred.materials) if m.outcome == "deferred")
    assert "容缺" in table.item(late, 2).text()
    assert table.item(late, 4).text() == "2026-10-13" == deferred.row.deferral_deadline.isoformat()
    joined = "\n".join(shown_texts(dialog))
    assert "容缺受理" in joined and "待补正" in joined
    assert column(dialog.documents, 0) == ["容缺受理承诺书", "容缺受理通知书"]
    assert column(dialog.documents, 1) == ["原件", "原件"]
    actions = column(dialog.history, 2)
    assert actions == ["容缺受理", "生成文书", "生成文书"]
    assert column(dialog.history, 3)[1:] == ["容缺受理承诺书", "容缺受理通知书"]


def test_dates_in_a_year_without_holiday_schedule_are_marked(qtbot, ready_context):
    guide = guide_for(ready_context, "创业培训补贴申领")
    detail = stored(
        ready_context,
        request(guide, Decision.DEFER, with_deferred(guide), commitment_signed=True),
        now=datetime(2026, 12, 28, 9, 0),
        print_documents=False,
    )
    assert (
        detail.row.deferral_deadline.year == 2027
        and detail.deferral_unverified
        and detail.promised_unverified
    )
    dialog = open_dialog(qtbot, ready_context, detail)
    labels = [label.text() for label in dialog.findChildren(QLabel)]
    assert f"{detail.promised_date.isoformat()}（待核实）" in labels
    assert f"{detail.row.deferral_deadline.isoformat()}（待核实）" in labels
    assert any("待核实" in text for text in column(dialog.materials, 4))
    assert dialog.documents.rowCount() == 0


def test_enter_and_double_click_open_an_archived_document(qtbot, ready_context, deferred):
    dialog = open_dialog(qtbot, ready_context, deferred)
    dialog.documents.setFocus()
    dialog.documents.selectRow(1)
    with qtbot.waitSignal(dialog.document_opened, timeout=2000) as opened:
        qtbot.keyClick(dialog.documents, Qt.Key.Key_Return)
    path = Path(opened.args[0])
    assert path.is_absolute() and path.is_file() and path.suffix == ".pdf"
    assert path.is_relative_to(ready_context.paths.data_dir)
    assert path.read_bytes().startswith(b"%PDF")
    assert "deferral_notice" in path.name
    assert dialog.isVisible()  # Enter opened the document, it did not close the dialog

    rect = dialog.documents.visualRect(dialog.documents.model().index(0, 0))
    qtbot.mouseClick(dialog.documents.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    with qtbot.waitSignal(dialog.document_opened, timeout=2000) as opened:
        qtbot.mouseDClick(dialog.documents.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert "deferral_commitment" in opened.args[0] and Path(opened.args[0]).is_file()


def test_ctrl_p_asks_for_a_reprint_and_escape_closes(qtbot, ready_context, accepted):
    dialog = open_dialog(qtbot, ready_context, accepted)
    with qtbot.waitSignal(dialog.reprint_requested, timeout=2000) as asked:
        qtbot.keyClick(dialog, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    assert asked.args == [accepted.row.number]
    with qtbot.waitSignal(dialog.reprint_requested, timeout=2000) as asked:
        dialog.reprint_button.click()
    assert asked.args == [accepted.row.number]
    qtbot.keyClick(dialog.documents, Qt.Key.Key_Escape)
    assert dialog.result() == QDialog.DialogCode.Rejected and not dialog.isVisible()


def test_audit_details_read_as_words():
    assert readable("kind=RECEIPT") == "受理回执"
    assert readable("matter=X-1，window=08，missing=0，deferred=2") == "窗口 08，容缺 2 项"
    assert readable("reason=不可抗力") == "理由：不可抗力"
    supplement = "v=1，materials=1，channel=on_site，complete=True，on=2026-10-09"
    assert readable(supplement) == "补交 1 项，现场补交，材料已补齐，补交日期 2026-10-09"
    assert readable("v=1，method=phone，mystery=x") == "电话"  # no format version, no raw key
    assert readable("") == ""
