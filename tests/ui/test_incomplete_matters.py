"""At the counter: a matter from a plain list is shown 「待完善」 and not offered for intake; a guide
read before the matter changed is not stored from, and the clerk is told to open it again."""

from __future__ import annotations

import dataclasses

from PySide6.QtCore import Qt
from sqlalchemy import func, select

from hallapp.domain.search import INCOMPLETE_REASON
from hallapp.store.case_models import Case
from tests.services.catalogue_change import PLAIN_LIST_CODE, change_catalogue, plain_list_matter, shipped
from tests.services.intake_helpers import resident_id
from tests.ui.conftest import commit_text


def search(qtbot, window, text):
    box = window.search_panel.search_box
    box.setFocus()
    box.clear()
    commit_text(box, text)
    model = window.search_panel.model
    qtbot.waitUntil(lambda: model.rowCount() > 0 and text in model.hit(0).name)
    return model


def test_an_incomplete_matter_is_marked_in_the_list_and_the_guide_and_not_offered(qtbot, window):
    change_catalogue(window.context, [plain_list_matter()], incomplete={PLAIN_LIST_CODE})
    model = search(qtbot, window, "灵活就业")
    row = next(r for r in range(model.rowCount()) if model.hit(r).code == PLAIN_LIST_CODE)
    assert model.data(model.index(row, model.FLAGS)).startswith("待完善")
    assert INCOMPLETE_REASON in model.data(model.index(row, model.NAME), Qt.ItemDataRole.ToolTipRole)

    window.search_panel.table.selectRow(row)
    qtbot.waitUntil(lambda: getattr(window.guide_view.guide, "code", None) == PLAIN_LIST_CODE)
    shown = window.guide_view.toPlainText()
    assert "待完善" in shown and INCOMPLETE_REASON in shown
    assert "当场办结" not in shown and "清单未写明" in shown  # a list says nothing of limits or visits
    button = window.lookup.start_button
    assert not button.isEnabled() and INCOMPLETE_REASON in button.toolTip()
    qtbot.keyClick(window, Qt.Key.Key_F5)
    assert window.work.currentWidget() is window.lookup  # no intake of it

    complete = next(r for r in range(model.rowCount()) if not model.hit(r).incomplete)
    window.search_panel.table.selectRow(complete)
    qtbot.waitUntil(lambda: getattr(window.guide_view.guide, "code", None) == model.hit(complete).code)
    assert button.isEnabled() and not button.toolTip()
    assert "待完善" not in window.guide_view.toPlainText()
    assert "办事指南第 1 版" in window.guide_view.toPlainText()


def test_a_guide_changed_while_the_clerk_took_it_in_is_not_stored_from(qtbot, window):
    guide = shipped("创业培训补贴申领")
    search(qtbot, window, guide.name)
    qtbot.waitUntil(lambda: getattr(window.guide_view.guide, "code", None) == guide.code)
    qtbot.keyClick(window, Qt.Key.Key_F5)
    qtbot.waitUntil(lambda: window.work.currentWidget() is window.intake)
    page = window.intake
    assert page.guide_version == 1

    change_catalogue(window.context, [dataclasses.replace(guide, phones=("0755-2833 9999",))])
    commit_text(page.form.name.edit, "陈晓明")
    qtbot.keyClicks(page.form.id_number.edit, resident_id())
    qtbot.keyClicks(page.form.phone.edit, "13812345678")
    page.table.setFocus()
    qtbot.keyClick(page.table, Qt.Key.Key_A)  # everything in
    assert page.action.isEnabled()
    qtbot.keyClick(page.table, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: "请重新打开事项核对材料" in page.rule_message.text(), timeout=10_000)
    assert "第 1 版→第 2 版" in page.rule_message.text()
    assert window.work.currentWidget() is page
    with window.context.uow() as uow:
        assert uow.session.execute(select(func.count()).select_from(Case)).scalar_one() == 0
