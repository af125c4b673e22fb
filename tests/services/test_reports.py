from dataclasses import replace
from datetime import date, datetime

import pytest
from sqlalchemy import select

from hallapp.domain.access import AccessDenied
from hallapp.services.intake import Decision, submit_intake
from hallapp.services.reports import daily_close
from hallapp.services.settings import CounterSettings
from hallapp.store import audit_chain
from hallapp.store.case_models import AuditEvent
from tests.people import ADMIN, AUDITOR, CLERK, SUPERVISOR, acting_as
from tests.printing.pdfcheck import squeeze, text
from tests.services.intake_helpers import guide_for, request

SETTINGS = CounterSettings(window="08", clerk="张三", case_prefix="PS")


def test_daily_close_lists_the_windows_cases_and_prints_the_audit_head(ready_context):
    guide = guide_for(ready_context, "就业登记")
    numbers = [
        submit_intake(
            ready_context.uow(write=True),
            request(guide, Decision.ACCEPT),
            settings=SETTINGS,
            calendar=ready_context.calendar,
            now=datetime(2026, 11, 27, 9 + i, 0),
        ).number
        for i in range(2)
    ]
    with acting_as(ready_context, SUPERVISOR):  # the supervisor serves at window 08 for an hour
        numbers.append(
            submit_intake(
                ready_context.uow(write=True),
                request(guide, Decision.ACCEPT),
                settings=replace(SETTINGS, clerk="赵六"),
                calendar=ready_context.calendar,
                now=datetime(2026, 11, 27, 15, 0),
            ).number
        )
    other = CounterSettings(window="09", clerk="王五", case_prefix="PS")
    elsewhere = submit_intake(
        ready_context.uow(write=True),
        request(guide, Decision.ACCEPT),
        settings=other,
        calendar=ready_context.calendar,
        now=datetime(2026, 11, 27, 11, 0),
    ).number
    with ready_context.uow() as uow:
        seal = audit_chain.chain_state(uow.session)
    with acting_as(ready_context, SUPERVISOR):  # and closes the window's day
        report = daily_close(
            ready_context.uow(write=True),
            day=date(2026, 11, 27),
            settings=replace(SETTINGS, clerk="赵六"),
            data_dir=ready_context.paths.data_dir,
        )
    content = text(report.path.read_bytes())
    assert all(n in content for n in numbers) and elsewhere not in content
    assert f"审计链头{seal.head}，共{seal.count}条记录" in content and squeeze("合计 3 件") in content
    assert "hallapp" not in content and "审计管理员可凭上述链头和记录数核对" in content
    # who made the report (the person signed in), and who took in each case, by name — never a login
    assert "制表人办件数2026年11月27日08赵六3" in content
    assert content.count("经办：张三") == 2 and content.count("经办：赵六") == 1
    assert "王五" not in content and "zhao.liu" not in content and "zhang.san" not in content
    with ready_context.uow() as uow:
        assert audit_chain.verify_chain(uow.session).ok
        (event,) = uow.session.execute(
            select(AuditEvent).where(AuditEvent.action == "report.daily_close")
        ).scalars()
        assert (event.actor, event.object_id) == ("zhao.liu", "RJ-20261127-08")


def test_the_report_names_whoever_prints_it_not_the_settings(ready_context):
    """Documents take the person from the signed-in principal: a stale clerk name in the settings does
    not end up as the report's author."""
    report = daily_close(
        ready_context.uow(write=True),
        day=date(2026, 11, 27),
        settings=replace(SETTINGS, clerk="李四"),
        data_dir=ready_context.paths.data_dir,
    )
    content = text(report.path.read_bytes())
    assert CLERK.display_name in content and "李四" not in content and squeeze("当日无办件") in content


