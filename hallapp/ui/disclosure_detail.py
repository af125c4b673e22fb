"""One disclosure request as stored: who asks for what, its clock, its history and its documents; and the
choice of a document to print (打印 / 补打).

The dialog only shows the ``DisclosureView`` it is given (read on a worker by the page) and says what the
clerk wants next: open an archived document (``document_opened``) or print one (``print_requested``).
IDs, phones and e-mails are shown masked as the view gives them.
"""

from __future__ import annotations

from datetime import date
from html import escape
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from hallapp.domain.disclosure import PauseKind
from hallapp.printing.disclosure_model import DisclosureDocKind
from hallapp.ui.case_detail import STYLE, _table
from hallapp.ui.followup_form import _Form, tr
from hallapp.ui.screen import fit_to_screen

if TYPE_CHECKING:
    from hallapp.domain.disclosure_request import DisclosureRequest
    from hallapp.services.disclosure_inputs import DisclosureView


def _day(day: date | None) -> str:
    return day.isoformat() if day is not None else "—"


def printable_kinds(request: DisclosureRequest) -> list[DisclosureDocKind]:
    """The documents this request has reached, in the order of the procedure."""
    kinds = [DisclosureDocKind.RECEIPT]
    if request.correction is not None:
        kinds.append(DisclosureDocKind.CORRECTION)
    if any(p.kind is not PauseKind.FEE for p in request.pauses):
        kinds.append(DisclosureDocKind.CONSULTATION)
    if request.fee is not None:
        kinds.append(DisclosureDocKind.FEE)
    if request.extension is not None:
        kinds.append(DisclosureDocKind.EXTENSION)
    if request.reply is not None and request.reply.issued_on is not None:
        kinds.append(DisclosureDocKind.REPLY)
    return kinds


def kind_title(kind: str, view: DisclosureView | None = None) -> str:
    """A document kind's name as printed (a reply's by its outcome)."""
    try:
        found = DisclosureDocKind[kind]
    except KeyError:
        return kind
    reply = view.request.reply if view is not None else None
    if found is DisclosureDocKind.REPLY and reply is not None:
        return reply.reply.document_title
    return found.default_title


def people_of(view: DisclosureView) -> dict[str, str]:
    """The display names of the people a request names by user name (registered, drafted, approved),
    from its history (whose lines carry display names)."""
    r = view.request
    names = {r.registered_by: view.row.clerk}
    actors = {e.action: e.actor for e in view.events}  # the latest of each step
    if r.reply is not None:
        names.setdefault(r.reply.drafted_by, actors.get("拟定答复", r.reply.drafted_by))
        if r.reply.approved_by:
            names.setdefault(r.reply.approved_by, actors.get("审核通过并答复", r.reply.approved_by))
    if r.extension is not None:
        names.setdefault(r.extension.approved_by, actors.get("延期答复", r.extension.approved_by))
    return names


def facts_html(view: DisclosureView) -> str:
    """The request: applicant, channel and days, what is sought."""
    r, row = view.request, view.row
    who = r.requester
    lines = [
        tr("申请人：{0}（{1}）{2}").format(
            escape(who.name), escape(row.requester_label), escape(view.id_masked)
        ),
    ]
    if who.contact_person:
        lines.append(tr("联系人：{0}").format(escape(who.contact_person)))
    contact = [c for c in (view.phone_masked, who.address, who.email) if c]
    lines.append(tr("联系方式：{0}").format(escape("；".join(contact)) or "—"))
    arrived = tr("{0} {1}").format(r.channel.arrival_label, _day(r.arrived_on))
    if r.confirmed_on is not None:
        arrived += tr("，确认日期 {0}").format(_day(r.confirmed_on))
    lines.append(tr("申请方式：{0}，{1}").format(escape(r.channel.label), arrived))
    lines.append(tr("所需信息：{0}").format(escape(r.description)))
    if r.document_number:
        lines.append(tr("文号：{0}").format(escape(r.document_number)))
    if r.purpose:
        lines.append(tr("用途：{0}").format(escape(r.purpose)))
    forms = "、".join(f.label for f in r.forms)
    lines.append(tr("提供形式：{0}；获取方式：{1}").format(forms, r.delivery.label))
    return "<br>".join(lines)


