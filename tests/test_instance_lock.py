"""One app per data folder: a second process is refused; a killed one leaves the folder usable."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from hallapp.instance_lock import LOCK_FILE_NAME, FolderInUse, InstanceLock

HOLDER = textwrap.dedent(
    """
    import sys, time
    from pathlib import Path
    from hallapp.instance_lock import InstanceLock

    InstanceLock(Path(sys.argv[1]), purpose=sys.argv[2]).acquire()
    print("held", flush=True)
    time.sleep(120)
    """
)


def hold_in_another_process(folder: Path, purpose: str = "window") -> subprocess.Popen[str]:
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(folder), purpose], stdout=subprocess.PIPE, text=True
    )
    assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
    return holder


def test_a_second_process_is_refused_and_told_what_holds_the_folder(tmp_path):
    holder = hold_in_another_process(tmp_path / "data")
    try:
        with pytest.raises(FolderInUse) as refused:
            InstanceLock(tmp_path / "data").acquire()
        assert refused.value.purpose == "window" and refused.value.data_dir == tmp_path / "data"
    finally:
        holder.kill()
        holder.wait()


def test_a_killed_holder_leaves_the_folder_usable(tmp_path):
    holder = hold_in_another_process(tmp_path, purpose="restore")
    os.kill(holder.pid, signal.SIGKILL)  # no clean-up code runs: only the kernel lets go
    holder.wait()
    assert (tmp_path / LOCK_FILE_NAME).exists()  # the file stays; it is the lock that counts
    with InstanceLock(tmp_path) as lock:
        assert lock.held
        assert "purpose=window" in (tmp_path / LOCK_FILE_NAME).read_text()


def test_the_same_process_cannot_open_the_folder_twice_and_release_frees_it(tmp_path):
    first = InstanceLock(tmp_path / "new" / "folder")  # a folder that does not exist yet is created
    first.acquire()
    with pytest.raises(FolderInUse):
        InstanceLock(tmp_path / "new" / "folder").acquire()
    first.release()
    first.release()  # twice is harmless
    with InstanceLock(tmp_path / "new" / "folder"):
        pass


def test_restore_on_the_command_line_is_refused_while_a_window_holds_the_folder(tmp_path):
    holder = hold_in_another_process(tmp_path)
    env = dict(os.environ, HALLAPP_DATA_DIR=str(tmp_path), PYTHONIOENCODING="utf-8")
    try:
        refused = subprocess.run(
            [sys.executable, "-m", "hallapp.cli", "restore", "any-backup.sqlite3"],
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
        listing = subprocess.run(  # listing the backups changes nothing: allowed while the window runs
            [sys.executable, "-m", "hallapp.cli", "restore"],
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
    finally:
        holder.kill()
        holder.wait()
    assert refused.returncode == 1
    assert "关闭" in refused.stderr and str(tmp_path) in refused.stderr
    assert "HallApp 窗口" in refused.stderr
    assert "HallApp 窗口" not in listing.stderr
