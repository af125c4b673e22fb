"""Cleaning what real exports carry: entities, tags, spaces, full-width phones, counts, 实施编码."""

from __future__ import annotations

import pytest

from hallapp.services.catalogue_import.clean import (
    clean_phone,
    clean_text,
    parse_count,
    parse_implementation_code,
    split_phones,
)


def test_entities_single_and_double_and_tags() -> None:
    assert clean_text("申请人&amp;代理人").text == "申请人&代理人"
    assert (
        clean_text("&amp;lt;p&amp;gt;年满16周岁&amp;amp;非在校&amp;lt;/p&amp;gt;").text == "年满16周岁&非在校"
    )
    assert clean_text("<p>第一条</p><p>第二条<br/>续</p>").text == "第一条\n第二条\n续"
    assert clean_text("<p>第一条</p><br>第二条", multiline=False).text == "第一条 第二条"
    assert clean_text("年龄<18周岁").text == "年龄<18周岁"  # not a tag
    assert clean_text("&#20013;&#x6587;&copy;&quot;是&#39;").text == "中文©\"是'"  # numeric and named
    assert clean_text("&amp;amp;amp;amp;lt;").text == "&amp;lt;"  # three layers decoded, no more
    assert clean_text("A&amp;nbsp;B").text == "A B"


def test_spaces_tidied_and_invisible_characters_removed_and_named() -> None:
    cleaned = clean_text("  坪山区\u3000\u3000政务中心\u00a0 二楼 \u200b\u202e \n\n 三楼\x07 ")
    assert cleaned.text == "坪山区 政务中心 二楼\n三楼"
    assert set(cleaned.removed) == {"看不见的零宽字符", "看不见的文字方向控制符", "看不见的控制字符"}
    assert clean_text("吉𠮷 王").removed == ()


def test_full_width_phone_numbers() -> None:
    assert clean_phone("０７５５－１２３４５６７８") == "0755-12345678"
    assert clean_phone("（0755） 8461 2345") == "0755-8461 2345"
    assert clean_phone("0755 — 12345678") == "0755-12345678"
    assert split_phones("咨询电话：０７５５－８４６１２３４５；12345、12345") == (
        "咨询电话：0755-84612345",
        "12345",
    )


@pytest.mark.parametrize(
    ("raw", "count"),
    [
        ("5", 5),
        (5, 5),
        ("5.0", 5),
        (5.0, 5),
        ("", None),
        (None, None),
        ("无", 0),
        ("1份", 1),
        ("20个工作日", 20),
        ("２", 2),
    ],
)
def test_counts_as_exports_write_them(raw: object, count: int | None) -> None:
    assert parse_count(raw) == count


@pytest.mark.parametrize(
    ("raw", "reason"), [("-1", "负数"), (-1, "负数"), ("1.5", "整数"), ("若干", "整数"), (True, "是/否")]
)
def test_unreadable_counts_say_why(raw: object, reason: str) -> None:
    with pytest.raises(ValueError, match=reason):
        parse_count(raw)


def test_implementation_code_parts_and_suffix() -> None:
    code = parse_implementation_code("11440300MB2C92041J444031600100001")
    assert code is not None
    assert code.full == "11440300MB2C92041J444031600100001"
    assert code.credit_code == "11440300MB2C92041J"
    assert code.level == "4"
    assert code.basic_code == "440316001000"
    assert code.suffix == "01"
    assert code.implementation_code == "11440300MB2C92041J4440316001000"
    assert code.credit_code_valid
    plain = parse_implementation_code(" 11440300MB2C92041J4440316001000 ")
    assert plain is not None and plain.suffix == "" and plain.full == "11440300MB2C92041J4440316001000"
    assert parse_implementation_code("XK-0001") is None
    assert parse_implementation_code("创业培训补贴申领编码不是三十一个字符而是别的东西的一串文字啊啊") is None
