"""Every text field of an intake is checked as text before anything is stored.

A clerk pastes an organisation's name from a web page and it brings a right-to-left override, a
zero-width space or a line break; or a whole paragraph lands in the phone field. The intake is refused
with the field named, and nothing is stored: no applicant, no case, no number used up, no audit event.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime

import pytest
from sqlalchemy import func, select
from sqlmodel import col

from hallapp.domain.text import NAME_MAX_LENGTH, NOTE_MAX_LENGTH, PERSON_MAX_LENGTH, PHONE_MAX_LENGTH
from hallapp.services.bundle_intake import submit_bundle
from hallapp.services.intake import (
    AgentInput,
    ApplicantInput,
    Decision,
    IntakeError,
    IntakeRequest,
    MaterialInput,
    submit_intake,
)
from hallapp.services.intake_inputs import BundleRequest
from hallapp.services.settings import CounterSettings
from hallapp.store import case_repo
from hallapp.store.case_models import Applicant, AuditEvent, Case, CaseMaterial, NumberCounter
from tests.people import CLERK
from tests.services.intake_helpers import PERSON, credit_code, guide_for, request, resident_id

SETTINGS = CounterSettings(window="08", clerk="李四", case_prefix="PS")
AT = datetime(2026, 9, 30, 10, 15)

ORGANISATION = ApplicantInput(
    "organisation", "深圳市某某餐饮有限公司", credit_code(), "0755-84900000", "王五", "赵六"
)
AGENT = AgentInput("李四", resident_id("44030819850505123"), "13900000000")


@dataclass(frozen=True)
class Field:
    """One text field of the intake form: its label in the messages, a clean value, its limit, and where
    it sits in the request (``part`` is "applicant", "agent" or "" for the request itself)."""

    label: str
    clean: str
    limit: int
    part: str
    attribute: str

    def set(self, base: IntakeRequest, value: str) -> IntakeRequest:
        if not self.part:
            return replace(base, **{self.attribute: value})
        return replace(base, **{self.part: replace(getattr(base, self.part), **{self.attribute: value})})


FIELDS = [
    Field("申请人姓名", "张三", NAME_MAX_LENGTH, "applicant", "name"),
    Field("单位名称", "深圳市某某餐饮有限公司", NAME_MAX_LENGTH, "applicant", "name"),
    Field("法定代表人", "王五", PERSON_MAX_LENGTH, "applicant", "legal_representative"),
    Field("联系人", "赵六", PERSON_MAX_LENGTH, "applicant", "contact_name"),
    Field("联系电话", "13812345678", PHONE_MAX_LENGTH, "applicant", "phone"),
    Field("代理人姓名", "李四", PERSON_MAX_LENGTH, "agent", "name"),
    Field("代理人电话", "13900000000", PHONE_MAX_LENGTH, "agent", "phone"),
    Field("备注", "申请人另带了一份复印件", NOTE_MAX_LENGTH, "", "note"),
]


def submit(context, req):
    return submit_intake(context.uow(write=True), req, settings=SETTINGS, calendar=context.calendar, now=AT)


def stored(context) -> tuple[int, int, int, int, int]:
    """How many applicants, cases, materials and audit events there are, and the sum of every counter."""
    with context.uow() as uow:
        session = uow.session

        def count(table: type) -> int:
            return session.execute(select(func.count()).select_from(table)).scalar_one()

        numbers = session.execute(select(func.coalesce(func.sum(col(NumberCounter.value)), 0))).scalar_one()
        return count(Applicant), count(Case), count(CaseMaterial), count(AuditEvent), numbers


def clean_request(context, field: Field) -> IntakeRequest:
    """A request for 就业登记 that is accepted as it is, with the applicant (and agent) ``field`` belongs to."""
    guide = guide_for(context, "就业登记")
    by_agent = field.part == "agent"
    answers = (("agent", by_agent),)
    materials = tuple(
        MaterialInput(original_seen=m.originals > 0, copies=m.copies or (0 if m.originals else 1))
        for m in guide.materials_for(dict(answers))
    )
    organisation = field.label in ("单位名称", "法定代表人", "联系人")
    return request(
        guide,
        Decision.ACCEPT,
        materials,
        applicant=ORGANISATION if organisation else PERSON,
        agent=AGENT if by_agent else None,
        answers=answers,
    )


def spoiled(clean: str) -> dict[str, str]:
    """The clean value with something inside that cannot be stored, by what it is."""
    middle = len(clean) // 2
    return {
        "right-to-left override": clean[:middle] + "\u202e" + clean[middle:],
        "zero-width space": clean[:middle] + "\u200b" + clean[middle:],
        "NUL": clean[:middle] + "\x00" + clean[middle:],
        "newline": clean[:middle] + "\n" + clean[middle:],
        "5,000 characters": (clean * 5000)[:5000],
    }


@pytest.mark.parametrize("field", FIELDS, ids=lambda f: f.label)
def test_a_field_that_cannot_be_stored_is_refused_by_name_and_nothing_is_stored(ready_context, field):
    assert ready_context.principal == CLERK  # a clerk at the counter, allowed to take in applications
    base = field.set(clean_request(ready_context, field), field.clean)
    before = stored(ready_context)
    for what, value in spoiled(field.clean).items():
        with pytest.raises(IntakeError) as refused:
            submit(ready_context, field.set(base, value))
        assert len(refused.value.problems) == 1, (what, refused.value.problems)
        problem = refused.value.problems[0]
        assert problem.startswith(field.label), (what, problem)
        if what == "5,000 characters":
            assert problem.startswith(f"{field.label}不能超过 {field.limit} 个字符，现为 5000 个字符")
        else:
            assert "请删除后重新输入" in problem and f"第 {len(field.clean) // 2 + 1} 个字符" in problem
        assert stored(ready_context) == before, what
    # the clean value goes through, and takes the first number: none was used by the refusals
    assert submit(ready_context, base).number == "PS2026000001"


def test_the_messages_say_which_character_and_where(ready_context):
    base = clean_request(ready_context, FIELDS[1])
    org = replace(base.applicant, name="深圳市\u202e司公限有")
    with pytest.raises(IntakeError) as refused:
        submit(ready_context, replace(base, applicant=org))
    assert refused.value.problems == [
        "单位名称第 4 个字符是看不见的文字方向控制符（U+202E），请删除后重新输入"
    ]
    phone = replace(PERSON, phone="138 1234\u200b5678")
    with pytest.raises(IntakeError) as refused:
        submit(ready_context, replace(base, applicant=phone, note="已核对\x00"))
    assert refused.value.problems == [
        "联系电话第 9 个字符是看不见的零宽字符（U+200B），请删除后重新输入",
        "备注第 4 个字符是空字符（U+0000），请删除后重新输入",
    ]


def test_spaces_and_line_breaks_around_a_value_are_trimmed_not_refused(ready_context):
    base = clean_request(ready_context, FIELDS[1])
    org = replace(
        base.applicant,
        name=" 深圳市某某餐饮有限公司\n",
        legal_representative="\t王五 ",
        contact_name="赵六\r\n",
    )
    result = submit(ready_context, replace(base, applicant=org, note="  备注  "))
    with ready_context.uow() as uow:
        case = case_repo.case_by_number(uow.session, result.number)
        applicant = uow.session.get(Applicant, case.applicant_id)
        assert (applicant.name, applicant.legal_representative, applicant.contact_name, case.note) == (
            "深圳市某某餐饮有限公司",
            "王五",
            "赵六",
            "备注",
        )


@pytest.mark.parametrize("name", ["张㛃", "𠮷田", "王\U00031350"], ids=["Extension A", "B", "H"])
def test_a_rare_character_of_a_real_name_is_accepted(ready_context, name):
    base = clean_request(ready_context, FIELDS[0])
    result = submit(ready_context, replace(base, applicant=replace(PERSON, name=name)))
    with ready_context.uow() as uow:
        assert case_repo.case_by_number(uow.session, result.number).applicant_name == name


def test_the_limits_are_those_of_the_columns():
    """Shorter limits would refuse what can be stored; longer ones would meet PostgreSQL's DataError."""
    columns = {**Applicant.__table__.c, **{f"case.{k}": v for k, v in Case.__table__.c.items()}}
    assert {
        NAME_MAX_LENGTH: [columns["name"].type.length, columns["case.applicant_name"].type.length],
        PERSON_MAX_LENGTH: [
            columns["legal_representative"].type.length,
            columns["contact_name"].type.length,
            columns["case.agent_name"].type.length,
        ],
        PHONE_MAX_LENGTH: [
            columns["phone"].type.length,
            columns["case.applicant_phone"].type.length,
            columns["case.agent_phone"].type.length,
        ],
    } == {
        NAME_MAX_LENGTH: [NAME_MAX_LENGTH] * 2,
        PERSON_MAX_LENGTH: [PERSON_MAX_LENGTH] * 3,
        PHONE_MAX_LENGTH: [PHONE_MAX_LENGTH] * 3,
    }


def test_a_bundle_intake_checks_the_same_fields(ready_context):
    before = stored(ready_context)
    applicant = replace(ORGANISATION, contact_name="赵\u200b六")
    with pytest.raises(IntakeError) as refused:
        submit_bundle(
            ready_context.uow(write=True),
            BundleRequest("veteran", applicant, ()),
            settings=SETTINGS,
            calendar=ready_context.calendar,
            now=AT,
        )
    assert refused.value.problems == ["联系人第 2 个字符是看不见的零宽字符（U+200B），请删除后重新输入"]
    assert stored(ready_context) == before
