"""A foreigner with the 2017 permanent-residence card (a 15-character number) is taken in as any person:
the number stored normalised, found again as a returning applicant, masked on the receipt."""

from __future__ import annotations

from datetime import datetime

import pytest
from sqlalchemy import func, select

from hallapp.services.applicant_check import check_applicant
from hallapp.services.documents import produce_documents
from hallapp.services.intake import (
    AgentInput,
    ApplicantInput,
    Decision,
    IntakeError,
    find_returning_applicant,
    submit_intake,
)
from hallapp.services.settings import CounterSettings
from hallapp.store import case_repo
from hallapp.store.case_models import Case
from tests.printing.pdfcheck import squeeze, text
from tests.services.intake_helpers import guide_for, request, resident_id

SETTINGS = CounterSettings(window="08", clerk="李四", case_prefix="PS")
AT = datetime(2026, 9, 30, 10, 15)
FOREIGN = "USA318010010015"  # nationality USA, born 1980-10-01
FOREIGNER = ApplicantInput("person", "SMITH JOHN", "usa 3180 1001 0015", "13812345678")


def submit(context, req):
    return submit_intake(context.uow(write=True), req, settings=SETTINGS, calendar=context.calendar, now=AT)


def cases(context) -> int:
    with context.uow() as uow:
        return uow.session.execute(select(func.count()).select_from(Case)).scalar_one()


def test_a_foreign_permanent_residents_case_is_stored_and_the_receipt_masks_the_number(ready_context):
    guide = guide_for(ready_context, "就业登记")
    result = submit(ready_context, request(guide, Decision.ACCEPT, applicant=FOREIGNER))
    with ready_context.uow() as uow:
        case = case_repo.case_by_number(uow.session, result.number)
        applicant = case_repo.find_applicant(uow.session, "person", FOREIGN)
        assert applicant is not None and applicant.id == case.applicant_id
        assert (applicant.kind, applicant.name, applicant.id_number) == ("person", "SMITH JOHN", FOREIGN)
    (doc,) = produce_documents(
        ready_context.uow(write=True), result.number, data_dir=ready_context.paths.data_dir, settings=SETTINGS
    )
    content = text(doc.path.read_bytes())
    assert squeeze("USA********0015") in content and squeeze(result.number) in content
    assert FOREIGN not in content and "318010010015" not in content


def test_the_foreigner_is_found_again_by_the_number_as_typed(ready_context):
    guide = guide_for(ready_context, "就业登记")
    submit(ready_context, request(guide, Decision.ACCEPT, applicant=FOREIGNER))
    found = find_returning_applicant(ready_context.uow(), "person", "usa318010010015")
    assert found is not None and (found.name, found.id_number, found.phone) == (
        "SMITH JOHN",
        FOREIGN,
        "13812345678",
    )
    check = check_applicant(ready_context.uow(), "person", "USA-3180-1001-0015", "SMITH JANE", [guide.code])
    assert (
        check is not None and check.masked_id == "USA********0015" and check.registered_name == "SMITH JOHN"
    )


def test_a_foreign_agent_is_stored_with_the_number_normalised(ready_context):
    guide = guide_for(ready_context, "就业登记")
    person = ApplicantInput("person", "张三", resident_id(), "13812345678")
    agent = AgentInput("SMITH JOHN", "usa318010010015", "13912345678")
    result = submit(ready_context, request(guide, Decision.ACCEPT, applicant=person, agent=agent))
    with ready_context.uow() as uow:
        assert case_repo.case_by_number(uow.session, result.number).agent_id_number == FOREIGN


@pytest.mark.parametrize(
    ("number", "message"),
    [
        ("USA31801001001X", "第4–15位应为数字"),
        ("US3180100100155", "身份证号码"),  # two letters: checked as a resident ID, refused
    ],
)
def test_a_foreign_number_that_cannot_be_right_stores_nothing(ready_context, number, message):
    guide = guide_for(ready_context, "就业登记")
    bad = ApplicantInput("person", "SMITH JOHN", number, "13812345678")
    with pytest.raises(IntakeError, match=message):
        submit(ready_context, request(guide, Decision.ACCEPT, applicant=bad))
    assert cases(ready_context) == 0
