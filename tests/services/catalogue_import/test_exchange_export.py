"""The catalogue as national exchange JSON: parse_exchange gives back the guides, field by field, and an
exchange import's kept fields go back into their tables."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest

from hallapp.config import SHIPPED_CATALOGUE_DIR
from hallapp.services.catalogue_files import CatalogueSource, read_catalogue
from hallapp.services.catalogue_import import exchange_fields
from hallapp.services.catalogue_import.exchange import parse_exchange
from hallapp.services.catalogue_import.exchange_export import (
    export_exchange,
)
from hallapp.services.output_file import OutputFileError

FILES = Path(__file__).parent / "files"
SHIPPED = read_catalogue(SHIPPED_CATALOGUE_DIR)


def _listed(rows):
    return [rows] if isinstance(rows, dict) else rows


def test_the_shipped_catalogue_round_trips_field_by_field(tmp_path: Path) -> None:
    """Every field comes back: the national ones from their tables, what they cannot say (NOT_CARRIED:
    秒批, 就近办, situations, licence links, owners, 验/收, notes as written) from HALLAPP_GUIDE."""
    out = tmp_path / "目录.json"
    assert export_exchange(SHIPPED, out) == len(SHIPPED.guides) == 45
    result = parse_exchange(out)
    assert result.messages() == []
    read = {g.code: g for g in result.source.guides}
    assert list(read) == [g.code for g in SHIPPED.guides]
    for guide in SHIPPED.guides:
        back = read[guide.code]
        for name in (f.name for f in dataclasses.fields(guide)):
            if name == "department":
                continue
            assert getattr(back, name) == getattr(guide, name), (guide.code, name)
        assert (back.department.code, back.department.name) == (guide.department.code, guide.department.name)


def test_an_exchange_import_exported_and_read_again_is_the_same_with_its_kept_fields(tmp_path: Path) -> None:
    first = parse_exchange(FILES / "custom_envelope.json")
    assert first.source.guides
    out = tmp_path / "again.json"
    export_exchange(first.source, out, first.extras)
    second = parse_exchange(out)
    assert second.source.guides == first.source.guides
    assert second.incomplete == first.incomplete
    for code, kept in first.extras.items():
        again = second.extras[code]
        for table, rows in kept.items():
            if table == "AUDIT_ITEM_SPECIAL":
                continue  # only row ids: the special procedure itself is in the matter's flow
            # a source's code that its mapping did not know (必要性 "7") is written as the national code
            coded = exchange_fields.CODED.get(table, frozenset())
            for row in [rows] if table == "AUDIT_ITEM" else rows:
                plain = {k: v for k, v in row.items() if k not in coded}
                assert any(plain.items() <= other.items() for other in _listed(again[table])), (
                    code,
                    table,
                    row,
                )
    assert len(second.messages()) < len(first.messages())  # what the reader had to guess is now plain


def test_codes_are_national_and_a_source_code_that_still_fits_is_kept(tmp_path: Path) -> None:
    guide = SHIPPED.guides[0]
    kept = {
        guide.code: {
            "AUDIT_ITEM": {
                "task_type": "行政许可" if guide.matter_type.value == "行政许可" else "x",
                "catalog_code": "440316001000",
                "use_level": "4",
            }
        }
    }
    out = tmp_path / "a.json"
    export_exchange(CatalogueSource(SHIPPED.departments, SHIPPED.licence_types, [guide]), out, kept)
    document = json.loads(out.read_text(encoding="utf-8"))
    assert document["STATUS"]["CODE"] == "00"
    [item] = document["CUSTOM"]["AUDIT_ITEM"]
    assert item["CATALOG_CODE"] == "440316001000" and item["USE_LEVEL"] == "4"
    if guide.matter_type.value == "行政许可":
        assert item["TASK_TYPE"] == "行政许可"  # the source wrote words: they are given back
    else:
        assert item["TASK_TYPE"].isdigit()  # "x" no longer means the guide's type: the national code
    assert item["HANDLE_TYPE"] in ("1", "2") and item["PROMISE_TYPE"] == "1"
    materials = document["CUSTOM"]["AUDIT_MATERIAL"]
    assert [m["MATERIAL_NAME"] for m in materials] == [m.name for m in guide.materials]
    assert {m["TASK_CODE"] for m in materials} == {guide.code}
    assert {m["IS_NEED"] for m in materials} <= {"1", "2", "容缺后补"}


def test_other_power_types_are_written_as_10_not_as_a_penalty(tmp_path: Path) -> None:
    guide = next(g for g in SHIPPED.guides)
    other = dataclasses.replace(guide, matter_type=type(guide.matter_type)("其他行政权力"))
    out = tmp_path / "b.json"
    export_exchange(CatalogueSource(SHIPPED.departments, SHIPPED.licence_types, [other]), out)
    [item] = json.loads(out.read_text(encoding="utf-8"))["CUSTOM"]["AUDIT_ITEM"]
    assert item["TASK_TYPE"] == "10"


def test_writing_is_whole_or_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "目录.json"
    target.write_bytes(b"the earlier export")
    with pytest.raises(OutputFileError):
        export_exchange(SHIPPED, tmp_path / "没有的文件夹" / "目录.json")

    def failing_replace(src: str, dst: str) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("hallapp.store.files.os.replace", failing_replace)
    with pytest.raises(OutputFileError, match="磁盘已满"):
        export_exchange(SHIPPED, target)
    assert target.read_bytes() == b"the earlier export"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["目录.json"]
