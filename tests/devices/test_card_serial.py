"""The serial adapter against a simulated reader on a pseudo-terminal: frames, retries, every failure."""

from __future__ import annotations

import sys
from datetime import date

import pytest

from hallapp.devices.card import BadFrame, CardKind, CardRemoved, NoCard, NoReader
from hallapp.devices.card_serial import SerialCardReader, checksum, command_frame
from tests.devices.card_sim import (
    SimulatedReader,
    base_message,
    expired_message,
    foreign_message,
    hmt_permit_message,
)

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="the simulated reader needs a POSIX pty")

FIND, SELECT, READ = (0x20, 0x01), (0x20, 0x02), (0x30, 0x01)


@pytest.fixture
def sim():
    with SimulatedReader() as simulated:
        yield simulated


@pytest.fixture
def reader(sim):
    with SerialCardReader(sim.port, frame_timeout=0.5) as opened:
        yield opened


def test_the_command_frames_are_the_documented_bytes():
    assert command_frame(0x20, 0x01).hex(" ").upper() == "AA AA AA 96 69 00 03 20 01 22"
    assert command_frame(0x20, 0x02).hex(" ").upper() == "AA AA AA 96 69 00 03 20 02 21"
    assert command_frame(0x30, 0x01).hex(" ").upper() == "AA AA AA 96 69 00 03 30 01 32"
    assert checksum(b"\x00\x03\x20\x01") == 0x22


@pytest.mark.parametrize(
    ("text", "kind", "name"),
    [
        (base_message(), CardKind.RESIDENT, "张三"),
        (hmt_permit_message(), CardKind.HMT_PERMIT, "陈大文"),
        (foreign_message(), CardKind.FOREIGN_PERMANENT, "史密斯"),
    ],
)
def test_each_kind_of_card_is_read_by_find_select_read(sim, reader, text, kind, name):
    sim.card = text
    card = reader.read(timeout=1)
    assert (card.kind, card.name) == (kind, name)
    assert sim.commands == [FIND, SELECT, READ]


def test_an_expired_card_is_read_and_shown_as_expired(sim, reader):
    today = date.today()
    sim.card = expired_message(today)
    card = reader.read(timeout=1)
    assert not card.is_valid_on(today)
    assert "已过期" in (card.validity_problem(today) or "")


def test_two_reads_on_one_open_port(sim, reader):
    sim.card = base_message(name="王五")
    assert reader.read(timeout=1).name == "王五"
    sim.card = base_message(name="赵六")
    assert reader.read(timeout=1).name == "赵六"


def test_no_card_keeps_looking_until_the_time_is_up(sim, reader):
    with pytest.raises(NoCard, match="没有证件"):
        reader.read(timeout=0.35)
    assert sim.commands and set(sim.commands) == {FIND}


def test_a_card_put_down_while_the_reader_waits_is_read(sim, reader):
    sim.card, sim.mode, sim.late_finds = base_message(), "late", 2
    assert reader.read(timeout=30).name == "张三"
    assert sim.commands == [FIND, FIND, FIND, SELECT, READ]


def test_a_bad_checksum_is_refused_and_the_read_sent_once_more(sim, reader):
    sim.card, sim.mode = base_message(), "bad_checksum_once"
    assert reader.read(timeout=1).name == "张三"
    assert sim.commands == [FIND, SELECT, READ, READ]


def test_two_bad_checksums_are_a_bad_frame(sim, reader):
    sim.card, sim.mode = base_message(), "bad_checksum_always"
    with pytest.raises(BadFrame, match="校验错误"):
        reader.read(timeout=1)
    assert sim.commands == [FIND, SELECT, READ, READ]


def test_a_card_taken_away_after_select_is_removed(sim):
    sim.card, sim.mode = base_message(), "removed"
    with SerialCardReader(sim.port, frame_timeout=0.2) as reader, pytest.raises(CardRemoved, match="移开"):
        reader.read(timeout=1)
    assert sim.commands == [FIND, SELECT, READ]


def test_a_card_that_cannot_be_selected_is_no_card(sim, reader):
    sim.card, sim.mode = base_message(), "select_fails"
    with pytest.raises(NoCard, match="未能选中"):
        reader.read(timeout=1)


def test_stray_bytes_before_an_answer_are_skipped(sim, reader):
    sim.card, sim.mode = base_message(), "noise"
    assert reader.read(timeout=1).id_number == "110101199003070011"


def test_a_reader_that_never_answers_is_no_reader(sim):
    sim.mode = "silent"
    with SerialCardReader(sim.port, frame_timeout=0.2) as reader, pytest.raises(NoReader, match="没有应答"):
        reader.read(timeout=1)


def test_a_port_that_does_not_exist_is_no_reader(tmp_path):
    with pytest.raises(NoReader, match="无法打开读卡器串口"):
        SerialCardReader(str(tmp_path / "ttyUSB9")).read(timeout=0.1)


def test_a_bad_card_text_in_a_good_frame_is_a_bad_frame(sim, reader):
    sim.card = base_message(ethnicity="77")
    with pytest.raises(BadFrame, match="民族代码"):
        reader.read(timeout=1)
