"""Who acted: a day at the hall driven through the counter session by the clerk zhang.san (张三), the
supervisor zhao.liu (赵六), the administrator and the audit administrator. Every record names the
account that made it, every audit event its actor's account, and every paper the display name of the
person who did what the paper is about."""

from __future__ import annotations

import json
import shutil
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

import pytest
from sqlalchemy import select

from hallapp.config import SHIPPED_CATALOGUE_DIR
from hallapp.domain.access import AccessDenied, Role
from hallapp.domain.bundles import BundleChecklist
from hallapp.domain.lifecycle import Channel
from hallapp.printing.model import DocumentKind
from hallapp.services.catalogue import get_bundle
from hallapp.services.intake import Decision, MaterialInput
from hallapp.services.intake_inputs import ApplicantInput, BundleRequest
from hallapp.store import case_repo, followup_repo
from hallapp.store.calendar_models import CalendarDay
from hallapp.store.case_models import AuditEvent, Case, CaseDocument, CaseMaterial, CaseReminder
from tests.people import ADMIN, AUDITOR, CLERK, PASSWORD, SUPERVISOR
from tests.printing.pdfcheck import text
from tests.services.intake_helpers import guide_for, resident_id

DAY = date(2026, 9, 30)
TODAY = date(2026, 10, 9)
OVERDUE = date(2026, 10, 21)  # the deferral deadline 2026-10-13 has passed
NAMES = ("张三", "赵六", "孙管理", "钱七", "李四")
LOGINS = ("zhang.san", "zhao.liu", "sun.admin", "qian.qi", "li.si")


def bundle_request(context, code: str) -> BundleRequest:
    bundle, guides = get_bundle(context.uow(), code)
    checklist = BundleChecklist.start(bundle, guides)
    materials = tuple(
        MaterialInput(
            original_seen=c.requirement.originals > 0,
            copies=c.requirement.copies or (0 if c.requirement.originals else 1),
        )
        for c in checklist.checks
    )
    applicant = ApplicantInput("person", "陈晓明", resident_id("44030819900101099"), "13812345678")
    return BundleRequest(code, applicant, materials)


@dataclass
class Day:
    """What the day produced: case numbers by what happened to them, and every paper printed."""

    numbers: dict[str, str]
    bundle: str
    papers: dict[str, Path]


