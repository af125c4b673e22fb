"""F4 (读卡) at the intake: the card fills the applicant (or the agent), the keyboard moves on to the phone,
a returning applicant's phone comes from the register; an expired card is said in red; a failed read
changes nothing; a PC without a reader shows no card button. With the fake reader, and once end to end
with the serial adapter against the simulated reader on a pseudo-terminal."""

from __future__ import annotations

import sys
from dataclasses import replace
from datetime import date, timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from hallapp.devices.card import (
    NO_CARD_MESSAGE,
    REMOVED_MESSAGE,
    BadFrame,
    CardData,
    CardKind,
    CardRemoved,
)
from hallapp.domain.identity import mask_id
from hallapp.services.intake_inputs import ApplicantInput, Decision
from hallapp.ui.applicant_card import FOREIGN_2017_NOTE, STATUS_MAX
from hallapp.ui.main_window import MainWindow
from hallapp.ui.window_card import NO_READER_HERE, START_FIRST
from tests.services.intake_helpers import guide_for, request, resident_id
from tests.ui.conftest import commit_text, open_counter
from tests.ui.test_intake_flow import open_intake

TODAY = date.today()
ALT = Qt.KeyboardModifier.AltModifier


def card(name: str = "李小红", number: str = resident_id("44030519901001002"), **changes) -> CardData:
    made = CardData(
        kind=CardKind.RESIDENT,
        name=name,
        sex="女",
        ethnicity="汉族",
        birth_date=date(1990, 10, 1),
        address="广东省深圳市南山区示例路1号",
        id_number=number,
        issuing_authority="深圳市公安局南山分局",
        valid_from=date(2016, 5, 20),
        valid_until=date(TODAY.year + 10, 5, 20),
    )
    return replace(made, **changes)


HMT = card(
    "陈大文",
    resident_id("81000019850612001"),
    kind=CardKind.HMT_PERMIT,
    sex="男",
    ethnicity="",
    birth_date=date(1985, 6, 12),
    pass_number="H12345678",
    issue_count="01",
)
EXPIRED = card("王过期", resident_id("11010119800101001"), valid_until=TODAY - timedelta(days=30))
AGENT = card("赵代理", resident_id("44030819851111001"), sex="男")


def open_window(qtbot, context, **station) -> MainWindow:
    """The counter window signed in on a PC whose settings (``station.json``) are ``station``."""
    return open_counter(qtbot, context, **station)


@pytest.fixture
def reader(monkeypatch):
    """The fake reader's cards: none at first (no demo card), each test lays its own on it."""
    from hallapp.devices.card_fake import FakeCardReader

    laid = FakeCardReader()
    monkeypatch.setattr("hallapp.devices.card_fake.FakeCardReader", lambda _cards=(): laid)
    return laid


@pytest.fixture
def card_window(qtbot, ready_context, reader):
    main = open_window(qtbot, ready_context, card_adapter="fake")
    yield main
    main.ops.wait()


def focused():
    return QApplication.focusWidget()


def press_f4(qtbot, window):
    qtbot.keyClick(focused() or window, Qt.Key.Key_F4)


def read_into(qtbot, window, reader, entry, until):
    before = reader.reads
    reader.put(entry)
    press_f4(qtbot, window)
    qtbot.waitUntil(lambda: reader.reads == before + 1 and not window.ops.busy(window.intake, "card"))
    qtbot.waitUntil(until)


def form_values(form):
    return (
        form.kind,
        form.name.text(),
        form.id_number.text(),
        form.phone.text(),
        form.agent_box.isChecked(),
        form.agent_name.text(),
        form.agent_id.text(),
    )


def test_a_card_fills_the_applicant_and_the_keyboard_goes_to_the_phone(qtbot, card_window, reader):
    page = open_intake(qtbot, card_window, "jiuye")
    form = page.form
    assert form.focusWidget() is form.name.edit
    assert card_window.card_button.isVisible()
    read_into(qtbot, card_window, reader, card(), lambda: form.id_number.text() != "")
    assert (form.kind, form.name.text(), form.id_number.text()) == ("person", "李小红", card().id_number)
    assert focused() is form.phone.edit
    said = form.id_number.message.text()
    assert "✓ 女 1990-10-01" in said and "读自居民身份证" in said
    status = card_window.status.text()  # short: what to do first; the card's details are under the number
    assert status == "已读卡：请核对申请人姓名与号码" and len(status) <= STATUS_MAX
    assert mask_id(card().id_number) not in status and card().id_number not in status
    qtbot.keyClicks(focused(), "13812345678")  # the clerk types on where the card left the keyboard
    assert form.applicant_input() == ApplicantInput("person", "李小红", card().id_number, "13812345678")


