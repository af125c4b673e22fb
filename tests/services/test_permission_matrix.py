"""Every use case against every role: the service layer itself refuses what a role may not do."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from hallapp.domain.access import PERMISSIONS, AccessDenied, Permission, Principal, Role
from hallapp.domain.lifecycle import Channel
from hallapp.licences.local import import_licences
from hallapp.printing.model import DocumentKind
from hallapp.services import audit, calendar, catalogue, export, followup, followup_documents, reports
from hallapp.services.bundle_intake import submit_bundle
from hallapp.services.documents import produce_documents
from hallapp.services.intake import Decision, MaterialInput, submit_intake
from hallapp.services.intake_inputs import BundleRequest
from hallapp.services.settings import CounterSettings, save_settings
from tests.services.intake_helpers import PERSON, all_received, guide_for, request

SETTINGS = CounterSettings(window="08", clerk="李四", case_prefix="PS")


def deferred_number(context) -> str:
    guide = guide_for(context, "创业培训补贴申领")
    materials = list(all_received(guide))
    materials[next(i for i, m in enumerate(guide.materials_for({})) if m.deferrable)] = MaterialInput(
        deferred=True
    )
    saved, context.principal = context.principal, None  # made by the installation, not by the role under test
    try:
        return submit_intake(
            context.uow(write=True),
            request(guide, Decision.DEFER, tuple(materials), commitment_signed=True),
            settings=SETTINGS,
            calendar=context.calendar,
            now=datetime(2026, 9, 30, 10),
        ).number
    finally:
        context.principal = saved


def use_cases(context, tmp_path):
    """(permission, call) for every use case that changes something or reads the trail."""
    guide = guide_for(context, "就业登记")
    number = deferred_number(context)
    csv_file = tmp_path / "calendar.csv"
    csv_file.write_text("date,kind,name\n2027-01-01,holiday,元旦\n", encoding="utf-8")
    licences = tmp_path / "licences.csv"
    licences.write_text(
        "type_code,number,holder_id,holder_name,issuer,issued_on,valid_until,status\n", encoding="utf-8"
    )
    data_dir = context.paths.data_dir
    return {
        "submit_intake": (
            Permission.INTAKE,
            lambda: submit_intake(
                context.uow(write=True),
                request(guide, Decision.ACCEPT),
                settings=SETTINGS,
                calendar=context.calendar,
            ),
        ),
        "submit_bundle": (
            Permission.INTAKE,
            lambda: submit_bundle(
                context.uow(write=True),
                BundleRequest("veteran", PERSON, ()),
                settings=SETTINGS,
                calendar=context.calendar,
            ),
        ),
        "produce_documents": (
            Permission.INTAKE,
            lambda: produce_documents(
                context.uow(write=True), number, data_dir=data_dir, settings=SETTINGS, actor="x"
            ),
        ),
        "daily_close": (
            Permission.INTAKE,
            lambda: reports.daily_close(
                context.uow(write=True),
                day=date(2026, 9, 30),
                settings=SETTINGS,
                data_dir=data_dir,
                actor="x",
            ),
        ),
        "record_supplement": (
            Permission.FOLLOW_UP,
            lambda: followup.record_supplement(
                context.uow(write=True),
                number,
                ["nothing"],
                on=date(2026, 10, 9),
                channel=Channel.ON_SITE,
                actor="x",
                today=date(2026, 10, 9),
            ),
        ),
        "terminate_case": (
            Permission.FOLLOW_UP,
            lambda: followup.terminate_case(
                context.uow(write=True), number, actor="x", today=date(2026, 10, 9)
            ),
        ),
        "withdraw_case": (
            Permission.FOLLOW_UP,
            lambda: followup.withdraw_case(
                context.uow(write=True), number, actor="x", today=date(2026, 10, 9)
            ),
        ),
        "record_reminders": (
            Permission.FOLLOW_UP,
            lambda: followup.record_reminders(context.uow(write=True), [number], method="phone", actor="x"),
        ),
        "followup_document": (
            Permission.FOLLOW_UP,
            lambda: followup_documents.produce_followup_document(
                context.uow(write=True),
                number,
                DocumentKind.CASE_HISTORY,
                data_dir=data_dir,
                settings=SETTINGS,
                actor="x",
            ),
        ),
        "reminder_batch": (
            Permission.FOLLOW_UP,
            lambda: followup_documents.reminder_batch(
                context.uow(write=True), [number], data_dir=data_dir, settings=SETTINGS, actor="x"
            ),
        ),
        "extend_deadline": (
            Permission.APPROVE_EXTENSION,
            lambda: followup.extend_deadline(
                context.uow(write=True),
                number,
                date(2026, 10, 30),
                "台风",
                approved_by="x",
                supervisor=False,
                actor="x",
                today=date(2026, 10, 9),
            ),
        ),
        "save_settings": (
            Permission.SETTINGS,
            lambda: save_settings(context.uow(write=True), SETTINGS, actor="x"),
        ),
        "set_day": (
            Permission.CALENDAR,
            lambda: calendar.set_day(
                context.uow(write=True), date(2026, 12, 31), "holiday", "测试", actor="x"
            ),
        ),
        "import_year_csv": (
            Permission.CALENDAR,
            lambda: calendar.import_year_csv(context.uow(write=True), csv_file, actor="x"),
        ),
        "load_catalogue": (
            Permission.CATALOGUE,
            lambda: catalogue.load_catalogue(
                context.uow(write=True), context.paths.catalogue_dir, force=True
            ),
        ),
        "import_licences": (Permission.LICENCES, lambda: import_licences(context.uow(write=True), licences)),
        "export_cases": (
            Permission.EXPORT_CASES,
            lambda: export.export_cases(
                context.uow(write=True),
                tmp_path / "x.csv",
                since=date(2026, 9, 1),
                until=date(2026, 9, 30),
                actor="x",
            ),
        ),
        "verify_audit": (Permission.AUDIT_READ, lambda: audit.verify_audit(context.uow(write=True))),
    }


@pytest.mark.parametrize("role", list(Role), ids=lambda r: r.value)
def test_every_use_case_against_every_role(ready_context, tmp_path, role):
    cases = use_cases(ready_context, tmp_path)
    ready_context.principal = Principal(f"{role.value}-user", f"{role.label}甲", role, "08")
    refused, allowed = [], []
    for name, (permission, call) in cases.items():
        try:
            call()
        except AccessDenied:
            refused.append(name)
        except Exception:  # noqa: BLE001 - allowed through the gate; the use case's own rules may still say no
            allowed.append(name)
        else:
            allowed.append(name)
    expected_refused = sorted(n for n, (p, _c) in cases.items() if p not in PERMISSIONS[role])
    assert sorted(refused) == expected_refused
    assert len(refused) + len(allowed) == len(cases)


def test_a_supervisor_never_approves_an_extension_of_their_own_case(ready_context):
    number = deferred_number(ready_context)  # taken in by 李四 (SETTINGS.clerk)
    ready_context.principal = Principal("lisi", "李四", Role.SUPERVISOR, "08")
    with pytest.raises(AccessDenied, match="本人"):
        followup.extend_deadline(
            ready_context.uow(write=True),
            number,
            date(2026, 10, 30),
            "台风",
            approved_by="李四",
            supervisor=True,
            actor="李四",
            today=date(2026, 10, 9),
        )
    ready_context.principal = Principal("wangke", "王科长", Role.SUPERVISOR, "")
    result = followup.extend_deadline(
        ready_context.uow(write=True),
        number,
        date(2026, 10, 30),
        "台风",
        approved_by="ignored",
        supervisor=False,
        actor="王科长",
        today=date(2026, 10, 9),
    )
    assert result.deadline == date(2026, 10, 30)
