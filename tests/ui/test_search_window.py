from PySide6.QtCore import Qt

from tests.ui.conftest import commit_text


def rows(window):
    model = window.search_panel.model
    return [model.hit(r).name for r in range(model.rowCount())]


def test_typing_pinyin_initials_finds_the_matter_and_enter_opens_its_guide(qtbot, window):
    box = window.search_panel.search_box
    qtbot.keyClicks(box, "cypxbt")
    qtbot.waitUntil(lambda: rows(window) == ["创业培训补贴申领"])
    qtbot.keyClick(box, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: getattr(window.guide_view.guide, "name", None) == "创业培训补贴申领")
    text = window.guide_view.toPlainText()
    assert "创业培训补贴申领" in text
    for part in (
        "受理条件",
        "申请材料",
        "居民身份证",
        "可容缺",
        "承诺件",
        "法定时限",
        "咨询电话",
        "设定依据",
    ):
        assert part in text
    assert window.guide_view.hasFocus()
    qtbot.keyClick(window.guide_view, Qt.Key.Key_Escape)
    assert box.hasFocus()


def test_typing_chinese_and_moving_with_arrows(qtbot, window):
    box = window.search_panel.search_box
    box.setFocus()
    commit_text(box, "登记")
    qtbot.waitUntil(lambda: len(rows(window)) >= 5)
    assert all("登记" in name for name in rows(window)[:5])
    assert window.search_panel.table.currentIndex().row() == 0
    qtbot.keyClick(box, Qt.Key.Key_Down)
    qtbot.keyClick(box, Qt.Key.Key_Down)
    assert window.search_panel.table.currentIndex().row() == 2
    assert box.hasFocus()  # the clerk keeps typing while moving
    third = rows(window)[2]
    qtbot.keyClick(box, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.guide_view.guide is not None and window.guide_view.guide.name == third)
    qtbot.keyClick(box, Qt.Key.Key_Up)
    assert window.search_panel.table.currentIndex().row() == 1


def test_flags_and_department_filters(qtbot, window):
    panel = window.search_panel
    panel.delegated_box.setChecked(True)
    qtbot.waitUntil(lambda: len(rows(window)) >= 10)
    assert all(panel.model.hit(r).delegated for r in range(panel.model.rowCount()))
    panel.delegated_box.setChecked(False)
    panel.department_box.setCurrentIndex(panel.department_box.findText("区民政局"))
    qtbot.waitUntil(
        lambda: {panel.model.hit(r).department for r in range(panel.model.rowCount())} == {"区民政局"}
    )


def test_nothing_found_says_so_and_escape_clears(qtbot, window):
    box = window.search_panel.search_box
    box.setFocus()
    commit_text(box, "完全没有这个事项")
    qtbot.waitUntil(lambda: "没有找到" in window.search_panel.summary.text())
    assert rows(window) == []
    qtbot.keyClick(box, Qt.Key.Key_Escape)
    assert box.text() == ""
    qtbot.waitUntil(lambda: len(rows(window)) > 0)


def test_guide_shows_flags_and_material_table(qtbot, window):
    box = window.search_panel.search_box
    qtbot.keyClicks(box, "gllrjt")
    qtbot.waitUntil(lambda: rows(window)[:1] == ["高龄老人津贴申领"])
    qtbot.waitUntil(lambda: getattr(window.guide_view.guide, "name", None) == "高龄老人津贴申领")
    guide = window.guide_view.guide
    text = window.guide_view.toPlainText()
    assert "秒批" in text and "就近办" in text
    for material in guide.materials_for({}):
        assert material.name in text


def test_ctrl_f_returns_to_the_search_box(qtbot, window):
    window.guide_view.setFocus()
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert window.search_panel.search_box.hasFocus()


def test_a_guide_arriving_after_the_results_emptied_is_not_shown(qtbot, window):
    """Typing on quickly: the guide of a matter highlighted a moment ago must not appear beside an empty
    result list, where F5 would start an intake of a matter the clerk never picked (found in review)."""
    lookup = window.lookup
    code = next(h.code for h in window.session.search("居住证签注") if not h.is_bundle)
    lookup.load_guide(code)  # the answer is on its way …
    lookup._show_hits("jzzzz", [])  # … when the next keystroke leaves nothing
    qtbot.wait(300)
    window.ops.wait()
    qtbot.wait(50)
    assert window.guide_view.guide is None and not lookup.start_button.isEnabled()
    pages = window.work.currentWidget()
    qtbot.keyClick(window.search_panel.search_box, Qt.Key.Key_F5)
    assert window.work.currentWidget() is pages
