"""The intake page's e-licences (电子证照): what the library found replaces the paper, or says why not;
and what the register says about the typed name (``services.applicant_check``).

Mixed into ``IntakePage``; the look-ups themselves run off the UI thread in the window's intake actions.
A licence replaces only a material of its holder alone (the catalogue's ``owner``), and none of the
applicant's licences is credited while the typed name is not the registered one (unless the clerk
confirmed the correction) or not the licence holder's.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from hallapp.domain.catalogue import MaterialOwner
from hallapp.domain.licences import Licence, LicenceFinding

if TYPE_CHECKING:
    from PySide6.QtWidgets import QCheckBox, QLabel

    from hallapp.domain.bundles import BundleChecklist
    from hallapp.domain.catalogue import Guide
    from hallapp.domain.intake import Checklist
    from hallapp.services.applicant_check import ApplicantCheck
    from hallapp.ui.checklist_model import ChecklistModel

HELD_NOTE = "姓名与登记信息或电子证照不一致，暂不调用电子证照"


class IntakeLicences:
    """Provided by ``IntakePage``: ``guides``, ``checklist``, ``model``, ``licence_status``, ``_set``."""

    if TYPE_CHECKING:  # provided by IntakePage and QWidget; declared for the type checker only
        guides: tuple[Guide, ...]
        checklist: Checklist | BundleChecklist | None
        model: ChecklistModel
        licence_status: QLabel
        name_check: QLabel
        name_confirm: QCheckBox
        _findings: dict[tuple[bool, str], LicenceFinding]  # (for the agent?, licence type) → finding
        applicant_check: ApplicantCheck | None
        applicant_licences: list[Licence]  # what the library returned for the applicant's ID

        def _set(self, checklist: Checklist | BundleChecklist) -> None: ...
        def tr(self, sourceText: str, disambiguation: str | None = None, n: int = -1) -> str: ...

    def licence_types(self, for_agent: bool) -> set[str]:
        """The licence types worth asking the library about, for the applicant or for the agent."""
        return {
            m.licence_type_code
            for g in self.guides
            for m in g.materials
            if m.licence_type_code
            and m.licence_party is (MaterialOwner.AGENT if for_agent else MaterialOwner.APPLICANT)
        }

    def apply_licences(self, for_agent: bool, findings: list[LicenceFinding]) -> None:
        """What the library found: usable licences replace the paper (免提交), the others say why not."""
        for finding in findings:
            self._findings[(for_agent, finding.type_code)] = finding
        if self.checklist is not None:
            self._set(self._with_findings(self.checklist))
        self._licence_words(for_agent, findings)

    def _licence_words(self, for_agent: bool, findings: list[LicenceFinding]) -> None:
        used = [f for f in findings if f.usable]
        refused = [f for f in findings if f.licence is not None and not f.usable]
        words = []
        if used:
            words.append(self.tr("已调取电子证照 {0} 项，相应材料免提交").format(len(used)))
        if refused:
            words.append("；".join(f.problem for f in refused))
        if not findings or not (used or refused):
            words.append(self.tr("电子证照库中未找到可用证照，请收取纸质材料"))
        held = used and self.licences_held and not for_agent
        if held:
            words = [self.tr(HELD_NOTE)]
        good = used and not refused and not held
        self.licence_status.setStyleSheet("color: #047857;" if good else "color: #b45309;")
        self.licence_status.setText(("代理人：" if for_agent else "") + "；".join(words))

    # -- the register's word on the typed name ----------------------------------------------------------

    @property
    def licences_held(self) -> bool:
        """The applicant's e-licences are not credited: the name differs from the licence holder's, or
        from the registered one while the correction is not confirmed."""
        found = self.applicant_check
        if found is None:
            return False
        return found.licence_name_differs or (found.name_differs and not self.name_confirm.isChecked())

    def show_applicant_check(self, found: ApplicantCheck | None) -> None:
        """Show what the register and the licences say (both names, the ID masked; an open case of the
        same matter); hold the applicant's e-licences back while the name is in doubt."""
        self.applicant_check = found
        words = found.warnings if found is not None else []
        self.name_check.setText("\n".join(f"⚠ {w}" for w in words))
        self.name_check.setVisible(bool(words))
        differs = found is not None and found.name_differs
        if differs and found is not None:
            self.name_confirm.setText(
                self.tr("已核实身份，更正登记姓名为「{0}」(&K)；否则请改正所填姓名（Alt+N）").format(
                    found.typed_name
                )
            )
        elif self.name_confirm.isChecked():
            self.name_confirm.setChecked(False)
        self.name_confirm.setVisible(differs)
        self.recredit_licences()

    def recredit_licences(self) -> None:
        """Apply the findings again (the name check or its confirmation changed), and say so."""
        if self.checklist is not None:
            self._set(self._with_findings(self.checklist))
        mine = [f for (agent, _code), f in self._findings.items() if not agent]
        if mine:
            self._licence_words(False, mine)

    def name_blocks_storing(self) -> str:
        """Why the decision may not be stored yet ("" when it may): a changed name not confirmed."""
        found = self.applicant_check
        if found is not None and found.name_differs and not self.name_confirm.isChecked():
            return self.tr(
                "证件号码 {0} 已登记的姓名为「{1}」：请改正所填姓名，或确认更正登记姓名（Alt+K）"
            ).format(found.masked_id, found.registered_name)
        return ""

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
        held = self.licences_held
        looked_up = {code for _agent, code in self._findings}
        for index, check in enumerate(checklist.checks):
            need = check.requirement
            party = need.licence_party
            if party is None:  # someone else's paper, or two people's: never one person's licence
                if need.licence_type_code in looked_up:
                    notes[index] = self.tr("属{0}的材料，须核验纸质材料").format(need.owner_label)
                continue
            for_agent = party is MaterialOwner.AGENT
            finding = self._findings.get((for_agent, need.licence_type_code or ""))
            if finding is None:
                continue
            if held and not for_agent and finding.usable:
                if check.licence is not None:
                    checklist = checklist.set_licence(index, None)
                notes[index] = self.tr(HELD_NOTE)
                continue
            if finding.usable and check.licence is None:
                checklist = checklist.set_licence(index, finding.licence)
            elif not finding.usable:
                notes[index] = finding.problem
        self.model.set_notes(notes)
        return checklist
