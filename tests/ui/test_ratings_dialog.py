"""差评回访: the supervisor's list of open bad ratings (made at the counter through the session), each
step recorded with the keyboard and read back through the session, a refused text said in words with
nothing stored, 回访整改率 of a period, the export, and who may not open it or export."""

from __future__ import annotations

import csv
from datetime import date, datetime

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QFileDialog, QLabel

from hallapp.domain.access import Permission
from hallapp.domain.rating import Indicator, Level, Step, StepKind
from hallapp.services.rating_export import EXPORT_HEADER
from hallapp.ui.ratings_dialog import RatingsDialog
from hallapp.ui.ratings_parts import RatingsModel, StepForm
from tests.ui.board_fixtures import LATE, TODAY, commit_text, deferred_case

SUPERVISOR = "wang.kz"
CLERK = "li.si"
MATTER = "创业培训补贴申领"


@pytest.fixture
def rated(hall):
    """Three services of 李四's: two rated badly (the older one due first), one rated well."""
    clerk = hall.session(CLERK)
    older, _ = deferred_case(clerk, person="44030819900101123")
    newer, _ = deferred_case(clerk, person="44030819900101234")
    good, _ = deferred_case(clerk, person="44030819900101345")
    clerk.record_rating(
        newer,
        Level.DISSATISFIED,
        [Indicator.E11, Indicator.Q11],
        "等了两个小时\n材料也没一次说清",
        now=datetime(2026, 10, 8, 15),
    )  # due 2026-10-14
    clerk.record_rating(
        older, Level.VERY_DISSATISFIED, [Indicator.A11], "态度生硬", now=datetime(2026, 9, 30, 16)
    )  # due 2026-10-13 (5 working days over National Day)
    clerk.record_rating(good, Level.VERY_SATISFIED, [Indicator.A01], now=datetime(2026, 10, 8, 16))
    return older, newer, good


def open_dialog(qtbot, ops, hall, username: str = SUPERVISOR, today: date = TODAY) -> RatingsDialog:
    ops.session = hall.session(username)
    dialog = RatingsDialog(ops, today=today)
    qtbot.addWidget(dialog)
    with qtbot.waitActive(dialog):
        dialog.show()
    return dialog


def loaded(qtbot, dialog: RatingsDialog, rows: int) -> None:
    qtbot.waitUntil(lambda: dialog.model.rowCount() == rows and not dialog.ops.busy(dialog, "ratings-read"))


def cells(dialog: RatingsDialog, row: int) -> list[str]:
    return [dialog.model.index(row, c).data() for c in range(dialog.model.columnCount())]


def step_form(qtbot, dialog: RatingsDialog) -> StepForm:
    """Enter on the list opens the next step's form."""
    assert dialog.table.hasFocus()
    qtbot.keyClick(dialog.table, Qt.Key.Key_Return)
    form = dialog.form
    assert isinstance(form, StepForm)
    qtbot.waitUntil(form.text_edit.hasFocus)  # the cursor is in the text, ready to type
    return form


def record(qtbot, form: StepForm) -> None:
    """Ctrl+Enter from wherever the cursor is in the form."""
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)


def steps(hall, number: str) -> tuple[Step, ...]:
    rating = hall.session(SUPERVISOR).rating_of(number)
    assert rating is not None and rating.followup is not None
    return rating.followup.steps


