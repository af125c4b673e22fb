"""A whole intake from the keyboard: search → checklist → accept with missing documents → documents."""

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QMessageBox

from hallapp.domain.identity import mask_id
from hallapp.domain.intake import deferral_days
from tests.printing.pdfcheck import fonts, squeeze, text
from tests.services.intake_helpers import resident_id
from tests.ui.conftest import commit_text


def open_intake(qtbot, window, pinyin):
    box = window.search_panel.search_box
    box.setFocus()
    qtbot.keyClicks(box, pinyin)
    qtbot.waitUntil(lambda: window.search_panel.model.rowCount() > 0)
    name = window.search_panel.model.hit(0).name
    qtbot.waitUntil(lambda: getattr(window.guide_view.guide, "name", None) == name)
    qtbot.waitUntil(lambda: window.settings is not None)
    qtbot.keyClick(window, Qt.Key.Key_F5)
    qtbot.waitUntil(lambda: window.work.currentWidget() is window.intake)
    return window.intake


def fill_person(qtbot, page, id_number=None):
    commit_text(page.form.name.edit, "买买提·艾力")
    qtbot.keyClicks(page.form.id_number.edit, id_number or resident_id())
    qtbot.keyClicks(page.form.phone.edit, "13812345678")


def test_whole_intake_with_missing_documents_produces_the_documents(qtbot, window):
    page = open_intake(qtbot, window, "cypxbt")
    guide = page.guide
    assert guide.name == "创业培训补贴申领"
    fill_person(qtbot, page)
    assert "✓" in page.form.id_number.message.text()

    table = page.table
    table.setFocus()
    qtbot.keyClick(table, Qt.Key.Key_A)  # everything in …
    deferrable = next(i for i, m in enumerate(guide.materials_for({})) if m.deferrable)
    table.selectRow(deferrable)
    qtbot.keyClick(table, Qt.Key.Key_D)  # … except one, deferred
    assert "可容缺受理" in page.verdict.text()
    assert not page.action.isEnabled()  # the commitment is not signed yet
    page.commitment.setChecked(True)
    assert page.action.isEnabled()
    qtbot.keyClick(table, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)

    qtbot.waitUntil(lambda: window.preview is not None, timeout=20_000)
    paths = window.preview.paths
    assert len(paths) == 2 and all(p.is_file() for p in paths)
    deadline = window.context.calendar.add_working_days(date.today(), deferral_days(guide, 5))
    material = guide.materials_for({})[deferrable].name
    for path in paths:
        content = text(path.read_bytes())
        assert f"PSZW{date.today().year}" in content and guide.name in content
        assert squeeze(mask_id(resident_id())) in content and resident_id() not in content
        assert squeeze(material) in content
        assert f"{deadline.date.year}年{deadline.date.month}月{deadline.date.day}日" in content
        assert all(f.embedded for f in fonts(path.read_bytes()))
    assert all(n >= 1 for n in window.preview.page_counts())
    assert window.work.currentWidget() is window.lookup  # ready for the next applicant
    window.preview.close()


def test_main_material_cannot_be_deferred_from_the_keyboard(qtbot, window):
    page = open_intake(qtbot, window, "cypxbt")
    page.table.setFocus()
    page.table.selectRow(0)  # 居民身份证
    qtbot.keyClick(page.table, Qt.Key.Key_D)
    assert "主要材料" in page.rule_message.text()
    assert not page.checklist.checks[0].deferred


def test_wrong_id_is_explained_inline_and_nothing_is_stored(qtbot, window):
    page = open_intake(qtbot, window, "jiuye")
    wrong = resident_id()[:-1] + ("0" if resident_id()[-1] != "0" else "1")
    fill_person(qtbot, page, wrong)
    assert "校验位" in page.form.id_number.message.text()
    page.table.setFocus()
    qtbot.keyClick(page.table, Qt.Key.Key_A)
    assert "可以受理" in page.verdict.text()
    qtbot.keyClick(page.table, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: "未保存" in page.rule_message.text())
    assert "校验位" in page.rule_message.text()
    assert page.action.isEnabled()  # the clerk can correct and try again
    assert window.preview is None


def test_refusal_prints_the_one_time_notice_and_the_preview_prints(qtbot, window, tmp_path, monkeypatch):
    page = open_intake(qtbot, window, "jiuye")
    fill_person(qtbot, page)
    assert not page.action.isEnabled()  # nothing looked at yet: no decision, no number
    page.table.setFocus()
    qtbot.keyClick(page.table, Qt.Key.Key_Delete)  # looked at: not brought
    assert "一次性告知" in page.action.text()
    asked = []
    monkeypatch.setattr(
        QMessageBox,
        "question",
        staticmethod(lambda *a, **k: asked.append(a) or QMessageBox.StandardButton.Yes),
    )
    page.action.click()
    assert asked  # a notice that nothing at all was handed in is confirmed first
    qtbot.waitUntil(lambda: window.preview is not None, timeout=20_000)
    (path,) = window.preview.paths
    assert "一次性告知书" in text(path.read_bytes())
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "printed.pdf"))
    assert window.preview.print_all(printer) >= 1
    assert (tmp_path / "printed.pdf").stat().st_size > 1000
    window.preview.close()


def test_escape_returns_to_the_search(qtbot, window):
    page = open_intake(qtbot, window, "jiuye")
    qtbot.keyClick(page.table, Qt.Key.Key_Escape)
    assert window.work.currentWidget() is window.lookup


def test_a_new_intake_replaces_the_last_applicants_message_in_the_status_bar(qtbot, window):
    window.set_status("PSZW2026000001：文书已生成并存档")  # what the last applicant's intake left there
    page = open_intake(qtbot, window, "jiuye")
    assert "PSZW2026000001" not in window.status.text()
    assert page.guide is not None and page.guide.name in window.status.text()
