"""The audit administrator reads and exports the trail, clerks cannot; revealing an ID is audited."""

import csv
from datetime import datetime

import pytest

from hallapp.domain.access import AccessDenied, NotSignedIn
from hallapp.services.audit import export_trail, trail, verify_audit
from hallapp.services.cases import reveal_id
from hallapp.services.intake import Decision, submit_intake
from hallapp.services.settings import CounterSettings
from tests.people import ADMIN, AUDITOR, CLERK, SUPERVISOR, acting_as
from tests.services.intake_helpers import guide_for, request, resident_id

SETTINGS = CounterSettings(window="08", clerk="李四", case_prefix="PS")


def a_case(context):
    guide = guide_for(context, "就业登记")
    return submit_intake(
        context.uow(write=True),
        request(guide, Decision.ACCEPT),
        settings=SETTINGS,
        calendar=context.calendar,
        now=datetime(2026, 9, 30, 10),
    ).number


def test_auditor_browses_and_exports_the_trail_and_a_clerk_cannot(ready_context, tmp_path):
    a_case(ready_context)
    for someone in (None, CLERK, SUPERVISOR, ADMIN):
        ready_context.principal = someone
        with pytest.raises(AccessDenied):
            trail(ready_context.uow())
        with pytest.raises(AccessDenied):
            export_trail(ready_context.uow(write=True), tmp_path / "trail.csv")
        with pytest.raises(AccessDenied):
            verify_audit(ready_context.uow(write=True))
    assert not (tmp_path / "trail.csv").exists()
    ready_context.principal = AUDITOR
    newest = trail(ready_context.uow())
    assert newest and newest[0].seq > newest[-1].seq
    rows = export_trail(ready_context.uow(write=True), tmp_path / "trail.csv")
    lines = list(csv.reader((tmp_path / "trail.csv").read_text(encoding="utf-8-sig").splitlines()))
    assert len(lines) == rows + 1 and lines[0][0] == "序号"
    latest = trail(ready_context.uow())[0]
    assert (latest.actor, latest.action) == ("qian.qi", "audit.export")  # the export is in the trail itself
    assert verify_audit(ready_context.uow(write=True)).ok


def test_revealing_an_id_needs_the_permission_and_is_audited_without_the_number(ready_context):
    number = a_case(ready_context)
    for someone in (None, CLERK, ADMIN, AUDITOR):
        with acting_as(ready_context, someone), pytest.raises(AccessDenied) as caught:
            reveal_id(ready_context.uow(write=True), number)
        assert isinstance(caught.value, NotSignedIn) is (someone is None)
    with acting_as(ready_context, SUPERVISOR):
        assert reveal_id(ready_context.uow(write=True), number) == resident_id()
    ready_context.principal = AUDITOR
    reveals = [e for e in trail(ready_context.uow()) if e.action == "personal_data.reveal"]
    assert [(e.actor, e.object_id) for e in reveals] == [("zhao.liu", number)]  # refusals reveal nothing
    assert resident_id() not in reveals[0].detail
