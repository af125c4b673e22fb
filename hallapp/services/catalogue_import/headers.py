"""Header rows of Excel implementation lists (实施清单): columns are found by their name, never by position.

Every vendor writes the header a little differently: 实施编码 or 事项编码, 承诺办结时限（工作日）, 原件份数（份）,
"*事项名称" for a required column, a line break inside a cell. ``normalise_header`` reduces such a text to a
plain key, and each known column lists its common names. A header nobody knows is kept as an extra column
(its values travel with the matter, so an export gives them back) and is reported once.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field

__all__ = [
    "IGNORED_MATTER_HEADERS",
    "MATERIAL_COLUMNS",
    "MATTER_COLUMNS",
    "Column",
    "HeaderMatch",
    "match_headers",
    "normalise_header",
]


@dataclass(frozen=True)
class Column:
    """One known column: its key in the code, the header the app writes, the other names it goes by."""

    key: str
    label: str
    variants: tuple[str, ...] = ()
    required: bool = False
    help: str = ""

    @property
    def names(self) -> tuple[str, ...]:
        return (self.label, *self.variants)


MATTER_COLUMNS: tuple[Column, ...] = (
    Column(
        "code",
        "实施编码",
        ("事项编码", "事项实施编码", "实施清单编码", "事项代码"),
        True,
        "事项的实施编码，原样保存，在本表中唯一；材料表以它对应事项",
    ),
    Column(
        "name",
        "事项名称",
        ("实施清单名称", "事项实施名称", "服务事项名称", "实施事项名称"),
        True,
        "事项名称，如 创业培训补贴申领",
    ),
    Column(
        "department",
        "实施主体",
        ("实施机构", "实施部门", "实施主体名称", "办理部门", "部门名称", "部门", "受理部门"),
        True,
        "实施主体（部门）全称",
    ),
    Column(
        "department_code",
        "实施主体编码",
        (
            "实施主体代码",
            "实施机构编码",
            "实施主体统一社会信用代码",
            "统一社会信用代码",
            "部门编码",
            "部门代码",
        ),
        False,
        "实施主体的统一社会信用代码",
    ),
    Column(
        "matter_type",
        "事项类型",
        ("事项类别", "权力类型", "事项类型名称"),
        False,
        "行政许可、行政确认、行政给付、行政裁决、行政奖励、其他行政权力、公共服务，或代码表中的代码",
    ),
    Column(
        "applicant_types",
        "服务对象",
        ("办理对象", "面向对象", "服务对象类型"),
        False,
        "自然人、法人（可同时填写，用顿号分隔），或代码表中的代码",
    ),
    Column("kind", "办件类型", ("办理类型", "办件类别"), False, "即办件 或 承诺件"),
    Column(
        "statutory_limit",
        "法定办结时限",
        ("法定时限", "法定期限", "法定办理时限"),
        False,
        "工作日数；0 表示法律未规定",
    ),
    Column(
        "promised_limit",
        "承诺办结时限",
        ("承诺时限", "承诺期限", "承诺办理时限"),
        False,
        "工作日数；即办件为 0",
    ),
    Column("conditions", "受理条件", ("申请条件", "办理条件", "受理标准"), False, "受理条件"),
    Column("legal_basis", "设定依据", ("法律依据", "实施依据", "办理依据"), False, "设定依据，可多行"),
    Column("procedure", "办理流程", ("办事流程", "办理程序", "流程"), False, "办理流程，每步一行"),
    Column(
        "fees",
        "收费标准",
        ("收费依据及标准", "收费情况", "收费项目及标准"),
        False,
        "收费标准；不收费的写 不收费",
    ),
    Column("is_fee", "是否收费", (), False, "是 或 否；只有“否”而没有收费标准时记为 不收费"),
    Column("place", "办理地点", ("受理地点", "办公地点", "办事地点"), False, "办理地点"),
    Column("hours", "办公时间", ("办理时间", "受理时间", "工作时间"), False, "办公时间"),
    Column("windows", "窗口", ("办理窗口", "受理窗口", "窗口名称"), False, "办理窗口"),
    Column(
        "phone", "咨询电话", ("咨询方式", "咨询", "联系电话"), False, "咨询电话，多个用顿号分隔，须带区号"
    ),
    Column(
        "complaint_phone",
        "监督投诉电话",
        ("投诉电话", "监督电话", "监督投诉方式", "投诉方式"),
        False,
        "监督投诉电话，多个用顿号分隔",
    ),
    Column(
        "online_url",
        "网办地址",
        ("网上办理地址", "在线办理地址", "网办链接", "网上办理链接"),
        False,
        "网上办理地址（可空）",
    ),
    Column("visits", "到现场次数", ("到办事现场次数", "跑动次数", "最多跑动次数"), False, "0、1 或 2"),
    Column("deferrable", "是否容缺", ("容缺受理", "是否容缺受理", "容缺"), False, "是 或 否"),
    Column(
        "max_deferred",
        "容缺上限",
        ("容缺材料上限", "最多容缺项数", "容缺上限项数"),
        False,
        "最多可容缺的材料项数；0 表示不另设上限",
    ),
    Column("instant_approval", "是否秒批", ("秒批",), False, "是 或 否"),
    Column(
        "delegated",
        "就近办",
        ("是否就近办", "是否下放", "下放社区"),
        False,
        "是否下放党群服务中心办理：是 或 否",
    ),
    Column(
        "situations",
        "办理情形",
        ("情形",),
        False,
        "每行一个情形：情形编码：问题，如 agent：是否由代理人办理？",
    ),
)

MATERIAL_COLUMNS: tuple[Column, ...] = (
    Column(
        "code",
        "实施编码",
        ("事项编码", "事项实施编码", "实施清单编码", "事项代码"),
        True,
        "材料所属事项的实施编码（与事项表一致）",
    ),
    Column("name", "材料名称", ("申请材料名称", "申请材料"), True, "材料名称，在同一事项内唯一"),
    Column("form", "材料形式", ("材料类型", "提交形式"), False, "纸质、电子、纸质和电子，或代码表中的代码"),
    Column("originals", "原件份数", ("原件数量", "原件"), False, "原件份数，0 表示不需要"),
    Column(
        "original_handling", "原件处理", ("原件收验", "原件验收方式"), False, "验（核验后退还）或 收（收取）"
    ),
    Column("copies", "复印件份数", ("复印件数量", "复印件"), False, "复印件份数，0 表示不需要"),
    Column(
        "necessity",
        "必要性",
        ("是否必要", "是否必需", "必要性及描述"),
        False,
        "必要、非必要（或代码表中的代码；容缺后补的代码记为必要并可容缺）",
    ),
    Column("deferrable", "是否容缺", ("容缺", "可容缺"), False, "是 或 否；主件不能容缺"),
    Column(
        "source",
        "来源渠道",
        ("材料来源", "来源", "来源渠道说明"),
        False,
        "申请人自备、政府部门核发 …，或代码表中的代码",
    ),
    Column("fill_notes", "填报须知", ("填写说明", "填报说明", "填写须知"), False, "填报须知"),
    Column("review_notes", "受理标准", ("审查要点", "审查标准", "受理要求"), False, "受理标准 / 审查要点"),
    Column("remark", "备注", ("说明",), False, "备注"),
    Column("order", "排序", ("序号", "顺序", "排列顺序"), False, "同一事项内材料的顺序（数字），空则按行序"),
    Column(
        "licence_type",
        "电子证照类型",
        ("电子证照", "关联电子证照", "证照类型"),
        False,
        "关联的电子证照类型名称或编码；查到申请人的证照即免提交纸质材料",
    ),
    Column(
        "owner",
        "所属人",
        ("材料所属人", "材料归属"),
        False,
        "申请人、配偶、子女、父母、监护人、家庭成员、代理人、法定代表人、其他当事人，多个用顿号分隔",
    ),
    Column("when", "适用情形", ("适用情形编码",), False, "情形编码：该情形答“是”时才要此材料"),
    Column("when_not", "不适用情形", ("不适用情形编码",), False, "情形编码：该情形答“否”时才要此材料"),
)

_SPACE = re.compile(r"\s+")
_BRACKETED = re.compile(r"[(\[【〔<《][^()\[\]【】〔〕<>《》]*[)\]】〕>》]")
_NOISE = re.compile(r"^[*#]+|[*#:：]+$|^必填|必填$|^选填|选填$")


def normalise_header(text: object) -> str:
    """A header cell as a plain key: full-width forms folded, whitespace, asterisks and bracketed
    notes such as （份）, (工作日), （必填） removed. ``None`` and blanks give ""."""
    if text is None:
        return ""
    plain = unicodedata.normalize("NFKC", str(text))
    plain = _SPACE.sub("", plain).lower()
    previous = None
    while previous != plain:
        previous = plain
        plain = _NOISE.sub("", plain)
    bare = _BRACKETED.sub("", plain)
    return bare or plain


@dataclass
class HeaderMatch:
    """Which column of a sheet holds which known field (0-based indexes)."""

    columns: dict[str, int] = field(default_factory=dict)
    labels: dict[str, str] = field(default_factory=dict)  # key -> the header as written
    extras: dict[int, str] = field(default_factory=dict)  # index -> header as written, for unknown ones
    duplicates: list[tuple[str, int]] = field(default_factory=list)  # (header as written, index)
    missing: list[Column] = field(default_factory=list)  # required columns not found

    @property
    def complete(self) -> bool:
        """Every required column is there."""
        return not self.missing


def _lookup(columns: Sequence[Column]) -> dict[str, Column]:
    table: dict[str, Column] = {}
    for column in columns:
        for name in column.names:
            table.setdefault(normalise_header(name), column)
    return table


_LOOKUPS: dict[tuple[Column, ...], dict[str, Column]] = {}


IGNORED_MATTER_HEADERS = frozenset({"序号", "行号"})  # a row's position: says nothing about the matter


def match_headers(
    cells: Sequence[object], columns: Sequence[Column], *, ignored: frozenset[str] = frozenset()
) -> HeaderMatch:
    """Find the known columns in a header row; the first of two columns of the same meaning wins.

    Headers in ``ignored`` (normalised) are neither fields nor extras: they are left out silently."""
    known = tuple(columns)
    table = _LOOKUPS.get(known)
    if table is None:
        table = _LOOKUPS[known] = _lookup(known)
    match = HeaderMatch()
    for index, cell in enumerate(cells):
        key = normalise_header(cell)
        if not key or key in ignored:
            continue
        written = str(cell).strip()
        column = table.get(key)
        if column is None:
            match.extras[index] = written
        elif column.key in match.columns:
            match.duplicates.append((written, index))
        else:
            match.columns[column.key] = index
            match.labels[column.key] = written
    match.missing = [c for c in columns if c.required and c.key not in match.columns]
    return match
