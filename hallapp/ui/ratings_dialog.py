"""差评回访: the supervisor's list of open bad ratings, each one's next follow-up step, 回访整改率 of a
period, and the export of the period's ratings.

Opened by the window as ``RatingsDialog(ops, parent)`` (菜单 差评回访…, Ctrl+Shift+R; only for those who
follow bad ratings up, ``Permission.APPROVE_EXTENSION``). Keyboard-first: the list has the focus, the
soonest due on top; Enter opens the next step's form (核实 / 整改 / 回复), Ctrl+Enter records it. Everything
is read and recorded through the counter session on the database worker (``ops.run``), never on the UI
thread; the list reloads when an operation says ratings changed (``ops.did_change``), so a step recorded
here, or a bad rating given at a counter meanwhile, shows at once. Anyone else who opens it sees why, in
words, and nothing is loaded; the export is disabled, with the reason, for those without the right to
export (``Permission.EXPORT_CASES``).

The hall's follow-up period (差评整改期限, ``rating.followup_days``, default 5 working days) is set here
by an administrator (``Permission.SETTINGS``): the row is shown to them only. It sits with the ratings,
not in the settings dialog, because it is a rule of this follow-up alone and the service already keeps
it apart from the hall's settings; a new period counts for bad ratings given from then on.
"""

from __future__ import annotations

from datetime import date, timedelta
from html import escape
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDateEdit,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from hallapp.domain.access import Permission
from hallapp.errors import describe
from hallapp.ui.ratings_days import FollowupDaysRow
from hallapp.ui.ratings_parts import (
    STYLE,
    RatingLine,
    RatingsModel,
    StepForm,
    indicator_names,
    pydate,
    qdate,
    rate_words,
    served_words,
    steps_words,
)
from hallapp.ui.row_model import row_table

if TYPE_CHECKING:
    from hallapp.domain.rating import RectificationRate, StepKind
    from hallapp.services.changes import Changes
    from hallapp.ui.ops import Operations

EXPORT_FILTERS = "Excel 工作簿 (*.xlsx);;CSV 文件 (*.csv)"


def month_of(day: date) -> tuple[date, date]:
    """The first and last day of ``day``'s month."""
    first = day.replace(day=1)
    following = (first + timedelta(days=32)).replace(day=1)
    return first, following - timedelta(days=1)


def read_open(session: Any, today: date) -> list[RatingLine]:
    """On the database worker: the open bad ratings with each service's matter (a bundle's name)."""
    return [RatingLine(item, item.matter) for item in session.open_bad_ratings(today=today)]


