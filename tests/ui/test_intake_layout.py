"""On a 1366×768 screen a bundle's checklist shows every row, and no material name is cut once the
e-licences have loaded (the status column holds the long licence words, elided with a tooltip)."""

from PySide6.QtCore import Qt

from hallapp.licences.local import seed_demo_licences
from tests.ui.conftest import commit_text
from tests.ui.test_intake_keys import open_bundle
from tests.ui.test_intake_licences import CHEN


def test_a_bundles_rows_all_show_and_names_are_whole_after_the_licences(qtbot, window, ready_context):
    seed_demo_licences(ready_context.uow(write=True))
    window.session._reload_settings()
    window.resize(1366, 768)
    page = open_bundle(qtbot, window)
    commit_text(page.form.name.edit, "陈晓明")
    qtbot.keyClicks(page.form.id_number.edit, CHEN)
    qtbot.keyClicks(page.form.phone.edit, "13812345678")
    qtbot.waitUntil(lambda: sum(c.licence is not None for c in page.checklist.checks) >= 2, timeout=10_000)
    page.table.setFocus()
    qtbot.keyClick(page.table, Qt.Key.Key_Space)  # the verdict panel shows every matter
    model, table = page.model, page.table
    assert model.rowCount() >= 10
    viewport = table.viewport().rect()
    for row in range(model.rowCount()):
        rect = table.visualRect(model.index(row, model.NAME))
        assert viewport.contains(rect), f"row {row + 1} of {model.rowCount()} is not on screen"
        name = model.data(model.index(row, model.NAME))
        assert table.fontMetrics().horizontalAdvance(name) + 12 <= table.columnWidth(model.NAME), name
        status = model.data(model.index(row, model.STATUS))
        assert status in model.data(model.index(row, model.STATUS), Qt.ItemDataRole.ToolTipRole)
    assert window.statusBar().geometry().bottom() <= window.height()
    assert page.action.geometry().bottom() <= page.height()
