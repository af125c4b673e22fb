"""The 导入事项目录 dialog in the signed-in window: preview in a worker process, the tabs, apply, cancel.

The worker is a real process over the test's own database (``hallapp.services.catalogue_import.worker``);
a cancelled preview or apply must leave the catalogue as it was, and after an import the window's
search must find the new matter (the index rebuilt and swapped in, no restart).
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from hallapp.config import SHIPPED_CATALOGUE_DIR
from hallapp.services.catalogue_files import CatalogueSource, read_catalogue
from hallapp.services.catalogue_import.xlsx_export import export_xlsx
from hallapp.store import catalogue_repo as repo
from hallapp.store.db import UnitOfWork
from hallapp.ui.main_window import MainWindow
from tests.people import ADMIN

SHIPPED = read_catalogue(SHIPPED_CATALOGUE_DIR)
NEW_NAME = "新导入的测试事项"
NEW_CODE = "11440300MB2C92041J4000000000901"
WAIT = 90_000  # ms: the worker process imports the app and opens the database (slow on a shared machine)


@pytest.fixture
def admin_window(qtbot, ready_context):
    main = MainWindow()
    qtbot.addWidget(main)
    main.resize(1366, 768)
    main.show()
    main.attach(ready_context, ADMIN)
    qtbot.waitUntil(lambda: main.session is not None, timeout=20_000)
    yield main
    dialog = main.catalogue_import_dialog
    if dialog is not None:
        dialog._stop_process()
    main.ops.wait()


def _state(context) -> tuple[int, str]:
    with UnitOfWork(context.engine) as uow:
        return repo.count_matters(uow.session), repo.get_setting(uow.session, "catalogue.revision")


def _changed_workbook(tmp_path: Path) -> tuple[Path, str]:
    """The shipped catalogue with one matter's hours changed, the last one left out and one new matter."""
    guides = list(SHIPPED.guides)
    target = next(g for g in guides if not g.on_the_spot)
    changed = dataclasses.replace(target, hours="每天 8:30-17:30（全天）")
    new = dataclasses.replace(guides[0], code=NEW_CODE, name=NEW_NAME)
    kept = [changed if g.code == target.code else g for g in guides[:-1]]
    path = tmp_path / "清单.xlsx"
    export_xlsx(CatalogueSource(SHIPPED.departments, SHIPPED.licence_types, [*kept, new]), path)
    return path, target.code


def _plain_list(tmp_path: Path, matters: int) -> Path:
    department = SHIPPED.departments[0].name
    lines = ["实施编码,事项名称,实施部门"]
    lines += [f"11440300MB2C92041J45{i:011d},批量测试事项第{i}号,{department}" for i in range(matters)]
    path = tmp_path / "批量.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _open(window, qtbot, path: Path):
    window.open_catalogue_import()
    dialog = window.catalogue_import_dialog
    qtbot.waitExposed(dialog)
    dialog.path_edit.setText(str(path))
    return dialog


def test_preview_shows_every_list_then_import_applies_and_search_finds_the_new_matter(
    qtbot, admin_window, ready_context, tmp_path
):
    path, changed_code = _changed_workbook(tmp_path)
    before = _state(ready_context)
    dialog = _open(admin_window, qtbot, path)
    qtbot.keyClick(dialog.path_edit, Qt.Key.Key_Return)  # Enter previews
    qtbot.waitUntil(lambda: dialog.state == "previewed", timeout=WAIT)
    assert _state(ready_context) == before  # a preview writes nothing
    tabs = dialog.tabs
    assert [tabs.added.row(r)[:2] for r in range(tabs.added.rowCount())] == [[NEW_CODE, NEW_NAME]]
    assert [tabs.changed.row(r)[0] for r in range(tabs.changed.rowCount())] == [changed_code]
    assert "办理时间" in tabs.changed.row(0)[2]
    assert "每天 8:30-17:30（全天）" in tabs.detail.toPlainText()  # the detail pane: old → new
    assert tabs.missing.rowCount() == 1 and tabs.missing.row(0)[0] == SHIPPED.guides[-1].code
    assert not tabs.withdraw_box.isChecked() and tabs.withdraw_box.isEnabled()
    assert "保留不动" in dialog.summary_label.text() and "新增 1 项" in dialog.summary_label.text()
    assert tabs.tabText(tabs.indexOf(tabs.pages["added"])).startswith("新增 1 项")
    assert tabs.isVisible() and not dialog.hint.isVisible()
    assert dialog.import_button.isEnabled()

    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.state == "applied", timeout=WAIT)
    assert "新增 1 项，修改 1 项，撤下 0 项" in dialog.message_label.text()
    count, revision = _state(ready_context)
    assert count == before[0] + 1 and revision != before[1]
    session = admin_window.session
    search = session.context.search
    # the new index, built and swapped in while the window runs
    qtbot.waitUntil(lambda: search.ready and search.index.revision == revision, timeout=WAIT)
    assert NEW_CODE in [hit.code for hit in session.search(NEW_NAME)]
    assert _state(ready_context)[0] == count  # the matter left out of the file was kept


