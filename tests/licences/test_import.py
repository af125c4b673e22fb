"""Importing licences from CSV and JSON: all or nothing, problems by row number, idempotent."""

from __future__ import annotations

import json
from datetime import date

import pytest

from hallapp.domain.access import AccessDenied, NotSignedIn
from hallapp.domain.licences import LicenceStatus
from hallapp.licences import LocalLicenceRegistry, import_licences
from hallapp.licences.local import COLUMNS, MAX_PROBLEMS
from hallapp.store import licence_repo
from tests.people import ADMIN, CLERK, SUPERVISOR, acting_as

HEADER = ",".join(COLUMNS)
CHEN = "440310198506120315"
FOOD_CO = "91440310MA5H2K7P3D"
GOOD = [
    f"resident_id_card,{CHEN},{CHEN},陈晓明,深圳市公安局坪山分局,2016-08-20,2036-08-20,valid",
    f"business_licence,{FOOD_CO},{FOOD_CO},深圳市坪山区晓明餐饮管理有限公司,深圳市市场监督管理局,2022-08-08,,valid",
]


def write_csv(tmp_path, rows, *, name="licences.csv", bom=False, header=HEADER):
    path = tmp_path / name
    path.write_text(("\ufeff" if bom else "") + "\n".join([header, *rows]) + "\n", encoding="utf-8")
    return path


def count(app) -> int:
    with app.uow() as uow:
        return licence_repo.count_licences(uow.session)


def do_import(app, path):
    """Import as the administrator, whose task it is."""
    with acting_as(app, ADMIN):
        return import_licences(app.uow(write=True), path)


@pytest.mark.parametrize("principal", [None, CLERK, SUPERVISOR], ids=["nobody", "clerk", "supervisor"])
def test_only_the_administrator_imports_licences(empty_registry, tmp_path, principal):
    path = write_csv(tmp_path, GOOD)
    with acting_as(empty_registry, principal), pytest.raises(AccessDenied) as caught:
        import_licences(empty_registry.uow(write=True), path)
    assert isinstance(caught.value, NotSignedIn) is (principal is None)
    assert count(empty_registry) == 0
    assert do_import(empty_registry, path).added == 2


@pytest.mark.parametrize("bom", [False, True])
def test_csv_with_or_without_bom(empty_registry, tmp_path, bom):
    report = do_import(empty_registry, write_csv(tmp_path, GOOD, bom=bom))
    assert report.ok and (report.added, report.updated, report.unchanged) == (2, 0, 0)
    held = LocalLicenceRegistry(empty_registry.uow).lookup(CHEN, ["resident_id_card"])
    assert held[0].issued_on == date(2016, 8, 20) and held[0].issuer == "深圳市公安局坪山分局"
    company = LocalLicenceRegistry(empty_registry.uow).lookup(FOOD_CO, ["business_licence"])
    assert company[0].valid_until is None  # empty valid_until: 长期有效


def test_json_list_of_objects(empty_registry, tmp_path):
    items = [
        {
            "type_code": "resident_id_card",
            "number": CHEN,
            "holder_id": CHEN,
            "holder_name": "陈晓明",
            "issuer": "深圳市公安局坪山分局",
            "issued_on": "2016-08-20",
            "valid_until": None,
            "status": "valid",
        },
        {
            "type_code": "marriage_certificate",
            "number": "J440310-2020-002207",
            "holder_id": CHEN,
            "holder_name": "陈晓明",
            "issuer": "深圳市坪山区民政局",
            "issued_on": "2020-10-18",
            "status": "revoked",
        },
    ]
    path = tmp_path / "licences.json"
    path.write_text(json.dumps(items, ensure_ascii=False), encoding="utf-8")
    report = do_import(empty_registry, path)
    assert report.ok and report.added == 2
    held = LocalLicenceRegistry(empty_registry.uow).lookup(CHEN, ["marriage_certificate"])
    assert held[0].status is LicenceStatus.REVOKED and held[0].valid_until is None


def test_holder_numbers_are_stored_normalised(empty_registry, tmp_path):
    row = 'resident_id_card,X1,"４４０３１０ １９８５０６１２-０３１５",陈晓明,公安,,,'
    assert do_import(empty_registry, write_csv(tmp_path, [row])).ok
    (held,) = LocalLicenceRegistry(empty_registry.uow).lookup(CHEN, ["resident_id_card"])
    assert held.holder_id == CHEN and held.status is LicenceStatus.VALID  # empty status: valid


def test_re_import_is_idempotent_and_changes_are_updates(empty_registry, tmp_path):
    path = write_csv(tmp_path, GOOD)
    assert do_import(empty_registry, path).added == 2
    again = do_import(empty_registry, path)
    assert (again.added, again.updated, again.unchanged) == (0, 0, 2)
    assert count(empty_registry) == 2
    changed = write_csv(tmp_path, [GOOD[0], GOOD[1].replace(",valid", ",revoked")])
    report = do_import(empty_registry, changed)
    assert (report.added, report.updated, report.unchanged) == (0, 1, 1)
    (company,) = LocalLicenceRegistry(empty_registry.uow).lookup(FOOD_CO, ["business_licence"])
    assert company.status is LicenceStatus.REVOKED and count(empty_registry) == 2


