"""Every use case against every role: the service layer itself refuses what a role may not do — and
everything when nobody is signed in. (The counter session's own matrix is ``test_session_matrix``;
account management, which checks the stored account, is in ``test_accounts``.)"""

from __future__ import annotations

from datetime import date, datetime

import pytest

from hallapp.domain.access import PERMISSIONS, AccessDenied, NotSignedIn, Permission, Principal, Role
from hallapp.domain.disclosure_fees import FeeMode
from hallapp.domain.lifecycle import Channel
from hallapp.licences.local import import_licences
from hallapp.printing.disclosure_model import DisclosureDocKind
from hallapp.printing.model import DocumentKind
from hallapp.services import (
    audit,
    calendar,
    catalogue,
    disclosure,
    disclosure_annual,
    disclosure_documents,
    disclosure_views,
    export,
    followup,
    followup_documents,
    reports,
)
from hallapp.services.bundle_intake import submit_bundle
from hallapp.services.cases import reveal_id
from hallapp.services.documents import produce_documents
from hallapp.services.intake import Decision, MaterialInput, submit_intake
from hallapp.services.intake_inputs import BundleRequest
from hallapp.services.settings import CounterSettings, HallSettings, StationSettings, save_hall
from hallapp.services.station import save_station_settings
from tests.people import CLERK, acting_as
from tests.services.disclosure_helpers import form as disclosure_form
from tests.services.intake_helpers import PERSON, all_received, guide_for, request

SETTINGS = CounterSettings(window="08", clerk="张三", case_prefix="PS")
P = Permission


def deferred_number(context, clerk: Principal = CLERK) -> str:
    """A deferred case taken in by ``clerk`` (not by the role under test)."""
    guide = guide_for(context, "创业培训补贴申领")
    materials = list(all_received(guide))
    materials[next(i for i, m in enumerate(guide.materials_for({})) if m.deferrable)] = MaterialInput(
        deferred=True
    )
    with acting_as(context, clerk):
        return submit_intake(
            context.uow(write=True),
            request(guide, Decision.DEFER, tuple(materials), commitment_signed=True),
            settings=SETTINGS,
            calendar=context.calendar,
            now=datetime(2026, 9, 30, 10),
        ).number


def use_cases(context, tmp_path):
    """name: (the permissions it needs, call) for every use case that changes something or reads the trail."""
    guide = guide_for(context, "就业登记")
    number = deferred_number(context)
    csv_file = tmp_path / "calendar.csv"
    csv_file.write_text("date,kind,name\n2027-01-01,holiday,元旦\n", encoding="utf-8")
    licences = tmp_path / "licences.csv"
    licences.write_text(
        "type_code,number,holder_id,holder_name,issuer,issued_on,valid_until,status\n", encoding="utf-8"
    )
    data_dir = context.paths.data_dir
    today = date(2026, 10, 9)
    typed = disclosure_form(arrived_on=today)
    with acting_as(context, CLERK):
        gk = disclosure.register_request(context.uow(write=True), typed, prefix="PS", today=today).number
    return {
        "submit_intake": (
            {P.INTAKE},
            lambda: submit_intake(
                context.uow(write=True),
                request(guide, Decision.ACCEPT),
                settings=SETTINGS,
                calendar=context.calendar,
            ),
        ),
        "submit_bundle": (
            {P.INTAKE},
            lambda: submit_bundle(
                context.uow(write=True),
                BundleRequest("veteran", PERSON, ()),
                settings=SETTINGS,
                calendar=context.calendar,
            ),
        ),
        "produce_documents": (
            {P.INTAKE},
            lambda: produce_documents(context.uow(write=True), number, data_dir=data_dir, settings=SETTINGS),
        ),
        "daily_close": (
            {P.INTAKE},
            lambda: reports.daily_close(
                context.uow(write=True), day=date(2026, 9, 30), settings=SETTINGS, data_dir=data_dir
            ),
        ),
        "record_supplement": (
            {P.FOLLOW_UP},
            lambda: followup.record_supplement(
                context.uow(write=True), number, ["nothing"], on=today, channel=Channel.ON_SITE, today=today
            ),
        ),
        "terminate_case": (
            {P.FOLLOW_UP},
            lambda: followup.terminate_case(context.uow(write=True), number, today=today),
        ),
        "withdraw_case": (
            {P.FOLLOW_UP},
            lambda: followup.withdraw_case(context.uow(write=True), number, today=today),
        ),
        "record_reminders": (
            {P.FOLLOW_UP},
            lambda: followup.record_reminders(context.uow(write=True), [number], method="phone"),
        ),
        "followup_document": (
            {P.FOLLOW_UP},
            lambda: followup_documents.produce_followup_document(
                context.uow(write=True),
                number,
                DocumentKind.CASE_HISTORY,
                data_dir=data_dir,
                settings=SETTINGS,
            ),
        ),
        "reminder_batch": (
            {P.FOLLOW_UP},
            lambda: followup_documents.reminder_batch(
                context.uow(write=True), [number], data_dir=data_dir, settings=SETTINGS
            ),
        ),
        # asked for and approved by the same (signed-in) person: they need both
        "extend_deadline": (
            {P.FOLLOW_UP, P.APPROVE_EXTENSION},
            lambda: followup.extend_deadline(
                context.uow(write=True),
                number,
                date(2026, 10, 30),
                "台风",
                approver=context.principal,
                today=today,
            ),
        ),
        "reveal_id": ({P.REVEAL_PERSONAL_DATA}, lambda: reveal_id(context.uow(write=True), number)),
        "save_hall": (
            {P.SETTINGS},
            lambda: save_hall(context.uow(write=True), HallSettings(hall_name="坪山区政务服务中心（测试）")),
        ),
        "save_station_settings": (
            {P.SETTINGS},
            lambda: save_station_settings(context.uow(write=True), data_dir, StationSettings(window="09")),
        ),
        "set_day": (
            {P.CALENDAR},
            lambda: calendar.set_day(context.uow(write=True), date(2026, 12, 31), "holiday", "测试"),
        ),
        "import_year_csv": (
            {P.CALENDAR},
            lambda: calendar.import_year_csv(context.uow(write=True), csv_file),
        ),
        "load_catalogue": (
            {P.CATALOGUE},
            lambda: catalogue.load_catalogue(
                context.uow(write=True), context.paths.catalogue_dir, force=True
            ),
        ),
        "import_licences": ({P.LICENCES}, lambda: import_licences(context.uow(write=True), licences)),
        "export_cases": (
            {P.EXPORT_CASES},
            lambda: export.export_cases(
                context.uow(write=True), tmp_path / "x.csv", since=date(2026, 9, 1), until=date(2026, 9, 30)
            ),
        ),
        "register_disclosure": (
            {P.DISCLOSURE},
            lambda: disclosure.register_request(context.uow(write=True), typed, prefix="PS", today=today),
        ),
        "disclosure_board": ({P.DISCLOSURE}, lambda: disclosure_views.board(context.uow(), today=today)),
        "disclosure_view": ({P.DISCLOSURE}, lambda: disclosure_views.view(context.uow(), gk, today=today)),
        "ask_disclosure_correction": (
            {P.DISCLOSURE},
            lambda: disclosure.ask_correction(context.uow(write=True), gk, ["写明年份"], today=today),
        ),
        "disclosure_fee_quote": (
            {P.DISCLOSURE},
            lambda: disclosure.fee_quote(context.uow(), gk, FeeMode.BY_PAGES, 40),
        ),
        # asked for and approved by the same (signed-in) person: they need both
        "extend_disclosure": (
            {P.DISCLOSURE, P.APPROVE_DISCLOSURE},
            lambda: disclosure.extend(
                context.uow(write=True), gk, 5, "涉及多个部门", approver=context.principal
            ),
        ),
        "approve_disclosure_reply": (
            {P.APPROVE_DISCLOSURE},
            lambda: disclosure.approve_reply(context.uow(write=True), gk, today=today),
        ),
        "return_disclosure_reply": (
            {P.APPROVE_DISCLOSURE},
            lambda: disclosure.return_reply(context.uow(write=True), gk, "重写", today=today),
        ),
        "disclosure_document": (
            {P.DISCLOSURE},
            lambda: disclosure_documents.produce(
                context.uow(write=True), gk, DisclosureDocKind.RECEIPT, data_dir=data_dir, settings=SETTINGS
            ),
        ),
        "disclosure_report": ({P.DISCLOSURE}, lambda: disclosure_annual.annual_report(context.uow(), 2026)),
        "verify_audit": ({P.AUDIT_READ}, lambda: audit.verify_audit(context.uow(write=True))),
        "trail": ({P.AUDIT_READ}, lambda: audit.trail(context.uow())),
        "export_trail": (
            {P.AUDIT_READ},
            lambda: audit.export_trail(context.uow(write=True), tmp_path / "t.csv"),
        ),
    }


