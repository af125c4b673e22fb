"""The service rating (好差评) through the counter session, on cases taken in as the counter does, with
the test people and the real 2026 holiday schedule: a rating once per service (a bundle once), a skip
recorded as 未评价, a bad rating followed up by the supervisor step by step, 回访整改率, the export in the
national data items read back with personal data masked, and every step audited."""

from __future__ import annotations

import csv
import json
from datetime import date, datetime

import pytest
from sqlalchemy import func, select

from hallapp.domain.access import AccessDenied
from hallapp.domain.errors import UserError
from hallapp.domain.lifecycle import IllegalTransition
from hallapp.domain.rating import Indicator, Level, RatingChannel, StepKind
from hallapp.services.changes import RATINGS
from hallapp.services.intake_inputs import BundleRequest, Decision
from hallapp.services.rating import RatingError
from hallapp.services.rating_export import EXPORT_HEADER
from hallapp.services.session import CounterSession
from hallapp.services.session_rating import RatingUseCases
from hallapp.store.case_models import AuditEvent
from hallapp.store.rating_models import RatingRecord, RatingStepRecord
from tests.people import ADMIN, CLERK, PASSWORD, SUPERVISOR, create_accounts
from tests.services.conftest import AT
from tests.services.intake_helpers import PERSON
from tests.services.test_bundle_intake import everything, shared_lines

MATTER = "创业培训补贴申领"
DUE = date(2026, 10, 13)  # rated 2026-09-30: 5 working days over National Day (10-10 worked)


class RatingSession(CounterSession, RatingUseCases):
    """The counter session with the rating use cases (until CounterSession lists RatingUseCases)."""


def sign_in(hall, person) -> RatingSession:
    return RatingSession.sign_in(hall.context, person.username, PASSWORD)


def take_in(hall, clerk: RatingSession, person: int) -> str:
    return clerk.submit(hall.request(MATTER, Decision.ACCEPT, person=person), now=AT).value.number


def counts(hall) -> tuple[int, int, int]:
    with hall.context.uow() as uow:
        s = uow.session
        return tuple(
            s.execute(select(func.count()).select_from(model)).scalar_one()
            for model in (RatingRecord, RatingStepRecord, AuditEvent)
        )


def events(hall, number: str) -> list[tuple[str, str, dict]]:
    with hall.context.uow() as uow:
        found = uow.session.execute(
            select(AuditEvent)
            .where(AuditEvent.object_type == "rating", AuditEvent.object_id == number)
            .order_by(AuditEvent.seq)
        )
        return [(e.actor, e.action, json.loads(e.detail)) for e in found.scalars()]


def test_a_rating_once_per_service_and_a_skip_is_not_a_good_rating(hall):
    clerk = sign_in(hall, CLERK)
    good, skipped = take_in(hall, clerk, 1), take_in(hall, clerk, 2)
    made = clerk.record_rating(
        good,
        Level.VERY_SATISFIED,
        [Indicator.A01],
        "办得快",
        RatingChannel.PAD,
        now=datetime(2026, 9, 30, 11),
    )
    assert made.changes == RATINGS and not made.changes.board  # no case or board reload for a rating
    assert made.value.service_number == good and made.value.clerk == CLERK.username
    assert made.value.followup is None and clerk.rating_of(good) == made.value

    colleague = sign_in(hall, SUPERVISOR)
    before = counts(hall)
    with pytest.raises(RatingError, match=f"办件 {good} 已经评价过"):
        clerk.record_rating(good, Level.VERY_DISSATISFIED)
    with pytest.raises(RatingError, match="已经评价过"):
        clerk.skip_rating(good)
    with pytest.raises(RatingError, match=f"办件 {skipped} 不是本窗口受理的"):
        colleague.record_rating(skipped, Level.VERY_SATISFIED)  # nobody records another's service's rating
    with pytest.raises(RatingError, match="没有编号为「PSZW2099000001」的办件"):
        clerk.record_rating("PSZW2099000001", Level.SATISFIED)
    with pytest.raises(IllegalTransition, match="只能选择存在的问题"):
        clerk.record_rating(skipped, Level.DISSATISFIED, [Indicator.A01])
    assert counts(hall) == before  # nothing stored, nothing audited

    assert clerk.rating_of(skipped) is None
    gone = clerk.skip_rating(skipped, now=datetime(2026, 9, 30, 11, 5)).value
    assert gone.level is None and gone.label == "未评价" and not gone.is_bad
    with pytest.raises(RatingError, match="已经评价过"):
        clerk.record_rating(skipped, Level.VERY_SATISFIED)  # no good rating slipped in after a skip
    assert [(a, act, d["level"]) for a, act, d in events(hall, good)] == [("zhang.san", "rating.record", 5)]
    assert [(act, d["level"]) for _a, act, d in events(hall, skipped)] == [("rating.skip", None)]