def test_the_open_bad_ratings_soonest_due_first_in_words(qtbot, ops, hall, rated):
    older, newer, _good = rated
    dialog = open_dialog(qtbot, ops, hall)
    loaded(qtbot, dialog, 2)
    assert cells(dialog, 0) == [
        older,
        MATTER,
        "张三",  # the applicant to answer, and the clerk who served them
        "李四",
        "非常不满意",
        "态度生硬，不够耐心",
        "态度生硬",
        "2026-09-30 16:00",
        "2026-10-13（剩 3 个工作日）",
        "核实",
    ]
    assert cells(dialog, 1)[:8] == [
        newer,
        MATTER,
        "张三",
        "李四",
        "不满意",
        "等候时间过长；未一次性告知所需材料",
        "等了两个小时…",  # the comment's first line; all of it in the tooltip and below the list
        "2026-10-08 15:00",
    ]
    assert cells(dialog, 1)[8:] == ["2026-10-14（剩 4 个工作日）", "核实"]
    assert dialog.model.index(1, RatingsModel.COMMENT).data(Qt.ItemDataRole.ToolTipRole) == (
        "等了两个小时\n材料也没一次说清"
    )
    assert dialog.model.index(0, RatingsModel.DUE).data(Qt.ItemDataRole.ForegroundRole) is None
    assert dialog.summary.text() == "共 2 件，其中逾期 0 件；最早到期的排在最前"
    assert dialog.table.hasFocus() and dialog.current().number == older
    assert "态度生硬" in dialog.detail.text() and "尚未处理" in dialog.detail.text()
    qtbot.keyClick(dialog.table, Qt.Key.Key_Down)
    assert "材料也没一次说清" in dialog.detail.text()


def test_overdue_ratings_are_red_and_counted(qtbot, ops, hall, rated):
    dialog = open_dialog(qtbot, ops, hall, today=LATE)
    loaded(qtbot, dialog, 2)
    due = dialog.model.index(0, RatingsModel.DUE)
    assert due.data() == "2026-10-13（已逾期 6 个工作日）"
    assert due.data(Qt.ItemDataRole.ForegroundRole).name() == "#b91c1c"
    assert dialog.model.index(0, RatingsModel.NUMBER).data(Qt.ItemDataRole.ForegroundRole) is None
    assert dialog.summary.text() == "共 2 件，其中逾期 2 件；最早到期的排在最前"


def test_nothing_to_follow_up_is_a_plain_sentence(qtbot, ops, hall):
    dialog = open_dialog(qtbot, ops, hall)
    qtbot.waitUntil(lambda: dialog.empty_label.isVisible())
    assert dialog.empty_label.text() == "目前没有需要回访的差评。"
    assert not dialog.table.isVisible() and not dialog.step_button.isEnabled()


