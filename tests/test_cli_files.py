"""Commands that write a file record nothing until the file is written, and show no ID inside a number.

``receipt --out`` and ``remind --out`` into a folder that does not exist, onto a folder, or onto a full
disk: a plain message, exit 1, and no print, reprint or reminder in the audit trail, no document in the
case's archive list, no half-written file. A 残疾人证 number (the holder's ID and two digits) is masked in
``licences show`` like the ID itself.
"""

from __future__ import annotations

import errno
import os

import pytest

from tests.cli_helpers import (
    actors_of,
    build_installation,
    cheap_hashing,
    copy_installation,
    run_as,
    session_of,
)
from tests.test_cli import _accepted, _deferred

HOLDER = "440310198506120315"  # 陈晓明 of the shipped demo licences
DISABILITY_NUMBER = HOLDER + "41"  # 残疾人证: the ID, the kind (4) and the grade (1) of disability


@pytest.fixture(scope="module")
def template(tmp_path_factory):
    return build_installation(tmp_path_factory.mktemp("cli-files") / "data")


@pytest.fixture(autouse=True)
def _cheap(monkeypatch):
    cheap_hashing(monkeypatch)


@pytest.fixture
def data_dir(template, tmp_path):
    return copy_installation(template, tmp_path)


def _documents_of(data_dir: str, number: str) -> list:
    with session_of(data_dir, "lisi") as session:
        detail = session.case_detail(number)
        assert detail is not None
        return list(detail.documents)


def test_a_receipt_into_a_missing_folder_records_nothing(data_dir, tmp_path, monkeypatch, capsys):
    number = _accepted(data_dir)
    missing = tmp_path / "no-such-folder" / "r.pdf"
    assert run_as(monkeypatch, data_dir, "lisi", "receipt", number, "--out", str(missing)) == 1
    err = capsys.readouterr().err
    assert f"输出文件夹不存在：{missing.parent}" in err and "本次未作任何记录" in err
    assert "Traceback" not in err and not missing.parent.exists()
    assert actors_of(data_dir, "document.print") == [] and _documents_of(data_dir, number) == []
    # into a folder that exists it is the original, not a copy: the failed attempt printed nothing
    out = tmp_path / "r.pdf"
    assert run_as(monkeypatch, data_dir, "lisi", "receipt", number, "--out", str(out)) == 0
    assert "（副本）" not in capsys.readouterr().out and out.is_file()
    assert actors_of(data_dir, "document.print") == ["lisi"] and len(_documents_of(data_dir, number)) == 1


def test_a_reprint_onto_a_folder_or_a_file_as_folder_records_nothing(data_dir, tmp_path, monkeypatch, capsys):
    number = _accepted(data_dir)
    assert run_as(monkeypatch, data_dir, "lisi", "receipt", number, "--out", str(tmp_path / "r.pdf")) == 0
    capsys.readouterr()
    not_a_folder = tmp_path / "r.pdf" / "copy.pdf"
    for out, words in ((tmp_path, "是一个文件夹，请在后面加上文件名"), (not_a_folder, "不是文件夹")):
        assert run_as(monkeypatch, data_dir, "lisi", "receipt", number, "--out", str(out)) == 1
        assert words in capsys.readouterr().err
    assert actors_of(data_dir, "document.reprint") == [] and len(_documents_of(data_dir, number)) == 1


def test_a_full_disk_records_nothing_and_leaves_no_part_file(data_dir, tmp_path, monkeypatch, capsys):
    number = _accepted(data_dir)
    folder = tmp_path / "usb"
    folder.mkdir()
    real_replace = os.replace

    def full(source, target):
        if str(target).startswith(str(folder)):
            raise OSError(errno.ENOSPC, "No space left on device", str(target))
        return real_replace(source, target)

    monkeypatch.setattr(os, "replace", full)
    assert run_as(monkeypatch, data_dir, "lisi", "receipt", number, "--out", str(folder / "r.pdf")) == 1
    assert "磁盘已满" in capsys.readouterr().err
    assert list(folder.iterdir()) == []
    assert actors_of(data_dir, "document.print") == [] and _documents_of(data_dir, number) == []


def test_reminders_into_a_missing_folder_record_no_print_and_no_reminder(
    data_dir, tmp_path, monkeypatch, capsys
):
    number = _deferred(data_dir)
    missing = tmp_path / "letters" / "reminders.pdf"
    args = ("remind", "--within", "10", "--out", str(missing), "--method", "letter")
    assert run_as(monkeypatch, data_dir, "lisi", *args) == 1
    assert "输出文件夹不存在" in capsys.readouterr().err
    assert actors_of(data_dir, "case.remind") == [] and actors_of(data_dir, "document.print") == []
    missing.parent.mkdir()
    assert run_as(monkeypatch, data_dir, "lisi", *args) == 0
    assert number and missing.is_file()
    assert actors_of(data_dir, "case.remind") == ["lisi"] and actors_of(data_dir, "document.print") == [
        "lisi"
    ]


def test_licences_show_masks_an_id_inside_a_licence_number(data_dir, tmp_path, monkeypatch, capsys):
    rows = tmp_path / "licences.csv"
    rows.write_text(
        "type_code,number,holder_id,holder_name,issuer,issued_on,valid_until,status\n"
        f"disability_certificate,{DISABILITY_NUMBER},{HOLDER},陈晓明,深圳市坪山区残疾人联合会,2020-01-02,,valid\n"
        f"disability_certificate,{DISABILITY_NUMBER}9,{HOLDER},陈晓明,深圳市坪山区残疾人联合会,2015-01-02,"
        "2019-01-02,valid\n",
        encoding="utf-8",
    )
    assert run_as(monkeypatch, data_dir, "admin", "licences", "import", str(rows)) == 0
    capsys.readouterr()
    assert run_as(monkeypatch, data_dir, "lisi", "licences", "show", HOLDER) == 0
    out = capsys.readouterr().out
    assert f"4403**********{HOLDER[-4:]}41" in out and f"4403**********{HOLDER[-4:]}419" in out
    assert HOLDER not in out and HOLDER[6:14] not in out  # neither the ID nor the birth date
    assert "已于 2019-01-02 过期" in out  # the expired one says why, with its number masked too
