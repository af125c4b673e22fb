"""Limits of following a case: a supplement dated before the case or in the future, an extension of ten
years or with the reason "x", a deadline on a holiday — refused in plain words, nothing changed. And the
letters: an extension has its 延期通知书; a reminder letter never carries the hall's own note."""

from datetime import date

import pytest
from sqlalchemy import func, select

from hallapp.domain.lifecycle import Channel, IllegalTransition
from hallapp.printing.model import DocumentKind
from hallapp.services.documents import DocumentError
from hallapp.services.followup import extend_deadline, follow_up_of, record_reminders, record_supplement
from hallapp.services.followup_documents import produce_followup_document, reminder_batch
from hallapp.services.followup_rules import meaningful_characters, reason_problem
from hallapp.store import case_repo
from hallapp.store.case_models import CaseDocument, CaseExtension
from tests.people import SUPERVISOR
from tests.printing.pdfcheck import squeeze, text
from tests.services.test_followup import SETTINGS, deferred_case, events, stored

# deferred_case: received 2026-09-30, deadline 2026-10-13 (5 working days over National Day)
RECEIVED, DEADLINE = date(2026, 9, 30), date(2026, 10, 13)


def unchanged(context, number) -> tuple:
    """What a refused step must leave as it was: state, deadline, materials, extensions, events."""
    case, materials = stored(context, number)
    with context.uow() as uow:
        extensions = uow.session.execute(select(func.count()).select_from(CaseExtension)).scalar_one()
    return (
        case.state,
        case.deferral_deadline,
        [(m.outcome, m.deadline, m.arrived_on) for m in materials],
        extensions,
        events(context, number),
    )


def extend(context, number, new, reason="台风停工，无法按期补交", today=date(2026, 10, 12)):
    return extend_deadline(context.uow(write=True), number, new, reason, approver=SUPERVISOR, today=today)


@pytest.mark.parametrize(
    ("on", "today", "said"),
    [
        (date(2026, 9, 29), date(2026, 10, 9), "补交日期不能早于受理日期（2026-09-30）"),
        (date(2025, 1, 1), date(2026, 10, 9), "不能早于受理日期"),
        (date(2026, 10, 10), date(2026, 10, 9), "补交日期不能晚于今天"),
    ],
)
def test_a_supplement_dated_before_the_case_or_in_the_future_is_refused(ready_context, on, today, said):
    number, names = deferred_case(ready_context)
    before = unchanged(ready_context, number)
    with pytest.raises(IllegalTransition, match=said):
        record_supplement(
            ready_context.uow(write=True), number, names, on=on, channel=Channel.POST, today=today
        )
    assert unchanged(ready_context, number) == before


def test_a_supplement_on_the_day_of_receipt_is_taken(ready_context):
    number, names = deferred_case(ready_context)
    result = record_supplement(
        ready_context.uow(write=True), number, names, on=RECEIVED, channel=Channel.ON_SITE, today=RECEIVED
    )
    assert result.missing == ()


@pytest.mark.parametrize(
    ("new", "reason", "said"),
    [
        (date(2036, 10, 13), "台风停工，无法按期补交", "一次延期最多 30 个工作日：新期限最晚为 2026-11-24"),
        (date(2026, 10, 20), "x", "延期理由请写明原因，至少 2 个汉字或 4 个字母"),
        (date(2026, 10, 20), "xxxxxxxx", "至少 2 个汉字或 4 个字母"),
        (date(2026, 10, 20), "。。。。", "至少 2 个汉字或 4 个字母"),
        (date(2026, 10, 20), "  ", "请填写延期理由"),
        (date(2026, 10, 18), "台风停工，无法按期补交", "2026-10-18 不是工作日"),  # a Sunday
        (date(2026, 10, 13), "台风停工，无法按期补交", "新期限必须晚于原期限"),
    ],
    ids=["ten-years", "x", "xxxx", "dots", "blank", "sunday", "same-day"],
)
def test_an_extension_beyond_the_bounds_or_without_a_reason_changes_nothing(ready_context, new, reason, said):
    number, _names = deferred_case(ready_context)
    before = unchanged(ready_context, number)
    with pytest.raises(IllegalTransition, match=said):
        extend(ready_context, number, new, reason)
    assert unchanged(ready_context, number) == before


