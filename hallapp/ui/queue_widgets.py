"""排队叫号 in the window: the status bar's queue part and the 转移 dialog (see ``window_queue``).

Both only show and ask. ``QueueStatus`` shows the ticket called to this window (its number and the matter
group it was drawn for), how many are waiting, and the last word of the queue system — in words, never in
a message box, so a slow or absent queue system never stops the clerk. ``TransferDialog`` asks for the
window a ticket goes to; the window runs the transfer and answers ``refuse(words)`` or ``sent()``.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from hallapp.devices.queue import WINDOW_MAX, QueueRefused, Ticket, check_window

PROBLEM = "color: #b91c1c;"
QUIET = "color: #334155;"
NOTE_WIDTH = 420  # pixels of the last word in the status bar (cut with …, whole in its tooltip), so a
TICKET_WIDTH = 300  # long sentence never widens the window past a 1366-pixel screen


def transfer_target(text: str, own_window: str) -> str:
    """The window a ticket may be sent to, or ``QueueRefused`` in words (the session checks again)."""
    target = check_window(text)
    if target == own_window.strip():
        raise QueueRefused(f"号票已在本窗口（{target}）：请填写要转去的窗口号")
    return target


class QueueStatus(QWidget):
    """The status bar's queue part: ``A023 综合受理`` · ``等候 5 人`` · the last word (暂无等候 …)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("queueStatus")
        self.ticket_label = QLabel()
        self.ticket_label.setObjectName("queueTicket")
        self.waiting_label = QLabel()
        self.waiting_label.setObjectName("queueWaiting")
        self.note_label = QLabel()
        self.note_label.setObjectName("queueNote")
        self._note = ""
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(12)
        layout.addWidget(self.note_label)
        layout.addWidget(self.ticket_label)
        layout.addWidget(self.waiting_label)
        self.clear()

    def clear(self) -> None:
        """Nothing of a ticket, a count or a word (signed out, another queue system)."""
        self.show_ticket(None)
        self.waiting_label.clear()
        self.waiting_label.setToolTip("")
        self.say("")

    def show_ticket(self, ticket: Ticket | None, linked: str = "", *, told: bool = False) -> None:
        """The ticket called to this window (None: none), and the case it was linked to, if any:
        ``A001 已关联 …`` in the case records, ``A001 已关联办件 …`` once the queue system took it
        (``told``). Its group is shown while the applicant is served; once linked the case says it."""
        if ticket is None:
            text, style = self.tr("未叫号（F8 下一位）"), QUIET
        elif linked:
            words = self.tr("{0} 已关联办件 {1}") if told else self.tr("{0} 已关联 {1}")
            text, style = words.format(ticket.number, linked), QUIET
        else:
            text, style = self.tr("当前 {0}").format(ticket.label), "color: #1d4ed8; font-weight: bold;"
        self.ticket_label.setStyleSheet(style)
        _fit(self.ticket_label, text, TICKET_WIDTH)

    def show_no_calls(self, reason: str) -> None:
        """The signed-in person calls no ticket (they take no cases in): said short, why in the tooltip."""
        self.ticket_label.setStyleSheet(QUIET)
        self.ticket_label.setText(self.tr("本账号不叫号"))
        self.ticket_label.setToolTip(reason)

    def show_waiting(self, count: int) -> None:
        self.waiting_label.setText(self.tr("等候 {0} 人").format(count))
        self.waiting_label.setStyleSheet(QUIET)
        self.waiting_label.setToolTip(self.tr("本窗口可叫的号票数"))

    def show_unavailable(self, words: str) -> None:
        """The queue system does not answer (down, slow, garbled): said here, the count is not shown."""
        self.waiting_label.setText(self.tr("叫号系统暂不可用"))
        self.waiting_label.setStyleSheet(PROBLEM)
        self.waiting_label.setToolTip(words)

    def show_unknown_count(self, words: str) -> None:
        """The queue system answered but would not count (an unknown window): the reason in the tooltip."""
        self.waiting_label.setText(self.tr("等候人数未知"))
        self.waiting_label.setStyleSheet(PROBLEM)
        self.waiting_label.setToolTip(words)

    @property
    def unavailable(self) -> bool:
        return self.waiting_label.text() == self.tr("叫号系统暂不可用")

    def say(self, text: str, *, problem: bool = False) -> None:
        """The last word of a call (已重呼 A023, 暂无等候, why a call failed); a long one is cut with …
        here and whole in the tooltip."""
        self._note = text
        self.note_label.setStyleSheet(PROBLEM if problem else QUIET)
        _fit(self.note_label, text, NOTE_WIDTH)

    def text(self) -> str:
        """Everything the part says, as one line, sentences whole (for tests and screen readers)."""
        parts = (
            self._note,
            self.ticket_label.toolTip() or self.ticket_label.text(),
            self.waiting_label.text(),
        )
        return " ".join(part for part in parts if part)


def _fit(label: QLabel, text: str, width: int) -> None:
    """``text`` on ``label``, cut with … to ``width`` pixels; the whole text in the tooltip when cut."""
    label.ensurePolished()  # the style sheet's font (bold) is the one measured
    shown = QFontMetrics(label.font()).elidedText(text, Qt.TextElideMode.ElideRight, width)
    label.setText(shown)
    label.setToolTip(text if shown != text else "")


class TransferDialog(QDialog):
    """转移…: the window number typed, Enter sends, Esc cancels; a bad number is refused in words here."""

    submitted = Signal(str)  # the window the ticket goes to

    def __init__(self, ticket: Ticket, own_window: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ticket = ticket
        self.own_window = own_window
        self.setWindowTitle(self.tr("转移号票"))
        question = QLabel(self.tr("将 {0} 转至窗口(&W)：").format(ticket.label))
        self.edit = QLineEdit()
        self.edit.setMaxLength(WINDOW_MAX)
        self.edit.setPlaceholderText(self.tr("窗口号，例如 02"))
        question.setBuddy(self.edit)
        self.error = QLabel()
        self.error.setObjectName("transferError")
        self.error.setStyleSheet(PROBLEM)
        self.error.setWordWrap(True)
        hint = QLabel(self.tr("Enter 转移 · Esc 取消。转去的窗口会先叫这张号票。"))
        hint.setStyleSheet(QUIET)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("转移"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("取消"))
        self.buttons.accepted.connect(self._submit)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(question)
        layout.addWidget(self.edit)
        layout.addWidget(self.error)
        layout.addWidget(hint)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(360)
        self.edit.setFocus(Qt.FocusReason.OtherFocusReason)

    def accept(self) -> None:
        """Enter: send (the dialog closes once the queue system has taken it: ``sent``)."""
        self._submit()

    def _submit(self) -> None:
        if not self.edit.isEnabled():
            return  # already sent, waiting for the answer
        try:
            target = transfer_target(self.edit.text(), self.own_window)
        except QueueRefused as refusal:
            self.refuse(str(refusal))
            return
        self.error.setText(self.tr("正在转移至 {0} 号窗口…").format(target))
        self.edit.setEnabled(False)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(False)
        self.submitted.emit(target)

    def refuse(self, words: str) -> None:
        """Not sent: why, in words; the number stays typed and selected to be corrected."""
        self.error.setText(words)
        self.edit.setEnabled(True)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(True)
        self.edit.setFocus()
        self.edit.selectAll()

    def sent(self) -> None:
        super().accept()
