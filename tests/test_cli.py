import pytest

from hallapp.cli import main
from hallapp.config import SHIPPED_CATALOGUE_DIR
from hallapp.services.catalogue_files import read_catalogue


@pytest.fixture
def data_dir(tmp_path):
    return str(tmp_path / "data")


def test_search_prints_code_name_department(data_dir, capsys):
    assert main(["search", "cypxbt", "--data-dir", data_dir]) == 0
    out = capsys.readouterr().out.splitlines()
    code, name, department = out[0].split("\t")
    assert name == "创业培训补贴申领" and department == "区人力资源局" and code.startswith("11440310")


def test_search_options_before_the_command_and_filters(data_dir, capsys):
    assert main(["--data-dir", data_dir, "search", "登记", "--delegated", "--limit", "3"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert 1 <= len(lines) <= 3 and all("登记" in line for line in lines)


def test_show_prints_the_guide(data_dir, capsys):
    main(["search", "高龄老人津贴", "--data-dir", data_dir])
    code = capsys.readouterr().out.split("\t")[0]
    assert main(["show", code, "--data-dir", data_dir]) == 0
    out = capsys.readouterr().out
    for part in (
        "高龄老人津贴申领",
        "申请材料",
        "受理条件",
        "办理流程",
        "设定依据",
        "咨询电话",
        "居民身份证",
    ):
        assert part in out


def test_unknown_code_and_no_hits_say_so_plainly(data_dir, capsys):
    assert main(["show", "nope", "--data-dir", data_dir]) == 1
    assert "没有编码为「nope」的事项" in capsys.readouterr().err
    assert main(["search", "完全不存在的东西", "--data-dir", data_dir]) == 1
    assert "没有找到" in capsys.readouterr().err


def test_data_dir_from_the_environment(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("HALLAPP_DATA_DIR", str(tmp_path / "env-data"))
    assert main(["search", "jiuye"]) == 0
    assert (tmp_path / "env-data" / "hallapp.sqlite3").exists()


def test_catalogue_check_and_load(data_dir, capsys):
    assert main(["catalogue", "check"]) == 0
    count = len(read_catalogue(SHIPPED_CATALOGUE_DIR).guides)
    assert f"{count} 个事项" in capsys.readouterr().out
    assert main(["catalogue", "load", "--data-dir", data_dir]) == 0
    assert "已载入" in capsys.readouterr().out
    assert main(["catalogue", "load", "--data-dir", data_dir]) == 0
    assert "未变化" in capsys.readouterr().out


def test_receipt_reprints_a_case_document(data_dir, tmp_path, capsys):
    from datetime import datetime

    from hallapp.config import resolve_paths
    from hallapp.services.bootstrap import open_app
    from hallapp.services.intake import Decision, submit_intake
    from tests.printing.pdfcheck import text
    from tests.services.intake_helpers import guide_for, request

    context = open_app(resolve_paths(data_dir))
    context.search.prepare()
    guide = guide_for(context, "就业登记")
    result = submit_intake(
        context.uow(write=True),
        request(guide, Decision.ACCEPT),
        settings=context.settings(),
        calendar=context.calendar,
        now=datetime(2026, 11, 27, 9, 30),
    )
    context.close()
    out = tmp_path / "r.pdf"
    assert main(["receipt", result.number, "--out", str(out), "--data-dir", data_dir]) == 0
    assert "受理回执" in capsys.readouterr().out
    first = text(out.read_bytes())
    assert result.number in first and "副本" not in first
    assert main(["receipt", result.number, "--out", str(out), "--data-dir", data_dir]) == 0
    assert "副本" in text(out.read_bytes())
    assert main(["receipt", "NOPE", "--out", str(out), "--data-dir", data_dir]) == 1
    assert "没有编号" in capsys.readouterr().err


def test_due_and_remind(data_dir, tmp_path, capsys):
    from datetime import datetime

    from hallapp.config import resolve_paths
    from hallapp.services.bootstrap import open_app
    from hallapp.services.intake import Decision, MaterialInput, submit_intake
    from tests.printing.pdfcheck import text
    from tests.services.intake_helpers import all_received, guide_for, request

    context = open_app(resolve_paths(data_dir))
    context.search.prepare()
    guide = guide_for(context, "创业培训补贴申领")
    materials = list(all_received(guide))
    index = next(i for i, m in enumerate(guide.materials_for({})) if m.deferrable)
    materials[index] = MaterialInput(deferred=True)

    result = submit_intake(
        context.uow(write=True),
        request(guide, Decision.DEFER, tuple(materials), commitment_signed=True),
        settings=context.settings(),
        calendar=context.calendar,
        now=datetime.now(),
    )
    context.close()
    assert main(["due", "--within", "10", "--data-dir", data_dir]) == 0
    out = capsys.readouterr().out
    assert result.number in out and "剩" in out
    assert main(["due", "--within", "0", "--data-dir", data_dir]) == 0
    assert result.number not in capsys.readouterr().out  # 5 working days left, not 0
    pdf = tmp_path / "reminders.pdf"
    assert (
        main(["remind", "--within", "10", "--out", str(pdf), "--method", "phone", "--data-dir", data_dir])
        == 0
    )
    assert "1 份催补通知" in capsys.readouterr().out
    assert result.number in text(pdf.read_bytes())


def test_export_command(data_dir, tmp_path, capsys):
    assert (
        main(
            [
                "export",
                "--from",
                "2026-01-01",
                "--to",
                "2026-12-31",
                "--out",
                str(tmp_path / "c.csv"),
                "--data-dir",
                data_dir,
            ]
        )
        == 0
    )
    assert "已导出 0 件" in capsys.readouterr().out
    assert (tmp_path / "c.csv").read_text(encoding="utf-8-sig").startswith("受理编号")
    assert (
        main(
            [
                "export",
                "--from",
                "2026-12-31",
                "--to",
                "2026-01-01",
                "--out",
                str(tmp_path / "d.csv"),
                "--data-dir",
                data_dir,
            ]
        )
        == 1
    )
    assert "结束日期" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        main(["export", "--from", "yesterday", "--to", "2026-01-01", "--out", "x.csv"])
    assert "YYYY-MM-DD" in capsys.readouterr().err


def test_once_accounts_exist_commands_act_for_a_signed_in_person(data_dir, tmp_path, capsys, monkeypatch):
    from hallapp.config import resolve_paths
    from hallapp.domain.access import Role
    from hallapp.services.accounts import create_account, create_first_admin
    from hallapp.services.bootstrap import open_app

    context = open_app(resolve_paths(data_dir))
    admin = create_first_admin(context.uow(write=True), "admin", "管理员", "Hall-Root-2026x")
    create_account(context.uow(write=True), admin, "lisi", "李四", Role.CLERK, "08", "Clerk-Pass-2026")
    context.close()
    out = str(tmp_path / "c.csv")
    assert main(["search", "jiuye", "--data-dir", data_dir]) == 0  # the catalogue stays public
    capsys.readouterr()
    assert (
        main(["export", "--from", "2026-01-01", "--to", "2026-12-31", "--out", out, "--data-dir", data_dir])
        == 1
    )
    assert "--user" in capsys.readouterr().err
    monkeypatch.setenv("HALLAPP_PASSWORD", "wrong-password")
    assert (
        main(
            [
                "export",
                "--from",
                "2026-01-01",
                "--to",
                "2026-12-31",
                "--out",
                out,
                "--user",
                "lisi",
                "--data-dir",
                data_dir,
            ]
        )
        == 1
    )
    assert "密码" in capsys.readouterr().err
    monkeypatch.setenv("HALLAPP_PASSWORD", "Clerk-Pass-2026")
    assert (
        main(
            [
                "export",
                "--from",
                "2026-01-01",
                "--to",
                "2026-12-31",
                "--out",
                out,
                "--user",
                "lisi",
                "--data-dir",
                data_dir,
            ]
        )
        == 1
    )  # a clerk may not export the register
    assert "无权" in capsys.readouterr().err
    monkeypatch.setenv("HALLAPP_PASSWORD", "Hall-Root-2026x")
    assert (
        main(["audit", "verify", "--user", "admin", "--data-dir", data_dir]) == 1
    )  # nor may an administrator
    assert "无权" in capsys.readouterr().err
