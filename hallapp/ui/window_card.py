"""The window's ID-card reader: F4 (读卡) on the intake page reads the card off the UI thread and puts it
into the applicant's (or the agent's) fields; see ``window_devices`` for the hooks and ``applicant_card``
for where the card's text goes.

A counter without a reader (``card_adapter`` off) shows no card button; F4 there says how one is set up.
Every failed read (no card, no reader, the card moved, a garbled answer) is one plain sentence in the
status bar and changes nothing in the form. A read that comes back after the intake closed, or after a
new one started, is dropped.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtGui import QAction, QKeySequence

from hallapp.errors import describe
from hallapp.ui.applicant_card import (
    AGENT,
    APPLICANT,
    card_target,
    fill_from_card,
    install_card_button,
    refusal,
)

if TYPE_CHECKING:
    from PySide6.QtWidgets import QMenuBar, QPushButton, QStackedWidget

    from hallapp.devices.card import CardData
    from hallapp.services.session import CounterSession
    from hallapp.ui.intake_page import IntakePage
    from hallapp.ui.ops import Operations

NO_READER_HERE = (
    "本机未设置读卡器：请系统管理员在 设置（Ctrl+,）的“本机设备”中选择读卡器（串口、SDK 或模拟）"
    "并填写端口，保存后按 F4 读卡"
)
START_FIRST = "请先开始受理（F5），再按 F4 读卡"
BACK_TO_INTAKE = "受理页面未显示：请按 Ctrl+1 回到受理页面，再按 F4 读卡"


class CardActions:
    """Provided by ``MainWindow``: ``ops``, ``session``, ``intake``, ``work``, ``tabs``, ``set_status``."""

    ops: Operations
    intake: IntakePage
    work: QStackedWidget
    card_action: QAction
    card_button: QPushButton

    if TYPE_CHECKING:
        session: CounterSession | None

        def set_status(self, text: str) -> None: ...
        def tr(self, text: str) -> str: ...
        def addAction(self, action: QAction) -> None: ...
        def menuBar(self) -> QMenuBar: ...

    def connect_card(self) -> None:
        """F4 and the form's 读卡 button; a closed or new intake drops a read still under way."""
        action = QAction(self.tr("读卡（身份证）"), self)
        action.setShortcut(QKeySequence("F4"))
        action.triggered.connect(self.read_id_card)
        self.addAction(action)
        self.card_action = action
        for menu_action in self.menuBar().actions():
            menu = menu_action.menu()
            if menu is not None and menu_action.text() == self.tr("办件(&W)"):
                menu.addAction(action)
        self.card_button = install_card_button(self.intake.form)
        self.card_button.clicked.connect(self.read_id_card)
        self.intake.started.connect(self._forget_card_read)
        self.intake.closed.connect(self._forget_card_read)

    def card_attached(self) -> None:
        """Signed in, or this PC's settings changed: the button shows only where there is a reader."""
        session = self.session
        self.card_button.setVisible(session is not None and session.has_card_reader)

    def card_detached(self) -> None:
        self._forget_card_read()
        self.card_button.hide()
        if self.session is not None:  # the reader's port is let go, after any read still on its lane
            self.ops.run(self, lambda s: s.close_devices(), key="close-devices", lane="card")

    def _forget_card_read(self) -> None:
        self.ops.forget(self.intake, "card")

    def read_id_card(self) -> None:
        """F4: read the card on the reader into the intake on screen (the reader waits a few seconds
        for a card, on its own worker: the window never waits)."""
        session, page = self.session, self.intake
        if session is None:
            self.set_status(self.tr("请先登录"))
            return
        if not session.has_card_reader:
            self.set_status(self.tr(NO_READER_HERE))
            return
        if page.checklist is None or self.work.currentWidget() is not page:
            self.set_status(self.tr(START_FIRST))
            return
        if not page.isVisible():
            self.set_status(self.tr(BACK_TO_INTAKE))
            return
        target = card_target(page.form)
        refused = refusal(page.form, target)
        if refused:
            self.set_status(self.tr(refused))
            return
        who = self.tr("代理人") if target == AGENT else self.tr("申请人")
        self.set_status(self.tr("正在读取{0}的证件…（请把证件平放在读卡器上）").format(who))
        self.ops.run(
            page,
            lambda s: s.read_card(),
            lambda card: self._card_read(card, target),
            self._card_failed,
            key="card",
            lane="card",
            latest=True,
        )

    def _card_read(self, card: CardData, target: str) -> None:
        page = self.intake
        if page.checklist is None:  # closed meanwhile (the answer is normally forgotten already)
            return
        refused = refusal(page.form, target, card)
        if refused:
            self.set_status(self.tr(refused))
            return
        if target == APPLICANT:
            page.name_confirm.setChecked(False)  # a confirmation was about the name typed before
        filled = fill_from_card(page.form, card, target, date.today())
        self.set_status(filled.status)

    def _card_failed(self, error: BaseException) -> None:
        """No card, no reader, the card moved, a garbled answer: said plainly; the form is untouched."""
        self.set_status(self.tr("未读到证件：{0}").format(describe(error)))
