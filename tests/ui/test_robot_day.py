"""A robot clerk works a whole day at the real counter window (issue 10 §5, issue 11).

Driven with keys and input-method commits only (``tests.ui.robot_clerk``) through the day of
``tests.ui.robot_day_script``: more than 40 applicants of every kind, the board's supplements, an
extension approved on the spot by a supervisor, reminders, a termination, a reprint, the idle lock, the
supervisor taking the counter over and the daily close. The counter has a card reader, a queue caller
and a screen facing the applicant (``tests.ui.robot_day_devices``): each applicant is called with F8,
a third hand their card over (F4), each rates the service, and the supervisor follows the morning's bad
ratings up (差评回访). After each step the robot checks that nothing was logged at ERROR and Qt warned
of nothing, that the facing screen shows no full ID number or phone, that 今日办件 and 容缺跟踪 show
what is stored without a refresh, that each record and document names the person who did it, that the
cases touched (and, every few steps and at the end, every stored case) can still be printed, and that
every number series runs 1..N without a gap or a duplicate.

The last steps are a wrong name typed on a known ID (warned, corrected, the register unchanged) and Esc
in the middle of an intake, answered by keeping the draft, resumed at the next F5.
"""

from __future__ import annotations

import logging
import time
from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from hallapp.domain.access import Principal
from hallapp.domain.intake import VerdictKind, deferral_days
from hallapp.services.intake import Decision, MaterialInput
from hallapp.services.intake_inputs import ApplicantInput
from hallapp.services.session import CounterSession
from tests.people import ADMIN, PASSWORD, SUPERVISOR, cheap_hashing, create_accounts
from tests.services.intake_helpers import all_received, guide_for, request
from tests.ui.board_fixtures import AT
from tests.ui.conftest import COUNTER_CLERK
from tests.ui.robot_clerk import DayChecks, ErrorLog, RobotClerk, focused
from tests.ui.robot_day_catalogue import CatalogueSteps
from tests.ui.robot_day_devices import DeviceSteps, secrets, set_up_devices
from tests.ui.robot_day_script import (
    DAY,
    HISTORY,
    DailyClose,
    Disclosure,
    EditMatter,
    EscapeAndResume,
    Extend,
    FollowUpRatings,
    IdleLock,
    ImportCatalogue,
    ImportPlainList,
    IncompleteRefused,
    Intake,
    Remind,
    Reprint,
    ReprintUnderVersion,
    Supplement,
    SwitchUser,
    Terminate,
    WrongNameOnKnownId,
)

FULL_PRINT_CHECK_EVERY = 25  # steps between two re-renderings of every stored case (and at the end)
PEOPLE = {COUNTER_CLERK.username: COUNTER_CLERK, SUPERVISOR.username: SUPERVISOR, ADMIN.username: ADMIN}


# -- fixtures ------------------------------------------------------------------------------------------


class IdleClock:
    """``time`` as the idle guard sees it: the real clock, plus however long the test says passed."""

    def __init__(self) -> None:
        self.offset = 0.0

    def monotonic(self) -> float:
        return time.monotonic() + self.offset

    def pass_time(self, seconds: float) -> None:
        self.offset += seconds


@pytest.fixture
def idle_clock(monkeypatch):
    """The idle guard's clock, before the window builds its guard."""
    import hallapp.ui.session

    clock = IdleClock()
    monkeypatch.setattr(hallapp.ui.session, "time", clock)
    return clock


@pytest.fixture
def hall_accounts(ready_context, monkeypatch):
    """Accounts for the counter clerk 张三 (the window's own principal), the supervisor 赵六 and the
    administrator 孙管理 (who comes at lunchtime to bring the new catalogue in)."""
    cheap_hashing(monkeypatch)
    create_accounts(ready_context, ADMIN, COUNTER_CLERK, SUPERVISOR)
    return ready_context


@pytest.fixture
def history(hall_accounts):
    """The cases of 2026-09-30 on the morning's board, printed that day (numbers of ``HISTORY``)."""
    session = CounterSession.open(hall_accounts, COUNTER_CLERK)
    numbers = {}
    for seed in HISTORY:
        guide = guide_for(hall_accounts, seed.matter)
        materials = list(all_received(guide))
        for row in seed.deferred_rows:
            assert guide.materials_for({})[row].deferrable, f"{seed.matter}: row {row} is not deferrable"
            materials[row] = MaterialInput(deferred=True)
        person = seed.person
        applicant = ApplicantInput("person", person.name, person.id_number, person.phone)
        outcome = session.submit(
            request(guide, Decision.DEFER, tuple(materials), applicant=applicant, commitment_signed=True),
            now=AT,
        )
        numbers[seed.tag] = outcome.value.number
        session.print_documents(outcome.value.number)
    return numbers


