import json
import threading
from datetime import date, datetime

import pytest
from sqlalchemy import func, select

from hallapp.domain.access import SYSTEM, AccessDenied, NotSignedIn, Principal, Role
from hallapp.services.intake import (
    AgentInput,
    ApplicantInput,
    Decision,
    IntakeError,
    MaterialInput,
    find_returning_applicant,
    submit_intake,
)
from hallapp.services.settings import CounterSettings
from hallapp.store import case_repo
from hallapp.store.case_models import AuditEvent, Case, CaseMaterial
from hallapp.store.db import UnitOfWork, make_engine
from tests.people import ADMIN, AUDITOR, SUPERVISOR, acting_as
from tests.services.intake_helpers import (
    all_received,
    credit_code,
    guide_for,
    request,
    resident_id,
    with_deferred,
)

SETTINGS = CounterSettings(window="08", clerk="李四", case_prefix="PS")
AT = datetime(2026, 9, 30, 10, 15)


def submit(context, req, now=AT, settings=SETTINGS):
    return submit_intake(context.uow(write=True), req, settings=settings, calendar=context.calendar, now=now)


def rows(context, table):
    with context.uow() as uow:
        return uow.session.execute(select(func.count()).select_from(table)).scalar_one()


@pytest.fixture
def context(ready_context):
    return ready_context


def test_accept_stores_case_materials_number_and_audit_at_once(context):
    guide = guide_for(context, "就业登记")
    result = submit(context, request(guide, Decision.ACCEPT))
    assert result.number == "PS2026000001"
    assert result.promised == date(2026, 9, 30)  # 即办件
    with context.uow() as uow:
        case = case_repo.case_by_number(uow.session, result.number)
        assert case.state == "completed" and case.window == "08" and case.clerk == "李四"  # 就业登记 is 秒批
        assert case.clerk_username == "zhang.san"  # the account signed in, whatever the printed name
        materials = case_repo.materials_of(uow.session, case.id)
        assert [m.name for m in materials] == [m.name for m in guide.materials_for({})]
        assert all(m.outcome == "received" for m in materials if m.required)
        events = (
            uow.session.execute(select(AuditEvent).where(AuditEvent.object_id == result.number))
            .scalars()
            .all()
        )
        assert [(e.actor, e.action) for e in events] == [
            ("zhang.san", "case.accepted"),
            ("zhang.san", "case.approved"),
        ]
        # The decision carries the case as stored (the ID too: same database, same trust zone) so the
        # register can be checked against it; what the audit view shows is masked.
        trail = [(e.action, e.detail) for e in events]
    assert resident_id() in trail[0][1]
    from hallapp.ui.audit_text import detail_text

    assert all(resident_id() not in detail_text(action, detail) for action, detail in trail)


def test_a_supervisor_takes_in_cases_too_under_their_own_account(context):
    guide = guide_for(context, "就业登记")
    with acting_as(context, SUPERVISOR):
        result = submit(context, request(guide, Decision.ACCEPT))
    with context.uow() as uow:
        assert case_repo.case_by_number(uow.session, result.number).clerk_username == "zhao.liu"


@pytest.mark.parametrize(
    "principal", [None, ADMIN, AUDITOR, SYSTEM], ids=["nobody", "admin", "auditor", "system"]
)
def test_only_the_counter_takes_in_applications(context, principal):
    """Nobody signed in, the administrator, the audit administrator, the installation: refused, nothing
    stored, no number used up."""
    guide = guide_for(context, "就业登记")
    with acting_as(context, principal), pytest.raises(AccessDenied) as caught:
        submit(context, request(guide, Decision.ACCEPT))
    assert isinstance(caught.value, NotSignedIn) is (principal is None)
    assert rows(context, Case) == 0 and rows(context, AuditEvent) == 1  # only the start-up catalogue load
    assert submit(context, request(guide, Decision.ACCEPT)).number == "PS2026000001"


