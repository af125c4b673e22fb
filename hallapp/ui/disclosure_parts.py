"""Parts the disclosure page and its forms share: the board's table, and a step form's frame (the
request on top, its fields below, hints in grey)."""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QFormLayout, QLabel, QTableView, QWidget

from hallapp.ui.disclosure_model import DisclosureModel
from hallapp.ui.followup_form import _Form, buddy_label, tr
from hallapp.ui.row_model import row_table

if TYPE_CHECKING:
    from hallapp.services.disclosure_inputs import DisclosureRow


def make_table(model: DisclosureModel) -> QTableView:
    """The board's table: one whole row at a time, columns fitted from a sample, the description wide."""
    return row_table(model, stretch=DisclosureModel.DESCRIPTION, fixed_rows=True, name="board")


def row_line(row: DisclosureRow) -> QLabel:
    """The request the form is about: number, applicant, what is sought, where it stands."""
    deadline = row.deadline.isoformat() if row.deadline is not None else "—"
    label = QLabel(
        tr("<b>{0}</b>　{1}（{2}）<br>{3}<br>收到 {4}　答复期限 {5}　{6}").format(
            escape(row.number),
            escape(row.applicant),
            escape(row.requester_label),
            escape(row.description),
            row.received_on.isoformat(),
            deadline,
            escape(row.status_label),
        )
    )
    label.setObjectName("dialogCase")
    label.setWordWrap(True)
    return label


def hint(text: str) -> QLabel:
    label = QLabel(text)
    label.setObjectName("dialogHint")
    label.setWordWrap(True)
    return label


class StepForm(_Form):
    """A step's form: the request on top, then its fields (``_add``: label, widget)."""

    def __init__(self, title: str, row: DisclosureRow, parent: QWidget | None, ok: str) -> None:
        super().__init__(tr("{0} – {1}").format(title, row.number), parent, ok)
        self.row = row
        self.form = QFormLayout()
        self.body.addWidget(row_line(row))
        self.body.addLayout(self.form)

    def _add(self, text: str, widget: QWidget) -> QWidget:
        self.form.addRow(buddy_label(self.tr(text), widget), widget)
        return widget