@pytest.fixture
def counter_devices(ready_context, monkeypatch):
    """This PC's card reader (the fake, its cards laid by the robot), demo queue and facing screen (a
    window), in station.json before the window signs in."""
    return set_up_devices(ready_context, monkeypatch)


@pytest.fixture
def error_log():
    handler = ErrorLog()
    root = logging.getLogger()
    root.addHandler(handler)
    yield handler
    root.removeHandler(handler)


# -- the day -------------------------------------------------------------------------------------------


class Day(CatalogueSteps, DeviceSteps):
    """The robot at the window, what it has seen so far, and the checks after each step."""

    def __init__(self, qtbot, window, context, clock, checks, numbers, work, reader) -> None:
        self.qtbot = qtbot
        self.window = window
        self.context = context
        self.clock = clock
        self.robot = RobotClerk(qtbot, window)
        self.checks = checks
        self.numbers: dict[str, str] = dict(numbers)  # tag → case number (notice number, bundle reference)
        self.people: dict[str, object] = {}  # tag → the applicant
        self.touched: set[str] = set()
        self.work = work  # where the files the administrator is sent are saved
        self.reader = reader  # the counter's card reader (the fake one)
        self.queues: list = []  # the sessions' demo queues seen so far
        self.rated: list[str] = []  # the services rated (or skipped) so far
        self.linked: list = []  # (queue, ticket, case number, step) of each applicant called

    @property
    def person(self) -> Principal:
        principal = self.window.principal
        assert principal is not None
        return PEOPLE[principal.username]

    # intake -------------------------------------------------------------------------------------------

    def intake(self, step: Intake, label: str) -> None:
        robot, window, checks = self.robot, self.window, self.checks
        person, clerk = step.person, self.person
        ticket = self.call_applicant(step, label)
        page = robot.start_intake(step.matter, bundle=step.outcome == "bundle")
        if step.card:
            self.read_card(step, label)
        elif step.returning:
            robot.fill_applicant("", person.id_number, "")
            form = page.form
            robot.wait(lambda: form.name.text() == person.name and form.phone.text() == person.phone)
            assert form.returning.text(), f"{label}: a returning applicant is not said to be one"
        else:
            robot.fill_applicant(person.name, person.id_number, person.phone)
        self.facing_follows(person, label)
        robot.to_checklist()
        robot.mark(step.keys)
        self.facing_follows(person, label)
        kinds = [v.kind for _g, v in page.verdicts()]
        expected = {
            "accepted": VerdictKind.ACCEPTABLE,
            "instant": VerdictKind.ACCEPTABLE,
            "bundle": VerdictKind.ACCEPTABLE,
            "deferred": VerdictKind.ACCEPTABLE_WITH_MISSING,
            "refused": VerdictKind.NOT_ACCEPTABLE,
        }[step.outcome]
        assert set(kinds) == {expected}, f"{label}: the verdict is {kinds}, the script expects {expected}"
        guides = page.guides
        if step.outcome == "deferred":
            robot.sign_commitment()
        before = set(checks.all_numbers())
        references = {c.bundle_ref for c in checks.cases() if c.bundle_ref}
        paths = robot.decide()
        new = [c for c in checks.cases() if (c.case_number or c.notice_number) not in before]
        expected_new = len(guides) if step.outcome == "bundle" else 1
        assert len(new) == expected_new, f"{label}: {len(new)} cases stored, {expected_new} expected"
        for case in new:
            number = case.case_number or case.notice_number
            checks.taken_in_by(case, clerk, label)
            assert case.applicant_name == person.name, f"{label}: {number} is for {case.applicant_name}"
        main = new[0]
        number = main.case_number or main.notice_number
        if step.outcome == "bundle":
            (reference,) = {c.bundle_ref for c in new} - references
            self.numbers[step.tag] = reference
            for path in paths:
                checks.document_names([path], label, reference, person.name, clerk.display_name)
            checks.document_names(paths[:1], label, *(c.case_number for c in new if c.case_number))
        else:
            self.numbers[step.tag] = number
            decision = {"instant": "accepted"}.get(step.outcome, step.outcome)
            assert main.decision == decision, f"{label}: {number} stored as {main.decision}"
            if step.outcome == "instant":
                assert main.state == "completed" and main.completed_at is not None, (
                    f"{label}: 秒批 {number} is not completed on the spot ({main.state})"
                )
            if step.outcome == "deferred":
                session = window.session
                days = deferral_days(guides[0], session.settings.deferral_days)
                due = session.calendar.add_working_days(date.today(), days).date
                assert main.deferral_deadline == due, (
                    f"{label}: {number} due {main.deferral_deadline}, not {due}"
                )
            checks.document_names(paths, label, number, person.name, clerk.display_name)
            assert paths, f"{label}: nothing printed"
        self.people[step.tag] = person
        self.touched.update(c.case_number or c.notice_number for c in new)
        self.after_intake(step, ticket, new, label)

    # the board ------------------------------------------------------------------------------------------

    def supplement(self, step: Supplement, label: str) -> None:
        number, clerk = self.numbers[step.tag], self.person
        paths = self.robot.supplement(number, leave_out=step.leave_out)
        self.checks.supplemented_by(number, clerk, label)
        state = self.checks.case(number).state
        wanted = "partly_supplemented" if step.leave_out else "supplemented"
        assert state == wanted, f"{label}: {number} is {state} after the supplement, not {wanted}"
        applicant = self.checks.case(number).applicant_name
        self.checks.document_names(paths, label, number, applicant, clerk.display_name)
        self.touched.add(number)

    def extend(self, step: Extend, label: str) -> None:
        number, clerk = self.numbers[step.tag], self.person
        proposed, message, paths = self.robot.extend(number, step.reason, SUPERVISOR.username, PASSWORD)
        if not paths:
            self.checks.find("an extension approved on the spot prints no 延期通知书 (issue 10 §4)", label)
        applicant = self.checks.case(number).applicant_name
        self.checks.document_names(paths, label, number, applicant, clerk.display_name)  # who issued it
        extension = self.checks.extension_of(number)
        assert (extension.approved_by, extension.requested_by) == (SUPERVISOR.username, clerk.username), (
            f"{label}: extension of {number} approved by {extension.approved_by}, "
            f"asked by {extension.requested_by}"
        )
        assert extension.new.isoformat() == proposed, (
            f"{label}: {number} extended to {extension.new}, the form proposed {proposed}"
        )
        assert self.window.session.calendar.is_working_day(extension.new), (
            f"{label}: the new deadline {extension.new} is not a working day"
        )
        assert SUPERVISOR.display_name in message and number in message, (
            f"{label}: the board says {message!r}"
        )
        self.touched.add(number)

    def remind(self, step: Remind, label: str) -> None:
        numbers, clerk = [self.numbers[t] for t in step.tags], self.person
        paths = self.robot.remind(step.applicant, len(numbers))
        for number in numbers:
            reminders = self.checks.reminders_of(number)
            assert [r.clerk for r in reminders] == [clerk.username], (
                f"{label}: reminders of {number}: {reminders}"
            )
        self.checks.document_names(paths, label, *numbers, step.applicant, clerk.display_name)
        self.touched.update(numbers)

    def terminate(self, step: Terminate, label: str) -> None:
        number, clerk = self.numbers[step.tag], self.person
        paths = self.robot.terminate(number)
        case = self.checks.case(number)
        assert (case.state, case.closed_by) == ("terminated", clerk.username), (
            f"{label}: {number} is {case.state}, closed by {case.closed_by!r}"
        )
        self.checks.document_names(paths, label, number, case.applicant_name, clerk.display_name)
        self.touched.add(number)

    # 依申请公开 ----------------------------------------------------------------------------------------

    def disclosure(self, step: Disclosure, label: str) -> None:
        from hallapp.domain.disclosure import REPLY_DAYS, DisclosureState

        person, clerk, session = step.person, self.person, self.window.session
        number, paths = self.robot.register_disclosure(
            person.name, person.id_number, person.phone, step.description
        )
        view = session.disclosure(number)
        assert view is not None, f"{label}: {number} is not stored"
        request = view.request
        assert (request.requester.name, request.registered_by, request.state) == (
            person.name,
            clerk.username,
            DisclosureState.REGISTERED,
        ), f"{label}: {number} stored as {request}"
        assert [d.kind for d in view.documents] == ["RECEIPT"], f"{label}: documents {view.documents}"
        due = session.calendar.add_working_days(date.today(), REPLY_DAYS).date
        shown = [r for r in self.window.disclosure_board.shown_rows() if r.number == number]
        assert [(r.deadline, r.received_on) for r in shown] == [(due, date.today())], f"{label}: {shown}"
        self.checks.document_names(paths, label, number, person.name)
        self.numbers[step.tag] = number

    # the cases of the day ------------------------------------------------------------------------------

    def reprint(self, step: Reprint, label: str) -> None:
        number, clerk = self.numbers[step.tag], self.person
        paths = self.robot.reprint(number)
        case = self.checks.case(number)
        self.checks.printed_by(case, clerk, label, copy=True)
        self.checks.document_names(paths, label, number, case.applicant_name, case.clerk, "副本")

    # who is at the counter ----------------------------------------------------------------------------

    def idle_lock(self, _step: IdleLock, label: str) -> None:
        window, robot = self.window, self.robot
        guard = window.idle_guard
        clerk = self.person
        self.clock.pass_time(guard.lock.timeout_s + 1)  # nobody at the keyboard for longer than the timeout
        guard.timer.timeout.emit()  # the guard's next tick
        robot.wait(lambda: guard.dialog is not None and guard.dialog.isVisible())
        dialog = guard.dialog
        assert not window.centralWidget().isVisible(), f"{label}: the counter shows behind the lock"
        self.facing_only_welcome(label)
        robot.sign_in_at(dialog, clerk.username, PASSWORD)
        robot.wait(lambda: guard.dialog is None and window.centralWidget().isVisible())
        assert window.principal.username == clerk.username, f"{label}: {window.principal} after the unlock"
        robot.back_to_window()

    def switch_user(self, step: SwitchUser, label: str) -> None:
        self.robot.switch_user(step.username, PASSWORD)
        assert self.window.principal.username == step.username
        assert PEOPLE[step.username].display_name in self.window.windowTitle(), (
            f"{label}: the title {self.window.windowTitle()!r} does not name who is at the counter"
        )
        self.counter_handed_over(label)

    def daily_close(self, _step: DailyClose, label: str) -> None:
        from hallapp.services.cases import todays_cases

        clerk = self.person
        (path,) = self.robot.daily_close()
        rows = todays_cases(self.checks.uow(), window=self.window.session.settings.window)
        assert len(rows) >= 40, f"{label}: only {len(rows)} cases today"
        clerks = {row.clerk for row in rows}
        self.checks.document_names([path], label, clerk.display_name, *clerks, *(row.number for row in rows))

    # a wrong name, a draft --------------------------------------------------------------------------

    def wrong_name(self, step: WrongNameOnKnownId, label: str) -> None:
        robot, checks = self.robot, self.checks
        known = self.people[step.tag]
        ticket = self.call_applicant(step, label)
        page = robot.start_intake(step.matter)
        robot.fill_applicant(step.other_name, known.id_number, known.phone)

        def warned() -> bool:
            return any(
                known.name in label.text() and label.isVisible() and label is not page.form.name.edit
                for label in page.findChildren(QLabel)
            )

        robot.wait(warned)  # the clerk is told whose ID this is registered to
        self.facing_follows(known, label)  # the ID and phone masked there
        robot.key(Qt.Key.Key_N, Qt.KeyboardModifier.AltModifier)  # the clerk corrects the name
        robot.wait(lambda: focused() is page.form.name.edit)
        robot.key(Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
        robot.type(known.name)
        robot.wait(lambda: not warned())
        robot.key(Qt.Key.Key_Tab)
        robot.to_checklist()
        robot.mark(((None, Qt.Key.Key_A),))
        before = set(checks.all_numbers())
        paths = robot.decide()
        assert checks.applicant_name_registered(known.id_number) == known.name, (
            f"{label}: the register's name for {known.id_number} changed"
        )
        (case,) = [c for c in checks.cases() if (c.case_number or c.notice_number) not in before]
        checks.taken_in_by(case, self.person, label)
        assert case.applicant_name == known.name, f"{label}: the case is for {case.applicant_name}"
        checks.document_names(paths, label, case.case_number or case.notice_number, known.name)
        self.touched.add(case.case_number or case.notice_number)
        self.ticket_linked(ticket, case.case_number or case.notice_number, label)
        self.applicant_rates(case.case_number or case.notice_number, step.matter, label)

    def escape_and_resume(self, step: EscapeAndResume, label: str) -> None:
        robot, checks, window = self.robot, self.checks, self.window
        person = step.person
        ticket = self.call_applicant(step, label)
        page = robot.start_intake(step.matter)
        robot.fill_applicant(person.name, person.id_number, person.phone)
        robot.to_checklist()
        robot.mark(((None, Qt.Key.Key_A),))
        before = set(checks.all_numbers())
        robot.key(Qt.Key.Key_Escape)  # interrupted in the middle
        if robot.answer_question_with_enter():  # whatever the window asks, Enter is what loses nothing
            robot.back_to_window()
        robot.wait(lambda: window.work.currentWidget() is window.lookup)
        assert set(checks.all_numbers()) == before, f"{label}: Esc stored a case"
        self.facing_only_welcome(label)  # nothing of the applicant left on it
        robot.find(step.matter)  # the same applicant is back: the same matter, F5
        robot.key(Qt.Key.Key_F5)
        if robot.answer_question_with_enter():  # the draft offered back: Enter resumes it
            robot.back_to_window()
        robot.wait(lambda: window.work.currentWidget() is page)
        robot.wait(
            lambda: (
                page.form.name.text() == person.name
                and page.form.id_number.text() == person.id_number
                and page.form.phone.text() == person.phone
            ),
        )
        robot.wait(lambda: page.checklist is not None and all(c.complete for c in page.checklist.checks))
        self.facing_follows(person, label)  # the resumed intake faces the applicant again, masked
        robot.to_checklist()  # Tab on to the checklist, where the keys were when Esc was pressed
        paths = robot.decide()
        new = set(checks.all_numbers()) - before
        assert len(new) == 1, f"{label}: {len(new)} cases stored from the resumed draft"
        checks.document_names(paths, label, *new, person.name, self.person.display_name)
        self.touched.update(new)
        self.ticket_linked(ticket, *new, label)
        self.applicant_rates(*new, step.matter, label)

    # the checks after every step ------------------------------------------------------------------------

    def check(self, index: int, label: str) -> None:
        checks = self.checks
        checks.nothing_went_wrong(label)
        checks.facing_private(label)
        checks.views_current(label)
        checks.numbers_consecutive(label)
        if self.touched:  # the cases changed, and every case of their applicants (the register is shared)
            checks.printable(checks.numbers_of_applicants_of(self.touched), label)
            self.touched.clear()
        if index % FULL_PRINT_CHECK_EVERY == 0:
            checks.printable(checks.all_numbers(), label, read=False)

    def run(self, steps) -> None:
        handlers = {
            Intake: self.intake,
            Supplement: self.supplement,
            Extend: self.extend,
            Remind: self.remind,
            Terminate: self.terminate,
            Disclosure: self.disclosure,
            Reprint: self.reprint,
            IdleLock: self.idle_lock,
            SwitchUser: self.switch_user,
            DailyClose: self.daily_close,
            WrongNameOnKnownId: self.wrong_name,
            EscapeAndResume: self.escape_and_resume,
            ImportCatalogue: self.import_catalogue,
            ImportPlainList: self.import_plain_list,
            EditMatter: self.edit_matter,
            ReprintUnderVersion: self.reprint_under_version,
            IncompleteRefused: self.incomplete_refused,
            FollowUpRatings: self.follow_up_ratings,
        }
        self.check(0, "the morning's board")
        for index, step in enumerate(steps, 1):
            label = f"step {index} ({type(step).__name__} {getattr(step, 'tag', '')})".replace(" )", ")")
            handlers[type(step)](step, label)
            self.check(index, label)
        self.checks.printable(self.checks.all_numbers(), "the end of the day")
        self.each_ticket_one_case("the end of the day")


def test_a_robot_clerk_works_a_whole_day(
    qtbot, qtlog, error_log, idle_clock, history, counter_devices, window, ready_context, tmp_path
):
    from hallapp.ui.session import connect_sign_out

    connect_sign_out(window, ready_context)  # as start-up wires 切换用户 after the first sign-in
    window.activateWindow()
    qtbot.waitUntil(lambda: window.board is not None and len(window.board.shown_rows()) == len(HISTORY))
    session = window.session  # the devices of station.json, seen by the session signed in
    assert (session.has_card_reader, session.has_queue, session.settings.facing_screen) == (
        True,
        True,
        "window",
    )
    qtbot.waitUntil(lambda: window.facing is not None and window.facing.isVisible())
    assert window.card_button.isVisibleTo(window.intake.form) and window.queue_status.isVisible()
    checks = DayChecks(
        qtbot, window, ready_context, error_log, lambda: [(r.type, r.message) for r in qtlog.records]
    )
    checks.secrets = secrets()
    day = Day(qtbot, window, ready_context, idle_clock, checks, history, tmp_path, counter_devices)
    intakes = [s for s in DAY if isinstance(s, Intake)]
    assert len(intakes) >= 40 and {s.outcome for s in intakes} == {
        "accepted",
        "deferred",
        "refused",
        "instant",
        "bundle",
    }
    day.run(DAY)
    if checks.findings:
        pytest.fail(
            "the robot clerk's day found what a clerk would (app bugs):\n" + checks.report(), pytrace=False
        )
