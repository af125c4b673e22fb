"""A holiday schedule file far too big is refused at once in plain words (issue 10 §4)."""

from __future__ import annotations

from hallapp.services.calendar import MAX_FILE_BYTES, read_schedule_csv


def test_a_schedule_file_over_the_cap_is_refused_before_it_is_read(tmp_path):
    path = tmp_path / "holidays.csv"
    path.write_text("date,kind,name\n2027-01-01,休,元旦\n", encoding="utf-8")
    assert read_schedule_csv(path)[2] == []  # the same file at its real size is fine
    with path.open("r+b") as file:
        file.truncate(MAX_FILE_BYTES + 1)
    year, rows, problems = read_schedule_csv(path)
    assert (year, rows) == (None, [])
    assert len(problems) == 1 and "holidays.csv" in problems[0] and "超过上限 1024 KB" in problems[0]
