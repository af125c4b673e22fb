"""一件事一次办 at the counter: each material once, every matter decided, one receipt, all or nothing."""

from datetime import datetime

import pytest
from sqlalchemy import func, select

from hallapp.domain.bundles import BundleChecklist
from hallapp.printing.model import DocumentKind
from hallapp.services.bundle_intake import submit_bundle
from hallapp.services.catalogue import get_bundle
from hallapp.services.documents import produce_bundle_documents
from hallapp.services.intake_inputs import BundleRequest, Decision, IntakeError, MaterialInput
from hallapp.services.settings import CounterSettings
from hallapp.store.case_models import AuditEvent, Case
from tests.printing.pdfcheck import squeeze, text
from tests.services.intake_helpers import PERSON

SETTINGS = CounterSettings(window="08", clerk="李四", case_prefix="PS")
AT = datetime(2026, 9, 30, 10, 15)


def shared_lines(context, code):
    bundle, guides = get_bundle(context.uow(), code)
    return bundle, guides, BundleChecklist.start(bundle, guides)


def everything(checklist):
    return tuple(
        MaterialInput(
            original_seen=c.requirement.originals > 0,
            copies=c.requirement.copies or (0 if c.requirement.originals else 1),
        )
        for c in checklist.checks
    )


def submit(context, request):
    return submit_bundle(
        context.uow(write=True), request, settings=SETTINGS, calendar=context.calendar, now=AT
    )


def count_cases(context):
    with context.uow() as uow:
        return uow.session.execute(select(func.count()).select_from(Case)).scalar_one()


def test_bundles_are_found_like_matters(ready_context):
    hit = ready_context.search.search("新生儿出生")[0]
    assert hit.is_bundle and hit.name == "新生儿出生一件事"
    assert ready_context.search.search("xsecs")[0].is_bundle


def test_every_matter_gets_its_own_case_and_one_receipt_lists_them(ready_context):
    bundle, guides, checklist = shared_lines(ready_context, "veteran")
    total = sum(len(g.materials_for({})) for g in guides)
    assert len(checklist.checks) < total  # shared materials asked once
    result = submit(ready_context, BundleRequest("veteran", PERSON, everything(checklist)))
    assert len(result.cases) == len(guides) == count_cases(ready_context)
    numbers = [case.number for _name, case in result.cases]
    assert len(set(numbers)) == len(numbers) and all(n.startswith("PS2026") for n in numbers)
    assert result.reference.startswith("PS2026B")
    documents = produce_bundle_documents(
        ready_context.uow(write=True),
        result.reference,
        data_dir=ready_context.paths.data_dir,
        settings=SETTINGS,
    )
    assert documents[0].kind is DocumentKind.BUNDLE_RECEIPT
    content = text(documents[0].path.read_bytes())
    assert result.reference in content and squeeze(bundle.name) in content
    for name, case in result.cases:
        assert squeeze(name) in content and case.number in content
    with ready_context.uow() as uow:
        stored = uow.session.execute(select(Case).order_by(Case.id)).scalars().all()
        assert {c.clerk_username for c in stored} == {"zhang.san"}
        events = uow.session.execute(select(AuditEvent).where(AuditEvent.object_type == "bundle")).scalars()
        assert [(e.actor, e.action) for e in events] == [
            ("zhang.san", "bundle.submit"),
            ("zhang.san", "document.print"),
        ]


def test_a_matter_missing_its_own_material_is_refused_while_the_others_are_accepted(ready_context):
    _bundle, _guides, checklist = shared_lines(ready_context, "veteran")
    own = next(
        i for i, line in enumerate(checklist.shared) if len(line.used_by) == 1 and line.requirement.required
    )
    materials = list(everything(checklist))
    materials[own] = MaterialInput()
    result = submit(ready_context, BundleRequest("veteran", PERSON, tuple(materials)))
    decisions = [case.decision for _name, case in result.cases]
    assert decisions.count(Decision.REFUSE) == 1 and len(decisions) > 1  # the others go ahead
    refused = next(case for _name, case in result.cases if case.decision is Decision.REFUSE)
    assert "G" in refused.number  # a notice number, not a case number
    documents = produce_bundle_documents(
        ready_context.uow(write=True),
        result.reference,
        data_dir=ready_context.paths.data_dir,
        settings=SETTINGS,
    )
    assert [d.kind for d in documents] == [DocumentKind.BUNDLE_RECEIPT, DocumentKind.ONE_TIME_NOTICE]


def test_bad_input_stores_none_of_the_bundles_cases(ready_context):
    _bundle, _guides, checklist = shared_lines(ready_context, "veteran")
    with pytest.raises(IntakeError, match="材料清单"):
        submit(ready_context, BundleRequest("veteran", PERSON, everything(checklist)[:-1]))
    with pytest.raises(IntakeError, match="一件事"):
        submit(ready_context, BundleRequest("nope", PERSON, everything(checklist)))
    assert count_cases(ready_context) == 0


def test_a_promised_date_reads_as_on_every_paper_without_leading_zeros():
    from datetime import date

    from hallapp.services.bundle_intake import promised_words

    assert promised_words(date(2026, 12, 8), False) == "2026年12月8日"
    assert promised_words(date(2027, 1, 4), True) == "2027年1月4日（待核实）"
