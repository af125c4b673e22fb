"""Exchange data that is wrong as a whole, hostile, or wrong in one record: clear words, the rest read."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from hallapp.domain.catalogue import MatterType
from hallapp.services.catalogue_import import exchange
from hallapp.services.catalogue_import.exchange import parse_exchange

CODE = "11440300MB2C92041J444031600100000"


def item(**fields: Any) -> dict[str, Any]:
    record: dict[str, Any] = {
        "task_name": "测试事项",
        "task_code": CODE,
        "dept_code": "PSJ",
        "dept_name": "坪山区市场监督管理局",
        "task_type": "01",
        "serve_type": "1",
        "handle_type": "2",
        "anticipate_day": "20",
        "promise_day": "5",
        "audit_material": [{"material_name": "申请书", "is_need": "1", "original_amount": "1"}],
    }
    record.update(fields)
    return record


def envelope(*items: dict[str, Any]) -> str:
    return json.dumps({"STATUS": {"CODE": "00"}, "CUSTOM": {"AUDIT_ITEM": list(items)}}, ensure_ascii=False)


def test_bytes_text_and_path_read_alike(tmp_path: Path) -> None:
    text = envelope(item())
    path = tmp_path / "matters.json"
    path.write_text(text, encoding="utf-8")
    results = [parse_exchange(text, name="matters.json"), parse_exchange(text.encode()), parse_exchange(path)]
    assert [r.source.guides for r in results[1:]] == [results[0].source.guides] * 2
    assert len(results[0].source.guides) == 1 and results[0].messages() == []


def test_a_gbk_file_is_read(tmp_path: Path) -> None:
    path = tmp_path / "gbk.json"
    path.write_bytes(envelope(item(task_name="食品经营许可")).encode("gb18030"))
    assert parse_exchange(path).source.guides[0].name == "食品经营许可"


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("[1, 2]", "最外层应为含 STATUS 和 CUSTOM 或 data 的对象"),
        ('{"foo": 1}', "没有 CUSTOM，也没有 data.list"),
        ('{"STATUS": {"CODE": "00"}, "CUSTOM": {"AUDIT_MATERIAL": []}}', "CUSTOM 中没有 AUDIT_ITEM"),
        ('{"STATUS": "ok", "CUSTOM": {}}', "STATUS 应为含 CODE 的对象"),
        (
            '{"STATUS": {"CODE": "99", "MESSAGE": "系统繁忙"}, "data": {"list": []}}',
            "状态码是「99」（系统繁忙）",
        ),
        ("[" * 100_000, "嵌套层数过多"),
        ("", "不是有效的 JSON"),
    ],
)
def test_a_file_that_is_not_exchange_data_is_one_problem(text: str, said: str) -> None:
    result = parse_exchange(text, name="x.json")
    assert len(result.messages()) == 1 and said in result.messages()[0], result.messages()
    assert result.messages()[0].startswith("x.json：")
    assert result.source.guides == []


def test_binary_garbage_and_a_missing_file(tmp_path: Path) -> None:
    garbage = parse_exchange(bytes(range(256)) * 4, name="a.json").messages()
    assert garbage == ["a.json：不是文本文件（既不是 UTF-8 也不是 GBK 编码）"]
    assert parse_exchange(tmp_path / "gone.json").messages() == ["gone.json：文件不存在"]


def test_a_file_over_the_size_cap_is_refused_unread(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(exchange, "MAX_EXCHANGE_BYTES", 1000)
    path = tmp_path / "huge.json"
    path.write_text(envelope(*[item(task_code=f"C{i}") for i in range(20)]), encoding="utf-8")
    assert parse_exchange(path).messages() == [
        "huge.json：文件超过 0 MB，不像一份事项交换数据（是否选错了文件？）"
    ]
    assert "数据超过" in parse_exchange(path.read_bytes()).messages()[0]


def test_missing_status_is_said_and_the_data_read() -> None:
    result = parse_exchange(json.dumps({"data": {"list": [item()]}}), name="a.json")
    assert result.messages() == ["a.json：缺少 STATUS（平台的返回状态），按成功的数据读取"]
    assert len(result.source.guides) == 1


def test_a_single_object_table_at_the_top() -> None:
    text = json.dumps({"STATUS": {"CODE": "00"}, "CUSTOM": {"AUDIT_ITEM": item(), "AUDIT_QA": {}}})
    result = parse_exchange(text)
    assert [g.code for g in result.source.guides] == [CODE]


def test_huge_strings_are_capped_with_a_problem() -> None:
    result = parse_exchange(
        envelope(item(task_name="长" * 1000, accept_condition="条" * 1_000_000)), name="a.json"
    )
    found = result.source.guides[0]
    assert len(found.name) == 300 and len(found.conditions) == 20_000
    assert any(
        "字段 task_name（值「长长" in m and "超过 300 个字符（现为 1000 个）" in m for m in result.messages()
    )
    assert any("字段 accept_condition" in m and "只保留前 20000 个" in m for m in result.messages())


def test_control_characters_removed_and_reported() -> None:
    result = parse_exchange(envelope(item(task_name="测试\u202e事项\x00")), name="a.json")
    assert result.source.guides[0].name == "测试事项"
    said = [m for m in result.messages() if "字段 task_name" in m]
    assert said == [
        "a.json，AUDIT_ITEM 第 1 条，字段 task_name（值「测试<U+202E>事项<U+0000>」）：含有看不见的文字方向控制符、空字符，已删除"
    ]


def test_wrong_values_in_one_record_are_reported_and_the_rest_read() -> None:
    broken = item(
        task_code="C2",
        task_type="77",
        serve_type="1,8",
        promise_day="若干",
        accept_condition={"text": "x"},
        handle_type="即办件",
        anticipate_day="3",
    )
    result = parse_exchange(envelope(item(), broken, item(task_code=CODE)), name="a.json")
    assert [g.code for g in result.source.guides] == [CODE, "C2"]
    c2 = result.source.guides[1]
    assert c2.matter_type is MatterType.OTHER_POWER and c2.conditions == "" and c2.on_the_spot
    unknown = [(p.column, p.value) for p in result.unknown_codes]
    assert unknown == [("task_type", "77"), ("serve_type", "8")]
    messages = "\n".join(result.messages())
    assert "AUDIT_ITEM 第 2 条，字段 task_type（值「77」）：事项类型未知，按「其他行政权力」导入" in messages
    assert "字段 promise_day（值「若干」）：应为整数，已忽略" in messages
    assert "字段 accept_condition" in messages and "应为文字，已忽略" in messages
    assert (
        "AUDIT_ITEM 第 3 条，字段 task_code（值「" + CODE + "」）：实施编码与第 1 条重复，此条未导入"
        in messages
    )


def test_limits_and_handle_type_disagreeing_are_said() -> None:
    spot = item(task_code="A", handle_type="1", promise_day="5")
    promised = item(task_code="B", handle_type="承诺件", promise_day="0")
    beyond = item(task_code="C", anticipate_day="5", promise_day="10")
    result = parse_exchange(envelope(spot, promised, beyond), name="a.json")
    messages = "\n".join(result.messages())
    assert "第 1 条，字段 promise_day（值「5」）：即办件的承诺时限应为 0，现为 5 个工作日" in messages
    assert "第 2 条，字段 promise_day（值「0」）：承诺件应写明大于 0 的承诺时限" in messages
    assert "第 3 条：C 测试事项: 承诺时限 10 超过法定时限 5" in messages


def test_one_department_code_with_two_names_is_said() -> None:
    result = parse_exchange(envelope(item(), item(task_code="B", dept_name="另一个局")), name="a.json")
    assert len(result.source.departments) == 1
    assert any("部门编码 PSJ 前面已用于「坪山区市场监督管理局」" in m for m in result.messages())


def test_top_level_rows_keyed_by_task_code_or_by_item_id() -> None:
    text = json.dumps(
        {
            "STATUS": {"CODE": "00"},
            "CUSTOM": {
                "AUDIT_ITEM": [item(audit_material=[], item_id="ID-9")],
                "AUDIT_MATERIAL": [{"item_id": "ID-9", "material_name": "身份证", "original_amount": 1}],
                "AUDIT_ITEM_BYLAW": {CODE: {"law_name": "《行政许可法》", "clause_content": "第二十九条"}},
            },
        }
    )
    found = parse_exchange(text).source.guides[0]
    assert [m.name for m in found.materials] == ["身份证"]
    assert found.legal_basis == "《行政许可法》：第二十九条"


def test_materials_without_counts_are_one_original_and_said() -> None:
    result = parse_exchange(envelope(item(audit_material=[{"material_name": "申请表"}])), name="a.json")
    material = result.source.guides[0].materials[0]
    assert (material.originals, material.copies, material.required) == (1, 0, True)
    assert any("1 项材料未写份数，按原件 1 份导入：申请表" in m for m in result.messages())
