"""A case keeps the guide it was decided under: its detail, reprints and follow-up notices show that
version's place, phones, limits and materials after the matter changed; intake from a guide read before
a change is refused."""

from __future__ import annotations

import dataclasses
import json
from datetime import date, datetime

import pytest
from sqlalchemy import func, select

from hallapp.printing.model import DocumentKind
from hallapp.services.cases import case_detail
from hallapp.services.documents import case_document_data, produce_documents
from hallapp.services.followup_documents import produce_followup_document
from hallapp.services.intake import Decision, IntakeError, submit_intake
from hallapp.services.settings import CounterSettings
from hallapp.store import case_repo
from hallapp.store.case_models import AuditEvent, Case
from hallapp.store.db import UnitOfWork
from hallapp.store.guide_versions import guide_at
from tests.people import SUPERVISOR, acting_as
from tests.printing.pdfcheck import squeeze, text
from tests.services.catalogue_change import change_catalogue, shipped
from tests.services.intake_helpers import all_received, request, with_deferred

SETTINGS = CounterSettings(window="08", clerk="李四", case_prefix="PS")
AT = datetime(2026, 9, 30, 10, 15)
NEW_PLACE = "坪山区政务服务中心新址(坪山区东纵路1号)二楼"
NEW_PHONE = "0755-2833 9999"
OLD = shipped("创业培训补贴申领")  # a promised matter (15 working days), deferrable


def changed(guide):
    """The guide as an administrator changed it: new place, window, phones, a shorter limit, one
    material fewer."""
    return dataclasses.replace(
        guide,
        place=NEW_PLACE,
        windows="C01 综合窗口",
        phones=(NEW_PHONE,),
        promised_limit_days=guide.promised_limit_days - 5,
        materials=guide.materials[:-1],
    )


def submit(context, req, at=AT):
    return submit_intake(context.uow(write=True), req, settings=SETTINGS, calendar=context.calendar, now=at)


def stored_version(context, number) -> int | None:
    with context.uow() as uow:
        return case_repo.case_by_number(uow.session, number).guide_version


def documents_of(context, number, kinds):
    with context.uow() as uow:
        case = case_repo.case_by_number(uow.session, number)
        return case_document_data(uow.session, case, kinds, settings=SETTINGS)


def count_cases(context) -> int:
    with context.uow() as uow:
        return uow.session.execute(select(func.count()).select_from(Case)).scalar_one()


def test_a_case_records_the_version_it_was_decided_under_and_its_event_carries_it(ready_context):
    result = submit(ready_context, request(OLD, Decision.ACCEPT))
    assert stored_version(ready_context, result.number) == 1
    change_catalogue(ready_context, [changed(OLD)])
    later = submit(ready_context, request(changed(OLD), Decision.ACCEPT, all_received(changed(OLD))))
    assert stored_version(ready_context, later.number) == 2
    with ready_context.uow() as uow:
        detail = uow.session.execute(
            select(AuditEvent.detail).where(
                AuditEvent.object_id == later.number, AuditEvent.action == "case.accepted"
            )
        ).scalar_one()
    assert json.loads(detail)["case"]["guide_version"] == 2  # the register check replays it


def test_receipt_and_reprint_keep_version_1_after_the_matter_changed(ready_context):
    result = submit(ready_context, request(OLD, Decision.ACCEPT))
    produce_documents(
        ready_context.uow(write=True), result.number, data_dir=ready_context.paths.data_dir, settings=SETTINGS
    )
    assert change_catalogue(ready_context, [changed(OLD)]) == {OLD.code: 2}

    (receipt,) = documents_of(ready_context, result.number, [DocumentKind.RECEIPT])
    assert receipt.place == f"{OLD.place} {OLD.windows}"
    assert receipt.phones == "；".join(OLD.phones)
    assert receipt.promised_days == OLD.promised_limit_days == 15

    (copy,) = produce_documents(
        ready_context.uow(write=True),
        result.number,
        data_dir=ready_context.paths.data_dir,
        settings=SETTINGS,
        copy=True,
    )
    content = text(copy.path.read_bytes())
    assert squeeze(OLD.phones[0]) in content and squeeze("B05–B08") in content
    assert squeeze(NEW_PHONE) not in content and squeeze("东纵路") not in content
    assert "15个工作日" in content


