"""The reply (答复书 / 告知书) of a disclosure request, in its outcome's wording.

Every reply says what was asked for, the outcome (``Reply.label``) and its legal ground (``Reply.ground``),
gives the reason unless the information is disclosed, names the office that holds the information when it
is not this one and that office is known, says where already-public information is found, and ends with
the applicant's rights (``RIGHTS``: reconsideration within 60 days, litigation within 6 months).
"""

from __future__ import annotations

from reportlab.platypus import Flowable

from hallapp.domain.disclosure import RIGHTS, Reply, ReplyGroup
from hallapp.printing.disclosure_content import head, opening, sign_off, you
from hallapp.printing.disclosure_model import DisclosureLetter
from hallapp.printing.layout import Writer

__all__ = ["reply_story", "reply_wording"]

_BY_LABEL = {reply.label: reply for reply in Reply}  # the labels are distinct (the annual report's rows)


def reply_wording(d: DisclosureLetter) -> list[str]:
    """The paragraphs between the opening and the rights, for ``d.reply``."""
    reply = d.reply or _BY_LABEL.get(d.reply_label)
    if reply is None:  # neither a Reply nor one's label: print what the letter carries
        lines = [f"处理结果：{d.reply_label}。" if d.reply_label else ""]
        lines.append(f"依据：{d.reply_ground}。" if d.reply_ground else "")
        return [line for line in lines + [d.reply_text] if line]
    y = you(d)
    label = d.reply_label or reply.label
    ground = d.reply_ground or reply.ground
    by = f"根据{ground}的规定，" if ground else ""
    text = d.reply_text.strip()
    group = reply.group
    if reply is Reply.ALREADY_PUBLIC:
        lines = [
            f"经查，{y}申请获取的政府信息属于{label}的政府信息。{by}现告知{y}获取该政府信息的方式和途径："
            + (text or "请通过本机关政府信息公开平台查阅。")
        ]
        return lines
    if group is ReplyGroup.DISCLOSED:
        return [f"经审查，{y}申请获取的政府信息属于公开范围，{by}本机关决定{label}。", f"提供方式：{text}"]
    if group is ReplyGroup.PARTLY:
        return [
            (
                f"经审查，{y}申请获取的政府信息中部分内容属于不予公开的范围。{by}本机关决定{label}："
                "对可以公开的部分予以提供，对不予公开的部分说明理由。"
            ),
            f"公开部分的提供方式及不予公开部分的理由：{text}",
        ]
    if group is ReplyGroup.WITHHELD:
        lines = [f"经审查，{y}申请获取的政府信息{_kind(label)}。{by}本机关决定不予公开。"]
    elif group is ReplyGroup.UNAVAILABLE:
        lines = [f"经审查，{y}申请获取的政府信息{_kind(label)}。{by}本机关无法提供。"]
    elif group is ReplyGroup.NOT_HANDLED:
        lines = [f"经审查，{y}的申请{_kind(label)}。{by}本机关不予处理。"]
    elif reply is Reply.OTHER:
        lines = [f"经审查，本机关对{y}的申请作出如下处理（{group.label}：{label}）。"]
    else:
        lines = [f"经审查，{label}。{by}本机关不再处理{y}的该政府信息公开申请。"]
    if text:
        lines.append(f"理由：{text}")
    if reply.names_office:
        if d.right_office:
            lines.append(f"负责公开该政府信息的机关是{d.right_office}，{y}可以向该机关提出申请。")
        else:
            lines.append("本机关未能确定负责公开该政府信息的机关。")
    return lines


def _kind(label: str) -> str:
    """属于“label”的情形 — one phrasing that reads right for every label of the annual report's rows."""
    return f"属于“{label}”的情形"


def reply_story(d: DisclosureLetter, w: Writer) -> list[Flowable]:
    """The reply letter: opening, the outcome's paragraphs, the rights, 特此告知, office and date."""
    story = head(d, w)
    story.append(w.para(opening(d) + "现答复如下：", "body", "正文"))
    story += [w.para(text, "body", "答复 reply_text") for text in reply_wording(d)]
    rights = w.para(d.rights or RIGHTS, "body", "救济途径 rights")
    return story + sign_off(d, w, lead=[rights])