def a_day_at_the_hall(hall, tmp_path) -> Day:
    context = hall.context
    admin, clerk, boss, auditor = (hall.session(p) for p in (ADMIN, CLERK, SUPERVISOR, AUDITOR))
    papers: dict[str, Path] = {}

    # -- the administrator: a new account, a holiday
    admin.create_account("li.si", "李四", Role.CLERK, "Good-Secret-2026", window="08")
    admin.set_day(date(2026, 12, 31), "holiday", "测试")

    # -- intake by the clerk: accept, defer (five times), refuse, a bundle; and one by the supervisor
    def submit(session, matter, decision, person, minute):
        request = hall.request(matter, decision, person=person)
        return session.submit(request, now=datetime(2026, 9, 30, 9, minute)).value.number

    numbers = {
        "accepted": submit(clerk, "就业登记", Decision.ACCEPT, 1, 0),
        "supplemented": submit(clerk, "创业培训补贴申领", Decision.DEFER, 2, 1),
        "extended": submit(clerk, "创业培训补贴申领", Decision.DEFER, 3, 2),
        "terminated": submit(clerk, "创业培训补贴申领", Decision.DEFER, 4, 3),
        "withdrawn": submit(clerk, "创业培训补贴申领", Decision.DEFER, 5, 4),
        "reminded": submit(clerk, "创业培训补贴申领", Decision.DEFER, 6, 5),
        "refused": submit(clerk, "就业登记", Decision.REFUSE, 7, 6),
        "supervisors": submit(boss, "创业培训补贴申领", Decision.DEFER, 8, 7),
    }
    bundle = clerk.submit(
        bundle_request(context, "veteran"), now=datetime(2026, 9, 30, 9, 30)
    ).value.reference

    # -- printing and reprint
    (papers["receipt"],) = (d.path for d in clerk.print_documents(numbers["accepted"]).value)
    papers["commitment"], papers["deferral notice"] = (
        d.path for d in clerk.print_documents(numbers["supplemented"]).value
    )
    (papers["one-time notice"],) = (d.path for d in clerk.print_documents(numbers["refused"]).value)
    papers["bundle receipt"] = clerk.print_documents(bundle, bundle=True).value[0].path
    (papers["reprint"],) = (d.path for d in boss.print_documents(numbers["accepted"], copy=True).value)

    # -- following up
    material = next(m.name for m in guide_for(context, "创业培训补贴申领").materials_for({}) if m.deferrable)
    clerk.supplement(numbers["supplemented"], [material], on=TODAY, channel=Channel.ON_SITE, today=TODAY)
    papers["supplement receipt"] = clerk.followup_document(
        numbers["supplemented"], DocumentKind.SUPPLEMENT_RECEIPT, today=TODAY
    ).value.path
    clerk.extend(
        numbers["extended"],
        date(2026, 10, 30),
        "台风停工",
        approver_username="zhao.liu",
        approver_password=PASSWORD,
        today=TODAY,
    )
    boss.remind([numbers["reminded"]], method="phone", now=datetime(2026, 10, 9, 9))
    papers["reminder"] = boss.followup_document(
        numbers["reminded"], DocumentKind.REMINDER, today=TODAY
    ).value.path
    papers["reminder batch"] = clerk.reminder_batch([numbers["reminded"]], today=TODAY).value
    clerk.withdraw(numbers["withdrawn"], today=TODAY)
    boss.terminate(numbers["terminated"], today=OVERDUE)
    papers["termination"] = boss.followup_document(
        numbers["terminated"], DocumentKind.TERMINATION, today=OVERDUE
    ).value.path
    papers["history"] = clerk.followup_document(
        numbers["extended"], DocumentKind.CASE_HISTORY, today=TODAY
    ).value.path

    # -- the supervisor's day: export, reveal, the window's close; the clerk closes too
    boss.export_cases(tmp_path / "register.xlsx", since=DAY, until=DAY)
    boss.reveal_id(numbers["accepted"])
    # both close the same window's day; the archive keeps one file per window and day, so each report
    # is read as soon as it is made (see test_a_second_daily_close_keeps_the_first_in_the_archive)
    for session, who in ((boss, "赵六"), (clerk, "张三")):
        made = session.daily_close(DAY).value.path
        papers[f"daily close ({who})"] = shutil.copy(made, tmp_path / f"daily-close-{who}.pdf")

    # -- the administrator again: a changed catalogue, a backup; the auditor exports the trail
    folder = tmp_path / "catalogue"
    shutil.copytree(SHIPPED_CATALOGUE_DIR, folder)
    path = folder / "matters" / "zfb.toml"
    path.write_text(
        path.read_text(encoding="utf-8").replace("政府信息公开申请", "政府信息公开申请（依申请）", 1),
        encoding="utf-8",
    )
    assert admin.load_catalogue(folder).value.updated == 1
    if context.paths.database_file is not None:
        admin.backup_now()
    assert auditor.verify_audit().ok
    auditor.export_trail(tmp_path / "trail.csv")
    return Day(numbers, bundle, papers)


@pytest.fixture
def day(hall, tmp_path) -> Day:
    return a_day_at_the_hall(hall, tmp_path)


def rows(context, model, *where):
    with context.uow() as uow:
        found = list(uow.session.execute(select(model).where(*where)).scalars())
        uow.session.expunge_all()  # keep the loaded values: leaving the block rolls back (and expires)
    return found


def case_of(context, number: str) -> Case:
    (case,) = rows(context, Case, Case.case_number == number)
    return case


# -- the records -------------------------------------------------------------------------------------------


def test_every_case_names_the_account_that_took_it_in_and_closed_it(hall, day):
    cases = rows(hall.context, Case)
    by_clerk = defaultdict(set)
    for case in cases:
        by_clerk[case.clerk_username].add(case.case_number or case.notice_number)
        assert case.clerk == {"zhang.san": "张三", "zhao.liu": "赵六"}[case.clerk_username]  # as printed
    assert by_clerk["zhao.liu"] == {day.numbers["supervisors"]}
    assert set(by_clerk) == {"zhang.san", "zhao.liu"} and len(by_clerk["zhang.san"]) > 8  # with the bundle's
    closed = {c.case_number: c.closed_by for c in cases if c.closed_by}
    assert closed == {day.numbers["terminated"]: "zhao.liu", day.numbers["withdrawn"]: "zhang.san"}


