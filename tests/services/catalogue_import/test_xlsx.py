"""Excel implementation lists read into guides: headers by name in any order, variants, code styles,
merged cells, formulas, a broken row, extra columns kept."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from openpyxl import Workbook

from hallapp.domain.catalogue import (
    ApplicantType,
    Department,
    LicenceType,
    MaterialOwner,
    MatterType,
    OriginalHandling,
)
from hallapp.services.catalogue_import.mapping import NATIONAL_MAPPING_FILE, load_mapping
from hallapp.services.catalogue_import.xlsx import parse_xlsx

CODE_A = "11440310MB2C01234A4440310001000"  # 31 characters: credit code, level, basic code
CODE_B = "11440310MB2C02345B4440310002000"
RSJ = Department("rsj", "深圳市坪山区人力资源局", "区人力资源局", "11440310MB2C01234A")
ID_CARD = LicenceType("resident_id_card", "居民身份证")

# A vendor's matters sheet: its own order, variant names, notes in brackets, a required asterisk,
# national codes written as numbers, one column nobody knows.
MATTER_HEADER = [
    "序号",
    "*事项名称",
    "事项编码",
    "实施机构",
    "实施主体编码",
    "事项类型",
    "服务对象",
    "办件类型\n(即办件/承诺件)",
    "法定办结时限（工作日）",
    "承诺时限",
    "受理条件",
    "设定依据",
    "办理流程",
    "是否收费",
    "办理地点",
    "办理时间",
    "办理窗口",
    "咨询方式",
    "监督投诉电话",
    "网上办理地址",
    "到现场次数",
    "是否容缺",
    "容缺上限",
    "秒批",
    "就近办",
    "行使层级",
]
MATERIAL_HEADER = [
    "材料名称",
    "实施编码",
    "必要性",
    "原件份数（份）",
    "复印件份数（份）",
    "材料形式",
    "来源渠道",
    "是否容缺",
    "受理标准",
    "排序",
    "电子证照类型",
    "所属人",
    "页面规格",
]


def matter_row(**cells: object) -> list[object]:
    base: dict[str, object] = {
        "序号": 1,
        "*事项名称": "创业培训补贴申领",
        "事项编码": CODE_A,
        "实施机构": "深圳市坪山区人力资源局",
        "实施主体编码": "11440310MB2C01234A",
        "事项类型": 5,  # 05 行政给付, typed as a number
        "服务对象": "1,2",
        "办件类型\n(即办件/承诺件)": "承诺件",
        "法定办结时限（工作日）": "20",  # a number as text
        "承诺时限": "10个工作日",
        "受理条件": "  1. 参加创业培训并取得合格证书；\n2. 培训结束 12 个月内申请。 ",
        "设定依据": "《就业促进法》",
        "办理流程": "1. 申请\n2. 受理",
        "是否收费": "否",
        "办理地点": "坪山区行政服务大厅一楼",
        "办理时间": "周一至周五 9:00-12:00",
        "办理窗口": "A01",
        "咨询方式": "0755-84901234",
        "监督投诉电话": "12345",
        "网上办理地址": "https://www.gdzwfw.gov.cn/a",
        "到现场次数": 1,
        "是否容缺": "是",
        "容缺上限": 1,
        "秒批": "否",
        "就近办": 0,
        "行使层级": "区级",
    }
    base.update(cells)
    return [base[h] for h in MATTER_HEADER]


def material_row(**cells: object) -> list[object]:
    base: dict[str, object] = {
        "材料名称": "居民身份证",
        "实施编码": CODE_A,
        "必要性": 1,
        "原件份数（份）": 1,
        "复印件份数（份）": "1",
        "材料形式": 1,
        "来源渠道": "20",
        "是否容缺": "否",
        "受理标准": "人证一致",
        "排序": 1,
        "电子证照类型": "居民身份证",
        "所属人": "申请人",
        "页面规格": "A4",
    }
    base.update(cells)
    return [base[h] for h in MATERIAL_HEADER]


def build(path: Path, matters: list[list[object]], materials: list[list[object]]) -> Path:
    """Materials first, matters second, neither sheet named as the app names them."""
    book = Workbook()
    sheet = book.active
    sheet.title = "Sheet1"
    sheet.append(["坪山区申请材料清单（2026 年 9 月）"])  # a title above the header row
    sheet.append(MATERIAL_HEADER)
    for row in materials:
        sheet.append(row)
    other = book.create_sheet("导出数据")
    other.append(MATTER_HEADER)
    for row in matters:
        other.append(row)
    for _ in range(5):
        other.append([None] * len(MATTER_HEADER))  # trailing empty rows
    book.save(path)
    return path


def parse(path: Path, **kwargs: object):  # type: ignore[no-untyped-def]
    return parse_xlsx(path, departments=[RSJ], licence_types=[ID_CARD], **kwargs)  # type: ignore[arg-type]


def test_a_vendor_list_is_read_by_header_names_in_any_order(tmp_path: Path) -> None:
    path = build(
        tmp_path / "清单.xlsx",
        [matter_row()],
        [
            material_row(),
            material_row(
                材料名称="创业培训合格证书", 必要性="2", 排序=3, 电子证照类型=None, 所属人=None, 是否容缺="是"
            ),
            material_row(材料名称="申请表", 排序=2, 电子证照类型=None, 来源渠道="申请人自备（窗口领取）"),
        ],
    )
    result = parse(path)
    assert result.format == "xlsx"
    [guide] = result.source.guides
    assert guide.code == CODE_A and guide.name == "创业培训补贴申领"
    assert guide.department == RSJ  # found by its credit code among the hall's own
    assert guide.matter_type is MatterType.BENEFIT
    assert guide.applicant_types == (ApplicantType.PERSON, ApplicantType.ORGANISATION)
    assert (guide.statutory_limit_days, guide.promised_limit_days, guide.on_the_spot) == (20, 10, False)
    assert guide.conditions == "1. 参加创业培训并取得合格证书；\n2. 培训结束 12 个月内申请。"
    assert guide.fees == "不收费"
    assert guide.phones == ("0755-84901234", "12345")
    assert guide.deferrable and guide.max_deferred == 1 and not guide.instant_approval and not guide.delegated
    assert [m.name for m in guide.materials] == ["居民身份证", "申请表", "创业培训合格证书"]  # by 排序
    card, form, certificate = guide.materials
    assert (card.originals, card.copies, card.required, card.deferrable) == (1, 1, True, False)
    assert card.original_handling is OriginalHandling.INSPECT
    assert card.source == "政府部门核发" and card.notes == "人证一致"
    assert (card.licence_type_code, card.licence_type_name) == ("resident_id_card", "居民身份证")
    assert card.owner == (MaterialOwner.APPLICANT,)
    assert form.source == "申请人自备（窗口领取）"  # words, not a code: kept as written
    assert not certificate.required and certificate.deferrable
    extras = result.extras[CODE_A]["xlsx"]
    assert extras["matter"] == {"行使层级": "区级"}  # 序号 is a row's position: dropped
    assert extras["materials"]["居民身份证"] == {"页面规格": "A4", "材料形式": "1"}
    infos = [str(p) for p in result.problems]
    assert sorted(m for m in infos if "未识别的列" in m) == [
        "清单.xlsx，Sheet1 第 2 行：材料表中有未识别的列：M 列「页面规格」；其内容已原样保留（导出时带回），未导入指南",
        "清单.xlsx，导出数据 第 1 行：事项表中有未识别的列：Z 列「行使层级」；其内容已原样保留（导出时带回），未导入指南",
    ]  # once per sheet, not once per row
    assert not result.unknown_codes


def test_the_other_code_style_is_read_with_a_vendor_mapping(tmp_path: Path) -> None:
    vendor = load_mapping(NATIONAL_MAPPING_FILE.parent / "vendor_0123.toml")
    path = build(
        tmp_path / "v.xlsx",
        [matter_row(事项类型="05")],
        [material_row(必要性=0, 电子证照类型=None), material_row(材料名称="申请表", 必要性="1")],
    )
    [guide] = parse(path, mapping=vendor).source.guides
    assert guide.matter_type is MatterType.BENEFIT
    assert [m.required for m in guide.materials] == [False, True]


def test_unknown_codes_are_reported_with_sheet_row_column_and_value(tmp_path: Path) -> None:
    path = build(
        tmp_path / "u.xlsx", [matter_row(事项类型="77", 服务对象="1、火星人")], [material_row(必要性=9)]
    )
    result = parse(path)
    messages = [str(p) for p in result.unknown_codes]
    assert any(
        m.startswith("u.xlsx，导出数据 第 2 行，字段 F 列（事项类型）（值「77」）：") for m in messages
    )
    assert any("字段 G 列（服务对象）（值「火星人」）" in m for m in messages)
    assert any("Sheet1 第 3 行，字段 C 列（必要性）（值「9」）" in m for m in messages)
    [guide] = result.source.guides
    assert guide.applicant_types == (ApplicantType.PERSON,)


def test_a_broken_row_is_a_problem_and_the_rest_is_read(tmp_path: Path) -> None:
    path = build(
        tmp_path / "b.xlsx",
        [
            matter_row(承诺时限="十天"),
            matter_row(事项编码=None, **{"*事项名称": "无编码事项"}),
            matter_row(事项编码=CODE_B, **{"*事项名称": "失业登记"}),
            matter_row(事项编码=CODE_B, **{"*事项名称": "重复的失业登记"}),
        ],
        [material_row(), material_row(实施编码=CODE_B), material_row(实施编码="NOPE", 材料名称="孤儿材料")],
    )
    result = parse(path)
    assert [g.code for g in result.source.guides] == [CODE_A, CODE_B]
    messages = [str(p) for p in result.problems]
    assert any("第 2 行，字段 J 列（承诺时限）（值「十天」）：应为整数" in m for m in messages)
    assert any("第 3 行" in m and "此行未导入" in m for m in messages)
    assert any("第 5 行，字段 C 列（事项编码）" in m and "重复" in m for m in messages)
    assert any("Sheet1 第 5 行" in m and "NOPE" in m and "事项表中没有" in m for m in messages)


def test_a_missing_required_header_names_the_sheet_and_the_header(tmp_path: Path) -> None:
    book = Workbook()
    sheet = book.active
    sheet.title = "事项"
    sheet.append(["事项名称", "事项编码", "承诺时限"])  # no 实施主体
    sheet.append(["创业培训补贴申领", CODE_A, 10])
    book.save(tmp_path / "m.xlsx")
    result = parse(tmp_path / "m.xlsx")
    assert result.source.guides == []
    messages = [str(p) for p in result.problems]
    assert any("事项 第 1 行" in m and "缺少必需的列「实施主体」" in m and "实施机构" in m for m in messages)


def test_merged_cells_formulas_and_dates(tmp_path: Path) -> None:
    book = Workbook()
    matters = book.active
    matters.append(["事项名称", "实施编码", "实施主体", "实施主体编码", "服务对象", "网办地址", "承诺办结时限",
                    "法定办结时限", "办公时间", "设定依据"])  # fmt: skip
    matters.append(["创业培训补贴申领", CODE_A, "深圳市坪山区人力资源局", "11440310MB2C01234A", "自然人",
                    '=HYPERLINK("https://www.gdzwfw.gov.cn/x","点击办理")', "=5+5", 20,
                    datetime(2026, 9, 20), "=#REF!"])  # fmt: skip
    materials = book.create_sheet("材料")
    materials.append(["实施编码", "材料名称", "原件份数", "复印件份数"])
    materials.append([CODE_A, "居民身份证", 1, 1])
    materials.append([None, "户口簿", 1, 0])
    materials.append([None, "申请表", 1, 0])
    materials.merge_cells("A2:A4")  # the matter's code once for its three materials
    book.save(tmp_path / "f.xlsx")
    result = parse(tmp_path / "f.xlsx")
    [guide] = result.source.guides
    assert [m.name for m in guide.materials] == ["居民身份证", "户口簿", "申请表"]
    assert guide.online_url == "https://www.gdzwfw.gov.cn/x"  # the address, never the words "点击办理"
    assert guide.hours == "2026-09-20"
    assert guide.promised_limit_days == 0  # never computed by Excel: reported, not guessed
    messages = [str(p) for p in result.problems]
    assert any("G 列（承诺办结时限）" in m and "公式没有已计算的结果" in m for m in messages)
    assert any("J 列（设定依据）" in m for m in messages)


def test_a_cached_formula_result_is_read(tmp_path: Path) -> None:
    """A workbook saved by Excel holds each formula's last result beside it."""
    path = build(tmp_path / "c.xlsx", [matter_row(承诺时限="=5+5")], [material_row()])
    _put_cached_value(path, "=5+5", "10")
    [guide] = parse(path).source.guides
    assert guide.promised_limit_days == 10


