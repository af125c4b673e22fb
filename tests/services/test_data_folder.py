import pytest

from hallapp.config import resolve_paths
from hallapp.services.data_folder import (
    DRIVE_REMOTE,
    data_folder_problem,
    database_folder_problem,
    mount_type,
    parse_mount_output,
    parse_proc_mounts,
)

PROC_MOUNTS = """\
/dev/sda2 / ext4 rw,relatime 0 0
proc /proc proc rw,nosuid,nodev,noexec,relatime 0 0
/dev/sdb1 /srv ext4 rw,relatime 0 0
fileserver:/export/hall /srv/hall nfs4 rw,relatime,vers=4.2 0 0
//nas/共享 /mnt/nas\\040share cifs rw,relatime,vers=3.0 0 0
user@host:/data /home/clerk/remote fuse.sshfs rw,nosuid,nodev 0 0
"""


def local_drive(_root: str) -> int:
    return 3  # DRIVE_FIXED


def test_unc_paths_are_network_folders():
    for path in (r"\\fileserver\hall\HallApp", "//fileserver/hall/HallApp", "\\\\?\\UNC\\fileserver\\hall"):
        problem = data_folder_problem(path, platform="win32", drive_type=local_drive)
        assert problem is not None and "网络共享文件夹" in problem and "文件锁" in problem
        assert "本机硬盘" in problem and "--data-dir" in problem


def test_a_mapped_network_drive_is_refused():
    asked = []

    def drive_type(root):
        asked.append(root)
        return DRIVE_REMOTE if root == "Z:\\" else 3

    assert "网络共享文件夹" in data_folder_problem(
        r"Z:\HallApp\数据", platform="win32", drive_type=drive_type
    )
    assert data_folder_problem(r"D:\HallApp\数据", platform="win32", drive_type=drive_type) is None
    assert asked == ["Z:\\", "D:\\"]


def test_a_local_windows_folder_is_fine():
    local = r"C:\Users\窗口一\AppData\Local\HallApp"
    assert data_folder_problem(local, platform="win32", drive_type=local_drive) is None
    assert data_folder_problem("\\\\?\\C:\\HallApp", platform="win32", drive_type=local_drive) is None


@pytest.mark.parametrize(
    ("path", "folder"),
    [
        (r"C:\Users\clerk\OneDrive\HallApp", "OneDrive"),
        (r"C:\Users\clerk\OneDrive - 区政务服务中心\HallApp", "OneDrive - 区政务服务中心"),
        (r"D:\我的坚果云\HallApp", "我的坚果云"),
        (r"D:\Nutstore\HallApp", "Nutstore"),
        (r"C:\Users\clerk\Dropbox (Personal)\数据", "Dropbox (Personal)"),
        (r"E:\BaiduNetdiskWorkspace\HallApp", "BaiduNetdiskWorkspace"),
        (r"D:\BaiduSyncdisk\HallApp", "BaiduSyncdisk"),
        (r"D:\OneDriveless\HallApp", None),  # only a folder named like a sync client counts
        (r"D:\HallApp\数据", None),
        (r"E:\百度网盘同步空间\HallApp", "百度网盘同步空间"),
        (r"D:\WPS云盘\HallApp", "WPS云盘"),
        (r"G:\Google Drive\HallApp", "Google Drive"),
        (r"C:\Users\clerk\iCloudDrive\HallApp", "iCloudDrive"),
    ],
)
def test_cloud_sync_folders_on_windows(path, folder):
    problem = data_folder_problem(path, platform="win32", drive_type=local_drive)
    if folder is None:
        assert problem is None
    else:
        assert problem is not None and f"云同步文件夹「{folder}」" in problem and "同步软件" in problem


def test_cloud_sync_folders_on_macos_and_linux():
    mac = "/Users/clerk/Library/Mobile Documents/com~apple~CloudDocs/HallApp"
    assert "云同步文件夹" in data_folder_problem(mac, platform="darwin", mounts=[("/", "apfs")])
    cloud = "/Users/clerk/Library/CloudStorage/OneDrive-Personal/HallApp"
    assert "云同步文件夹" in data_folder_problem(cloud, platform="darwin", mounts=[("/", "apfs")])
    linux = "/home/clerk/坚果云/HallApp"
    assert "坚果云" in data_folder_problem(linux, platform="linux", mounts=parse_proc_mounts(PROC_MOUNTS))


def test_the_longest_mount_point_decides():
    mounts = parse_proc_mounts(PROC_MOUNTS)
    assert ("/mnt/nas share", "cifs") in mounts
    problem = data_folder_problem("/srv/hall/HallApp", platform="linux", mounts=mounts)
    assert problem is not None and "nfs4" in problem and "网络共享文件夹" in problem
    assert data_folder_problem("/srv/hallapp", platform="linux", mounts=mounts) is None  # /srv, ext4
    assert data_folder_problem("/srv", platform="linux", mounts=mounts) is None
    assert "cifs" in data_folder_problem("/mnt/nas share/数据", platform="linux", mounts=mounts)
    assert "fuse.sshfs" in data_folder_problem("/home/clerk/remote/x", platform="linux", mounts=mounts)
    assert data_folder_problem("/home/clerk/.local/share/HallApp", platform="linux", mounts=mounts) is None


def test_macos_mount_output():
    out = (
        "/dev/disk3s1s1 on / (apfs, sealed, local, read-only, journaled)\n"
        "//clerk@nas._smb._tcp.local/hall on /Volumes/hall (smbfs, nodev, nosuid, mounted by clerk)\n"
    )
    mounts = parse_mount_output(out)
    assert mount_type(__import__("pathlib").PurePosixPath("/Volumes/hall/HallApp"), mounts) == "smbfs"
    assert "smbfs" in data_folder_problem("/Volumes/hall/HallApp", platform="darwin", mounts=mounts)


def test_a_local_folder_on_this_machine_is_fine(tmp_path):
    assert data_folder_problem(tmp_path / "data") is None


def test_the_installation_check_looks_at_the_sqlite_file_only(tmp_path):
    assert database_folder_problem(resolve_paths(tmp_path / "data")) is None
    assert database_folder_problem(resolve_paths(tmp_path / "data", "postgresql+psycopg://h/db")) is None
