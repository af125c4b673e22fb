"""Bundle cases read back (issue 10 §4): found by the bundle's number, named in Chinese, and counted as
printed once the bundle's one receipt is archived."""

from datetime import datetime

from hallapp.printing.model import DocumentKind
from hallapp.services.bundle_intake import submit_bundle
from hallapp.services.cases import case_detail, todays_cases, unprinted_cases
from hallapp.services.documents import produce_bundle_documents, produce_documents
from hallapp.services.intake_inputs import BundleRequest, MaterialInput
from tests.services.intake_helpers import PERSON
from tests.services.test_bundle_intake import SETTINGS, everything, shared_lines


def take_in(context, *, refuse_one: bool = False):
    """A 退役军人 bundle taken in now; ``refuse_one``: one matter's own material is missing."""
    _bundle, _guides, checklist = shared_lines(context, "veteran")
    materials = list(everything(checklist))
    if refuse_one:
        own = next(
            i
            for i, line in enumerate(checklist.shared)
            if len(line.used_by) == 1 and line.requirement.required
        )
        materials[own] = MaterialInput()
    return submit_bundle(
        context.uow(write=True),
        BundleRequest("veteran", PERSON, tuple(materials)),
        settings=SETTINGS,
        calendar=context.calendar,
        now=datetime.now(),
    )


def print_bundle(context, reference):
    return produce_bundle_documents(
        context.uow(write=True), reference, data_dir=context.paths.data_dir, settings=SETTINGS
    )


def test_the_bundle_number_finds_all_its_cases_and_each_names_its_bundle_in_chinese(ready_context):
    result = take_in(ready_context)
    bundle, _guides, _checklist = shared_lines(ready_context, "veteran")
    found = todays_cases(ready_context.uow(), window=None, text=result.reference)
    assert {row.number for row in found} == {case.number for _name, case in result.cases}
    assert {row.bundle_ref for row in found} == {result.reference}
    assert {row.bundle_name for row in found} == {bundle.name} and bundle.name != "veteran"
    assert todays_cases(ready_context.uow(), window=None, text=result.reference[-4:])  # part of it too
    detail = case_detail(ready_context.uow(), result.cases[-1][1].number)
    assert detail.row.bundle_ref == result.reference and detail.row.bundle_name == bundle.name


def test_a_bundle_never_printed_is_listed_once_as_the_bundle(ready_context):
    result = take_in(ready_context)
    rows = unprinted_cases(ready_context.uow())
    assert len(rows) == 1
    (row,) = rows
    assert row.is_bundle and row.number == result.reference and row.matter_name == row.bundle_name


def test_cases_covered_by_the_bundles_receipt_are_not_listed_as_unprinted(ready_context):
    result = take_in(ready_context)
    print_bundle(ready_context, result.reference)
    assert unprinted_cases(ready_context.uow()) == []  # the receipt holds every accepted case


def test_a_refused_case_of_a_printed_bundle_without_its_own_notice_is_listed_alone(ready_context):
    result = take_in(ready_context, refuse_one=True)
    refused = next(case.number for _name, case in result.cases if "G" in case.number)
    print_bundle(ready_context, result.reference)
    assert unprinted_cases(ready_context.uow()) == []
    # As if the PC stopped after the receipt and before the one-time notice: delete the notice's record.
    from sqlalchemy import delete, select

    from hallapp.store.case_models import Case, CaseDocument

    with ready_context.uow(write=True) as uow:
        case_id = uow.session.execute(select(Case.id).where(Case.notice_number == refused)).scalar_one()
        uow.session.execute(
            delete(CaseDocument).where(
                CaseDocument.case_id == case_id, CaseDocument.kind == DocumentKind.ONE_TIME_NOTICE.name
            )
        )
        uow.commit()
    rows = unprinted_cases(ready_context.uow())
    assert [(row.number, row.is_bundle) for row in rows] == [(refused, False)]
    produce_documents(
        ready_context.uow(write=True), refused, data_dir=ready_context.paths.data_dir, settings=SETTINGS
    )
    assert unprinted_cases(ready_context.uow()) == []
