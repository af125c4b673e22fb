"""The words of the disclosure procedure: the replies in the groups and rows of the national annual table,
their legal grounds and what the clerk writes for each, the rights printed on every reply, the pauses."""

from __future__ import annotations

from hallapp.domain.disclosure import (
    CORRECTION_NOTICE_DAYS,
    MAX_EXTENSION_DAYS,
    ORGANISATION_KINDS,
    REPLIES_BY_GROUP,
    REPLY_DAYS,
    RIGHTS,
    DisclosureState,
    PauseKind,
    Reply,
    ReplyGroup,
    RequesterKind,
)
from hallapp.domain.disclosure_fees import PAYMENT_DAYS


def test_the_statutory_numbers() -> None:
    assert (REPLY_DAYS, MAX_EXTENSION_DAYS, CORRECTION_NOTICE_DAYS, PAYMENT_DAYS) == (20, 20, 7, 20)
    assert PauseKind.THIRD_PARTY.period == 15 and PauseKind.FEE.period == 20
    assert PauseKind.OTHER_OFFICE.period == 15


def test_the_replies_fill_the_rows_of_the_national_table() -> None:
    sizes = {group: len(REPLIES_BY_GROUP[group]) for group in ReplyGroup}
    assert sizes == {
        ReplyGroup.DISCLOSED: 2,  # 予以公开 (already public counts there)
        ReplyGroup.PARTLY: 1,
        ReplyGroup.WITHHELD: 8,
        ReplyGroup.UNAVAILABLE: 3,
        ReplyGroup.NOT_HANDLED: 5,
        ReplyGroup.OTHER: 3,
    }
    assert [r.label for r in REPLIES_BY_GROUP[ReplyGroup.WITHHELD]] == [
        "属于国家秘密",
        "其他法律行政法规禁止公开",
        "危及“三安全一稳定”",
        "保护第三方合法权益",
        "属于三类内部事务信息",
        "属于四类过程性信息",
        "属于行政执法案卷",
        "属于行政查询事项",
    ]
    assert [r.label for r in REPLIES_BY_GROUP[ReplyGroup.UNAVAILABLE]] == [
        "本机关不掌握相关政府信息",
        "没有现成信息需要另行制作",
        "补正后申请内容仍不明确",
    ]
    assert [r.label for r in REPLIES_BY_GROUP[ReplyGroup.NOT_HANDLED]] == [
        "信访举报投诉类申请",
        "重复申请",
        "要求提供公开出版物",
        "无正当理由大量反复申请",
        "要求行政机关确认或重新出具已获取信息",
    ]
    assert len({r.label for r in Reply}) == len(Reply)


def test_every_reply_but_disclosure_gives_its_reason() -> None:
    for reply in Reply:
        if reply in (Reply.ALREADY_PUBLIC, Reply.DISCLOSED, Reply.PARTLY_DISCLOSED):
            assert reply.text_label != "理由"
        else:
            assert reply.text_label == "理由"
    assert "理由" in Reply.PARTLY_DISCLOSED.text_label  # the part withheld is explained too


def test_grounds_and_titles() -> None:
    assert Reply.WITHHELD_STATE_SECRET.ground.endswith("第十四条")
    assert Reply.WITHHELD_THIRD_PARTY.ground.endswith("第十五条")
    assert Reply.OTHER_NO_CORRECTION.ground.endswith("第三十条")
    assert "109号" in Reply.OTHER_FEE_UNPAID.ground
    assert Reply.WITHHELD_PROCESS.document_title == "政府信息不予公开告知书"
    assert Reply.ALREADY_PUBLIC.document_title == "政府信息公开申请答复书"
    assert [r for r in Reply if r.names_office] == [Reply.UNAVAILABLE_NOT_HELD]
    for reply in Reply:
        assert reply.label and reply.document_title and reply.group.label


def test_the_rights_are_sixty_days_and_six_months() -> None:
    assert "六十日内" in RIGHTS and "行政复议" in RIGHTS
    assert "六个月内" in RIGHTS and "行政诉讼" in RIGHTS


def test_applicant_kinds_are_the_report_columns() -> None:
    assert [k.label for k in RequesterKind] == [
        "自然人",
        "商业企业",
        "科研机构",
        "社会公益组织",
        "法律服务机构",
        "其他组织",
    ]
    assert RequesterKind.PERSON.is_person and RequesterKind.PERSON not in ORGANISATION_KINDS
    assert len(ORGANISATION_KINDS) == 5


def test_open_states() -> None:
    closed = {s for s in DisclosureState if not s.is_open}
    assert closed == {DisclosureState.REPLIED, DisclosureState.ARCHIVED}
    assert len({s.label for s in DisclosureState}) == len(DisclosureState)
