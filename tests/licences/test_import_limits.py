"""An import file far too big is refused at once in plain words, nothing read, nothing changed (issue 10 §4)."""

from __future__ import annotations

from hallapp.licences.local import MAX_FILE_BYTES, MAX_PROBLEMS
from tests.licences.test_import import GOOD, count, do_import, write_csv


def test_a_licence_file_over_the_cap_is_refused_before_it_is_read(empty_registry, tmp_path):
    path = write_csv(tmp_path, GOOD)
    with path.open("r+b") as file:
        file.truncate(MAX_FILE_BYTES + 1)  # sparse: as big as it says, without writing 20 MB
    report = do_import(empty_registry, path)
    assert not report.ok and len(report.problems) == 1
    (problem,) = report.problems
    assert "licences.csv" in problem and "超过导入上限 20 MB" in problem and "拆成" in problem
    assert count(empty_registry) == 0


def test_a_file_at_the_cap_is_read_and_checked_as_usual(empty_registry, tmp_path):
    path = write_csv(tmp_path, GOOD)
    assert do_import(empty_registry, path).added == 2
    assert path.stat().st_size <= MAX_FILE_BYTES


def test_a_file_of_many_bad_rows_lists_the_first_problems_and_counts_the_rest(empty_registry, tmp_path):
    rows = [f"no_such_type,{n},440310198506120315,某某,某局,2020-01-01,,valid" for n in range(500)]
    report = do_import(empty_registry, write_csv(tmp_path, rows))
    assert len(report.problems) == MAX_PROBLEMS + 1
    assert report.problems[-1] == f"……另有 {500 - MAX_PROBLEMS} 处问题未列出"
    assert count(empty_registry) == 0