class RatingsDialog(QDialog):
    """Opened with ``ops.session`` signed in; ``today`` for tests (default: the PC's date)."""

    def __init__(self, ops: Operations, parent: QWidget | None = None, *, today: date | None = None) -> None:
        super().__init__(parent)
        self.ops = ops
        self.today = today or date.today()
        self.form: StepForm | None = None  # the open step form, if any
        self.rate: RectificationRate | None = None  # the period's 回访整改率 last shown
        self.setWindowTitle(self.tr("差评回访"))
        self.setStyleSheet(STYLE)
        session = ops.session
        self.allowed = session is not None and session.may(Permission.APPROVE_EXTENSION)
        self.may_export = session is not None and session.may(Permission.EXPORT_CASES)
        self.may_set_days = session is not None and session.may(Permission.SETTINGS)

        self.refusal = QLabel()
        self.refusal.setObjectName("ratingsRefusal")
        self.refusal.setWordWrap(True)
        self.summary = QLabel(self.tr("正在读取…"))
        self.empty_label = QLabel(self.tr("目前没有需要回访的差评。"))
        self.empty_label.setObjectName("ratingsEmpty")
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_label.hide()

        self.model = RatingsModel(self)
        self.table = row_table(self.model, stretch=RatingsModel.COMMENT, fit=False)
        self.table.activated.connect(lambda _index: self.open_step())  # Enter, or a double click
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self._show_detail())
        list_label = QLabel(self.tr("待回访的差评(&L)"))
        list_label.setBuddy(self.table)
        self.detail = QLabel()
        self.detail.setObjectName("ratingsDetail")
        self.detail.setWordWrap(True)
        self.detail.setTextFormat(Qt.TextFormat.RichText)
        self.detail.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        since, until = month_of(self.today)
        self.since_edit = self._date(since)
        self.until_edit = self._date(until)
        period_label = QLabel(self.tr("统计期间(&P)"))
        period_label.setBuddy(self.since_edit)
        self.rate_label = QLabel()
        self.rate_label.setObjectName("ratingsRate")
        self.rate_label.setWordWrap(True)
        period = QHBoxLayout()
        period.addWidget(period_label)
        period.addWidget(self.since_edit)
        period.addWidget(QLabel(self.tr("至")))
        period.addWidget(self.until_edit)
        period.addSpacing(12)
        period.addWidget(self.rate_label, 1)
        for edit in (self.since_edit, self.until_edit):
            edit.dateChanged.connect(lambda _day: self.refresh_rate())

        self.days_box = FollowupDaysRow(ops, self.say, self)
        self.days_box.setVisible(self.may_set_days)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.step_button = QPushButton(self.tr("处理下一步（Enter）"))
        self.step_button.clicked.connect(self.open_step)
        self.export_button = QPushButton(self.tr("导出本期评价(&E)…"))
        self.export_button.clicked.connect(lambda: self.export())
        self.export_note = QLabel()
        self.export_note.setObjectName("ratingsNote")
        self.refresh_button = QPushButton(self.tr("刷新（F5）"))
        self.refresh_button.clicked.connect(self.refresh)
        self.close_button = QPushButton(self.tr("关闭"))
        self.close_button.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        for widget in (self.step_button, self.export_button, self.export_note, self.refresh_button):
            buttons.addWidget(widget)
        buttons.addStretch(1)
        buttons.addWidget(self.close_button)

        top = QHBoxLayout()
        top.addWidget(list_label)
        top.addWidget(self.summary, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 14, 16, 12)
        layout.setSpacing(8)
        layout.addWidget(self.refusal)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.empty_label, 1)
        layout.addWidget(self.detail)
        layout.addLayout(period)
        layout.addWidget(self.days_box)
        layout.addWidget(self.message)
        layout.addLayout(buttons)
        for button in self.findChildren(QPushButton):
            button.setAutoDefault(False)  # Enter on the list opens the step; it never presses a button
        QShortcut(QKeySequence.StandardKey.Refresh, self, self.refresh)
        self.resize(1180, 620)

        if not self.may_export:
            reason = session.why_not(Permission.EXPORT_CASES) if session is not None else self.tr("请先登录")
            self.export_button.setEnabled(False)
            self.export_button.setToolTip(reason)
            self.export_note.setText(reason)
        if self.may_set_days:
            self.days_box.read()
        if not self.allowed:
            self._refuse()
            self.close_button.setFocus()
            return
        self.refusal.hide()
        ops.did_change.connect(self._changed)
        self.table.setFocus()
        self.refresh()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Enter is the list's (it opens the step form): QDialog would otherwise press a default button of
        its children — the step form's 记录, with the form still empty."""
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not event.modifiers():
            event.accept()
            return
        super().keyPressEvent(event)

    def _date(self, day: date) -> QDateEdit:
        edit = QDateEdit(qdate(day))
        edit.setCalendarPopup(True)
        edit.setDisplayFormat("yyyy-MM-dd")
        return edit

    def _refuse(self) -> None:
        """Say who follows bad ratings up and why this person may not; nothing is loaded."""
        session = self.ops.session
        if session is None:
            self.refusal.setText(self.tr("尚未登录：请先登录。"))
        else:
            self.refusal.setText(
                self.tr("仅{0}可处理差评回访。\n{1}").format(
                    session.who_may(Permission.APPROVE_EXTENSION),
                    session.why_not(Permission.APPROVE_EXTENSION),
                )
            )
        kept = (self.refusal, self.close_button, self.days_box, self.message)
        for widget in self.findChildren(QWidget):
            if widget not in kept and widget.parent() is self:
                widget.hide()
        self.step_button.setEnabled(False)
        self.export_button.setEnabled(False)
        self.resize(560, 220 if self.may_set_days else 160)

    def say(self, text: str, good: bool = True) -> None:
        self.message.setStyleSheet("color: #047857;" if good else "color: #b91c1c;")
        self.message.setText(text)

    def _failed(self, error: BaseException) -> None:
        self.say(describe(error), False)

    # -- reading -------------------------------------------------------------------------------------------

    def _changed(self, changes: Changes) -> None:
        if changes.ratings or changes.calendar:  # a rating or a step stored; days left move with the calendar
            self.refresh()

    def refresh(self) -> None:
        """The open bad ratings and the period's rate, read on the database worker."""
        if not self.allowed:
            return
        today = self.today
        self.ops.run(
            self, lambda s: read_open(s, today), self._show, self._failed, key="ratings-read", latest=True
        )
        self.refresh_rate()

    def _show(self, lines: list[RatingLine]) -> None:
        kept = self.current()
        self.model.set_lines(lines)
        overdue = sum(1 for line in lines if line.item.overdue)
        self.summary.setText(
            self.tr("共 {0} 件，其中逾期 {1} 件；最早到期的排在最前").format(len(lines), overdue)
            if lines
            else ""
        )
        self.table.setVisible(bool(lines))
        self.detail.setVisible(bool(lines))
        self.empty_label.setVisible(not lines)
        self.step_button.setEnabled(bool(lines))
        self.table.resizeColumnsToContents()
        header = self.table.horizontalHeader()
        for column in (RatingsModel.MATTER, RatingsModel.INDICATORS):
            header.resizeSection(column, min(header.sectionSize(column), 200))
        if lines:
            row = self.model.row_of(kept.number) if kept is not None else -1
            self.table.setCurrentIndex(self.model.index(max(row, 0), 0, QModelIndex()))
            if self.form is None:
                self.table.setFocus()
        self._show_detail()

    def current(self) -> RatingLine | None:
        """The rating the cursor is on."""
        index = self.table.currentIndex()
        return self.model.line(index.row()) if index.isValid() else None

    def _show_detail(self) -> None:
        line = self.current()
        if line is None:
            self.detail.clear()
            return
        rating = line.item.rating
        comment = (rating.comment or "—").replace("&", "&amp;").replace("<", "&lt;").replace("\n", "<br>")
        self.detail.setText(
            self.tr(
                "<b>{0}</b>　{1}　评价「{2}」　存在的问题：{3}<br>{4}<br>评价意见：{5}<br>已办：{6}"
            ).format(
                rating.service_number,
                escape(line.matter),
                rating.label,
                indicator_names(rating),
                escape(served_words(line.item)),
                comment,
                steps_words(rating, line.item.name_of),
            )
        )

    def refresh_rate(self) -> None:
        """回访整改率 of the period in the two date fields."""
        if not self.allowed:
            return
        since, until, today = pydate(self.since_edit.date()), pydate(self.until_edit.date()), self.today

        def failed(error: BaseException) -> None:
            self.rate_label.setProperty("failed", True)
            self.rate_label.setText(describe(error))
            self.rate_label.setStyleSheet(self.rate_label.styleSheet())

        self.ops.run(
            self,
            lambda s: s.rating_rectification_rate(since=since, until=until, today=today),
            self._show_rate,
            failed,
            key="ratings-rate",
            latest=True,
        )

    def _show_rate(self, rate: RectificationRate) -> None:
        self.rate = rate
        self.rate_label.setProperty("failed", False)
        self.rate_label.setText(rate_words(rate))
        self.rate_label.setStyleSheet(self.rate_label.styleSheet())

    # -- the next step -------------------------------------------------------------------------------------

    def open_step(self) -> StepForm | None:
        """The small form of the current rating's next step (核实, 整改 or 回复)."""
        line = self.current()
        if not self.allowed or line is None or self.form is not None:
            return None
        session = self.ops.session
        may_reveal = session is not None and session.may(Permission.REVEAL_PERSONAL_DATA)
        form = StepForm(line, self.today, self, may_reveal=may_reveal)
        form.submitted.connect(lambda values: self._record(form, values))
        form.reveal_requested.connect(lambda number: self._reveal(form, number))
        form.finished.connect(lambda _result: self._form_closed(form))
        self.form = form
        form.open()
        return form

    def _reveal(self, form: StepForm, number: str) -> None:
        """The whole phone of the applicant, to call them back (the session checks and audits)."""
        self.ops.run(
            form,
            lambda s: s.reveal_rating_phone(number),
            lambda full: form.show_phone(full),
            lambda error: form.show_phone(describe(error), False),
            key="rating-phone",
        )

    def _record(self, form: StepForm, values: tuple[StepKind, str, bool | None, date]) -> None:
        kind, text, founded, day = values
        number, today = form.number, self.today

        def done(rated: Any) -> None:
            form.answered()
            nxt = rated.followup.next_step() if rated.followup is not None else None
            said = self.tr("已记录 {0} 的{1}").format(number, kind.label)
            self.say(said + (self.tr("；下一步：{0}").format(nxt.label) if nxt else self.tr("；回访已办结")))

        self.ops.run(
            form,
            lambda s: s.follow_up_rating(number, kind, text, founded=founded, on=day, today=today),
            done,
            lambda error: form.refused(describe(error)),
            key="rating-step",
        )

    def _form_closed(self, form: StepForm) -> None:
        if self.form is form:
            self.form = None
            self.activateWindow()
            self.table.setFocus()

    # -- export --------------------------------------------------------------------------------------------

    def export(self, path: str | None = None) -> None:
        """The period's ratings to an .xlsx or .csv file in the national data items."""
        if not (self.allowed and self.may_export):
            return
        since, until = pydate(self.since_edit.date()), pydate(self.until_edit.date())
        if path is None:
            suggested = f"好差评_{since:%Y%m%d}-{until:%Y%m%d}.xlsx"
            path, chosen = QFileDialog.getSaveFileName(self, self.tr("导出好差评"), suggested, EXPORT_FILTERS)
            if not path:
                return
            if Path(path).suffix.lower() not in (".xlsx", ".csv"):
                path += ".csv" if chosen.startswith("CSV") else ".xlsx"
        target = Path(path)

        def done(rows: int) -> None:
            self.say(self.tr("已导出 {0} 条评价（{1} 至 {2}）到 {3}").format(rows, since, until, target.name))

        self.say(self.tr("正在导出…"))
        self.ops.run(
            self,
            lambda s: s.export_ratings(target, since=since, until=until),
            done,
            self._failed,
            key="ratings-export",
        )
