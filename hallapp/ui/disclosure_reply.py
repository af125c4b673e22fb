"""拟定答复, 审核 and 退回: the reply to a disclosure request, drafted by the clerk, approved or sent back
by a supervisor.

The reply is chosen in two steps, as the annual report groups them (``ReplyGroup``: 予以公开, 部分公开,
不予公开, 无法提供, 不予处理, 其他处理) and then the reply of that group with its legal ground; the text
field is named by what the reply needs (``Reply.text_label``: where to find it, how it is provided, or the
reason), and "本机关不掌握" asks for the office that does hold it.
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QComboBox, QLabel, QLineEdit, QWidget

from hallapp.domain.disclosure import REPLIES_BY_GROUP, Reply, ReplyGroup
from hallapp.ui.disclosure_parts import StepForm, hint
from hallapp.ui.disclosure_register import text_box
from hallapp.ui.followup_form import buddy_label, tr

if TYPE_CHECKING:
    from hallapp.domain.disclosure_request import ReplyDraft
    from hallapp.services.disclosure_inputs import DisclosureRow


@dataclass(frozen=True)
class ReplyValues:
    reply: Reply
    text: str
    right_office: str = ""


class ReplyDialog(StepForm):
    """拟定答复: the group, the reply, its text and (for 不掌握) the right office; sent for approval."""

    def __init__(self, row: DisclosureRow, parent: QWidget | None = None, *, returned_note: str = "") -> None:
        super().__init__(tr("拟定答复"), row, parent, "提交审核")
        self.setMinimumWidth(720)
        self.group_box = QComboBox()
        for group in ReplyGroup:
            self.group_box.addItem(group.label, group.value)
        self.reply_box = QComboBox()
        self.reply_box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.reply_box.setMinimumContentsLength(24)
        self.ground_label = QLabel()
        self.ground_label.setObjectName("dialogHint")
        self.ground_label.setWordWrap(True)
        self.ground_label.setMinimumWidth(460)  # two lines at most: the form is not stretched by a tall guess
        self.text_edit = text_box("", 5)
        self.text_label = buddy_label("", self.text_edit)
        self.office_edit = QLineEdit()
        self.office_edit.setPlaceholderText(self.tr("掌握该信息的机关名称及联系方式（能够确定的）"))
        self.office_label = buddy_label(self.tr("负责公开的机关(&O)"), self.office_edit)
        self._add("答复类别(&G)", self.group_box)
        self._add("答复(&R)", self.reply_box)
        self.form.addRow(self.tr("文书与依据"), self.ground_label)
        self.form.addRow(self.text_label, self.text_edit)
        self.form.addRow(self.office_label, self.office_edit)
        if returned_note:
            returned = hint(self.tr("负责人退回意见：{0}").format(returned_note))
            returned.setObjectName("returnedNote")
            returned.setStyleSheet("color: #b45309; font-weight: bold;")
            self.body.addWidget(returned)
        self.body.addWidget(
            hint(
                self.tr(
                    "答复经负责人审核通过后发出（拟稿人不能审核本人拟定的答复）；"
                    "答复书载明申请人申请行政复议和提起行政诉讼的权利。"
                )
            )
        )
        self._finish()
        self.group_box.currentIndexChanged.connect(lambda _i: self._group_changed())
        self.reply_box.currentIndexChanged.connect(lambda _i: self._reply_changed())
        self._group_changed()
        self.group_box.setFocus()

    @property
    def reply(self) -> Reply:
        return Reply(self.reply_box.currentData())

    def choose(self, reply: Reply) -> None:
        """Show ``reply`` (its group first)."""
        self.group_box.setCurrentIndex(self.group_box.findData(reply.group.value))
        self.reply_box.setCurrentIndex(self.reply_box.findData(reply.value))

    def _group_changed(self) -> None:
        group = ReplyGroup(self.group_box.currentData())
        self.reply_box.blockSignals(True)
        self.reply_box.clear()
        for reply in REPLIES_BY_GROUP[group]:
            self.reply_box.addItem(reply.label, reply.value)
            self.reply_box.setItemData(self.reply_box.count() - 1, reply.label, 3)  # tooltip: the whole label
        self.reply_box.blockSignals(False)
        self._reply_changed()

    def _reply_changed(self) -> None:
        reply = self.reply
        self.text_label.setText(self.tr("{0}(&T)").format(reply.text_label))
        self.text_edit.setPlaceholderText(self.tr("请填写{0}").format(reply.text_label))
        ground = reply.ground
        self.ground_label.setText(
            self.tr("{0}；依据 {1}").format(reply.document_title, ground) if ground else reply.document_title
        )
        self.office_label.setVisible(reply.names_office)
        self.office_edit.setVisible(reply.names_office)

    def values(self) -> ReplyValues:
        reply = self.reply
        office = self.office_edit.text().strip() if reply.names_office else ""
        return ReplyValues(reply, self.text_edit.toPlainText().strip(), office)

    def _check(self) -> list[str]:
        values = self.values()
        if values.text:
            return []
        self.text_edit.setFocus()
        return [self.tr("请填写{0}").format(values.reply.text_label)]


def draft_text(draft: ReplyDraft | None, names: dict[str, str] | None = None) -> str:
    """The draft as the supervisor reads it before approving: the reply, its text, the office named."""
    if draft is None:
        return tr("（没有待审核的答复）")
    lines = [
        tr("<b>{0}</b>（{1}）").format(escape(draft.reply.label), escape(draft.reply.document_title)),
        escape(draft.text).replace("\n", "<br>"),
    ]
    if draft.right_office:
        lines.append(tr("负责公开的机关：{0}").format(escape(draft.right_office)))
    drafter = (names or {}).get(draft.drafted_by, draft.drafted_by)
    lines.append(tr("拟稿人 {0}，{1}").format(escape(drafter), draft.drafted_on.isoformat()))
    return "<br>".join(lines)


class ApproveDialog(StepForm):
    """审核通过: the draft as written; OK approves it and issues the reply today."""

    def __init__(
        self,
        row: DisclosureRow,
        draft: ReplyDraft | None,
        parent: QWidget | None = None,
        names: dict[str, str] | None = None,
    ) -> None:
        super().__init__(tr("审核答复"), row, parent, "审核通过并发出")
        self.setMinimumWidth(640)
        self.draft_label = QLabel(draft_text(draft, names))
        self.draft_label.setObjectName("draft")
        self.draft_label.setWordWrap(True)
        self.body.addWidget(self.draft_label)
        self.body.addWidget(
            hint(self.tr("审核通过即以今天为答复日期发出，并打印答复书；需要修改的请“退回”。"))
        )
        self._finish()
        self.ok_button.setFocus()


@dataclass(frozen=True)
class ReturnValues:
    note: str


class ReturnDialog(StepForm):
    """退回: what the drafter should change; the request goes back to where it was."""

    def __init__(
        self,
        row: DisclosureRow,
        draft: ReplyDraft | None,
        parent: QWidget | None = None,
        names: dict[str, str] | None = None,
    ) -> None:
        super().__init__(tr("退回答复"), row, parent, "退回")
        self.setMinimumWidth(640)
        self.draft_label = QLabel(draft_text(draft, names))
        self.draft_label.setWordWrap(True)
        self.note_edit = QLineEdit()
        self.note_edit.setPlaceholderText(self.tr("写明需要修改之处"))
        self.body.addWidget(self.draft_label)
        self._add("退回理由(&N)", self.note_edit)
        self._finish()
        self.note_edit.setFocus()

    def values(self) -> ReturnValues:
        return ReturnValues(self.note_edit.text().strip())

    def _check(self) -> list[str]:
        if self.values().note:
            return []
        self.note_edit.setFocus()
        return [self.tr("请写明退回的理由")]