def test_the_steps_are_recorded_by_keys_and_an_unfounded_complaint_goes_straight_to_the_answer(
    qtbot, ops, hall, rated
):
    older, newer, _good = rated
    dialog = open_dialog(qtbot, ops, hall)
    loaded(qtbot, dialog, 2)
    form = step_form(qtbot, dialog)
    assert form.kind is StepKind.VERIFY and form.windowTitle() == "差评回访：核实"
    commit_text(form.text_edit, "调取监控：申请人到号后即办理，\n窗口人员态度正常")
    qtbot.keyClick(form, Qt.Key.Key_N, Qt.KeyboardModifier.AltModifier)  # 不属实(&N)
    qtbot.waitUntil(form.founded_no.isChecked)  # a mnemonic clicks the button as it is drawn pressed
    assert "直接回复申请人" in form.founded_hint.text()
    form.text_edit.setFocus()
    record(qtbot, form)
    qtbot.waitUntil(lambda: dialog.form is None)
    assert steps(hall, older) == (
        Step(StepKind.VERIFY, TODAY, SUPERVISOR, "调取监控：申请人到号后即办理，\n窗口人员态度正常", False),
    )
    qtbot.waitUntil(lambda: cells(dialog, 0)[RatingsModel.NEXT] == "回复")  # reloaded from the Changes
    assert dialog.message.text() == f"已记录 {older} 的核实；下一步：回复"
    qtbot.waitUntil(dialog.table.hasFocus)  # back on the list, on the same rating
    assert dialog.current().number == older

    form = step_form(qtbot, dialog)
    assert form.kind is StepKind.ANSWER and form.founded_yes.isHidden()
    commit_text(form.text_edit, "已电话告知申请人核实结果")
    record(qtbot, form)
    qtbot.waitUntil(lambda: dialog.model.rowCount() == 1)
    assert [s.kind for s in steps(hall, older)] == [StepKind.VERIFY, StepKind.ANSWER]
    assert dialog.message.text() == f"已记录 {older} 的回复；回访已办结"
    assert cells(dialog, 0)[0] == newer

    form = step_form(qtbot, dialog)  # a founded complaint is rectified before it is answered
    commit_text(form.text_edit, "属实")
    qtbot.keyClick(form, Qt.Key.Key_Y, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(form.founded_yes.isChecked)
    record(qtbot, form)
    qtbot.waitUntil(lambda: cells(dialog, 0)[RatingsModel.NEXT] == "整改")
    assert steps(hall, newer)[0].founded is True


def test_a_refused_step_says_why_under_the_form_keeps_the_text_and_stores_nothing(qtbot, ops, hall, rated):
    older, _newer, _good = rated
    dialog = open_dialog(qtbot, ops, hall)
    loaded(qtbot, dialog, 2)
    form = step_form(qtbot, dialog)
    commit_text(form.text_edit, "已核实")
    record(qtbot, form)  # 属实 or 不属实 not chosen
    qtbot.waitUntil(lambda: form.problems() != [])
    assert form.problems() == ["请说明核实结果：差评反映的问题是否属实"]
    assert form.isVisible() and form.ok_button.isEnabled()

    form.text_edit.selectAll()
    commit_text(form.text_edit, "核" * 1001)
    qtbot.keyClick(form, Qt.Key.Key_Y, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(form.founded_yes.isChecked)
    record(qtbot, form)
    qtbot.waitUntil(lambda: form.problems() != ["请说明核实结果：差评反映的问题是否属实"])
    assert form.problems() == ["核实情况不能超过 1000 个字（现有 1001 个）"]
    assert form.text_edit.toPlainText() == "核" * 1001 and form.founded_yes.isChecked()
    assert form.isVisible() and form.text_edit.hasFocus()
    assert steps(hall, older) == ()

    qtbot.keyClick(form.text_edit, Qt.Key.Key_Escape)
    assert dialog.form is None and dialog.isVisible()
    qtbot.waitUntil(dialog.table.hasFocus)
    assert steps(hall, older) == ()


def test_the_rate_of_the_period_in_time_late_and_pending(qtbot, ops, hall, rated):
    older, _newer, _good = rated
    supervisor = hall.session(SUPERVISOR)
    supervisor.follow_up_rating(older, StepKind.VERIFY, "属实", founded=True, today=date(2026, 10, 9))
    supervisor.follow_up_rating(older, StepKind.RECTIFY, "已批评教育", today=date(2026, 10, 9))
    supervisor.follow_up_rating(older, StepKind.ANSWER, "已回复", today=date(2026, 10, 12))
    dialog = open_dialog(qtbot, ops, hall, today=TODAY)
    loaded(qtbot, dialog, 1)
    assert (
        dialog.since_edit.date().toString("yyyy-MM-dd"),
        dialog.until_edit.date().toString("yyyy-MM-dd"),
    ) == (
        "2026-10-01",
        "2026-10-31",
    )  # this month by default
    qtbot.waitUntil(lambda: dialog.rate is not None)
    assert dialog.rate_label.text() == "差评 1 件：按期办结 0 件，逾期 0 件，未到期 1 件；尚无到期的回访"

    dialog.since_edit.setDate(dialog.since_edit.date().addMonths(-1))
    qtbot.waitUntil(lambda: dialog.rate.bad == 2)
    assert dialog.rate_label.text() == "差评 2 件：按期办结 1 件，逾期 0 件，未到期 1 件；回访整改率 100.0%"

    late = open_dialog(qtbot, ops, hall, today=LATE)
    late.since_edit.setDate(late.since_edit.date().addMonths(-1))
    qtbot.waitUntil(lambda: late.rate is not None and late.rate.bad == 2)
    assert late.rate_label.text() == "差评 2 件：按期办结 1 件，逾期 1 件，未到期 0 件；回访整改率 50.0%"

    late.until_edit.setDate(late.since_edit.date().addDays(-1))
    qtbot.waitUntil(lambda: late.rate_label.property("failed") is True)
    assert late.rate_label.text() == "结束日期不能早于开始日期"


def test_the_export_writes_the_period_to_the_chosen_file(qtbot, ops, hall, rated, tmp_path, monkeypatch):
    older, newer, good = rated
    dialog = open_dialog(qtbot, ops, hall)
    loaded(qtbot, dialog, 2)
    dialog.since_edit.setDate(dialog.since_edit.date().addMonths(-1))
    chosen = tmp_path / "好差评"
    monkeypatch.setattr(
        QFileDialog, "getSaveFileName", staticmethod(lambda *_a, **_k: (str(chosen), "CSV 文件 (*.csv)"))
    )
    assert dialog.export_button.isEnabled()
    qtbot.keyClick(dialog.table, Qt.Key.Key_E, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: dialog.message.text().startswith("已导出"))
    assert dialog.message.text() == "已导出 3 条评价（2026-09-01 至 2026-10-31）到 好差评.csv"
    with open(tmp_path / "好差评.csv", encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    assert tuple(rows[0]) == EXPORT_HEADER
    assert [(row[0], row[4]) for row in rows[1:]] == [(older, "1"), (newer, "2"), (good, "5")]

    dialog.export(str(tmp_path / "ratings.xlsx"))
    qtbot.waitUntil(lambda: dialog.message.text().endswith("ratings.xlsx"))
    assert (tmp_path / "ratings.xlsx").stat().st_size > 0


def test_a_clerk_has_the_menu_item_disabled(window):
    action = next(a for a, permission in window.guarded_actions if a.text() == "差评回访…")
    assert not action.isEnabled()
    assert action.toolTip() == window.session.why_not(Permission.APPROVE_EXTENSION) != ""


@pytest.mark.parametrize("role", ["supervisor", "admin"])
def test_the_supervisor_and_the_administrator_have_it(qtbot, ready_context, role):
    """The supervisor follows bad ratings up; the administrator sets the hall's period in it."""
    from hallapp.domain.access import Principal, Role
    from tests.ui.conftest import open_counter

    who = {
        "supervisor": Principal("zhao.liu", "赵六", Role.SUPERVISOR, ""),
        "admin": Principal("sun.admin", "孙管理", Role.ADMIN, ""),
    }[role]
    main = open_counter(qtbot, ready_context, who)
    action = next(a for a, _needed in main.guarded_actions if a.text() == "差评回访…")
    assert action.isEnabled()
    main.ops.wait()


def test_a_clerk_who_opens_it_sees_why_and_cannot_export(qtbot, ops, hall, rated, tmp_path):
    dialog = open_dialog(qtbot, ops, hall, CLERK)
    clerk = hall.session(CLERK)
    assert dialog.refusal.isVisible()
    assert (
        dialog.refusal.text()
        == f"仅科室负责人可处理差评回访。\n{clerk.why_not(Permission.APPROVE_EXTENSION)}"
    )
    assert not dialog.table.isVisible() and not dialog.step_button.isEnabled()
    assert not dialog.export_button.isEnabled()
    assert dialog.export_button.toolTip() == clerk.why_not(Permission.EXPORT_CASES) != ""
    assert dialog.model.rowCount() == 0 and not ops.busy(dialog, "ratings-read")  # nothing was read
    dialog.export(str(tmp_path / "x.csv"))
    assert dialog.open_step() is None
    ops.wait()
    assert not (tmp_path / "x.csv").exists()


def test_a_supervisor_opens_it_from_the_window_with_ctrl_shift_r(qtbot, hall, rated):
    from hallapp.ui.main_window import MainWindow

    older, newer, _good = rated
    main = MainWindow()
    qtbot.addWidget(main)
    main.show()
    main.attach(hall.context, hall.people[SUPERVISOR])
    qtbot.waitUntil(lambda: main.session is not None)
    action = next(a for a, _permission in main.guarded_actions if a.text() == "差评回访…")
    assert action.isEnabled()
    main.activateWindow()
    qtbot.waitUntil(main.isActiveWindow)
    qtbot.keyClick(
        main, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    )
    qtbot.waitUntil(lambda: getattr(main, "ratings_dialog", None) is not None)
    dialog = main.ratings_dialog
    loaded(qtbot, dialog, 2)
    assert {cells(dialog, row)[0] for row in range(2)} == {older, newer}
    assert dialog.today == date.today()  # opened from the window: the PC's date
    main.ops.wait()


def test_the_applicant_phone_clerk_window_and_step_authors_are_named(qtbot, ops, hall, rated, tmp_path):
    from tests.ui.admin_helpers import grab

    older, _newer, _good = rated
    clerk, chief = hall.people[CLERK], hall.people[SUPERVISOR]
    hall.session(SUPERVISOR).follow_up_rating(
        older, StepKind.VERIFY, "调阅录像属实", founded=True, today=TODAY
    )
    dialog = open_dialog(qtbot, ops, hall)
    loaded(qtbot, dialog, 2)
    window = f"（{clerk.window} 号窗口）" if clerk.window else ""
    served = f"申请人 张三　电话 138****5678　受理 {clerk.display_name}{window}"
    assert dialog.current().number == older
    assert served in dialog.detail.text()
    assert (
        f"{chief.display_name}：调阅录像属实" in dialog.detail.text()
        and SUPERVISOR not in dialog.detail.text()
    )
    assert dialog.model.index(0, RatingsModel.APPLICANT).data(Qt.ItemDataRole.ToolTipRole) == served
    grab(dialog, "ratings-list.png", tmp_path)
    form = step_form(qtbot, dialog)
    assert form.kind is StepKind.RECTIFY
    grab(form, "ratings-step.png", tmp_path)
    assert form.served.text() == served and "13812345678" not in form.served.text()
    labels = " ".join(label.text() for label in form.findChildren(QLabel))
    assert f"{chief.display_name}：调阅录像属实" in labels and f"{SUPERVISOR}：" not in labels
    assert form.reveal_button.isVisible()  # a supervisor may see the whole phone, audited
    form.reveal_button.click()
    qtbot.waitUntil(lambda: "13812345678" in form.served.text())
    assert not form.reveal_button.isEnabled()
    with hall.context.uow() as uow:
        from sqlalchemy import select

        from hallapp.store.case_models import AuditEvent

        actions = (
            uow.session.execute(select(AuditEvent.action).where(AuditEvent.object_id == older))
            .scalars()
            .all()
        )
    assert "personal_data.reveal_phone" in actions
    form.reject()
    qtbot.waitUntil(lambda: dialog.form is None)


def test_the_administrator_sets_the_follow_up_period_here_and_no_one_else_sees_it(qtbot, ops, hall):
    dialog = open_dialog(qtbot, ops, hall)  # the supervisor: no such row
    assert not dialog.days_box.isVisible()
    dialog.close()
    dialog = open_dialog(qtbot, ops, hall, "admin")
    assert dialog.refusal.isVisible() and dialog.days_box.isVisible()  # no list, but the period
    qtbot.waitUntil(dialog.days_box.spin.isEnabled)
    assert dialog.days_box.spin.value() == 5  # the default
    dialog.days_box.spin.setValue(8)
    dialog.days_box.button.click()
    qtbot.waitUntil(lambda: dialog.message.text() == "差评整改期限已设为 8 个工作日，对新的差评生效")
    assert dialog.message.isVisible()
    assert hall.session(SUPERVISOR).rating_followup_days() == 8
    clerk = hall.session(CLERK)
    number, _ = deferred_case(clerk, person="44030819900101456")
    rated = clerk.record_rating(number, Level.DISSATISFIED, now=datetime(2026, 10, 8, 15)).value
    assert rated.followup.due == date(2026, 10, 19)  # 8 working days (10-10 worked), not 5: 10-14


def test_saving_the_follow_up_period_is_checked_again_by_the_service(qtbot, ops, hall):
    dialog = open_dialog(qtbot, ops, hall, "admin")
    qtbot.waitUntil(dialog.days_box.spin.isEnabled)
    assert dialog.days_box.spin.maximum() == 60 and dialog.days_box.spin.minimum() == 1
    ops.session = hall.session(SUPERVISOR)  # the service checks the right again
    dialog.days_box.button.click()
    reason = hall.session(SUPERVISOR).why_not(Permission.SETTINGS)
    qtbot.waitUntil(lambda: reason and reason in dialog.message.text())
    assert hall.session(SUPERVISOR).rating_followup_days() == 5
