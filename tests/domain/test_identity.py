"""Identity numbers, names and phones as a clerk types them."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hallapp.domain.identity import (
    CREDIT_ALPHABET,
    check_credit_code,
    check_resident_id,
    credit_code_check_char,
    mask_embedded_ids,
    mask_id,
    mask_phone,
    normalise_id,
    normalise_person_name,
    phone_problem,
    resident_id_check_char,
    validate_person_name,
)

TODAY = date(2026, 6, 1)
ID_ALPHABET = "0123456789X"


# --- reference implementations (a different derivation from the production code) ------------------


def ref_id_check(first17: str) -> str:
    """ISO 7064 MOD 11-2: weight of position i from the right is 2^(i-1) mod 11; total ≡ 1 (mod 11)."""
    total = sum(int(d) * pow(2, 17 - i, 11) for i, d in enumerate(first17))
    value = next(c for c in range(11) if (total + c) % 11 == 1)
    return "X" if value == 10 else str(value)


def ref_credit_check(first17: str) -> str:
    """MOD 31-3: weight of position i is 3^i mod 31; total with the check value ≡ 0 (mod 31)."""
    total = sum(CREDIT_ALPHABET.index(c) * pow(3, i, 31) for i, c in enumerate(first17))
    return CREDIT_ALPHABET[next(v for v in range(31) if (total + v) % 31 == 0)]


def make_id(region: str, birth: date, sequence: int) -> str:
    first17 = f"{region}{birth:%Y%m%d}{sequence:03d}"
    return first17 + ref_id_check(first17)


def make_credit(first17: str) -> str:
    return first17 + ref_credit_check(first17)


KNOWN_VALID_IDS = ["11010519491231002X", "440524188001010014"]
KNOWN_VALID_CODES = ["914403001922038216", "9144030071526726XG", "91330100716105852F", "91110000802100433B"]
SAMPLE_IDS = [
    *KNOWN_VALID_IDS,
    make_id("440305", date(1990, 2, 28), 123),
    make_id("650102", date(2000, 2, 29), 8),
    make_id("810000", date(1985, 7, 1), 451),  # Hong Kong residence permit
    make_id("911000", date(1970, 1, 1), 999),  # foreigner's permanent-residence card
]
SAMPLE_CODES = [
    *KNOWN_VALID_CODES,
    make_credit("12440300MB2C3D4E5"),
    make_credit("Y1110105QRTUWXY00"),
]


def test_reference_agrees_with_production() -> None:
    for first17 in ("11010519491231002", "44052418800101001", "00000000000000000", "99999999999999999"):
        assert resident_id_check_char(first17) == ref_id_check(first17)
    for first17 in ("91440300192203821", "00000000000000000", "YYYYYYYYYYYYYYYYY", "9144030071526726X"):
        assert credit_code_check_char(first17) == ref_credit_check(first17)


@pytest.mark.parametrize("number", SAMPLE_IDS)
def test_valid_ids_pass(number: str) -> None:
    result = check_resident_id(number, today=TODAY)
    assert result.ok, result.errors
    assert result.errors == ()
    assert result.normalised == number


def test_known_example_details() -> None:
    woman = check_resident_id("11010519491231002X", today=TODAY)
    assert (woman.birth_date, woman.sex, woman.warnings) == (date(1949, 12, 31), "女", ())
    man = check_resident_id("440524188001010014", today=TODAY)
    assert man.ok and man.sex == "男" and man.birth_date == date(1880, 1, 1)
    assert man.warnings == ("出生日期 18800101 早于1900年，请核对",)  # the standard's example is old


@pytest.mark.parametrize("code", SAMPLE_CODES)
def test_valid_credit_codes_pass(code: str) -> None:
    result = check_credit_code(code)
    assert result.ok, result.errors
    assert result.normalised == code


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("１１０１０５１９４９１２３１００２Ｘ", "11010519491231002X"),
        ("11010519491231002x", "11010519491231002X"),
        ("110105 19491231 002x", "11010519491231002X"),
        ("110105-19491231-002X", "11010519491231002X"),
        ("110105\u300019491231\u3000002X", "11010519491231002X"),
        ("  110105—19491231–002Ｘ\t", "11010519491231002X"),
        ("9144 0300 7152 6726 xg", "9144030071526726XG"),
        ("", ""),
    ],
)
def test_normalise_id(typed: str, expected: str) -> None:
    assert normalise_id(typed) == expected


def test_typed_forms_validate() -> None:
    assert check_resident_id("１１０１０５ １９４９１２３１-００２ｘ", today=TODAY).ok
    assert check_credit_code("9144-0300-7152-6726-xg").ok


# --- every single slip of the finger is caught ------------------------------------------------------


def substitutions(number: str, alphabet: str) -> list[str]:
    return [number[:i] + c + number[i + 1 :] for i in range(len(number)) for c in alphabet if c != number[i]]


def transpositions(number: str) -> list[str]:
    return [
        number[:i] + number[i + 1] + number[i] + number[i + 2 :]
        for i in range(len(number) - 1)
        if number[i] != number[i + 1]
    ]


def assert_all_id_slips_caught(number: str) -> None:
    slips = substitutions(number, ID_ALPHABET) + transpositions(number)
    assert len(slips) >= 17 * 10
    passed = [s for s in slips if check_resident_id(s, today=TODAY).ok]
    assert passed == []


def assert_all_code_slips_caught(code: str) -> None:
    slips = substitutions(code, CREDIT_ALPHABET) + transpositions(code)
    assert len(slips) >= 18 * 30
    passed = [s for s in slips if check_credit_code(s).ok]
    assert passed == []


@pytest.mark.parametrize("number", SAMPLE_IDS)
def test_every_id_slip_is_caught(number: str) -> None:
    assert_all_id_slips_caught(number)


@pytest.mark.parametrize("code", SAMPLE_CODES)
def test_every_credit_code_slip_is_caught(code: str) -> None:
    assert_all_code_slips_caught(code)


regions = st.sampled_from(["110105", "440305", "310115", "650102", "540102", "820000", "830000", "930000"])
births = st.dates(min_value=date(1900, 1, 1), max_value=TODAY)


@settings(max_examples=60, deadline=None)
@given(region=regions, birth=births, sequence=st.integers(0, 999))
def test_generated_ids_are_valid_and_every_slip_is_caught(region: str, birth: date, sequence: int) -> None:
    number = make_id(region, birth, sequence)
    result = check_resident_id(number, today=TODAY)
    assert result.ok and result.warnings == () and result.birth_date == birth
    assert result.sex == ("男" if sequence % 2 else "女")
    assert_all_id_slips_caught(number)


@settings(max_examples=60, deadline=None)
@given(
    head=st.text(alphabet=CREDIT_ALPHABET, min_size=2, max_size=2),
    region=st.text(alphabet="0123456789", min_size=6, max_size=6),
    body=st.text(alphabet=CREDIT_ALPHABET, min_size=9, max_size=9),
)
def test_generated_credit_codes_are_valid_and_every_slip_is_caught(head: str, region: str, body: str) -> None:
    code = make_credit(head + region + body)
    assert check_credit_code(code).ok
    assert_all_code_slips_caught(code)


# --- messages ---------------------------------------------------------------------------------------


def test_id_length_message() -> None:
    result = check_resident_id("11010519491231002", today=TODAY)
    assert not result.ok
    assert "身份证号码应为18位，现为17位" in result.errors


def test_id_bad_characters() -> None:
    errors = check_resident_id("1101051949123100A2", today=TODAY).errors
    assert any("「A」" in e for e in errors)
    assert "X 只能出现在身份证号码的最后一位" in check_resident_id("1101051949123100X2", today=TODAY).errors
    assert check_resident_id("", today=TODAY).errors == ("请输入身份证号码",)


def test_id_impossible_date() -> None:
    first17 = "11010520230230001"
    number = first17 + ref_id_check(first17)
    result = check_resident_id(number, today=TODAY)
    assert result.errors == ("出生日期 20230230 不存在",)
    assert result.birth_date is None


def test_id_future_date() -> None:
    number = make_id("110105", TODAY + timedelta(days=1), 1)
    result = check_resident_id(number, today=TODAY)
    assert not result.ok
    assert len(result.errors) == 1 and "20260602" in result.errors[0] and "晚于今天" in result.errors[0]
    assert check_resident_id(make_id("110105", TODAY, 1), today=TODAY).ok  # born today is fine


def test_id_check_character_message() -> None:
    result = check_resident_id("110105194912310023", today=TODAY)
    assert result.errors == ("校验位应为 X，输入的是 3",)


def test_unknown_region_is_a_warning_not_an_error() -> None:
    for region in ("000000", "160101", "720000", "700000"):
        result = check_resident_id(make_id(region, date(1990, 1, 1), 1), today=TODAY)
        assert result.ok, result.errors
        assert result.warnings == (f"地区码 {region[:2]} 未知，请核对",)
    for region in ("810000", "820000", "830000", "910000", "990000", "440300", "650100"):
        assert check_resident_id(make_id(region, date(1990, 1, 1), 1), today=TODAY).warnings == ()


def test_credit_code_messages() -> None:
    assert check_credit_code("").errors == ("请输入统一社会信用代码",)
    short = check_credit_code("91440300192203821")
    assert "统一社会信用代码应为18位，现为17位" in short.errors
    with_o = check_credit_code("9144030O1922038216")
    assert not with_o.ok
    assert any(e.startswith("统一社会信用代码不能包含字母 I、O、S、V、Z") for e in with_o.errors)
    region = check_credit_code(make_credit("9144A300192203821"))
    assert not region.ok and any("第3–8位" in e for e in region.errors)
    wrong = check_credit_code("914403001922038217")
    assert wrong.errors == ("校验位应为 6，输入的是 7",)
    assert any("「*」" in e for e in check_credit_code("9144**001922038216").errors)


# --- masking ------------------------------------------------------------------------------------------


def test_mask_id() -> None:
    assert mask_id("440105194912311234") == "4401**********1234"
    assert mask_id("4401 0519 4912 3112 34") == "4401**********1234"
    assert mask_id("9144030071526726XG") == "9144**********26XG"
    assert mask_id("1234") == "****"


DISABLED_ID = "44010519491231123X"  # a valid ID whose check character is X
MALE_ID = "44030819850505123" + resident_id_check_char("44030819850505123")


@pytest.mark.parametrize(
    ("number", "masked"),
    [
        (DISABLED_ID + "41", "4401**********123X41"),  # 残疾人证: the ID and two digits
        (MALE_ID + "71", f"4403**********{MALE_ID[-4:]}71"),
        ("残证" + DISABLED_ID + "-41", "残证4401**********123X-41"),
        ("12" + DISABLED_ID, "124401**********123X"),  # the ID found where it starts, not at the front
        ("44010519491231123041", "4401**********123041"),  # a slip in the check character: still hidden
        (DISABLED_ID, "4401**********123X"),
        ("粤（2024）深圳市不动产权第0012345号", "粤（2024）深圳市不动产权第0012345号"),
        ("123456789012345678901234", "123456789012345678901234"),  # no real birth date in any window
        ("JY14403070012345", "JY14403070012345"),  # 食品经营许可证: short, nothing to hide
        ("", ""),
    ],
)
def test_an_id_inside_a_licence_number_is_masked(number: str, masked: str) -> None:
    assert mask_embedded_ids(number) == masked
    assert len(mask_embedded_ids(number)) == len(number)


@settings(max_examples=60, deadline=None)
@given(
    region=regions,
    birth=births,
    sequence=st.integers(0, 999),
    before=st.text(alphabet="ABC-（）号", max_size=3),
    after=st.text(alphabet="0123456789", max_size=4),
)
def test_no_generated_id_survives_inside_a_number(
    region: str, birth: date, sequence: int, before: str, after: str
) -> None:
    number = make_id(region, birth, sequence)
    masked = mask_embedded_ids(before + number + after)
    assert number not in masked and number[6:14] not in masked  # the birth date is never shown
    assert (
        masked.startswith(before) and masked.endswith(after) and len(masked) == len(before + number + after)
    )


@pytest.mark.parametrize(
    ("phone", "masked"),
    [
        ("13812345678", "138****5678"),
        ("138 1234 5678", "138****5678"),
        ("+86 13812345678", "138****5678"),
        ("0755-84900000", "0755-****0000"),
        ("075584900000", "0755****0000"),
        ("010-62345678", "010-****5678"),
        ("02087654321", "020****4321"),
        ("(0755) 84900000", "(0755) ****0000"),
        ("12345", "*2345"),  # no area code: only the last four digits
    ],
)
def test_mask_phone(phone: str, masked: str) -> None:
    assert mask_phone(phone) == masked


# --- names ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("阿依古丽·买买提", "阿依古丽·买买提"),
        ("阿依古丽・买买提", "阿依古丽·买买提"),
        ("阿依古丽•买买提", "阿依古丽·买买提"),
        ("阿依古丽．买买提", "阿依古丽·买买提"),
        ("爱新觉罗 · 溥仪", "爱新觉罗·溥仪"),
        ("  张　三 ", "张三"),
        ("John  Smith", "John Smith"),
        ("Ｊｏｈｎ Ｓｍｉｔｈ", "John Smith"),
        ("𠮷田", "𠮷田"),
    ],
)
def test_normalise_person_name(typed: str, stored: str) -> None:
    assert normalise_person_name(typed) == stored


@pytest.mark.parametrize(
    "name",
    ["张三", "阿依古丽·买买提", "𠮷田", "王𠮷", "John Smith", "Anne Müller", "欧阳娜娜", "李〇"],
)
def test_valid_names(name: str) -> None:
    assert validate_person_name(name) == []


def test_name_length_counts_characters_not_code_units() -> None:
    assert validate_person_name("𠮷" * 50) == []
    assert validate_person_name("𠮷" * 51) == ["姓名不能超过50个字，现为51个字"]


@pytest.mark.parametrize(
    ("name", "fragment"),
    [
        ("", "姓名不能为空"),
        ("   ", "姓名不能为空"),
        ("张三3", "姓名不能包含数字：「3」"),
        ("张三@", "姓名不能包含符号：「@」"),
        ("张-三", "姓名不能包含符号：「-」"),
        ("·张三", "间隔号 · 只能在姓名中间"),
        ("张··三", "间隔号 · 不能连续出现"),
    ],
)
def test_invalid_names(name: str, fragment: str) -> None:
    assert any(fragment in e for e in validate_person_name(name))


# --- phones -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "phone",
    [
        "13812345678",
        "138 1234 5678",
        "+8613812345678",
        "0755-84900000",
        "075584900000",
        "010-62345678",
        "0755-8490000-123",
    ],
)
def test_good_phones(phone: str) -> None:
    assert phone_problem(phone) is None


@pytest.mark.parametrize(
    ("phone", "message"),
    [
        ("", "请输入联系电话"),
        ("1381234567", "手机号码应为11位数字，现为10位"),
        ("138123456789", "手机号码应为11位数字，现为12位"),
        ("84900000", "固定电话请带区号，如 0755-84900000"),
        ("0755-849", "固定电话应为区号加7–8位号码，如 0755-84900000"),
        ("138abc45678", "电话号码只能包含数字和连字符 -"),
    ],
)
def test_bad_phones(phone: str, message: str) -> None:
    assert phone_problem(phone) == message
