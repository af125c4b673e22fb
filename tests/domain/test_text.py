"""What may be stored from a line typed or pasted at the counter: lengths, invisible and control characters."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from hallapp.domain.text import text_problems, unwanted_character


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("深圳市某某有限公司", []),
        ("  深圳市某某有限公司\n", []),  # trimmed as stored, not refused
        ("\u3000深圳市某某有限公司\t", []),  # the full-width space too
        ("深圳 某某 有限公司", []),  # spaces inside are ordinary characters
        ("Shenzhen Moumou Co., Ltd.", []),
        ("𠮷野家（深圳）餐饮有限公司", []),
        (
            "深圳\u202e司公限有",
            ["单位名称第 3 个字符是看不见的文字方向控制符（U+202E），请删除后重新输入"],
        ),
        ("深\u200b圳", ["单位名称第 2 个字符是看不见的零宽字符（U+200B），请删除后重新输入"]),
        ("\ufeff深圳", ["单位名称第 1 个字符是看不见的零宽字符（U+FEFF），请删除后重新输入"]),
        ("深圳\x00", ["单位名称第 3 个字符是空字符（U+0000），请删除后重新输入"]),
        ("深圳\n某某", ["单位名称第 3 个字符是换行符（U+000A），请删除后重新输入"]),
        (
            "深圳\r\n某某",
            ["单位名称第 3 个字符是换行符（U+000D），第 4 个字符是换行符（U+000A），请删除后重新输入"],
        ),
        ("深圳\u2028某某", ["单位名称第 3 个字符是换行符（U+2028），请删除后重新输入"]),
        ("深圳\t某某", ["单位名称第 3 个字符是制表符（U+0009），请删除后重新输入"]),
        ("深圳\x1b某某", ["单位名称第 3 个字符是看不见的控制字符（U+001B），请删除后重新输入"]),
        ("深圳\u00ad某某", ["单位名称第 3 个字符是看不见的控制字符（U+00AD），请删除后重新输入"]),
        ("深圳\ue000", ["单位名称第 3 个字符是打印时无法显示的自造字（U+E000），请删除后重新输入"]),
        ("深圳\ud800", ["单位名称第 3 个字符是残缺的字符（U+D800），请删除后重新输入"]),
        ("深圳\U000e0001", ["单位名称第 3 个字符是看不见的控制字符（U+E0001），请删除后重新输入"]),
        ("深圳\U0010fffe", ["单位名称第 3 个字符是本系统不认识的字符（U+10FFFE），请删除后重新输入"]),
        # Positions are counted as typed: the leading spaces are there in the field.
        ("  深\u200b圳", ["单位名称第 4 个字符是看不见的零宽字符（U+200B），请删除后重新输入"]),
        (
            "\u200b深\u200b圳\u200b有\u200b限",
            ["单位名称第 1、3、5 等 4 个字符是看不见的零宽字符（U+200B），请删除后重新输入"],
        ),
        (
            "\u200b深\u200b圳\n\x00\u202e",
            [
                "单位名称第 1、3 个字符是看不见的零宽字符（U+200B），第 5 个字符是换行符（U+000A），"
                + "第 6 个字符是空字符（U+0000），另有 1 个这样的字符，请删除后重新输入"
            ],
        ),
    ],
    ids=repr,
)
def test_a_line_is_refused_for_what_nobody_sees_with_its_position_and_code_point(value, expected):
    assert text_problems("单位名称", value, max_length=200) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("张" * 100, []),
        ("张" * 101, ["法定代表人不能超过 100 个字符，现为 101 个字符"]),
        ("  " + "张" * 100 + "  ", []),  # counted as stored, trimmed
        ("𠮷" * 100, []),  # a character outside the Basic Multilingual Plane counts as one
        ("", []),  # whether a field may be empty is the caller's rule
    ],
    ids=lambda v: repr(v)[:20],
)
def test_the_length_is_counted_in_characters_of_the_trimmed_value(value, expected):
    assert text_problems("法定代表人", value, max_length=100) == expected


def test_too_long_and_invisible_are_both_said_at_once():
    assert text_problems("备注", "说" * 600 + "\x00", max_length=500) == [
        "备注不能超过 500 个字符，现为 601 个字符",
        "备注第 601 个字符是空字符（U+0000），请删除后重新输入",
    ]


@pytest.mark.parametrize(
    "char",
    [
        "张",
        "㛃",  # Extension A
        "𠮷",  # Extension B
        "\U00031350",  # Extension H: unassigned in Python 3.11's Unicode 14 tables, a character in GB 18030
        "·",
        "\u3000",
        " ",
        "A",
        "é",
        "（",
        "\ufe00",  # a variation selector chooses a glyph of the character before it: visible, allowed
    ],
    ids=lambda c: f"U+{ord(c):04X}",
)
def test_ordinary_characters_of_names_and_addresses_are_allowed(char):
    assert unwanted_character(char) is None


_UNWANTED = st.characters(categories=["Cc", "Cf", "Cs", "Co"])
_PRINTABLE = st.one_of(
    st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF, categories=["Lo"]),
    st.characters(min_codepoint=0x3400, max_codepoint=0x4DBF, categories=["Lo"]),
    st.characters(min_codepoint=0x20000, max_codepoint=0x2A6DF, categories=["Lo"]),
    st.characters(min_codepoint=0x20, max_codepoint=0x7E),
    st.sampled_from("·（）、，\u3000"),
)


@given(
    before=st.text(_PRINTABLE, max_size=20).filter(lambda t: t.strip()),
    bad=_UNWANTED,
    after=st.text(_PRINTABLE, max_size=20).filter(lambda t: t.strip()),
)
def test_any_line_with_a_control_format_or_private_character_inside_is_refused(before, bad, after):
    value = before + bad + after
    problems = text_problems("联系人", value, max_length=100)
    assert len(problems) == 1
    assert f"第 {len(before) + 1} 个字符" in problems[0] and f"U+{ord(bad):04X}" in problems[0]


@given(value=st.text(_PRINTABLE, max_size=100))
def test_any_line_of_printable_chinese_and_latin_within_the_limit_is_accepted(value):
    assert text_problems("单位名称", value, max_length=100) == []


@given(value=st.text(_PRINTABLE, min_size=1, max_size=20).map(lambda t: t.strip() or "张"))
def test_a_format_character_at_either_end_is_not_trimmed_away(value):
    assert text_problems("联系人", "\u200b" + value + "\u202e", max_length=100) != []
