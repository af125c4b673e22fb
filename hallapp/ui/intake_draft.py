"""The intake page's draft (受理草稿): what is on the page, as a draft, and back again.

Mixed into ``IntakePage``. The page says ``draft_due`` a moment after the clerk last typed, ticked or
marked something (debounced), and the window writes the draft (``hallapp.services.drafts``). E-licences
are not kept in a draft: restoring the applicant's ID fetches them again, as typing it does.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from hallapp.domain.intake import RuleViolation
from hallapp.services.drafts import IntakeDraft, MarkDraft

if TYPE_CHECKING:
    from PySide6.QtCore import QTimer, SignalInstance
    from PySide6.QtWidgets import QCheckBox

    from hallapp.domain.bundles import Bundle, BundleChecklist
    from hallapp.domain.catalogue import Guide
    from hallapp.domain.intake import Checklist
    from hallapp.ui.applicant_form import ApplicantForm
    from hallapp.ui.situation_bar import SituationBar

DRAFT_DELAY_MS = 800  # after the last key: a crash loses at most this much typing

# The form's text fields kept in a draft, by their attribute names on ``ApplicantForm``.
TEXT_FIELDS = (
    "name",
    "id_number",
    "phone",
    "org_name",
    "credit_code",
    "legal_representative",
    "contact_name",
    "agent_name",
    "agent_id",
    "agent_phone",
)


class IntakeDrafting:
    """Provided by ``IntakePage``: ``form``, ``situations``, ``commitment``, ``checklist``, ``_set`` …"""

    if TYPE_CHECKING:  # provided by IntakePage; declared for the type checker only
        guide: Guide | None
        bundle: Bundle | None
        checklist: Checklist | BundleChecklist | None
        form: ApplicantForm
        situations: SituationBar
        commitment: QCheckBox
        name_confirm: QCheckBox
        draft_timer: QTimer
        draft_due: SignalInstance
        _started: bool

        def _set(self, checklist: Checklist | BundleChecklist) -> None: ...

    def note_edit(self) -> None:
        """Something was typed, ticked or marked: the draft is written shortly (one write per pause)."""
        if self.checklist is not None:
            self.draft_timer.start(DRAFT_DELAY_MS)

    def draft(self) -> IntakeDraft | None:
        """The intake on the page as a draft; None when no intake is open."""
        checklist = self.checklist
        if checklist is None:
            return None
        if self.bundle is not None:
            kind, code, name = "bundle", self.bundle.code, self.bundle.name
        elif self.guide is not None:
            kind, code, name = "matter", self.guide.code, self.guide.name
        else:
            return None
        form = self.form
        fields = {attribute: getattr(form, attribute).text() for attribute in TEXT_FIELDS}
        return IntakeDraft(
            target_kind=kind,
            target_code=code,
            target_name=name,
            fields=fields,
            flags={
                "organisation": form.kind == "organisation",
                "agent": form.agent_box.isChecked(),
                "name_corrected": self.name_confirm.isChecked(),
            },
            answers=dict(checklist.answers),
            marks=tuple(
                MarkDraft(c.requirement.name, c.original_seen, c.copies, c.deferred) for c in checklist.checks
            ),
            commitment_signed=self.commitment.isChecked(),
        )

    def restore(self, draft: IntakeDraft) -> None:
        """Put a draft back on the page just started for its matter or bundle: the applicant (which looks
        them up and fetches their e-licences again), the situations, then each material's marks."""
        form = self.form
        (form.organisation_button if draft.flags.get("organisation") else form.person_button).setChecked(True)
        form.agent_box.setChecked(bool(draft.flags.get("agent")))
        for attribute in TEXT_FIELDS:
            text = draft.fields.get(attribute, "")
            if text:
                getattr(form, attribute).setText(text)
        for code, yes in draft.answers.items():
            box = self.situations.boxes.get(code)
            if box is not None and box.isChecked() != yes:
                box.setChecked(yes)  # the page answers it, and its materials come or go
        checklist = self.checklist
        if checklist is None:
            return
        marks = list(draft.marks)
        for index, check in enumerate(checklist.checks):
            mark = next((m for m in marks if m.name == check.requirement.name), None)
            if mark is None:
                continue
            marks.remove(mark)
            try:
                checklist = checklist.set_copies(index, mark.copies).set_original(index, mark.original_seen)
                if mark.deferred:
                    checklist = checklist.defer(index)
            except RuleViolation:
                continue  # the catalogue changed since: this row is checked again by hand
        self._started = self._started or any(m.touched for m in draft.marks)
        self._set(checklist)
        self.name_confirm.setChecked(bool(draft.flags.get("name_corrected")))
        self.commitment.setChecked(draft.commitment_signed)
        self.draft_timer.stop()  # what was restored is what is on disk
