"""``hallapp disclosure due`` and ``hallapp disclosure report``, signed in as the installation's people."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from hallapp.domain.disclosure import ReceiptChannel
from tests.cli_helpers import build_installation, cheap_hashing, copy_installation, run_as, session_of
from tests.services.disclosure_helpers import ID, form


@pytest.fixture(scope="module")
def template(tmp_path_factory):
    return build_installation(tmp_path_factory.mktemp("cli-disclosure") / "data")


@pytest.fixture(autouse=True)
def _cheap(monkeypatch):
    cheap_hashing(monkeypatch)


@pytest.fixture
def data_dir(template, tmp_path):
    return copy_installation(template, tmp_path)


def _register(data_dir: str, **changes) -> str:
    with session_of(data_dir, "lisi") as session:
        return session.register_disclosure(form(**changes)).value.request.number


def test_due_lists_the_overdue_and_waiting_requests_and_masks_ids(data_dir, monkeypatch, capsys):
    today = date.today()
    overdue = _register(
        data_dir,
        channel=ReceiptChannel.EMAIL,
        arrived_on=today - timedelta(days=70),
        description=f"本人（{ID}）的社保缴费记录",
    )
    fresh = _register(data_dir, arrived_on=today)
    waiting = _register(data_dir, arrived_on=today, name="林一")
    with session_of(data_dir, "lisi") as session:
        session.ask_disclosure_correction(waiting, ["写明年份"])

    assert run_as(monkeypatch, data_dir, "lisi", "disclosure", "due", "--within", "3") == 0
    out = capsys.readouterr().out
    lines = {line.split("\t")[0]: line for line in out.splitlines()}
    assert set(lines) == {overdue, waiting}
    assert "逾期" in lines[overdue] and "4403**********1239" in lines[overdue] and ID not in out
    assert "待补正" in lines[waiting] and "期限未起算" in lines[waiting]
    assert list(lines) == [overdue, waiting]  # the overdue one first

    assert run_as(monkeypatch, data_dir, "wangwu", "disclosure", "due", "--within", "30") == 0
    assert fresh in capsys.readouterr().out


def test_due_says_when_nothing_is_due(data_dir, monkeypatch, capsys):
    assert run_as(monkeypatch, data_dir, "lisi", "disclosure", "due") == 0
    assert "没有到期、逾期或等待中的政府信息公开申请" in capsys.readouterr().out


def test_the_auditor_and_the_administrator_are_refused(data_dir, monkeypatch, capsys):
    for user in ("shenji", "admin"):
        assert run_as(monkeypatch, data_dir, user, "disclosure", "due") == 1
        assert "无权办理依申请公开" in capsys.readouterr().err


def test_report_writes_the_years_table_and_its_cross_check(data_dir, monkeypatch, capsys, tmp_path):
    _register(data_dir, arrived_on=date.today())
    year = str(date.today().year)
    for name in ("table.xlsx", "table.pdf"):
        out = tmp_path / name
        assert (
            run_as(monkeypatch, data_dir, "lisi", "disclosure", "report", "--year", year, "--out", str(out))
            == 0
        )
        printed = capsys.readouterr().out
        assert out.exists() and out.stat().st_size > 1000
        assert f"已输出 {year} 年政府信息公开申请情况表" in printed and "全部相符" in printed


def test_report_refuses_a_wrong_year_or_file(data_dir, monkeypatch, capsys, tmp_path):
    assert (
        run_as(monkeypatch, data_dir, "lisi", "disclosure", "report", "--year", "26", "--out", "x.xlsx") == 2
    )
    assert "年份应在 2008 到 2999 之间" in capsys.readouterr().err
    assert run_as(monkeypatch, data_dir, "lisi", "disclosure", "report", "--year", "2026") == 2
    assert "缺少参数" in capsys.readouterr().err
    out = tmp_path / "table.txt"
    assert (
        run_as(monkeypatch, data_dir, "lisi", "disclosure", "report", "--year", "2026", "--out", str(out))
        == 1
    )
    assert "只能保存为" in capsys.readouterr().err and not out.exists()
