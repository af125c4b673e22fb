"""差评整改期限 in the 差评回访 dialog: the hall's working days to answer a bad rating
(``rating.followup_days``, default 5), set by an administrator (``Permission.SETTINGS``; the dialog shows
the row to them only, and the service checks the right and the range again). Read and saved through the
counter session on the database worker; a new period counts for bad ratings given from then on.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QSpinBox, QWidget

from hallapp.errors import describe

if TYPE_CHECKING:
    from hallapp.ui.ops import Operations


class FollowupDaysRow(QWidget):
    """差评整改期限 [5 个工作日] 保存期限; ``say(text, good)`` tells the outcome in the dialog's words."""

    def __init__(self, ops: Operations, say: Callable[[str, bool], None], parent: QWidget | None = None):
        from hallapp.services.rating import MAX_FOLLOWUP_DAYS

        super().__init__(parent)
        self.ops = ops
        self.say = say
        self.setObjectName("ratingsDays")
        self.spin = QSpinBox()
        self.spin.setRange(1, MAX_FOLLOWUP_DAYS)
        self.spin.setSuffix(self.tr(" 个工作日"))
        self.spin.setEnabled(False)  # until the stored period is read
        label = QLabel(self.tr("差评整改期限(&D)"))
        label.setBuddy(self.spin)
        self.button = QPushButton(self.tr("保存期限(&S)"))
        self.button.setAutoDefault(False)
        self.button.setEnabled(False)
        self.button.clicked.connect(self.save)
        note = QLabel(self.tr("自差评之日起计算；保存后对新的差评生效"))
        note.setObjectName("ratingsNote")
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        for widget in (label, self.spin, self.button, note):
            row.addWidget(widget)
        row.addStretch(1)

    def read(self) -> None:
        """The period stored now, into the field (which is enabled once it is known)."""

        def shown(days: int) -> None:
            self.spin.setValue(days)
            self.spin.setEnabled(True)
            self.button.setEnabled(True)

        self.ops.run(
            self,
            lambda s: s.rating_followup_days(),
            shown,
            lambda error: self.say(describe(error), False),
            key="ratings-days",
        )

    def save(self) -> None:
        days = self.spin.value()
        self.ops.run(
            self,
            lambda s: s.set_rating_followup_days(days),
            lambda saved: self.say(
                self.tr("差评整改期限已设为 {0} 个工作日，对新的差评生效").format(saved), True
            ),
            lambda error: self.say(describe(error), False),
            key="ratings-days-save",
        )
