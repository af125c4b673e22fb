"""The counter session against every role: each method that changes something or reads the audit trail
is run by a signed-in clerk, supervisor, administrator and audit administrator, and what the session
refuses must be exactly what ``hallapp.domain.access.PERMISSIONS`` denies that role — whatever the window
or the command line would have shown. And without anyone signed in there is no session at all."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path

import pytest

from hallapp.config import SHIPPED_CATALOGUE_DIR
from hallapp.domain.access import ACCOUNT_ROLES, PERMISSIONS, AccessDenied, NotSignedIn, Permission, Role
from hallapp.domain.bundles import BundleChecklist
from hallapp.domain.disclosure import Reply
from hallapp.domain.lifecycle import Channel
from hallapp.printing.disclosure_model import DisclosureDocKind
from hallapp.printing.model import DocumentKind
from hallapp.services.accounts import LoginFailed
from hallapp.services.audit import audit_head
from hallapp.services.catalogue import get_bundle
from hallapp.services.intake import Decision, MaterialInput
from hallapp.services.intake_inputs import BundleRequest
from hallapp.services.session import CounterSession
from hallapp.services.settings import CounterSettings, HallSettings, StationSettings
from hallapp.store import case_repo
from hallapp.store.db import UnitOfWork
from tests.people import CHEAP, CLERK, PASSWORD, PEOPLE, SUPERVISOR
from tests.services.disclosure_helpers import form as disclosure_form
from tests.services.intake_helpers import PERSON, guide_for

P = Permission
TODAY = date(2026, 10, 9)
OVERDUE = date(2026, 10, 21)
CALENDAR_CSV = "date,kind,name\n2027-01-01,holiday,元旦\n2027-01-02,holiday,元旦\n"
LICENCES_CSV = SHIPPED_CATALOGUE_DIR / "licences_demo.csv"

Call = Callable[[], object]


def whole_bundle(context, code: str) -> BundleRequest:
    """A bundle request with every shared material received."""
    bundle, guides = get_bundle(context.uow(), code)
    checklist = BundleChecklist.start(bundle, guides)
    materials = tuple(
        MaterialInput(
            original_seen=c.requirement.originals > 0,
            copies=c.requirement.copies or (0 if c.requirement.originals else 1),
        )
        for c in checklist.checks
    )
    return BundleRequest(code, PERSON, materials)


def use_cases(hall, session: CounterSession, tmp_path: Path) -> dict[str, tuple[set[Permission], Call]]:
    """name: (what it needs, call) for every session method that changes something or reads the trail.

    Every call is one that succeeds for a role allowed to make it (the matrix test insists on that), on
    cases a clerk took in beforehand; run in this order (backup before restore, restore last).
    """
    context = hall.context
    clerk = hall.session(CLERK)
    accepted = clerk.submit(hall.request("就业登记", Decision.ACCEPT, person=1), now=datetime(2026, 9, 30, 9))
    to_supplement, to_extend, to_extend_too, to_terminate, to_withdraw, to_remind = (
        hall.deferred(clerk, person=n) for n in range(2, 8)
    )
    deferred_material = _deferred_name(hall)
    # disclosure requests the clerk registered; the last two with a reply drafted by the clerk
    typed = disclosure_form(arrived_on=TODAY)
    gk = [clerk.register_disclosure(typed, today=TODAY).value.request.number for _ in range(5)]
    for drafted in gk[3:]:
        clerk.draft_disclosure_reply(drafted, Reply.DISCLOSED, "当场提供复印件", today=TODAY)
    calendar_csv = tmp_path / "2027.csv"
    calendar_csv.write_text(CALENDAR_CSV, encoding="utf-8")
    catalogue = tmp_path / "catalogue"
    shutil.copytree(SHIPPED_CATALOGUE_DIR, catalogue)
    backups: list[Path] = []

    def backup() -> object:
        made = session.backup_now().value
        backups.append(made)
        return made

    table: dict[str, tuple[set[Permission], Call]] = {
        # the counter
        "submit": ({P.INTAKE}, lambda: session.submit(hall.request("就业登记", Decision.ACCEPT, person=20))),
        "submit (bundle)": ({P.INTAKE}, lambda: session.submit(whole_bundle(context, "veteran"))),
        "print_documents": ({P.INTAKE}, lambda: session.print_documents(accepted.value.number)),
        "print_documents (reprint)": (
            {P.INTAKE},
            lambda: session.print_documents(accepted.value.number, copy=True),
        ),
        "daily_close": ({P.INTAKE}, lambda: session.daily_close(date(2026, 9, 30))),
        "supplement": (
            {P.FOLLOW_UP},
            lambda: session.supplement(
                to_supplement, [deferred_material], on=TODAY, channel=Channel.ON_SITE, today=TODAY
            ),
        ),
        # a supervisor signed in approves it themselves: asking and approving at once
        "extend": (
            {P.FOLLOW_UP, P.APPROVE_EXTENSION},
            lambda: session.extend(to_extend, date(2026, 10, 30), "台风停工", today=TODAY),
        ),
        # anyone at the counter may ask, approved on the spot by the supervisor with their password
        "extend (approved by 赵六)": (
            {P.FOLLOW_UP},
            lambda: session.extend(
                to_extend_too,
                date(2026, 10, 30),
                "台风停工",
                approver_username=SUPERVISOR.username,
                approver_password=PASSWORD,
                today=TODAY,
            ),
        ),
        "terminate": ({P.FOLLOW_UP}, lambda: session.terminate(to_terminate, today=OVERDUE)),
        "withdraw": ({P.FOLLOW_UP}, lambda: session.withdraw(to_withdraw, today=TODAY)),
        "remind": ({P.FOLLOW_UP}, lambda: session.remind([to_remind], method="phone")),
        "followup_document": (
            {P.FOLLOW_UP},
            lambda: session.followup_document(to_remind, DocumentKind.REMINDER, today=TODAY),
        ),
        "reminder_batch": ({P.FOLLOW_UP}, lambda: session.reminder_batch([to_remind], today=TODAY)),
        "reveal_id": ({P.REVEAL_PERSONAL_DATA}, lambda: session.reveal_id(accepted.value.number)),
        # disclosure requests (依申请公开)
        "register_disclosure": ({P.DISCLOSURE}, lambda: session.register_disclosure(typed, today=TODAY)),
        "disclosure_board": ({P.DISCLOSURE}, lambda: session.disclosure_board(today=TODAY)),
        "find_disclosures": ({P.DISCLOSURE}, lambda: session.find_disclosures(gk[0])),
        "ask_disclosure_correction": (
            {P.DISCLOSURE},
            lambda: session.ask_disclosure_correction(gk[0], ["写明年份"], today=TODAY),
        ),
        "extend_disclosure": (
            {P.DISCLOSURE, P.APPROVE_DISCLOSURE},
            lambda: session.extend_disclosure(gk[1], 5, "涉及多个部门", today=TODAY),
        ),
        "extend_disclosure (approved by 赵六)": (
            {P.DISCLOSURE},
            lambda: session.extend_disclosure(
                gk[2],
                5,
                "涉及多个部门",
                approver_username=SUPERVISOR.username,
                approver_password=PASSWORD,
                today=TODAY,
            ),
        ),
        "approve_disclosure_reply": (
            {P.APPROVE_DISCLOSURE},
            lambda: session.approve_disclosure_reply(gk[3], today=TODAY),
        ),
        "return_disclosure_reply": (
            {P.APPROVE_DISCLOSURE},
            lambda: session.return_disclosure_reply(gk[4], "请写明提供方式", today=TODAY),
        ),
        "disclosure_document": (
            {P.DISCLOSURE},
            lambda: session.disclosure_document(gk[0], DisclosureDocKind.RECEIPT, today=TODAY),
        ),
        "export_disclosure_report": (
            {P.DISCLOSURE},
            lambda: session.export_disclosure_report(2026, tmp_path / "gk.xlsx"),
        ),
        "export_cases": (
            {P.EXPORT_CASES},
            lambda: session.export_cases(
                tmp_path / "cases.csv", since=date(2026, 9, 1), until=date(2026, 9, 30)
            ),
        ),
        # the administrator
        "save_station": ({P.SETTINGS}, lambda: session.save_station(StationSettings(window="09"))),
        "save_hall": (
            {P.SETTINGS},
            lambda: session.save_hall(HallSettings(hall_name="坪山区政务服务中心（矩阵）")),
        ),
        "set_day": ({P.CALENDAR}, lambda: session.set_day(date(2026, 12, 31), "holiday", "测试")),
        "preview_calendar_import": ({P.CALENDAR}, lambda: session.preview_calendar_import(calendar_csv)),
        "import_calendar": ({P.CALENDAR}, lambda: session.import_calendar(calendar_csv)),
        "load_catalogue": ({P.CATALOGUE}, lambda: session.load_catalogue(catalogue, force=True)),
        "import_licences": ({P.LICENCES}, lambda: session.import_licences(LICENCES_CSV)),
        "accounts": ({P.ACCOUNTS}, lambda: session.accounts()),
        "create_account": (
            {P.ACCOUNTS},
            lambda: session.create_account("wang.wu", "王五", Role.CLERK, "Good-Secret-2026", window="05"),
        ),
        "set_role": ({P.ACCOUNTS}, lambda: session.set_role("li.si", Role.SUPERVISOR)),
        "reset_password": ({P.ACCOUNTS}, lambda: session.reset_password("li.si", "Other-Secret-2026")),
        "unlock_account": ({P.ACCOUNTS}, lambda: session.unlock_account("li.si")),
        "set_active": ({P.ACCOUNTS}, lambda: session.set_active("li.si", False)),
        # the audit administrator
        "audit_trail": ({P.AUDIT_READ}, lambda: session.audit_trail()),
        "audit_names": ({P.AUDIT_READ}, lambda: session.audit_names(["zhang.san"])),
        "verify_audit": ({P.AUDIT_READ}, lambda: _verified(session)),
        "check_printed_head": (
            {P.AUDIT_READ},
            lambda: _checked(session, audit_head(UnitOfWork(context.engine)).head),
        ),
        "export_trail": ({P.AUDIT_READ}, lambda: session.export_trail(tmp_path / "trail.csv")),
        # everyone, for themselves (the idle lock, their own password)
        "unlock": (set(), lambda: _unlocked(session)),
        "change_own_password": (set(), lambda: session.change_own_password(PASSWORD, "Fresh-Secret-2027")),
    }
    if context.paths.database_file is not None:  # backups are for the SQLite database
        table["backup_now"] = ({P.BACKUP}, backup)
        table["restore"] = (
            {P.BACKUP},
            lambda: session.restore(backups[0] if backups else tmp_path / "none.sqlite3"),
        )
    return table


def _deferred_name(hall) -> str:
    guide = guide_for(hall.context, "创业培训补贴申领")
    return next(m.name for m in guide.materials_for({}) if m.deferrable)


def _verified(session: CounterSession) -> object:
    report = session.verify_audit()
    assert report.ok, report.reason
    return report


def _checked(session: CounterSession, head: str) -> object:
    report = session.check_printed_head(head)
    assert report.ok, report.reason
    return report


def _unlocked(session: CounterSession) -> object:
    assert session.unlock(PASSWORD) is True
    return True


@pytest.fixture
def target_account(hall):
    """The account the administrator's methods act on."""
    from hallapp.services.accounts import create_account

    create_account(
        UnitOfWork(hall.context.engine, write=True),
        PEOPLE[Role.ADMIN],
        "li.si",
        "李四",
        Role.CLERK,
        "08",
        "Good-Secret-2026",
        hasher=CHEAP,
    )


