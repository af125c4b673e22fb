"""事项目录管理: the administrator's catalogue editor — browse matters, edit a guide, see its versions.

Left, the matters by department, flag and words (Ctrl+F); right, the chosen matter's guide on five pages
(基本信息, 办理信息, 申请材料, 情形, 版本). Before anything is saved the quality rules
(``services.catalogue_rules``) are shown under the pages: a refusal blocks the save, warnings need a
confirmation; Enter on a finding goes to its field. Ctrl+S saves — the session checks the rules again and
refuses when another administrator saved the matter meanwhile — and the new version and what changed
appear on the 版本 page. Esc closes, asking first when something is unsaved. A second tab edits the
life-event bundles. Every call runs through the window's operations on the database worker.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtGui import QCloseEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from hallapp.domain.access import Permission
from hallapp.errors import describe
from hallapp.services.catalogue_rules import RuleReport, check_guide
from hallapp.ui.catalogue_editor_bundles import BundlesEditor
from hallapp.ui.catalogue_editor_findings import FindingsList
from hallapp.ui.catalogue_editor_form import GuideForm
from hallapp.ui.catalogue_editor_list import LIMIT, MatterList, matter_title
from hallapp.ui.catalogue_editor_materials import MaterialsEditor
from hallapp.ui.catalogue_editor_situations import SituationsEditor
from hallapp.ui.catalogue_editor_versions import VersionsView

if TYPE_CHECKING:
    from hallapp.domain.catalogue import Department, Guide, LicenceType
    from hallapp.services.catalogue_edit import EditableMatter, MatterRow, SaveResult
    from hallapp.services.changes import Changes
    from hallapp.ui.ops import Operations

STYLE = """
QLabel#refusal { color: #7f1d1d; background: #fef2f2; border: 1px solid #fecaca; border-radius: 4px;
    padding: 10px 12px; }