def test_a_bundle_is_rated_once_by_any_of_its_case_numbers(hall):
    clerk = sign_in(hall, CLERK)
    _bundle, _guides, checklist = shared_lines(hall.context, "veteran")
    result = clerk.submit(BundleRequest("veteran", PERSON, tuple(everything(checklist))), now=AT).value
    cases = [case.number for _name, case in result.cases]
    assert len(cases) > 1
    rated = clerk.record_rating(cases[-1], Level.SATISFIED, now=datetime(2026, 9, 30, 11)).value
    assert rated.service_number == result.reference and rated.is_bundle
    with pytest.raises(RatingError, match=f"一件事 {result.reference} 已经评价过"):
        clerk.record_rating(cases[0], Level.SATISFIED)
    with pytest.raises(RatingError, match=f"一件事 {result.reference} 已经评价过"):
        clerk.record_rating(result.reference, Level.SATISFIED)  # the receipt's number is the bundle too
    assert clerk.rating_of(result.reference) == rated


def test_a_bundle_is_rated_by_the_reference_on_its_receipt(hall):
    clerk = sign_in(hall, CLERK)
    _bundle, _guides, checklist = shared_lines(hall.context, "veteran")
    result = clerk.submit(BundleRequest("veteran", PERSON, tuple(everything(checklist))), now=AT).value
    rated = clerk.record_rating(result.reference, Level.VERY_SATISFIED, now=datetime(2026, 9, 30, 11)).value
    assert rated.service_number == result.reference and rated.is_bundle
    assert all(clerk.rating_of(case.number) == rated for _name, case in result.cases)
    with pytest.raises(RatingError, match="没有编号为「PSZW2026B99999」的办件"):
        clerk.record_rating("PSZW2026B99999", Level.SATISFIED)