def test_extensions_together_stay_within_sixty_working_days(ready_context):
    calendar = ready_context.calendar
    number, _names = deferred_case(ready_context)
    first = calendar.add_working_days(DEADLINE, 30).date
    assert extend(ready_context, number, first).deadline == first  # the most one extension may give
    second = calendar.add_working_days(first, 30).date
    assert extend(ready_context, number, second, today=date(2026, 11, 2)).deadline == second
    beyond = calendar.add_working_days(second, 1).date
    with pytest.raises(IllegalTransition, match="延期累计最多 60 个工作日.*最初期限 2026-10-13"):
        extend(ready_context, number, beyond, today=date(2026, 11, 2))
    assert follow_up_of(ready_context.uow(), number).deadline == second


def test_reasons_must_say_something():
    assert meaningful_characters("台风停工") == 8 and meaningful_characters("x x x x") == 1
    assert reason_problem("台风停工") == "" and reason_problem("Road closed") == ""
    assert reason_problem("台风") == "" and reason_problem("病假") == ""  # two hanzi say enough
    assert (
        reason_problem("abc")
        and reason_problem("!!!!!!")
        and reason_problem("风")
        and reason_problem("风风风")
    )


def test_an_extension_gets_its_notice_archived_and_recorded(ready_context):
    number, (name,) = deferred_case(ready_context)
    extend(ready_context, number, date(2026, 10, 20), "台风停工，检测机构停业")
    doc = produce_followup_document(
        ready_context.uow(write=True),
        number,
        DocumentKind.EXTENSION_NOTICE,
        data_dir=ready_context.paths.data_dir,
        settings=SETTINGS,
        today=date(2026, 10, 12),
    )
    assert doc.path.is_file() and doc.path.is_relative_to(ready_context.paths.data_dir / "archive")
    content = text(doc.path.read_bytes())
    assert "延期通知书" in content and number in content and squeeze(name) in content
    assert "补交期限由2026年10月13日延长至2026年10月20日" in content
    assert "延期理由：台风停工，检测机构停业" in content
    assert "你于2026年9月30日申请办理" in content and "（单位）" not in content
    with ready_context.uow() as uow:
        case = case_repo.case_by_number(uow.session, number)
        kinds = [
            d.kind
            for d in uow.session.execute(
                select(CaseDocument).where(CaseDocument.case_id == case.id)
            ).scalars()
        ]
    assert kinds == ["EXTENSION_NOTICE"]
    assert events(ready_context, number)[-1] == ("zhang.san", "document.print")


def test_no_extension_notice_without_an_extension(ready_context):
    number, _names = deferred_case(ready_context)
    with pytest.raises(DocumentError, match="没有延期记录"):
        produce_followup_document(
            ready_context.uow(write=True),
            number,
            DocumentKind.EXTENSION_NOTICE,
            data_dir=ready_context.paths.data_dir,
            settings=SETTINGS,
        )


def test_the_halls_note_on_a_reminder_stays_off_the_letter(ready_context):
    number, (name,) = deferred_case(ready_context)
    note = "内部：申请人称材料在老家，态度不耐烦"
    record_reminders(ready_context.uow(write=True), [number], method="letter", note=note)
    batch = text(
        reminder_batch(
            ready_context.uow(write=True),
            [number],
            data_dir=ready_context.paths.data_dir,
            settings=SETTINGS,
            today=date(2026, 10, 9),
        ).read_bytes()
    )
    single = text(
        produce_followup_document(
            ready_context.uow(write=True),
            number,
            DocumentKind.REMINDER,
            data_dir=ready_context.paths.data_dir,
            settings=SETTINGS,
            note=note,
            today=date(2026, 10, 9),
        ).path.read_bytes()
    )
    for content in (batch, single):
        assert "催补通知" in content and squeeze(name) in content
        assert squeeze(note) not in content and "态度" not in content
