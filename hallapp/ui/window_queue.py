"""排队叫号 at the counter window: 下一位 (F8), 重呼 (Shift+F8), 过号 (Ctrl+F8), 转移… (Ctrl+Shift+F8),
the ticket and the waiting count in the status bar, and the ticket linked to the case that follows.

Mixed into ``MainWindow`` (see ``window_devices``). Every call to the queue system runs on the ``queue``
lane of the operation helper, never on the UI thread; linking a ticket writes the trail on the ``db``
lane first, then tells the queue system. A queue system that is down or slow is said in the status bar's
queue part, never in a message box, and the part recovers by itself once it answers again.

Rules the clerk can rely on:
- One call at a time (one operation key for all four): a second F8 while the first is unanswered calls
  nobody; the HTTP adapter re-sends the same request id when pressed again after an unanswered call.
- The ticket called is linked to each decision stored until the next F8 (a case's number, a bundle's
  reference): an applicant with two matters at this window has both cases on their ticket. A linked
  ticket can no longer be recalled, skipped or transferred; 过号 and 转移 clear it.
- F8 during an intake while the ticket called is not linked yet is refused in words, in the window's
  status line (the applicant at the counter would lose their ticket's link); F8 after a ticket that led
  to no case says so.
- Who may not take cases in (the administrator, the auditor) sees no invitation to press F8 but the
  reason instead; F8 and the others say that reason in the status bar and call nobody.
- A counter without a queue system shows nothing of it: no menu, no status part, and the keys do
  nothing (disabled). No status line either: the clerk of such a hall has no F8 in any menu to press,
  and a stray F8 must not replace the words the status line holds (the case just saved).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QTimer
from PySide6.QtGui import QAction, QKeySequence

from hallapp.errors import describe
from hallapp.ui.queue_widgets import QueueStatus, TransferDialog

if TYPE_CHECKING:
    from PySide6.QtCore import SignalInstance
    from PySide6.QtWidgets import QMenu, QMenuBar, QStackedWidget, QStatusBar

    from hallapp.devices.queue import Ticket
    from hallapp.services.intake_inputs import BundleResult, IntakeResult
    from hallapp.services.session import CounterSession
    from hallapp.ui.intake_page import IntakePage
    from hallapp.ui.ops import Operations

REFRESH_MS = 5_000  # the waiting count is asked this often (and after each call)
CALL_KEY = "queue-call"  # 下一位, 重呼, 过号 and 转移 share it: one call to the queue system at a time
WAITING_KEY = "queue-waiting"


class QueueActions:
    """Provided by ``MainWindow``: ``ops``, ``session``, ``decided``, ``intake``, ``work``, the menu and
    status bars."""

    if TYPE_CHECKING:
        ops: Operations
        session: CounterSession | None
        decided: SignalInstance
        intake: IntakePage
        work: QStackedWidget

        def menuBar(self) -> QMenuBar: ...
        def statusBar(self) -> QStatusBar: ...
        def addAction(self, action: QAction) -> None: ...
        def tr(self, text: str) -> str: ...
        def set_status(self, text: str) -> None: ...

    # -- built once --------------------------------------------------------------------------------------

    def connect_queue(self) -> None:
        parent: Any = self
        self.queue_status = QueueStatus()
        self.queue_status.hide()
        self.statusBar().addPermanentWidget(self.queue_status)
        self._queue_poller = QObject(parent)  # owns the count's refreshes: no busy cursor every 5 s
        self.queue_menu: QMenu = self.menuBar().addMenu(self.tr("叫号(&Q)"))
        self.queue_actions: list[QAction] = []
        for text, keys, slot in (
            ("下一位", "F8", self.call_next_ticket),
            ("重呼", "Shift+F8", self.recall_ticket),
            ("过号", "Ctrl+F8", self.skip_ticket),
            ("转移…", "Ctrl+Shift+F8", self.transfer_ticket),
        ):
            action = QAction(self.tr(text), parent)
            action.setShortcut(QKeySequence(keys))
            action.triggered.connect(slot)
            self.addAction(action)
            self.queue_menu.addAction(action)
            self.queue_actions.append(action)
        self._queue_timer = QTimer(parent)
        self._queue_timer.setInterval(REFRESH_MS)
        self._queue_timer.timeout.connect(lambda: self.refresh_waiting(from_timer=True))
        self.decided.connect(self.link_ticket)
        self.transfer_dialog: TransferDialog | None = None
        self._queue_key: tuple[object, ...] | None = None  # the queue system and window the ticket is of
        self._forget_ticket()
        self._show_queue(False)

    # -- who is at the counter, and which queue system ---------------------------------------------------

    def queue_attached(self) -> None:
        """Signed in, or this PC's settings changed: show the queue part if (and only if) there is a
        queue system; a ticket called from another queue system or window is not this window's."""
        from hallapp.devices.queue_factory import queue_settings_of

        session = self.session
        on = session is not None and session.has_queue
        key = (queue_settings_of(session.settings), session.settings.window) if session and on else None
        if key != self._queue_key:  # an answer still on its way is of the queue system before
            self._forget_calls()
            self._forget_ticket()
            self.queue_status.clear()
        self._queue_key = key
        self._show_queue(on)
        if session is None or not on:
            self._queue_timer.stop()
            return
        for action in self.queue_actions:  # enabled all the same: a key pressed says why it calls nobody
            action.setToolTip(self._why_no_calls())
        self._show_ticket()
        self._queue_timer.start()
        self.refresh_waiting()

    def queue_detached(self) -> None:
        """Signed out: nothing of the last person's ticket stays; the part and the menu go."""
        self._queue_timer.stop()
        self._forget_calls()
        if self.transfer_dialog is not None:
            self.transfer_dialog.close()
            self.transfer_dialog = None
        self._forget_ticket()
        self._queue_key = None
        self.queue_status.clear()
        self._show_queue(False)

    def _forget_calls(self) -> None:
        """Drop the answers still on their way (the queue system has done what it was asked)."""
        self.ops.forget(self.queue_status, CALL_KEY)
        self.ops.forget(self._queue_poller, WAITING_KEY)

    def _show_queue(self, on: bool) -> None:
        self.queue_status.setVisible(on)
        self.queue_menu.menuAction().setVisible(on)
        for action in self.queue_actions:
            action.setVisible(on)
            action.setEnabled(on)

    def _queue_on(self) -> bool:
        return self.session is not None and self.session.has_queue and self._queue_key is not None

    def _why_no_calls(self) -> str:
        """Why the signed-in person calls no ticket ("" when they may): only who takes cases in calls."""
        session = self.session
        return "" if session is None or session.may_intake() else session.why_not_intake()

    def _may_call(self) -> bool:
        """The queue is on and the signed-in person may call; a refusal is said in the status bar."""
        if not self._queue_on():
            return False
        reason = self._why_no_calls()
        if reason:
            self.set_status(reason)
        return not reason

    # -- the ticket --------------------------------------------------------------------------------------

    def _forget_ticket(self) -> None:
        self.queue_ticket: Ticket | None = None
        self.queue_linked = ""  # the case the ticket was linked to ("" while it is not)
        self.queue_told = ""  # the case the queue system has taken the link of
        self.queue_applicant: tuple[str, str] | None = None  # whose cases the ticket holds

    def _show_ticket(self) -> None:
        reason = self._why_no_calls()
        if reason:
            self.queue_status.show_no_calls(reason)
        else:
            linked = self.queue_linked
            told = bool(linked) and self.queue_told == linked
            self.queue_status.show_ticket(self.queue_ticket, linked, told=told)

    def _say(self, text: str, *, problem: bool = False) -> None:
        self.queue_status.say(text, problem=problem)

    def _open_ticket(self, what: str) -> Ticket | None:
        """The ticket a 重呼/过号/转移 acts on, or None with the reason said."""
        ticket = self.queue_ticket
        if ticket is None:
            self._say(self.tr("当前没有号票，无法{0}：请按 F8 叫下一位").format(what), problem=True)
            return None
        if self.queue_linked:
            self._say(
                self.tr("{0} 已关联办件 {1}，已办结：请按 F8 叫下一位").format(
                    ticket.number, self.queue_linked
                ),
                problem=True,
            )
            return None
        return ticket

    def _in_intake(self) -> bool:
        return self.work.currentWidget() is self.intake

    # -- the four keys -----------------------------------------------------------------------------------

    def call_next_ticket(self) -> None:
        """F8 下一位: the next ticket for this window. The ticket before it is done at the queue system."""
        if not self._may_call():
            return
        previous = self.queue_ticket if not self.queue_linked else None
        if previous is not None and self._in_intake():
            # The clerk's own key refused: the window's status line (in place of the last word there,
            # the card just read, say); the queue part keeps only the ticket and the count, so the bar
            # holds it all on a 1366-pixel screen.
            self._say("")
            self.set_status(self.tr("请先办结 {0} 的受理（或 Esc 退出），再叫下一位").format(previous.number))
            return
        if self._run_call(lambda s: s.call_next(), lambda ticket: self._called(ticket, previous), "叫号"):
            self._say(self.tr("正在叫号…"))

    def _called(self, ticket: Ticket | None, previous: Ticket | None) -> None:
        if self.queue_ticket is not previous or self.queue_linked:
            previous = None  # a decision stored meanwhile linked it after all
        self.queue_ticket, self.queue_linked, self.queue_applicant = ticket, "", None
        self._show_ticket()
        unlinked = self.tr("；上一号 {0} 未关联办件").format(previous.number) if previous is not None else ""
        if ticket is None:
            self._say(self.tr("暂无等候") + unlinked)
        else:
            self._say(self.tr("已叫 {0}").format(ticket.number) + unlinked)  # its group: on the ticket part
        self.refresh_waiting()

    def recall_ticket(self) -> None:
        """Shift+F8 重呼: call the same ticket again."""
        ticket = self._open_ticket("重呼") if self._may_call() else None
        if ticket is not None:
            self._run_call(
                lambda s: s.recall(ticket),
                lambda _none: self._done(self.tr("已重呼 {0}").format(ticket.number)),
                "重呼",
            )

    def skip_ticket(self) -> None:
        """Ctrl+F8 过号: the applicant did not come; the ticket is done with."""
        ticket = self._open_ticket("过号") if self._may_call() else None
        if ticket is None:
            return

        def skipped(_none: None) -> None:
            self._clear_if(ticket)
            self._done(self.tr("{0} 已过号").format(ticket.number))

        self._run_call(lambda s: s.skip_ticket(ticket), skipped, "过号")

    def transfer_ticket(self) -> None:
        """Ctrl+Shift+F8 转移…: ask the window number, then send the ticket there."""
        session = self.session
        ticket = self._open_ticket("转移") if self._may_call() else None
        if ticket is None or session is None:
            return
        if self.ops.busy(self.queue_status, CALL_KEY):
            self._say(self.tr("正在等待叫号系统应答，请稍候"), problem=True)
            return
        parent: Any = self
        dialog = TransferDialog(ticket, session.settings.window, parent)
        dialog.submitted.connect(lambda target: self._send_transfer(dialog, ticket, target))
        dialog.finished.connect(lambda _result: self._transfer_closed(dialog))
        self.transfer_dialog = dialog
        dialog.open()

    def _send_transfer(self, dialog: TransferDialog, ticket: Ticket, target: str) -> None:
        def sent(_none: None) -> None:
            self._clear_if(ticket)
            dialog.sent()
            self._done(self.tr("{0} 已转至 {1} 号窗口").format(ticket.number, target))

        def refused(error: BaseException) -> None:
            self._call_failed("转移")(error)
            dialog.refuse(describe(error))

        if not self.ops.run(
            self.queue_status,
            lambda s: s.transfer_ticket(ticket, target),
            sent,
            refused,
            key=CALL_KEY,
            lane="queue",
        ):
            dialog.refuse(self.tr("正在等待叫号系统应答，请稍候再按 Enter"))

    def _transfer_closed(self, dialog: TransferDialog) -> None:
        if self.transfer_dialog is dialog:
            self.transfer_dialog = None
        dialog.deleteLater()

    def _clear_if(self, ticket: Ticket) -> None:
        if self.queue_ticket is not None and self.queue_ticket.number == ticket.number:
            self._forget_ticket()
            self._show_ticket()

    def _done(self, words: str) -> None:
        self._say(words)
        self.refresh_waiting()

    def _run_call(self, fn: Callable[[Any], Any], on_done: Callable[[Any], None], what: str) -> bool:
        """One call to the queue system at a time; False (and said) while the last is unanswered."""
        started = self.ops.run(
            self.queue_status, fn, on_done, self._call_failed(what), key=CALL_KEY, lane="queue"
        )
        if not started:
            self._say(self.tr("正在等待叫号系统应答，请稍候"), problem=True)
        return started

    def _call_failed(self, what: str) -> Callable[[BaseException], None]:
        def failed(error: BaseException) -> None:
            from hallapp.devices.queue import QueueUnavailable

            words = describe(error)
            if isinstance(error, QueueUnavailable):
                self.queue_status.show_unavailable(words)
            self._say(self.tr("未能{0}：{1}").format(what, words), problem=True)

        return failed

    # -- the waiting count -------------------------------------------------------------------------------

    def refresh_waiting(self, *, from_timer: bool = False) -> None:
        """Ask how many wait for this window. The timer never adds a request while one is unanswered
        (a slow queue system is asked again only once it has answered); after a call the newest answer
        wins (``latest``)."""
        if not self._queue_on() or (from_timer and self.ops.busy(self._queue_poller, WAITING_KEY)):
            return
        self.ops.run(
            self._queue_poller,
            lambda s: s.waiting_count(),
            self._waiting_shown,
            self._waiting_failed,
            key=WAITING_KEY,
            lane="queue-count",
            latest=True,
        )

    def _waiting_shown(self, count: int) -> None:
        was_down = self.queue_status.unavailable
        self.queue_status.show_waiting(count)
        if was_down:
            self._say(self.tr("叫号系统已恢复"))

    def _waiting_failed(self, error: BaseException) -> None:
        from hallapp.devices.queue import QueueUnavailable

        if isinstance(error, QueueUnavailable):
            self.queue_status.show_unavailable(describe(error))
        else:  # refused (this window unknown to the queue system, say): the reason, in words
            self.queue_status.show_unknown_count(describe(error))

    # -- the ticket linked to its case -------------------------------------------------------------------

    def link_ticket(self, result: IntakeResult | BundleResult) -> None:
        """A decision was stored: the ticket called is linked to its case (trail first, then the queue
        system). A second decision before the next F8 is linked too when it is the same applicant's
        next matter; another applicant's case is not put on this ticket (the clerk forgot F8)."""
        from hallapp.services.intake_inputs import BundleResult

        ticket = self.queue_ticket
        if not self._queue_on() or ticket is None:
            return
        number = result.reference if isinstance(result, BundleResult) else result.number
        applicant = getattr(self, "decided_for", None)
        if self.queue_linked and applicant != self.queue_applicant:
            self._say(self.tr("另一位申请人未叫号：未关联 {0}").format(ticket.number), problem=True)
            return
        self.queue_applicant = applicant
        before = self.queue_linked
        self.queue_linked = number
        self._show_ticket()

        def told(_none: None) -> None:
            """Said once, on the ticket part (``A001 已关联办件 …``); in the note only for a ticket that is
            no longer the one shown."""
            if self.queue_ticket is ticket and self.queue_linked == number:
                self.queue_told = number
                self._say("")
                self._show_ticket()
            else:
                self._say(self.tr("{0} 已关联办件 {1}").format(ticket.number, number))

        def recorded(_none: None) -> None:
            self.ops.run(
                self._queue_poller,
                lambda s: s.tell_queue_link(ticket, number),
                told,
                lambda error: self._say(
                    self.tr("叫号系统未能登记 {0} 与 {1} 的关联（办件记录中已记下）：{2}").format(
                        ticket.number, number, describe(error)
                    ),
                    problem=True,
                ),
                key=f"queue-tell-{number}",
                lane="queue",
            )

        def not_recorded(error: BaseException) -> None:
            if self.queue_ticket is ticket and self.queue_linked == number:
                self.queue_linked = before
                self._show_ticket()
            self._say(
                self.tr("号票 {0} 未能关联办件 {1}：{2}").format(ticket.number, number, describe(error)),
                problem=True,
            )

        self.ops.run(
            self._queue_poller,
            lambda s: s.link_ticket(ticket, number),
            recorded,
            not_recorded,
            key=f"queue-link-{number}",
            lane="db",
        )
