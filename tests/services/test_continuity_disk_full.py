"""A full disk while a document, an export, a backup or the search index is written leaves no ``.part``
behind and says so in plain words (issue 10 §1)."""

from __future__ import annotations

import errno
import os
from datetime import date

import pytest

from hallapp.errors import is_expected
from hallapp.services.intake import Decision
from hallapp.store.files import FileNotWritten
from tests.people import ADMIN, CLERK, SUPERVISOR, create_accounts
from tests.services.conftest import AT

MATTER = "创业培训补贴申领"


def _full(*_args, **_kwargs):
    raise OSError(errno.ENOSPC, "No space left on device")


def _parts(folder) -> list:
    return sorted(p.name for p in folder.rglob("*.part"))


def _assert_plain(error: BaseException) -> None:
    assert isinstance(error, FileNotWritten) and is_expected(error)
    assert "磁盘空间已满" in str(error) and "没有留下不完整的文件" in str(error)


def test_a_document_on_a_full_disk(hall, monkeypatch):
    clerk = hall.session(CLERK)
    number = clerk.submit(hall.request(MATTER, Decision.ACCEPT), now=AT).value.number
    monkeypatch.setattr(os, "fsync", _full)
    with pytest.raises(FileNotWritten) as raised:
        clerk.print_documents(number)
    _assert_plain(raised.value)
    assert _parts(hall.context.paths.data_dir) == []
    monkeypatch.undo()
    assert clerk.print_documents(number).value  # with room again, it prints


def test_an_export_on_a_full_disk(hall, monkeypatch, tmp_path):
    from hallapp.services import export

    hall.session(CLERK).submit(hall.request(MATTER, Decision.ACCEPT), now=AT)
    written = export.write_table

    def half_then_full(path, header, rows, **how):
        written(path, header, rows, **how)  # the rows are in the .part: then the disk fills
        _full()

    monkeypatch.setattr(export, "write_table", half_then_full)
    target = tmp_path / "out" / "cases.csv"
    target.parent.mkdir()
    with pytest.raises(FileNotWritten) as raised:
        hall.session(SUPERVISOR).export_cases(target, since=date(2026, 9, 1), until=date(2026, 10, 31))
    _assert_plain(raised.value)
    assert list(target.parent.iterdir()) == []


def test_a_backup_on_a_full_disk(hall, monkeypatch):
    from hallapp.store import backup

    if hall.context.paths.database_file is None:
        pytest.skip("file backups are SQLite's")
    create_accounts(hall.context, ADMIN)
    hall.context.principal = None
    monkeypatch.setattr(backup, "_fsync", _full)
    with pytest.raises(FileNotWritten) as raised:
        hall.session(ADMIN).backup_now()
    _assert_plain(raised.value)
    assert _parts(hall.context.paths.backup_dir) == []
    assert list(hall.context.paths.backup_dir.glob("*.sqlite3")) == []


def test_the_search_index_on_a_full_disk(ready_context, monkeypatch, tmp_path):
    from hallapp.search import persist

    index = ready_context.search.index
    assert index is not None
    monkeypatch.setattr(os, "fsync", _full)
    target = tmp_path / "index" / "search.npz"
    with pytest.raises(FileNotWritten):
        persist.save(index, target)
    assert not target.exists() and _parts(tmp_path) == []