def test_accept_with_missing_documents_counts_chinese_working_days(context):
    guide = guide_for(context, "创业培训补贴申领")  # promised 15 days, deferral default 5
    result = submit(context, request(guide, Decision.DEFER, with_deferred(guide), commitment_signed=True))
    assert result.deferral_deadline == date(2026, 10, 13)  # 10-01..07 off, Saturday 10-10 worked
    assert not result.deferral_unverified
    with context.uow() as uow:
        case = case_repo.case_by_number(uow.session, result.number)
        assert case.state == "awaiting_supplement"
        deferred = [m for m in case_repo.materials_of(uow.session, case.id) if m.outcome == "deferred"]
        assert len(deferred) == 1 and deferred[0].deadline == date(2026, 10, 13)


def test_a_deadline_in_a_year_without_schedule_is_flagged(context):
    guide = guide_for(context, "创业培训补贴申领")
    result = submit(
        context,
        request(guide, Decision.DEFER, with_deferred(guide), commitment_signed=True),
        now=datetime(2026, 12, 28, 9, 0),
    )
    assert result.deferral_deadline.year == 2027 and result.deferral_unverified
    assert result.promised_unverified


def test_refusal_gets_a_notice_number_and_lists_what_is_missing(context):
    guide = guide_for(context, "就业登记")
    nothing = tuple(MaterialInput() for _ in guide.materials_for({}))
    result = submit(context, request(guide, Decision.REFUSE, nothing))
    assert result.number == "PS2026G00001"
    with context.uow() as uow:
        case = case_repo.case_by_number(uow.session, result.number)
        assert case.case_number is None and case.state == "refused"
        missing = [m for m in case_repo.materials_of(uow.session, case.id) if m.outcome == "missing"]
        assert {m.name for m in missing} == {m.name for m in guide.materials_for({}) if m.required}
        assert all(m.shortfall for m in missing)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"applicant": ApplicantInput("person", "张三", "440308199001011234", "13812345678")}, "校验位"),
        ({"applicant": ApplicantInput("person", "张3", resident_id(), "13812345678")}, "姓名"),
        ({"applicant": ApplicantInput("person", "张三", resident_id(), "12345")}, "联系电话"),
        (
            {"applicant": ApplicantInput("organisation", "某公司", "91440300MA5D00000I", "13812345678")},
            "统一社会信用代码",
        ),
        ({"decision": Decision.REFUSE}, "不能出具一次性告知书"),
    ],
)
def test_bad_input_gets_a_plain_message_and_stores_nothing(context, change, message):
    guide = guide_for(context, "就业登记")
    req = request(guide, change.pop("decision", Decision.ACCEPT), **change)
    audit_before = rows(context, AuditEvent)  # the catalogue's first load is on the trail already
    with pytest.raises(IntakeError, match=message):
        submit(context, req)
    assert rows(context, Case) == rows(context, CaseMaterial) == 0
    assert rows(context, AuditEvent) == audit_before


def test_deferring_a_main_material_is_refused_by_the_service(context):
    guide = guide_for(context, "创业培训补贴申领")
    materials = list(all_received(guide))
    materials[0] = MaterialInput(deferred=True)  # 居民身份证
    with pytest.raises(IntakeError, match="主要材料"):
        submit(context, request(guide, Decision.DEFER, tuple(materials), commitment_signed=True))
    assert rows(context, Case) == 0


def test_deferral_needs_the_signed_commitment(context):
    guide = guide_for(context, "创业培训补贴申领")
    with pytest.raises(IntakeError, match="承诺书"):
        submit(context, request(guide, Decision.DEFER, with_deferred(guide)))


def test_the_store_itself_refuses_a_deferred_main_material(context):
    guide = guide_for(context, "就业登记")
    result = submit(context, request(guide, Decision.ACCEPT))
    with pytest.raises(Exception, match="CHECK|check"), context.uow(write=True) as uow:
        case = case_repo.case_by_number(uow.session, result.number)
        material = case_repo.materials_of(uow.session, case.id)[0]
        material.outcome = "deferred"  # bypassing the domain
        uow.session.flush()


