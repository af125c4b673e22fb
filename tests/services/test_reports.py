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
        head = audit_chain.chain_head(uow.session)
    with acting_as(ready_context, SUPERVISOR):  # and closes the window's day
        report = daily_close(
            ready_context.uow(write=True),
            day=date(2026, 11, 27),
            settings=replace(SETTINGS, clerk="赵六"),
            data_dir=ready_context.paths.data_dir,
        )
    content = text(report.path.read_bytes())
    assert all(n in content for n in numbers) and elsewhere not in content
    assert f"审计链头：{head}" in content and squeeze("合计 3 件") in content
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