def clock_html(view: DisclosureView) -> str:
    """The clock: received day, restart after 补正, deadline and days left, pauses, extension, reply."""
    r, row = view.request, view.row
    names = people_of(view)
    lines = [tr("收到日期：{0}").format(_day(r.received_on))]
    if r.correction is not None:
        c = r.correction
        lines.append(
            tr("补正告知 {0}（{1} 项，期限至 {2}）；{3}").format(
                _day(c.asked_on),
                len(c.items),
                _day(c.due),
                tr("收到补正 {0}，答复期限自该日重新计算").format(_day(c.received_on))
                if c.received_on
                else tr("尚未收到补正"),
            )
        )
    deadline = _day(row.deadline)
    left = "" if row.days_left is None else tr("，剩余 {0} 个工作日").format(row.days_left)
    if row.overdue:
        left = tr("，<b style='color:#b91c1c'>已逾期</b>")
    lines.append(tr("答复期限：{0}{1}").format(deadline, left))
    for pause in r.all_pauses:
        end = _day(pause.ended_on) if pause.ended_on else tr("进行中")
        party = f"（{escape(pause.party)}）" if pause.party else ""
        answer = tr("：{0}").format(escape(pause.answer)) if pause.answer else ""
        lines.append(
            tr("暂停计时 {0}{1}：{2} 至 {3}{4}").format(
                pause.kind.label, party, _day(pause.started_on), end, answer
            )
        )
    if r.fee is not None:
        f = r.fee
        paid = (
            tr("已于 {0} 缴费").format(_day(f.paid_on))
            if f.paid_on
            else tr("缴费期限 {0}").format(_day(f.due))
        )
        lines.append(
            tr("收费：{0} {1} 元，通知 {2}，{3}").format(f.mode.label, f.amount, _day(f.notified_on), paid)
        )
    if r.extension is not None:
        e = r.extension
        lines.append(
            tr("延期 {0} 个工作日（{1}），{2} 批准").format(
                e.days, escape(e.reason), escape(names.get(e.approved_by, e.approved_by))
            )
        )
    if r.reply is not None:
        d = r.reply
        state = (
            tr("{0} 发出，{1} 审核").format(
                _day(d.issued_on), escape(names.get(d.approved_by, d.approved_by))
            )
            if d.issued_on
            else tr("待审核")
        )
        lines.append(
            tr("答复：{0}，{1} 拟稿，{2}").format(
                escape(d.reply.label), escape(names.get(d.drafted_by, d.drafted_by)), state
            )
        )
    if r.returned_note:
        lines.append(tr("退回意见：{0}").format(escape(r.returned_note)))
    if r.archived_on is not None:
        place = f"（{escape(r.archive_place)}）" if r.archive_place else ""
        lines.append(tr("归档：{0}{1}").format(_day(r.archived_on), place))
    return "<br>".join(lines)


