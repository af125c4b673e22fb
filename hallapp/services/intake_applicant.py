"""Who applies, as the clerk typed it: the applicant's and the agent's names, numbers and phones checked
before an intake (single or bundle) opens its transaction, and an e-licence checked against its holder.
"""

from __future__ import annotations

from datetime import date

from hallapp.domain.identity import (
    check_credit_code,
    check_person_id,
    normalise_id,
    phone_problem,
    validate_person_name,
)
from hallapp.domain.licences import Licence
from hallapp.domain.text import NAME_MAX_LENGTH, PERSON_MAX_LENGTH, PHONE_MAX_LENGTH, text_problems
from hallapp.services.intake_inputs import AgentInput, ApplicantInput, printed_fields, unprintable_problems

__all__ = ["applicant_problems", "licence_problem", "who_applies"]


def applicant_problems(applicant: ApplicantInput, *, today: date | None = None) -> tuple[list[str], str]:
    """(problems, normalised ID) of an applicant as typed.

    Every text field is first checked as text (length, invisible and control characters, see
    ``text_problems``); the rules of a name or a phone number are only applied to clean text, so that a
    pasted zero-width space gives one plain message rather than a second one quoting what nobody sees.
    """
    problems: list[str] = []
    if applicant.kind == "person":
        check = check_person_id(applicant.id_number, today=today)
        problems += [f"申请人身份证号码：{e}" for e in check.errors]
        problems += _name_problems("申请人姓名", applicant.name, max_length=NAME_MAX_LENGTH)
        number = check.normalised
    elif applicant.kind == "organisation":
        code = check_credit_code(applicant.id_number)
        problems += [f"统一社会信用代码：{e}" for e in code.errors]
        problems += text_problems("单位名称", applicant.name, max_length=NAME_MAX_LENGTH)
        if not applicant.name.strip():
            problems.append("单位名称不能为空")
        number = code.normalised
    else:
        return [f"未知的申请人类型 {applicant.kind}"], ""
    problems += text_problems("法定代表人", applicant.legal_representative, max_length=PERSON_MAX_LENGTH)
    problems += text_problems("联系人", applicant.contact_name, max_length=PERSON_MAX_LENGTH)
    phone_text = text_problems("联系电话", applicant.phone, max_length=PHONE_MAX_LENGTH)
    if phone_text:
        problems += phone_text
    elif not applicant.phone.strip():
        problems.append("联系电话不能为空")
    elif problem := phone_problem(applicant.phone):
        problems.append(f"联系电话：{problem}")
    return problems, number


def _name_problems(label: str, name: str, *, max_length: int) -> list[str]:
    """A person's name checked as text first, then by the rules of names (``validate_person_name``)."""
    return text_problems(label, name, max_length=max_length) or [
        f"{label}：{e}" for e in validate_person_name(name)
    ]


def licence_problem(licence: Licence, holder: str, today: date) -> str:
    if normalise_id(licence.holder_id) != holder:
        return f"电子证照 {licence.number} 的持证人与申请人不符"
    return licence.problem(today)


def who_applies(
    applicant: ApplicantInput, agent: AgentInput | None, *, today: date
) -> tuple[list[str], str, str]:
    """(problems, the applicant's normalised ID, the agent's normalised ID or "") of what was typed.

    Both the single intake and the bundle intake ask this before they open a transaction: what is
    refused here never reaches the database, so no number is used up by a value that cannot be stored.
    """
    problems, id_number = applicant_problems(applicant, today=today)
    agent_id = ""
    if agent is not None:
        agent_check = check_person_id(agent.id_number, today=today)
        problems += [f"代理人身份证号码：{e}" for e in agent_check.errors]
        problems += _name_problems("代理人姓名", agent.name, max_length=PERSON_MAX_LENGTH)
        problems += text_problems("代理人电话", agent.phone, max_length=PHONE_MAX_LENGTH)
        agent_id = agent_check.normalised
    if not problems:  # clean text only: a character refused above is not also reported as unprintable
        problems = unprintable_problems(printed_fields(applicant, agent))
    return problems, id_number, agent_id
