"""A known ID typed with another name: told before storing, never rewriting the register silently, never
credited another person's e-licences; an open case of the same matter is pointed out."""

import json
from dataclasses import replace

import pytest
from sqlalchemy import func, select

from hallapp.domain.access import AccessDenied
from hallapp.domain.licences import Licence
from hallapp.services.intake import Decision, IntakeError, MaterialInput
from hallapp.services.intake_inputs import ApplicantInput
from hallapp.store.case_models import Applicant, AuditEvent, Case
from tests.people import AUDITOR, CLERK
from tests.services.conftest import AT
from tests.services.intake_helpers import guide_for, resident_id

MATTER = "创业培训补贴申领"


def register(context):
    with context.uow() as uow:
        return {a.id_number: a.name for a in uow.session.execute(select(Applicant)).scalars()}


def count(context, table):
    with context.uow() as uow:
        return uow.session.execute(select(func.count()).select_from(table)).scalar_one()


def renamed_events(context):
    with context.uow() as uow:
        rows = uow.session.execute(select(AuditEvent).where(AuditEvent.action == "applicant.renamed"))
        return [(e.actor, json.loads(e.detail)) for e in rows.scalars()]


@pytest.fixture
def known(hall):
    """陈晓明 has a deferred (open) case of 创业培训补贴申领 taken in by the clerk."""
    session = hall.session(CLERK)
    number = hall.deferred(session, person=1)
    return session, resident_id("44030819900101001"), number


def codes(hall):
    return [guide_for(hall.context, MATTER).code]


def test_the_same_name_says_nothing_but_the_open_case(hall, known):
    session, id_number, number = known
    found = session.check_applicant("person", id_number, "陈晓明", codes(hall))
    assert found is not None and not found.name_differs and found.open_cases == (number,)
    assert found.warnings == [f"该申请人已有同一事项的在办件：{number}"]
    other = session.check_applicant("person", id_number, "陈晓明", [guide_for(hall.context, "就业登记").code])
    assert other.open_cases == () and other.warnings == []


def test_another_name_is_shown_with_the_registered_one_and_a_masked_id(hall, known):
    session, id_number, _number = known
    found = session.check_applicant("person", id_number, "王 磊", codes(hall))
    assert found.name_differs and found.registered_name == "陈晓明" and found.typed_name == "王磊"
    words = "；".join(found.warnings)
    assert "陈晓明" in words and "王磊" in words
    assert id_number not in words and found.masked_id in words and found.masked_id.count("*") == 10


def test_nothing_to_compare_before_a_valid_id_and_a_name(hall, known):
    session, id_number, _number = known
    assert session.check_applicant("person", id_number[:-1] + "0", "王磊", codes(hall)) is None
    assert session.check_applicant("person", id_number, " ", codes(hall)) is None
    unknown = session.check_applicant("person", resident_id("44030819900101077"), "王磊", codes(hall))
    assert unknown is not None and unknown.warnings == []


def test_another_name_is_refused_at_storing_unless_confirmed(hall, known):
    session, id_number, _number = known
    cases = count(hall.context, Case)
    wrong = replace(
        hall.request(MATTER, Decision.ACCEPT, person=1),
        applicant=ApplicantInput("person", "王磊", id_number, "13812345678"),
    )
    with pytest.raises(IntakeError) as refused:
        session.submit(wrong, now=AT)
    assert "已登记的姓名为「陈晓明」" in str(refused.value) and id_number not in str(refused.value)
    assert register(hall.context)[id_number] == "陈晓明"
    assert count(hall.context, Case) == cases and renamed_events(hall.context) == []

    session.submit(replace(wrong, name_corrected=True), now=AT)
    assert register(hall.context)[id_number] == "王磊"
    [(actor, detail)] = renamed_events(hall.context)
    assert actor == CLERK.username
    assert detail["old_name"] == "陈晓明" and detail["new_name"] == "王磊"
    assert id_number not in json.dumps(detail, ensure_ascii=False)


def test_a_corrected_name_in_a_bundle_is_recorded_once(hall, known):
    from hallapp.services.intake_inputs import BundleRequest
    from tests.services.test_who_acted import bundle_request

    session, id_number, _number = known
    base = bundle_request(hall.context, "newborn")
    applicant = ApplicantInput("person", "王磊", id_number, "13812345678")
    with pytest.raises(IntakeError):
        session.submit(replace(base, applicant=applicant), now=AT)
    assert isinstance(base, BundleRequest)
    session.submit(replace(base, applicant=applicant, name_corrected=True), now=AT)
    assert register(hall.context)[id_number] == "王磊"
    assert len(renamed_events(hall.context)) == 1


def licence_of(id_number, holder_name, type_code="resident_id_card"):
    return Licence(type_code, id_number, id_number, holder_name, "深圳市公安局坪山分局")


def test_an_e_licence_of_another_name_is_flagged_and_never_credited(hall, known):
    session, id_number, _number = known
    found = session.check_applicant(
        "person", id_number, "陈晓明", codes(hall), [licence_of(id_number, "王磊")]
    )
    assert found.licence_name_differs and found.licence_names == ("王磊",)
    assert "电子证照暂不调用" in "；".join(found.warnings)
    request = hall.request(MATTER, Decision.ACCEPT, person=1)
    guide = guide_for(hall.context, MATTER)
    row = next(i for i, m in enumerate(guide.materials_for({})) if m.licence_type_code == "resident_id_card")
    materials = list(request.materials)
    materials[row] = MaterialInput(licence=licence_of(id_number, "王磊"))
    cases = count(hall.context, Case)
    with pytest.raises(IntakeError) as refused:
        session.submit(replace(request, materials=tuple(materials)), now=AT)
    assert "持证人「王磊」" in str(refused.value)
    assert count(hall.context, Case) == cases
    materials[row] = MaterialInput(licence=licence_of(id_number, "陈晓明"))
    session.submit(replace(request, materials=tuple(materials)), now=AT)  # the holder's own: credited


def test_only_a_clerk_at_the_counter_may_ask(hall, known):
    _session, id_number, _number = known
    auditor = hall.session(AUDITOR)
    with pytest.raises(AccessDenied):
        auditor.check_applicant("person", id_number, "王磊", codes(hall))
