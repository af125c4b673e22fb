"""The frame of the follow-up forms (补正, 延期, 催补, 终止办理 / 撤回 confirmations): a case line on top, the
form, an inline problems label and OK / Cancel; held open by the board until the use case answers.

Pure forms: they never touch the database. ``values()`` says what the clerk entered. Held open by the
board (``hold_until_answered``), OK emits ``submitted`` instead of closing: the board runs the use case
and either closes the form (``answered``) or shows the service's refusal in it (``refused``) — so a wrong
supervisor password or a refused date never throws away what was typed.
Enter means OK, Esc cancels (not while the answer is awaited), everything is reachable by keyboard.
"""

from __future__ import annotations

from datetime import date
from html import escape
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QDate, Signal
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QLineEdit, QVBoxLayout, QWidget

if TYPE_CHECKING:
    from hallapp.services.board import BoardRow

STYLE = """
QLabel#dialogProblems { color: #b91c1c; background: #fef2f2; border: 1px solid #fecaca;
    border-radius: 4px; padding: 6px 8px; }
QLabel#dialogCase { color: #0f172a; }
QLabel#dialogHint { color: #64748b; }
QLabel#dayHint { color: #334155; }
QLabel#dayHint[warn="true"] { color: #b45309; font-weight: bold; }
QGroupBox { font-weight: bold; margin-top: 12px; padding-top: 6px; border: 1px solid #cbd5e1; border-radius: 4px; }
QGroupBox::title { subcontrol-origin: margin; left: 8px; padding: 0 4px; }
QCheckBox { font-weight: normal; padding: 2px 0; }
"""


def tr(text: str) -> str:
    return QCoreApplication.translate("FollowUpDialogs", text)


def qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def pydate(day: QDate) -> date:
    return date(day.year(), day.month(), day.day())


def buddy_label(text: str, buddy: QWidget) -> QLabel:
    label = QLabel(text)
    label.setBuddy(buddy)
    return label


class _Form(QDialog):
    """A dialog with a case line on top, a form, an inline problems label and OK / Cancel."""

    submitted = Signal(object)  # values(), once the form's own checks passed (only when held open)

    def __init__(self, title: str, parent: QWidget | None, ok_text: str = "确定") -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setStyleSheet(STYLE)
        self.setMinimumWidth(520)
        self._holding = False
        self.problems_label = QLabel()
        self.problems_label.setObjectName("dialogProblems")
        self.problems_label.setWordWrap(True)
        self.problems_label.hide()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(self.tr(ok_text))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("取消"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.body = QVBoxLayout(self)
        self.body.setContentsMargins(18, 14, 18, 14)
        self.body.setSpacing(10)

    def _finish(self) -> None:
        """Add the problems label and the buttons last; only then may OK become the default (Enter)."""
        self.body.addWidget(self.problems_label)
        self.body.addWidget(self.buttons)
        self.ok_button.setDefault(True)

    def _case_line(self, row: BoardRow) -> QLabel:
        label = QLabel(
            self.tr("<b>{0}</b>　{1}　{2}<br>补正期限 {3}（{4}）").format(
                *(escape(value) for value in (row.number, row.applicant_name, row.matter_name)),
                row.deadline.isoformat(),
                row.status_label,
            )
        )
        label.setObjectName("dialogCase")
        label.setWordWrap(True)
        return label

    def values(self) -> Any:
        """What the form says (None for a plain confirmation)."""
        return None

    def problems(self) -> list[str]:
        """What the form shows as wrong right now."""
        text = self.problems_label.text()
        return text.split("\n") if not self.problems_label.isHidden() and text else []

    def _check(self) -> list[str]:
        return []

    def _show_problems(self, problems: list[str]) -> None:
        self.problems_label.setText("\n".join(problems))
        self.problems_label.show()
        self._grow_to_fit()

    def _grow_to_fit(self) -> None:
        """A message that appears takes room of its own: the dialog grows (within the screen) instead of
        squeezing the wrapped lines above it to half their height."""
        layout = self.layout()
        if layout is None:
            return
        layout.activate()
        needed = layout.totalHeightForWidth(self.width()) if layout.hasHeightForWidth() else -1
        needed = max(needed, layout.totalMinimumSize().height())
        screen = self.screen().availableGeometry().height() if self.screen() is not None else needed
        if needed > self.height():
            self.resize(self.width(), min(needed, screen))

    def hold_until_answered(self) -> None:
        """From now on OK emits ``submitted`` and the form stays open until ``answered`` or ``refused``."""
        self._holding = True

    def accept(self) -> None:
        """OK or Enter: when the form is complete, close (or, held open, submit); else say what is missing."""
        problems = self._check()
        if problems:
            self._show_problems(problems)
            return
        self.problems_label.hide()
        if self._holding:
            self.submitted.emit(self.values())
        else:
            super().accept()

    def answered(self) -> None:
        """The use case succeeded: close the form."""
        self.done(QDialog.DialogCode.Accepted)

    def refused(self, text: str, focus: QWidget | None = None) -> None:
        """The use case refused: say why in the form, keep everything typed, put the cursor where to fix."""
        self._show_problems([text])
        if focus is not None:
            focus.setFocus()
            if isinstance(focus, QLineEdit):
                focus.selectAll()

    def reject(self) -> None:
        """Esc or Cancel — not while the answer is awaited (a change half-told is worse than a wait)."""
        if not self.property("busy"):
            super().reject()


class ConfirmDialog(_Form):
    """A question with OK / Cancel, in the page's own words (no QMessageBox)."""

    def __init__(
        self, text: str, parent: QWidget | None = None, *, title: str = "请确认", ok_text: str = "确定"
    ) -> None:
        super().__init__(tr(title), parent, ok_text)
        self.text_label = QLabel(text)
        self.text_label.setWordWrap(True)
        self.body.addWidget(self.text_label)
        self._finish()
        self.ok_button.setFocus()
