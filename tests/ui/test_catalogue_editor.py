"""事项目录管理: the administrator opens the editor from the window (Ctrl+Shift+M), edits a guide with the
keyboard, saves with Ctrl+S and sees the new version and what changed; refusals are shown and store nothing."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox

from hallapp.domain.access import Role
from hallapp.ui.catalogue_editor import PAGE_HANDLING, PAGE_VERSIONS, CatalogueEditor
from tests.people import ADMIN
from tests.ui.admin_helpers import make_people, session_ops
from tests.ui.conftest import commit_text
from tests.ui.test_window_cases_and_settings import sign_in_as

CODE = "11440310MB2C01234A-0301-001"  # 创业培训补贴申领
CTRL, SHIFT = Qt.KeyboardModifier.ControlModifier, Qt.KeyboardModifier.ShiftModifier


def answer(monkeypatch, yes: bool) -> list[str]:
    """Answer every question the editor asks with yes or no; the questions asked are returned."""
    asked: list[str] = []

    def question(_parent, _title, text, *_args, **_kwargs):
        asked.append(text)
        return QMessageBox.StandardButton.Yes if yes else QMessageBox.StandardButton.No

    monkeypatch.setattr(QMessageBox, "question", staticmethod(question))
    return asked


@pytest.fixture
def editor(qtbot, window, ready_context) -> CatalogueEditor:
    """The editor as the administrator opens it: signed in, Ctrl+Shift+M, the first matter shown."""
    sign_in_as(qtbot, window, ready_context, ADMIN)
    window.activateWindow()
    qtbot.keyClick(window, Qt.Key.Key_M, CTRL | SHIFT)
    qtbot.waitUntil(lambda: getattr(window, "catalogue_editor", None) is not None)
    dialog = window.catalogue_editor
    qtbot.waitUntil(
        lambda: dialog.opened is not None and dialog.matter_list.model.rowCount() > 40, timeout=10_000
    )
    yield dialog
    dialog.opened = None  # nothing to ask at tear-down
    dialog.close()


def find_matter(qtbot, editor: CatalogueEditor, pinyin: str, name: str) -> None:
    """Ctrl+F, type the pinyin initials, Enter to the list, ↓ to the first match: its guide is shown."""
    qtbot.keyClick(editor, Qt.Key.Key_F, CTRL)
    search = editor.matter_list.search_edit
    assert search.hasFocus()
    qtbot.keyClicks(search, pinyin)
    qtbot.waitUntil(lambda: editor.matter_list.model.rowCount() == 1)
    qtbot.keyClick(search, Qt.Key.Key_Return)
    qtbot.keyClick(editor.matter_list.view, Qt.Key.Key_Down)
    qtbot.waitUntil(lambda: editor.opened is not None and editor.opened.guide.name == name)


def replace_text(qtbot, widget, text: str) -> None:
    widget.setFocus()
    qtbot.keyClick(widget, Qt.Key.Key_A, CTRL)
    if text.isascii():
        qtbot.keyClicks(widget, text)
    else:
        commit_text(widget, text)


def test_edit_with_keys_save_and_see_the_new_version_and_the_diff(qtbot, editor, window):
    find_matter(qtbot, editor, "cypxbt", "创业培训补贴申领")
    assert not editor.dirty and not editor.save_button.isEnabled()
    editor.pages.setCurrentIndex(PAGE_HANDLING)
    replace_text(qtbot, editor.form.hours, "周一至周六 9:00-18:00")
    replace_text(qtbot, editor.form.promised.lineEdit(), "10")
    assert editor.dirty and "有未保存的修改" in editor.title.text()
    with qtbot.waitSignal(editor.saved, timeout=10_000) as saved:
        qtbot.keyClick(editor.form.hours, Qt.Key.Key_S, CTRL)
    result = saved.args[0]
    assert result.version == 2 and [c.label for c in result.changes] == ["承诺办结时限", "办理时间"]
    assert "已保存为第 2 版：修改了 2 项" in editor.message.text()
    qtbot.waitUntil(lambda: editor.opened is not None and editor.opened.version == 2)
    editor.pages.setCurrentIndex(PAGE_VERSIONS)
    versions = editor.versions
    qtbot.waitUntil(lambda: versions.table.rowCount() == 2 and versions.changes.rowCount() == 2)
    assert (
        versions.table.item(0, 0).text() == "第 2 版（当前）"
        and versions.table.item(0, 2).text() == "sun.admin"
    )
    assert [versions.changes.item(r, 0).text() for r in range(2)] == ["承诺办结时限", "办理时间"]
    assert (versions.changes.item(0, 1).text(), versions.changes.item(0, 2).text()) == ("15", "10")
    assert versions.summary.text() == "第 1 版 → 第 2 版：修改了 2 项"
    assert window.session.open_matter(CODE).guide.hours == "周一至周六 9:00-18:00"
    assert "第 2 版" in editor.title.text() and not editor.dirty


def test_a_refusal_is_shown_in_words_and_nothing_is_saved(qtbot, editor, window):
    find_matter(qtbot, editor, "cypxbt", "创业培训补贴申领")
    editor.pages.setCurrentIndex(PAGE_HANDLING)
    editor.form.on_the_spot.setFocus()
    qtbot.keyClick(editor.form.on_the_spot, Qt.Key.Key_Space)
    assert editor.form.on_the_spot.isChecked()
    qtbot.keyClick(editor.form.on_the_spot, Qt.Key.Key_S, CTRL)
    items = [editor.findings.item(i).text() for i in range(editor.findings.count())]
    assert editor.findings.isVisible()
    assert items[0].startswith("不能保存：即办件的承诺办结时限应为 0（当场办结），现为 15 个工作日")
    assert editor.message.text().startswith("未保存：有 1 处须改正")
    assert editor.form.promised.hasFocus()  # taken to the field to put right
    window.ops.wait()
    assert window.session.open_matter(CODE).version == 1 and len(window.session.matter_versions(CODE)) == 1


def test_warnings_are_saved_only_once_confirmed(qtbot, editor, window, monkeypatch):
    find_matter(qtbot, editor, "cypxbt", "创业培训补贴申领")
    replace_text(qtbot, editor.form.max_deferred.lineEdit(), "3")
    asked = answer(monkeypatch, yes=False)
    qtbot.keyClick(editor, Qt.Key.Key_S, CTRL)
    assert "容缺材料上限为 3 项，但只有 1 项材料可容缺。" in asked[0] and editor.message.text() == "未保存。"
    window.ops.wait()
    assert window.session.open_matter(CODE).version == 1
    answer(monkeypatch, yes=True)
    with qtbot.waitSignal(editor.saved, timeout=10_000):
        qtbot.keyClick(editor, Qt.Key.Key_S, CTRL)
    assert window.session.open_matter(CODE).guide.max_deferred == 3


def test_a_material_is_added_moved_and_saved(qtbot, editor, window):
    find_matter(qtbot, editor, "cypxbt", "创业培训补贴申领")
    materials = editor.materials
    count = materials.table.rowCount()
    qtbot.keyClick(editor, Qt.Key.Key_3, Qt.KeyboardModifier.AltModifier)  # 申请材料(&3)
    assert editor.pages.currentWidget() is materials
    materials.table.setFocus()
    qtbot.keyClick(materials.table, Qt.Key.Key_Insert)
    assert materials.table.rowCount() == count + 1 and materials.name.hasFocus()
    commit_text(materials.name, "个人承诺书")
    materials.table.setFocus()
    qtbot.keyClick(materials.table, Qt.Key.Key_Up, CTRL)
    assert materials.table.item(count - 1, 0).text() == "个人承诺书"
    first, second = (materials.table.item(r, 0).text() for r in (0, 1))
    materials.table.setCurrentCell(0, 0)
    qtbot.keyClick(materials.table, Qt.Key.Key_Down, CTRL)
    assert [materials.table.item(r, 0).text() for r in (0, 1)] == [second, first]
    with qtbot.waitSignal(editor.saved, timeout=10_000) as saved:
        qtbot.keyClick(editor, Qt.Key.Key_S, CTRL)
    assert {c.label for c in saved.args[0].changes} == {"材料「个人承诺书」", "材料顺序"}
    guide = window.session.open_matter(CODE).guide
    assert guide.materials[count - 1].name == "个人承诺书" and guide.materials[count - 1].originals == 1


def test_another_administrators_save_is_not_overwritten(qtbot, editor, window, ready_context, monkeypatch):
    from dataclasses import replace

    from hallapp.services.session import CounterSession

    find_matter(qtbot, editor, "cypxbt", "创业培训补贴申领")
    other = CounterSession.open(ready_context, ADMIN)
    other.save_matter(replace(other.open_matter(CODE).guide, fees="免费"), based_on=1)
    replace_text(qtbot, editor.form.windows, "C01")
    qtbot.keyClick(editor, Qt.Key.Key_S, CTRL)
    qtbot.waitUntil(lambda: "已由 sun.admin 保存为第 2 版" in editor.message.text())
    assert window.session.open_matter(CODE).guide.windows != "C01"
    answer(monkeypatch, yes=True)
    qtbot.mouseClick(editor.revert_button, Qt.MouseButton.LeftButton)  # 放弃修改: the newer version shown
    qtbot.waitUntil(lambda: editor.opened.version == 2 and not editor.dirty)
    assert editor.opened.guide.fees == "免费" and "第 2 版" in editor.message.text()


def test_esc_asks_before_unsaved_changes_are_dropped(qtbot, editor, monkeypatch):
    replace_text(qtbot, editor.form.name, "改名")
    asked = answer(monkeypatch, yes=False)
    qtbot.keyClick(editor.form.name, Qt.Key.Key_Escape)
    assert asked and "有未保存的修改" in asked[0] and editor.isVisible()
    answer(monkeypatch, yes=True)
    qtbot.keyClick(editor.form.name, Qt.Key.Key_Escape)
    assert not editor.isVisible()


def test_every_shipped_guide_opens_unchanged(qtbot, editor, window):
    for row in window.session.browse_matters():
        editor._show(window.session.open_matter(row.code))
        assert not editor.dirty, row.name
        assert editor.current_guide() == editor.opened.guide
    window.ops.wait()


def test_a_clerk_is_told_who_edits_the_catalogue(qtbot, ready_context):
    people = make_people(ready_context)
    for ops_for in session_ops(ready_context, people):
        dialog = CatalogueEditor(ops_for(Role.CLERK))
        qtbot.addWidget(dialog)
        dialog.show()
        QApplication.processEvents()
        assert dialog.refusal.text().startswith("仅系统管理员可管理事项目录。")
        assert not dialog.tabs.isVisible() and dialog.opened is None


def test_enter_on_a_finding_goes_to_its_field(qtbot, editor):
    find_matter(qtbot, editor, "cypxbt", "创业培训补贴申领")
    editor.pages.setCurrentIndex(PAGE_HANDLING)
    replace_text(qtbot, editor.form.consultation_phone, "84908631")
    qtbot.keyClick(editor, Qt.Key.Key_K, Qt.KeyboardModifier.AltModifier)  # 检查(&K)
    qtbot.waitUntil(lambda: editor.findings.count() > 0)  # a mnemonic clicks the button after 100 ms
    texts = editor.findings.texts()
    assert texts == ["不能保存：咨询电话 84908631 缺少区号：请写成「区号-号码」，如 0755-8490 8631。"]
    assert editor.findings.hasFocus() and editor.findings.currentRow() == 0
    editor.pages.setCurrentIndex(0)
    qtbot.keyClick(editor.findings, Qt.Key.Key_Return)
    assert editor.pages.currentIndex() == PAGE_HANDLING and editor.form.consultation_phone.hasFocus()


def test_a_renamed_situation_is_renamed_in_its_materials(qtbot, editor, window):
    find_matter(qtbot, editor, "cypxbt", "创业培训补贴申领")
    dependent = [m.name for m in editor.opened.guide.materials if m.when == "non_local"]
    assert dependent
    qtbot.keyClick(editor, Qt.Key.Key_4, Qt.KeyboardModifier.AltModifier)  # 情形(&4)
    editor.situations.table.item(0, 0).setText("outside")
    with qtbot.waitSignal(editor.saved, timeout=10_000):
        qtbot.keyClick(editor, Qt.Key.Key_S, CTRL)
    guide = window.session.open_matter(CODE).guide
    assert [s.code for s in guide.situations] == ["outside"]
    assert [m.name for m in guide.materials if m.when == "outside"] == dependent


def test_a_bundle_is_renamed_and_a_member_dropped_with_keys(qtbot, editor, window):
    editor.tabs.setCurrentWidget(editor.bundles)
    bundles = editor.bundles
    qtbot.waitUntil(lambda: bundles.bundles.count() >= 3)
    row = next(
        i for i in range(bundles.bundles.count()) if bundles.bundles.item(i).text() == "新生儿出生一件事"
    )
    bundles.bundles.setCurrentRow(row)
    count = bundles.members.rowCount()
    replace_text(qtbot, bundles.name, "新生儿出生“一件事”")
    bundles.members.setFocus()
    bundles.members.setCurrentCell(count - 1, 0)
    qtbot.keyClick(bundles.members, Qt.Key.Key_Delete)
    assert bundles.members.rowCount() == count - 1
    qtbot.keyClick(bundles.members, Qt.Key.Key_S, CTRL)
    qtbot.waitUntil(lambda: bundles.message.text().startswith("已保存"), timeout=10_000)
    (saved,) = [b for b in window.session.editor_bundles() if b.code == "newborn"]
    assert saved.name == "新生儿出生“一件事”" and len(saved.members) == count - 1


def test_esc_asks_before_a_bundle_edit_is_lost(qtbot, editor, monkeypatch):
    editor.tabs.setCurrentWidget(editor.bundles)
    bundles = editor.bundles
    qtbot.waitUntil(lambda: bundles.bundles.count() >= 3)
    bundles.bundles.setCurrentRow(0)
    count = bundles.members.rowCount()
    bundles.members.setFocus()
    bundles.members.setCurrentCell(count - 1, 0)
    qtbot.keyClick(bundles.members, Qt.Key.Key_Delete)
    assert bundles.dirty
    asked = answer(monkeypatch, yes=False)
    qtbot.keyClick(bundles.members, Qt.Key.Key_Escape)
    assert asked and "一件事" in asked[0] and editor.isVisible()  # kept open, the edit still there
    assert bundles.members.rowCount() == count - 1
    answer(monkeypatch, yes=True)
    qtbot.keyClick(bundles.members, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not editor.isVisible())
