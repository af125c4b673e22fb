"""At start: the cases that were saved but whose documents were never printed, ready to print now."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QListWidget, QVBoxLayout, QWidget

from hallapp.errors import describe
from hallapp.services.cases import CaseRow

if TYPE_CHECKING:
    from hallapp.services.changes import Outcome
    from hallapp.services.session import CounterSession


def row_text(row: CaseRow) -> str:
    """One line of the list: a bundle says so and is named in Chinese; its cases are printed with it."""
    matter = row.matter_name
    if row.is_bundle:
        matter = f"{row.bundle_name}（一件事一次办，一张回执）"
    elif row.bundle_ref:
        matter = f"{row.matter_name}（{row.bundle_name} {row.bundle_ref}）"
    return (
        f"{row.number}  {row.received_at:%m-%d %H:%M}  {matter}  {row.applicant_name}  {row.decision_label}"
    )


class UnprintedDialog(QDialog):
    """Lists the unprinted cases; Enter prints them all, in one preview (the window makes the documents
    on a worker, one case after the other)."""

    print_requested = Signal(object)  # list[CaseRow]: the cases (or whole bundles) to print

    def __init__(self, rows: list[CaseRow], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("有办件尚未打印文书"))
        self.rows = rows
        intro = QLabel(
            self.tr(
                "以下 {0} 件已保存，但文书没有打印（可能是上次停电或程序中断）。"
                "按“全部打印”依次生成，在同一个预览窗口中打印："
            ).format(len(rows))
        )
        intro.setWordWrap(True)
        self.list = QListWidget()
        for row in rows:
            self.list.addItem(row_text(row))
        buttons = QDialogButtonBox()
        self.print_button = buttons.addButton(self.tr("全部打印(&P)"), QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(self.tr("稍后"), QDialogButtonBox.ButtonRole.RejectRole)
        self.print_button.setDefault(True)
        buttons.accepted.connect(self._print)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.list, 1)
        layout.addWidget(buttons)
        self.resize(640, 360)

    def _print(self) -> None:
        self.print_requested.emit(list(self.rows))
        self.accept()


def make_documents(
    session: CounterSession, rows: list[CaseRow]
) -> Outcome[tuple[list[tuple[str, str]], list[str]]]:
    """(label, path) of every document made for ``rows``, and a line for each case that failed: one
    case's fault (a missing font, a full disk) does not stop the others. Runs on the print worker."""
    from hallapp.services.changes import Changes, Outcome

    documents: list[tuple[str, str]] = []
    failures: list[str] = []
    for row in rows:
        try:
            made = session.print_documents(row.number, bundle=row.is_bundle).value
        except Exception as error:  # noqa: BLE001 - reported in words, the next case is still printed
            failures.append(f"{row.number}：{describe(error)}")
            continue
        documents += [(f"{row.number} {d.kind.title}", str(d.path)) for d in made]
    return Outcome((documents, failures), Changes(cases=True))