def test_a_returning_applicants_phone_comes_from_the_register(qtbot, card_window, reader, ready_context):
    known = ApplicantInput("person", "李小红", card().id_number, "13912345678")
    stored = []
    guide = guide_for(ready_context, "就业登记")
    card_window.ops.run(
        card_window,
        lambda s: s.submit(request(guide, Decision.ACCEPT, applicant=known)),
        stored.append,
        stored.append,
        key="earlier-case",
    )
    qtbot.waitUntil(lambda: bool(stored))
    page = open_intake(qtbot, card_window, "jiuye")
    form = page.form
    read_into(qtbot, card_window, reader, card(), lambda: form.phone.text() == "13912345678")
    assert "老申请人" in form.returning.text()
    assert focused() is form.phone.edit and not form.phone.edit.hasSelectedText()


def test_a_hong_kong_macao_taiwan_permit_is_a_person_with_its_card_named(qtbot, card_window, reader):
    page = open_intake(qtbot, card_window, "jiuye")
    form = page.form
    read_into(qtbot, card_window, reader, HMT, lambda: form.id_number.text() == HMT.id_number)
    assert (form.kind, form.name.text()) == ("person", "陈大文")
    said = form.id_number.message.text()
    assert "✓ 男 1985-06-12" in said and "读自港澳台居民居住证" in said
    assert card_window.status.text() == "已读卡：请核对申请人姓名与号码"  # the card's kind: under the number
    assert focused() is form.phone.edit


def test_an_expired_card_fills_the_form_and_says_so_in_red(qtbot, card_window, reader):
    page = open_intake(qtbot, card_window, "jiuye")
    form = page.form
    read_into(qtbot, card_window, reader, EXPIRED, lambda: form.id_number.text() == EXPIRED.id_number)
    said = form.id_number.message
    assert said.isVisibleTo(form) and said.text().startswith("证件已过期")
    assert f"{EXPIRED.valid_until:%Y年%m月%d日}" in said.text()
    assert "#b91c1c" in said.styleSheet()  # red
    assert card_window.status.text() == "已读卡：请核对申请人姓名与号码 ※ 证件已过期"
    assert form.name.text() == "王过期" and focused() is form.phone.edit
    before = reader.reads
    read_into(qtbot, card_window, reader, EXPIRED, lambda: reader.reads == before + 1)  # once more
    assert said.text().count("证件已过期") == 1 and said.text().count("读自居民身份证") == 1


def test_a_card_not_yet_valid_is_said_too(qtbot, card_window, reader):
    page = open_intake(qtbot, card_window, "jiuye")
    form = page.form
    early = card(valid_from=TODAY + timedelta(days=3))
    read_into(qtbot, card_window, reader, early, lambda: form.id_number.text() == early.id_number)
    assert form.id_number.message.text().startswith("证件尚未生效")


FOREIGN = card(
    "SMITH, JOHN",
    "USA318010010015",  # USA, place 31, born 1980-10-01
    kind=CardKind.FOREIGN_PERMANENT,
    sex="男",
    ethnicity="",
    birth_date=date(1980, 10, 1),
    address="",
    english_name="SMITH, JOHN",
    nationality="USA",
)


def test_a_foreign_card_of_2017_fills_the_form_and_the_keyboard_goes_to_the_phone(qtbot, card_window, reader):
    page = open_intake(qtbot, card_window, "jiuye")
    form = page.form
    read_into(qtbot, card_window, reader, FOREIGN, lambda: form.id_number.text() == "USA318010010015")
    assert form.name.text() == "SMITH JOHN" and form.name.message.text() == ""  # no comma in a name
    assert focused() is form.phone.edit
    said = form.id_number.message.text()
    assert "校验位未核验" in said and f"读自外国人永久居留身份证{FOREIGN_2017_NOTE}" in said
    assert "应为18位" not in said and "#b45309" in form.id_number.message.styleSheet()  # amber: a warning
    assert card_window.status.text() == "已读卡：请核对申请人姓名与号码"
    assert "USA318010010015" not in card_window.status.text()
    qtbot.keyClicks(focused(), "13812345678")
    assert form.applicant_input() == ApplicantInput("person", "SMITH JOHN", "USA318010010015", "13812345678")


