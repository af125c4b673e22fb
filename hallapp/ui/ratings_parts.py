"""Parts of the 差评回访 dialog: the open bad ratings as a table model, their words, and the small form of
one follow-up step (核实 / 整改 / 回复).

The form is a pure form: it never touches the database. Held open by the dialog, 记录 (Ctrl+Enter, or
Enter outside the text) emits ``submitted`` with what was entered; the dialog records it through the
counter session and either closes the form (``answered``) or shows the service's refusal under it
(``refused``) with the text kept as typed. What may be recorded — the step's order, its day, whether a
complaint found unfounded skips 整改 — is the domain's to say (``FollowUp.next_step``, ``Rating._add``).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from html import escape
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QDate, Qt, Signal
from PySide6.QtGui import QColor, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QButtonGroup,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from hallapp.domain.rating import StepKind
from hallapp.ui.row_model import Index, RowTableModel

if TYPE_CHECKING:
    from hallapp.domain.rating import Rating, RectificationRate
    from hallapp.services.rating import OpenBadRating

OVERDUE_COLOUR = QColor("#b91c1c")
STYLE = """
QLabel#ratingsProblems, QLabel#ratingsRefusal { color: #7f1d1d; background: #fef2f2;
    border: 1px solid #fecaca; border-radius: 4px; padding: 6px 8px; }
QLabel#ratingsEmpty { color: #334155; font-size: 15px; padding: 24px 8px; }
QLabel#ratingsHint, QLabel#ratingsNote { color: #64748b; }
QLabel#ratingsDetail { color: #0f172a; background: #f8fafc; border: 1px solid #e2e8f0;
    border-radius: 4px; padding: 6px 8px; }
QLabel#ratingsRate { color: #0f172a; }
QLabel#ratingsRate[failed="true"] { color: #b91c1c; }
"""


def tr(text: str) -> str:
    return QCoreApplication.translate("RatingsDialog", text)


def qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def pydate(day: QDate) -> date:
    return date(day.year(), day.month(), day.day())


def local_time(moment: datetime) -> datetime:
    """A stored moment as the PC's local time, without time zone (for display)."""
    return moment.astimezone().replace(tzinfo=None) if moment.tzinfo is not None else moment


def indicator_names(rating: Rating) -> str:
    """The indicators by name (what went wrong), ``—`` for none."""
    return "；".join(i.label for i in rating.indicators) or "—"


def first_line(text: str) -> str:
    lines = [line for line in text.splitlines() if line.strip()]
    if not lines:
        return "—"
    return lines[0] + ("…" if len(lines) > 1 else "")


def due_words(line: OpenBadRating) -> str:
    """整改期限 with the working days left (or how late)."""
    day = line.due.isoformat()
    if line.overdue:
        late = -line.days_left
        return tr("{0}（已逾期{1}）").format(day, tr(" {0} 个工作日").format(late) if late > 0 else "")
    if line.days_left == 0:
        return tr("{0}（今天到期）").format(day)
    return tr("{0}（剩 {1} 个工作日）").format(day, line.days_left)


def rate_words(rate: RectificationRate) -> str:
    """回访整改率 of a period in words: in time, late, pending and the share."""
    if rate.bad == 0:
        return tr("本期间没有差评。")
    share = tr("回访整改率 {0}").format(rate.percent) if rate.rate is not None else tr("尚无到期的回访")
    return tr("差评 {0} 件：按期办结 {1} 件，逾期 {2} 件，未到期 {3} 件；{4}").format(
        rate.bad, rate.in_time, rate.late, rate.pending, share
    )


def served_words(line: OpenBadRating, phone: str | None = None) -> str:
    """Who to answer and who served them: 申请人 陈晓明 电话 138****5678 · 受理 张三（01 号窗口）.
    ``phone``: the whole number once revealed (else the masked one)."""
    said = [tr("申请人 {0}").format(line.applicant or "—")]
    said.append(tr("电话 {0}").format(phone or line.phone or tr("未留")))
    window = tr("（{0} 号窗口）").format(line.window) if line.window else ""
    said.append(tr("受理 {0}{1}").format(line.clerk_name or line.rating.clerk or "—", window))
    return "　".join(said)


def steps_words(rating: Rating, name_of: Callable[[str], str] = str) -> str:
    """The steps done so far, one line each (HTML), each by its author's display name."""
    followup = rating.followup
    if followup is None or not followup.steps:
        return tr("尚未处理")
    lines = []
    for step in followup.steps:
        verdict = ""
        if step.kind is StepKind.VERIFY:
            verdict = tr("（属实）") if step.founded else tr("（不属实）")
        lines.append(
            f"<b>{escape(step.kind.label)}</b>{escape(verdict)}　{step.on.isoformat()}　"
            f"{escape(name_of(step.by))}：{escape(step.text).replace(chr(10), '<br>')}"
        )
    return "<br>".join(lines)


