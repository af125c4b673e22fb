"""Qt's own buttons and dialogs speak Chinese after the application's set-up (issue 10 §4)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QLocale, QTranslator
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QMessageBox

from hallapp.ui.app import install_qt_translations, set_up_application


@pytest.fixture
def chinese_app(qapp):
    """The test application set up as ``run`` sets it up; afterwards Qt's translators are removed again,
    so the other tests see Qt as they always did."""
    before = QLocale()
    set_up_application(qapp)
    yield qapp
    for translator in qapp.findChildren(QTranslator):
        QApplication.removeTranslator(translator)
        translator.setParent(None)
    QLocale.setDefault(before)


def test_a_message_boxs_standard_buttons_are_chinese(chinese_app):
    box = QMessageBox()
    box.setStandardButtons(
        QMessageBox.StandardButton.Ok | QMessageBox.StandardButton.Cancel | QMessageBox.StandardButton.Open
    )
    assert box.button(QMessageBox.StandardButton.Ok).text() == "确定"
    assert box.button(QMessageBox.StandardButton.Cancel).text() == "取消"
    assert box.button(QMessageBox.StandardButton.Open).text() == "打开"
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close | QDialogButtonBox.StandardButton.Save)
    texts = {b.text() for b in buttons.buttons()}
    assert texts == {"关闭", "保存"}


def test_without_the_translation_qt_would_say_ok(qapp):
    box = QMessageBox()
    box.setStandardButtons(QMessageBox.StandardButton.Ok)
    assert box.button(QMessageBox.StandardButton.Ok).text() in ("OK", "&OK")


def test_the_translation_file_is_found_where_pyside6_keeps_it(qapp):
    installed = install_qt_translations(qapp)
    try:
        assert installed and not installed[0].isEmpty()
        assert installed[0].language() == "zh_CN"
    finally:
        for translator in installed:
            QApplication.removeTranslator(translator)
            translator.setParent(None)
