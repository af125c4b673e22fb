"""Decode the 256-byte base message (基本信息) the security module reads from a card.

The message is UCS-2 little-endian text in fixed fields padded with spaces. Three layouts exist; the card
type marker (证件类型标识) at byte 248 tells them apart: a space on the resident ID card (GA 467 / GB/T
layout), ``J`` on the residence permit for Hong Kong, Macao and Taiwan residents, ``I`` on the foreign
permanent-residence card of 2017. The 2023 foreign card (marker ``Y``) has another layout and is refused
plainly rather than guessed at.

Field sizes in bytes, in order (each as the vendors' SDK manuals give them):

- resident card: name 30, sex 2, ethnicity 4, birth 16, address 70, ID number 36, authority 30,
  valid-from 16, valid-until 16, reserved 36;
- HK/Macao/Taiwan permit: name 30, sex 2, reserved 4, birth 16, address 70, ID number 36, authority 30,
  valid-from 16, valid-until 16, pass number 18, issue count 4, reserved 6, marker 2, reserved 6;
- foreign card (2017): English name 120, sex 2, card number 30, nationality 6, Chinese name 30,
  valid-from 16, valid-until 16, birth 16, card version 4, authority code 8, marker 2, reserved 6.

Codes: sex by GB/T 2261.1, ethnicity by GB/T 3304 (01–56 and 97/98).
"""

from __future__ import annotations

import unicodedata
from datetime import date

from hallapp.devices.card import BadFrame, CardData, CardKind

BASE_MESSAGE_SIZE = 256
MARKER_OFFSET = 248

SEXES = {"0": "未知", "1": "男", "2": "女", "9": "未说明"}

ETHNICITIES = {
    f"{number:02d}": name
    for number, name in enumerate(
        [
            "汉族",
            "蒙古族",
            "回族",
            "藏族",
            "维吾尔族",
            "苗族",
            "彝族",
            "壮族",
            "布依族",
            "朝鲜族",
            "满族",
            "侗族",
            "瑶族",
            "白族",
            "土家族",
            "哈尼族",
            "哈萨克族",
            "傣族",
            "黎族",
            "傈僳族",
            "佤族",
            "畲族",
            "高山族",
            "拉祜族",
            "水族",
            "东乡族",
            "纳西族",
            "景颇族",
            "柯尔克孜族",
            "土族",
            "达斡尔族",
            "仫佬族",
            "羌族",
            "布朗族",
            "撒拉族",
            "毛南族",
            "仡佬族",
            "锡伯族",
            "阿昌族",
            "普米族",
            "塔吉克族",
            "怒族",
            "乌孜别克族",
            "俄罗斯族",
            "鄂温克族",
            "德昂族",
            "保安族",
            "裕固族",
            "京族",
            "塔塔尔族",
            "独龙族",
            "鄂伦春族",
            "赫哲族",
            "门巴族",
            "珞巴族",
            "基诺族",
        ],
        start=1,
    )
} | {"97": "其他", "98": "外国血统中国籍人士"}

_RESIDENT = (
    ("name", 30),
    ("sex", 2),
    ("ethnicity", 4),
    ("birth", 16),
    ("address", 70),
    ("id_number", 36),
    ("authority", 30),
    ("valid_from", 16),
    ("valid_until", 16),
    ("reserved", 36),
)
_HMT_PERMIT = (
    ("name", 30),
    ("sex", 2),
    ("reserved1", 4),
    ("birth", 16),
    ("address", 70),
    ("id_number", 36),
    ("authority", 30),
    ("valid_from", 16),
    ("valid_until", 16),
    ("pass_number", 18),
    ("issue_count", 4),
    ("reserved2", 6),
    ("marker", 2),
    ("reserved3", 6),
)
_FOREIGN = (
    ("english_name", 120),
    ("sex", 2),
    ("id_number", 30),
    ("nationality", 6),
    ("name", 30),
    ("valid_from", 16),
    ("valid_until", 16),
    ("birth", 16),
    ("version", 4),
    ("authority", 8),
    ("marker", 2),
    ("reserved", 6),
)


_UNCHECKED = ("reserved", "marker")  # filler the decoder never shows