def test_a_foreign_number_typed_by_hand_moves_on_to_the_phone_at_15(qtbot, card_window):
    page = open_intake(qtbot, card_window, "jiuye")
    id_edit = page.form.id_number.edit
    id_edit.setFocus()
    qtbot.keyClicks(id_edit, "usa31801001001")
    assert focused() is id_edit and "应为15位" in page.form.id_number.message.text()
    qtbot.keyClicks(id_edit, "5")
    assert focused() is page.form.phone.edit
    assert "校验位未核验" in page.form.id_number.message.text()
    id_edit.setFocus()
    id_edit.clear()
    qtbot.keyClicks(id_edit, "USA31801001001X")  # a letter among the digits: stay to correct it
    assert focused() is id_edit and "应为数字" in page.form.id_number.message.text()


def test_the_facing_screen_shows_a_whole_foreign_number_masked_and_nothing_of_a_part_typed_one():
    from hallapp.ui.facing_intake import masked_id

    assert masked_id("usa 3180 1001 0015") == "USA********0015"
    assert {masked_id("USA318010010015"[:n]) for n in range(1, 15)} == {"（正在录入）"}
    assert masked_id(resident_id()[:15]) == "（正在录入）"  # 15 digits of a resident ID: still being typed
    assert masked_id(resident_id()) == mask_id(resident_id())


@pytest.mark.parametrize(
    ("failure", "words"),
    [
        (None, "没有证件"),
        (CardRemoved(REMOVED_MESSAGE), "移开"),
        (BadFrame("读卡器送来的证件信息无法识别：请重新读卡。"), "无法识别"),
    ],
)
def test_a_failed_read_is_one_sentence_and_changes_nothing(qtbot, card_window, reader, failure, words):
    page = open_intake(qtbot, card_window, "jiuye")
    form = page.form
    commit_text(form.name.edit, "陈晓明")  # what the clerk typed before pressing F4 stays as it was
    before = form_values(form)
    if failure is not None:
        reader.put(failure)
    press_f4(qtbot, card_window)
    qtbot.waitUntil(lambda: reader.reads == 1 and not card_window.ops.busy(page, "card"))
    qtbot.waitUntil(lambda: words in card_window.status.text())
    assert card_window.status.text().startswith("未读到证件：")
    if failure is None:
        assert NO_CARD_MESSAGE in card_window.status.text()
    assert form_values(form) == before
    assert form.focusWidget() is form.name.edit and form.id_number.message.text() == ""


def test_the_agents_card_fills_the_agent_part(qtbot, card_window, reader):
    page = open_intake(qtbot, card_window, "jiuye")
    form = page.form
    read_into(qtbot, card_window, reader, card(), lambda: form.id_number.text() != "")
    qtbot.keyClick(focused(), Qt.Key.Key_G, ALT)  # 由代理人办理
    qtbot.waitUntil(form.agent_box.isChecked)
    qtbot.waitUntil(form.agent_group.isVisible)
    form.agent_name.edit.setFocus()  # the clerk is on the agent's line
    read_into(qtbot, card_window, reader, AGENT, lambda: form.agent_id.text() == AGENT.id_number)
    assert (form.agent_name.text(), form.agent_id.text()) == ("赵代理", AGENT.id_number)
    assert (form.name.text(), form.id_number.text()) == ("李小红", card().id_number)  # untouched
    assert focused() is form.agent_phone
    assert "读自居民身份证" in form.agent_id.message.text()
    assert "代理人" in card_window.status.text()
    assert form.agent_input().id_number == AGENT.id_number


def test_a_second_card_goes_to_the_agent_once_the_applicants_is_in(qtbot, card_window, reader):
    page = open_intake(qtbot, card_window, "jiuye")
    form = page.form
    form.agent_box.setChecked(True)
    read_into(qtbot, card_window, reader, card(), lambda: form.id_number.text() != "")
    assert form.agent_id.text() == "" and focused() is form.phone.edit
    read_into(qtbot, card_window, reader, AGENT, lambda: form.agent_id.text() != "")
    assert (form.agent_name.text(), form.id_number.text()) == ("赵代理", card().id_number)


