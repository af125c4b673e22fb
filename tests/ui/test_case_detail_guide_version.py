"""办件详情 names the version of the guide the case was decided under and shows that version's limits,
place, phones and materials, after the matter changed."""

from __future__ import annotations

import dataclasses
from datetime import datetime

from PySide6.QtWidgets import QLabel

from hallapp.services.cases import case_detail
from hallapp.services.intake import Decision, submit_intake
from hallapp.services.settings import CounterSettings
from hallapp.ui.case_detail import CaseDetailDialog
from tests.services.catalogue_change import change_catalogue, shipped
from tests.services.intake_helpers import request

SETTINGS = CounterSettings(window="08", clerk="李四", case_prefix="PS")
AT = datetime(2026, 9, 30, 10, 15)
OLD = shipped("创业培训补贴申领")
NEW = dataclasses.replace(
    OLD, phones=("0755-2833 9999",), promised_limit_days=10, materials=OLD.materials[:-1]
)


def test_the_detail_shows_the_version_decided_under_and_its_guide(qtbot, ready_context):
    result = submit_intake(
        ready_context.uow(write=True),
        request(OLD, Decision.ACCEPT),
        settings=SETTINGS,
        calendar=ready_context.calendar,
        now=AT,
    )
    change_catalogue(ready_context, [NEW])
    dialog = CaseDetailDialog(case_detail(ready_context.uow(), result.number), ready_context.paths.data_dir)
    qtbot.addWidget(dialog)
    dialog.show()
    version = dialog.findChild(QLabel, "guideVersion")
    assert version.text() == "第 1 版（现行第 2 版）"
    assert dialog.tabs.tabText(1) == "办事指南 第 1 版"
    facts = dialog.guide_facts.text()
    assert "15 个工作日" in facts and OLD.phones[0] in facts and "2833 9999" not in facts
    table = dialog.guide_materials
    assert [table.item(r, 0).text() for r in range(table.rowCount())] == [m.name for m in OLD.materials]
    assert [table.item(r, 1).text() for r in range(table.rowCount())] == [m.form_label for m in OLD.materials]
