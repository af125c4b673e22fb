"""Intake of one application: applicant, materials checklist, live verdict, one decision key.

Keys on the checklist: Space 收齐/撤销, O 原件, + / - 复印件份数, D 容缺, Delete 清除, A 全部收齐.
Ctrl+Enter carries out what the verdict allows (受理 / 容缺受理 / 一次性告知); Esc goes back.
The verdict is the domain's (``Checklist.verdict``); this page only shows it and asks.
"""

from __future__ import annotations

import itertools
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from hallapp.domain.bundles import Bundle, BundleChecklist
from hallapp.domain.catalogue import AGENT_SITUATION, Guide, Situation
from hallapp.domain.intake import Checklist, RuleViolation, Verdict, VerdictKind
from hallapp.domain.licences import Licence, LicenceFinding
from hallapp.domain.workdays import WorkdayCalendar
from hallapp.services.intake_inputs import BundleRequest, IntakeRequest, MaterialInput
from hallapp.ui.applicant_form import ApplicantForm
from hallapp.ui.checklist_keys import apply_key
from hallapp.ui.checklist_model import ChecklistModel
from hallapp.ui.checklist_view import ChecklistView
from hallapp.ui.intake_draft import IntakeDrafting
from hallapp.ui.intake_licences import IntakeLicences
from hallapp.ui.intake_verdict import (
    CONFIRM_REFUSAL,
    DECISIONS,
    action_allowed,
    awaiting_check,
    refusal_needs_confirmation,
    verdict_text,
)
from hallapp.ui.situation_bar import SituationBar

if TYPE_CHECKING:
    from hallapp.services.applicant_check import ApplicantCheck


