"""A person's ID: the resident ID as before, or the 15-character number of the 2017 foreign
permanent-residence card (three letters, then 12 digits: place, birth date YYMMDD, a sequence ending in
the check digit)."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hallapp.domain.identity import (
    FOREIGN_CHECK_UNVERIFIED,
    check_person_id,
    check_resident_id,
    is_foreign_permanent_id,
    mask_embedded_ids,
    mask_id,
    resident_id_check_char,
)
from hallapp.logs import mask_personal

TODAY = date(2026, 6, 1)
FOREIGN = "USA318010010015"  # USA and twelve digits (their layout is not read: see check_person_id)
RESIDENT = "44030819900101123" + resident_id_check_char("44030819900101123")


def test_a_foreign_number_is_accepted_with_nothing_read_from_its_digits() -> None:
    check = check_person_id(FOREIGN, TODAY)
    assert check.ok and check.errors == ()
    assert check.normalised == FOREIGN
    assert check.birth_date is None and check.sex is None  # the digits' layout is not published to us
    assert check.warnings == (FOREIGN_CHECK_UNVERIFIED,)
    assert "出生日期与校验位未核验" in FOREIGN_CHECK_UNVERIFIED


def test_the_check_digit_is_not_invented() -> None:
    """No rule is published, so no check digit is refused: every last digit is taken, with the warning."""
    for last in "0123456789":
        check = check_person_id(FOREIGN[:-1] + last, TODAY)
        assert check.ok and FOREIGN_CHECK_UNVERIFIED in check.warnings


@pytest.mark.parametrize(
    "typed",
    [
        "usa318010010015",
        "USA 3180 1001 0015",
        "USA-318010-010015",
        "ＵＳＡ３１８０１００１００１５",
        " USA318010010015 ",
    ],
)
def test_a_foreign_number_is_normalised_as_any_id(typed: str) -> None:
    check = check_person_id(typed, TODAY)
    assert check.ok and check.normalised == FOREIGN


@pytest.mark.parametrize("digits", ["310080101015", "801301000000", "999999999999", "000000000000"])
def test_no_birth_date_is_read_from_the_digits_and_none_refused_for_one(digits: str) -> None:
    """The brief's own example (USA310080101015) has no birth date where one layout would put it: with the
    layout unconfirmed, no twelve digits are refused for what they might mean."""
    check = check_person_id(f"CAN{digits}", TODAY)
    assert check.ok and check.birth_date is None and check.warnings == (FOREIGN_CHECK_UNVERIFIED,)


def test_a_foreign_number_with_a_letter_among_its_digits_is_refused() -> None:
    check = check_person_id("USA31801001001X", TODAY)
    assert not check.ok and check.errors == ("外国人永久居留身份证号码第4–15位应为数字，输入中有「X」",)


@pytest.mark.parametrize(
    "typed",
    [
        RESIDENT,
        "11010519491231002X",
        "110105194912310021",  # a wrong check character
        "440105491231002",  # an old 15-digit number: still refused as before
        "US318010010015",  # two letters: not the foreign format
        "USA3180100100X55",  # letters and digits mixed: not the foreign format either
        "",
        "4401-0519-4912-3100-2x",
    ],
)
def test_anything_else_is_checked_exactly_as_a_resident_id(typed: str) -> None:
    assert check_person_id(typed, TODAY) == check_resident_id(typed, TODAY)


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="0123456789Xx -ABC", max_size=20))
def test_a_resident_id_gets_the_same_verdict_as_before(typed: str) -> None:
    number = typed.replace(" ", "").replace("-", "").upper()
    if not number[:3].isalpha():  # three letters first: the foreign format's own words (below)
        assert check_person_id(typed, TODAY) == check_resident_id(typed, TODAY)


@pytest.mark.parametrize("typed", ["USA3180100100", "USA", "USA3180100100155"])
def test_three_letters_and_digits_of_the_wrong_length_are_told_the_foreign_length(typed: str) -> None:
    check = check_person_id(typed, TODAY)
    assert not check.ok and check.birth_date is None
    assert check.errors == (f"外国人永久居留身份证号码应为15位（3位字母加12位数字），现为{len(typed)}位",)


def test_the_foreign_shape_is_three_upper_case_letters_and_twelve_digits() -> None:
    assert is_foreign_permanent_id(FOREIGN) and is_foreign_permanent_id("CAN310002290155")
    assert not any(
        is_foreign_permanent_id(n)
        for n in ("usa318010010015", "US3180100100155", "USA31801001001", "USA3180100100155", RESIDENT)
    )


def test_the_resident_id_check_itself_still_refuses_the_foreign_number() -> None:
    check = check_resident_id(FOREIGN, TODAY)
    assert not check.ok and "身份证号码应为18位，现为15位（15位的旧号码请换算为18位）" in check.errors


# --- masking ------------------------------------------------------------------------------------------


def test_mask_id_keeps_the_nationality_and_the_last_four() -> None:
    assert mask_id(FOREIGN) == "USA********0015"
    assert mask_id("usa 3180 1001 0015") == "USA********0015"
    assert mask_id("440105491231002") == "4401*******1002"  # 15 digits (an old ID): first 4, last 4 as before
    assert mask_id(RESIDENT) == RESIDENT[:4] + "*" * 10 + RESIDENT[-4:]


@pytest.mark.parametrize(
    ("text", "masked"),
    [
        (FOREIGN, "USA********0015"),
        (
            f"申请人持外国人永久居留身份证{FOREIGN}办理就业登记",
            "申请人持外国人永久居留身份证USA********0015办理就业登记",
        ),
        (f"证件号码：{FOREIGN}。", "证件号码：USA********0015。"),
        (f"（{FOREIGN}）与 {RESIDENT}", f"（USA********0015）与 {mask_id(RESIDENT)}"),
        (f"{FOREIGN}，{FOREIGN}", "USA********0015，USA********0015"),
        ("FOO1234567890123", "FOO1234567890123"),  # 13 digits: not the format
        ("ABCD318010010015", "ABCD318010010015"),  # part of a longer code, not a whole token
        ("usa318010010015", "usa318010010015"),  # as printed the letters are upper-case
        ("短文本", "短文本"),
    ],
)
def test_a_foreign_number_inside_text_is_masked(text: str, masked: str) -> None:
    assert mask_embedded_ids(text) == masked


@settings(max_examples=60, deadline=None)
@given(
    letters=st.text(alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZ", min_size=3, max_size=3),
    digits=st.text(alphabet="0123456789", min_size=12, max_size=12),
    before=st.text(alphabet="申请人，号：（ ", max_size=4),
    after=st.text(alphabet="办理。）、 ", max_size=4),
)
def test_no_foreign_number_survives_in_chinese_text(
    letters: str, digits: str, before: str, after: str
) -> None:
    number = letters + digits
    masked = mask_embedded_ids(before + number + after)
    assert masked == before + letters + "*" * 8 + digits[-4:] + after


def test_a_log_line_with_a_foreign_number_is_masked() -> None:
    assert mask_personal(f"登记失败：申请人 {FOREIGN} 电话 13812345678") == (
        "登记失败：申请人 USA********0015 电话 138****5678"
    )