def test_a_bad_rating_is_followed_up_by_the_supervisor_and_counted_in_the_rate(hall):
    clerk, supervisor = sign_in(hall, CLERK), sign_in(hall, SUPERVISOR)
    bad, other = take_in(hall, clerk, 3), take_in(hall, clerk, 4)
    rated = clerk.record_rating(
        bad,
        Level.DISSATISFIED,
        [Indicator.E11, Indicator.Q11],
        "等了两个小时，材料也没一次说清",
        now=datetime(2026, 9, 30, 15),
    ).value
    assert rated.is_bad and rated.followup.due == DUE
    clerk.record_rating(other, Level.VERY_DISSATISFIED, now=datetime(2026, 9, 30, 16))
    (_a, action, detail) = events(hall, bad)[0]
    assert (
        action == "rating.record"
        and detail["due_on"] == "2026-10-13"
        and detail["indicators"] == ["E11", "Q11"]
    )
    assert "等了两个小时" not in json.dumps(
        events(hall, bad), ensure_ascii=False
    )  # no free text in the trail

    assert not clerk.may_follow_up_ratings() and supervisor.may_follow_up_ratings()
    with pytest.raises(AccessDenied):
        clerk.open_bad_ratings(today=date(2026, 10, 8))
    with pytest.raises(AccessDenied):
        clerk.follow_up_rating(bad, StepKind.VERIFY, "属实", founded=True, today=date(2026, 10, 8))

    board = supervisor.open_bad_ratings(today=date(2026, 10, 8))
    assert [(r.rating.service_number, r.due, r.days_left, r.overdue) for r in board] == [
        (bad, DUE, 4, False),
        (other, DUE, 4, False),
    ]
    assert board[0].next_step is StepKind.VERIFY

    before = counts(hall)
    with pytest.raises(IllegalTransition, match="现在应当核实，不能回复"):
        supervisor.follow_up_rating(bad, StepKind.ANSWER, "已回复", today=date(2026, 10, 8))
    assert counts(hall) == before
    step = supervisor.follow_up_rating(
        bad, StepKind.VERIFY, "当日系统故障，叫号停了一小时", founded=True, today=date(2026, 10, 8)
    )
    assert step.changes == RATINGS and step.value.followup.next_step() is StepKind.RECTIFY
    supervisor.follow_up_rating(bad, StepKind.RECTIFY, "增设备用叫号机，补发告知单", today=date(2026, 10, 9))
    done = supervisor.follow_up_rating(
        bad, StepKind.ANSWER, "已电话回复申请人，联系电话13912345678", today=date(2026, 10, 12)
    ).value
    assert not done.followup.is_open and done.followup.in_time
    assert [s.by for s in done.followup.steps] == ["zhao.liu"] * 3
    assert [r.rating.service_number for r in supervisor.open_bad_ratings(today=date(2026, 10, 14))] == [other]
    assert supervisor.open_bad_ratings(today=date(2026, 10, 14))[0].overdue
    assert [(a, act) for a, act, _d in events(hall, bad)] == [
        ("zhang.san", "rating.record"),
        ("zhao.liu", "rating.verify"),
        ("zhao.liu", "rating.rectify"),
        ("zhao.liu", "rating.answer"),
    ]

    september = {"since": date(2026, 9, 1), "until": date(2026, 9, 30)}
    on_due = supervisor.rating_rectification_rate(**september, today=DUE)
    assert (on_due.bad, on_due.in_time, on_due.late, on_due.pending) == (2, 1, 0, 1)
    later = supervisor.rating_rectification_rate(**september, today=date(2026, 10, 14))
    assert (later.in_time, later.late, later.percent) == (1, 1, "50.0%")


def test_the_hall_sets_the_follow_up_period(hall):
    create_accounts(hall.context, ADMIN)
    hall.context.principal = None
    with pytest.raises(AccessDenied):
        sign_in(hall, SUPERVISOR).set_rating_followup_days(10)
    with pytest.raises(UserError, match="1 至 60 个工作日"):
        sign_in(hall, ADMIN).set_rating_followup_days(0)
    assert sign_in(hall, ADMIN).set_rating_followup_days(10).value == 10
    clerk = sign_in(hall, CLERK)
    number = take_in(hall, clerk, 5)
    rated = clerk.record_rating(number, Level.DISSATISFIED, now=datetime(2026, 9, 30, 15)).value
    assert rated.followup.due == date(2026, 10, 20)  # 10 working days over National Day