def _fields(text: bytes, layout: tuple[tuple[str, int], ...]) -> dict[str, str]:
    """The layout's fields as text. A control or format character inside a field shown to the clerk and
    on the facing screen (an escape, a direction override) is a bad frame, not a name; a rare character
    in the private-use area (生僻字 of some security modules) is kept."""
    values: dict[str, str] = {}
    offset = 0
    for name, size in layout:
        raw = text[offset : offset + size]
        offset += size
        try:
            value = raw.decode("utf-16-le").strip(" \x00\u3000")
        except UnicodeDecodeError as error:
            raise BadFrame(f"读卡器送来的证件信息无法识别（{name} 字段不是文字）：请重新读卡。") from error
        if not name.startswith(_UNCHECKED) and any(
            unicodedata.category(char) in ("Cc", "Cf") for char in value
        ):
            raise BadFrame(f"读卡器送来的证件信息含有控制字符（{name} 字段）：请重新读卡，仍不行请手工录入。")
        values[name] = value
    return values


def _day(value: str, what: str, *, open_end: bool = False) -> date | None:
    if open_end and value == "长期":
        return None
    if len(value) == 8 and value.isdigit():
        try:
            return date(int(value[:4]), int(value[4:6]), int(value[6:]))
        except ValueError:
            pass
    raise BadFrame(f"读卡器送来的{what}“{value}”不是日期：请重新读卡。")


def _required_day(value: str, what: str) -> date:
    day = _day(value, what)
    assert day is not None
    return day


def card_kind(text: bytes) -> CardKind:
    """Which card the message is from, by its marker; raises ``BadFrame`` for one it cannot decode."""
    if len(text) != BASE_MESSAGE_SIZE:
        raise BadFrame(f"读卡器送来的证件信息长度不对（{len(text)} 字节，应为 256）：请重新读卡。")
    marker = text[MARKER_OFFSET : MARKER_OFFSET + 2].decode("utf-16-le", errors="replace")
    if marker == "J":
        return CardKind.HMT_PERMIT
    if marker == "I":
        return CardKind.FOREIGN_PERMANENT
    if marker == "Y":
        raise BadFrame("这是 2023 版外国人永久居留身份证，本机尚不能识读：请手工录入。")
    if marker in (" ", "\x00"):
        return CardKind.RESIDENT
    raise BadFrame(f"读卡器送来的证件类型“{marker}”无法识别：请手工录入。")


def decode_base_message(text: bytes) -> CardData:
    """The card's fields from its 256-byte base message; ``BadFrame`` when it is not one."""
    kind = card_kind(text)
    if kind is CardKind.FOREIGN_PERMANENT:
        return _foreign(_fields(text, _FOREIGN))
    values = _fields(text, _HMT_PERMIT if kind is CardKind.HMT_PERMIT else _RESIDENT)
    ethnicity = ""
    if kind is CardKind.RESIDENT:
        code = values["ethnicity"]
        if code not in ETHNICITIES:
            raise BadFrame(f"读卡器送来的民族代码“{code}”不在国家标准中：请重新读卡。")
        ethnicity = ETHNICITIES[code]
    if not values["name"] or not values["id_number"]:
        raise BadFrame("读卡器送来的证件信息缺少姓名或证件号码：请重新读卡。")
    return CardData(
        kind=kind,
        name=values["name"],
        sex=_sex(values["sex"]),
        ethnicity=ethnicity,
        birth_date=_required_day(values["birth"], "出生日期"),
        address=values["address"],
        id_number=values["id_number"].upper(),
        issuing_authority=values["authority"],
        valid_from=_required_day(values["valid_from"], "有效期起始日期"),
        valid_until=_day(values["valid_until"], "有效期截止日期", open_end=True),
        pass_number=values.get("pass_number", ""),
        issue_count=values.get("issue_count", ""),
    )


def _sex(code: str) -> str:
    if code not in SEXES:
        raise BadFrame(f"读卡器送来的性别代码“{code}”不在国家标准中：请重新读卡。")
    return SEXES[code]


def _foreign(values: dict[str, str]) -> CardData:
    name = values["name"] or values["english_name"]
    if not name or not values["id_number"]:
        raise BadFrame("读卡器送来的证件信息缺少姓名或证件号码：请重新读卡。")
    return CardData(
        kind=CardKind.FOREIGN_PERMANENT,
        name=name,
        sex=_sex(values["sex"]),
        ethnicity="",
        birth_date=_required_day(values["birth"], "出生日期"),
        address="",
        id_number=values["id_number"].upper(),
        issuing_authority=values["authority"],
        valid_from=_required_day(values["valid_from"], "有效期起始日期"),
        valid_until=_day(values["valid_until"], "有效期截止日期", open_end=True),
        english_name=values["english_name"],
        nationality=values["nationality"],
    )