def test_a_case_decided_after_the_change_prints_the_new_guide(ready_context):
    change_catalogue(ready_context, [changed(OLD)])
    new = changed(OLD)
    result = submit(ready_context, request(new, Decision.ACCEPT, all_received(new)))
    (receipt,) = documents_of(ready_context, result.number, [DocumentKind.RECEIPT])
    assert receipt.place == f"{NEW_PLACE} C01 综合窗口" and receipt.phones == NEW_PHONE
    assert receipt.promised_days == 10


def test_the_detail_shows_the_version_and_its_materials_and_limits(ready_context):
    result = submit(ready_context, request(OLD, Decision.ACCEPT))
    change_catalogue(ready_context, [changed(OLD)])
    detail = case_detail(ready_context.uow(), result.number)
    assert (detail.guide_version, detail.current_version) == (1, 2)
    assert detail.guide_label == "第 1 版（现行第 2 版）"
    assert detail.guide == OLD  # materials, limits, place and phones as they were
    assert [m.name for m in detail.guide.materials] == [m.name for m in OLD.materials]
    assert len(changed(OLD).materials) == len(OLD.materials) - 1


def test_a_follow_up_notice_of_a_deferred_case_uses_its_version(ready_context):
    result = submit(ready_context, request(OLD, Decision.DEFER, with_deferred(OLD), commitment_signed=True))
    change_catalogue(ready_context, [changed(OLD)])
    with acting_as(ready_context, SUPERVISOR):
        for kind in (DocumentKind.REMINDER, DocumentKind.TERMINATION):
            notice = produce_followup_document(
                ready_context.uow(write=True),
                result.number,
                kind,
                data_dir=ready_context.paths.data_dir,
                settings=SETTINGS,
                today=date(2026, 10, 14),
            )
            content = text(notice.path.read_bytes())
            assert squeeze(OLD.phones[0]) in content, kind
            assert squeeze(NEW_PHONE) not in content and squeeze("东纵路") not in content, kind


def test_a_case_from_before_versions_were_kept_uses_todays_guide(ready_context):
    result = submit(ready_context, request(OLD, Decision.ACCEPT))
    with UnitOfWork(ready_context.engine) as uow:  # as migration 0014 left the cases before it
        case = case_repo.case_by_number(uow.session, result.number)
        case.guide_version = None
        uow.session.add(case)
        uow.commit()
    change_catalogue(ready_context, [changed(OLD)])
    (receipt,) = documents_of(ready_context, result.number, [DocumentKind.RECEIPT])
    assert receipt.phones == NEW_PHONE and receipt.promised_days == 10
    detail = case_detail(ready_context.uow(), result.number)
    assert detail.guide_version is None and detail.guide == changed(OLD)
    assert "现行" in detail.guide_label


def test_intake_from_a_guide_read_before_a_change_is_refused_and_stores_nothing(ready_context):
    with ready_context.uow() as uow:
        assert guide_at(uow.session, OLD.code, 1) == OLD
    change_catalogue(ready_context, [changed(OLD)])
    before = count_cases(ready_context)
    with pytest.raises(IntakeError) as refused:
        submit(ready_context, request(OLD, Decision.ACCEPT, guide_version=1))
    (problem,) = refused.value.problems
    assert problem.startswith(f"事项「{OLD.name}」的办事指南已于")
    assert "第 1 版→第 2 版" in problem and problem.endswith("请重新打开事项核对材料")
    assert count_cases(ready_context) == before
    with ready_context.uow() as uow:  # no number used up either
        assert not uow.session.execute(select(AuditEvent).where(AuditEvent.action == "case.accepted")).first()

    new = changed(OLD)
    result = submit(ready_context, request(new, Decision.ACCEPT, all_received(new), guide_version=2))
    assert stored_version(ready_context, result.number) == 2
