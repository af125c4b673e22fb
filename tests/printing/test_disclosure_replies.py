"""The reply to a disclosure request in each outcome's wording, always with the applicant's rights."""

from __future__ import annotations

import dataclasses

import pytest

from hallapp.domain.disclosure import RIGHTS, Reply, ReplyGroup
from hallapp.printing.disclosure_render import render_disclosure
from hallapp.printing.disclosure_samples import NUMBER, OFFICE, REPLY_TEXTS, RIGHT_OFFICE, sample_reply
from tests.printing.pdfcheck import UNMASKED_ID, squeeze, text

REPLIES = list(Reply)


@pytest.fixture(scope="module")
def said() -> dict[Reply, str]:
    return {reply: text(render_disclosure(sample_reply(reply))) for reply in REPLIES}


@pytest.mark.parametrize("reply", REPLIES, ids=lambda r: r.value)
def test_every_reply_has_its_title_label_ground_and_the_rights(said: dict, reply: Reply) -> None:
    content = said[reply]
    assert f"登记编号：{NUMBER}" in content
    assert f"{reply.document_title}坪政务公开〔2026〕第0012号-答复" in content  # title, then its number
    assert reply.label in content
    if reply.ground:
        assert reply.ground in content
    assert squeeze(RIGHTS) in content
    assert "六十日内依法申请行政复议" in content and "六个月内依法向人民法院提起行政诉讼" in content
    assert "陈堃：你（身份证件号码：440310********1234）于2026年3月2日" in content
    assert not UNMASKED_ID.search(content)
    assert content.index("特此告知") < content.index(f"{OFFICE}（盖章）2026年3月27日")


@pytest.mark.parametrize(
    "reply", [r for r in REPLIES if r.group is not ReplyGroup.DISCLOSED], ids=lambda r: r.value
)
def test_a_reply_other_than_disclosed_gives_the_reason(said: dict, reply: Reply) -> None:
    reason = squeeze(REPLY_TEXTS[reply])
    if reply is Reply.PARTLY_DISCLOSED:
        assert "公开部分的提供方式及不予公开部分的理由：" + reason in said[reply]
    else:
        assert "理由：" + reason in said[reply]


def test_each_group_says_what_the_office_does(said: dict) -> None:
    expected = {
        ReplyGroup.WITHHELD: "本机关决定不予公开",
        ReplyGroup.UNAVAILABLE: "本机关无法提供",
        ReplyGroup.NOT_HANDLED: "本机关不予处理",
    }
    for reply, content in said.items():
        if reply.group in expected:
            assert expected[reply.group] in content, reply
    assert "本机关决定予以公开" in said[Reply.DISCLOSED]
    assert "提供方式：" + squeeze(REPLY_TEXTS[Reply.DISCLOSED]) in said[Reply.DISCLOSED]
    assert "本机关决定部分公开" in said[Reply.PARTLY_DISCLOSED]
    assert "本机关不再处理你的该政府信息公开申请" in said[Reply.OTHER_FEE_UNPAID]
    assert "本机关不再处理你的该政府信息公开申请" in said[Reply.OTHER_NO_CORRECTION]


def test_already_public_says_where_to_find_it(said: dict) -> None:
    content = said[Reply.ALREADY_PUBLIC]
    assert "属于已主动公开的政府信息" in content
    assert "获取该政府信息的方式和途径：" + squeeze(REPLY_TEXTS[Reply.ALREADY_PUBLIC]) in content
    assert "http://www.szpsq.gov.cn/xxgk/ghjh/" in content
    assert "理由：" not in content


def test_not_held_names_the_office_that_holds_it(said: dict) -> None:
    assert (
        f"负责公开该政府信息的机关是{RIGHT_OFFICE}，你可以向该机关提出申请"
        in said[Reply.UNAVAILABLE_NOT_HELD]
    )
    for reply, content in said.items():
        if reply is not Reply.UNAVAILABLE_NOT_HELD:
            assert RIGHT_OFFICE not in content, reply


def test_not_held_without_a_known_office_says_so() -> None:
    content = text(render_disclosure(sample_reply(Reply.UNAVAILABLE_NOT_HELD, right_office="")))
    assert "本机关未能确定负责公开该政府信息的机关" in content and "负责公开该政府信息的机关是" not in content


def test_only_the_not_held_reply_names_another_office_even_when_one_is_given() -> None:
    content = text(render_disclosure(sample_reply(Reply.WITHHELD_INTERNAL, right_office=RIGHT_OFFICE)))
    assert RIGHT_OFFICE not in content


def test_a_reply_prints_the_rights_even_when_the_letter_leaves_them_empty() -> None:
    content = text(render_disclosure(sample_reply(Reply.DISCLOSED, rights="")))
    assert squeeze(RIGHTS) in content


def test_the_title_is_the_letters_own() -> None:
    letter = sample_reply(Reply.WITHHELD_STATE_SECRET, title="政府信息公开申请答复书")
    assert "政府信息公开申请答复书" in text(render_disclosure(letter))


def test_an_organisation_is_answered_as_you_unit() -> None:
    content = text(render_disclosure(sample_reply(Reply.NOT_HANDLED_REPEATED, organisation=True)))
    assert "你单位的申请属于“重复申请”的情形" in content


def test_a_letter_without_its_reply_is_worded_by_its_label() -> None:
    letter = sample_reply(Reply.NOT_HANDLED_MASS)
    assert len({r.label for r in Reply}) == len(Reply)
    without = dataclasses.replace(letter, reply=None)
    assert text(render_disclosure(without)) == text(render_disclosure(letter))


def test_a_letter_with_neither_reply_nor_a_known_label_prints_what_it_carries() -> None:
    letter = dataclasses.replace(
        sample_reply(Reply.WITHHELD_INTERNAL), reply=None, reply_label="内部事务信息", reply_ground="某条例"
    )
    content = text(render_disclosure(letter))
    assert "处理结果：内部事务信息。依据：某条例。" in content
    assert squeeze(REPLY_TEXTS[Reply.WITHHELD_INTERNAL]) in content and squeeze(RIGHTS) in content