def run_all(cases) -> tuple[list[str], list[str]]:
    refused, allowed = [], []
    for name, (_needs, call) in cases.items():
        try:
            call()
        except AccessDenied:
            refused.append(name)
        except Exception:  # noqa: BLE001 - allowed through the gate; the use case's own rules may still say no
            allowed.append(name)
        else:
            allowed.append(name)
    return refused, allowed


@pytest.mark.parametrize("role", list(Role), ids=lambda r: r.value)
def test_every_use_case_against_every_role(ready_context, tmp_path, role):
    cases = use_cases(ready_context, tmp_path)
    ready_context.principal = Principal(f"{role.value}-user", f"{role.label}甲", role, "08")
    refused, allowed = run_all(cases)
    expected_refused = sorted(n for n, (needs, _c) in cases.items() if not needs <= PERMISSIONS[role])
    assert sorted(refused) == expected_refused
    assert len(refused) + len(allowed) == len(cases)
    assert allowed, "every role may do something"


def test_nobody_signed_in_is_refused_every_use_case(ready_context, tmp_path):
    """No principal is not the installation: not even the start-up's own rights."""
    cases = use_cases(ready_context, tmp_path)
    ready_context.principal = None
    for _needs, call in cases.values():
        with pytest.raises(NotSignedIn, match="尚未登录"):
            call()


def test_a_supervisor_never_approves_an_extension_of_their_own_case(ready_context):
    boss = Principal("zhao.liu", "赵六", Role.SUPERVISOR, "08")
    number = deferred_number(ready_context, clerk=boss)  # the supervisor served at the counter and took it in

    def extend(approver):
        return followup.extend_deadline(
            ready_context.uow(write=True),
            number,
            date(2026, 10, 30),
            "台风",
            approver=approver,
            today=date(2026, 10, 9),
        )

    with pytest.raises(AccessDenied, match="本人"):
        extend(boss)  # requested by the clerk signed in, approved by the supervisor whose case it is
    with pytest.raises(AccessDenied, match="本人"):
        extend(Principal(" Zhao.Liu ", "赵六", Role.SUPERVISOR, ""))  # the same account, however spelt
    # another supervisor may — even one with the same display name: accounts are compared, not names
    namesake = Principal("zhao.liu2", "赵六", Role.SUPERVISOR, "")
    assert extend(namesake).deadline == date(2026, 10, 30)
