"""The robot day's devices (issue 13): the counter PC has a card reader (the fake one, whose cards the
robot lays on it), the hall's queue system (the demo queue) and the screen facing the applicant (as a
window of its own), all set in this PC's ``station.json`` before the window signs in.

Each applicant draws a ticket at the ticket machine and is called with F8; the status bar shows the ticket,
its matter group and how many wait. About a third of them hand their ID card over: F4 fills the name and
the number and moves on to the phone (a returning applicant's phone comes from the register). While the
clerk works, the facing screen shows the applicant masked; after the decision the applicant rates the
service there (the keypad's digits and Enter, a touch for 跳过 and for what went wrong). Checked after each
intake: the rating as stored (level or 未评价, channel, the clerk at the counter, a bundle rated once by its
reference), the ticket linked to the case at the queue system and in the trail (``queue.link``), and the
facing screen back on the welcome. In the afternoon the supervisor follows the morning's bad ratings up
(差评回访, Ctrl+Shift+R).

Mixed into the day (``tests.ui.test_robot_day.Day``), which provides ``robot``, ``window``, ``checks``,
``numbers``, ``qtbot``, ``reader``, ``queues``, ``linked``, ``rated`` and ``person`` (who is at the counter).
"""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QLabel, QWidget
from pytestqt.exceptions import TimeoutError
from sqlalchemy import select
from sqlmodel import col

from hallapp.devices.card import CardData, CardKind
from hallapp.domain.identity import mask_id, mask_phone
from hallapp.domain.rating import NOT_RATED_LABEL, Indicator, Level, RatingChannel, StepKind
from hallapp.services.station import load_station, save_station
from hallapp.store import audit_repo
from hallapp.store.rating_models import RatingRecord
from tests.ui.robot_clerk import focused
from tests.ui.robot_day_script import PEOPLE, FollowUpRatings, Intake, Person

LEFT = Qt.MouseButton.LeftButton
DIGITS = {
    Level.VERY_DISSATISFIED: Qt.Key.Key_1,
    Level.DISSATISFIED: Qt.Key.Key_2,
    Level.BASICALLY_SATISFIED: Qt.Key.Key_3,
    Level.SATISFIED: Qt.Key.Key_4,
    Level.VERY_SATISFIED: Qt.Key.Key_5,
}
SOCIAL_INSURANCE = ("保险", "社会保障", "就业", "失业", "医疗")  # drawn under B 社保医保, the rest under A
QUEUE_REFRESH_MS = 250  # the waiting count asked this often (5 s in the program): the bar catches up soon
THANKS_MS = 100  # the thank-you after a rating (3 s in the program), then the welcome


def set_up_devices(context, monkeypatch):
    """This PC's devices in ``station.json`` before the window signs in, and the fake reader the robot
    lays the applicants' cards on (no demo card on it). Returns that reader."""
    from hallapp.devices.card_fake import FakeCardReader

    data_dir = context.paths.data_dir
    station = replace(
        load_station(data_dir), card_adapter="fake", queue_source="fake", facing_screen="window"
    )
    save_station(data_dir, station)
    reader = FakeCardReader()
    monkeypatch.setattr("hallapp.devices.card_fake.FakeCardReader", lambda _cards=(): reader)
    monkeypatch.setattr("hallapp.ui.window_queue.REFRESH_MS", QUEUE_REFRESH_MS)
    monkeypatch.setattr("hallapp.ui.window_facing.THANKS_MS", THANKS_MS)
    return reader


def secrets() -> tuple[str, ...]:
    """What the facing screen must never show of the day's people: the ID, its birth date, the phone."""
    return tuple(s for p in PEOPLE.values() for s in (p.id_number, p.id_number[6:14], p.phone))


def card_of(person: Person) -> CardData:
    """The person's resident ID card, as the reader reads it (sex and birth date from the number)."""
    number = person.id_number
    born = date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    return CardData(
        kind=CardKind.RESIDENT,
        name=person.name,
        sex="男" if int(number[16]) % 2 else "女",
        ethnicity="汉族",
        birth_date=born,
        address="广东省深圳市坪山区示例路1号",
        id_number=number,
        issuing_authority="深圳市公安局坪山分局",
        valid_from=date(2020, 1, 1),
        valid_until=None,  # 长期
    )


def group_of(matter: str) -> str:
    """The ticket machine's key the applicant presses for ``matter``: B 社保医保 or A 综合受理."""
    return "B" if any(word in matter for word in SOCIAL_INSURANCE) else "A"


