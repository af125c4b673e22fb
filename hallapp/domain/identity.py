"""What a clerk types about an applicant: identity numbers, names and phone numbers.

Two numbers identify an applicant (申请人): a person by the resident ID number (居民身份证号码,
GB 11643-1999), an organisation by the unified social credit code (统一社会信用代码, GB 32100-2015).
Both end in a check character, so almost every slip of the finger (one wrong character, two
neighbours swapped) is caught before the case is registered. A foreigner may instead hold the 2017
foreign permanent-residence card, whose 15-character number (three letters, twelve digits) ends in a
check digit whose rule is not published: that one is accepted unchecked, and the check says so.
Pasted text is normalised first: full-width digits, a lowercase x, spaces and dashes arrive at the
counter every day.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date

ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
ID_CHECK_CHARS = "10X98765432"
CREDIT_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
CREDIT_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
CREDIT_FORBIDDEN_LETTERS = "IOSVZ"

EARLIEST_BIRTH = date(1900, 1, 1)
FOREIGN_ID_LENGTH = 15  # 2017 外国人永久居留身份证: nationality (ISO 3166 alpha-3), 12 digits
FOREIGN_CHECK_UNVERIFIED = "外国人永久居留身份证号码：出生日期与校验位未核验，请与证件核对"
MAX_NAME_LENGTH = 50

# Province-level prefixes of mainland China; 81/82/83 are residence permits of Hong Kong, Macao and
# Taiwan residents, 9x the permanent-residence cards of foreigners.
_PROVINCES = frozenset(
    f"{n}"
    for n in (*range(11, 16), *range(21, 24), *range(31, 38), *range(41, 47), *range(50, 55), *range(61, 66))
)
_SPECIAL_PREFIXES = frozenset({"81", "82", "83", *(f"9{n}" for n in range(10))})

# Characters that separate groups of digits when a number is typed or pasted.
_ID_SEPARATORS = frozenset("_./\\|:;,'\"`~·、，。")

_FOREIGN_ID = re.compile(r"[A-Z]{3}[0-9]{12}")
# A foreign permanent-residence number as a whole token: not inside a longer run of letters or digits.
_FOREIGN_ID_TOKEN = re.compile(r"(?<![0-9A-Za-z])[A-Z]{3}[0-9]{12}(?![0-9A-Za-z])")


@dataclass(frozen=True)
class IdCheck:
    """Result of checking a resident ID number: what was understood, and what is wrong with it."""

    normalised: str
    ok: bool
    errors: tuple[str, ...]
    warnings: tuple[str, ...]
    birth_date: date | None
    sex: str | None  # "男" / "女"


@dataclass(frozen=True)
class CodeCheck:
    """Result of checking a unified social credit code."""

    normalised: str
    ok: bool
    errors: tuple[str, ...]
    warnings: tuple[str, ...]


def normalise_id(text: str) -> str:
    """The number as it should be stored: half-width, no spaces or dashes, upper-case letters.

    "４４０１ ０５-１９４９１２３１００２ｘ" becomes "44010519491231002X".
    """
    kept = []
    for char in unicodedata.normalize("NFKC", text):
        category = unicodedata.category(char)
        if char.isspace() or category[0] == "Z" or category in ("Cf", "Cc", "Pd") or char in _ID_SEPARATORS:
            continue
        kept.append(char.upper() if "a" <= char <= "z" else char)
    return "".join(kept)


def resident_id_check_char(first17: str) -> str:
    """The 18th character (校验码) that belongs to the first 17 digits of a resident ID number."""
    if len(first17) != 17 or not first17.isascii() or not first17.isdigit():
        raise ValueError(f"expected 17 digits, got {first17!r}")
    total = sum(int(d) * w for d, w in zip(first17, ID_WEIGHTS))
    return ID_CHECK_CHARS[total % 11]


def credit_code_check_char(first17: str) -> str:
    """The 18th character (校验码) that belongs to the first 17 characters of a credit code."""
    if len(first17) != 17 or any(c not in CREDIT_ALPHABET for c in first17):
        raise ValueError(f"expected 17 characters of {CREDIT_ALPHABET}, got {first17!r}")
    total = sum(CREDIT_ALPHABET.index(c) * w for c, w in zip(first17, CREDIT_WEIGHTS))
    return CREDIT_ALPHABET[(31 - total % 31) % 31]


def _quoted(chars: list[str]) -> str:
    return "".join(f"「{c}」" for c in dict.fromkeys(chars))


def check_resident_id(text: str, today: date | None = None) -> IdCheck:
    """Check a resident ID number (居民身份证号码) as typed.

    Hard rules (errors): 18 characters, digits only with an optional final X, a birth date that exists and
    is not in the future, and the right check character. Only warnings, because the clerk has the card in
    hand: an unknown region code (new codes appear) and a birth date before 1900.
    """
    today = today or date.today()
    number = normalise_id(text)
    errors: list[str] = []
    warnings: list[str] = []
    if not number:
        return IdCheck(number, False, ("请输入身份证号码",), (), None, None)

    bad = [c for c in number if not ("0" <= c <= "9" or c == "X")]
    if bad:
        errors.append(f"身份证号码含有不允许的字符：{_quoted(bad)}（只能是数字，最后一位可以是 X）")
    if "X" in number[:-1]:
        errors.append("X 只能出现在身份证号码的最后一位")
    if len(number) != 18:
        hint = "（15位的旧号码请换算为18位）" if len(number) == 15 else ""
        errors.append(f"身份证号码应为18位，现为{len(number)}位{hint}")

    region = number[:6]
    if len(region) == 6 and region.isdigit():
        prefix = region[:2]
        if prefix not in _PROVINCES and prefix not in _SPECIAL_PREFIXES:
            warnings.append(f"地区码 {prefix} 未知，请核对")

    birth: date | None = None
    digits8 = number[6:14]
    if len(digits8) == 8 and digits8.isdigit():
        try:
            birth = date(int(digits8[:4]), int(digits8[4:6]), int(digits8[6:]))
        except ValueError:
            errors.append(f"出生日期 {digits8} 不存在")
        if birth is not None and birth > today:
            errors.append(f"出生日期 {digits8} 晚于今天（{today:%Y%m%d}），不可能")
            birth = None
        elif birth is not None and birth < EARLIEST_BIRTH:
            # Only a warning: GB 11643-1999's own example 440524188001010014 was born in 1880.
            warnings.append(f"出生日期 {digits8} 早于1900年，请核对")

    sex: str | None = None
    if len(number) >= 17 and number[16].isdigit():
        sex = "男" if int(number[16]) % 2 else "女"

    first17 = number[:17]
    if len(number) == 18 and first17.isascii() and first17.isdigit():
        expected = resident_id_check_char(first17)
        if number[17] != expected:
            errors.append(f"校验位应为 {expected}，输入的是 {number[17]}")

    return IdCheck(number, not errors, tuple(errors), tuple(warnings), birth, sex)


def is_foreign_permanent_id(number: str) -> bool:
    """Whether a normalised number has the shape of a 2017 foreign permanent-residence card's: three
    upper-case letters, then twelve digits."""
    return _FOREIGN_ID.fullmatch(number) is not None


def check_person_id(text: str, today: date | None = None) -> IdCheck:
    """Check the number of a person's card: an 18-character resident ID (or residence permit) exactly as
    ``check_resident_id`` does, or the 15-character number of a 2017 foreign permanent-residence card.

    The foreign number is three letters (the nationality) and twelve digits. Where in them the birth
    date and the check digit stand, and the check digit's rule, are not published to us: nothing is read
    from the digits (no birth date, no sex) and nothing refused for them, and a warning asks the clerk
    to compare the number with the card. A card read gives the birth date from the card itself.
    """
    today = today or date.today()
    number = normalise_id(text)
    if not (len(number) >= 3 and number[:3].isascii() and number[:3].isalpha()):
        return check_resident_id(text, today)
    errors: list[str] = []
    if len(number) != FOREIGN_ID_LENGTH:
        rest = number[3:]
        if rest and not (rest.isascii() and rest.isdigit()):
            return check_resident_id(text, today)  # not the foreign format either: said as for an ID
        length = f"外国人永久居留身份证号码应为15位（3位字母加12位数字），现为{len(number)}位"
        return IdCheck(number, False, (length,), (), None, None)
    digits = number[3:]
    if not (digits.isascii() and digits.isdigit()):
        bad = [c for c in digits if not ("0" <= c <= "9")]
        errors.append(f"外国人永久居留身份证号码第4–15位应为数字，输入中有{_quoted(bad)}")
    return IdCheck(number, not errors, tuple(errors), (FOREIGN_CHECK_UNVERIFIED,), None, None)


def check_credit_code(text: str) -> CodeCheck:
    """Check a unified social credit code (统一社会信用代码) as typed.

    18 characters from the national alphabet (no I, O, S, V, Z); characters 3 to 8 are the region code of
    the registering office and must be digits; the 18th is a check character.
    """
    code = normalise_id(text)
    errors: list[str] = []
    if not code:
        return CodeCheck(code, False, ("请输入统一社会信用代码",), ())

    forbidden = [c for c in code if c in CREDIT_FORBIDDEN_LETTERS]
    if forbidden:
        errors.append(
            f"统一社会信用代码不能包含字母 I、O、S、V、Z（输入中有 {'、'.join(dict.fromkeys(forbidden))}）"
        )
    other = [c for c in code if c not in CREDIT_ALPHABET and c not in CREDIT_FORBIDDEN_LETTERS]
    if other:
        errors.append(f"统一社会信用代码含有不允许的字符：{_quoted(other)}（只能是数字和大写字母）")
    if len(code) != 18:
        errors.append(f"统一社会信用代码应为18位，现为{len(code)}位")
    region = code[2:8]
    if region and not (region.isascii() and region.isdigit()):
        errors.append(f"第3–8位是登记管理机关的行政区划码，应为数字，输入的是 {region}")

    if len(code) == 18 and all(c in CREDIT_ALPHABET for c in code):
        expected = credit_code_check_char(code[:17])
        if code[17] != expected:
            errors.append(f"校验位应为 {expected}，输入的是 {code[17]}")

    return CodeCheck(code, not errors, tuple(errors), ())


def mask_id(number: str) -> str:
    """An ID number or credit code as printed on a receipt: only the first 4 and last 4 characters shown.

    "440105194912311234" becomes "4401**********1234". A number of 8 characters or fewer is masked whole.
    A 2017 foreign permanent-residence number keeps its nationality and last 4: "USA********1015".
    """
    # Stored numbers are already normalised: skip the work (a board masks tens of thousands at once).
    value = (
        number if number.isascii() and number.isalnum() and number.upper() == number else normalise_id(number)
    )
    if len(value) <= 8:
        return "*" * len(value)
    if is_foreign_permanent_id(value):
        return value[:3] + "*" * (len(value) - 7) + value[-4:]
    return value[:4] + "*" * (len(value) - 8) + value[-4:]


_DIGIT_RUN = re.compile(r"[0-9Xx]{18,}")


def _birth_date_is_real(window: str) -> bool:
    """Whether characters 7–14 of an 18-character number are a real date from 1900 to today."""
    try:
        born = date(int(window[6:10]), int(window[10:12]), int(window[12:14]))
    except ValueError:
        return False
    return EARLIEST_BIRTH <= born <= date.today()


def _looks_like_id(window: str, *, strict: bool) -> bool:
    """An 18-character window that is a resident ID (strict: with the right check character), or has
    the shape of one (17 digits, a digit or X, a real birth date) when not strict."""
    if not (window[:17].isdigit() and (window[17].isdigit() or window[17] in "Xx")):
        return False
    if strict:
        return window[17].upper() == resident_id_check_char(window[:17])
    return _birth_date_is_real(window)


def mask_embedded_ids(text: str) -> str:
    """``text`` with every resident-ID-like stretch of 18 characters masked as ``mask_id`` masks an ID.

    Licence numbers are often made from the holder's ID: a 残疾人证 number is the ID followed by two
    digits for the kind and grade of disability ("44010519491231123441" becomes
    "4401**********123441"). A stretch with a correct check character is masked first; then any other
    stretch of 17 digits and a digit or X with a real birth date, so an ID with a slip in its check
    character is hidden too. Other characters are kept as they are. Masking a number that only looks like
    an ID hides a little of a licence number; showing an ID is what must not happen.

    A 2017 foreign permanent-residence number (three upper-case letters and twelve digits, as a whole
    token) is masked too: "持USA318010010015的" becomes "持USA********0015的".
    """
    if len(text) < FOREIGN_ID_LENGTH:
        return text
    text = _FOREIGN_ID_TOKEN.sub(lambda match: mask_id(match.group()), text)
    if len(text) < 18:
        return text
    chars = list(text)
    for run in _DIGIT_RUN.finditer(text):
        free = [True] * len(run.group())  # not yet part of a masked window
        for strict in (True, False):
            value = run.group()
            start = 0
            while start + 18 <= len(value):
                window = value[start : start + 18]
                if all(free[start : start + 18]) and _looks_like_id(window, strict=strict):
                    masked = mask_id(window.upper())
                    chars[run.start() + start : run.start() + start + 18] = masked
                    free[start : start + 18] = [False] * 18
                    start += 18
                else:
                    start += 1
    return "".join(chars)


def _area_code_length(value: str, digits: str) -> int:
    """How many leading characters of a landline ``value`` are its area code (0 when it is none): the
    group before the first separator, or 010 / 02x (three digits) and 0xxx (four) when written as one."""
    if not digits.startswith("0") or not 10 <= len(digits) <= 12:
        return 0
    head = re.match(r"\(?(0\d{2,3})\)?(?=[\s\-)－])", value)
    if head:
        return head.end()
    return 3 if digits[1] in "12" else 4


def mask_phone(text: str) -> str:
    """A phone number as printed on a receipt.

    A mobile number keeps its first 3 and last 4 digits ("138****5678"); a landline keeps its area code
    (a public fact that tells the applicant which number it is) and its last 4 digits ("0755-****0000");
    any other number keeps only its last 4 digits. Separators stay where they were.
    """
    if len(text) == 11 and text.isascii() and text.isdigit() and text.startswith("1"):
        return text[:3] + "****" + text[7:]  # the usual case: a stored mobile number
    value = unicodedata.normalize("NFKC", text).strip()
    digits = "".join(c for c in value if c.isascii() and c.isdigit())
    if len(digits) == 13 and digits.startswith("86") and value.lstrip("+").startswith("86"):
        digits = digits[2:]
    if len(digits) == 11 and digits.startswith("1"):
        return digits[:3] + "****" + digits[7:]
    area = _area_code_length(value, digits)
    shown = 4
    masked = []
    for index, char in enumerate(reversed(value)):
        if len(value) - index <= area:
            masked.append(char)
            continue
        if char.isascii() and char.isdigit():
            masked.append(char if shown > 0 else "*")
            shown -= 1
        else:
            masked.append(char)
    return "".join(reversed(masked))


_MOBILE = re.compile(r"1\d{10}")
_LANDLINE = re.compile(r"0\d{2,3}-?[2-9]\d{6,7}(-\d{1,6})?")


def phone_problem(text: str) -> str | None:
    """What is wrong with a contact phone number, or None if it looks right.

    Accepted: an 11-digit mobile number starting with 1 (an optional +86 in front), or a landline with its
    area code, with or without a dash: 0755-84900000, 075584900000, 010-62345678.
    """
    value = unicodedata.normalize("NFKC", text)
    value = re.sub(r"[\s()（）]", "", value).replace("—", "-").replace("–", "-")
    if not value:
        return "请输入联系电话"
    value = value.removeprefix("+86")
    if not re.fullmatch(r"[\d-]+", value):
        return "电话号码只能包含数字和连字符 -"
    digits = value.replace("-", "")
    if _MOBILE.fullmatch(value) or _LANDLINE.fullmatch(value):
        return None
    if value.startswith("1"):
        return f"手机号码应为11位数字，现为{len(digits)}位"
    if not value.startswith("0"):
        return "固定电话请带区号，如 0755-84900000"
    return "固定电话应为区号加7–8位号码，如 0755-84900000"


# --- names -----------------------------------------------------------------------------------------

_MIDDLE_DOT = "·"
_DOT_VARIANTS = "・•．･‧∙⋅"  # U+30FB U+2022 U+FF0E U+FF65 U+2027 U+2219 U+22C5
_HAN_RANGES = (
    (0x3400, 0x4DBF),  # Extension A
    (0x4E00, 0x9FFF),  # Unified ideographs
    (0xF900, 0xFAFF),  # Compatibility ideographs
    (0x20000, 0x2FA1F),  # Extensions B–F, I and the compatibility supplement (outside the BMP)
    (0x30000, 0x323AF),  # Extensions G, H
)


def _is_han(char: str) -> bool:
    code = ord(char)
    return char == "〇" or any(low <= code <= high for low, high in _HAN_RANGES)


def _is_latin_letter(char: str) -> bool:
    return unicodedata.category(char).startswith("L") and "LATIN" in unicodedata.name(char, "")


def normalise_person_name(name: str) -> str:
    """A name as it should be stored.

    Trims and collapses spaces (also the full-width space), turns the look-alike dots typed between the
    parts of a name (・ • ．) into the middle dot ·, drops spaces around it and between Chinese characters,
    and turns full-width latin letters into ordinary ones.
    """
    chars = []
    for char in name:
        if "\uff01" <= char <= "\uff5e" and char != "．":
            char = unicodedata.normalize("NFKC", char)
        elif char in _DOT_VARIANTS:
            char = _MIDDLE_DOT
        elif char.isspace():
            char = " "
        chars.append(char)
    value = re.sub(r" +", " ", "".join(chars)).strip()
    value = re.sub(r" ?· ?", _MIDDLE_DOT, value)
    # Chinese names never contain spaces: "张 三" is "张三". Latin names keep theirs.
    parts = value.split(" ")
    joined = parts[0]
    for part in parts[1:]:
        if joined and part and _is_han(joined[-1]) and _is_han(part[0]):
            joined += part
        else:
            joined += " " + part
    return joined


def validate_person_name(name: str) -> list[str]:
    """Everything wrong with an applicant's name; an empty list means it may be used.

    The name is normalised first (see normalise_person_name). Allowed: Chinese characters (also rare ones
    outside the Basic Multilingual Plane such as 𠮷), the middle dot · between parts of a name, latin
    letters and spaces for foreigners. At most 50 characters.
    """
    value = normalise_person_name(name)
    if not value:
        return ["姓名不能为空"]
    errors: list[str] = []
    if len(value) > MAX_NAME_LENGTH:
        errors.append(f"姓名不能超过{MAX_NAME_LENGTH}个字，现为{len(value)}个字")
    digits = [c for c in value if unicodedata.category(c) == "Nd"]
    if digits:
        errors.append(f"姓名不能包含数字：{_quoted(digits)}")
    symbols = [
        c
        for c in value
        if not (
            _is_han(c) or _is_latin_letter(c) or c in (" ", _MIDDLE_DOT) or unicodedata.category(c) == "Nd"
        )
    ]
    if symbols:
        errors.append(f"姓名不能包含符号：{_quoted(symbols)}（只能是汉字、间隔号 ·、外文字母和空格）")
    if value.startswith(_MIDDLE_DOT) or value.endswith(_MIDDLE_DOT):
        errors.append("间隔号 · 只能在姓名中间")
    if _MIDDLE_DOT * 2 in value:
        errors.append("间隔号 · 不能连续出现")
    return errors


def mask_email(email: str) -> str:
    """An e-mail address as printed and shown: the first character of its name and the whole domain
    (``zhangsan@qq.com`` → ``z***@qq.com``); without an ``@`` every character is hidden."""
    name, at, domain = email.strip().partition("@")
    if not at:
        return "*" * len(name)
    return f"{name[:1]}***@{domain}"