def test_an_organisations_card_holder_is_asked_for_as_the_agent(qtbot, card_window, reader):
    page = open_intake(qtbot, card_window, "jiuye")
    form = page.form
    form.organisation_button.setChecked(True)
    before = form_values(form)
    reader.put(card())
    press_f4(qtbot, card_window)
    assert "由代理人办理" in card_window.status.text()
    assert reader.reads == 0 and form_values(form) == before


def test_f4_outside_an_intake_says_to_start_one_first(qtbot, card_window, reader):
    assert card_window.work.currentWidget() is card_window.lookup
    reader.put(card())
    press_f4(qtbot, card_window)
    assert card_window.status.text() == START_FIRST
    assert reader.reads == 0


def test_without_a_reader_nothing_shows_and_f4_says_how_to_set_one_up(qtbot, window):
    assert not window.session.has_card_reader
    page = open_intake(qtbot, window, "jiuye")
    assert not window.card_button.isVisible()
    before = form_values(page.form)
    press_f4(qtbot, window)
    assert window.status.text() == NO_READER_HERE and "设置（Ctrl+,）的“本机设备”" in window.status.text()
    assert form_values(page.form) == before


@pytest.mark.skipif(sys.platform == "win32", reason="the simulated reader needs a POSIX pty")
def test_a_card_on_a_serial_reader_end_to_end(qtbot, ready_context):
    from tests.devices.card_sim import SimulatedReader, base_message, expired_message

    with SimulatedReader() as sim:
        main = open_window(qtbot, ready_context, card_adapter="serial", card_port=sim.port)
        page = open_intake(qtbot, main, "jiuye")
        form = page.form
        assert main.card_button.isVisible()
        press_f4(qtbot, main)  # nothing on the reader yet
        qtbot.waitUntil(lambda: "没有证件" in main.status.text(), timeout=10_000)
        assert form.name.text() == "" and form.id_number.text() == ""
        sim.card = expired_message(TODAY)
        press_f4(qtbot, main)
        qtbot.waitUntil(lambda: form.id_number.text() == "110101199003070011", timeout=10_000)
        assert form.name.text() == "张三" and focused() is form.phone.edit
        assert form.id_number.message.text().startswith("证件已过期")
        sim.card = base_message(name="王五", id_number=resident_id("11010119900307003"))
        press_f4(qtbot, main)
        qtbot.waitUntil(lambda: form.name.text() == "王五", timeout=10_000)
        assert form.id_number.text() == resident_id("11010119900307003")
        assert "读自居民身份证" in form.id_number.message.text()
        assert "已过期" not in form.id_number.message.text()
        main.ops.wait()
        main.session.card_reader().close()  # the port, before the pty goes


@pytest.mark.skipif(sys.platform == "win32", reason="the simulated reader needs a POSIX pty")
def test_a_card_read_after_the_intake_was_left_is_dropped(qtbot, ready_context):
    from tests.devices.card_sim import SimulatedReader, base_message

    with SimulatedReader(base_message(), mode="late", late_finds=3) as sim:
        main = open_window(qtbot, ready_context, card_adapter="serial", card_port=sim.port)
        page = open_intake(qtbot, main, "jiuye")
        press_f4(qtbot, main)  # the reader says "no card" three times before it finds this one …
        qtbot.keyClick(focused(), Qt.Key.Key_Escape)  # … and the clerk has left the intake by then
        assert main.work.currentWidget() is main.lookup
        qtbot.waitUntil(lambda: (0x30, 0x01) in sim.commands, timeout=10_000)  # the card was read
        main.ops.wait()
        QApplication.processEvents()  # the answer is delivered, and dropped
        assert page.form.name.text() == "" and page.form.id_number.text() == ""
        assert "已读取" not in main.status.text()
        page = open_intake(qtbot, main, "jiuye")  # the next applicant's form is not filled with it
        assert page.form.name.text() == "" and page.form.id_number.text() == ""
        main.session.card_reader().close()


