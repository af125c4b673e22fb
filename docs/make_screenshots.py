"""Grab the README's screenshots: ``python docs/make_screenshots.py`` (offscreen, or under Xvfb)."""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QEventLoop, QTimer
from PySide6.QtWidgets import QApplication

from hallapp.config import resolve_paths
from hallapp.domain.access import Principal, Role
from hallapp.services.bootstrap import open_app
from hallapp.ui.fonts import install_app_font, install_style_sheet
from hallapp.ui.main_window import MainWindow

HERE = Path(__file__).resolve().parent


def settle(ms: int = 400) -> None:
    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()


def main() -> int:
    app = QApplication(sys.argv)
    install_app_font(app)
    install_style_sheet(app)
    with tempfile.TemporaryDirectory() as folder:
        context = open_app(resolve_paths(folder))
        from hallapp.licences.local import seed_demo_licences

        seed_demo_licences(context.uow(write=True))
        context.search.prepare()
        window = MainWindow()
        window.resize(1280, 800)
        window.show()
        window.attach(context, Principal("zhang.san", "张三", Role.CLERK, "08"))
        for _ in range(100):
            settle(100)
            if window.session is not None and window.search_panel.department_box.count() > 1:
                break
        window.index_ready()
        settle()
        window.search_panel.search_box.setText("cypxbt")
        settle()
        window.search_panel.matter_chosen.emit(window.search_panel.current_hit().code)
        settle()
        window.grab().save(str(HERE / "screenshot-guide.png"))
        window.search_panel.search_box.setText("登记")
        window.search_panel.delegated_box.setChecked(True)
        settle()
        window.grab().save(str(HERE / "screenshot-search.png"))
        window.search_panel.delegated_box.setChecked(False)
        window.search_panel.search_box.setText("cypxbt")
        settle()
        window.lookup.request_intake()
        settle()
        page = window.intake
        page.form.name.setText("陈晓明")
        page.form.phone.setText("13812345678")
        page.form.id_number.setText("440310198506120315")  # a demo applicant: his licences are fetched
        settle(800)
        for row in range(len(page.checklist.checks)):
            if not page.checklist.checks[row].complete:
                page.table.key_action.emit("toggle", row)
        deferrable = next(i for i, c in enumerate(page.checklist.checks) if c.requirement.deferrable)
        page.table.key_action.emit("clear", deferrable)
        page.table.key_action.emit("defer", deferrable)
        page.table.selectRow(deferrable)
        settle()
        window.grab().save(str(HERE / "screenshot-intake.png"))
        page.commitment.setChecked(True)
        page._submit()
        for _ in range(50):
            settle(100)
            if window.preview is not None and window.preview.isVisible():
                break
        settle(600)
        window.preview.grab().save(str(HERE / "screenshot-preview.png"))
        window.preview.close()
        window.tabs.setCurrentIndex(1)
        settle(600)
        window.grab().save(str(HERE / "screenshot-cases.png"))
        window.open_case(window.cases_view.model.row_at(0).number)
        settle(600)
        window.case_dialog.grab().save(str(HERE / "screenshot-case-detail.png"))
        window.case_dialog.close()
        window.tabs.setCurrentIndex(2)
        window.board.refresh()
        settle(800)
        window.grab().save(str(HERE / "screenshot-board.png"))
        window.tabs.setCurrentIndex(0)
        window.search_panel.search_box.setText("xsecs")
        settle(800)
        window.grab().save(str(HERE / "screenshot-bundle.png"))
        window.close()
        context.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
