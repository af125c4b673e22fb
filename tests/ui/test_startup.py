import subprocess
import sys

from PySide6.QtWidgets import QLabel

from hallapp.ui.app import start
from hallapp.ui.main_window import MainWindow


def test_window_opens_before_the_database_then_answers(qtbot, paths):
    window = MainWindow()
    qtbot.addWidget(window)
    window.show()
    assert window.search_panel.search_box.isEnabled()
    qtbot.keyClicks(window.search_panel.search_box, "jiuye")  # typed before the database is open
    start(window, paths)
    qtbot.waitUntil(lambda: "目录已就绪" in window.status.text(), timeout=30_000)
    assert "共 45 项事项，6 件“一件事”" in window.status.text()
    model = window.search_panel.model
    qtbot.waitUntil(lambda: model.rowCount() > 0 and model.hit(0).name == "就业登记")


def test_the_first_screen_does_not_import_the_slow_libraries():
    code = (
        "import sys, hallapp.ui.app, hallapp.cli;"
        "print(sorted(m for m in ('sqlmodel', 'sqlalchemy', 'alembic', 'numpy', 'pypinyin', 'reportlab')"
        " if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_many_void_qt_calls_do_not_crash_the_interpreter(qtbot):
    """PySide6 6.12.0 on Python 3.11 aborts after ~5,200 calls returning None (TESTING.md)."""
    label = QLabel()
    qtbot.addWidget(label)
    for i in range(30_000):
        label.setText("x" if i % 2 else "y")
    assert label.text() == "x"