def test_withdrawing_the_missing_matters_is_a_choice_with_a_warning(
    qtbot, admin_window, ready_context, tmp_path
):
    path, _code = _changed_workbook(tmp_path)
    dialog = _open(admin_window, qtbot, path)
    qtbot.mouseClick(dialog.preview_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.state == "previewed", timeout=WAIT)
    dialog.tabs.withdraw_box.setChecked(True)
    assert "将撤下这 1 个事项" in dialog.tabs.withdraw_warning.text()
    assert "将撤下" in dialog.summary_label.text()
    dialog.start_apply()
    qtbot.waitUntil(lambda: dialog.state == "applied", timeout=WAIT)
    assert "撤下 1 项" in dialog.message_label.text()
    with UnitOfWork(ready_context.engine) as uow:
        gone = repo.load_guides(uow.session, [SHIPPED.guides[-1].code])
    assert SHIPPED.guides[-1].code in gone  # kept, only withdrawn
    search = admin_window.session.context.search
    qtbot.waitUntil(lambda: search.ready and search.index.revision == _state(ready_context)[1], timeout=WAIT)
    hits = admin_window.session.search(SHIPPED.guides[-1].name)
    assert SHIPPED.guides[-1].code not in [h.code for h in hits]


def test_cancel_during_the_preview_ends_the_worker_and_writes_nothing(
    qtbot, admin_window, ready_context, tmp_path
):
    path = _plain_list(tmp_path, 20_000)
    before = _state(ready_context)
    dialog = _open(admin_window, qtbot, path)
    dialog.start_preview()
    qtbot.waitUntil(
        lambda: dialog.state == "previewing" and "读取文件" in dialog.stage_label.text(), timeout=WAIT
    )
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)  # Esc cancels what runs
    assert dialog.state == "idle" and "没有写入" in dialog.summary_label.text()
    qtbot.waitUntil(lambda: not dialog.process.running, timeout=10_000)
    assert dialog.isVisible()  # Esc cancelled, it did not close the dialog
    assert _state(ready_context) == before


def test_cancel_during_the_import_rolls_it_back(qtbot, admin_window, ready_context, tmp_path):
    path = _plain_list(tmp_path, 20_000)
    before = _state(ready_context)
    dialog = _open(admin_window, qtbot, path)
    dialog.start_preview()
    qtbot.waitUntil(lambda: dialog.state == "previewed", timeout=WAIT)
    assert dialog.report["counts"]["added"] == 20_000
    assert dialog.tabs.added.rowCount() < 20_000 and "还有" in dialog.tabs.pages["added"].more.text()
    dialog.start_apply()
    qtbot.waitUntil(lambda: "写入数据库" in dialog.stage_label.text(), timeout=WAIT)
    qtbot.mouseClick(dialog.cancel_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.state == "idle", timeout=WAIT)
    assert "没有写入任何内容" in dialog.message_label.text()
    assert not dialog.process.running
    assert _state(ready_context) == before


def test_a_broken_file_is_said_in_words_and_nothing_can_be_imported(qtbot, admin_window, tmp_path):
    path = tmp_path / "坏.json"
    path.write_text('{"STATUS": {"CODE": "00"}, "CUSTOM": ', encoding="utf-8")
    dialog = _open(admin_window, qtbot, path)
    dialog.start_preview()
    qtbot.waitUntil(lambda: dialog.state in ("previewed", "idle") and dialog.report is not None, timeout=WAIT)
    assert not dialog.import_button.isEnabled()
    assert dialog.report["counts"]["problems"] >= 1
    assert "不是有效的 JSON" in dialog.tabs.problems.row(0)[5]
    assert dialog.tabs.problem_detail.text().startswith("坏.json")  # the whole line, with its file
    assert "没有可以导入的事项" in dialog.message_label.text()
    # the problems come first, not the whole catalogue listed as missing from the file
    assert dialog.tabs.currentWidget() is dialog.tabs.pages["problems"]


def test_a_missing_file_is_refused_before_any_process(qtbot, admin_window, tmp_path):
    dialog = _open(admin_window, qtbot, tmp_path / "没有.xlsx")
    qtbot.keyClick(dialog.path_edit, Qt.Key.Key_Return)
    assert dialog.state == "idle" and dialog.process is None
    assert "找不到文件" in dialog.message_label.text()
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)  # nothing runs: Esc closes
    assert not dialog.isVisible()


def test_the_dialog_fits_a_1366_by_768_screen(qtbot, admin_window, tmp_path):
    path, _code = _changed_workbook(tmp_path)
    dialog = _open(admin_window, qtbot, path)
    dialog.start_preview()
    qtbot.waitUntil(lambda: dialog.state == "previewed", timeout=WAIT)
    hint = dialog.minimumSizeHint()
    assert hint.width() <= 1366 and hint.height() <= 740
    assert dialog.width() <= 1366 and dialog.height() <= 740
    for button in (dialog.preview_button, dialog.import_button, dialog.close_button):
        assert button.width() >= button.sizeHint().width()


def test_an_import_refused_by_the_worker_is_said_and_writes_nothing(
    qtbot, admin_window, ready_context, tmp_path
):
    """The catalogue changed between the preview and 导入 (another administrator): refused in words."""
    from hallapp.services.import_catalogue import apply_import, preview_import

    path, _code = _changed_workbook(tmp_path)
    dialog = _open(admin_window, qtbot, path)
    dialog.start_preview()
    qtbot.waitUntil(lambda: dialog.state == "previewed", timeout=WAIT)
    other = tmp_path / "另一份.xlsx"
    export_xlsx(CatalogueSource(SHIPPED.departments, SHIPPED.licence_types, list(SHIPPED.guides[:3])), other)
    meanwhile = preview_import(UnitOfWork(ready_context.engine, principal=ADMIN), other)
    apply_import(
        UnitOfWork(ready_context.engine, write=True, principal=ADMIN), meanwhile, withdraw_missing=True
    )
    between = _state(ready_context)
    dialog.start_apply()
    qtbot.waitUntil(lambda: dialog.state == "idle", timeout=WAIT)
    assert "请重新预览" in dialog.message_label.text() and "没有写入任何内容" in dialog.message_label.text()
    assert _state(ready_context) == between
