"""The sign-in and lock dialogs keep their fields where they are when an error appears (issue 10 §4):
the room for a two-line message is kept from the start; a longer one gets more room, never a squeeze."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QApplication

from hallapp.ui.login_dialog import LoginDialog
from tests.ui.admin_helpers import app_font, grab

TWO_LINES = "用户名或密码错误。连续 5 次输错，账户将锁定 15 分钟；如忘记密码，请联系系统管理员重置。"


def layout_of(dialog: LoginDialog) -> tuple:
    QApplication.processEvents()
    fields = (dialog.username, dialog.password, dialog.ok_button)
    return dialog.size().toTuple(), tuple(f.geometry().getRect() for f in fields)


@pytest.mark.parametrize("mode", ["login", "first", "unlock"])
def test_an_error_or_the_waiting_line_moves_nothing(qtbot, qapp, mode, tmp_path):
    with app_font(qapp):
        dialog = LoginDialog(mode, username="zhang.san")
        qtbot.addWidget(dialog)
        dialog.show()
        before = layout_of(dialog)
        grab(dialog, f"{mode}-before.png", tmp_path)
        dialog.fail(TWO_LINES)
        assert dialog.error.isVisible() and dialog.error.height() > dialog.fontMetrics().lineSpacing()
        assert layout_of(dialog) == before
        grab(dialog, f"{mode}-error.png", tmp_path)
        dialog.wait_for("正在验证…")
        assert not dialog.error.isVisible() and layout_of(dialog) == before


def test_a_long_error_gets_room_and_the_fields_keep_their_height(qtbot, qapp):
    with app_font(qapp):
        dialog = LoginDialog("login")
        qtbot.addWidget(dialog)
        dialog.show()
        QApplication.processEvents()
        field_height = dialog.password.height()
        dialog.fail("很长的错误说明，" * 12)
        QApplication.processEvents()
        assert dialog.password.height() == field_height
        assert dialog.messages.height() >= dialog.error.heightForWidth(dialog.messages.width())
        assert dialog.buttons.geometry().top() >= dialog.messages.geometry().bottom()


def test_the_lock_dialog_fits_its_longer_introduction_before_it_is_shown(qtbot, qapp):
    with app_font(qapp):
        dialog = LoginDialog("unlock", username="zhang.san")
        qtbot.addWidget(dialog)
        dialog.set_hint(
            "长时间未操作，窗口已锁定，申请人信息已隐藏。张三请输入密码继续；"
            "其他工作人员可输入本人用户名和密码接替本窗口（上一位将退出登录）。"
        )
        dialog.show()
        before = layout_of(dialog)
        assert dialog.hint.height() >= dialog.hint.heightForWidth(dialog.hint.width())
        dialog.fail("密码错误")
        assert layout_of(dialog) == before
