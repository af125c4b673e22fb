"""A card read at the counter, put into the applicant form: the applicant's name and ID number, or the
agent's when the agent part is the one being filled in.

The three cards the reader knows are all a person's: the resident ID card, the residence permit of
Hong Kong, Macao and Taiwan residents (numbers starting 81/82/83) and the foreign permanent-residence
card are each the form's ``person`` kind, checked by the same rules as a typed number
(``hallapp.domain.identity``); which card it was is said under the number. The card's text goes into the
very fields the clerk types into, so it is checked, masked on every document and stored exactly as a
typed value would be; sex, birth date and validity are only shown, address, ethnicity and issuing
authority are not kept, and there is no photo to keep (``CardData`` has none).

An expired or not yet valid card still fills the form — the number is the person's all the same — but
the words under the number say so in red, and the clerk decides.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton

from hallapp.devices.card import CardData, CardKind
from hallapp.domain.identity import (
    check_person_id,
    is_foreign_permanent_id,
    mask_id,
    normalise_id,
    normalise_person_name,
    validate_person_name,
)
from hallapp.ui.applicant_form import ERROR, OK, WARNING, CheckedField, _show_id_check

if TYPE_CHECKING:
    from hallapp.ui.applicant_form import ApplicantForm

APPLICANT, AGENT = "applicant", "agent"
STATUS_MAX = 40  # characters of the status line after a read (the details are under the number)

# Each card the reader knows, as the form's kind of applicant: all three are a person's (the form's
# other kind, an organisation, has a credit code and no card).
FORM_KIND = {
    CardKind.RESIDENT: "person",
    CardKind.HMT_PERMIT: "person",
    CardKind.FOREIGN_PERMANENT: "person",
}

# The 2017 foreign card's number is 15 characters (three letters, twelve digits): registered as it is,
# checked by ``check_person_id`` (its check digit unverified); the words under the number say which card.
FOREIGN_2017_NOTE = "（2017 版，15 位号码）"
ORGANISATION_NEEDS_AGENT = (
    "单位申请：读卡填入的是代理人（经办人），请先勾选“由代理人办理”（Alt+G），再按 F4 读卡"
)


@dataclass(frozen=True)
class CardFilled:
    """What a read put where: for the status bar, and the validity problem shown under the number."""

    target: str  # APPLICANT or AGENT
    kind: CardKind
    masked_id: str
    problem: str | None  # expired or not yet valid, in words; None when the card is valid today

    @property
    def status(self) -> str:
        """The status bar's line: what to do first, short (at most ``STATUS_MAX`` characters), so it is
        never cut on a 1366-pixel screen beside the bar's other parts. Which card it was, the sex and the
        birth date, and the whole validity sentence are under the number, where the clerk looks next."""
        who = "代理人" if self.target == AGENT else "申请人"
        said = f"已读卡：请核对{who}姓名与号码"
        return f"{said} ※ {self.problem.split('（')[0]}" if self.problem else said


def card_target(form: ApplicantForm) -> str:
    """Whose card the clerk is reading: the agent's when the agent part is ticked and either has the
    keyboard or the applicant's number is already in (the second card on the reader is the agent's);
    the applicant's otherwise. An organisation's card holder is always the agent."""
    if form.agent_box.isChecked():
        focus = form.focusWidget()
        if focus is not None and form.agent_group.isAncestorOf(focus):
            return AGENT
        if form.kind == "organisation":
            return AGENT
        in_applicant = focus in (form.name.edit, form.id_number.edit)
        if form.id_number.text().strip() and not in_applicant:
            return AGENT
    return APPLICANT


def refusal(form: ApplicantForm, target: str, card: CardData | None = None) -> str | None:
    """Why a read (``card``, once it is read) cannot go into the form as it stands (None: it can)."""
    if target == APPLICANT and form.kind != (FORM_KIND[card.kind] if card else "person"):
        return ORGANISATION_NEEDS_AGENT
    if target == AGENT and not form.agent_box.isChecked():
        return "代理人一栏已取消勾选，证件未填入：请重新勾选“由代理人办理”（Alt+G）后再读卡"
    return None


def card_name(card: CardData) -> str:
    """The name as the form takes it: a foreign card without a Chinese name gives "SMITH, JOHN", whose
    comma no name may hold (the foreigner's name is written with spaces)."""
    name = card.name
    if card.kind is CardKind.FOREIGN_PERMANENT and "," in name:
        name = name.replace(",", " ")
    return normalise_person_name(name)


def fill_from_card(form: ApplicantForm, card: CardData, target: str, today: date) -> CardFilled:
    """Put ``card`` into the applicant's (or the agent's) name and number, then give the keyboard to
    the phone that follows. The number's own check runs as for a typed one, so a valid number starts
    the returning-applicant look-up (``id_completed``) exactly as typing it does."""
    problem = card.validity_problem(today)
    if target == AGENT:
        name_field, id_field, phone = form.agent_name, form.agent_id, form.agent_phone
    else:
        name_field, id_field, phone = form.name, form.id_number, form.phone.edit
        if normalise_id(form.id_number.text()) != normalise_id(card.id_number):
            _forget_prefilled_phone(form)
    name = card_name(card)
    name_field.setText(name)
    name_field.say("；".join(validate_person_name(name)))
    id_field.setText(card.id_number)  # checked, and looked up when valid, as a typed number is
    _say_card(id_field, card, problem)
    phone.setFocus(Qt.FocusReason.TabFocusReason)  # the cursor at the end of a prefilled phone
    form.edited.emit()  # the draft is kept and words about the old values go, as after typing
    return CardFilled(target, card.kind, mask_id(card.id_number), problem)


def _forget_prefilled_phone(form: ApplicantForm) -> None:
    """Another person's card: the phone the register filled in for the last number is not theirs."""
    edit = form.phone.edit
    if edit._prefilled is not None and edit.text() == edit._prefilled:
        edit.clear()
        edit._prefilled = None


def _say_card(field: CheckedField, card: CardData, problem: str | None) -> None:
    """Under the number: the number's own check (as the form showed it) and which card it came from;
    in red, first, when the card is expired or not yet valid."""
    _show_id_check(field, "person")  # afresh: the same card read twice leaves the text unchanged
    check = check_person_id(card.id_number)
    said = [field.message.text(), f"读自{card.kind.label}"]
    colour = ERROR if check.errors else WARNING if check.warnings else OK
    if card.kind is CardKind.FOREIGN_PERMANENT and is_foreign_permanent_id(check.normalised):
        said[-1] += FOREIGN_2017_NOTE
    if problem:
        said.insert(0, problem)
        colour = ERROR
    field.say(" · ".join(part for part in said if part), colour)


def install_card_button(form: ApplicantForm) -> QPushButton:
    """The 读卡 (F4) button in the form's top row, after the agent box; hidden until this PC has a
    reader. It takes no Tab stop: the clerk presses F4, the chain name → number → phone stays."""
    button = QPushButton(form.tr("读卡 (F4)"))
    button.setObjectName("cardButton")
    button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    button.setToolTip("把证件平放在读卡器上，按 F4 读取姓名和证件号码")
    button.hide()
    row = form.top_row
    row.insertWidget(row.indexOf(form.agent_box) + 1, button)
    return button