@pytest.mark.parametrize("role", ACCOUNT_ROLES, ids=lambda r: r.value)
def test_the_session_refuses_exactly_what_the_matrix_denies(hall, target_account, tmp_path, role):
    person = PEOPLE[role]
    session = hall.session(person)
    assert session.principal == person
    cases = use_cases(hall, session, tmp_path)
    refused: dict[str, str] = {}
    for name, (_needs, call) in cases.items():
        try:
            call()
        except AccessDenied as refusal:
            refused[name] = str(refusal)
        # anything else is a failure of the test: an allowed call must go through
    expected = {name for name, (needs, _call) in cases.items() if not needs <= PERMISSIONS[role]}
    assert set(refused) == expected
    assert set(cases) - expected, "every role may do something"
    for name, words in refused.items():  # and each refusal says so in words, none says "not signed in"
        assert words and "尚未登录" not in words, name
    for permission in Permission:
        assert session.may(permission) is (permission in PERMISSIONS[role])
        assert (session.why_not(permission) == "") is session.may(permission)


@pytest.mark.parametrize("role", [Role.ADMIN, Role.AUDITOR], ids=lambda r: r.value)
def test_a_request_the_requester_may_not_make_never_asks_for_the_supervisors_password(hall, role):
    from sqlalchemy import func, select

    from hallapp.store.case_models import AuditEvent

    number = hall.deferred(hall.session(CLERK), person=1)
    session = hall.session(PEOPLE[role])

    def supervisor_events() -> int:
        with hall.context.uow() as uow:
            query = (
                select(func.count()).select_from(AuditEvent).where(AuditEvent.actor == SUPERVISOR.username)
            )
            return uow.session.execute(query).scalar_one()

    before = supervisor_events()
    with pytest.raises(AccessDenied):
        session.extend(
            number,
            date(2026, 10, 30),
            "台风",
            approver_username=SUPERVISOR.username,
            approver_password=PASSWORD,
            today=TODAY,
        )
    assert supervisor_events() == before


