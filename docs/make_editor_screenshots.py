"""Grab the catalogue editor's screenshots at 1366×768 under Xvfb, with a window manager:

    Xvfb :77 -screen 0 1366x768x24 & DISPLAY=:77 openbox &
    DISPLAY=:77 QT_QPA_PLATFORM=xcb python docs/make_editor_screenshots.py

The administrator opens 事项目录管理 (Ctrl+Shift+M), changes 创业培训补贴申领 and saves it (the 版本 page,
``catalogue-editor-versions.png``), then marks its ID card 容缺 and raises the deferral cap and presses 检查
(the 申请材料 page with a refusal and a warning, ``catalogue-editor.png``). The whole screen is grabbed
(``import -window root``), title bars included.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

from PySide6.QtCore import QEventLoop, Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from hallapp.config import resolve_paths
from hallapp.domain.access import Principal, Role
from hallapp.services.bootstrap import open_app
from hallapp.ui.catalogue_editor import PAGE_HANDLING, PAGE_MATERIALS, PAGE_VERSIONS
from hallapp.ui.fonts import install_app_font, install_style_sheet
from hallapp.ui.main_window import MainWindow

HERE = Path(__file__).resolve().parent
ADMIN = Principal("sun.admin", "孙管理", Role.ADMIN, "")


def settle(ms: int = 400) -> None:
    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()


def until(condition, tries: int = 100) -> None:
    for _ in range(tries):
        if condition():
            return
        settle(100)
    raise SystemExit("timed out")


def shoot(name: str) -> None:
    settle(600)
    subprocess.run(["import", "-window", "root", str(HERE / name)], check=True)


def main() -> int:
    app = QApplication(sys.argv)
    install_app_font(app)
    install_style_sheet(app)
    with tempfile.TemporaryDirectory() as folder:
        context = open_app(resolve_paths(folder))
        context.search.prepare()
        window = MainWindow()
        window.showMaximized()
        window.attach(context, ADMIN)
        until(lambda: window.session is not None)
        window.activateWindow()
        settle()
        QTest.keyClick(
            window, Qt.Key.Key_M, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
        )
        until(lambda: getattr(window, "catalogue_editor", None) is not None)
        editor = window.catalogue_editor
        until(lambda: editor.opened is not None)
        editor.matter_list.search_edit.setText("cypxbt")
        until(lambda: editor.matter_list.model.rowCount() == 1)
        editor.matter_list.view.selectRow(0)
        until(lambda: editor.opened.guide.name == "创业培训补贴申领")
        editor.matter_list.search_edit.clear()
        until(lambda: editor.matter_list.model.rowCount() > 40)

        editor.pages.setCurrentIndex(PAGE_HANDLING)
        editor.form.hours.setText("周一至周六 上午9:00-12:00 下午14:00-18:00(法定节假日除外)")
        editor.form.promised.setValue(10)
        editor.save()
        until(lambda: editor.opened is not None and editor.opened.version == 2)
        editor.pages.setCurrentIndex(PAGE_VERSIONS)
        until(lambda: editor.versions.changes.rowCount() == 2)
        editor.versions.table.selectRow(0)
        shoot("catalogue-editor-versions.png")

        editor.pages.setCurrentIndex(PAGE_MATERIALS)
        editor.materials.select(0)
        editor.materials.deferrable.setChecked(True)
        editor.form.max_deferred.setValue(3)
        editor.check()
        editor.materials.table.setFocus()
        shoot("catalogue-editor.png")
        editor.opened = None
        editor.close()
        window.ops.wait()
        context.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
