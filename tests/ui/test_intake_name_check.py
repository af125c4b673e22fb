"""A known ID typed with another name at the counter: both names shown (ID masked), the register never
changed silently, the other person's e-licences not credited; an open case of the same matter pointed out."""

import json

from PySide6.QtCore import Qt
from sqlalchemy import select

from hallapp.licences.local import seed_demo_licences
from hallapp.services.intake import Decision
from hallapp.store.case_models import Applicant, AuditEvent
from tests.services.intake_helpers import guide_for, request, resident_id, with_deferred
from tests.ui.conftest import commit_text
from tests.ui.test_intake_flow import open_intake
from tests.ui.test_intake_licences import CHEN

KNOWN = resident_id("44030819900101321")


def register_name(context, id_number):
    with context.uow() as uow:
        found = uow.session.execute(select(Applicant).where(Applicant.id_number == id_number)).scalar_one()
        return found.name


def known_applicant(window, ready_context, *, decision=Decision.ACCEPT):
    """陈晓明 with ID ``KNOWN`` took in earlier (deferred: the case is still open)."""
    from hallapp.services.intake_inputs import ApplicantInput

    guide = guide_for(ready_context, "创业培训补贴申领")
    materials = with_deferred(guide) if decision is Decision.DEFER else None
    made = request(
        guide,
        decision,
        materials,
        applicant=ApplicantInput("person", "陈晓明", KNOWN, "13812345678"),
        commitment_signed=decision is Decision.DEFER,
    )
    return window.session.submit(made).value.number


def type_applicant(qtbot, page, name, id_number):
    commit_text(page.form.name.edit, name)
    qtbot.keyClicks(page.form.id_number.edit, id_number)
    qtbot.keyClicks(page.form.phone.edit, "13912345678")


def test_another_name_is_told_and_stored_only_once_confirmed(qtbot, window, ready_context):
    known_applicant(window, ready_context)
    page = open_intake(qtbot, window, "jiuye")
    type_applicant(qtbot, page, "王磊", KNOWN)
    qtbot.waitUntil(lambda: page.name_check.isVisible() and "陈晓明" in page.name_check.text())
    shown = page.name_check.text()
    assert "王磊" in shown and KNOWN not in shown and "4403**********" in shown
    assert page.name_confirm.isVisible() and not page.name_confirm.isChecked()

    page.table.setFocus()
    qtbot.keyClick(page.table, Qt.Key.Key_A)
    qtbot.keyClick(page.table, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert "已登记的姓名为「陈晓明」" in page.rule_message.text()  # not stored: asked first
    assert register_name(ready_context, KNOWN) == "陈晓明"

    qtbot.keyClick(page, Qt.Key.Key_K, Qt.KeyboardModifier.AltModifier)  # 已核实身份，更正登记姓名
    qtbot.waitUntil(page.name_confirm.isChecked)  # a mnemonic clicks as a press would (animated)
    page.table.setFocus()
    qtbot.keyClick(page.table, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: window.preview is not None, timeout=20_000)
    window.preview.close()
    assert register_name(ready_context, KNOWN) == "王磊"
    with ready_context.uow() as uow:
        event = uow.session.execute(
            select(AuditEvent).where(AuditEvent.action == "applicant.renamed")
        ).scalar_one()
        detail, actor = json.loads(event.detail), event.actor
    assert (detail["old_name"], detail["new_name"]) == ("陈晓明", "王磊") and actor == "zhang.san"


def test_correcting_the_typed_name_clears_the_warning(qtbot, window, ready_context):
    known_applicant(window, ready_context)
    page = open_intake(qtbot, window, "jiuye")
    type_applicant(qtbot, page, "王磊", KNOWN)
    qtbot.waitUntil(page.name_check.isVisible)
    qtbot.keyClick(page, Qt.Key.Key_N, Qt.KeyboardModifier.AltModifier)  # to the name field
    page.form.name.edit.selectAll()
    qtbot.keyClick(page.form.name.edit, Qt.Key.Key_Delete)
    commit_text(page.form.name.edit, "陈晓明")
    qtbot.waitUntil(lambda: not page.name_check.isVisible() and not page.name_confirm.isVisible())
    page.table.setFocus()
    qtbot.keyClick(page.table, Qt.Key.Key_A)
    qtbot.keyClick(page.table, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: window.preview is not None, timeout=20_000)
    window.preview.close()
    assert register_name(ready_context, KNOWN) == "陈晓明"


def test_an_open_case_of_the_same_matter_is_named_but_does_not_block(qtbot, window, ready_context):
    number = known_applicant(window, ready_context, decision=Decision.DEFER)
    page = open_intake(qtbot, window, "cypxbt")
    type_applicant(qtbot, page, "陈晓明", KNOWN)
    qtbot.waitUntil(lambda: number in page.name_check.text())
    assert "在办件" in page.name_check.text() and not page.name_confirm.isVisible()
    assert page.name_blocks_storing() == ""


def test_another_persons_e_licences_are_not_credited_while_the_name_differs(qtbot, window, ready_context):
    seed_demo_licences(ready_context.uow(write=True))
    window.session._reload_settings()  # the provider sees the registry just filled
    page = open_intake(qtbot, window, "cypxbt")
    qtbot.waitUntil(lambda: window.session.licences is not None)
    type_applicant(qtbot, page, "王磊", CHEN)  # 陈晓明's ID, another name
    qtbot.waitUntil(lambda: "持证人为「陈晓明」" in page.name_check.text())
    qtbot.waitUntil(lambda: "暂不调用" in page.licence_status.text())
    assert all(c.licence is None for c in page.checklist.checks)
    assert "暂不调用电子证照" in page.model.data(page.model.index(0, page.model.STATUS))

    page.form.name.edit.selectAll()
    qtbot.keyClick(page.form.name.edit, Qt.Key.Key_Delete)
    commit_text(page.form.name.edit, "陈晓明")  # the holder's own name: the licences count
    qtbot.waitUntil(lambda: page.checklist.checks[0].licence is not None)
    qtbot.waitUntil(lambda: not page.name_check.isVisible())


def test_both_spouses_id_cards_are_not_one_persons_e_licence(qtbot, window, ready_context):
    seed_demo_licences(ready_context.uow(write=True))
    window.session._reload_settings()
    page = open_intake(qtbot, window, "jhdj")
    assert page.guide.name == "结婚登记"
    qtbot.waitUntil(lambda: window.session.licences is not None)
    type_applicant(qtbot, page, "陈晓明", CHEN)
    row = next(i for i, c in enumerate(page.checklist.checks) if c.requirement.name == "男女双方居民身份证")
    named = page.model.data(page.model.index(row, page.model.NAME))
    assert "申请人、配偶" in named and "电子证照" not in named  # both people's papers, seen on paper
    qtbot.waitUntil(
        lambda: "相应材料免提交" in page.licence_status.text() or "未找到" in page.licence_status.text()
    )
    assert page.checklist.checks[row].licence is None and not page.checklist.checks[row].complete
