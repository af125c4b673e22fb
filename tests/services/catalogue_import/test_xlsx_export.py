"""The app's Excel form: the template, and an export that parses back to the same guides."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from openpyxl import load_workbook

from hallapp.config import SHIPPED_CATALOGUE_DIR
from hallapp.services.catalogue_files import CatalogueSource, read_catalogue
from hallapp.services.catalogue_import.headers import MATERIAL_COLUMNS, MATTER_COLUMNS
from hallapp.services.catalogue_import.mapping import load_mapping
from hallapp.services.catalogue_import.xlsx import parse_xlsx
from hallapp.services.catalogue_import.xlsx_export import (
    MATERIALS_SHEET,
    MATTERS_SHEET,
    NOTES_SHEET,
    export_xlsx,
    write_template,
)
from hallapp.services.output_file import OutputFileError


def test_the_shipped_catalogue_round_trips_field_by_field(tmp_path: Path) -> None:
    source = read_catalogue(SHIPPED_CATALOGUE_DIR)
    assert export_xlsx(source, tmp_path / "目录.xlsx") == len(source.guides) == 45
    result = parse_xlsx(
        tmp_path / "目录.xlsx", departments=source.departments, licence_types=source.licence_types
    )
    assert result.messages() == []
    read = {g.code: g for g in result.source.guides}
    assert list(read) == [g.code for g in source.guides]
    for guide in source.guides:
        back = read[guide.code]
        for name in (f.name for f in dataclasses.fields(guide) if f.name != "materials"):
            assert getattr(back, name) == getattr(guide, name), (guide.code, name)
        assert len(back.materials) == len(guide.materials), guide.code
        for material, again in zip(guide.materials, back.materials, strict=True):
            for name in (f.name for f in dataclasses.fields(material)):
                assert getattr(again, name) == getattr(material, name), (guide.code, material.name, name)
    assert sum(len(g.situations) for g in source.guides) > 0  # the round trip covered situations too
    assert any(m.owner != ("applicant",) for g in source.guides for m in g.materials)  # and owners


def test_an_export_gives_back_the_columns_an_import_kept(tmp_path: Path) -> None:
    source = read_catalogue(SHIPPED_CATALOGUE_DIR)
    one = dataclasses.replace(source, guides=source.guides[:1])
    guide = one.guides[0]
    extras = {
        guide.code: {
            "xlsx": {
                "matter": {"行使层级": "区级"},
                "materials": {guide.materials[0].name: {"页面规格": "A4", "材料形式": "纸质"}},
            }
        }
    }
    export_xlsx(one, tmp_path / "a.xlsx", extras=extras)
    result = parse_xlsx(tmp_path / "a.xlsx", departments=one.departments, licence_types=one.licence_types)
    assert result.source.guides == one.guides
    assert result.extras[guide.code]["xlsx"]["matter"] == {"行使层级": "区级"}
    assert result.extras[guide.code]["xlsx"]["materials"][guide.materials[0].name] == {
        "页面规格": "A4",
        "材料形式": "纸质",
    }


def test_words_that_look_like_a_formula_stay_words(tmp_path: Path) -> None:
    source = read_catalogue(SHIPPED_CATALOGUE_DIR)
    guide = dataclasses.replace(source.guides[0], conditions='=HYPERLINK("http://evil")+1', fees="-5 元")
    export_xlsx(CatalogueSource(source.departments, source.licence_types, [guide]), tmp_path / "f.xlsx")
    sheet = load_workbook(tmp_path / "f.xlsx")[MATTERS_SHEET]
    column = [c.key for c in MATTER_COLUMNS].index("conditions") + 1
    assert sheet.cell(2, column).data_type == "s"  # not "f": Excel will not run it
    [back] = parse_xlsx(tmp_path / "f.xlsx", departments=source.departments).source.guides
    assert back.conditions == guide.conditions and back.fees == "-5 元"


def test_the_template_has_every_header_an_example_and_the_notes(tmp_path: Path) -> None:
    path = tmp_path / "模板.xlsx"
    write_template(path)
    book = load_workbook(path)
    assert book.sheetnames == [MATTERS_SHEET, MATERIALS_SHEET, NOTES_SHEET]
    headers = [c.value.lstrip("*") for c in book[MATTERS_SHEET][1]]
    assert headers == [c.label for c in MATTER_COLUMNS]
    assert [c.value.lstrip("*") for c in book[MATERIALS_SHEET][1]] == [c.label for c in MATERIAL_COLUMNS]
    notes = [[c.value for c in row] for row in book[NOTES_SHEET].iter_rows()]
    assert [MATTERS_SHEET, "承诺办结时限"] == notes[[r[1] for r in notes].index("承诺办结时限")][:2]
    mapping = load_mapping()
    assert ["必要性", "容缺后补", None, "deferrable"] in [r[:4] for r in notes]
    assert len([r for r in notes if r[0] == "事项类型"]) == len(mapping.tables["matter_type"])
    result = parse_xlsx(path)  # the example row is a valid guide
    assert result.messages() == []
    [example] = result.source.guides
    assert example.name == "创业培训补贴申领" and len(example.materials) == 1


def test_writing_is_whole_or_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    source = read_catalogue(SHIPPED_CATALOGUE_DIR)
    target = tmp_path / "目录.xlsx"
    target.write_bytes(b"the earlier export")
    with pytest.raises(OutputFileError):
        export_xlsx(source, tmp_path / "没有的文件夹" / "目录.xlsx")

    def failing_replace(src: str, dst: str) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("hallapp.services.output_file.os.replace", failing_replace)
    with pytest.raises(OutputFileError, match="磁盘已满"):
        export_xlsx(source, target)
    assert target.read_bytes() == b"the earlier export"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["目录.xlsx"]  # no half-written file left
