"""Intake of one application: applicant, materials checklist, live verdict, one decision key.

Keys on the checklist: Space 收齐/撤销, O 原件, + / - 复印件份数, D 容缺, Delete 清除, A 全部收齐.
Ctrl+Enter carries out what the verdict allows (受理 / 容缺受理 / 一次性告知); Esc goes back.
The verdict is the domain's (``Checklist.verdict``); this page only shows it and asks.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from hallapp.domain.bundles import Bundle, BundleChecklist
from hallapp.domain.catalogue import AGENT_SITUATION, Guide, Situation
from hallapp.domain.intake import Checklist, RuleViolation, Verdict, VerdictKind, deferral_days
from hallapp.domain.licences import LicenceFinding
from hallapp.domain.workdays import WorkdayCalendar
from hallapp.services.intake_inputs import BundleRequest, Decision, IntakeRequest, MaterialInput
from hallapp.ui.applicant_form import ApplicantForm
from hallapp.ui.checklist_model import ChecklistModel

VERDICT_STYLE = {
    VerdictKind.ACCEPTABLE: ("#047857", "#ecfdf5"),
    VerdictKind.ACCEPTABLE_WITH_MISSING: ("#c2410c", "#fff7ed"),
    VerdictKind.NOT_ACCEPTABLE: ("#b91c1c", "#fef2f2"),
}
INSTANT_ACTION_TEXT = "受理并当场办结（秒批）"
ACTION_TEXT = {
    VerdictKind.ACCEPTABLE: "受理并打印回执",
    VerdictKind.ACCEPTABLE_WITH_MISSING: "容缺受理并打印承诺书、通知书",
    VerdictKind.NOT_ACCEPTABLE: "出具一次性告知书",
}
DECISIONS = {
    VerdictKind.ACCEPTABLE: Decision.ACCEPT,
    VerdictKind.ACCEPTABLE_WITH_MISSING: Decision.DEFER,
    VerdictKind.NOT_ACCEPTABLE: Decision.REFUSE,
}


class ChecklistView(QTableView):
    """The checklist table, driven from the keyboard; asks the page to change the checklist."""

    key_action = Signal(str, int)  # action, row

    KEYS = {
        Qt.Key.Key_Space: "toggle",
        Qt.Key.Key_O: "original",
        Qt.Key.Key_Plus: "more",
        Qt.Key.Key_Equal: "more",
        Qt.Key.Key_Minus: "fewer",
        Qt.Key.Key_D: "defer",
        Qt.Key.Key_Delete: "clear",
        Qt.Key.Key_Backspace: "clear",
        Qt.Key.Key_A: "all",
    }

    def keyPressEvent(self, event: QKeyEvent) -> None:
        action = self.KEYS.get(Qt.Key(event.key()))
        if action and not event.modifiers() & (
            Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier
        ):
            self.key_action.emit(action, max(self.currentIndex().row(), 0))
            return
        super().keyPressEvent(event)


class IntakePage(QWidget):
    submit_requested = Signal(object)  # IntakeRequest
    cancelled = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.guide: Guide | None = None  # one matter …
        self.bundle: Bundle | None = None  # … or a life-event bundle of these guides
        self.guides: tuple[Guide, ...] = ()
        self.checklist: Checklist | BundleChecklist | None = None
        self.calendar: WorkdayCalendar | None = None
        self.deferral_default = 5

        self.title = QLabel()
        self.title.setObjectName("intakeTitle")
        self.title.setStyleSheet("font-size: 15pt; font-weight: bold;")
        back = QPushButton(self.tr("返回查询 (Esc)"))
        back.clicked.connect(self.cancelled)
        self.form = ApplicantForm()
        self.situations = QWidget()
        self.situation_boxes: dict[str, QCheckBox] = {}
        QHBoxLayout(self.situations).setContentsMargins(0, 0, 0, 0)
        self.licence_status = QLabel()
        self.licence_status.setObjectName("licenceStatus")
        self.licence_status.setWordWrap(True)
        self._findings: dict[
            tuple[bool, str], LicenceFinding
        ] = {}  # (for the agent?, licence type) → finding
        self.model = ChecklistModel(self)
        self.table = ChecklistView()
        self.table.setObjectName("checklist")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(ChecklistModel.NAME, QHeaderView.ResizeMode.Stretch)
        for column in (
            ChecklistModel.REQUIREMENT,
            ChecklistModel.ORIGINAL,
            ChecklistModel.COPIES,
            ChecklistModel.STATUS,
        ):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.table.key_action.connect(self._apply)
        key_hint = QLabel(self.tr("空格 收齐/撤销 · O 原件 · +/- 复印件 · D 容缺 · Delete 清除 · A 全部收齐"))
        key_hint.setStyleSheet("color: #475569;")
        self.notes = QLabel()
        self.notes.setWordWrap(True)
        self.notes.setStyleSheet("color: #334155; background: #f1f5f9; padding: 4px;")
        self.rule_message = QLabel()
        self.rule_message.setStyleSheet("color: #b91c1c;")
        self.rule_message.setWordWrap(True)
        self.verdict = QLabel()
        self.verdict.setObjectName("verdict")
        self.verdict.setWordWrap(True)
        self.verdict.setTextFormat(Qt.TextFormat.RichText)
        self.commitment = QCheckBox(self.tr("申请人已签署容缺受理承诺书(&C)"))
        self.action = QPushButton()
        self.action.setObjectName("intakeAction")
        self.action.setDefault(True)
        self.action.clicked.connect(self._submit)
        self.commitment.toggled.connect(self._refresh_verdict)
        self.form.agent_box.toggled.connect(self._agent_toggled)
        for keys, slot in (
            ("Ctrl+Return", self._submit),
            ("Ctrl+Enter", self._submit),
            ("Esc", self.cancelled.emit),
        ):
            shortcut = QShortcut(QKeySequence(keys), self, slot)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self._show_notes())

        top = QHBoxLayout()
        top.addWidget(self.title, 1)
        top.addWidget(back)
        actions = QHBoxLayout()
        actions.addWidget(self.commitment)
        actions.addStretch(1)
        actions.addWidget(self.action)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 10, 12, 8)
        layout.addLayout(top)
        layout.addWidget(self.form)
        layout.addWidget(self.situations)
        layout.addWidget(self.licence_status)
        layout.addWidget(QLabel(self.tr("<b>申请材料</b>（在表格中按键登记）")))
        layout.addWidget(self.table, 1)
        layout.addWidget(key_hint)
        layout.addWidget(self.notes)
        layout.addWidget(self.rule_message)
        layout.addWidget(self.verdict)
        layout.addLayout(actions)

    # -- lifecycle -------------------------------------------------------------------------------------

    def start(self, guide: Guide, calendar: WorkdayCalendar, deferral_default: int) -> None:
        """A new application for ``guide``: empty form, nothing received yet."""
        self.guide, self.bundle, self.guides = guide, None, (guide,)
        flags = "  ".join(guide.flag_labels)
        self._reset(
            f"受理：{guide.name}  <span style='font-size:10pt; color:#c2410c;'>{flags}</span>",
            guide.situations,
            Checklist.start(guide),
            calendar,
            deferral_default,
        )

    def start_bundle(
        self, bundle: Bundle, guides: tuple[Guide, ...], calendar: WorkdayCalendar, deferral_default: int
    ) -> None:
        """A new application for a life-event bundle: each material once, each matter decided on its own."""
        self.guide, self.bundle, self.guides = None, bundle, guides
        situations = tuple({s.code: s for g in guides for s in g.situations}.values())
        names = "、".join(g.name for g in guides)
        self._reset(
            f"一件事一次办：{bundle.name}  <span style='font-size:10pt; color:#1d4ed8;'>{names}</span>",
            situations,
            BundleChecklist.start(bundle, guides),
            calendar,
            deferral_default,
        )

    def _reset(
        self,
        title: str,
        situations: tuple[Situation, ...],
        checklist: Any,
        calendar: WorkdayCalendar,
        deferral_default: int,
    ) -> None:
        self.calendar = calendar
        self.deferral_default = deferral_default
        self.title.setText(title)
        self.form.clear()
        self.commitment.setChecked(False)
        self.set_busy(False)
        self._findings.clear()
        self.licence_status.clear()
        self.rule_message.clear()
        self._build_situations(situations)
        self._set(checklist)
        self.table.selectRow(0)
        self.form.focus_first()

    def set_busy(self, busy: bool) -> None:
        """While a decision is being stored: no second click can store it twice."""
        self.action.setEnabled(not busy and self._action_allowed())
        self.setCursor(Qt.CursorShape.BusyCursor if busy else Qt.CursorShape.ArrowCursor)
        self._busy = busy

    def show_problems(self, problems: list[str]) -> None:
        self.rule_message.setText("未保存：" + "；".join(problems))

    # -- situations (情形) ---------------------------------------------------------------------------------

    def _build_situations(self, situations: tuple[Situation, ...]) -> None:
        layout = self.situations.layout()
        while layout.count():
            item = layout.takeAt(0)
            if item.widget() is not None:
                item.widget().deleteLater()
        self.situation_boxes = {}
        if situations:
            layout.addWidget(QLabel(self.tr("办理情形：")))
        for situation in situations:
            box = QCheckBox(situation.question)
            box.toggled.connect(lambda yes, code=situation.code: self.answer(code, yes))
            self.situation_boxes[situation.code] = box
            layout.addWidget(box)
        layout.addStretch(1)
        self.situations.setVisible(bool(situations))

    def _agent_toggled(self, yes: bool) -> None:
        box = self.situation_boxes.get(AGENT_SITUATION)
        if box is not None and box.isChecked() != yes:
            box.setChecked(yes)

    def answer(self, code: str, yes: bool) -> None:
        """A situation answered: its materials come or go, what was recorded for the others stays."""
        if self.checklist is None:
            return
        if code == AGENT_SITUATION and self.form.agent_box.isChecked() != yes:
            self.form.agent_box.setChecked(yes)
        self._set(self._with_findings(self.checklist.answer(code, yes)))

    # -- e-licences (电子证照) --------------------------------------------------------------------------------

    def licence_types(self, for_agent: bool) -> set[str]:
        """The licence types worth asking the library about, for the applicant or for the agent."""
        return {
            m.licence_type_code
            for g in self.guides
            for m in g.materials
            if m.licence_type_code and m.concerns_agent == for_agent
        }

    def apply_licences(self, for_agent: bool, findings: list[LicenceFinding]) -> None:
        """What the library found: usable licences replace the paper (免提交), the others say why not."""
        for finding in findings:
            self._findings[(for_agent, finding.type_code)] = finding
        if self.checklist is not None:
            self._set(self._with_findings(self.checklist))
        used = [f for f in findings if f.usable]
        refused = [f for f in findings if f.licence is not None and not f.usable]
        words = []
        if used:
            words.append(self.tr("已调取电子证照 {0} 项，相应材料免提交").format(len(used)))
        if refused:
            words.append("；".join(f.problem for f in refused))
        if not findings or not (used or refused):
            words.append(self.tr("电子证照库中未找到可用证照，请收取纸质材料"))
        self.licence_status.setStyleSheet("color: #047857;" if used and not refused else "color: #b45309;")
        self.licence_status.setText(("代理人：" if for_agent else "") + "；".join(words))

    def licences_unavailable(self, message: str) -> None:
        self.licence_status.setStyleSheet("color: #b45309;")
        self.licence_status.setText(message)

    def forget_licences(self, for_agent: bool) -> None:
        """The ID changed: what was fetched for the old one no longer counts."""
        self._findings = {k: v for k, v in self._findings.items() if k[0] != for_agent}
        if self.checklist is not None:
            checklist = self.checklist
            for index, check in enumerate(checklist.checks):
                if check.licence is not None and check.requirement.concerns_agent == for_agent:
                    checklist = checklist.set_licence(index, None)
            self._set(self._with_findings(checklist))
        self.licence_status.clear()

    def _with_findings(self, checklist: Checklist) -> Checklist:
        notes: dict[int, str] = {}
        for index, check in enumerate(checklist.checks):
            need = check.requirement
            finding = self._findings.get((need.concerns_agent, need.licence_type_code or ""))
            if finding is None:
                continue
            if finding.usable and check.licence is None:
                checklist = checklist.set_licence(index, finding.licence)
            elif not finding.usable:
                notes[index] = finding.problem
        self.model.set_notes(notes)
        return checklist

    # -- checklist ---------------------------------------------------------------------------------------

    def _set(self, checklist: Checklist) -> None:
        self.checklist = checklist
        self.model.set_checklist(checklist)
        self._refresh_verdict()
        self._show_notes()

    def _apply(self, action: str, row: int) -> None:
        checklist = self.checklist
        check = self.model.check(row)
        if checklist is None or check is None:
            return
        self.rule_message.clear()
        try:
            if action == "toggle":
                changed = checklist.clear(row) if check.complete else checklist.receive_all(row)
            elif action == "original":
                changed = checklist.set_original(row, not check.original_seen)
            elif action == "more":
                changed = checklist.set_copies(row, check.copies + 1)
            elif action == "fewer":
                changed = checklist.set_copies(row, max(check.copies - 1, 0))
            elif action == "defer":
                changed = checklist.defer(row, not check.deferred)
            elif action == "clear":
                changed = checklist.clear(row)
            else:  # all
                changed = checklist
                for index in range(len(checklist.checks)):
                    changed = changed.receive_all(index)
        except RuleViolation as violation:
            self.rule_message.setText(str(violation))
            return
        self._set(changed)

    def _show_notes(self) -> None:
        check = self.model.check(self.table.currentIndex().row())
        notes = check.requirement.notes if check else ""
        self.notes.setText(f"审查要点：{notes}" if notes else "")
        self.notes.setVisible(bool(notes))

    def verdicts(self) -> list[tuple[Guide, Verdict]]:
        """Each matter's verdict: one for a matter, one per matter of a bundle."""
        if self.checklist is None:
            return []
        if isinstance(self.checklist, BundleChecklist):
            return list(zip(self.guides, self.checklist.verdicts(), strict=True))
        return [(self.guides[0], self.checklist.verdict())]

    def _action_allowed(self) -> bool:
        verdicts = [v for _g, v in self.verdicts()]
        if not verdicts:
            return False
        if (
            any(v.kind is VerdictKind.ACCEPTABLE_WITH_MISSING for v in verdicts)
            and not self.commitment.isChecked()
        ):
            return False
        # a one-time notice needs something to tell: refused only for rule problems is no decision at all
        return any(v.acceptable or v.missing for v in verdicts)

    def _deferral_line(self, guide: Guide, verdict: Verdict) -> str:
        if self.calendar is None:
            return ""
        days = deferral_days(guide, self.deferral_default)
        deadline = self.calendar.add_working_days(date.today(), days)
        flag = f"  <b style='color:#b91c1c;'>※ {deadline.note}</b>" if not deadline.verified else ""
        names = "、".join(c.requirement.name for c in verdict.deferred)
        return f"容缺材料：{names}；补正期限 <b>{deadline.date:%Y年%m月%d日}</b>（{days} 个工作日）{flag}"

    def _verdict_lines(self, guide: Guide, verdict: Verdict) -> list[str]:
        lines = []
        if verdict.kind is VerdictKind.ACCEPTABLE_WITH_MISSING:
            lines.append(self._deferral_line(guide, verdict))
        if verdict.missing:
            lines.append(
                "缺少：" + "；".join(f"{c.requirement.name}（{c.shortfall}）" for c in verdict.missing)
            )
        if verdict.problems:
            lines.append("；".join(verdict.problems))
        if verdict.instant:
            lines.append(self.tr("秒批事项：材料已全部核验，受理后当场办结"))
        return lines

    def _refresh_verdict(self) -> None:
        verdicts = self.verdicts()
        if not verdicts:
            return
        kinds = [v.kind for _g, v in verdicts]
        worst = max(kinds, key=list(VerdictKind).index)
        colour, background = VERDICT_STYLE[worst]
        if self.bundle is None:
            guide, verdict = verdicts[0]
            lines = [
                f"<span style='font-size:14pt; font-weight:bold; color:{colour};'>{verdict.kind.label}</span>"
            ]
            lines += self._verdict_lines(guide, verdict)
            text = INSTANT_ACTION_TEXT if verdict.instant else ACTION_TEXT[verdict.kind]
        else:
            lines = [
                f"<span style='font-size:13pt; font-weight:bold; color:{colour};'>各事项分别办理：</span>"
            ]
            for guide, verdict in verdicts:
                c, _b = VERDICT_STYLE[verdict.kind]
                label = "当场办结（秒批）" if verdict.instant else verdict.kind.label
                lines.append(f"<b>{guide.name}</b>：<span style='color:{c};'>{label}</span>")
                lines += [
                    f"&nbsp;&nbsp;{line}"
                    for line in self._verdict_lines(guide, verdict)
                    if "秒批" not in line
                ]
            text = "一件事一次办：按各事项结果办理并打印回执"
        self.verdict.setStyleSheet(f"background: {background}; padding: 6px; border-radius: 4px;")
        self.verdict.setText("<br>".join(lines))
        self.action.setText(self.tr(text) + "  (Ctrl+Enter)")
        self.commitment.setVisible(VerdictKind.ACCEPTABLE_WITH_MISSING in kinds)
        self.action.setEnabled(not getattr(self, "_busy", False) and self._action_allowed())

    # -- decision ----------------------------------------------------------------------------------------

    def _materials(self) -> tuple[MaterialInput, ...]:
        assert self.checklist is not None
        return tuple(
            MaterialInput(c.original_seen, c.copies, c.deferred, c.licence) for c in self.checklist.checks
        )

    def request(self) -> IntakeRequest | BundleRequest | None:
        if self.checklist is None:
            return None
        if self.bundle is not None:
            return BundleRequest(
                bundle_code=self.bundle.code,
                applicant=self.form.applicant_input(),
                materials=self._materials(),
                answers=self.checklist.answers,
                agent=self.form.agent_input(),
                commitment_signed=self.commitment.isChecked(),
            )
        assert self.guide is not None
        verdict = self.checklist.verdict()
        return IntakeRequest(
            matter_code=self.guide.code,
            applicant=self.form.applicant_input(),
            agent=self.form.agent_input(),
            materials=self._materials(),
            decision=DECISIONS[verdict.kind],
            commitment_signed=self.commitment.isChecked(),
            answers=self.checklist.answers,
        )

    def _submit(self) -> None:
        if not self.action.isEnabled():
            if any(v.kind is VerdictKind.ACCEPTABLE_WITH_MISSING for _g, v in self.verdicts()):
                self.rule_message.setText(self.tr("容缺受理前请确认申请人已签署承诺书（Alt+C）"))
            return
        request = self.request()
        if request is not None:
            self.set_busy(True)
            self.submit_requested.emit(request)