class DeviceSteps:
    robot: object
    window: object
    checks: object
    qtbot: object
    numbers: dict[str, str]
    reader: object  # the fake card reader the applicants' cards are laid on
    queues: list  # the sessions' demo queues seen so far
    linked: list  # (queue, ticket, case number, step) of each applicant called
    rated: list[str]  # the services rated (or skipped) so far

    # -- the queue -----------------------------------------------------------------------------------------

    def demo_queue(self, label: str):
        """This session's demo queue; the first time it is seen, its demo tickets are called and passed
        (F8, Ctrl+F8 过号: nobody came for them), so that each applicant of the day is the next called."""
        session = self.window.session
        queue = session.queue_caller()
        assert queue is not None and session.has_queue, f"{label}: the counter has no queue system"
        if any(known is queue for known in self.queues):
            return queue
        self.queues.append(queue)
        robot, status = self.robot, self.window.queue_status
        window = session.settings.window
        while queue.waiting(window):
            called = len(queue.calls)
            robot.call_next()
            robot.wait(lambda called=called: len(queue.calls) == called + 1)
            number = queue.calls[-1][1]
            robot.wait(lambda number=number: f"已叫 {number}" in status.text())
            robot.skip_ticket()
            robot.wait(lambda number=number: f"{number} 已过号" in status.text())
            assert queue.state(number) == "skipped", f"{label}: {number} is {queue.state(number)}"
        return queue

    def call_applicant(self, step, label: str):
        """The ticket machine gives the applicant a ticket; the bar counts it; F8 calls it."""
        queue = self.demo_queue(label)
        robot, status = self.robot, self.window.queue_status
        window = self.window.session.settings.window
        ticket = queue.issue(group_of(step.matter))
        waiting = queue.waiting(window)
        try:
            robot.wait(lambda: f"等候 {waiting} 人" in status.text())
        except TimeoutError:
            raise AssertionError(f"{label}: the bar says {status.text()!r}, {waiting} wait") from None
        robot.call_next()
        robot.wait(
            lambda: f"当前 {ticket.label}" in status.text() and f"等候 {waiting - 1} 人" in status.text()
        )
        assert queue.state(ticket.number) == "called", (
            f"{label}: {ticket.number} {queue.state(ticket.number)}"
        )
        return ticket

    def ticket_linked(self, ticket, number: str, label: str) -> None:
        """The ticket is linked to the case (or bundle) at the queue system and in the trail, by the
        person at the counter, and the bar says so."""
        queue, status = self.window.session.queue_caller(), self.window.queue_status
        self.robot.wait(lambda: f"{ticket.number} 已关联办件 {number}" in status.text())
        assert queue.cases(ticket.number) == [number], (
            f"{label}: {ticket.number} → {queue.cases(ticket.number)}"
        )
        with self.checks.uow() as uow:
            events = audit_repo.events_for(uow.session, "case", number)
            links = [(e.actor, json.loads(e.detail)) for e in events if e.action == "queue.link"]
        window = self.window.session.settings.window
        assert [(actor, d["ticket"], d["group"], d["window"]) for actor, d in links] == [
            (self.person.username, ticket.number, ticket.group, window)
        ], f"{label}: the trail's queue.link of {number}: {links}"
        self.linked.append((queue, ticket, number, label))

    def each_ticket_one_case(self, label: str) -> None:
        """At the end of the day every applicant's ticket holds their own case only (each was called)."""
        for queue, ticket, number, step in self.linked:
            cases = queue.cases(ticket.number)
            assert cases == [number], f"{label}: {ticket.number} of {step} is linked to {cases}"

    # -- the card --------------------------------------------------------------------------------------------

    def read_card(self, step: Intake, label: str) -> None:
        """The applicant's card laid on the reader, F4: name and number filled, the keyboard on the phone;
        a returning applicant's phone from the register, a first-time applicant's typed."""
        robot, form, person = self.robot, self.window.intake.form, step.person
        reads = self.reader.reads
        self.reader.put(card_of(person))
        robot.read_card()
        assert self.reader.reads == reads + 1, (
            f"{label}: the reader was read {self.reader.reads - reads} times"
        )
        robot.wait(lambda: form.name.text() == person.name and form.id_number.text() == person.id_number)
        assert focused() is form.phone.edit, f"{label}: after the card the keyboard is on {focused()!r}"
        status, said = self.window.status.text(), form.id_number.message.text()
        assert "已读卡" in status and person.id_number not in status, f"{label}: {status!r}"
        assert "读自居民身份证" in said, f"{label}: under the number: {said!r}"
        if step.returning:
            robot.wait(lambda: form.phone.text() == person.phone)
            assert form.returning.text(), f"{label}: a returning applicant is not said to be one"
        else:
            robot.type(person.phone)

    # -- the facing screen -----------------------------------------------------------------------------------

    def facing_follows(self, person: Person, label: str) -> None:
        """The facing screen shows the intake, the applicant with the ID and phone masked, nothing whole."""
        facing = self.window.facing
        shown = (mask_id(person.id_number), mask_phone(person.phone))
        try:
            self.robot.wait(
                lambda: (
                    facing.pages.currentWidget() is facing.intake
                    and all(s in facing.applicant.text() for s in shown)
                )
            )
        except TimeoutError:
            raise AssertionError(f"{label}: the facing screen says {facing.applicant.text()!r}") from None
        assert any(shown[0] in text for text in self.checks.facing_texts())  # the look sees the applicant
        self.checks.facing_private(label)

    def facing_only_welcome(self, label: str) -> None:
        """Nothing on the facing screen but the hall's welcome naming who serves here; nothing of an
        applicant held in any of its labels."""
        facing = self.window.facing
        assert facing.isVisible() and facing.pages.currentWidget() is facing.welcome, (
            f"{label}: not the welcome"
        )
        welcome = {facing.hall.text(), facing.greeting.text(), facing.clerk.text()}
        shown = {
            widget.text()
            for widget in facing.findChildren(QWidget)
            if isinstance(widget, (QLabel, QAbstractButton)) and widget.isVisible() and widget.text()
        }
        assert shown <= welcome, f"{label}: the facing screen shows {sorted(shown - welcome)} by the welcome"
        held = [
            text
            for text in (
                *(l.text() for l in (facing.title, facing.applicant, facing.verdict, facing.missing)),
                *(
                    l.text()
                    for l in (facing.deadline, facing.extra, facing.message_head, facing.message_text)
                ),
                *(l.text() for pair in facing.row_labels for l in pair),
                facing.rating.matter.text(),
            )
            if text
        ]
        assert not held, f"{label}: the facing screen still holds {held}"
        person = self.person
        assert person.display_name in facing.clerk.text(), (
            f"{label}: the welcome says {facing.clerk.text()!r}, {person.display_name} is at the counter"
        )
        assert person.username not in facing.clerk.text(), f"{label}: the welcome shows the login"

    def counter_handed_over(self, label: str) -> None:
        """Another person at the counter: the facing screen's welcome names them, and the status bar shows
        no ticket of the last person's (the next F8 calls the next applicant for them)."""
        self.facing_only_welcome(label)
        status = self.window.queue_status
        invited = (
            "未叫号" if self.window.session.may_intake() else "本账号不叫号"
        )  # an administrator calls nobody
        assert self.window.queue_ticket is None and invited in status.ticket_label.text(), (
            f"{label}: after the switch the bar says {status.text()!r}"
        )

    # -- 好差评 -----------------------------------------------------------------------------------------------

    def applicant_rates(self, number: str, matter: str, label: str, step: Intake | None = None) -> None:
        """After the decision the facing screen asks for the rating of ``number``; the applicant rates (the
        keypad's digit and Enter; 跳过 touched), and it is stored as given, by the person at the counter."""
        robot, facing = self.robot, self.window.facing
        rating = facing.rating
        level = 5 if step is None else step.rating
        indicators = () if step is None else tuple(Indicator(code) for code in step.indicators)
        robot.wait(lambda: facing.pages.currentWidget() is rating and rating.asking)
        assert matter in rating.matter.text(), f"{label}: the rating asks about {rating.matter.text()!r}"
        self.checks.facing_private(label)
        if level == "skip":
            self.qtbot.mouseClick(rating.skip_now, LEFT)  # the applicant touches 跳过
        else:
            chosen = Level(level)
            robot.keypad(DIGITS[chosen])
            robot.wait(lambda: rating.level is chosen and rating.stages.currentWidget() is rating.details)
            for indicator in indicators:
                self.qtbot.mouseClick(rating.indicator_buttons[indicator], LEFT)
            robot.keypad(Qt.Key.Key_Enter)
        session = self.window.session
        robot.wait(lambda: session.rating_of(number) is not None)
        stored = session.rating_of(number)
        expected = (None, NOT_RATED_LABEL) if level == "skip" else (Level(level), Level(level).label)
        assert (stored.level, stored.label) == expected, f"{label}: {number} rated {stored.label}"
        assert (stored.indicators, stored.comment) == (indicators, ""), f"{label}: {stored}"
        assert stored.channel is RatingChannel.FACING_SCREEN, f"{label}: rated on {stored.channel}"
        assert stored.clerk == self.person.username, f"{label}: {number} rated for {stored.clerk}"
        assert (stored.followup is not None) == stored.is_bad, f"{label}: the follow-up of {number}"
        with self.checks.uow() as uow:
            recorded = list(uow.session.execute(select(RatingRecord.recorded_by)).scalars())
            mine = uow.session.execute(
                select(RatingRecord.recorded_by).where(col(RatingRecord.service_number) == number)
            ).scalar_one()
        assert mine == self.person.username, f"{label}: {number}'s rating recorded by {mine}"
        self.rated.append(number)
        assert len(recorded) == len(self.rated), (
            f"{label}: {len(recorded)} ratings for {len(self.rated)} services"
        )
        robot.wait(lambda: facing.pages.currentWidget() is facing.welcome)  # after the thank-you
        robot.back_to_window()  # a touch may have taken the keyboard: the window has it again
        self.facing_only_welcome(label)

    def bundle_rated_once(self, reference: str, members: list[str], label: str) -> None:
        """Each case of the bundle finds the one rating, by the bundle's reference."""
        session = self.window.session
        stored = {(r.service_number, r.is_bundle) for r in map(session.rating_of, [reference, *members])}
        assert stored == {(reference, True)}, f"{label}: the bundle {reference} is rated as {stored}"

    def after_intake(self, step: Intake, ticket, new: list, label: str) -> None:
        """After the decision: rated on the facing screen, the ticket linked, the welcome again."""
        number = self.numbers[step.tag]
        self.ticket_linked(ticket, number, label)
        self.applicant_rates(number, step.matter, label, step)
        if step.outcome == "bundle":
            self.bundle_rated_once(number, [c.case_number for c in new], label)

    # -- 差评回访 ---------------------------------------------------------------------------------------------

    def follow_up_ratings(self, step: FollowUpRatings, label: str) -> None:
        robot, supervisor = self.robot, self.person
        bad = {self.numbers[tag] for tag in step.tags}
        closed = self.numbers[step.closed]
        dialog = robot.open_ratings()
        model = dialog.model
        listed = [model.line(row).number for row in range(model.rowCount())]
        assert sorted(listed) == sorted(bad), f"{label}: 差评回访 lists {listed}, the bad ratings are {bad}"
        self.facing_only_welcome(label)  # nothing of the complaints faces the next applicant
        for row in range(len(listed)):  # each verified, 属实
            robot.wait(lambda row=row: dialog.table.currentIndex().row() == row)
            number = dialog.current().number
            robot.follow_up_step(dialog, step.verified, founded=True)
            robot.wait(lambda number=number: self._next_listed(dialog, number) == "整改")
            if row + 1 < len(listed):
                robot.key(Qt.Key.Key_Down)
        for _ in listed:  # the cursor up to the one to close
            if dialog.current().number == closed:
                break
            robot.key(Qt.Key.Key_Up)
        assert dialog.current().number == closed, f"{label}: ↑ does not reach {closed}"
        robot.follow_up_step(dialog, step.rectified)
        robot.wait(lambda: self._next_listed(dialog, closed) == "回复")
        robot.follow_up_step(dialog, step.answered)
        robot.wait(lambda: model.rowCount() == len(listed) - 1 and model.row_of(closed) == -1)
        assert dialog.message.text() == f"已记录 {closed} 的回复；回访已办结", (
            f"{label}: {dialog.message.text()!r}"
        )
        robot.close_dialog(dialog)
        session, today = self.window.session, date.today()
        for number in bad:
            done = session.rating_of(number).followup.steps
            expected = [(StepKind.VERIFY, today, supervisor.username, step.verified, True)]
            if number == closed:
                expected += [
                    (StepKind.RECTIFY, today, supervisor.username, step.rectified, None),
                    (StepKind.ANSWER, today, supervisor.username, step.answered, None),
                ]
            assert [(s.kind, s.on, s.by, s.text, s.founded) for s in done] == expected, (
                f"{label}: the follow-up of {number}: {done}"
            )
        open_now = [item.rating.service_number for item in session.open_bad_ratings()]
        assert sorted(open_now) == sorted(bad - {closed}), f"{label}: open bad ratings {open_now}"

    def _next_listed(self, dialog, number: str) -> str | None:
        row = dialog.model.row_of(number)
        return None if row < 0 else dialog.model.text(dialog.model.line(row), dialog.model.NEXT)