def test_bad_rows_import_nothing_and_are_listed_by_row(empty_registry, tmp_path):
    rows = [
        GOOD[0],
        "no_such_type,N1,440310198506120315,陈晓明,某局,,,valid",
        "resident_id_card,N2,440310198506120314,陈晓明,某局,,,valid",  # wrong check character
        "household_register,N3,440310198506120315,,某局,2024/01/31,,valid",
        "household_register,N4,440310198506120315,陈晓明,某局,2024-02-30,2023-01-01,expired",
        GOOD[1],
    ]
    report = do_import(empty_registry, write_csv(tmp_path, rows))
    assert not report.ok and report.added == report.updated == 0
    assert count(empty_registry) == 0
    text = "\n".join(report.problems)
    assert "第 3 行：证照类型「no_such_type」不在电子证照类型目录中" in text
    assert "第 4 行：持证人证件号码（holder_id）不是有效的身份证号码：校验位应为 5，输入的是 4" in text
    assert "第 5 行：持证人名称（holder_name）为空" in text
    assert "第 5 行：发证日期（issued_on）「2024/01/31」应写作 YYYY-MM-DD" in text
    assert "第 6 行：发证日期（issued_on）「2024-02-30」这一天不存在" in text
    assert "第 6 行：状态（status）「expired」只能是 valid 或 revoked" in text
    assert not any(p.startswith(("第 2 行", "第 7 行")) for p in report.problems)
    assert "440310198506120314" not in text  # numbers are not echoed


def test_a_bad_file_leaves_the_registry_as_it_was(empty_registry, tmp_path):
    assert do_import(empty_registry, write_csv(tmp_path, GOOD)).ok
    bad = [GOOD[0].replace(",valid", ",revoked"), "business_licence,,,,,,,"]
    report = do_import(empty_registry, write_csv(tmp_path, bad, name="bad.csv"))
    assert not report.ok
    (card,) = LocalLicenceRegistry(empty_registry.uow).lookup(CHEN, ["resident_id_card"])
    assert card.status is LicenceStatus.VALID


def test_organisation_numbers_are_checked_as_credit_codes(empty_registry, tmp_path):
    row = "business_licence,B1,91440310MA5H2K7P3E,某公司,某局,,,valid"
    (problem,) = do_import(empty_registry, write_csv(tmp_path, [row])).problems
    assert (
        problem == "第 2 行：持证人证件号码（holder_id）不是有效的统一社会信用代码：校验位应为 D，输入的是 E"
    )


def test_the_same_licence_twice_in_a_file(empty_registry, tmp_path):
    report = do_import(empty_registry, write_csv(tmp_path, [GOOD[0], GOOD[1], GOOD[0]]))
    assert report.problems == ("第 4 行：与第 2 行是同一张证照（类型和编号都相同）",)


def test_a_missing_column(empty_registry, tmp_path):
    header = HEADER.replace(",status", "")
    report = do_import(empty_registry, write_csv(tmp_path, ["a,b,c,d,e,f,g"], header=header))
    assert report.problems[0].startswith("第 1 行（表头）缺少列：status")


def test_extra_values_in_a_row(empty_registry, tmp_path):
    report = do_import(empty_registry, write_csv(tmp_path, [GOOD[0] + ",深圳,坪山"]))
    assert report.problems == ("第 2 行：列数多于表头（是否有未加引号的逗号？）",)


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("licences.xlsx", b"PK", "只能导入 .csv 或 .json 文件"),
        ("licences.csv", HEADER.encode() + "\n居民身份证".encode("gbk"), "文件不是 UTF-8 编码"),
        ("licences.csv", HEADER.encode() + b"\n", "文件中没有任何证照记录"),
        ("licences.json", b'[{"type_code": ', "JSON 格式错误：第 1 行"),
        ("licences.json", b'{"type_code": "x"}', "JSON 文件应是证照对象的列表"),
        ("licences.json", b'["x"]', "第 1 条：应是一个对象"),
        (
            "licences.json",
            b'[{"type_code": "resident_id_card", "number": 12}]',
            "第 1 条：证照编号（number）应为文本",
        ),
    ],
)
def test_files_that_cannot_be_read(empty_registry, tmp_path, name, content, expected):
    path = tmp_path / name
    path.write_bytes(content)
    report = do_import(empty_registry, path)
    assert not report.ok and any(expected in p for p in report.problems), report.problems
    assert count(empty_registry) == 0


def test_a_missing_file(empty_registry, tmp_path):
    report = do_import(empty_registry, tmp_path / "nope.csv")
    assert report.problems[0].startswith("找不到文件")


def test_a_flood_of_problems_is_cut_short(empty_registry, tmp_path):
    rows = [f"no_such_type,N{i},{CHEN},陈晓明,某局,,," for i in range(MAX_PROBLEMS + 10)]
    report = do_import(empty_registry, write_csv(tmp_path, rows))
    assert len(report.problems) == MAX_PROBLEMS + 1
    assert report.problems[-1] == "……另有 10 处问题未列出"


def licence_imports(app) -> list[tuple[str, str, dict]]:
    from sqlmodel import col, select

    from hallapp.store.case_models import AuditEvent

    with app.uow() as uow:
        rows = uow.session.exec(
            select(AuditEvent).where(AuditEvent.action == "licences.import").order_by(col(AuditEvent.seq))
        )
        return [(e.actor, e.object_id, json.loads(e.detail)) for e in rows]


def test_an_import_is_in_the_trail_as_the_administrators_a_refused_one_is_not(empty_registry, tmp_path):
    assert do_import(empty_registry, write_csv(tmp_path, GOOD)).ok
    assert not do_import(empty_registry, write_csv(tmp_path, ["business_licence,,,,,,,"], name="bad.csv")).ok
    assert licence_imports(empty_registry) == [
        (ADMIN.username, "licences.csv", {"added": 2, "updated": 0, "unchanged": 0})
    ]