@pytest.mark.parametrize("principal", [None, ADMIN, AUDITOR], ids=["nobody", "admin", "auditor"])
def test_only_the_counter_closes_its_day(ready_context, principal):
    with acting_as(ready_context, principal), pytest.raises(AccessDenied):
        daily_close(
            ready_context.uow(write=True),
            day=date(2026, 11, 27),
            settings=SETTINGS,
            data_dir=ready_context.paths.data_dir,
        )
    assert not (ready_context.paths.data_dir / "archive").exists()


def test_daily_close_lists_the_days_bundles_and_follow_up_work(ready_context):
    """Besides the cases received, the day's 一件事 (by name, with the cases they made) and the follow-up
    work on the window's deferred cases: supplements, extensions, reminders — by whom, what was done."""
    from hallapp.domain.lifecycle import Channel
    from hallapp.services.bundle_intake import submit_bundle
    from hallapp.services.followup import extend_deadline, follow_up_of, record_reminders, record_supplement
    from hallapp.services.intake_inputs import BundleRequest
    from tests.people import create_accounts
    from tests.services.intake_helpers import PERSON
    from tests.services.test_bundle_intake import everything, shared_lines
    from tests.services.test_followup import deferred_case

    create_accounts(ready_context, CLERK, SUPERVISOR)
    now = datetime.now()  # follow-up work is reported on the day it was recorded: today
    today = now.date()
    number, names = deferred_case(ready_context, person="44030819900101124", at=now)  # window 08
    _bundle, _guides, checklist = shared_lines(ready_context, "newborn")
    bundle = submit_bundle(
        ready_context.uow(write=True),
        BundleRequest("newborn", PERSON, everything(checklist)),
        settings=SETTINGS,
        calendar=ready_context.calendar,
        now=now,
    )
    record_reminders(ready_context.uow(write=True), [number], method="phone")
    deadline = follow_up_of(ready_context.uow(), number).deadline
    later = ready_context.calendar.add_working_days(deadline, 3).date
    extend_deadline(
        ready_context.uow(write=True), number, later, "台风停工", approver=SUPERVISOR, today=today
    )
    record_supplement(
        ready_context.uow(write=True), number, names, on=today, channel=Channel.ON_SITE, today=today
    )
    report = daily_close(
        ready_context.uow(write=True), day=today, settings=SETTINGS, data_dir=ready_context.paths.data_dir
    )
    content = text(report.path.read_bytes())
    assert "当日一件事" in content and bundle.reference in content and "新生儿出生一件事" in content
    assert all(case.number in content for _name, case in bundle.cases) and "newborn" not in content
    from tests.printing.pdfcheck import placed_texts

    placed = {
        item.text.strip() for _n, _w, _h, items in placed_texts(report.path.read_bytes()) for item in items
    }
    assert all(case.number in placed for _name, case in bundle.cases)  # each number whole on its line
    assert "当日补正" in content and squeeze("补交 1 项（现场），材料已补齐") in content
    assert "当日延期" in content and squeeze(f"补正期限 {deadline} 延至 {later}") in content
    assert "张三，赵六批准" in content  # asked by the clerk, approved by the supervisor: names, no logins
    assert "zhang.san" not in content and "zhao.liu" not in content
    assert "当日催补" in content and "申领/陈晓明：电话" in content
    assert squeeze("容缺跟踪：补正 1 件，延期 1 件，催补 1 件，终止办理 0 件，撤回 0 件") in content
    assert squeeze("一件事 1 件") in content


def test_follow_up_work_on_another_windows_cases_is_theirs(ready_context):
    from hallapp.services.followup import record_reminders
    from tests.services.test_followup import deferred_case

    now = datetime.now()
    number, _names = deferred_case(ready_context, at=now)  # taken in at window 08
    record_reminders(ready_context.uow(write=True), [number], method="sms")
    report = daily_close(
        ready_context.uow(write=True),
        day=now.date(),
        settings=replace(SETTINGS, window="09"),
        data_dir=ready_context.paths.data_dir,
    )
    content = text(report.path.read_bytes())
    assert number not in content and "当日催补" not in content and squeeze("当日无办件") in content