def test_the_session_acts_for_the_person_who_signed_in_not_for_the_context(hall, tmp_path):
    """The context's own principal (none here) does not matter: the session's unit of work is its person's."""
    assert hall.context.principal is None
    session = hall.session(CLERK)
    number = session.submit(hall.request("就业登记", Decision.ACCEPT, person=1)).value.number
    assert session.case_detail(number).row.number == number
    with hall.context.uow() as uow:
        assert case_repo.case_by_number(uow.session, number).clerk_username == "zhang.san"
    assert session.settings.clerk == "张三" and session.settings.window == "01"


def test_there_is_no_session_without_someone_signed_in(hall):
    context = hall.context
    with pytest.raises(NotSignedIn, match="尚未登录"):
        CounterSession(context, None, CounterSettings(), None)  # type: ignore[arg-type]
    with pytest.raises(NotSignedIn, match="尚未登录"):
        CounterSession.open(context, None)  # type: ignore[arg-type]
    with pytest.raises(LoginFailed):
        CounterSession.sign_in(context, CLERK.username, "Wrong-Password-1")
    with pytest.raises(LoginFailed):
        CounterSession.sign_in(context, "nobody.here", PASSWORD)
    with pytest.raises(LoginFailed):
        CounterSession.sign_in(context, "", "")


def test_the_installation_has_no_session(hall):
    """``SYSTEM`` acts at start-up only: it has no account, so it cannot sign in."""
    with pytest.raises(LoginFailed):
        CounterSession.sign_in(hall.context, "system", PASSWORD)
