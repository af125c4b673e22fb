"""Rare characters and very long descriptions print without loss; what no font has is refused, not blanked."""

from __future__ import annotations

import pytest

from hallapp.domain.disclosure import Reply
from hallapp.printing.disclosure_content import amount_in_words
from hallapp.printing.disclosure_model import DisclosureDocKind
from hallapp.printing.disclosure_render import render_disclosure
from hallapp.printing.disclosure_samples import NUMBER, OFFICE, sample_letter, sample_reply
from hallapp.printing.errors import MissingGlyphs
from tests.printing.pdfcheck import fonts, page_texts, text

EXT_A = "㛃"
EXT_B = "\U00020bb7"  # 𠮷, in HanaMinB
EXT_G_UNCOVERED = "\U00030041"  # in no shipped font

# 385 numbered pieces of 13 characters: 5,005 characters, each piece findable on its own
LONG = "".join(f"甲{i:04d}号老旧小区改造资料" for i in range(385))


def test_the_long_description_is_five_thousand_characters() -> None:
    assert len(LONG) >= 5000 and LONG.count("甲") == 385


@pytest.mark.parametrize(
    "letter",
    [
        sample_letter(DisclosureDocKind.RECEIPT, description=LONG),
        sample_letter(DisclosureDocKind.CORRECTION, description=LONG),
        sample_letter(DisclosureDocKind.CONSULTATION, description=LONG),
        sample_reply(Reply.WITHHELD_PROCESS, description=LONG),
    ],
    ids=["receipt", "correction", "consultation", "reply"],
)
def test_a_five_thousand_character_description_continues_across_pages_and_nothing_is_lost(letter) -> None:
    pages = page_texts(render_disclosure(letter))
    assert len(pages) >= 2
    for n, page in enumerate(pages, 1):
        assert f"登记编号：{NUMBER}" in page and f"第{n}页／共{len(pages)}页" in page
        if n > 1:
            assert f"{letter.title}（续）" in page
    said = "".join(pages)
    assert said.count("甲") == 385  # every character: one piece per 甲, none dropped
    found = sum(1 for i in range(385) if f"甲{i:04d}号老旧小区改造资料" in said)
    assert found >= 385 - (len(pages) - 1)  # only a piece cut by a page break reads apart
    assert f"{OFFICE}（盖章）" in pages[-1]


def test_rare_characters_print_in_the_fallback_font() -> None:
    name = f"吉{EXT_B}{EXT_A}"
    letter = sample_reply(
        Reply.DISCLOSED, recipient=name, applicant_name=name, description=f"关于{EXT_B}{EXT_A}村的规划"
    )
    pdf = render_disclosure(letter)
    said = text(pdf)
    assert f"{name}：" in said and f"关于{EXT_B}{EXT_A}村的规划" in said
    assert {f.base_font.split("+", 1)[1] for f in fonts(pdf)} == {"WenQuanYiZenHei", "HanaMinB"}
    receipt = text(render_disclosure(sample_letter(DisclosureDocKind.RECEIPT, applicant_name=name)))
    assert name in receipt


def test_a_character_no_font_has_is_refused_with_where_it_is() -> None:
    letter = sample_letter(DisclosureDocKind.FEE, description=f"关于{EXT_G_UNCOVERED}的资料")
    with pytest.raises(MissingGlyphs) as caught:
        render_disclosure(letter)
    assert caught.value.chars == (EXT_G_UNCOVERED,)
    assert any("正文" in field for field in caught.value.fields)


@pytest.mark.parametrize(
    ("yuan", "words"),
    [
        (0, "零元整"),
        (10, "壹拾元整"),
        (100, "壹佰元整"),
        (1900, "壹仟玖佰元整"),
        (2030, "贰仟零叁拾元整"),
        (6700, "陆仟柒佰元整"),
        (10005, "壹万零伍元整"),
        (100000, "壹拾万元整"),
        (120500, "壹拾贰万零伍佰元整"),
        (100010000, "壹亿零壹万元整"),
    ],
)
def test_amounts_in_capital_numerals(yuan: int, words: str) -> None:
    assert amount_in_words(yuan) == words
