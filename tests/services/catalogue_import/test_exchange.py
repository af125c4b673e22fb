"""National exchange JSON read into guides: both envelopes, untidy tables, codes, problems in words."""

from __future__ import annotations

from pathlib import Path

import pytest

from hallapp.domain.catalogue import ApplicantType, Guide, MatterType
from hallapp.services.catalogue_import.exchange import parse_exchange
from hallapp.services.catalogue_import.mapping import NATIONAL_MAPPING_FILE, load_mapping
from hallapp.services.catalogue_import.model import ImportedCatalogue

FILES = Path(__file__).parent / "files"
FOOD = "11440300MB2C92041J444031600100001"  # 31 characters and a 业务办理项 suffix "01"
RENAME = "11440300MB2C92041J444031600200000"
PENALTY = "11440300MB2C92041J244031600300000"
PENSION = "11440310007541234F400011500100002"
BENEFIT = "11440310007541234F400011500200000"


@pytest.fixture(scope="module")
def custom() -> ImportedCatalogue:
    return parse_exchange(FILES / "custom_envelope.json")


@pytest.fixture(scope="module")
def data_list() -> ImportedCatalogue:
    vendor = load_mapping(NATIONAL_MAPPING_FILE.parent / "vendor_0123.toml")
    return parse_exchange(FILES / "data_list_envelope.json", mapping=vendor)


def guide(result: ImportedCatalogue, code: str) -> Guide:
    return next(g for g in result.source.guides if g.code == code)


def messages_about(result: ImportedCatalogue, text: str) -> list[str]:
    return [m for m in result.messages() if text in m]


def test_custom_envelope_reads_every_matter_and_keeps_the_full_code(custom: ImportedCatalogue) -> None:
    assert custom.format == "exchange-json"
    assert [g.code for g in custom.source.guides] == [FOOD, RENAME, PENALTY]
    food = guide(custom, FOOD)
    assert food.name == "食品经营许可（新办）"
    assert guide(custom, RENAME).name == "个体工商户名称变更登记"  # stray spaces gone
    assert food.matter_type is MatterType.LICENSING
    assert food.applicant_types == (ApplicantType.PERSON, ApplicantType.ORGANISATION)
    department = food.department
    assert (department.code, department.name, department.credit_code) == (
        "11440300MB2C92041J",
        "深圳市坪山区市场监督管理局",
        "11440300MB2C92041J",
    )
    assert custom.source.departments == [department]
    assert len(custom.source.digest) == 64


def test_guide_fields_from_the_item_and_its_tables(custom: ImportedCatalogue) -> None:
    food = guide(custom, FOOD)
    assert (food.statutory_limit_days, food.promised_limit_days, food.on_the_spot) == (20, 10, False)
    assert (
        food.conditions == "申请人应当取得营业执照 等合法主体资格\n具有与经营的食品品种、数量相适应的经营场所"
    )
    assert (
        food.legal_basis
        == "《中华人民共和国食品安全法》（主席令第二十一号） 第三十五条：国家对食品生产经营实行许可制度。"
    )
    assert food.procedure == "特别程序：现场核查（5 个工作日，不计入办理时限）：需要时进行现场核查"
    assert food.fees == "不收费"
    assert food.place == "坪山区政务服务中心二楼"
    assert food.windows == "综合窗口 3 号、综合窗口 4 号"
    assert food.hours == "周一至周五 9:00-12:00，14:00-18:00"
    assert food.phones == ("0755-12345678", "咨询电话：0755-84612345", "12345", "投诉电话：0755-84600000")
    assert food.online_url == "https://www.gdzwfw.gov.cn/item/0001"
    assert food.visits == 1


def test_materials_in_order_with_counts_forms_and_notes(custom: ImportedCatalogue) -> None:
    materials = guide(custom, FOOD).materials
    assert [m.name for m in materials] == ["营业执照", "食品经营许可申请书", "食品安全管理制度文本"]
    licence, form, rules = materials
    assert (licence.originals, licence.copies, licence.required) == (1, 1, True)  # "1.0" and 1
    assert licence.source == "政府部门核发：市场监督管理部门"
    assert licence.notes == "材料形式：纸质和电子\n受理标准：在有效期内"
    assert form.notes == "填报须知：申请人签名并加盖公章"  # written fill_explian in the file
    assert form.source == "申请人自备"
    assert (rules.originals, rules.copies) == (0, 1)  # "" and "1份"


def test_unknown_code_wrong_field_and_broken_rows_reported_the_rest_read(custom: ImportedCatalogue) -> None:
    assert [str(p) for p in custom.unknown_codes] == [
        (
            "custom_envelope.json，AUDIT_MATERIAL 第 3 条，字段 is_need（值「7」）：必要性代码 7 不在对照表中"
            "（国家政务服务平台（默认对照表））"
        )
    ]
    assert messages_about(custom, "字段 materail_name：AUDIT_MATERIAL 没有这个字段（是否拼错？）")
    assert messages_about(custom, "AUDIT_MATERIAL 第 4 条，字段 material_name：缺少材料名称，此条材料未导入")
    assert messages_about(custom, "AUDIT_ITEM 第 4 条，值「这一条坏了」：这一条不是对象")
    assert messages_about(custom, "AUDIT_MATERIAL 第 5 条，字段 task_code（值「NO-SUCH-MATTER」）：找不到")


def test_natural_days_converted_and_said(custom: ImportedCatalogue) -> None:
    rename = guide(custom, RENAME)
    assert rename.statutory_limit_days == 10  # 15 natural days
    assert rename.on_the_spot and rename.promised_limit_days == 0
    assert messages_about(
        custom, "AUDIT_ITEM 第 2 条，字段 anticipate_day（值「15」）：时限为 15 个自然日，按 10 个工作日导入"
    )


