"""What the clerk typed for a disclosure request, checked before anything is stored.

Every text is checked the way intake checks it (``domain.text``: length against its column, invisible,
control and direction characters named with their position); a person's ID number like intake's
(``domain.identity``), an organisation's unified social credit code, a phone number, an e-mail address
and a postcode by their forms. Texts that may run over several lines (what is sought, a reason, a reply)
keep their line breaks; every other field is one line. Refusals are ``DisclosureInputError`` with every
problem at once; nothing was stored and no number was used.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from datetime import date

from hallapp.domain.disclosure_request import Requester
from hallapp.domain.errors import UserError
from hallapp.domain.identity import check_credit_code, check_resident_id, phone_problem, validate_person_name
from hallapp.domain.text import NAME_MAX_LENGTH, PERSON_MAX_LENGTH, PHONE_MAX_LENGTH, text_problems
from hallapp.services.disclosure_inputs import DisclosureForm

DESCRIPTION_MAX_LENGTH = 2000
PURPOSE_MAX_LENGTH = 500
DOCUMENT_NUMBER_MAX_LENGTH = 100
ADDRESS_MAX_LENGTH = 300
EMAIL_MAX_LENGTH = 100
REASON_MAX_LENGTH = 500  # a reason, a note, an answer, a correction item
ITEM_MAX_LENGTH = 200
MAX_ITEMS = 20
PARTY_MAX_LENGTH = 200  # the third party or office consulted, the office that holds it, an archive place
REPLY_MAX_LENGTH = 4000

_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s.]+")
_POSTCODE = re.compile(r"\d{6}")


class DisclosureInputError(UserError, ValueError):
    """What was typed cannot be stored; ``problems`` says why, in plain words. Nothing was stored."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("；".join(problems), problems=problems)


def one_line(label: str, value: str, *, max_length: int) -> str:
    """``value`` as it will be stored (trimmed), or ``DisclosureInputError``."""
    problems = text_problems(label, value, max_length=max_length)
    if problems:
        raise DisclosureInputError(problems)
    return value.strip()


def _lines(value: str) -> str:
    return value.replace("\r\n", "\n").replace("\r", "\n")


def multiline_problems(label: str, value: str, *, max_length: int) -> list[str]:
    """As ``text_problems``, but line breaks are allowed (each counts as one character)."""
    text = _lines(value)
    return text_problems(label, text.replace("\n", " "), max_length=max_length)


def multi_line(label: str, value: str, *, max_length: int) -> str:
    """``value`` with its line breaks as stored (trimmed), or ``DisclosureInputError``."""
    problems = multiline_problems(label, value, max_length=max_length)
    if problems:
        raise DisclosureInputError(problems)
    return _lines(value).strip()


def correction_items(items: Sequence[str]) -> tuple[str, ...]:
    """The items of a correction notice, each checked; at most ``MAX_ITEMS``."""
    if isinstance(items, str):
        items = [items]
    if len(items) > MAX_ITEMS:
        raise DisclosureInputError([f"补正事项最多 {MAX_ITEMS} 项，现为 {len(items)} 项，请合并后再告知"])
    problems: list[str] = []
    for index, item in enumerate(items, 1):
        problems += text_problems(f"第 {index} 项补正事项", item, max_length=ITEM_MAX_LENGTH)
    if problems:
        raise DisclosureInputError(problems)
    return tuple(i.strip() for i in items)


def _person_name_problems(label: str, name: str) -> list[str]:
    return text_problems(label, name, max_length=NAME_MAX_LENGTH) or [
        f"{label}：{e}" for e in validate_person_name(name)
    ]


def form_problems(form: DisclosureForm, *, today: date) -> tuple[list[str], Requester, DisclosureForm]:
    """(problems, the requester as it will be stored, the form with its texts as stored)."""
    problems: list[str] = []
    kind = form.requester_kind
    if kind.is_person:
        problems += _person_name_problems("申请人姓名", form.name)
        if not form.id_number.strip():
            problems.append("请填写申请人的身份证号码（身份证明）")
            id_number = ""
        else:
            check = check_resident_id(form.id_number, today=today)
            problems += [f"申请人身份证号码：{e}" for e in check.errors]
            id_number = check.normalised
    else:
        problems += text_problems("申请单位名称", form.name, max_length=NAME_MAX_LENGTH)
        if not form.id_number.strip():
            problems.append("请填写申请单位的统一社会信用代码")
            id_number = ""
        else:
            code = check_credit_code(form.id_number)
            problems += [f"统一社会信用代码：{e}" for e in code.errors]
            id_number = code.normalised
        contact = text_problems("联系人", form.contact_person, max_length=PERSON_MAX_LENGTH)
        problems += contact
    phone = text_problems("联系电话", form.phone, max_length=PHONE_MAX_LENGTH)
    problems += phone
    if not phone and form.phone.strip() and (wrong := phone_problem(form.phone)):
        problems.append(f"联系电话：{wrong}")
    problems += text_problems("通信地址", form.address, max_length=ADDRESS_MAX_LENGTH)
    email = text_problems("电子邮箱", form.email, max_length=EMAIL_MAX_LENGTH)
    problems += email
    if not email and form.email.strip() and not _EMAIL.fullmatch(form.email.strip()):
        problems.append(f"电子邮箱「{form.email.strip()}」格式不对，应如 name@example.com")
    if form.postcode.strip() and not _POSTCODE.fullmatch(form.postcode.strip()):
        problems.append("邮政编码应为 6 位数字")
    problems += multiline_problems(
        "申请公开的政府信息内容描述", form.description, max_length=DESCRIPTION_MAX_LENGTH
    )
    problems += text_problems("文件名称、文号", form.document_number, max_length=DOCUMENT_NUMBER_MAX_LENGTH)
    problems += multiline_problems("用途", form.purpose, max_length=PURPOSE_MAX_LENGTH)
    requester = Requester(
        kind=kind,
        name=form.name.strip(),
        id_number=id_number,
        contact_person=form.contact_person.strip(),
        phone=form.phone.strip(),
        address=form.address.strip(),
        email=form.email.strip(),
        postcode=form.postcode.strip(),
    )
    if not problems:  # clean text only: a character refused above is not also reported as unprintable
        from hallapp.services.intake_inputs import unprintable_problems

        problems = unprintable_problems(
            [
                ("申请人姓名或名称", requester.name),
                ("联系人", requester.contact_person),
                ("通信地址", requester.address),
                ("申请公开的政府信息内容描述", _lines(form.description).replace("\n", " ")),
                ("用途", _lines(form.purpose).replace("\n", " ")),
            ]
        )
    stored = replace(
        form,
        description=_lines(form.description).strip(),
        purpose=_lines(form.purpose).strip(),
        document_number=form.document_number.strip(),
    )
    return problems, requester, stored