def test_the_card_button_and_an_expired_cards_words_fit_a_1366_screen(
    qtbot, qapp, card_window, reader, tmp_path
):
    from tests.ui.admin_helpers import app_font, grab
    from tests.ui.test_screen_1366 import CLIENT, status_bar_on_screen

    with app_font(qapp):
        card_window.resize(*CLIENT)
        page = open_intake(qtbot, card_window, "jiuye")
        form = page.form
        form.agent_box.setChecked(True)  # the top row at its fullest: the agent box, the button, the words
        read_into(qtbot, card_window, reader, EXPIRED, lambda: form.id_number.text() == EXPIRED.id_number)
        status_bar_on_screen(card_window)
        QApplication.processEvents()
        button, said = card_window.card_button, form.id_number.message
        assert button.isVisible() and button.width() >= button.sizeHint().width()  # 读卡 (F4) whole
        assert form.rect().contains(button.geometry())
        lines = said.height() // said.fontMetrics().lineSpacing()
        assert said.isVisible() and lines >= 1 and said.heightForWidth(said.width()) <= said.height()
        grab(card_window, "window-1366-card-read.png", tmp_path)


def test_the_button_follows_this_pcs_settings_as_they_are_saved(qtbot, window, ready_context, reader):
    from hallapp.domain.access import Principal, Role
    from tests.ui.test_window_cases_and_settings import run, sign_in_as

    sign_in_as(qtbot, window, ready_context, Principal("boss", "王科长", Role.ADMIN, ""))
    station = run(qtbot, window, lambda s: s.station_settings())
    shown = lambda: window.card_button.isVisibleTo(window.intake.form)  # the intake page may be hidden
    assert station.card_adapter == "off" and not shown()
    run(qtbot, window, lambda s: s.save_station(replace(station, card_adapter="fake")))
    qtbot.waitUntil(lambda: shown())
    run(qtbot, window, lambda s: s.save_station(replace(station, card_adapter="off")))
    qtbot.waitUntil(lambda: not shown())
    window.detach()
    assert not shown()


# -- on a 1366-pixel screen --------------------------------------------------------------------------------


def status_bar_parts(window) -> list[tuple[str, int]]:
    """Each text the status bar shows, whole, with the pixels it needs in its own font."""
    from PySide6.QtGui import QFontMetrics
    from PySide6.QtWidgets import QLabel

    bar = window.statusBar()
    QApplication.processEvents()
    parts = []
    for label in bar.findChildren(QLabel):
        if not label.isVisibleTo(window) or not label.text():
            continue
        label.ensurePolished()
        whole = label.toolTip() if label.text().endswith("…") and label.toolTip() else label.text()
        parts.append((whole, QFontMetrics(label.font()).horizontalAdvance(whole)))
    return parts


def assert_status_bar_fits(window) -> None:
    """The bar's texts, whole, side by side (12 pixels between parts) fit the window's width."""
    parts = status_bar_parts(window)
    needed = sum(width + 12 for _text, width in parts)
    assert needed <= window.width(), (needed, window.width(), parts)


def test_the_status_bar_after_f4_and_f8_fits_a_1366_pixel_window(
    qtbot, qapp, ready_context, reader, tmp_path
):
    from tests.ui.admin_helpers import app_font, grab
    from tests.ui.test_screen_1366 import CLIENT

    with app_font(qapp):
        main = open_window(qtbot, ready_context, card_adapter="fake", queue_source="fake")
        main.resize(*CLIENT)
        qtbot.waitUntil(lambda: "等候 6 人" in main.queue_status.text(), timeout=10_000)
        qtbot.keyClick(main, Qt.Key.Key_F8)
        qtbot.waitUntil(lambda: "当前 A001 综合受理" in main.queue_status.text(), timeout=10_000)
        assert "已叫 A001" in main.queue_status.text()
        assert main.queue_status.text().count("综合受理") == 1  # the note does not repeat the ticket
        page = open_intake(qtbot, main, "jiuye")
        read_into(qtbot, main, reader, EXPIRED, lambda: page.form.id_number.text() == EXPIRED.id_number)
        assert "请核对申请人姓名与号码 ※ 证件已过期" in main.status.text()
        assert_status_bar_fits(main)
        grab(main, "window-1366-card-read.png", tmp_path)
        qtbot.keyClick(focused() or main, Qt.Key.Key_F8)  # refused: the applicant of A001 is at the counter
        qtbot.waitUntil(lambda: main.status.text() == "请先办结 A001 的受理（或 Esc 退出），再叫下一位")
        assert "当前 A001 综合受理" in main.queue_status.text()
        assert_status_bar_fits(main)
        grab(main, "window-1366-f8-refused.png", tmp_path)
        main.ops.wait()
