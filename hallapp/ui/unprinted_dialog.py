"""At start: the cases that were saved but whose documents were never printed, ready to print now."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QListWidget, QVBoxLayout, QWidget

from hallapp.services.cases import CaseRow


class UnprintedDialog(QDialog):
    """Lists the unprinted cases; Enter prints them all (the window makes the documents on a worker)."""

    print_requested = Signal(object)  # list[str]: case or notice numbers

    def __init__(self, rows: list[CaseRow], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("有办件尚未打印文书"))
        self.rows = rows
        intro = QLabel(
            self.tr("以下 {0} 件已保存，但文书没有打印（可能是上次停电或程序中断）。请为申请人补打：").format(
                len(rows)
            )
        )
        intro.setWordWrap(True)
        self.list = QListWidget()
        for row in rows:
            self.list.addItem(
                f"{row.number}  {row.received_at:%m-%d %H:%M}  {row.matter_name}  "
                f"{row.applicant_name}  {row.decision_label}"
            )
        buttons = QDialogButtonBox()
        print_button = buttons.addButton(self.tr("全部打印(&P)"), QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(self.tr("稍后"), QDialogButtonBox.ButtonRole.RejectRole)
        print_button.setDefault(True)
        buttons.accepted.connect(self._print)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.list, 1)
        layout.addWidget(buttons)
        self.resize(640, 360)

    def _print(self) -> None:
        self.print_requested.emit([row.number for row in self.rows])
        self.accept()
