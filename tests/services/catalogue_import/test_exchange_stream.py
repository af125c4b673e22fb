"""Exchange data read in chunks: records across chunk boundaries, tables before or after the matters,
errors placed by line and column past the first chunk, GBK found late, the byte order mark."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from hallapp.services.catalogue_import import exchange_stream
from hallapp.services.catalogue_import.exchange import parse_exchange
from hallapp.services.catalogue_import.exchange_stream import JsonError, TextStream, str_chunks


def matter(i: int) -> dict[str, Any]:
    return {
        "TASK_NAME": f"测试事项{i}",
        "TASK_CODE": f"C{i:05d}",
        "DEPT_CODE": "PSJ",
        "DEPT_NAME": "坪山区市场监督管理局",
        "TASK_TYPE": "01",
        "SERVE_TYPE": "1",
        "HANDLE_TYPE": "2",
        "ANTICIPATE_DAY": "20",
        "PROMISE_DAY": 5,
    }


def material(i: int) -> dict[str, Any]:
    return {"TASK_CODE": f"C{i:05d}", "MATERIAL_NAME": f"申请书{i}", "IS_NEED": "1", "ORIGINAL_AMOUNT": "1"}


def nested(i: int) -> dict[str, Any]:
    return {**matter(i), "AUDIT_MATERIAL": [material(i)]}


@pytest.fixture(autouse=True)
def small_chunks(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(exchange_stream, "CHUNK_BYTES", 97)  # every record crosses a chunk boundary


@pytest.mark.parametrize("tables_first", [False, True])
def test_top_level_tables_before_or_after_the_matters(tmp_path: Path, tables_first: bool) -> None:
    tables = {"AUDIT_MATERIAL": [material(i) for i in range(30)]}
    items = {"AUDIT_ITEM": [matter(i) for i in range(30)]}
    custom = {**tables, **items} if tables_first else {**items, **tables}
    path = tmp_path / "a.json"
    path.write_text(json.dumps({"STATUS": {"CODE": "00"}, "CUSTOM": custom}, ensure_ascii=False, indent=1))
    result = parse_exchange(path)
    assert result.messages() == []
    assert [g.code for g in result.source.guides] == [f"C{i:05d}" for i in range(30)]
    assert [g.materials[0].name for g in result.source.guides] == [f"申请书{i}" for i in range(30)]
    assert result.source.guides[0].promised_limit_days == 5


def test_the_same_guides_from_bytes_text_and_path_in_small_chunks(tmp_path: Path) -> None:
    text = json.dumps({"STATUS": {"CODE": "00"}, "data": {"list": [nested(i) for i in range(20)]}})
    path = tmp_path / "a.json"
    path.write_bytes(b"\xef\xbb\xbf" + text.encode())  # with a byte order mark
    results = [parse_exchange(text), parse_exchange(text.encode()), parse_exchange(path)]
    assert results[0].source.guides == results[1].source.guides == results[2].source.guides
    assert len(results[0].source.guides) == 20 and results[2].messages() == []


def test_an_error_far_into_the_file_is_placed_as_json_places_it() -> None:
    good = json.dumps({"STATUS": {"CODE": "00"}, "data": {"list": [matter(i) for i in range(10)]}}, indent=2)
    broken = good.replace('"C00007"', '"C00007" "x"')
    with pytest.raises(json.JSONDecodeError) as expected:
        json.loads(broken)
    said = parse_exchange(broken, name="a.json").messages()
    error = expected.value
    assert said == [f"a.json：不是有效的 JSON（第 {error.lineno} 行第 {error.colno} 列：{error.msg}）"]
    assert error.lineno > 50


@pytest.mark.parametrize("tail", ["", " ", "\n{}", "]"])
def test_what_follows_the_document(tail: str) -> None:
    text = json.dumps({"STATUS": {"CODE": "00"}, "data": {"list": [nested(1)]}}) + tail
    result = parse_exchange(text, name="a.json")
    if tail.strip():
        assert result.source.guides == [] and "Extra data" in result.messages()[0]
    else:
        assert len(result.source.guides) == 1


def test_a_gbk_file_whose_first_chinese_comes_late(tmp_path: Path) -> None:
    plain = {"DEPT_NAME": "PSJ bureau", "AUDIT_MATERIAL": [{"MATERIAL_NAME": "form", "ORIGINAL_AMOUNT": 1}]}
    items = [{**matter(i), **plain, "TASK_NAME": f"matter {i}"} for i in range(20)]
    items.append({**nested(20), "DEPT_CODE": "PSJ2"})  # the first byte UTF-8 cannot read is here
    path = tmp_path / "gbk.json"
    path.write_bytes(json.dumps({"CUSTOM": {"AUDIT_ITEM": items}}, ensure_ascii=False).encode("gb18030"))
    result = parse_exchange(path)
    assert [g.name for g in result.source.guides][-2:] == ["matter 19", "测试事项20"]
    assert result.messages() == ["gbk.json：缺少 STATUS（平台的返回状态），按成功的数据读取"]


def test_a_number_cut_by_a_chunk_is_read_whole() -> None:
    stream = TextStream(iter(["[12", "345, 6", "7]"]))
    assert [stream.value() for _ in stream.items()] == [12345, 67]
    stream.end()


def test_an_unterminated_string_is_an_error_at_its_start() -> None:
    stream = TextStream(str_chunks('{"a": "never ends'))
    with pytest.raises(JsonError) as error:
        for _key in stream.object_keys():
            stream.value()
    assert (error.value.line, error.value.column) == (1, 7)
    assert error.value.message.startswith("Unterminated string")


def test_the_collector_is_back_on_after_a_read_even_a_refused_one() -> None:
    import gc

    assert gc.isenabled()
    parse_exchange("[" * 5_000)
    parse_exchange(json.dumps({"STATUS": {"CODE": "00"}, "data": {"list": [nested(1)]}}))
    assert gc.isenabled()
