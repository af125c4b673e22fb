"""The search's words on screen (issue 10 §4): plain counts in the footer, and the status line says the
index is ready once it is, whoever built it."""

from __future__ import annotations

import re

from hallapp.ui.main_window import MainWindow
from tests.ui.conftest import COUNTER_CLERK


def test_the_status_leaves_preparing_once_the_index_is_ready(qtbot, app_context):
    assert not app_context.search.ready  # nobody built it: the window must wait for it itself
    window = MainWindow()
    qtbot.addWidget(window)
    window.show()
    window.attach(app_context, COUNTER_CLERK)
    qtbot.waitUntil(lambda: window.session is not None)
    qtbot.waitUntil(lambda: "目录已就绪" in window.status.text(), timeout=60_000)
    assert "正在准备" not in window.status.text()
    window.ops.wait()


def test_the_status_says_ready_at_once_when_the_index_was_built_before_sign_in(qtbot, window):
    qtbot.waitUntil(lambda: "目录已就绪" in window.status.text())


def test_the_footer_shows_a_plain_count_without_timings(qtbot, window):
    box = window.search_panel.search_box
    box.setFocus()
    qtbot.keyClicks(box, "jiuye")
    model = window.search_panel.model
    qtbot.waitUntil(lambda: model.rowCount() > 0)
    footer = window.search_panel.summary.text()
    assert footer == f"找到 {model.rowCount()} 项"
    assert not re.search(r"\d\s*ms|毫秒|耗时", footer)


def test_catalogue_files_not_loaded_at_start_are_said_in_the_status_line(qtbot, tmp_path):
    import shutil

    from hallapp.config import SHIPPED_CATALOGUE_DIR, resolve_paths
    from hallapp.services.bootstrap import open_app

    folder = tmp_path / "catalogue"
    shutil.copytree(SHIPPED_CATALOGUE_DIR, folder)
    (folder / "departments.toml").unlink()
    context = open_app(resolve_paths(tmp_path / "data", None, catalogue_dir=folder))
    context.principal = COUNTER_CLERK
    window = MainWindow()
    qtbot.addWidget(window)
    window.show()
    try:
        window.attach(context, COUNTER_CLERK)
        qtbot.waitUntil(lambda: "目录已就绪" in window.status.text(), timeout=60_000)
        assert "目录文件未能载入" in window.status.text() and "departments.toml" in window.status.text()
        assert "departments.toml" in window.status.toolTip()
        box = window.search_panel.search_box  # a catalogue of nothing: search answers, never crashes
        box.setFocus()
        qtbot.keyClicks(box, "jiuye")
        qtbot.waitUntil(lambda: "没有找到" in window.search_panel.summary.text(), timeout=10_000)
        assert window.search_panel.model.rowCount() == 0
    finally:
        window.ops.wait()
        context.close()