class IntakePage(IntakeLicences, IntakeDrafting, QWidget):
    submit_requested = Signal(object)  # IntakeRequest
    cancelled = Signal()
    draft_due = Signal()  # a pause after the clerk's last edit: time to write the draft
    name_check_due = Signal()  # the typed name or ID changed: ask the register again
    started = Signal()  # a new intake is on the page (the facing screen follows these three)
    changed = Signal()  # a material marked, a situation answered: the verdict was worked out again
    closed = Signal()  # the intake is over (stored, kept as a draft, given up): nothing of it may show

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.guide: Guide | None = None  # one matter …
        self.guide_version: int | None = None  # … in the version of its guide that the clerk read
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
        self.situations = SituationBar()
        self.situations.answered.connect(self.answer)
        self._started = False  # has the clerk marked any material yet? (no verdict before that)
        self.licence_status = QLabel()
        self.licence_status.setObjectName("licenceStatus")
        self.licence_status.setWordWrap(True)
        self._findings: dict[tuple[bool, str], LicenceFinding] = {}
        self.applicant_licences: list[Licence] = []
        self.applicant_check: ApplicantCheck | None = None
        self.name_check = QLabel()
        self.name_check.setObjectName("nameCheck")
        self.name_check.setWordWrap(True)
        self.name_check.setStyleSheet("color: #b45309; background: #fffbeb; padding: 4px;")
        self.name_check.hide()
        self.name_confirm = QCheckBox()
        self.name_confirm.setObjectName("nameConfirm")
        self.name_confirm.hide()
        self.name_confirm.toggled.connect(lambda _yes: self.recredit_licences())
        self.name_confirm.clicked.connect(self.note_edit)
        self.draft_timer = QTimer(self)
        self.draft_timer.setSingleShot(True)
        self.draft_timer.timeout.connect(self.draft_due)
        self.name_timer = QTimer(self)  # the register is asked once the clerk pauses, not per key
        self.name_timer.setSingleShot(True)
        self.name_timer.setInterval(250)
        self.name_timer.timeout.connect(self.name_check_due)
        self.model = ChecklistModel(self)
        self.table = ChecklistView()
        self.table.setObjectName("checklist")
        self.table.setModel(self.model)
        self.table.key_action.connect(self._apply)
        key_hint = QLabel(self.tr("空格 收齐/撤销 · O 原件 · +/- 复印件 · D 容缺 · Delete 清除 · A 全部收齐"))
        key_hint.setWordWrap(True)
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
        self.commitment.toggled.connect(self.rule_message.clear)  # "请确认…承诺书" is answered
        self.commitment.clicked.connect(self.note_edit)
        self.form.edited.connect(self.rule_message.clear)  # "未保存：…" was about the values before
        self.form.edited.connect(self.note_edit)
        for edit in (self.form.name.edit, self.form.org_name.edit):
            edit.textChanged.connect(self._name_changed)
        for edit in (self.form.name.edit, self.form.id_number.edit, self.form.org_name.edit):
            edit.textEdited.connect(lambda _text: self.name_confirm.setChecked(False))  # confirmed another
        self.form.id_cleared.connect(lambda: self.show_applicant_check(None))
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
        # The checklist gets the height: its heading shares a line with the licence words, the key hint
        # with the decision, so a bundle's dozen materials show at once on a 1366×768 screen.
        heading = QHBoxLayout()
        heading.addWidget(QLabel(self.tr("<b>申请材料</b>（在表格中按键登记）")))
        heading.addSpacing(16)
        heading.addWidget(self.licence_status, 1)
        actions = QHBoxLayout()
        actions.addWidget(key_hint, 1)
        actions.addWidget(self.commitment)
        actions.addWidget(self.action)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 10, 12, 8)
        layout.addLayout(top)
        layout.addWidget(self.form)
        layout.addWidget(self.name_check)
        layout.addWidget(self.name_confirm)
        layout.addWidget(self.situations)
        layout.addLayout(heading)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.notes)
        layout.addWidget(self.rule_message)
        layout.addWidget(self.verdict)
        layout.addLayout(actions)

    # -- lifecycle -------------------------------------------------------------------------------------

    def start(
        self,
        guide: Guide,
        calendar: WorkdayCalendar,
        deferral_default: int,
        *,
        guide_version: int | None = None,
    ) -> None:
        """A new application for ``guide``: empty form, nothing received yet. ``guide_version``: the
        version of the guide the clerk read (submitting is refused if the matter changed since)."""
        self.guide, self.bundle, self.guides = guide, None, (guide,)
        self.guide_version = guide_version
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
        self.guide_version = None
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
        self.checklist = None  # the last intake's (a bundle's: one verdict per matter) is never mixed in
        self.calendar = calendar
        self.deferral_default = deferral_default
        self.title.setText(title)
        self.form.clear()
        self.commitment.setChecked(False)
        self.set_busy(False)
        self._findings.clear()
        self.applicant_licences = []
        self.show_applicant_check(None)
        self.draft_timer.stop()
        self.licence_status.clear()
        self.rule_message.clear()
        self._started = False
        boxes = self.situations.build(situations)
        chain = [
            self.form.last_in_tab_order,
            self.name_confirm,
            *boxes,
            self.table,
            self.commitment,
            self.action,
        ]
        for before, after in itertools.pairwise(chain):
            QWidget.setTabOrder(before, after)
        self._set(checklist)
        self.table.selectRow(0)
        self.form.focus_first()
        self.started.emit()

    def set_busy(self, busy: bool) -> None:
        """While a decision is being stored: no second click can store it twice."""
        self.action.setEnabled(not busy and self._action_allowed())
        self.setCursor(Qt.CursorShape.BusyCursor if busy else Qt.CursorShape.ArrowCursor)
        self._busy = busy

    def show_problems(self, problems: list[str]) -> None:
        self.rule_message.setText("未保存：" + "；".join(problems))

    # -- situations (情形) ---------------------------------------------------------------------------------

    @property
    def situation_boxes(self) -> dict[str, QCheckBox]:
        return self.situations.boxes

    def _agent_toggled(self, yes: bool) -> None:
        self.situations.set_answer(AGENT_SITUATION, yes)

    def answer(self, code: str, yes: bool) -> None:
        """A situation answered: its materials come or go, what was recorded for the others stays."""
        if self.checklist is None:
            return
        if code == AGENT_SITUATION and self.form.agent_box.isChecked() != yes:
            self.form.agent_box.setChecked(yes)
        self._set(self._with_findings(self.checklist.answer(code, yes)))
        self.note_edit()

    # -- checklist ---------------------------------------------------------------------------------------

    def _set(self, checklist: Checklist | BundleChecklist) -> None:
        self.checklist = checklist
        self.model.set_checklist(checklist)
        self._refresh_verdict()
        self._show_notes()

    def _apply(self, action: str, row: int) -> None:
        checklist = self.checklist
        if checklist is None or self.model.check(row) is None:
            return
        self.rule_message.clear()
        try:
            changed = apply_key(checklist, action, row)
        except RuleViolation as violation:
            self.rule_message.setText(str(violation))
            return
        self._started = True
        self._set(changed)
        self.note_edit()

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
        return action_allowed(
            [v for _g, v in self.verdicts()],
            commitment_signed=self.commitment.isChecked(),
            started=self._started,
        )

    def _refresh_verdict(self) -> None:
        verdicts = self.verdicts()
        if not verdicts:
            return
        shown = verdict_text(
            verdicts,
            bundle=self.bundle is not None,
            calendar=self.calendar,
            default_days=self.deferral_default,
            started=self._started,
        )
        self.verdict.setStyleSheet(f"background: {shown.background}; padding: 6px; border-radius: 4px;")
        self.verdict.setText(shown.html)
        self.action.setText(self.tr(shown.action) + "  (Ctrl+Enter)")
        self.commitment.setVisible(shown.deferring)
        self.action.setEnabled(not getattr(self, "_busy", False) and self._action_allowed())
        self.changed.emit()

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
                name_corrected=self.name_corrected,
            )
        assert self.guide is not None and isinstance(self.checklist, Checklist)
        verdict = self.checklist.verdict()
        return IntakeRequest(
            matter_code=self.guide.code,
            applicant=self.form.applicant_input(),
            agent=self.form.agent_input(),
            materials=self._materials(),
            decision=DECISIONS[verdict.kind],
            commitment_signed=self.commitment.isChecked(),
            answers=self.checklist.answers,
            name_corrected=self.name_corrected,
            guide_version=self.guide_version,
        )

    @property
    def name_corrected(self) -> bool:
        """The clerk confirmed that the register's name for this ID is to be corrected (Alt+K)."""
        return self.name_confirm.isVisible() and self.name_confirm.isChecked()

    def _name_changed(self) -> None:
        if self.checklist is not None:
            self.name_timer.start()

    def _submit(self) -> None:
        verdicts = [v for _g, v in self.verdicts()]
        blocked = self.name_blocks_storing()
        if blocked and self.action.isEnabled():
            self.rule_message.setText(blocked)
            self.name_confirm.setFocus()
            return
        if not self.action.isEnabled():
            if awaiting_check(verdicts, started=self._started):
                self.rule_message.setText(self.tr("尚未核对材料：请在材料表中逐项登记后再办理"))
            elif any(v.kind is VerdictKind.ACCEPTABLE_WITH_MISSING for v in verdicts):
                self.rule_message.setText(self.tr("容缺受理前请确认申请人已签署承诺书（Alt+C）"))
            return
        if self.checklist is not None and refusal_needs_confirmation(verdicts, self.checklist.checks):
            answer = QMessageBox.question(
                self,
                self.tr("出具一次性告知书"),
                self.tr(CONFIRM_REFUSAL),
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                QMessageBox.StandardButton.No,
            )
            if answer != QMessageBox.StandardButton.Yes:
                return
        request = self.request()
        if request is not None:
            self.set_busy(True)
            self.submit_requested.emit(request)
