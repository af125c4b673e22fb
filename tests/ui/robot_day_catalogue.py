"""The robot day's catalogue steps (issue 11): at lunchtime the administrator imports the hall's new
implementation list and a plain list, and shortens a promised limit in the editor, all with keys; in the
afternoon the morning's cases are reprinted with the guide they were decided under, the plain list's
matter is marked 待完善 and refused, and the imported matter is taken in.

Mixed into the day (``tests.ui.test_robot_day.Day``), which provides ``robot``, ``window``, ``checks``,
``numbers`` and ``work`` (a folder for the files the administrator is sent).
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from sqlalchemy import select
from sqlmodel import col

from hallapp.services.catalogue_files import CatalogueSource
from hallapp.services.catalogue_import.xlsx_export import export_xlsx
from hallapp.services.import_catalogue import stored_catalogue
from hallapp.store import models as m
from hallapp.store.case_models import AuditEvent
from hallapp.store.guide_versions import current_version, guide_at
from tests.ui.robot_clerk import focused, pdf_text, squeeze
from tests.ui.robot_day_script import (
    EditMatter,
    ImportCatalogue,
    ImportPlainList,
    IncompleteRefused,
    ReprintUnderVersion,
)

CTRL, SHIFT, ALT = (
    Qt.KeyboardModifier.ControlModifier,
    Qt.KeyboardModifier.ShiftModifier,
    Qt.KeyboardModifier.AltModifier,
)
IMPORT_WAIT_MS = 120_000  # the import runs in its own process, which imports the app first
NEW_CODE = "11440310MB2C01234A-9901-001"
LISTED_CODE = "11440310MB2C01234A-9902-001"


class CatalogueSteps:
    robot: object
    window: object
    checks: object
    numbers: dict[str, str]
    work: Path
    touched: set[str]

    # -- the administrator ---------------------------------------------------------------------------------

    def _matter(self, name: str) -> m.Matter:
        """The stored matter of this name, as a copy that outlives the unit of work."""
        with self.checks.uow() as uow:
            row = uow.session.execute(select(m.Matter).where(col(m.Matter.name) == name)).scalar_one()
            return m.Matter.model_validate(row.model_dump())

    def _import_file(self, path: Path, label: str, *must_say: str) -> str:
        """Ctrl+Shift+I, type the file's path, Enter previews, Alt+I imports, Esc closes; the summary."""
        robot, window = self.robot, self.window
        robot.key(Qt.Key.Key_I, CTRL | SHIFT)
        robot.wait(
            lambda: window.catalogue_import_dialog is not None and window.catalogue_import_dialog.isVisible()
        )
        dialog = window.catalogue_import_dialog
        robot.wait(lambda: focused() is dialog.path_edit)
        robot.type(str(path))
        robot.key(Qt.Key.Key_Return)
        robot.wait(lambda: dialog.state in ("previewed", "failed"), timeout=IMPORT_WAIT_MS)
        summary = dialog.summary_label.text()
        assert dialog.state == "previewed", f"{label}: the preview failed: {dialog.message_label.text()}"
        missing = [words for words in must_say if words not in summary]
        assert not missing, f"{label}: the preview says {summary!r}, not {missing}"
        robot.key(Qt.Key.Key_I, ALT)
        robot.wait(lambda: dialog.state in ("applied", "failed"), timeout=IMPORT_WAIT_MS)
        assert dialog.state == "applied", f"{label}: the import failed: {dialog.message_label.text()}"
        message = dialog.message_label.text()
        robot.key(Qt.Key.Key_Escape)
        robot.wait(lambda: not dialog.isVisible())
        robot.back_to_window()
        search = window.session.context.search
        robot.wait(lambda: search.ready, timeout=IMPORT_WAIT_MS)  # the new index swapped in
        self._imported_by_admin(label)
        return message

    def _imported_by_admin(self, label: str) -> None:
        with self.checks.uow() as uow:
            actors = set(
                uow.session.execute(
                    select(col(AuditEvent.actor)).where(col(AuditEvent.action) == "catalogue.import")
                ).scalars()
            )
        assert actors == {self.window.principal.username}, f"{label}: imports recorded as {actors}"

    def import_catalogue(self, step: ImportCatalogue, label: str) -> None:
        changed_before = self._matter(step.changed)
        source, _extras = stored_catalogue(self.checks.uow())
        guides = []
        for guide in source.guides:
            if guide.name == step.changed:
                guide = dataclasses.replace(guide, place=step.new_place)
            guides.append(guide)
        template = next(g for g in source.guides if g.name == "居住登记")
        left_out = guides.pop(-2)  # the province's list forgot one: it must stay at the counter
        guides.append(dataclasses.replace(template, code=NEW_CODE, name=step.added))
        path = self.work / "implementation-list.xlsx"
        export_xlsx(CatalogueSource(source.departments, source.licence_types, guides), path)
        self._import_file(path, label, "新增 1 项", "修改 1 项", "保留不动")
        after = self._matter(step.changed)
        assert after.version == changed_before.version + 1 and after.place == step.new_place, (
            f"{label}: {step.changed} is version {after.version} at {after.place!r}"
        )
        added = self._matter(step.added)
        assert added.active and added.version == 1 and not added.incomplete, (
            f"{label}: {step.added} not stored"
        )
        assert self._matter(left_out.name).active, f"{label}: {left_out.name} was withdrawn"
        hits = self.window.session.search(step.added)
        assert hits and hits[0].code == NEW_CODE, f"{label}: search does not find {step.added}"

    def import_plain_list(self, step: ImportPlainList, label: str) -> None:
        department = self._matter("居住登记")
        with self.checks.uow() as uow:
            name = uow.session.get(m.Department, department.department_id).name
        path = self.work / "plain-list.csv"
        path.write_text(
            f"实施编码,事项名称,实施主体\n{LISTED_CODE},{step.name},{name}\n", encoding="utf-8-sig"
        )
        self._import_file(path, label, "新增 1 项", "待完善")
        stored = self._matter(step.name)
        assert stored.incomplete and stored.active, f"{label}: {step.name} is not stored as 待完善"

    def edit_matter(self, step: EditMatter, label: str) -> None:
        robot, window = self.robot, self.window
        before = self._matter(step.name)
        robot.key(Qt.Key.Key_M, CTRL | SHIFT)
        robot.wait(lambda: window.catalogue_editor is not None and window.catalogue_editor.isVisible())
        editor = window.catalogue_editor
        robot.wait(lambda: editor.matter_list.model.rowCount() > 40)
        robot.key(Qt.Key.Key_F, CTRL)
        robot.wait(lambda: focused() is editor.matter_list.search_edit)
        robot.type(step.typed)
        robot.wait(lambda: editor.matter_list.model.rowCount() == 1)
        robot.key(Qt.Key.Key_Return)
        robot.key(Qt.Key.Key_Down)
        robot.wait(lambda: editor.opened is not None and editor.opened.guide.name == step.name)
        robot.key(Qt.Key.Key_2, ALT)  # 办理信息
        robot.key(Qt.Key.Key_R, ALT)  # 承诺时限
        shorter = before.promised_limit_days - 1
        assert shorter > 0, f"{label}: {step.name} has no promised limit to shorten"
        robot.key(Qt.Key.Key_A, CTRL)
        robot.type(str(shorter))
        saved = []
        editor.saved.connect(saved.append)
        robot.key(Qt.Key.Key_S, CTRL)
        robot.wait(lambda: bool(saved))
        assert saved[0].version == before.version + 1, f"{label}: saved as version {saved[0].version}"
        assert [c.label for c in saved[0].changes] == ["承诺办结时限"], f"{label}: {saved[0].changes}"
        robot.key(Qt.Key.Key_Escape)
        robot.wait(lambda: not editor.isVisible())
        robot.back_to_window()
        after = self._matter(step.name)
        assert (after.version, after.promised_limit_days) == (before.version + 1, shorter), (
            f"{label}: {step.name} is version {after.version} with {after.promised_limit_days} days"
        )
        with self.checks.uow() as uow:
            event = uow.session.execute(
                select(col(AuditEvent.actor), col(AuditEvent.detail))
                .where(col(AuditEvent.action) == "catalogue.edit")
                .order_by(col(AuditEvent.seq).desc())
            ).first()
        assert event is not None and event.actor == window.principal.username, f"{label}: edit not audited"
        assert "承诺办结时限" in event.detail, f"{label}: the audit event says {event.detail!r}"

    # -- the afternoon's checks -------------------------------------------------------------------------------

    def reprint_under_version(self, step: ReprintUnderVersion, label: str) -> None:
        number = self.numbers[step.tag]
        case = self.checks.case(number)
        with self.checks.uow() as uow:
            then = guide_at(uow.session, case.matter_code, case.guide_version)
            now = guide_at(uow.session, case.matter_code, None)
            version = current_version(uow.session, case.matter_code)
        assert case.guide_version is not None and case.guide_version < version, (
            f"{label}: {number} was decided under version {case.guide_version}, the matter is at {version}"
        )
        paths = self.robot.reprint(number)
        text = squeeze(pdf_text(paths[0]))
        if case.decision == "refused":  # the notice says where to come back: the place of its version
            assert squeeze(then.place) in text and squeeze(now.place) not in text, (
                f"{label}: the notice of {number} does not show the place of version {case.guide_version}"
            )
        else:  # the receipt names the promised limit it was accepted with
            days = f"（{then.promised_limit_days}个工作日）"
            assert days in text, f"{label}: the receipt of {number} does not say {days}"
        self.touched.add(number)

    def incomplete_refused(self, step: IncompleteRefused, label: str) -> None:
        robot, window = self.robot, self.window
        robot.find(step.name)
        lookup = window.lookup
        assert "待完善" in window.guide_view.toPlainText(), f"{label}: the guide does not say 待完善"
        before = set(self.checks.all_numbers())
        robot.key(Qt.Key.Key_F5)
        QApplication.processEvents()
        assert window.work.currentWidget() is lookup, f"{label}: F5 opened an intake of an incomplete matter"
        assert set(self.checks.all_numbers()) == before, f"{label}: a case was stored"
