"""Situations change the checklist on screen; a life-event bundle is taken in once and printed once."""

from PySide6.QtCore import Qt

from tests.printing.pdfcheck import squeeze, text
from tests.ui.test_intake_flow import fill_person, open_intake


def names(page):
    return [c.requirement.name for c in page.checklist.checks]


def test_answering_the_agent_question_asks_for_the_agents_papers(qtbot, window):
    page = open_intake(qtbot, window, "jiuye")
    assert "授权委托书" not in names(page)
    page.table.setFocus()
    qtbot.keyClick(page.table, Qt.Key.Key_A)
    page.form.agent_box.setChecked(True)  # 由代理人办理
    assert page.situation_boxes["agent"].isChecked()
    assert "授权委托书" in names(page)
    received = [
        c
        for c in page.checklist.checks
        if c.requirement.name != "授权委托书" and not c.requirement.concerns_agent
    ]
    assert all(c.complete for c in received)  # what was recorded stays
    assert "不予受理" in page.verdict.text()  # the agent's papers are not in yet
    page.situation_boxes["agent"].setChecked(False)
    assert not page.form.agent_box.isChecked() and "授权委托书" not in names(page)
    request = page.request()
    assert request.answers == (("agent", False),)


def test_a_bundle_is_found_shown_taken_in_and_printed_on_one_receipt(qtbot, window):
    box = window.search_panel.search_box
    box.setFocus()
    qtbot.keyClicks(box, "xsecs")  # 新生儿出生一件事
    model = window.search_panel.model
    qtbot.waitUntil(lambda: model.rowCount() > 0 and model.hit(0).is_bundle)
    qtbot.waitUntil(lambda: window.guide_view.bundle is not None)
    shown = window.guide_view.toPlainText()
    assert "新生儿出生一件事" in shown and "合并后" in shown
    qtbot.waitUntil(lambda: window.settings is not None)
    qtbot.keyClick(window, Qt.Key.Key_F5)
    qtbot.waitUntil(lambda: window.work.currentWidget() is window.intake)
    page = window.intake
    assert page.bundle is not None and len(page.guides) >= 3
    fill_person(qtbot, page)
    page.table.setFocus()
    qtbot.keyClick(page.table, Qt.Key.Key_A)
    assert "各事项分别办理" in page.verdict.text()
    for guide in page.guides:
        assert guide.name in page.verdict.text()
    qtbot.keyClick(page.table, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: window.preview is not None, timeout=30_000)
    receipt = text(window.preview.paths[0].read_bytes())
    assert "一件事一次办受理回执" in receipt
    for guide in page.guides:
        assert squeeze(guide.name) in receipt
    window.preview.close()