def _put_cached_value(path: Path, formula: str, value: str) -> None:
    import zipfile

    with zipfile.ZipFile(path) as archive:
        parts = {n: archive.read(n) for n in archive.namelist()}
    target = next(n for n, data in parts.items() if n.startswith("xl/worksheets/") and b"<f>" in data)
    written = f"<f>{formula[1:]}</f><v />".encode()
    assert written in parts[target]
    parts[target] = parts[target].replace(written, f"<f>{formula[1:]}</f><v>{value}</v>".encode())
    with zipfile.ZipFile(path, "w") as archive:
        for part, data in parts.items():
            archive.writestr(part, data)


def test_a_text_starting_with_an_equals_sign_is_text(tmp_path: Path) -> None:
    book = Workbook()
    sheet = book.active
    sheet.append(["事项名称", "实施编码", "实施主体", "受理条件"])
    sheet.append(["甲事项", "A1", "区残疾人联合会", "占位"])
    sheet["D2"].value = "=不是公式"
    sheet["D2"].data_type = "s"
    book.save(tmp_path / "t.xlsx")
    [guide] = parse(tmp_path / "t.xlsx").source.guides
    assert guide.conditions == "=不是公式"
    assert guide.department == Department(
        "区残疾人联合会", "区残疾人联合会", "区残疾人联合会"
    )  # made from the row


