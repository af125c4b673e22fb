"""Decoding the security module's 256-byte base message: the three layouts, the code tables, bad text."""

from __future__ import annotations

from datetime import date

import pytest

from hallapp.devices.card import BadFrame, CardData, CardKind
from hallapp.devices.card_text import ETHNICITIES, SEXES, card_kind, decode_base_message
from tests.devices.card_sim import base_message, foreign_message, hmt_permit_message


def test_a_resident_card_gives_every_field():
    card = decode_base_message(base_message())
    assert card.kind is CardKind.RESIDENT
    assert (card.name, card.sex, card.ethnicity) == ("张三", "男", "汉族")
    assert card.birth_date == date(1990, 3, 7)
    assert card.address == "北京市东城区示例胡同1号"
    assert card.id_number == "110101199003070011"
    assert card.issuing_authority == "北京市公安局东城分局"
    assert (card.valid_from, card.valid_until) == (date(2015, 3, 1), date(2035, 3, 1))
    assert card.validity_label == "2015.03.01-2035.03.01"


def test_a_lower_case_x_is_read_as_the_upper_case_check_character():
    card = decode_base_message(base_message(id_number="11010119900307123x"))
    assert card.id_number == "11010119900307123X"


def test_changqi_is_a_card_without_end():
    card = decode_base_message(base_message(valid_from="20100101", valid_until="长期"))
    assert card.valid_until is None
    assert card.validity_label == "2010.01.01-长期"
    assert card.is_valid_on(date(2099, 12, 31))
    assert not card.is_valid_on(date(2009, 12, 31))


def test_validity_includes_both_ends():
    card = decode_base_message(base_message(valid_from="20150301", valid_until="20350301"))
    assert card.is_valid_on(date(2015, 3, 1)) and card.is_valid_on(date(2035, 3, 1))
    assert not card.is_valid_on(date(2035, 3, 2))
    assert card.validity_problem(date(2035, 3, 2)) == "证件已过期（有效期至 2035年03月01日）"
    assert card.validity_problem(date(2015, 2, 28)) == "证件尚未生效（有效期自 2015年03月01日 起）"
    assert card.validity_problem(date(2020, 1, 1)) is None


def test_the_hong_kong_macao_taiwan_permit_has_its_pass_number_and_no_ethnicity():
    text = hmt_permit_message()
    assert card_kind(text) is CardKind.HMT_PERMIT
    card = decode_base_message(text)
    assert card.kind is CardKind.HMT_PERMIT
    assert (card.name, card.sex, card.ethnicity) == ("陈大文", "男", "")
    assert card.id_number == "810000198506120016"
    assert (card.pass_number, card.issue_count) == ("H12345678", "01")
    assert card.address == "广东省深圳市福田区示例大道8号"
    assert card.valid_until == date(2025, 1, 1)


def test_the_foreign_card_has_english_name_nationality_and_no_address():
    card = decode_base_message(foreign_message())
    assert card.kind is CardKind.FOREIGN_PERMANENT
    assert (card.name, card.english_name, card.nationality) == ("史密斯", "SMITH, JOHN", "USA")
    assert card.id_number == "USA310080101015"
    assert (card.address, card.ethnicity, card.sex) == ("", "", "男")
    assert card.birth_date == date(1980, 10, 1)
    assert (card.valid_from, card.valid_until) == (date(2018, 1, 1), date(2028, 1, 1))
    assert card.issuing_authority == "1100"


def test_a_foreign_card_without_chinese_name_is_named_in_english():
    card = decode_base_message(foreign_message(name=""))
    assert card.name == "SMITH, JOHN"


def test_the_2023_foreign_card_is_refused_plainly():
    with pytest.raises(BadFrame, match="2023 版外国人永久居留身份证"):
        decode_base_message(foreign_message(marker="Y"))


def test_the_ethnicity_table_has_the_56_peoples_and_the_two_others():
    assert len(ETHNICITIES) == 58
    assert ETHNICITIES["01"] == "汉族" and ETHNICITIES["56"] == "基诺族"
    assert (
        ETHNICITIES["10"] == "朝鲜族"
        and ETHNICITIES["29"] == "柯尔克孜族"
        and ETHNICITIES["43"] == "乌孜别克族"
    )
    assert ETHNICITIES["97"] == "其他" and ETHNICITIES["98"] == "外国血统中国籍人士"
    assert len(set(ETHNICITIES.values())) == 58
    card = decode_base_message(base_message(ethnicity="11", sex="2"))
    assert (card.ethnicity, card.sex) == ("满族", "女")
    assert SEXES["9"] == "未说明"


@pytest.mark.parametrize(
    ("text", "words"),
    [
        (base_message(ethnicity="57"), "民族代码“57”"),
        (base_message(sex="3"), "性别代码“3”"),
        (base_message(birth="19900230"), "出生日期“19900230”"),
        (base_message(valid_until="2035"), "有效期截止日期"),
        (base_message(name=""), "缺少姓名"),
        (base_message()[:254], "长度不对"),
        (base_message()[:248] + "Q".encode("utf-16-le") + base_message()[250:], "证件类型“Q”"),
        (b"\x00\xd8" + base_message()[2:], "不是文字"),  # a lone surrogate
    ],
)
def test_text_that_is_not_a_card_is_a_bad_frame(text, words):
    with pytest.raises(BadFrame, match=words):
        decode_base_message(text)


@pytest.mark.parametrize(
    ("text", "field"),
    [
        (base_message(name="张\u202e三"), "name"),
        (base_message(address="北京市\x1b[2J东城区"), "address"),
        (hmt_permit_message(name="陈\u200b大文"), "name"),
        (foreign_message(english_name="SMITH,\x07JOHN"), "english_name"),
    ],
)
def test_a_control_or_direction_character_in_a_field_is_a_bad_frame(text, field):
    with pytest.raises(BadFrame, match=f"含有控制字符（{field} 字段）"):
        decode_base_message(text)


def test_a_rare_character_in_the_private_use_area_is_kept():
    card = decode_base_message(base_message(name="张\ue000"))  # a 生僻字 as some modules send it
    assert card.name == "张\ue000"


def test_the_id_number_and_address_stay_out_of_repr():
    card = decode_base_message(base_message())
    shown = repr(card)
    assert "张三" in shown
    assert "110101199003070011" not in shown and "示例胡同" not in shown


def test_a_card_has_no_photo_field():
    assert not any("photo" in name for name in CardData.__dataclass_fields__)