def test_organisation_and_returning_applicant(context):
    guide = guide_for(context, "食品经营许可")
    org = ApplicantInput(
        "organisation", "深圳市某某餐饮有限公司", credit_code(), "0755-84900000", "王五", "赵六"
    )
    submit(context, request(guide, Decision.ACCEPT, applicant=org))
    typed = credit_code().lower()[:6] + " " + credit_code().lower()[6:]
    found = find_returning_applicant(context.uow(), "organisation", typed)
    assert (
        found is not None and found.name == "深圳市某某餐饮有限公司" and found.legal_representative == "王五"
    )
    assert find_returning_applicant(context.uow(), "person", resident_id()) is None


def test_case_numbers_are_unique_and_gapless_under_concurrent_writers(context, paths):
    guide = guide_for(context, "就业登记")
    numbers: list[str] = []
    errors: list[BaseException] = []

    def counter(window: str) -> None:
        engine = make_engine(paths.database_url)  # each counter PC has its own connection pool
        settings = CounterSettings(window=window, clerk=f"clerk{window}", case_prefix="PS")
        clerk = Principal(f"clerk{window}", f"clerk{window}", Role.CLERK, window)
        try:
            for _ in range(15):
                result = submit_intake(
                    UnitOfWork(engine, write=True, principal=clerk),
                    request(guide, Decision.ACCEPT),
                    settings=settings,
                    calendar=context.calendar,
                    now=AT,
                )
                numbers.append(result.number)
        except BaseException as error:  # noqa: BLE001
            errors.append(error)
        finally:
            engine.dispose()

    threads = [threading.Thread(target=counter, args=(f"{i:02d}",)) for i in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert len(numbers) == len(set(numbers)) == 60
    assert sorted(numbers) == [f"PS2026{n:06d}" for n in range(1, 61)]


def test_instant_approval_completes_the_case_in_the_same_transaction(context):
    guide = guide_for(context, "就业登记")
    assert guide.instant_approval
    result = submit(context, request(guide, Decision.ACCEPT))
    assert result.completed
    with context.uow() as uow:
        case = case_repo.case_by_number(uow.session, result.number)
        assert case.state == "completed" and case.completed_at is not None
        actions = [
            e.action
            for e in uow.session.execute(
                select(AuditEvent).where(AuditEvent.object_id == result.number)
            ).scalars()
        ]
        assert actions == ["case.accepted", "case.approved"]


def test_a_matter_without_instant_approval_stays_accepted(context):
    guide = guide_for(context, "食品经营许可")
    org = ApplicantInput("organisation", "深圳市某某餐饮有限公司", credit_code(), "0755-84900000")
    result = submit(context, request(guide, Decision.ACCEPT, applicant=org))
    assert not result.completed
    with context.uow() as uow:
        assert case_repo.case_by_number(uow.session, result.number).state == "accepted"


def test_situation_answers_choose_the_materials_and_are_stored(context):
    guide = guide_for(context, "就业登记")
    agent_materials = [m.name for m in guide.materials if m.when == "agent"]
    assert agent_materials  # the shipped catalogue asks 授权委托书 and 代理人身份证 of an agent
    answers = (("agent", True),)
    materials = tuple(
        MaterialInput(original_seen=m.originals > 0, copies=m.copies)
        for m in guide.materials_for(dict(answers))
    )
    agent = AgentInput("李四", resident_id("44030819850505123"), "13900000000")
    result = submit(context, request(guide, Decision.ACCEPT, materials, answers=answers, agent=agent))
    with context.uow() as uow:
        case = case_repo.case_by_number(uow.session, result.number)
        stored = [m.name for m in case_repo.materials_of(uow.session, case.id)]
        assert all(name in stored for name in agent_materials)
        assert json.loads(case.situation_answers) == [["是否由代理人办理？", True]]
        assert case.agent_name == "李四"
    # answered 否, the agent's materials are not asked: sending them is refused, nothing stored
    with pytest.raises(IntakeError, match="材料清单与办事指南不符"):
        submit(context, request(guide, Decision.ACCEPT, materials))
