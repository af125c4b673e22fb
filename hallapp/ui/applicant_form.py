"""The applicant's details: a person or an organisation, optionally an agent, checked as they are typed.

Validation is the domain's (``hallapp.domain.identity``); the form shows its verdict under each field:
an error in red (what is wrong: length, date, check character), a warning in amber (unknown region).
"""

from __future__ import annotations

import itertools
from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFocusEvent, QInputMethodEvent, QKeyEvent, QValidator
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from hallapp.domain.identity import (
    FOREIGN_ID_LENGTH,
    check_credit_code,
    check_person_id,
    is_foreign_permanent_id,
    normalise_id,
    phone_problem,
    validate_person_name,
)
from hallapp.services.intake_inputs import AgentInput, ApplicantInput

ERROR, WARNING, OK = "#b91c1c", "#b45309", "#047857"


ID_LENGTH = 18  # a resident ID and a unified social credit code alike (the longest number a field takes)


class FieldEdit(QLineEdit):
    """A line edit that Tab enters with the cursor at the end: Qt selects the whole text on Tab, so the
    Space of a clerk who tabs on would replace a pre-filled name or phone number."""

    _prefilled: str | None = None  # the value the register filled in, while nobody has edited it

    def focusInEvent(self, event: QFocusEvent) -> None:
        super().focusInEvent(event)
        if event.reason() in (Qt.FocusReason.TabFocusReason, Qt.FocusReason.BacktabFocusReason):
            self.deselect()
            self.end(False)

    def prefill(self, text: str) -> None:
        """Fill in what the register knows. A clerk who types it anyway (the phone read out again) replaces
        it instead of doubling it; Tab keeps it, and any other editing key edits it."""
        self.setText(text)
        self._prefilled = text

    def _typing_over_prefilled(self, typed: str) -> bool:
        if self._prefilled is None or self.text() != self._prefilled:
            self._prefilled = None
            return False
        if typed and not typed.isspace() and typed.isprintable():
            self._prefilled = None
            return True
        return False

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if self._typing_over_prefilled(event.text()):
            self.clear()
        elif event.key() in (Qt.Key.Key_Backspace, Qt.Key.Key_Delete):
            self._prefilled = None
        super().keyPressEvent(event)

    def inputMethodEvent(self, event: QInputMethodEvent) -> None:
        if self._typing_over_prefilled(event.commitString() or event.preeditString()):
            self.clear()
        super().inputMethodEvent(event)


class IdValidator(QValidator):
    """At most 18 characters once spaces, dashes and full-width forms are normalised away: a 19th digit
    is refused as it is typed instead of being explained afterwards. Letters are let in (a credit code,
    the X of an ID, the three letters of a 2017 foreign permanent-residence number); the check under
    the field says what is wrong with them."""

    def validate(self, text: str, pos: int) -> tuple[QValidator.State, str, int]:
        if len(normalise_id(text)) > ID_LENGTH:
            return QValidator.State.Invalid, text, pos
        return QValidator.State.Acceptable, text, pos


class CheckedField(QWidget):
    """A line edit with a one-line message under it."""

    def __init__(
        self, placeholder: str = "", parent: QWidget | None = None, *, id_number: bool = False
    ) -> None:
        super().__init__(parent)
        self.edit = FieldEdit()
        self.edit.setPlaceholderText(placeholder)
        if id_number:
            self.edit.setValidator(IdValidator(self.edit))
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.hide()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(1)
        layout.addWidget(self.edit)
        layout.addWidget(self.message)

    def text(self) -> str:
        return self.edit.text()

    def setText(self, text: str) -> None:
        self.edit.setText(text)

    def prefill(self, text: str) -> None:
        self.edit.prefill(text)

    def say(self, text: str, colour: str = ERROR) -> None:
        self.message.setText(text)
        self.message.setStyleSheet(f"color: {colour};")
        self.message.setVisible(bool(text))


