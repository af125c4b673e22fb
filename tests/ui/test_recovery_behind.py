"""The start-up restore offer for a database that is behind what was issued (issue 10 §1): it says which
numbers are missing, where numbering continues after each backup, and may go on with the database."""

from __future__ import annotations

import re
from datetime import datetime

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog

from hallapp.services.backups import DatabaseBehind, backup_now, open_guarded, restore
from hallapp.services.bootstrap import open_app
from hallapp.services.intake import Decision
from hallapp.services.intake_inputs import ApplicantInput
from hallapp.services.session import CounterSession
from hallapp.ui.recovery import offer_restore
from tests.people import CLERK, PASSWORD, cheap_hashing, create_accounts
from tests.services.intake_helpers import all_received, guide_for, request, resident_id

AT = datetime(2026, 9, 30, 10, 0)


def _take_in(context, people: range) -> list[str]:
    session = CounterSession.sign_in(context, CLERK.username, PASSWORD)
    guide = guide_for(context, "创业培训补贴申领")
    numbers = []
    for person in people:
        applicant = ApplicantInput(
            "person", "陈晓明", resident_id(f"44030819900101{person:03d}"), "13812345678"
        )
        outcome = session.submit(
            request(guide, Decision.ACCEPT, all_received(guide), applicant=applicant), now=AT
        )
        session.print_documents(outcome.value.number)
        numbers.append(outcome.value.number)
    return numbers


def test_a_restored_morning_is_reported_and_the_counter_may_go_on(qtbot, paths, ops, monkeypatch):
    if paths.database_file is None:
        pytest.skip("file backups are SQLite's")
    cheap_hashing(monkeypatch)
    context = open_app(paths)
    create_accounts(context, CLERK)
    context.search.prepare()
    morning = _take_in(context, range(2))
    made = backup_now(paths)
    afternoon = _take_in(context, range(2, 5))
    context.close()
    restore(paths, made)  # put back with the app closed, as a careless administrator might

    with pytest.raises(DatabaseBehind) as behind:
        open_guarded(paths, open_app)
    sign_in = QDialog()
    qtbot.addWidget(sign_in)
    reopened = []
    dialog = offer_restore(behind.value, paths, ops, sign_in, lambda: reopened.append(True))
    qtbot.addWidget(dialog)
    assert dialog.windowTitle() == "数据库缺少已发出的编号"
    assert all(number in dialog.problem_label.text() for number in afternoon)
    assert not any(number in dialog.problem_label.text() for number in morning)
    qtbot.waitUntil(dialog.numbering_label.isVisible)
    shown = re.search(r"恢复后受理编号将从 (\S+) 起", dialog.numbering_label.text())
    assert shown is not None and shown[1] > max(afternoon) and len(shown[1]) == len(afternoon[-1])
    assert dialog.continue_button is not None and dialog.continue_button.isDefault()
    qtbot.mouseClick(dialog.continue_button, Qt.MouseButton.LeftButton)
    assert reopened == [True] and not dialog.isVisible()

    again = open_guarded(paths, open_app)  # recorded: the next opening goes through
    try:
        (next_one,) = _take_in(again, range(5, 6))
        assert next_one > max(morning + afternoon)
    finally:
        again.close()
