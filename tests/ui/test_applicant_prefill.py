"""A returning applicant's details come from the register: a clerk who types the phone (or the name) as
read out anyway replaces what was filled in instead of doubling it; Tab keeps it; editing keys edit it.
Found walking the counter: 13912345678 typed after the register's 13912345678 gave 22 digits."""

from __future__ import annotations

from PySide6.QtCore import Qt

from hallapp.services.intake_inputs import ApplicantInput
from hallapp.ui.applicant_form import ApplicantForm
from tests.ui.board_fixtures import commit_text

KNOWN = ApplicantInput("person", "王建国", "110101198003121111", "13912345678")


def form_of(qtbot) -> ApplicantForm:
    form = ApplicantForm()
    qtbot.addWidget(form)
    form.show()
    qtbot.waitExposed(form)
    form.fill(KNOWN)
    return form


def test_typing_the_prefilled_phone_replaces_it(qtbot):
    form = form_of(qtbot)
    assert form.phone.text() == "13912345678"
    form.phone.edit.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.keyClicks(form.phone.edit, "13800001111")
    assert form.phone.text() == "13800001111"


def test_tab_keeps_the_prefilled_phone_and_editing_keys_edit_it(qtbot):
    form = form_of(qtbot)
    form.phone.edit.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.keyClick(form.phone.edit, Qt.Key.Key_Space)  # a stray Space replaces nothing
    qtbot.keyClick(form.phone.edit, Qt.Key.Key_Backspace)
    qtbot.keyClick(form.phone.edit, Qt.Key.Key_Backspace)
    qtbot.keyClicks(form.phone.edit, "99")
    assert form.phone.text() == "139123456799"  # the Space, then edited at the end: never replaced


def test_a_name_committed_over_the_prefilled_one_replaces_it(qtbot):
    form = form_of(qtbot)
    form.name.edit.setFocus()
    commit_text(form.name.edit, "王建军")
    assert form.name.text() == "王建军"
    commit_text(form.name.edit, "华")  # typed on after the first edit: added
    assert form.name.text() == "王建军华"