class DisclosureDetailDialog(QDialog):
    """Everything about one request, read-only; Enter on a document opens it, Ctrl+P prints, Esc closes."""

    document_opened = Signal(str)  # absolute path of the archived PDF
    print_requested = Signal(str)  # the request's number

    def __init__(self, view: DisclosureView, data_dir: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.view = view
        self.data_dir = Path(data_dir)
        row = view.row
        self.setWindowTitle(self.tr("依申请公开 – {0}").format(row.number))
        self.setStyleSheet(STYLE)
        fit_to_screen(self, 960, 700)
        title = QLabel(f"{escape(row.number)}　<span style='color:#1d4ed8'>{escape(row.status_label)}</span>")
        title.setObjectName("caseNumber")
        self.facts = QLabel(facts_html(view))
        self.clock = QLabel(clock_html(view))
        for label in (self.facts, self.clock):
            label.setWordWrap(True)
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            label.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.next_steps = QLabel(self.tr("可办理：{0}").format("、".join(view.next_steps) or "—"))
        self.next_steps.setObjectName("nextSteps")
        self.next_steps.setWordWrap(True)
        self.history = _table(
            (self.tr("时间"), self.tr("人员"), self.tr("操作"), self.tr("说明")),
            [(f"{e.at:%Y-%m-%d %H:%M}", e.actor, e.action, e.detail) for e in view.events],
            stretch=3,
        )
        self.documents = _table(
            (self.tr("文书"), self.tr("原件/副本"), self.tr("时间")),
            [
                (
                    d.title or kind_title(d.kind, view),
                    self.tr("副本") if d.is_copy else self.tr("原件"),
                    f"{d.created_at:%Y-%m-%d %H:%M}",
                )
                for d in view.documents
            ],
            stretch=0,
        )
        self.documents.setToolTip(self.tr("回车或双击打开文书"))
        if view.documents:
            self.documents.selectRow(0)
        self.documents.installEventFilter(self)
        self.documents.doubleClicked.connect(lambda index: self._open_document(index.row()))
        self.tabs = QTabWidget()
        self.tabs.addTab(self.history, self.tr("办理记录（{0}）").format(len(view.events)))
        self.tabs.addTab(self.documents, self.tr("文书（{0}）").format(len(view.documents)))
        self.print_button = QPushButton(self.tr("打印文书(&P)"))
        self.print_button.setToolTip(self.tr("打印或补打本申请的文书 Ctrl+P"))
        self.print_button.clicked.connect(lambda: self.print_requested.emit(row.number))
        self.close_button = QPushButton(self.tr("关闭"))
        self.close_button.clicked.connect(self.reject)
        for button in (self.print_button, self.close_button):
            button.setAutoDefault(False)
        QShortcut(QKeySequence("Ctrl+P"), self, lambda: self.print_requested.emit(row.number))
        columns = QHBoxLayout()
        columns.addWidget(self.facts, 1)
        columns.addSpacing(12)
        columns.addWidget(self.clock, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.next_steps, 1)
        buttons.addWidget(self.print_button)
        buttons.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addLayout(columns)
        layout.addWidget(self.tabs, 1)
        layout.addLayout(buttons)
        self.tabs.setCurrentWidget(self.documents if view.documents else self.history)
        (self.documents if view.documents else self.history).setFocus()

    def document_path(self, row: int) -> Path | None:
        documents = self.view.documents
        return self.data_dir / documents[row].path if 0 <= row < len(documents) else None

    def _open_document(self, row: int) -> None:
        path = self.document_path(row)
        if path is not None:
            self.document_opened.emit(str(path))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            watched is self.documents
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
        ):
            self._open_document(self.documents.currentRow())
            return True
        return super().eventFilter(watched, event)


class PrintChoiceDialog(_Form):
    """打印 / 补打: which of the request's documents; one printed before is printed again as a copy."""

    def __init__(self, view: DisclosureView, parent: QWidget | None = None) -> None:
        super().__init__(tr("打印文书 – {0}").format(view.row.number), parent, "打印")
        self.view = view
        self.kinds = printable_kinds(view.request)
        self.printed = {d.kind for d in view.documents}
        self.list = QListWidget()
        for kind in self.kinds:
            again = tr("（已打印，补打为副本）") if kind.name in self.printed else ""
            self.list.addItem(kind_title(kind.name, view) + again)
        self.list.setCurrentRow(len(self.kinds) - 1)  # the latest step's document
        self.list.setMinimumHeight(self.list.sizeHintForRow(0) * (len(self.kinds) + 1) + 8)
        self.copy_box = QCheckBox(tr("标注为副本(&C)"))
        self.list.currentRowChanged.connect(lambda _r: self._kind_changed())
        self.body.addWidget(self.list)
        self.body.addWidget(self.copy_box)
        self._finish()
        self._kind_changed()
        self.list.setFocus()

    def _kind_changed(self) -> None:
        kind = self.kind
        self.copy_box.setChecked(kind is not None and kind.name in self.printed)

    @property
    def kind(self) -> DisclosureDocKind | None:
        row = self.list.currentRow()
        return self.kinds[row] if 0 <= row < len(self.kinds) else None

    def values(self) -> tuple[DisclosureDocKind, bool] | None:
        kind = self.kind
        return None if kind is None else (kind, self.copy_box.isChecked())

    def _check(self) -> list[str]:
        return [] if self.kind is not None else [self.tr("请选择要打印的文书")]
