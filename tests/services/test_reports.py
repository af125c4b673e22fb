from datetime import date, datetime

from hallapp.services.intake import Decision, submit_intake
from hallapp.services.reports import daily_close
from hallapp.services.settings import CounterSettings
from hallapp.store import audit_chain
from tests.printing.pdfcheck import squeeze, text
from tests.services.intake_helpers import guide_for, request

SETTINGS = CounterSettings(window="08", clerk="李四", case_prefix="PS")


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
    report = daily_close(
        ready_context.uow(write=True),
        day=date(2026, 11, 27),
        settings=SETTINGS,
        data_dir=ready_context.paths.data_dir,
        actor="李四",
    )
    content = text(report.path.read_bytes())
    assert all(n in content for n in numbers) and elsewhere not in content
    assert f"审计链头：{head}" in content and squeeze("合计 2 件") in content
    with ready_context.uow() as uow:
        assert audit_chain.verify_chain(uow.session).ok
