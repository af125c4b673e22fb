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


def test_the_factory_builds_each_adapter():
    assert isinstance(make_card_reader("fake"), FakeCardReader)
    assert isinstance(make_card_reader("serial", "/dev/ttyUSB0"), SerialCardReader)  # opened on read
    with pytest.raises(NoReader, match="未指定读卡器的串口"):
        make_card_reader("serial")
    with pytest.raises(ValueError, match="unknown"):
        make_card_reader("bluetooth")