def _show_id_check(field: CheckedField, kind: str) -> bool:
    """Show the domain's verdict on the number in ``field``; True when it is valid."""
    text = field.text()
    if not text.strip():
        field.say("")
        return False
    if kind == "person":
        check = check_person_id(text)
        ok, errors, warnings = check.ok, check.errors, check.warnings
        good = f"✓ {check.sex or ''} {check.birth_date:%Y-%m-%d}" if check.ok and check.birth_date else "✓"
    else:
        code = check_credit_code(text)
        ok, errors, warnings, good = code.ok, code.errors, code.warnings, "✓"
    if errors:
        field.say("；".join(errors), ERROR)
    elif warnings:
        field.say("；".join(warnings), WARNING)
    else:
        field.say(good, OK)
    return ok


class ApplicantForm(QWidget):
    """Who applies. Emits ``id_completed(kind, number)`` when a valid ID is typed, to look the person up."""

    id_completed = Signal(str, str)  # kind, number: a valid applicant ID was typed
    id_cleared = Signal()  # the applicant's ID is no longer the one looked up
    agent_id_completed = Signal(str)  # a valid agent ID was typed
    agent_id_cleared = Signal()
    edited = Signal()  # anything the clerk typed or chose: words about the old values may no longer apply

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.person_button = QRadioButton(self.tr("个人(&1)"))
        self.organisation_button = QRadioButton(self.tr("单位(&2)"))
        self.person_button.setChecked(True)
        kinds = QButtonGroup(self)
        kinds.addButton(self.person_button)
        kinds.addButton(self.organisation_button)

        self.name = CheckedField(self.tr("姓名，可含 · 与生僻字"))
        self.id_number = CheckedField(self.tr("18 位身份证号码"), id_number=True)
        self.phone = CheckedField(self.tr("手机或固话"))
        self.org_name = CheckedField(self.tr("单位全称"))
        self.credit_code = CheckedField(self.tr("18 位统一社会信用代码"), id_number=True)
        self.legal_representative = FieldEdit()
        self.contact_name = FieldEdit()
        self.name_label = QLabel(self.tr("姓名(&N)"))
        self.name_label.setBuddy(self.name.edit)
        self.id_label = QLabel(self.tr("身份证号码(&I)"))
        self.id_label.setBuddy(self.id_number.edit)
        phone_label = QLabel(self.tr("联系电话(&T)"))
        phone_label.setBuddy(self.phone.edit)
        self.org_extra = QWidget()
        extra = QHBoxLayout(self.org_extra)
        extra.setContentsMargins(0, 0, 0, 0)
        extra.addWidget(QLabel(self.tr("法定代表人")))
        extra.addWidget(self.legal_representative, 1)
        extra.addWidget(QLabel(self.tr("联系人")))
        extra.addWidget(self.contact_name, 1)
        self.org_extra.hide()
        self.org_name.hide()
        self.credit_code.hide()

        grid = QGridLayout()
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(8)
        top_aligned = Qt.AlignmentFlag.AlignTop
        grid.addWidget(self.name_label, 0, 0, top_aligned)
        grid.addWidget(self.name, 0, 1, top_aligned)
        grid.addWidget(self.org_name, 0, 1, top_aligned)
        grid.addWidget(self.id_label, 0, 2, top_aligned)
        grid.addWidget(self.id_number, 0, 3, top_aligned)
        grid.addWidget(self.credit_code, 0, 3, top_aligned)
        grid.addWidget(phone_label, 0, 4, top_aligned)
        grid.addWidget(self.phone, 0, 5, top_aligned)
        grid.addWidget(self.org_extra, 1, 0, 1, 6)
        grid.setColumnStretch(1, 3)
        grid.setColumnStretch(3, 4)
        grid.setColumnStretch(5, 3)

        self.agent_box = QCheckBox(self.tr("由代理人办理(&G)"))
        self.agent_name = CheckedField(self.tr("代理人姓名"))
        self.agent_id = CheckedField(self.tr("代理人身份证号码"), id_number=True)
        self.agent_phone = FieldEdit()
        self.agent_group = QGroupBox(self.tr("代理人（须提交授权委托书）"))
        agent_grid = QGridLayout(self.agent_group)
        agent_grid.addWidget(QLabel(self.tr("姓名")), 0, 0, top_aligned)
        agent_grid.addWidget(self.agent_name, 0, 1, top_aligned)
        agent_grid.addWidget(QLabel(self.tr("身份证号码")), 0, 2, top_aligned)
        agent_grid.addWidget(self.agent_id, 0, 3, top_aligned)
        agent_grid.addWidget(QLabel(self.tr("电话")), 0, 4, top_aligned)
        agent_grid.addWidget(self.agent_phone, 0, 5, top_aligned)
        self.agent_group.hide()

        self.returning = QLabel()
        self.returning.setStyleSheet(f"color: {OK};")

        self.top_row = top = QHBoxLayout()  # the card reader's button joins it (applicant_card)
        top.addWidget(QLabel(self.tr("申请人：")))
        top.addWidget(self.person_button)
        top.addWidget(self.organisation_button)
        top.addSpacing(16)
        top.addWidget(self.agent_box)
        top.addStretch(1)
        top.addWidget(self.returning)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addLayout(grid)
        layout.addWidget(self.agent_group)

        chain = [
            self.person_button,
            self.organisation_button,
            self.agent_box,
            self.name.edit,
            self.org_name.edit,
            self.id_number.edit,
            self.credit_code.edit,
            self.phone.edit,
            self.legal_representative,
            self.contact_name,
            self.agent_name.edit,
            self.agent_id.edit,
            self.agent_phone,
        ]
        for before, after in itertools.pairwise(chain):
            QWidget.setTabOrder(before, after)
        self.id_number.edit.textEdited.connect(
            lambda: self._advance(self.id_number, "person", self.phone.edit)
        )
        self.credit_code.edit.textEdited.connect(
            lambda: self._advance(self.credit_code, "organisation", self.phone.edit)
        )
        self.agent_id.edit.textEdited.connect(
            lambda: self._advance(self.agent_id, "person", self.agent_phone)
        )

        self.person_button.toggled.connect(self._kind_changed)
        self.agent_box.toggled.connect(self.agent_group.setVisible)
        self.id_number.edit.textChanged.connect(lambda: self._id_changed(self.id_number, "person"))
        self.credit_code.edit.textChanged.connect(lambda: self._id_changed(self.credit_code, "organisation"))
        self.agent_id.edit.textChanged.connect(self._agent_id_changed)
        self.name.edit.editingFinished.connect(lambda: self._name_check(self.name))
        self.agent_name.edit.editingFinished.connect(lambda: self._name_check(self.agent_name))
        self.phone.edit.editingFinished.connect(self._phone_check)
        # Checked when the clerk leaves the field, but an error on screen is checked again as they correct
        # it, so it goes the moment it no longer applies (and never lingers over a fixed value).
        self.name.edit.textChanged.connect(
            lambda: self._recheck(self.name, lambda: self._name_check(self.name))
        )
        self.agent_name.edit.textChanged.connect(
            lambda: self._recheck(self.agent_name, lambda: self._name_check(self.agent_name))
        )
        self.phone.edit.textChanged.connect(lambda: self._recheck(self.phone, self._phone_check))
        for edit in chain:
            if isinstance(edit, QLineEdit):
                edit.textEdited.connect(self.edited)
        self.person_button.toggled.connect(self.edited)
        self.agent_box.toggled.connect(self.edited)

    # -- what the clerk typed --------------------------------------------------------------------------

    @property
    def kind(self) -> str:
        return "person" if self.person_button.isChecked() else "organisation"

    def applicant_input(self) -> ApplicantInput:
        if self.kind == "person":
            return ApplicantInput("person", self.name.text(), self.id_number.text(), self.phone.text())
        return ApplicantInput(
            "organisation",
            self.org_name.text(),
            self.credit_code.text(),
            self.phone.text(),
            self.legal_representative.text(),
            self.contact_name.text(),
        )

    def agent_input(self) -> AgentInput | None:
        if not self.agent_box.isChecked():
            return None
        return AgentInput(self.agent_name.text(), self.agent_id.text(), self.agent_phone.text())

    def fill(self, applicant: ApplicantInput) -> None:
        """A returning applicant: fill what we know, leave what the clerk already typed."""
        if applicant.kind == "person":
            if not self.name.text().strip():
                self.name.prefill(applicant.name)
        else:
            if not self.org_name.text().strip():
                self.org_name.prefill(applicant.name)
            if not self.legal_representative.text().strip():
                self.legal_representative.prefill(applicant.legal_representative)
            if not self.contact_name.text().strip():
                self.contact_name.prefill(applicant.contact_name)
        if not self.phone.text().strip():
            self.phone.prefill(applicant.phone)
        self.returning.setText(self.tr("✓ 老申请人，已带出登记信息，请核对"))

    def clear(self) -> None:
        for field in (
            self.name,
            self.id_number,
            self.phone,
            self.org_name,
            self.credit_code,
            self.agent_name,
            self.agent_id,
        ):
            field.setText("")
            field.say("")
        for edit in (self.legal_representative, self.contact_name, self.agent_phone):
            edit.clear()
        self.agent_box.setChecked(False)
        self.person_button.setChecked(True)
        self.returning.clear()

    @property
    def last_in_tab_order(self) -> QWidget:
        """Where the page's own fields (situations, checklist) follow on with Tab."""
        return self.agent_phone

    def focus_first(self) -> None:
        (self.name if self.kind == "person" else self.org_name).edit.setFocus()

    # -- live checks -----------------------------------------------------------------------------------

    def _kind_changed(self) -> None:
        person = self.kind == "person"
        for widget in (self.name, self.id_number):
            widget.setVisible(person)
        for organisation_widget in (self.org_name, self.credit_code, self.org_extra):
            organisation_widget.setVisible(not person)
        self.name_label.setText(self.tr("姓名(&N)") if person else self.tr("单位名称(&N)"))
        self.name_label.setBuddy((self.name if person else self.org_name).edit)
        self.id_label.setText(self.tr("身份证号码(&I)") if person else self.tr("信用代码(&I)"))
        self.id_label.setBuddy((self.id_number if person else self.credit_code).edit)
        self.returning.clear()

    def _id_changed(self, field: CheckedField, kind: str) -> None:
        self.returning.clear()
        self.id_cleared.emit()
        if _show_id_check(field, kind):
            self.id_completed.emit(kind, field.text())

    def _advance(self, field: CheckedField, kind: str, following: QWidget) -> None:
        """A complete, valid number typed: on to the next field, as the clerk would anyway. Complete is 18
        characters, or 15 for a person's 2017 foreign permanent-residence number."""
        text = normalise_id(field.text())
        foreign = kind == "person" and len(text) == FOREIGN_ID_LENGTH and is_foreign_permanent_id(text)
        if len(text) != ID_LENGTH and not foreign:
            return
        valid = check_person_id(text).ok if kind == "person" else check_credit_code(text).ok
        if valid:
            following.setFocus(Qt.FocusReason.TabFocusReason)

    def _agent_id_changed(self) -> None:
        self.agent_id_cleared.emit()
        if _show_id_check(self.agent_id, "person"):
            self.agent_id_completed.emit(self.agent_id.text())

    @staticmethod
    def _recheck(field: CheckedField, check: Callable[[], None]) -> None:
        if field.message.isVisible():
            check()

    def _name_check(self, field: CheckedField) -> None:
        errors = validate_person_name(field.text()) if field.text() else []
        field.say("；".join(errors))

    def _phone_check(self) -> None:
        problem = phone_problem(self.phone.text()) if self.phone.text().strip() else None
        self.phone.say(problem or "")
