from datetime import datetime
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from hallapp.store.backup import BackupInfo
from hallapp.ui.restore_dialog import RestoreDialog

PROBLEM = "数据库文件 hallapp.sqlite3 已损坏，无法读取（file is not a database）。"


def backups(folder: Path) -> list[BackupInfo]:
    return [
        BackupInfo(
            folder / "hallapp-daily-20240501-080000.sqlite3",
            datetime(2024, 5, 1, 8, 0),
            350_000,
            True,
            "daily",
        ),
        BackupInfo(
            folder / "hallapp-manual-20240503-173000.sqlite3",
            datetime(2024, 5, 3, 17, 30),
            2_500_000,
            True,
            "manual",
        ),
        BackupInfo(
            folder / "hallapp-before-0008-20240502-090000.sqlite3",
            datetime(2024, 5, 2, 9, 0),
            300_000,
            None,
            "before-0008",
        ),
    ]


def test_lists_good_backups_newest_first_and_says_what_is_wrong(qtbot, tmp_path):
    dialog = RestoreDialog(PROBLEM, backups(tmp_path))
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.problem_label.text() == PROBLEM
    assert "移到备份文件夹" in dialog.hint_label.text()
    rows = [dialog.backup_list.item(i).text() for i in range(dialog.backup_list.count())]
    assert rows[0].startswith("2024-05-03 17:30") and "2.4 MB" in rows[0] and "手动备份" in rows[0]
    assert rows[1].startswith("2024-05-02 09:00") and "升级前备份" in rows[1]
    assert rows[2].startswith("2024-05-01 08:00") and "342 KB" in rows[2] and "每日备份" in rows[2]
    assert dialog.chosen() == tmp_path / "hallapp-manual-20240503-173000.sqlite3"
    assert dialog.restore_button.text() == "用此备份恢复(&R)" and dialog.quit_button.text() == "退出(&Q)"
    assert dialog.restore_button.isDefault()


def test_emits_restore_requested_with_the_chosen_backup_then_waits(qtbot, tmp_path):
    dialog = RestoreDialog(PROBLEM, backups(tmp_path))
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.backup_list.setCurrentRow(2)
    with qtbot.waitSignal(dialog.restore_requested) as blocker:
        qtbot.mouseClick(dialog.restore_button, Qt.MouseButton.LeftButton)
    assert blocker.args == [tmp_path / "hallapp-daily-20240501-080000.sqlite3"]
    assert dialog.isVisible() and not dialog.restore_button.isEnabled() and not dialog.quit_button.isEnabled()
    dialog.reject()  # Esc while restoring does nothing
    assert dialog.isVisible()

    dialog.restore_failed("备份 hallapp-daily-20240501-080000.sqlite3 未通过校验，未做任何改动")
    assert "未通过校验" in dialog.status_label.text() and dialog.status_label.isVisible()
    assert dialog.restore_button.isEnabled() and dialog.backup_list.isEnabled()

    with qtbot.waitSignal(dialog.restore_requested) as blocker:
        qtbot.keyClick(dialog.backup_list, Qt.Key.Key_Return)
    assert blocker.args == [tmp_path / "hallapp-daily-20240501-080000.sqlite3"]
    dialog.accept()  # the caller's restore worked
    assert dialog.result() == RestoreDialog.DialogCode.Accepted and not dialog.isVisible()


def test_quit_rejects(qtbot, tmp_path):
    dialog = RestoreDialog(PROBLEM, backups(tmp_path))
    qtbot.addWidget(dialog)
    dialog.show()
    with qtbot.assertNotEmitted(dialog.restore_requested):
        qtbot.mouseClick(dialog.quit_button, Qt.MouseButton.LeftButton)
    assert dialog.result() == RestoreDialog.DialogCode.Rejected and not dialog.isVisible()


def test_without_backups_only_quit_is_offered(qtbot):
    dialog = RestoreDialog(PROBLEM, [])
    qtbot.addWidget(dialog)
    dialog.show()
    assert "没有找到可用的备份" in dialog.hint_label.text()
    assert dialog.backup_list.isHidden() and not dialog.restore_button.isEnabled()
    assert dialog.quit_button.isDefault()


def test_a_real_damaged_installation_offers_its_backup(qtbot, paths):
    from hallapp.services.backups import DatabaseDamaged, backup_now, check_database, restore
    from hallapp.services.bootstrap import open_app

    if paths.database_file is None:
        pytest.skip("backups are for the SQLite database")
    open_app(paths).close()
    made = backup_now(paths)
    with open(paths.database_file, "r+b") as handle:
        handle.write(b"garbage!" * 32)
    with pytest.raises(DatabaseDamaged) as damaged:
        check_database(paths)
    dialog = RestoreDialog(damaged.value.problem, damaged.value.backups)
    qtbot.addWidget(dialog)
    dialog.show()
    assert "已损坏" in dialog.problem_label.text() and dialog.backup_list.count() == 1
    dialog.restore_requested.connect(lambda path: (restore(paths, path), dialog.accept()))
    qtbot.mouseClick(dialog.restore_button, Qt.MouseButton.LeftButton)
    assert dialog.result() == RestoreDialog.DialogCode.Accepted
    check_database(paths, quick=False)
    assert made.exists()