@dataclass(frozen=True)
class RatingLine:
    """One open bad rating as the list shows it: the service's line and its matter."""

    item: OpenBadRating
    matter: str

    @property
    def number(self) -> str:
        return self.item.rating.service_number


class RatingsModel(RowTableModel):
    """The open bad ratings, soonest due first, as ``RatingLine`` values."""

    COLUMNS = (
        "受理编号",
        "事项",
        "申请人",
        "受理人",
        "评价",
        "存在的问题",
        "评价意见",
        "评价时间",
        "整改期限",
        "下一步",
    )
    NUMBER, MATTER, APPLICANT, CLERK, LEVEL, INDICATORS, COMMENT, RATED, DUE, NEXT = range(10)

    def set_lines(self, lines: Sequence[RatingLine]) -> None:
        self.beginResetModel()
        self._rows = list(lines)
        self.endResetModel()

    def line(self, row: int) -> RatingLine | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def row_of(self, number: str) -> int:
        return next((i for i, line in enumerate(self._rows) if line.number == number), -1)

    def text(self, line: RatingLine, column: int) -> str:
        item = line.item
        rating = item.rating
        values = (
            rating.service_number,
            line.matter,
            item.applicant or "—",
            item.clerk_name or rating.clerk or "—",
            rating.label,
            indicator_names(rating),
            first_line(rating.comment),
            local_time(rating.rated_at).strftime("%Y-%m-%d %H:%M"),
            due_words(line.item) + ("＊" if rating.followup and rating.followup.due_unverified else ""),
            line.item.next_step.label,
        )
        return values[column]

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        line = self.line(index.row()) if index.isValid() else None
        if line is None:
            return None
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self.text(line, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == self.COMMENT:
                return line.item.rating.comment or None
            if column in (self.APPLICANT, self.CLERK):
                return served_words(line.item)
            if column == self.DUE and line.item.rating.followup and line.item.rating.followup.due_unverified:
                return tr("该年度节假日安排尚未公布，期限按周末推算，未经核实")
            return self.text(line, column)
        if role == Qt.ItemDataRole.ForegroundRole and column == self.DUE and line.item.overdue:
            return OVERDUE_COLOUR
        return None


class StepForm(QDialog):
    """One follow-up step of one bad rating: what was done, (核实) whether it is founded, the day."""

    submitted = Signal(object)  # (kind, text, founded or None, day)
    reveal_requested = Signal(str)  # the service's number: show the whole phone (permission; audited)

    def __init__(
        self, line: RatingLine, today: date, parent: QWidget | None = None, *, may_reveal: bool = False
    ) -> None:
        """``may_reveal``: whether the signed-in person may see the whole phone (else no button)."""
        super().__init__(parent)
        self.line = line
        rating = line.item.rating
        self.kind: StepKind = line.item.next_step
        self.number = line.number
        self.setWindowTitle(tr("差评回访：{0}").format(self.kind.label))
        self.setStyleSheet(STYLE)
        self.setMinimumWidth(560)
        self._waiting = False

        case_line = QLabel(
            tr(
                "<b>{0}</b>　{1}　<b>{2}</b><br>存在的问题：{3}<br>评价意见：{4}<br>整改期限 {5}<br>已办：{6}"
            ).format(
                escape(rating.service_number),
                escape(line.matter),
                escape(rating.label),
                escape(indicator_names(rating)),
                escape(rating.comment or "—").replace("\n", "<br>"),
                escape(due_words(line.item)),
                steps_words(rating, line.item.name_of),
            )
        )
        case_line.setWordWrap(True)
        case_line.setTextFormat(Qt.TextFormat.RichText)
        self.served = QLabel(served_words(line.item))  # who to call back, and who served them
        self.served.setObjectName("ratingsServed")
        self.served.setWordWrap(True)
        self.served.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.reveal_button = QPushButton(tr("显示完整电话(&V)"))
        self.reveal_button.setToolTip(tr("需要相应权限；每次查看都记入审计记录"))
        self.reveal_button.setAutoDefault(False)
        self.reveal_button.setVisible(may_reveal and bool(line.item.phone))
        self.reveal_button.clicked.connect(lambda: self.reveal_requested.emit(self.number))
        served_row = QHBoxLayout()
        served_row.addWidget(self.served, 1)
        served_row.addWidget(self.reveal_button)

        self.text_edit = QPlainTextEdit()
        self.text_edit.setTabChangesFocus(True)  # Tab leaves the text: the form stays keyboard-first
        self.text_edit.setPlaceholderText(
            {
                StepKind.VERIFY: tr("核实了什么、向谁了解、结论如何"),
                StepKind.RECTIFY: tr("采取了哪些整改措施"),
                StepKind.ANSWER: tr("如何、何时答复了申请人，答复内容"),
            }[self.kind]
        )
        self.text_edit.setMinimumHeight(110)
        form = QFormLayout()
        form.setHorizontalSpacing(12)
        label = QLabel(tr("{0}情况(&T)").format(self.kind.label))
        label.setBuddy(self.text_edit)
        form.addRow(label, self.text_edit)

        self.founded_yes = QRadioButton(tr("属实(&Y)"))
        self.founded_no = QRadioButton(tr("不属实(&N)"))
        self.founded_group = QButtonGroup(self)
        self.founded_group.addButton(self.founded_yes)
        self.founded_group.addButton(self.founded_no)
        self.founded_hint = QLabel()
        self.founded_hint.setObjectName("ratingsHint")
        if self.kind is StepKind.VERIFY:
            choice = QHBoxLayout()
            choice.addWidget(self.founded_yes)
            choice.addWidget(self.founded_no)
            choice.addWidget(self.founded_hint, 1)
            verdict = QLabel(tr("核实结果"))
            form.addRow(verdict, choice)
            self.founded_yes.toggled.connect(self._explain_founded)
            self.founded_no.toggled.connect(self._explain_founded)
        else:
            for widget in (self.founded_yes, self.founded_no, self.founded_hint):
                widget.hide()

        followup = rating.followup
        since = (
            followup.steps[-1].on
            if followup and followup.steps
            else (followup.opened_on if followup else today)
        )
        self.date_edit = QDateEdit(qdate(today))
        self.date_edit.setCalendarPopup(True)
        self.date_edit.setDisplayFormat("yyyy-MM-dd")
        self.date_edit.setMinimumDate(qdate(min(since, today)))
        self.date_edit.setMaximumDate(qdate(today))
        day_label = QLabel(tr("{0}日期(&D)").format(self.kind.label))
        day_label.setBuddy(self.date_edit)
        form.addRow(day_label, self.date_edit)

        self.problems_label = QLabel()
        self.problems_label.setObjectName("ratingsProblems")
        self.problems_label.setWordWrap(True)
        self.problems_label.hide()
        self.status_label = QLabel()
        self.status_label.setObjectName("ratingsHint")
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(tr("记录（Ctrl+Enter）"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(tr("取消"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        footer = QHBoxLayout()
        footer.addWidget(self.status_label, 1)
        footer.addWidget(self.buttons)

        body = QVBoxLayout(self)
        body.setContentsMargins(18, 14, 18, 14)
        body.setSpacing(10)
        body.addWidget(case_line)
        body.addLayout(served_row)
        body.addLayout(form)
        body.addWidget(self.problems_label)
        body.addLayout(footer)
        self.ok_button.setDefault(True)
        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            QShortcut(QKeySequence(keys), self, self.accept)
        self.text_edit.setFocus()

    def show_phone(self, text: str, allowed: bool = True) -> None:
        """The whole phone once revealed (``allowed``), or why not (in red, the masked one kept)."""
        if allowed:
            self.served.setText(served_words(self.line.item, text))
            self.reveal_button.setEnabled(False)
        else:
            self.problems_label.setText(text)
            self.problems_label.show()

    def _explain_founded(self) -> None:
        if self.founded_no.isChecked():
            self.founded_hint.setText(tr("不属实：无需整改，下一步直接回复申请人"))
        elif self.founded_yes.isChecked():
            self.founded_hint.setText(tr("属实：下一步整改，再回复申请人"))

    def founded(self) -> bool | None:
        """核实 only: the chosen result (None: not chosen, or not a 核实)."""
        if self.kind is not StepKind.VERIFY:
            return None
        if self.founded_yes.isChecked():
            return True
        return False if self.founded_no.isChecked() else None

    def values(self) -> tuple[StepKind, str, bool | None, date]:
        return self.kind, self.text_edit.toPlainText(), self.founded(), pydate(self.date_edit.date())

    def problems(self) -> list[str]:
        text = self.problems_label.text()
        return text.split("\n") if not self.problems_label.isHidden() and text else []

    def accept(self) -> None:
        """记录: hand what was entered to the dialog and wait for its answer (the service checks it)."""
        if self._waiting:
            return
        self._waiting = True
        self.ok_button.setEnabled(False)
        self.status_label.setText(tr("正在记录…"))
        self.submitted.emit(self.values())

    def answered(self) -> None:
        """The step was recorded: close."""
        self._waiting = False
        super().accept()

    def refused(self, message: str) -> None:
        """The service refused the step: say why under the form, keep everything as entered."""
        self._waiting = False
        self.ok_button.setEnabled(True)
        self.status_label.clear()
        self.problems_label.setText(message)
        self.problems_label.show()
        self.text_edit.setFocus()

    def reject(self) -> None:
        if not self._waiting:  # Esc while the answer is awaited would lose the answer's words
            super().reject()
