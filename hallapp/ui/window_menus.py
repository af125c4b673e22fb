"""The counter window's menus and keys (文件, 办件), and which of them the person signed in may use.

Mixed into ``MainWindow``: ``_build_menus`` makes every action with its shortcuts once; each guarded
action carries the permission it needs (or several, any one of which will do), and
``_apply_permissions`` disables, with the reason in its tooltip, what the person at the counter may not do
— asked before, not after.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtGui import QAction, QKeySequence

if TYPE_CHECKING:
    from hallapp.domain.access import Permission
    from hallapp.services.session import CounterSession


class MenuActions:
    """Provided by ``MainWindow``: the slots the menus call, ``session``, ``lookup``, ``tabs`` …"""

    guarded_actions: list[tuple[QAction, Permission | tuple[Permission, ...]]]

    if TYPE_CHECKING:
        session: CounterSession | None
        lookup: Any

    def _action(
        self, text: str, keys: list[str] | list[QKeySequence.StandardKey], slot: Callable[[], object]
    ) -> QAction:
        action = QAction(self.tr(text), self)
        action.setShortcuts([QKeySequence(k) for k in keys])
        action.triggered.connect(slot)
        self.addAction(action)
        return action

    def _build_menus(self) -> None:
        from hallapp.domain.access import Permission

        menu = self.menuBar()
        files = menu.addMenu(self.tr("文件(&F)"))
        # Each administrative action with the permission it needs: disabled (with the reason) for others.
        self.guarded_actions: list[tuple[QAction, Permission | tuple[Permission, ...]]] = []
        for text, keys, slot, permission in (
            ("设置…", ["Ctrl+,"], self.open_settings, None),
            ("节假日安排…", ["Ctrl+Shift+H"], self.open_calendar, None),
            ("账户管理…", ["Ctrl+Shift+U"], self.open_accounts, Permission.ACCOUNTS),
            ("审计记录…", ["Ctrl+Shift+A"], self.open_audit, Permission.AUDIT_READ),
            # the supervisor follows bad ratings up; the administrator sets the hall's period there
            (
                "差评回访…",
                ["Ctrl+Shift+R"],
                self.open_ratings,
                (Permission.APPROVE_EXTENSION, Permission.SETTINGS),
            ),
            ("事项目录管理…", ["Ctrl+Shift+M"], self.open_catalogue_editor, Permission.CATALOGUE),
            ("导入事项目录…", ["Ctrl+Shift+I"], self.open_catalogue_import, Permission.CATALOGUE),
        ):
            action = self._action(text, keys, slot)
            files.addAction(action)
            if permission is not None:
                self.guarded_actions.append((action, permission))
        files.addSeparator()
        files.addAction(self._action("修改密码…", ["Ctrl+Shift+P"], self.change_password))
        files.addAction(
            self._action("切换用户…", ["Ctrl+Shift+L"], self._leaving(self.switch_user_requested.emit))
        )
        files.addAction(
            self._action("退出登录", ["Ctrl+Shift+Q"], self._leaving(self.sign_out_requested.emit))
        )
        files.addAction(self._action("锁定窗口", ["Ctrl+Alt+L"], self.lock_now))
        files.addAction(self._action("退出", ["Ctrl+Q"], self.close))
        work = menu.addMenu(self.tr("办件(&W)"))
        work.addAction(
            self._action("查找事项", [QKeySequence.StandardKey.Find, "F3", "Ctrl+L"], self.focus_search)
        )
        start = self._action("开始受理", ["F5"], self.lookup.request_intake)
        work.addAction(start)
        self.guarded_actions.append((start, Permission.INTAKE))
        work.addAction(self._action("事项查询", ["Ctrl+1"], lambda: self.tabs.setCurrentIndex(0)))
        work.addAction(self._action("今日办件", ["Ctrl+2"], lambda: self.tabs.setCurrentIndex(1)))
        work.addAction(self._action("容缺跟踪", ["Ctrl+3"], lambda: self.tabs.setCurrentIndex(2)))
        disclose = self._action("依申请公开", ["Ctrl+4"], self.show_disclosures)
        work.addAction(disclose)
        self.guarded_actions.append((disclose, Permission.DISCLOSURE))
        work.addSeparator()
        close_day = self._action("窗口日结报表", ["Ctrl+Shift+D"], self.close_day)
        work.addAction(close_day)
        self.guarded_actions.append((close_day, Permission.INTAKE))

    def _apply_permissions(self) -> None:
        """Ask before, not after: what this person may not do is disabled, the reason in its tooltip."""
        session = self.session
        for action, needed in self.guarded_actions:
            anyone = needed if isinstance(needed, tuple) else (needed,)  # any one of them will do
            reasons = [session.why_not(p) for p in anyone] if session is not None else [self.tr("请先登录")]
            reason = "" if "" in reasons else reasons[0]
            action.setEnabled(not reason)
            action.setToolTip(reason)
        self.lookup.start_button.setToolTip("" if session is None else session.why_not_intake())
