"""数据库无法打开: shown at start when the database file is damaged; offers the newest good backups.

The dialog only shows and asks: choosing a backup emits ``restore_requested(Path)`` and the dialog waits
(buttons disabled) until the caller, which runs the restore on a worker, calls ``restore_failed(text)`` or
closes it with ``accept()`` when the restore worked. 退出 (or Esc) rejects it.

With ``behind=True`` (the database opens but lacks numbers already issued, ``services.continuity``) it is
titled 数据库缺少已发出的编号 and also offers 继续使用当前数据库 (``continue_requested``). Under the list,
``set_numbering`` shows for the chosen backup where numbering will continue after restoring it.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

if TYPE_CHECKING:
    from hallapp.store.backup import BackupInfo

STYLE = """
QLabel#restoreProblem { color: #b91c1c; background: #fef2f2; border: 1px solid #fecaca;
    border-radius: 4px; padding: 8px 10px; }
QLabel#restoreHint { color: #475569; }
QLabel#restoreStatus { color: #b91c1c; }
"""

LABEL_NAMES = {"daily": "每日备份", "manual": "手动备份"}


def format_size(size: int) -> str:
    if size >= 1024 * 1024:
        return f"{size / (1024 * 1024):.1f} MB"
    return f"{max(size, 1) / 1024:.0f} KB" if size >= 1024 else f"{size} 字节"


def describe_backup(backup: BackupInfo) -> str:
    """One line for the list: when, how big, what kind, whether it was checked after writing."""
    kind = LABEL_NAMES.get(backup.label, "升级前备份" if backup.label.startswith("before") else backup.label)
    checked = "已校验" if backup.verified else "恢复前校验"
    return f"{backup.taken_at:%Y-%m-%d %H:%M}    {format_size(backup.size)}    {kind}    {checked}"


class RestoreDialog(QDialog):
    """Say what is wrong with the database and offer to put a backup in its place."""

    restore_requested = Signal(object)  # Path of the chosen backup
    continue_requested = Signal()  # behind=True: go on with the database as it is

    def __init__(
        self,
        problem: str,
        backups: list[BackupInfo],
        parent: QWidget | None = None,
        *,
        behind: bool = False,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("数据库缺少已发出的编号") if behind else self.tr("数据库无法打开"))
        self._numbering: dict[Path, str] = {}
        self.setStyleSheet(STYLE)
        self.setMinimumWidth(640)
        self._busy = False
        self._backups = sorted(backups, key=lambda b: b.taken_at, reverse=True)

        self.problem_label = QLabel(problem)
        self.problem_label.setObjectName("restoreProblem")
        self.problem_label.setWordWrap(True)
        self.problem_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        if self._backups:
            hint = self.tr(
                "可以用下面的一份备份恢复（最新的在最上面）。恢复后，备份之后办理的业务需要重新录入；"
                "现在的数据库文件不会删除，会移到备份文件夹中保留，以便技术人员查看。"
            )
        else:
            hint = self.tr("没有找到可用的备份。请不要删除数据目录中的文件，联系技术支持人员处理。")
        self.hint_label = QLabel(hint)
        self.hint_label.setObjectName("restoreHint")
        self.hint_label.setWordWrap(True)

        self.backup_list = QListWidget()
        self.backup_list.setAccessibleName(self.tr("可用的备份"))
        for backup in self._backups:
            item = QListWidgetItem(describe_backup(backup))
            item.setData(Qt.ItemDataRole.UserRole, str(backup.path))
            item.setToolTip(str(backup.path))
            self.backup_list.addItem(item)
        if self._backups:
            self.backup_list.setCurrentRow(0)
        else:
            self.backup_list.hide()
        self.backup_list.itemDoubleClicked.connect(lambda _item: self._request())
        self.numbering_label = QLabel()
        self.numbering_label.setObjectName("restoreHint")
        self.numbering_label.setWordWrap(True)
        self.numbering_label.hide()
        self.backup_list.currentRowChanged.connect(lambda _row: self._show_numbering())

        self.status_label = QLabel()
        self.status_label.setObjectName("restoreStatus")
        self.status_label.setWordWrap(True)
        self.status_label.hide()

        self.buttons = QDialogButtonBox()
        self.restore_button: QPushButton = self.buttons.addButton(
            self.tr("用此备份恢复(&R)"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.quit_button: QPushButton = self.buttons.addButton(
            self.tr("退出(&Q)"), QDialogButtonBox.ButtonRole.RejectRole
        )
        self.continue_button: QPushButton | None = None
        if behind:
            self.continue_button = self.buttons.addButton(
                self.tr("继续使用当前数据库(&C)"), QDialogButtonBox.ButtonRole.ActionRole
            )
            self.continue_button.clicked.connect(self._continue)
        self.restore_button.setEnabled(bool(self._backups))
        self.restore_button.clicked.connect(self._request)
        self.quit_button.clicked.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(18, 16, 18, 14)
        layout.setSpacing(10)
        layout.addWidget(self.problem_label)
        layout.addWidget(self.hint_label)
        layout.addWidget(self.backup_list)
        layout.addWidget(self.numbering_label)
        layout.addWidget(self.status_label)
        layout.addWidget(self.buttons)
        if self.continue_button is not None:
            self.continue_button.setDefault(True)  # safe: numbering already continues above all issued
        else:
            (self.restore_button if self._backups else self.quit_button).setDefault(True)
        (self.backup_list if self._backups else self.quit_button).setFocus()

    def set_numbering(self, sentences: dict[Path, str]) -> None:
        """For each backup, where numbering continues after restoring it ("恢复后受理编号将从 … 起")."""
        self._numbering = {Path(k): v for k, v in sentences.items()}
        self._show_numbering()

    def _show_numbering(self) -> None:
        chosen = self.chosen()
        text = self._numbering.get(chosen, "") if chosen is not None else ""
        self.numbering_label.setText(text + ("，不会重复使用已发出的编号。" if text else ""))
        self.numbering_label.setVisible(bool(text))

    def _continue(self) -> None:
        if not self._busy:
            self.continue_requested.emit()

    def chosen(self) -> Path | None:
        item = self.backup_list.currentItem()
        return Path(item.data(Qt.ItemDataRole.UserRole)) if item is not None else None

    def reject(self) -> None:
        """退出 or Esc; ignored while a restore is running (the caller closes the dialog when it ends)."""
        if self._busy:
            return
        super().reject()

    def _request(self) -> None:
        backup = self.chosen()
        if backup is None or not self.restore_button.isEnabled():
            return
        self.status_label.setText(self.tr("正在校验并恢复备份，请稍候…"))
        self.status_label.setStyleSheet("color: #475569;")
        self.status_label.show()
        self._set_busy(True)
        self.restore_requested.emit(backup)

    def restore_failed(self, message: str) -> None:
        """Say why the restore did not happen and let the clerk choose another backup or quit."""
        self._set_busy(False)
        self.status_label.setStyleSheet("")
        self.status_label.setText(message)
        self.status_label.show()

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        self.restore_button.setEnabled(not busy and bool(self._backups))
        self.quit_button.setEnabled(not busy)
        self.backup_list.setEnabled(not busy)
        if self.continue_button is not None:
            self.continue_button.setEnabled(not busy)
