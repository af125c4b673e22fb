"""``hallapp restore`` says where numbering continues after each backup, and after a restore names the
numbers the restored copy lacks (issue 10 §1)."""

from __future__ import annotations

import re
from datetime import datetime

import pytest

from tests.cli_helpers import build_installation, cheap_hashing, copy_installation, run_as, session_of


@pytest.fixture(scope="module")
def template(tmp_path_factory):
    return build_installation(tmp_path_factory.mktemp("cli-restore") / "data")


@pytest.fixture
def data_dir(template, tmp_path, monkeypatch):
    cheap_hashing(monkeypatch)
    return copy_installation(template, tmp_path)


def _take_in(data_dir: str, count: int) -> list[str]:
    from hallapp.services.intake import Decision
    from tests.services.intake_helpers import guide_for, request

    numbers = []
    with session_of(data_dir, "lisi") as session:
        guide = guide_for(session.context, "就业登记")
        for _ in range(count):
            number = session.submit(
                request(guide, Decision.ACCEPT), now=datetime(2026, 11, 27, 9, 30)
            ).value.number
            session.print_documents(number)
            numbers.append(number)
    return numbers


def test_restore_lists_where_numbering_continues_and_reports_what_the_copy_lacks(
    data_dir, monkeypatch, capsys
):
    _take_in(data_dir, 1)
    assert run_as(monkeypatch, data_dir, "admin", "backup") == 0
    made = capsys.readouterr().out.split(": ", 1)[1].strip()
    later = _take_in(data_dir, 2)

    assert run_as(monkeypatch, data_dir, "admin", "restore") == 0
    listed = capsys.readouterr().out
    following = re.search(r"恢复后受理编号将从 (\S+) 起", listed)
    assert following is not None and following[1] > max(later)

    assert run_as(monkeypatch, data_dir, "admin", "restore", made) == 0
    err = capsys.readouterr().err
    assert all(number in err for number in later) and "编号将从" in err
    assert _take_in(data_dir, 1)[0] == following[1]  # exactly where the listing said


def test_a_command_on_a_database_behind_what_was_issued_says_so_and_goes_on(data_dir, monkeypatch, capsys):
    from hallapp.config import resolve_paths
    from hallapp.services.backups import backup_now, restore

    paths = resolve_paths(data_dir)
    made = backup_now(paths)
    lost = _take_in(data_dir, 2)
    restore(paths, made)  # behind the command line's back, the app closed
    capsys.readouterr()
    assert run_as(monkeypatch, data_dir, "lisi", "due") == 0  # the command still runs
    err = capsys.readouterr().err
    assert all(number in err for number in lost) and "已记入审计记录" in err
    assert run_as(monkeypatch, data_dir, "lisi", "due") == 0
    assert not any(number in capsys.readouterr().err for number in lost)  # told once