def test_each_guide_is_checked_by_the_guide_rules(tmp_path: Path) -> None:
    path = build(tmp_path / "g.xlsx", [matter_row(承诺时限=30, 是否容缺="否")], [material_row(是否容缺="是")])
    result = parse(path)
    messages = [str(p) for p in result.problems]
    assert any("导出数据 第 2 行" in m and "承诺时限 30 超过法定时限 20" in m for m in messages)
    assert any("标为容缺, 但事项不是容缺受理事项" in m for m in messages)


def test_header_texts_are_normalised() -> None:
    from hallapp.services.catalogue_import.headers import normalise_header

    assert normalise_header(" 承诺办结时限（工作日）") == "承诺办结时限"
    assert normalise_header("＊原件份数（份）：") == "原件份数"
    assert normalise_header("实施主体\n(实施机构/部门)") == "实施主体"
    assert normalise_header("事项名称(必填)") == normalise_header("*事项名称") == "事项名称"
    assert normalise_header("事项明称") == "事项明称"  # a misspelt header is not guessed


def test_a_long_code_excel_turned_into_a_number_is_reported(tmp_path: Path) -> None:
    path = build(tmp_path / "n.xlsx", [matter_row(事项编码=114403100012345678.0)], [])
    result = parse(path)
    [guide] = result.source.guides
    assert guide.code.startswith("1144031000123456") and guide.code != "114403100012345678"  # digits lost
    assert any("C 列（事项编码）" in m and "超过 15 位" in m for m in result.messages())


def test_a_department_is_found_by_credit_code_then_by_name(tmp_path: Path) -> None:
    path = build(
        tmp_path / "d.xlsx",
        [
            matter_row(实施机构="人力资源局（旧名）"),  # the credit code decides
            matter_row(事项编码=CODE_B, 实施主体编码="11440310MB2C09999Z", 实施机构="区人力资源局"),
            matter_row(事项编码="C", 实施主体编码=None, 实施机构="区残疾人联合会"),
        ],
        [material_row(), material_row(实施编码=CODE_B), material_row(实施编码="C")],
    )
    result = parse(path)
    assert [g.department for g in result.source.guides] == [
        RSJ,
        RSJ,
        Department("区残疾人联合会", "区残疾人联合会", "区残疾人联合会"),
    ]
    assert any("第 3 行，字段 E 列（实施主体编码）" in m and "按名称对应" in m for m in result.messages())
    assert [d.code for d in result.source.departments] == ["rsj", "区残疾人联合会"]
