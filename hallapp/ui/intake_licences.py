"""The intake page's e-licences (电子证照): what the library found replaces the paper, or says why not.

Mixed into ``IntakePage``; the look-up itself runs off the UI thread in the window's intake actions.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from hallapp.domain.licences import LicenceFinding

if TYPE_CHECKING:
    from PySide6.QtWidgets import QLabel

    from hallapp.domain.bundles import BundleChecklist
    from hallapp.domain.catalogue import Guide
    from hallapp.domain.intake import Checklist
    from hallapp.ui.checklist_model import ChecklistModel


class IntakeLicences:
    """Provided by ``IntakePage``: ``guides``, ``checklist``, ``model``, ``licence_status``, ``_set``."""

    if TYPE_CHECKING:  # provided by IntakePage and QWidget; declared for the type checker only
        guides: tuple[Guide, ...]
        checklist: Checklist | BundleChecklist | None
        model: ChecklistModel
        licence_status: QLabel
        _findings: dict[tuple[bool, str], LicenceFinding]  # (for the agent?, licence type) → finding

        def _set(self, checklist: Checklist | BundleChecklist) -> None: ...
        def tr(self, sourceText: str, disambiguation: str | None = None, n: int = -1) -> str: ...

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

    def _with_findings(self, checklist: Checklist | BundleChecklist) -> Checklist | BundleChecklist:
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