def test_supplement_extension_and_reminder_records_name_accounts(hall, day):
    context = hall.context
    supplemented = case_of(context, day.numbers["supplemented"])
    arrived = rows(
        context, CaseMaterial, CaseMaterial.case_id == supplemented.id, CaseMaterial.outcome == "supplemented"
    )
    assert [m.supplemented_by for m in arrived] == ["zhang.san"]
    assert {
        m.supplemented_by for m in rows(context, CaseMaterial, CaseMaterial.outcome != "supplemented")
    } == {""}

    with context.uow() as uow:
        (extension,) = followup_repo.extensions_of(uow.session, case_of(context, day.numbers["extended"]).id)
        assert (extension.requested_by, extension.approved_by) == ("zhang.san", "zhao.liu")
        assert (extension.new, extension.reason) == (date(2026, 10, 30), "台风停工")

    (reminder,) = rows(context, CaseReminder)
    assert (reminder.case_id, reminder.clerk, reminder.method) == (
        case_of(context, day.numbers["reminded"]).id,
        "zhao.liu",
        "phone",
    )
    (holiday,) = rows(context, CalendarDay, CalendarDay.day == date(2026, 12, 31))
    assert (holiday.kind, holiday.source, holiday.updated_by) == ("holiday", "manual", "sun.admin")


def test_every_document_names_the_account_that_printed_it(hall, day):
    context = hall.context
    printed = {}
    for document in rows(context, CaseDocument):
        printed.setdefault(Path(document.path).name, set()).add(document.created_by)
    expected_boss = {day.papers[k].name for k in ("reprint", "reminder", "termination")}
    for name, creators in printed.items():
        assert creators == ({"zhao.liu"} if name in expected_boss else {"zhang.san"}), name
    assert expected_boss <= set(printed)
    # every paper of a case is on record (a batch of reminders and the daily close: in the trail only)
    case_papers = {k: p for k, p in day.papers.items() if k != "reminder batch" and "daily close" not in k}
    assert {p.name for p in case_papers.values()} <= set(printed)


def test_every_audit_event_names_an_account(hall, day):
    events = rows(hall.context, AuditEvent)
    actors = defaultdict(set)
    for event in events:
        actors[event.action].add(event.actor)
    assert all(e.actor in (*LOGINS, "system") for e in events), {e.actor for e in events}
    assert not any(e.actor in NAMES for e in events)  # display names never stand for an account
    expected = {
        "catalogue.load": {"system", "sun.admin"},  # the start-up's, then the administrator's
        "account.create": {"sun.admin"},  # the first administrator created themselves, then the others
        "login.success": {"sun.admin", "zhang.san", "zhao.liu", "qian.qi"},
        "approval.success": {"zhao.liu"},  # 赵六's password, entered at the clerk's counter to approve
        "calendar.set_day": {"sun.admin"},
        "case.accepted": {"zhang.san"},
        "case.approved": {"zhang.san"},  # 就业登记 is 秒批
        "case.deferred": {"zhang.san", "zhao.liu"},
        "case.refused": {"zhang.san"},
        "bundle.submit": {"zhang.san"},
        "document.print": {"zhang.san", "zhao.liu"},
        "document.reprint": {"zhao.liu"},
        "case.supplement": {"zhang.san"},
        "case.extend": {"zhao.liu"},  # the approval is the supervisor's act
        "case.remind": {"zhao.liu"},
        "case.withdraw": {"zhang.san"},
        "case.terminate": {"zhao.liu"},
        "cases.export": {"zhao.liu"},
        "personal_data.reveal": {"zhao.liu"},
        "report.daily_close": {"zhao.liu", "zhang.san"},
        "audit.export": {"qian.qi"},
    }
    if hall.context.paths.database_file is not None:
        expected["backup.make"] = {"sun.admin"}
    assert dict(actors) == expected
    (extension,) = (e for e in events if e.action == "case.extend")
    detail = json.loads(extension.detail)
    assert (detail["requested_by"], detail["approved_by"]) == ("zhang.san", "zhao.liu")
    created = {e.object_id: e.actor for e in events if e.action == "account.create"}
    assert created == {login: "sun.admin" for login in LOGINS}


