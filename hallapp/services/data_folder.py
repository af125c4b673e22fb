"""数据目录检查 (data folder check): refuse to keep the SQLite database on a network share or in a
cloud-sync folder, and say why.

SQLite relies on the operating system's file locks, which network file systems (SMB/CIFS, NFS, …) do not
implement reliably: two programs can then write at once and corrupt the file. Sync tools (OneDrive, 坚果云,
百度网盘, …) copy the file while it is being written and may put an older or half-written copy back.

Pure functions: the mount table and the Windows drive-type lookup can be passed in, so tests run anywhere.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path, PurePath, PurePosixPath, PureWindowsPath

from hallapp.config import AppPaths

Mount = tuple[str, str]  # (mount point, file-system type)

NETWORK_FS_TYPES = frozenset(
    {
        "nfs",
        "nfs4",
        "cifs",
        "smb",
        "smb2",
        "smb3",
        "smbfs",
        "ncpfs",
        "9p",
        "afp",
        "afpfs",
        "webdav",
        "davfs",
        "fuse.davfs",
        "fuse.sshfs",
        "sshfs",
        "fuse.rclone",
        "glusterfs",
        "fuse.glusterfs",
        "ceph",
        "fuse.ceph",
        "lustre",
        "gpfs",
        "fuse.s3fs",
        "fuse.gcsfuse",
    }
)
# Folder names of sync clients. Latin names match a whole path component or its start before a separator
# ("OneDrive - 单位", "GoogleDrive-name@…", "Dropbox (Personal)"); prefixes match any component starting with
# them ("BaiduNetdiskWorkspace", "BaiduSyncdisk"); Chinese names match anywhere in a component ("我的坚果云").
CLOUD_FOLDERS_LATIN = (
    "OneDrive",
    "Dropbox",
    "iCloudDrive",
    "iCloud Drive",
    "Mobile Documents",
    "com~apple~CloudDocs",
    "CloudStorage",
    "Google Drive",
    "GoogleDrive",
    "WPS Cloud Files",
    "Box Sync",
    "pCloudDrive",
    "Weiyun",
)
CLOUD_FOLDER_PREFIXES = ("BaiduNetdisk", "BaiduSyncdisk", "BaiduYun", "Nutstore", "WPSDrive", "WPSCloud")
CLOUD_FOLDERS_CHINESE = (
    "百度网盘",
    "百度云",
    "坚果云",
    "WPS云盘",
    "WPS网盘",
    "腾讯微云",
    "阿里云盘",
    "天翼云盘",
    "115网盘",
)
DRIVE_REMOTE = 4  # GetDriveTypeW

ADVICE = (
    "请把数据目录放在本机硬盘上（例如 D:\\HallApp\\数据），启动时用 --data-dir 或环境变量 HALLAPP_DATA_DIR "
    "指定；需要异地保存时，把备份文件夹里的备份复制到网盘或共享文件夹即可。几个窗口共用数据时，请使用 "
    "PostgreSQL 数据库服务器（--database-url）。"
)


def _is_latin_match(component: str, name: str) -> bool:
    lowered, wanted = component.casefold(), name.casefold()
    if lowered == wanted:
        return True
    return lowered.startswith(wanted) and lowered[len(wanted)] in " -_(.（@"


def cloud_folder(path: PurePath) -> str | None:
    """The sync client's folder name if ``path`` lies inside one, else None."""
    for component in path.parts:
        for name in CLOUD_FOLDERS_LATIN:
            if _is_latin_match(component, name):
                return component
        lowered = component.casefold()
        if lowered.startswith(tuple(name.casefold() for name in CLOUD_FOLDER_PREFIXES)):
            return component
        if any(name.casefold() in lowered for name in CLOUD_FOLDERS_CHINESE):
            return component
    return None


def _unescape_mount(text: str) -> str:
    """/proc/mounts writes space, tab, newline and backslash as octal escapes (``\\040``)."""
    return re.sub(r"\\([0-7]{3})", lambda m: chr(int(m.group(1), 8)), text)


def parse_proc_mounts(text: str) -> list[Mount]:
    mounts: list[Mount] = []
    for line in text.splitlines():
        fields = line.split()
        if len(fields) >= 3:
            mounts.append((_unescape_mount(fields[1]), fields[2]))
    return mounts


def parse_mount_output(text: str) -> list[Mount]:
    """macOS ``mount`` lines: ``//user@server/share on /Volumes/share (smbfs, nodev, …)``."""
    mounts: list[Mount] = []
    for line in text.splitlines():
        match = re.match(r"^.+? on (.+) \(([^,)]+)", line)
        if match:
            mounts.append((match.group(1), match.group(2).strip()))
    return mounts


