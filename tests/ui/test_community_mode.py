"""党群服务中心 mode: delegated matters first; the others sent to the district hall, not taken in."""

from dataclasses import replace

from PySide6.QtCore import Qt

from hallapp.services.changes import Changes


def test_community_centre_puts_delegated_matters_first_and_sends_the_rest_to_the_hall(qtbot, window):
    qtbot.waitUntil(lambda: window.settings is not None)
    session = window.session
    session.settings = replace(session.settings, community_centre=True, hall_address="坪山大道2007号")
    window.ops.did_change.emit(Changes(settings=True))  # what saving this PC's settings announces
    assert window.settings.community_centre  # the window reads the session's settings
    window._show_counter()
    box = window.search_panel.search_box
    qtbot.keyClicks(box, "dj")  # 登记: delegated and not
    model = window.search_panel.model
    qtbot.waitUntil(lambda: model.rowCount() > 3)
    flags = [model.hit(r).delegated for r in range(model.rowCount())]
    assert any(flags) and not all(flags)
    assert flags == sorted(flags, reverse=True)  # every delegated matter before any other
    last = model.rowCount() - 1
    assert model.data(model.index(last, model.FLAGS)) == "请到区行政服务大厅办理"

    window.search_panel.table.selectRow(last)
    name = model.hit(last).name
    qtbot.waitUntil(lambda: getattr(window.guide_view.guide, "name", None) == name)
    assert "请到区行政服务大厅办理" in window.guide_view.toPlainText()
    assert "坪山大道2007号" in window.guide_view.toPlainText()
    assert not window.lookup.start_button.isEnabled()
    qtbot.keyClick(window, Qt.Key.Key_F5)
    assert window.work.currentWidget() is window.lookup  # no intake of a matter not done here

    window.search_panel.table.selectRow(0)
    first = model.hit(0).name
    qtbot.waitUntil(lambda: getattr(window.guide_view.guide, "name", None) == first)
    assert window.lookup.start_button.isEnabled()
