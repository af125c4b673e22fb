"""The shared import model and the code mapping (national defaults, a source's own file)."""

from __future__ import annotations

from pathlib import Path

import pytest

from hallapp.domain.catalogue import ApplicantType, MatterType
from hallapp.services.catalogue_import.mapping import (
    NATIONAL_MAPPING_FILE,
    MappingError,
    load_mapping,
    normalise_code,
)
from hallapp.services.catalogue_import.model import ImportedCatalogue, ImportProblem

VENDOR_0123 = NATIONAL_MAPPING_FILE.parent / "vendor_0123.toml"


def test_problem_says_file_table_record_field_and_value_in_words() -> None:
    problem = ImportProblem(
        "matters.json", "AUDIT_MATERIAL", 12, "is_need", "7", message="必要性代码 7 不在对照表中"
    )
    assert (
        str(problem)
        == "matters.json，AUDIT_MATERIAL 第 12 条，字段 is_need（值「7」）：必要性代码 7 不在对照表中"
    )


def test_problem_of_a_spreadsheet_counts_lines_and_shortens_a_long_value() -> None:
    problem = ImportProblem("目录.xlsx", "材料", 3, "必要性", "字" * 100, message="无效")
    text = str(problem)
    assert text.startswith("目录.xlsx，材料 第 3 行，字段 必要性（值「")
    assert "（共 100 个字符）" in text and "字" * 41 not in text
    assert str(ImportProblem("a.json", message="不是 JSON")) == "a.json：不是 JSON"
    hidden = ImportProblem("a.json", "AUDIT_ITEM", 1, "task_name", "公司\u202e名", message="含控制符")
    assert str(hidden) == "a.json，AUDIT_ITEM 第 1 条，字段 task_name（值「公司<U+202E>名」）：含控制符"


def test_imported_catalogue_lists_problems_then_unknown_codes() -> None:
    result = ImportedCatalogue(format="exchange-json")
    result.problems.append(ImportProblem("a.json", message="甲"))
    result.unknown_codes.append(ImportProblem("a.json", message="乙"))
    assert result.messages() == ["a.json：甲", "a.json：乙"]
    assert result.source.guides == [] and result.extras == {} and result.incomplete == set()


@pytest.mark.parametrize("raw", ["01", "1", 1, 1.0, " 1 ", "０１", "1.0"])
def test_codes_are_compared_alike(raw: object) -> None:
    assert normalise_code(raw) == "1"
    assert load_mapping().lookup("matter_type", raw) == MatterType.LICENSING.value


def test_empty_and_unknown_codes_give_none() -> None:
    mapping = load_mapping()
    assert normalise_code("00") == "0" and normalise_code("  ") is None and normalise_code(None) is None
    assert mapping.lookup("necessity", "") is None
    assert mapping.lookup("necessity", "7") is None
    assert mapping.lookup("no_such_table", "1") is None


def test_national_defaults() -> None:
    mapping = load_mapping()
    assert mapping.lookup("matter_type", "20") == MatterType.PUBLIC_SERVICE.value
    assert mapping.lookup("matter_type", "7") == MatterType.CONFIRMATION.value
    assert mapping.lookup("matter_type", "02") == MatterType.OTHER_POWER.value  # 行政处罚: no own type
    assert mapping.lookup("matter_type", "15") is None  # not a national code
    assert mapping.lookup("necessity", 1) == "required"
    assert mapping.lookup("necessity", "2") == "optional"
    assert mapping.lookup("necessity", "容缺后补") == "deferrable"
    assert mapping.lookup("material_form", "3") == "both"
    assert mapping.lookup("source_channel", "10") == "申请人自备"
    assert mapping.lookup("source_channel", "1") == "政府部门核发"  # "1" is not "10"
    assert mapping.lookup("applicant_type", "2") == ApplicantType.ORGANISATION.value
    assert mapping.lookup("handle_type", "即办件") == "on_the_spot"
    assert mapping.lookup("limit_unit", "2") == "natural_days"
    assert mapping.lookup("yes_no", "Y") == "yes"


def test_a_source_file_replaces_and_adds_codes() -> None:
    mapping = load_mapping(VENDOR_0123)
    assert mapping.lookup("necessity", "2") == "deferrable"
    assert mapping.lookup("necessity", "0") == "optional"
    assert mapping.lookup("necessity", "3") == "required"
    assert mapping.lookup("matter_type", "01") == MatterType.LICENSING.value  # the rest from the default
    assert mapping.files == (str(NATIONAL_MAPPING_FILE), str(VENDOR_0123))


def test_a_code_mapped_to_nothing_is_dropped(tmp_path: Path) -> None:
    own = tmp_path / "own.toml"
    own.write_text('[matter_type]\n"11" = "其他行政权力"\n"02" = ""\n', encoding="utf-8")
    mapping = load_mapping(own)
    assert mapping.lookup("matter_type", "11") == MatterType.OTHER_POWER.value
    assert mapping.lookup("matter_type", "2") is None
    assert mapping.name == "own"


def test_a_wrong_mapping_file_is_refused_with_every_reason(tmp_path: Path) -> None:
    own = tmp_path / "bad.toml"
    own.write_text(
        '[matter_type]\n"01" = "行政审批"\n[colour]\n"1" = "red"\n[necessity]\n"1" = 1\n', encoding="utf-8"
    )
    with pytest.raises(MappingError) as raised:
        load_mapping(own)
    problems = raised.value.problems
    assert len(problems) == 3
    assert "事项类型代码 01 的含义「行政审批」无效" in problems[0]
    assert "未知的对照表 [colour]" in problems[1]
    assert "代码 1 的含义应为文字" in problems[2]


def test_an_unreadable_mapping_file_is_refused_in_words(tmp_path: Path) -> None:
    with pytest.raises(MappingError, match="文件不存在"):
        load_mapping(tmp_path / "missing.toml")
    broken = tmp_path / "broken.toml"
    broken.write_text("[necessity\n", encoding="utf-8")
    with pytest.raises(MappingError, match="格式错误"):
        load_mapping(broken)
