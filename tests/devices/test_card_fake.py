"""The fake card reader (cards in code or in a JSON file) and the factory that picks an adapter."""

from __future__ import annotations

import json
from datetime import date

import pytest

from hallapp.devices.card import CardKind, CardRemoved, NoCard, NoReader, make_card_reader
from hallapp.devices.card_fake import FakeCardReader, demo_cards
from hallapp.devices.card_serial import SerialCardReader
from hallapp.domain.identity import check_resident_id


def test_cards_and_failures_come_in_turn_then_no_card():
    first = demo_cards()[0]
    reader = FakeCardReader([first, CardRemoved("移开了")])
    assert reader.read(timeout=1) is first
    with pytest.raises(CardRemoved):
        reader.read(timeout=1)
    with pytest.raises(NoCard):
        reader.read(timeout=1)
    assert reader.reads == 3


def test_the_demo_card_has_a_valid_id_number():
    card = demo_cards()[0]
    assert check_resident_id(card.id_number).ok
    assert card.kind is CardKind.RESIDENT


def test_cards_from_a_json_file(tmp_path):
    path = tmp_path / "cards.json"
    entries = [
        {
            "kind": "港澳台居民居住证",
            "name": "陈大文",
            "sex": "男",
            "ethnicity": "",
            "birth_date": "1985-06-12",
            "address": "深圳市福田区",
            "id_number": "810000198506120016",
            "issuing_authority": "深圳市公安局",
            "valid_from": "2020-01-01",
            "valid_until": "长期",
        },
        {"error": "no_reader"},
    ]
    path.write_text(json.dumps(entries, ensure_ascii=False), encoding="utf-8")
    reader = FakeCardReader.from_json(path)
    card = reader.read(timeout=1)
    assert (card.kind, card.birth_date, card.valid_until) == (CardKind.HMT_PERMIT, date(1985, 6, 12), None)
    with pytest.raises(NoReader, match="没有应答"):
        reader.read(timeout=1)


@pytest.mark.parametrize(
    ("content", "words"),
    [
        ("not json", "无法读取"),
        ('{"name": "x"}', "应为一个列表"),
        ('[{"error": "fire"}]', "第 1 项的 error"),
        ('[{"name": "x", "birth_date": "1990-13-01"}]', "第 1 项有误"),
        ('[{"name": "x"}]', "第 1 项有误"),
    ],
)
def test_a_wrong_json_file_is_refused_plainly(tmp_path, content, words):
    path = tmp_path / "cards.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(NoReader, match=words):
        FakeCardReader.from_json(path)


DROP = object()  # a field left out of the card
GOOD = {
    "name": "陈大文",
    "sex": "男",
    "ethnicity": "汉族",
    "birth_date": "1985-06-12",
    "address": "深圳市福田区",
    "id_number": "110101199003070011",
    "issuing_authority": "深圳市公安局",
    "valid_from": "2020-01-01",
    "valid_until": None,
}


@pytest.mark.parametrize(
    ("change", "words"),
    [
        ({"address": DROP}, "第 2 项有误：缺少 address（住址）"),
        (
            {"id_number": DROP, "valid_from": DROP},
            "第 2 项有误：缺少 id_number（证件号码）、valid_from（有效期起始日期）",
        ),
        ({"name": DROP, "nmae": "陈大文"}, "缺少 name（姓名）；不认识的字段：nmae（拼写有误？）"),
        ({"valid_until": DROP}, "缺少 valid_until（有效期截止日期）"),
        ({"birth_date": "1985/06/12"}, "第 2 项有误：birth_date（出生日期）应为 YYYY-MM-DD 格式的日期"),
        ({"valid_until": 2030}, "valid_until（有效期截止日期）应为 YYYY-MM-DD 格式的日期，或 null"),
        ({"sex": 1}, "第 2 项有误：sex（性别）应为文字"),
        ({"kind": "护照"}, "第 2 项有误：kind（证件类型）应为 居民身份证"),
    ],
)
def test_a_mistake_in_a_card_says_which_card_and_which_field_in_words(tmp_path, change, words):
    card = {key: value for key, value in {**GOOD, **change}.items() if value is not DROP}
    path = tmp_path / "cards.json"
    path.write_text(json.dumps([GOOD, card], ensure_ascii=False), encoding="utf-8")
    with pytest.raises(NoReader) as refused:
        FakeCardReader.from_json(path)
    assert words in str(refused.value)
    assert "__init__" not in str(refused.value) and "positional" not in str(refused.value)


def test_a_card_without_optional_fields_is_read(tmp_path):
    path = tmp_path / "cards.json"
    path.write_text(json.dumps([GOOD], ensure_ascii=False), encoding="utf-8")
    card = FakeCardReader.from_json(path).read(timeout=1)
    assert (card.kind, card.valid_until, card.pass_number) == (CardKind.RESIDENT, None, "")


def test_the_factory_builds_each_adapter():
    assert isinstance(make_card_reader("fake"), FakeCardReader)
    assert isinstance(make_card_reader("serial", "/dev/ttyUSB0"), SerialCardReader)  # opened on read
    with pytest.raises(NoReader, match="未指定读卡器的串口"):
        make_card_reader("serial")
    with pytest.raises(ValueError, match="unknown"):
        make_card_reader("bluetooth")
