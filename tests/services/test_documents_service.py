from datetime import datetime

import pytest

from hallapp.domain.access import AccessDenied
from hallapp.domain.identity import mask_id
from hallapp.printing.model import DocumentKind
from hallapp.services.cases import case_detail
from hallapp.services.documents import DocumentError, produce_documents
from hallapp.services.intake import Decision, MaterialInput, submit_intake
from hallapp.services.settings import CounterSettings
from hallapp.store import case_repo
from tests.people import ADMIN, AUDITOR, CLERK, SUPERVISOR, acting_as, create_accounts
from tests.printing.pdfcheck import fonts, squeeze, text
from tests.services.intake_helpers import guide_for, request, resident_id, with_deferred

SETTINGS = CounterSettings(window="08", clerk="李四", case_prefix="PS")
AT = datetime(2026, 9, 30, 10, 15)


def submit(context, req):
    return submit_intake(context.uow(write=True), req, settings=SETTINGS, calendar=context.calendar, now=AT)


def produce(context, number, **options):
    return produce_documents(
        context.uow(write=True),
        number,
        data_dir=context.paths.data_dir,
        settings=SETTINGS,
        **options,
    )


def printed_by(context, number) -> list[tuple[bool, str]]:
    """(is a copy, account that printed it) of each of a case's documents."""
    with context.uow() as uow:
        case = case_repo.case_by_number(uow.session, number)
        return [(d.is_copy, d.created_by) for d in case_repo.documents_of(uow.session, case.id)]


def test_receipt_of_an_accepted_case_is_archived_with_masked_personal_data(ready_context):
    guide = guide_for(ready_context, "就业登记")
    result = submit(ready_context, request(guide, Decision.ACCEPT))
    (doc,) = produce(ready_context, result.number)
    assert printed_by(ready_context, result.number) == [(False, "zhang.san")]
    assert doc.kind is DocumentKind.RECEIPT and doc.path.is_file()
    assert doc.path.is_relative_to(ready_context.paths.data_dir / "archive")
    content = text(doc.path.read_bytes())
    for expected in (result.number, "就业登记", mask_id(resident_id()), "138****5678", "08", "李四"):
        assert squeeze(expected) in content
    assert resident_id() not in content and "13812345678" not in content
    assert all(f.embedded for f in fonts(doc.path.read_bytes()))


def test_deferred_case_gets_commitment_and_notice_with_material_and_deadline(ready_context):
    guide = guide_for(ready_context, "创业培训补贴申领")
    result = submit(
        ready_context, request(guide, Decision.DEFER, with_deferred(guide), commitment_signed=True)
    )
    documents = produce(ready_context, result.number)
    assert [d.kind for d in documents] == [DocumentKind.DEFERRAL_COMMITMENT, DocumentKind.DEFERRAL_NOTICE]
    deferred_name = next(m.name for m in guide.materials_for({}) if m.deferrable)
    for document in documents:
        content = text(document.path.read_bytes())
        assert result.number in content
        assert squeeze(deferred_name) in content
        assert "2026年10月13日" in content or "2026-10-13" in content


def test_one_time_notice_lists_everything_missing(ready_context):
    guide = guide_for(ready_context, "就业登记")
    result = submit(
        ready_context,
        request(guide, Decision.REFUSE, tuple(MaterialInput() for _ in guide.materials_for({}))),
    )
    (doc,) = produce(ready_context, result.number)
    content = text(doc.path.read_bytes())
    assert doc.kind is DocumentKind.ONE_TIME_NOTICE
    for material in guide.materials_for({}):
        if material.required:
            assert squeeze(material.name) in content
    notes = [m.notes for m in guide.materials_for({}) if m.required and m.notes]
    assert notes and not any(
        squeeze(n) in content for n in notes
    )  # the clerk's review notes stay at the desk


def test_reprint_is_the_same_document_marked_as_a_copy_and_recorded(ready_context):
    create_accounts(ready_context, CLERK, SUPERVISOR)
    guide = guide_for(ready_context, "就业登记")
    result = submit(ready_context, request(guide, Decision.ACCEPT))
    (original,) = produce(ready_context, result.number)
    with acting_as(ready_context, SUPERVISOR):  # another person at the counter reprints it
        (copy,) = produce(ready_context, result.number, copy=True)
    assert printed_by(ready_context, result.number) == [(False, "zhang.san"), (True, "zhao.liu")]
    assert copy.path != original.path and copy.is_copy
    first, second = text(original.path.read_bytes()), text(copy.path.read_bytes())
    assert "副本" in second and "副本" not in first
    assert result.number in second
    detail = case_detail(ready_context.uow(), result.number)
    assert [d.is_copy for d in detail.documents] == [False, True]
    assert [(e.actor, e.action) for e in detail.history] == [
        ("张三", "受理"),
        ("张三", "秒批办结"),
        ("张三", "生成文书"),
        ("赵六", "生成副本"),
    ]  # 就业登记 is 秒批; the history shows people's names, the records their accounts


@pytest.mark.parametrize("principal", [None, ADMIN, AUDITOR], ids=["nobody", "admin", "auditor"])
def test_only_the_counter_prints_documents(ready_context, principal):
    guide = guide_for(ready_context, "就业登记")
    result = submit(ready_context, request(guide, Decision.ACCEPT))
    with acting_as(ready_context, principal), pytest.raises(AccessDenied):
        produce(ready_context, result.number)
    assert printed_by(ready_context, result.number) == []
    assert not (ready_context.paths.data_dir / "archive").exists()


def test_no_document_for_a_case_that_does_not_exist(ready_context):
    with pytest.raises(DocumentError, match="没有编号"):
        produce(ready_context, "PS2026999999")
    assert not (ready_context.paths.data_dir / "archive").exists()


def test_a_deferred_case_whose_materials_all_came_in_still_reprints_its_commitment(ready_context):
    """Found by the robot clerk: after the last deferred material arrived the commitment and the notice
    had no material left to list and could not be printed again."""
    from datetime import date

    from hallapp.services.followup import Channel, record_supplement

    guide = guide_for(ready_context, "创业培训补贴申领")
    result = submit(
        ready_context, request(guide, Decision.DEFER, with_deferred(guide), commitment_signed=True)
    )
    produce(ready_context, result.number)
    deferred_name = next(m.name for m in guide.materials_for({}) if m.deferrable)
    record_supplement(
        ready_context.uow(write=True),
        result.number,
        [deferred_name],
        on=date(2026, 10, 9),
        channel=Channel.ON_SITE,
        today=date(2026, 10, 9),
    )
    copies = produce(ready_context, result.number, copy=True)
    assert [d.kind for d in copies] == [DocumentKind.DEFERRAL_COMMITMENT, DocumentKind.DEFERRAL_NOTICE]
    for document in copies:
        assert squeeze(deferred_name) in text(document.path.read_bytes())