def read_mounts() -> list[Mount]:
    """This machine's mount table (Linux: /proc/mounts, macOS: ``mount``); empty if it cannot be read."""
    try:
        if sys.platform.startswith("linux"):
            return parse_proc_mounts(Path("/proc/mounts").read_text(encoding="utf-8", errors="replace"))
        if sys.platform == "darwin":
            out = subprocess.run(
                ["/sbin/mount"], capture_output=True, text=True, timeout=5, check=False
            ).stdout
            return parse_mount_output(out)
    except (OSError, subprocess.SubprocessError):
        pass
    return []


def mount_type(path: PurePosixPath, mounts: Iterable[Mount]) -> str | None:
    """The file-system type of the longest mount point containing ``path``."""
    best: tuple[int, str] | None = None
    text = str(path)
    for point, fs_type in mounts:
        point = point.rstrip("/") or "/"
        inside = point == "/" or text == point or text.startswith(point + "/")
        if inside and (best is None or len(point) > best[0]):
            best = (len(point), fs_type)
    return best[1] if best else None


def is_network_fs(fs_type: str) -> bool:
    lowered = fs_type.lower()
    return lowered in NETWORK_FS_TYPES or lowered.startswith(("smb", "nfs"))


def _windows_drive_type(root: str) -> int:
    try:
        import ctypes

        return int(ctypes.windll.kernel32.GetDriveTypeW(root))  # type: ignore[attr-defined]
    except (ImportError, AttributeError, OSError):
        return 0


def _network_message(where: str) -> str:
    return (
        f"数据目录 {where} 在网络共享文件夹上。SQLite 数据库依靠文件锁防止同时写入，网络文件夹上的文件锁"
        "并不可靠，几个程序同时写入会损坏数据库，断网时还会丢失正在保存的记录。" + ADVICE
    )


def _cloud_message(where: str, folder: str) -> str:
    return (
        f"数据目录 {where} 在云同步文件夹「{folder}」里。同步软件会在数据库写到一半时复制它，"
        "也可能把旧的副本同步回来覆盖新数据，造成办件记录丢失或数据库损坏。" + ADVICE
    )


def data_folder_problem(
    path: str | os.PathLike[str],
    *,
    platform: str | None = None,
    mounts: Sequence[Mount] | None = None,
    drive_type: Callable[[str], int] | None = None,
) -> str | None:
    """Why the database must not live in ``path`` (a network or cloud-sync folder), or None if it may.

    ``platform`` (``sys.platform`` by default), ``mounts`` (read from the machine by default) and
    ``drive_type`` (Windows ``GetDriveTypeW``) can be given for tests.
    """
    platform = platform or sys.platform
    text = os.fspath(path)
    if platform.startswith("win"):
        long_form = text.startswith(("\\\\?\\", "\\\\.\\"))  # \\?\C:\… is local, \\?\UNC\… is not
        if text.startswith("\\\\?\\UNC\\") or (text[:2] in ("\\\\", "//") and not long_form):
            return _network_message(text)
        windows = PureWindowsPath(text.removeprefix("\\\\?\\"))
        folder = cloud_folder(windows)
        if folder:
            return _cloud_message(text, folder)
        if windows.drive and len(windows.drive) == 2:
            lookup = drive_type or _windows_drive_type
            if lookup(windows.drive + "\\") == DRIVE_REMOTE:
                return _network_message(text)
        return None
    posix = PurePosixPath(os.path.realpath(text) if mounts is None else os.path.normpath(text))
    folder = cloud_folder(posix)
    if folder:
        return _cloud_message(text, folder)
    fs_type = mount_type(posix, read_mounts() if mounts is None else mounts)
    if fs_type and is_network_fs(fs_type):
        return _network_message(f"{text}（{fs_type}）")
    return None


class DataFolderRefused(Exception):
    """The database would live on a network or cloud-sync folder; the message says why and what to do."""


def check_data_folder(paths: AppPaths) -> None:
    """Raise ``DataFolderRefused`` if the installation's SQLite file must not live where it is."""
    problem = database_folder_problem(paths)
    if problem is not None:
        raise DataFolderRefused(problem)


def database_folder_problem(paths: AppPaths) -> str | None:
    """The check for an installation: the folder of its SQLite file (None on PostgreSQL)."""
    database = paths.database_file
    return None if database is None else data_folder_problem(database.parent)