QLabel#hint { color: #64748b; }
QLabel#matterTitle { font-size: 15px; font-weight: bold; color: #0f172a; }
QLabel#matterCode { color: #475569; }
QListWidget#findings { border: 1px solid #e2e8f0; background: #fffdf7; }
"""
PAGE_BASIC, PAGE_HANDLING, PAGE_MATERIALS, PAGE_SITUATIONS, PAGE_VERSIONS = range(5)


class CatalogueEditor(QDialog):
    """Opened by the window as ``CatalogueEditor(ops, parent).open()`` with ``ops.session`` signed in."""

    matter_shown = Signal(str)  # a matter's guide is on the pages (code)
    saved = Signal(object)  # SaveResult of a save that stored a new version

    def __init__(self, ops: Operations, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ops = ops
        self.setWindowTitle(self.tr("事项目录管理"))
        self.setStyleSheet(STYLE)
        session = ops.session
        self.allowed = session is not None and session.may(Permission.CATALOGUE)
        self.opened: EditableMatter | None = None
        self._licence_codes: set[str] = set()

        self.refusal = QLabel()
        self.refusal.setObjectName("refusal")
        self.refusal.setWordWrap(True)
        self.matter_list = MatterList()
        self.form = GuideForm(self)
        self.materials = MaterialsEditor()
        self.situations = SituationsEditor()
        self.versions = VersionsView()
        self.title = QLabel(self.tr("请在左侧选择事项"))
        self.title.setObjectName("matterTitle")
        self.pages = QTabWidget()
        for page, text in (
            (self.form.basic_page, "基本信息(&1)"),
            (self.form.handling_page, "办理信息(&2)"),
            (self.materials, "申请材料(&3)"),
            (self.situations, "情形(&4)"),
            (self.versions, "版本(&5)"),
        ):
            self.pages.addTab(page, self.tr(text))
        self.findings = FindingsList()
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.check_button = QPushButton(self.tr("检查(&K)"))
        self.save_button = QPushButton(self.tr("保存 Ctrl+S"))
        self.revert_button = QPushButton(self.tr("放弃修改(&Z)"))
        self.close_button = QPushButton(self.tr("关闭 Esc"))
        for button in (self.check_button, self.save_button, self.revert_button, self.close_button):
            button.setAutoDefault(False)  # Enter in a field never saves or closes
        buttons = QHBoxLayout()
        buttons.addWidget(self.message, 1)
        for button in (self.check_button, self.revert_button, self.save_button, self.close_button):
            buttons.addWidget(button)

        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(8, 0, 0, 0)
        right_layout.addWidget(self.title)
        right_layout.addWidget(self.pages, 1)
        right_layout.addWidget(self.findings)
        splitter = QSplitter()
        splitter.addWidget(self.matter_list)
        splitter.addWidget(right)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([440, 880])
        self.bundles = BundlesEditor(ops)
        self.tabs = QTabWidget()
        self.tabs.addTab(splitter, self.tr("事项"))
        self.tabs.addTab(self.bundles, self.tr("一件事一次办"))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 10, 12, 10)
        layout.addWidget(self.refusal)
        layout.addWidget(self.tabs, 1)
        layout.addLayout(buttons)

        self.matter_list.filter_changed.connect(self.refresh_list)
        self.matter_list.matter_chosen.connect(self._chosen)
        self.form.changed.connect(self._enable)
        self.materials.changed.connect(self._enable)
        self.situations.changed.connect(self._situations_edited)
        self.situations.renamed.connect(self.materials.rename_situation)
        self.findings.go_to_requested.connect(self.go_to)
        self.check_button.clicked.connect(self._check_clicked)
        self.save_button.clicked.connect(self.save_current)
        self.revert_button.clicked.connect(self._revert)
        self.close_button.clicked.connect(self.reject)
        self.tabs.currentChanged.connect(self._tab_changed)
        QShortcut(QKeySequence.StandardKey.Save, self).activated.connect(self.save_current)
        QShortcut(QKeySequence.StandardKey.Find, self).activated.connect(self.focus_search)
        ops.did_change.connect(self._changed)
        screen = (parent or self).screen().availableGeometry()  # 1366×768 less a taskbar must fit
        self.resize(min(1340, screen.width() - 16), min(740, screen.height() - 40))

        if not self.allowed:
            self._refuse()
            return
        self.refusal.hide()
        self._enable()
        self.ops.run(self, lambda s: s.editor_lists(), self._lists_loaded, self._failed, key="lists")

    def _refuse(self) -> None:
        """Say who edits the catalogue and why this person may not; nothing is read."""
        session = self.ops.session
        if session is None:
            self.refusal.setText(self.tr("尚未登录：请先登录。"))
        else:
            who = session.who_may(Permission.CATALOGUE)
            why = session.why_not(Permission.CATALOGUE)
            self.refusal.setText(self.tr("仅{0}可管理事项目录。\n{1}").format(who, why))
        for widget in (self.tabs, self.check_button, self.save_button, self.revert_button):
            widget.hide()
        self.close_button.setFocus()
        self.resize(560, 200)

    # -- the list ------------------------------------------------------------------------------------------

    def _lists_loaded(self, lists: tuple[list[Department], list[LicenceType]]) -> None:
        departments, licence_types = lists
        self._licence_codes = {t.code for t in licence_types}
        self.matter_list.set_departments(departments)
        self.form.set_departments(departments)
        self.materials.set_licence_types(licence_types)
        self.refresh_list()
        self.bundles.refresh()
        self.matter_list.search_edit.setFocus()

    def refresh_list(self) -> None:
        department, flag, text = self.matter_list.criteria()
        self.ops.run(
            self,
            lambda s: s.browse_matters(department=department, flag=flag, text=text, limit=LIMIT),
            self._rows_loaded,
            self._failed,
            key="browse",
            latest=True,
        )

    def _rows_loaded(self, rows: list[MatterRow]) -> None:
        current = self.opened.guide.code if self.opened else ""
        self.matter_list.show_rows(rows, keep=current)
        if self.opened is None and rows:
            self.matter_list.choose(rows[0].code)

    def focus_search(self) -> None:
        self.tabs.setCurrentIndex(0)
        self.matter_list.search_edit.setFocus()
        self.matter_list.search_edit.selectAll()

    def _chosen(self, code: str) -> None:
        if self.opened is not None and code == self.opened.guide.code:
            return
        if self.dirty and not self._discard_asked():
            self.matter_list.keep_current(self.opened.guide.code if self.opened else "")
            return
        self.load_matter(code)

    # -- one matter ----------------------------------------------------------------------------------------

    def load_matter(self, code: str) -> None:
        self.ops.run(self, lambda s: s.open_matter(code), self._show, self._failed, key="open", latest=True)

    def _show(self, matter: EditableMatter) -> None:
        self.opened = matter
        self.form.set_guide(matter.guide)
        self.situations.set_situations(matter.guide.situations)
        self.materials.set_materials(matter.guide.materials, matter.guide.situations)
        self.findings.show_report(RuleReport())
        self._enable()
        self.versions.load(self.ops, matter.guide.code)
        self.matter_shown.emit(matter.guide.code)

    def current_guide(self) -> Guide | None:
        """The guide as the pages hold it now (None when no matter is open)."""
        if self.opened is None:
            return None
        guide = self.form.guide_from(self.opened.guide)
        return replace(guide, materials=self.materials.materials(), situations=self.situations.situations())

    @property
    def dirty(self) -> bool:
        return self.opened is not None and self.current_guide() != self.opened.guide

    def _situations_edited(self) -> None:
        self.materials.set_situations(self.situations.situations())
        self._enable()

    def _enable(self) -> None:
        matter = self.opened
        for widget in (self.pages, self.check_button):
            widget.setEnabled(matter is not None)
        dirty = self.dirty
        self.save_button.setEnabled(matter is not None and (dirty or matter.incomplete))
        self.revert_button.setEnabled(dirty)
        if matter is None:
            return
        self.title.setText(matter_title(matter, dirty))

    def _revert(self) -> None:
        if self.opened is not None and self._ask(self.tr("放弃修改"), self.tr("放弃对本事项的全部修改吗？")):
            # read again: someone may have saved a newer version meanwhile (then that one is shown)
            def shown(matter: EditableMatter) -> None:
                self._show(matter)
                self.say(self.tr("已恢复为第 {0} 版（现行）的内容").format(matter.version))

            code = self.opened.guide.code
            self.ops.run(self, lambda s: s.open_matter(code), shown, self._failed, key="open", latest=True)

    # -- the rules and saving ------------------------------------------------------------------------------

    def check(self) -> RuleReport | None:
        """Show what the quality rules say about the guide as it is now."""
        guide = self.current_guide()
        if guide is None:
            return None
        report = check_guide(guide, licence_codes=self._licence_codes)
        self.findings.show_report(report)
        if report.clean:
            self.say(self.tr("检查通过：没有问题。"))
        elif report.refusals:
            self.say(
                self.tr("有 {0} 处须改正才能保存（选中一条按 Enter 可转到该处）").format(
                    len(report.refusals)
                ),
                False,
            )
        else:
            self.say(self.tr("有 {0} 条提醒：保存时需确认").format(len(report.warnings)), False)
        return report

    def _check_clicked(self) -> None:
        """检查: the findings get the keyboard (↑↓ to read them, Enter to go to one)."""
        self.check()
        if self.findings.count():
            self.findings.setFocus()
            self.findings.setCurrentRow(0)

    def go_to(self, field: str) -> None:
        """Show the page of ``field`` (a rule's ``Finding.field``) and put the cursor there."""
        name, _, index = field.partition(":")
        if name == "materials":
            self.pages.setCurrentIndex(PAGE_MATERIALS)
            if index:
                self.materials.select(int(index))
            else:
                self.materials.table.setFocus()
        elif name == "situations":
            self.pages.setCurrentIndex(PAGE_SITUATIONS)
            self.situations.table.setFocus()
            if index:
                self.situations.table.setCurrentCell(int(index), 0)
        elif name in self.form.fields:
            self.pages.setCurrentIndex(PAGE_BASIC if name in self.form.BASIC_FIELDS else PAGE_HANDLING)
            self.form.fields[name].setFocus()

    def save_current(self) -> None:
        """Ctrl+S: the bundle on the bundles tab, else the matter."""
        if self.tabs.currentWidget() is self.bundles:
            self.bundles.save()
        else:
            self.save()

    def save(self) -> None:
        guide = self.current_guide()
        matter = self.opened
        if guide is None or matter is None or self.ops.busy(self, "save"):
            return
        if guide == matter.guide and not matter.incomplete:
            self.say(self.tr("没有修改，无需保存。"))
            return
        report = self.check()
        assert report is not None
        if report.refusals:
            self.go_to(report.refusals[0].field)
            self.say(self.tr("未保存：有 {0} 处须改正（见下方红字）").format(len(report.refusals)), False)
            return
        if report.warnings and not self._ask(
            self.tr("确认保存"),
            self.tr("保存前请确认以下提醒：\n\n{0}\n\n仍要保存吗？").format(
                "\n".join(f"· {w.text}" for w in report.warnings)
            ),
        ):
            self.say(self.tr("未保存。"), False)
            return
        confirmed = bool(report.warnings)
        self.ops.run(
            self,
            lambda s: s.save_matter(guide, based_on=matter.version, confirm_warnings=confirmed),
            self._saved,
            self._save_failed,
            key="save",
        )

    def _saved(self, result: SaveResult) -> None:
        if not result.saved:
            self.say(self.tr("没有修改，无需保存。"))
            return
        self.say(
            self.tr("已保存为第 {0} 版：修改了 {1} 项（{2}）").format(
                result.version, len(result.changes), "、".join(c.label for c in result.changes[:4])
            )
        )
        self.opened = None  # the saved guide is read back as the current version
        self.load_matter(result.code)
        self.refresh_list()
        self.saved.emit(result)

    def _save_failed(self, error: BaseException) -> None:
        problems = getattr(error, "problems", None)
        if problems:
            self.findings.show_refusals(problems)
        self._failed(error)

    # -- messages, questions, closing ----------------------------------------------------------------------

    def say(self, text: str, good: bool = True) -> None:
        self.message.setStyleSheet("color: #047857;" if good else "color: #b91c1c;")
        self.message.setText(text)

    def _failed(self, error: BaseException) -> None:
        self.say(describe(error), False)

    def _ask(self, title: str, text: str) -> bool:
        answer = QMessageBox.question(
            self, title, text, QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No
        )
        return answer == QMessageBox.StandardButton.Yes

    def _discard_asked(self) -> bool:
        name = self.opened.guide.name if self.opened else ""
        return self._ask(
            self.tr("有未保存的修改"), self.tr("「{0}」有未保存的修改，放弃这些修改吗？").format(name)
        )

    def _changed(self, changes: Changes) -> None:
        if changes.catalogue and self.allowed and self.isVisible():  # a closed editor reads nothing
            self.refresh_list()
            self.bundles.refresh()

    def _tab_changed(self, index: int) -> None:
        """The bundles tab has its own save button and message (Ctrl+S still saves there)."""
        on_matters = index == 0
        for widget in (self.message, self.check_button, self.revert_button, self.save_button):
            widget.setVisible(on_matters)

    def _leaving_asked(self) -> bool:
        """Leaving the editor: whether nothing unsaved is lost (a matter's or a bundle's), asking first."""
        if self.dirty and not self._discard_asked():
            return False
        if self.bundles.dirty:
            name = self.bundles.name.text().strip()
            return self._ask(
                self.tr("有未保存的修改"),
                self.tr("一件事「{0}」有未保存的修改，放弃这些修改吗？").format(name),
            )
        return True

    def reject(self) -> None:
        """Esc and 关闭: ask first when the open matter or bundle has unsaved changes."""
        if not self._leaving_asked():
            return
        self.opened = None
        super().reject()

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self._leaving_asked():
            event.ignore()
            return
        self.opened = None
        super().closeEvent(event)