def test_the_export_in_the_national_items_reads_back_masked(hall, tmp_path):
    clerk, supervisor = sign_in(hall, CLERK), sign_in(hall, SUPERVISOR)
    bad, good, skipped = take_in(hall, clerk, 6), take_in(hall, clerk, 7), take_in(hall, clerk, 8)
    clerk.record_rating(
        bad,
        Level.VERY_DISSATISFIED,
        [Indicator.A11],
        "=态度差，我的身份证440308199001011239，电话13812345678",
        now=datetime(2026, 9, 30, 15),
    )
    clerk.record_rating(
        good, Level.VERY_SATISFIED, [Indicator.E01, Indicator.A01], now=datetime(2026, 9, 30, 16)
    )
    clerk.skip_rating(skipped, RatingChannel.PAD, now=datetime(2026, 9, 30, 17))
    supervisor.follow_up_rating(bad, StepKind.VERIFY, "调阅录像属实", founded=True, today=date(2026, 10, 8))
    supervisor.follow_up_rating(bad, StepKind.RECTIFY, "窗口人员服务规范培训", today=date(2026, 10, 8))
    supervisor.follow_up_rating(bad, StepKind.ANSWER, "已致电致歉", today=date(2026, 10, 9))

    with pytest.raises(AccessDenied):
        clerk.export_ratings(tmp_path / "r.csv", since=date(2026, 9, 1), until=date(2026, 9, 30))
    out = tmp_path / "ratings.csv"
    assert supervisor.export_ratings(out, since=date(2026, 9, 1), until=date(2026, 9, 30)).value == 3
    with open(out, encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    assert tuple(rows[0]) == EXPORT_HEADER
    by_number = {row[0]: dict(zip(EXPORT_HEADER, row, strict=True)) for row in rows[1:]}
    first = by_number[bad]
    assert first["taskname"] == MATTER and first["taskcode"] and first["deptcode"]
    assert (first["satisfaction"], first["alternate"], first["handleusername"]) == ("1", "A11", "zhang.san")
    assert first["writingevaluation"] == "'=态度差，我的身份证4403**********1239，电话138****5678"
    assert first["channel"] == "政务服务大厅评价终端（窗口屏幕）"
    assert first["assesstime"] == "2026-09-30 15:00:00"
    assert (first["rectification"], first["answer"]) == ("窗口人员服务规范培训", "已致电致歉")
    assert (by_number[good]["satisfaction"], by_number[good]["alternate"]) == ("5", "A01;E01")
    assert by_number[skipped]["satisfaction"] == "" and by_number[skipped]["channel"].endswith("（评价器）")
    assert "440308199001011239" not in out.read_text(encoding="utf-8-sig")

    from openpyxl import load_workbook

    book = tmp_path / "ratings.xlsx"
    supervisor.export_ratings(book, since=date(2026, 9, 1), until=date(2026, 9, 30))
    sheet = load_workbook(book, read_only=True)["好差评"]
    cells = [tuple("" if v is None else v for v in row) for row in sheet.iter_rows(values_only=True)]
    assert cells[0] == EXPORT_HEADER and len(cells) == 4
    assert {row[0]: row[4] for row in cells[1:]} == {bad: 1, good: 5, skipped: ""}
    assert [d["rows"] for _a, act, d in _exports(hall)] == [3, 3]


def _exports(hall):
    with hall.context.uow() as uow:
        found = uow.session.execute(
            select(AuditEvent).where(AuditEvent.action == "rating.export").order_by(AuditEvent.seq)
        )
        return [(e.actor, e.action, json.loads(e.detail)) for e in found.scalars()]


def test_a_comment_or_step_text_that_cannot_be_stored_is_refused_and_changes_nothing(hall):
    clerk, supervisor = sign_in(hall, CLERK), sign_in(hall, SUPERVISOR)
    number = take_in(hall, clerk, 5)
    before = counts(hall)
    for comment, words in (("等了很久\x07", "评价意见"), ("慢" * 501, "不能超过 500 个字符")):
        with pytest.raises(UserError, match=words):
            clerk.record_rating(number, Level.DISSATISFIED, [Indicator.E11], comment)
        assert counts(hall) == before
    rated = clerk.record_rating(number, Level.DISSATISFIED, [Indicator.E11], "等了\n很久𠮷").value
    assert rated.comment == "等了\n很久𠮷"  # line breaks and rare characters are kept
    after = counts(hall)
    with pytest.raises(UserError, match="核实情况"):
        supervisor.follow_up_rating(number, StepKind.VERIFY, "属实\x1b[0m", founded=True)
    assert counts(hall) == after


def test_the_supervisors_list_names_what_was_rated_a_matter_or_a_bundle(hall):
    clerk, supervisor = sign_in(hall, CLERK), sign_in(hall, SUPERVISOR)
    single = take_in(hall, clerk, 3)
    _bundle, _guides, checklist = shared_lines(hall.context, "veteran")
    bundle = clerk.submit(BundleRequest("veteran", PERSON, tuple(everything(checklist))), now=AT).value
    clerk.record_rating(single, Level.DISSATISFIED, now=datetime(2026, 9, 30, 15))
    clerk.record_rating(bundle.cases[0][1].number, Level.VERY_DISSATISFIED, now=datetime(2026, 9, 30, 16))
    named = {r.rating.service_number: r.matter for r in supervisor.open_bad_ratings(today=date(2026, 10, 8))}
    single_matter = clerk.case_detail(single).row.matter_name
    assert named[single] == single_matter and single_matter
    bundle_name = clerk.bundle("veteran")[0].name
    assert named[bundle.reference] == f"一件事：{bundle_name}"


def test_the_list_names_the_applicant_the_clerk_and_the_step_authors_with_the_phone_masked(hall):
    from hallapp.services.people import display_names

    clerk, supervisor = sign_in(hall, CLERK), sign_in(hall, SUPERVISOR)
    number = take_in(hall, clerk, 4)
    clerk.record_rating(number, Level.DISSATISFIED, [Indicator.A11], now=datetime(2026, 9, 30, 15))
    supervisor.follow_up_rating(
        number, StepKind.VERIFY, "调阅录像属实", founded=True, today=date(2026, 10, 8)
    )
    (line,) = supervisor.open_bad_ratings(today=date(2026, 10, 8))
    detail = clerk.case_detail(number).row
    assert line.applicant == "陈晓明" and line.phone == "138****5678"
    assert (line.clerk_name, line.window) == ("张三", CLERK.window) and detail.clerk == "张三"
    with hall.context.uow() as uow:
        shown = display_names(uow.session, [SUPERVISOR.username])[SUPERVISOR.username]
    assert line.name_of(SUPERVISOR.username) == shown == SUPERVISOR.display_name != SUPERVISOR.username
    assert line.name_of("nobody") == "nobody"


def test_the_whole_phone_is_revealed_to_a_supervisor_only_and_audited(hall):
    clerk, supervisor = sign_in(hall, CLERK), sign_in(hall, SUPERVISOR)
    number = take_in(hall, clerk, 4)
    clerk.record_rating(number, Level.DISSATISFIED, now=datetime(2026, 9, 30, 15))
    before = events(hall, number)
    with pytest.raises(AccessDenied):
        clerk.reveal_rating_phone(number)
    assert events(hall, number) == before
    with pytest.raises(RatingError, match="没有编号"):
        supervisor.reveal_rating_phone("PSZW0000")
    assert supervisor.reveal_rating_phone(number) == "13812345678"
    (actor, action, detail) = events(hall, number)[-1]
    assert (actor, action) == (SUPERVISOR.username, "personal_data.reveal_phone")
    assert "13812345678" not in json.dumps(detail)


def test_the_export_carries_each_departments_credit_code_else_its_short_code(hall, tmp_path):
    from hallapp.store.case_models import Case
    from hallapp.store.models import Department, Matter

    clerk, supervisor = sign_in(hall, CLERK), sign_in(hall, SUPERVISOR)
    number = take_in(hall, clerk, 9)
    clerk.record_rating(number, Level.SATISFIED, now=datetime(2026, 9, 30, 15))
    with hall.context.uow() as uow:
        case = uow.session.execute(select(Case).where(Case.case_number == number)).scalar_one()
        department = uow.session.get(Department, uow.session.get(Matter, case.matter_id).department_id)
        credit, short, department_id = department.credit_code, department.code, department.id
    assert credit and credit != short  # the shipped catalogue has the national code

    def deptcode() -> str:
        out = tmp_path / "ratings.csv"
        supervisor.export_ratings(out, since=date(2026, 9, 1), until=date(2026, 9, 30))
        with open(out, encoding="utf-8-sig", newline="") as handle:
            rows = list(csv.DictReader(handle))
        return next(row["deptcode"] for row in rows if row["projectno"] == number)

    assert deptcode() == credit
    with hall.context.uow() as uow:  # a department the catalogue gives no credit code
        uow.session.get(Department, department_id).credit_code = ""
        uow.session.commit()
    assert deptcode() == short