def test_fee_without_charges_and_matters_without_materials(custom: ImportedCatalogue) -> None:
    assert guide(custom, RENAME).fees == "收费（标准未提供）"
    assert messages_about(custom, "字段 is_fee（值「1」）：标为收费，但没有收费项目")
    assert custom.incomplete == {RENAME, PENALTY}
    assert messages_about(
        custom, f"AUDIT_ITEM 第 3 条：{PENALTY} 行政处罚决定书送达: 申请材料应为 1–20 项, 现有 0 项"
    )


def test_national_type_without_an_app_type_is_other_power_and_kept(custom: ImportedCatalogue) -> None:
    assert guide(custom, PENALTY).matter_type is MatterType.OTHER_POWER
    assert custom.extras[PENALTY]["AUDIT_ITEM"]["task_type"] == "02"


def test_extras_keep_what_the_guide_has_no_place_for(custom: ImportedCatalogue) -> None:
    extras = custom.extras[FOOD]
    item = extras["AUDIT_ITEM"]
    assert item["catalog_code"] == "440316001000"
    assert item["anticipate_day_explain"] == "自受理之日起20个工作日"
    assert item["query_url"] == "https://www.gdzwfw.gov.cn/query"
    assert "task_name" not in item and "accept_condition" not in item
    assert extras["AUDIT_QA"] == [{"question": "多久能拿证？", "answer": "10个工作日"}]
    assert extras["AUDIT_ITEM_EXTEND"][0]["result_name"] == "食品经营许可证"
    assert extras["AUDIT_ITEM_WINDOW"] == [{"traffic_info": "地铁14号线坪山围站"}]
    wrong = next(m for m in extras["AUDIT_MATERIAL"] if "materail_name" in m)
    assert wrong["materail_name"] == "经营场所平面图"
    first = next(m for m in extras["AUDIT_MATERIAL"] if m["material_name"] == "食品经营许可申请书")
    assert first == {
        "material_name": "食品经营许可申请书",
        "is_need": "1",
        "material_form": "1",
        "source_type": "10",
        "material_guid": "M-1",
    }


def test_data_list_envelope_with_nested_tables_and_vendor_codes(data_list: ImportedCatalogue) -> None:
    assert [g.code for g in data_list.source.guides] == [PENSION, BENEFIT]
    pension = guide(data_list, PENSION)
    assert pension.matter_type is MatterType.PUBLIC_SERVICE  # task_type 20 as an integer
    assert pension.applicant_types == (ApplicantType.PERSON,)
    assert pension.on_the_spot and pension.visits == 0
    assert pension.conditions == "年满16周岁&非在校学生\n未参加职工养老保险"  # encoded twice
    assert pension.place == "坪山区政务服务中心一楼 社保专区"
    assert pension.phones == ("0755-28330001", "0755-28331234")
    materials = {m.name: m for m in pension.materials}
    assert [m.name for m in pension.materials] == ["居民身份证", "户口簿", "委托书", "照片"]
    assert (materials["户口簿"].required, materials["户口簿"].deferrable) == (True, True)  # 2 = 容缺后补 here
    assert materials["委托书"].required is False and materials["委托书"].notes == "材料形式：电子"
    assert materials["照片"].required is True  # 3 = 情形必要
    assert materials["居民身份证"].notes == "填报须知：验原件，收复印件"  # zero-width space removed
    assert pension.deferrable  # it has a deferrable material
    assert data_list.unknown_codes == []
    benefit = guide(data_list, BENEFIT)  # {"AUDIT_ITEM": {…}, "AUDIT_MATERIAL": {…}} per matter, upper case
    assert benefit.matter_type is MatterType.BENEFIT and benefit.promised_limit_days == 3
    assert [m.name for m in benefit.materials] == ["居民身份证"]
    assert data_list.extras[PENSION]["AUDIT_QA"] == [
        {"question": "可以代办吗？", "answer": "可以，携带委托书"}
    ]


def test_data_list_problems_name_the_nested_table(data_list: ImportedCatalogue) -> None:
    nested = f"AUDIT_MATERIAL（事项 {PENSION}）"
    assert messages_about(data_list, f"{nested} 第 4 条，字段 ordernum（值「x」）：应为整数，已忽略")
    assert messages_about(data_list, f"{nested} 第 1 条，字段 fill_explain（值「验原件")
    assert messages_about(data_list, "含有看不见的零宽字符，已删除")
    assert messages_about(
        data_list, "AUDIT_ITEM 第 3 条，字段 task_name：缺少事项名称 task_name，此事项未导入"
    )
    assert messages_about(data_list, "材料「委托书」既无原件也无复印件")


def test_the_same_file_read_with_national_codes_reads_2_as_optional() -> None:
    national = parse_exchange(FILES / "data_list_envelope.json")
    materials = {m.name: m for m in guide(national, PENSION).materials}
    assert materials["户口簿"].required is False and not materials["户口簿"].deferrable
    unknown = [(p.row, p.column, p.value) for p in national.unknown_codes]
    assert (3, "is_need", "0") in unknown and (4, "is_need", "3") in unknown


def test_a_refused_status_is_one_problem_in_words() -> None:
    result = parse_exchange(FILES / "status_error.json")
    assert result.messages() == [
        "status_error.json：平台返回的状态码是「01」（令牌已过期），不是成功（00），这份数据未导入"
    ]
    assert result.source.guides == []


def test_a_file_that_is_not_json_is_one_problem() -> None:
    result = parse_exchange(FILES / "not_json.json")
    assert result.messages() == ["not_json.json：不是有效的 JSON（第 1 行第 1 列：Expecting value）"]