# -- the papers --------------------------------------------------------------------------------------------


PAPERS = {
    "receipt": "张三",
    "commitment": "张三",
    "deferral notice": "张三",
    "one-time notice": "张三",
    "bundle receipt": "张三",
    "reprint": "张三",  # a copy of the receipt: who took the application in, not who reprinted it
    "supplement receipt": "张三",
    "reminder": "赵六",  # whoever reminded
    "reminder batch": "张三",  # whoever printed the batch of reminders
    "termination": "赵六",  # whoever terminated
}


def test_each_paper_names_the_person_by_display_name(hall, day):
    """(One day, every kind of paper: the day is the slow part.)"""
    assert set(PAPERS) | {"history", "daily close (赵六)", "daily close (张三)"} == set(day.papers)
    for paper, who in PAPERS.items():
        content = text(day.papers[paper].read_bytes())
        assert who in content, paper
        assert [other for other in NAMES if other != who and other in content] == [], paper
        assert [login for login in LOGINS if login in content] == [], paper
    assert "副本" in text(day.papers["reprint"].read_bytes())


def test_the_history_names_each_step_by_the_person_who_did_it(hall, day):
    content = text(day.papers["history"].read_bytes())
    assert "张三" in content and "赵六" in content  # took it in; approved the extension
    assert not any(login in content for login in LOGINS)


def test_the_daily_close_names_who_made_it_and_who_took_in_each_case(hall, day):
    cases = hall.session(SUPERVISOR).todays_cases(day=DAY)
    assert len(cases) > 9
    for maker in ("赵六", "张三"):
        content = text(day.papers[f"daily close ({maker})"].read_bytes())
        assert f"制表人办件数2026年9月30日01{maker}{len(cases)}" in content  # 制表人: who printed it
        assert content.count("经办：赵六") == 1  # the one case the supervisor took in
        assert content.count("经办：张三") == len(cases) - 1
        assert not any(name in content for name in ("孙管理", "钱七", "李四"))
        assert not any(login in content for login in LOGINS)


# -- the approval of an extension --------------------------------------------------------------------------


def test_a_supervisor_approves_no_extension_of_their_own_case(hall, day):
    context = hall.context
    own = day.numbers["supervisors"]
    boss, clerk = hall.session(SUPERVISOR), hall.session(CLERK)
    with pytest.raises(AccessDenied, match="本人"):
        boss.extend(own, date(2026, 10, 30), "台风", today=TODAY)
    with pytest.raises(AccessDenied, match="本人"):  # asked for by the clerk, approved by the same account
        clerk.extend(
            own,
            date(2026, 10, 30),
            "台风",
            approver_username=" Zhao.Liu ",
            approver_password=PASSWORD,
            today=TODAY,
        )
    # a clerk approves nothing, not even with their own password
    with pytest.raises(AccessDenied, match="窗口人员.*无权审批延期"):
        clerk.extend(
            own,
            date(2026, 10, 30),
            "台风",
            approver_username="li.si",
            approver_password="Good-Secret-2026",
            today=TODAY,
        )
    with context.uow() as uow:
        case = case_repo.case_by_number(uow.session, own)
        assert followup_repo.extensions_of(uow.session, case.id) == []
        assert case.deferral_deadline == date(2026, 10, 13)


def test_a_second_daily_close_keeps_the_first_in_the_archive(hall, day):
    import hashlib

    reports = [e for e in rows(hall.context, AuditEvent) if e.action == "report.daily_close"]
    assert [e.actor for e in reports] == ["zhao.liu", "zhang.san"]
    archived = {
        hashlib.sha256(path.read_bytes()).hexdigest()
        for path in (hall.context.paths.data_dir / "archive").rglob("daily-close-*.pdf")
    }
    assert {json.loads(e.detail)["sha256"] for e in reports} <= archived
