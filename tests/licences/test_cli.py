"""``hallapp licences import FILE`` and ``hallapp licences show ID_NUMBER``."""

from __future__ import annotations

from dataclasses import replace

import pytest

from tests.cli_helpers import build_installation, cheap_hashing, copy_installation, run_as, session_of
from tests.licences.conftest import DEMO_CSV, licence_json

WANG = "440307199010010514"


@pytest.fixture(scope="module")
def template(tmp_path_factory):
    return build_installation(tmp_path_factory.mktemp("licences") / "data")


@pytest.fixture(autouse=True)
def _cheap(monkeypatch):
    cheap_hashing(monkeypatch)


@pytest.fixture
def data_dir(template, tmp_path):
    return copy_installation(template, tmp_path)


@pytest.fixture
def cli(data_dir, monkeypatch):
    """``hallapp ARGS`` as the administrator (import) or the clerk lisi (show)."""

    def run(*args: str, user: str | None = None) -> int:
        return run_as(monkeypatch, data_dir, user or ("admin" if args[1] == "import" else "lisi"), *args)

    return run


NEW = "440310200001010014"  # not among the demo applicants
HEADER = "type_code,number,holder_id,holder_name,issuer,issued_on,valid_until,status"


def write(tmp_path, *rows, name="mine.csv"):
    path = tmp_path / name
    path.write_text("\n".join([HEADER, *rows]) + "\n", encoding="utf-8")
    return str(path)


def test_import_then_show(cli, tmp_path, capsys):
    rows = [
        f"resident_id_card,{NEW},{NEW},林小雨,深圳市公安局坪山分局,2018-01-02,2028-01-02,valid",
        f"household_register,440310009901,{NEW},林小雨,深圳市公安局坪山分局,2000-02-01,,valid",
    ]
    assert cli("licences", "import", write(tmp_path, *rows)) == 0
    assert capsys.readouterr().out.strip() == "已导入: 新增 2 张，更新 0 张，未变化 0 张"
    assert cli("licences", "import", write(tmp_path, *rows)) == 0
    assert "新增 0 张，更新 0 张，未变化 2 张" in capsys.readouterr().out
    changed = write(tmp_path, rows[0], rows[1].replace(",valid", ",revoked"))
    assert cli("licences", "import", changed) == 0
    assert "新增 0 张，更新 1 张，未变化 1 张" in capsys.readouterr().out

    assert cli("licences", "show", "4403-1020 0001 0100 14") == 0
    out = capsys.readouterr().out
    assert out.startswith("4403**********0014 林小雨: 2 张电子证照（本地证照库）")
    assert "居民身份证\t4403**********0014\t深圳市公安局坪山分局\t有效期至 2028-01-02\t可用" in out
    assert "居民户口簿\t440310009901" in out and "已注销" in out
    assert NEW not in out  # the ID is masked, also where it is the licence number


def test_demo_licences_show_revoked_and_expired_with_the_reason(cli, capsys):
    assert cli("licences", "import", str(DEMO_CSV)) == 0
    capsys.readouterr()
    assert cli("licences", "show", WANG) == 0
    out = capsys.readouterr().out
    assert out.startswith("4403**********0514 王磊: 5 张电子证照（本地证照库）")
    assert "结婚证\tJ440307-2018-004126" in out and "已注销，不能替代纸质材料" in out
    assert cli("licences", "show", "440304199602290039") == 0
    out = capsys.readouterr().out
    assert "电子证照 4403**********0039 已于 2025-07-01 过期" in out and "440304199602290039" not in out


def test_bad_file_prints_the_problems_and_imports_nothing(cli, tmp_path, capsys):
    bad = write(
        tmp_path,
        f"resident_id_card,{NEW},{NEW},林小雨,深圳市公安局坪山分局,2018-01-02,2028-01-02,valid",
        f"no_such_type,1,{NEW},林小雨,x,,,valid",
    )
    assert cli("licences", "import", bad) == 1
    err = capsys.readouterr().err
    assert "第 3 行：证照类型「no_such_type」不在电子证照类型目录中" in err and "未导入任何证照" in err
    assert cli("licences", "show", NEW) == 1
    assert "本地证照库中没有 4403**********0014 的电子证照" in capsys.readouterr().err


def _use_library(data_dir: str, url: str) -> None:
    """This PC asks the e-licence library at ``url`` (the administrator's station settings)."""
    with session_of(data_dir, "admin") as session:
        station = replace(
            session.station_settings(),
            licence_source="http",
            licence_url=url,
            licence_timeout_ms=300,
            licence_retries=0,
        )
        session.save_station(station)


def test_show_asks_the_configured_library(cli, data_dir, library, capsys):
    library.licences = [licence_json("resident_id_card", WANG, WANG, holder_name="王磊")]
    _use_library(data_dir, library.url)
    assert cli("licences", "show", WANG) == 0
    assert "王磊: 1 张电子证照（电子证照库）" in capsys.readouterr().out


def test_show_says_in_one_line_when_the_library_is_down(cli, data_dir, closed_port, capsys):
    _use_library(data_dir, f"http://127.0.0.1:{closed_port}")
    assert cli("licences", "show", WANG) == 1
    assert capsys.readouterr().err.strip() == "无法连接电子证照库（连接被拒绝），请收取纸质材料"


def test_show_refuses_a_mistyped_number(cli, capsys):
    assert cli("licences", "show", "440307199010010515") == 1
    assert "不是有效的身份证号码或统一社会信用代码：校验位应为 4，输入的是 5" in capsys.readouterr().err
    assert cli("licences", "show", "91440310MA5H2K7P3E") == 1
    assert "校验位应为 D，输入的是 E" in capsys.readouterr().err


def test_import_is_the_administrators_and_show_the_counters(cli, tmp_path, capsys):
    row = f"resident_id_card,{NEW},{NEW},林小雨,深圳市公安局坪山分局,2018-01-02,2028-01-02,valid"
    assert cli("licences", "import", write(tmp_path, row), user="lisi") == 1
    assert "无权导入证照" in capsys.readouterr().err
    assert cli("licences", "import", write(tmp_path, row)) == 0
    assert cli("licences", "show", NEW, user="shenji") == 1  # the auditor reads the trail, not licences
    assert "无权查询电子证照" in capsys.readouterr().err
    assert cli("licences", "show", NEW, user="admin") == 0  # checking an import
