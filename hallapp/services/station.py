"""本机设置 (station settings): what belongs to this counter PC — window number, paper and printer, where
e-licences are looked up, community-centre mode, the idle lock.

They live in a file in the PC's data folder (``station.json``), never in the shared database: two
counters on one PostgreSQL database are two PCs with two window numbers, and a value stored in the
database would be the same for all of them. The file is small and human-readable so an administrator can
fix it by hand; a damaged or mistyped file never stops the counter from starting — the bad values fall
back to their defaults and a warning says which ones.
"""

from __future__ import annotations

import json
import logging
import re
from dataclasses import asdict, dataclass, fields, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from hallapp.domain.access import Permission, check
from hallapp.services.station_checks import URL_MAX, shown, text_problem, url_problems
from hallapp.store.lazy import audit_repo, repo  # loaded on first use: the settings dialog starts fast

if TYPE_CHECKING:
    from hallapp.store.db import UnitOfWork

log = logging.getLogger(__name__)

STATION_FILE = "station.json"
FILE_VERSION = 1
LEGACY_PREFIX = "counter."  # where older versions kept these values, in the shared database
PAPERS = ("A4", "A5")
LICENCE_SOURCES = ("local", "http", "off")
PRINTER_MAX = 200
CARD_ADAPTERS = ("off", "serial", "sdtapi", "fake")  # devices.card.make_card_reader
PAD_SOURCES = ("off", "websocket", "fake")  # the evaluation pad (评价器) replacing the facing screen's rating
FACING_SCREENS = ("auto", "window", "off")  # auto: on a second screen when there is one
PORT_MAX = 64


class SettingsError(ValueError):
    """Settings that may not be saved; ``problems`` says why, one plain sentence each."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("；".join(problems))
        self.problems = problems


@dataclass(frozen=True)
class StationSettings:
    """The settings of one counter PC (本机设置). Defaults are what a new PC starts with."""

    window: str = "01"
    paper: str = "A4"
    printer: str = ""  # the printer's name as the system knows it; "" = the system's default printer
    licence_source: str = "local"  # local (registry in the database) | http (e-licence library) | off
    licence_url: str = ""
    licence_timeout_ms: int = 3000
    licence_retries: int = 1
    community_centre: bool = False  # 党群服务中心模式: delegated matters first, others sent to the hall
    idle_lock_minutes: int = 10  # the window locks after this long without keyboard or mouse
    card_adapter: str = "off"  # the ID-card reader: off | serial (GA 467 frames) | sdtapi (vendor DLL) | fake
    card_port: str = ""  # serial: COM3, /dev/ttyUSB0; sdtapi: 1001–1016 (USB) or 1–16, "" = try each
    queue_source: str = "off"  # the hall's queue system (排队叫号): off | http | fake
    queue_url: str = ""
    queue_timeout_ms: int = 2000
    facing_screen: str = "auto"  # the screen turned to the applicant: auto (second screen) | window | off
    pad_source: str = "off"  # an evaluation pad on the counter instead of the facing screen's rating
    pad_url: str = ""
    pad_timeout_ms: int = 60_000  # how long the pad's applicant may take to rate before it counts as skipped

    def problems(self) -> list[str]:
        """What is wrong with these settings, in words (empty: they may be saved)."""
        problems = []
        if not self.window.strip():
            problems.append("窗口号不能为空")
        elif len(self.window.strip()) > 10:
            problems.append("窗口号最多 10 个字符")
        elif (problem := text_problem("窗口号", self.window)) is not None:
            problems.append(problem)
        if self.paper not in PAPERS:
            problems.append(f"纸张只能是 {'、'.join(PAPERS)}")
        if len(self.printer) > PRINTER_MAX:
            problems.append(f"打印机名称最多 {PRINTER_MAX} 个字符")
        elif (problem := text_problem("打印机名称", self.printer)) is not None:
            problems.append(problem)
        if self.licence_source not in LICENCE_SOURCES:
            problems.append(f"电子证照来源只能是 {'、'.join(LICENCE_SOURCES)}")
        problems += _address_problems(
            "电子证照库地址",
            self.licence_url,
            used=self.licence_source == "http",
            schemes=("http", "https"),
            wrong_scheme="电子证照库地址应以 http:// 或 https:// 开头",
        )
        if not 200 <= self.licence_timeout_ms <= 30_000:
            problems.append("电子证照查询超时应为 200–30000 毫秒")
        if not 0 <= self.licence_retries <= 5:
            problems.append("电子证照查询重试次数应为 0–5")
        if not 1 <= self.idle_lock_minutes <= 120:
            problems.append("无操作自动锁定时间应为 1–120 分钟")
        return problems + self.device_problems()

    def device_problems(self) -> list[str]:
        """What is wrong with the card reader, queue, facing screen and pad settings, in words."""
        from hallapp.devices.queue_factory import QueueSettings

        problems = []
        if self.card_adapter not in CARD_ADAPTERS:
            problems.append(f"读卡器类型只能是 {'、'.join(CARD_ADAPTERS)}")
        if len(self.card_port) > PORT_MAX:
            problems.append(f"读卡器端口最多 {PORT_MAX} 个字符，不含控制字符")
        elif (problem := text_problem("读卡器端口", self.card_port)) is not None:
            problems.append(problem)
        elif self.card_adapter == "serial" and not self.card_port.strip():
            problems.append("串口读卡器需要填写端口，例如 COM3 或 /dev/ttyUSB0")
        elif self.card_adapter == "sdtapi" and self.card_port.strip():
            port = self.card_port.strip()
            if not (port.isdigit() and (1 <= int(port) <= 16 or 1001 <= int(port) <= 1016)):
                problems.append("SDK 读卡器端口应为 1001–1016（USB）或 1–16（串口），留空则逐个尝试")
        queue = QueueSettings(self.queue_source, self.queue_url, self.queue_timeout_ms).problems()
        problems += queue
        if not any(problem.startswith("排队叫号系统地址") for problem in queue):
            problems += _address_problems(
                "排队叫号系统地址",
                self.queue_url,
                used=self.queue_source == "http",
                schemes=("http", "https"),
                wrong_scheme="排队叫号系统地址应以 http:// 或 https:// 开头",
            )
        if self.facing_screen not in FACING_SCREENS:
            problems.append(f"对外显示屏只能是 {'、'.join(FACING_SCREENS)}")
        if self.pad_source not in PAD_SOURCES:
            problems.append(f"评价器只能是 {'、'.join(PAD_SOURCES)}")
        problems += _address_problems(
            "评价器地址",
            self.pad_url,
            used=self.pad_source == "websocket",
            schemes=("ws", "wss"),
            wrong_scheme="评价器地址应以 ws:// 或 wss:// 开头",
        )
        if not 5_000 <= self.pad_timeout_ms <= 300_000:
            problems.append("评价器等待时间应为 5000–300000 毫秒")
        return problems


def _address_problems(
    label: str, url: str, *, used: bool, schemes: tuple[str, ...], wrong_scheme: str
) -> list[str]:
    """An address the chosen source uses is checked whole; one it does not use (kept as typed) only
    for its length and its characters."""
    if used:
        return url_problems(label, url, schemes, wrong_scheme)
    if len(url) > URL_MAX:
        return [f"{label}最多 {URL_MAX} 个字符"]
    problem = text_problem(label, url)
    return [] if problem is None else [problem]


STATION_FIELDS = tuple(f.name for f in fields(StationSettings))
# The URLs and the port are read before the sources, so "http" is judged with the file's own URL.
_CHOOSERS = ("licence_source", "card_adapter", "queue_source", "pad_source")
_READ_ORDER = sorted(STATION_FIELDS, key=lambda name: name in _CHOOSERS)
_DEFAULTS = StationSettings()


def station_file(data_dir: Path) -> Path:
    """Where this PC's settings are kept."""
    return Path(data_dir) / STATION_FILE


# --- reading -----------------------------------------------------------------------------------------


def _typed(name: str, raw: Any) -> Any:
    """``raw`` if it has the field's type (ints are not bools, bools are not ints), else ``None``."""
    default = getattr(_DEFAULTS, name)
    if isinstance(default, bool):
        return raw if isinstance(raw, bool) else None
    if isinstance(default, int):
        return raw if isinstance(raw, int) and not isinstance(raw, bool) else None
    return raw.strip() if isinstance(raw, str) else None


def _from_values(values: dict[str, Any], source: str) -> tuple[StationSettings, list[str]]:
    """Settings from loose values: each bad or mistyped one gives its default and a warning."""
    station = _DEFAULTS
    warnings = []
    for name in _READ_ORDER:
        if name not in values:
            continue
        value = _typed(name, values[name])
        candidate = replace(station, **{name: value}) if value is not None else None
        problems = candidate.problems() if candidate is not None else ["类型不对"]
        if candidate is None or problems:
            default = getattr(_DEFAULTS, name)
            warnings.append(
                f"{source}中 {name} 的值 {shown(repr(values[name]))} 无效（{'；'.join(problems)}），"
                f"已改用默认值 {default!r}"
            )
            continue
        station = candidate
    return station, warnings


def read_station(data_dir: Path) -> tuple[StationSettings, list[str]]:
    """This PC's settings and, in words, what was wrong with the file (empty when nothing was).

    A missing file gives the defaults without a warning (a new PC). An unreadable or damaged file gives
    the defaults; a hand-edited file with some bad values keeps the good ones.
    """
    path = station_file(data_dir)
    try:
        text = path.read_text(encoding="utf-8-sig")  # Notepad saves UTF-8 with a byte-order mark
    except FileNotFoundError:
        return _DEFAULTS, []
    except (OSError, UnicodeDecodeError) as error:
        return _DEFAULTS, [f"本机设置文件 {path} 无法读取（{error}），已全部改用默认值"]
    try:
        values = json.loads(text)
    except ValueError as error:
        return _DEFAULTS, [f"本机设置文件 {path} 已损坏（{error}），已全部改用默认值"]
    if not isinstance(values, dict):
        return _DEFAULTS, [f"本机设置文件 {path} 内容不是设置项，已全部改用默认值"]
    return _from_values(values, f"本机设置文件 {path} ")


def load_station(data_dir: Path) -> StationSettings:
    """This PC's settings from ``<data_dir>/station.json``: defaults when there is none, defaults for
    bad values (each logged as a warning) — never an error, so a damaged file cannot stop the counter."""
    station, warnings = read_station(data_dir)
    for warning in warnings:
        log.warning("%s", warning)
    return station


# --- writing -----------------------------------------------------------------------------------------


def save_station(data_dir: Path, station: StationSettings) -> None:
    """Write this PC's settings so that the file is always either the old one or the new one.

    Written to a temporary file beside it, flushed to the disk, then renamed over the old file: a power
    cut or a full disk while saving never leaves half a file. Invalid settings raise ``SettingsError``.
    """
    problems = station.problems()
    if problems:
        raise SettingsError(problems)
    content = json.dumps({"version": FILE_VERSION, **asdict(station)}, ensure_ascii=False, indent=2) + "\n"
    _write_atomically(station_file(data_dir), content.encode("utf-8"))


def _write_atomically(path: Path, data: bytes) -> None:
    """Temporary file beside ``path``, fsynced, renamed over it, the folder fsynced (``store.files``)."""
    from hallapp.store.files import write_bytes_whole  # it imports the database layer: not at start-up

    write_bytes_whole(path, data)


# --- the old values in the database --------------------------------------------------------------------


def legacy_station(uow: UnitOfWork) -> tuple[StationSettings, list[str]] | None:
    """What an older version stored in the shared database as ``counter.<field>`` (None: nothing)."""
    values: dict[str, Any] = {}
    with uow:
        for name in STATION_FIELDS:
            raw = repo.get_setting(uow.session, LEGACY_PREFIX + name, "")
            if raw == "":
                continue
            default = getattr(_DEFAULTS, name)
            if isinstance(default, bool):
                values[name] = {"1": True, "0": False}.get(raw, raw)
            elif isinstance(default, int):
                values[name] = int(raw) if re.fullmatch(r"-?\d{1,9}", raw) else raw
            else:
                values[name] = raw
    if not values:
        return None
    return _from_values(values, "数据库中旧版窗口设置")


def ensure_station(uow: UnitOfWork, data_dir: Path) -> StationSettings:
    """This PC's settings; on the first start after an upgrade, the window number, paper etc. that the
    older version kept in the database are copied into the PC's file once, so the counter keeps them.

    Once the file exists the database is not consulted again. The old values are left in the database
    (every counter PC of the hall copies them on its own first start) and are no longer read otherwise.
    """
    if station_file(data_dir).exists():
        return load_station(data_dir)
    old = legacy_station(uow)
    if old is None:
        return StationSettings()
    station, warnings = old
    for warning in warnings:
        log.warning("%s", warning)
    try:
        save_station(data_dir, station)
        log.info("station settings copied from the database into %s", station_file(data_dir))
    except OSError as error:  # a read-only folder must not stop the counter; next start tries again
        log.warning("station settings could not be written to %s: %s", station_file(data_dir), error)
    return station


# --- the administrator saves them ---------------------------------------------------------------------


def changes_between(old: Any, new: Any) -> dict[str, list[Any]]:
    """Each field of two settings of one kind whose value differs: ``{name: [old, new]}`` (for the audit
    trail, and for the caller to see what changed)."""
    return {
        f.name: [getattr(old, f.name), getattr(new, f.name)]
        for f in fields(new)
        if getattr(old, f.name) != getattr(new, f.name)
    }


def save_station_settings(uow: UnitOfWork, data_dir: Path, station: StationSettings) -> dict[str, list[Any]]:
    """The administrator sets this counter PC up: write its file and record who changed what.

    Only a signed-in administrator may (``Permission.SETTINGS``). The audit event ``station.save`` names
    the PC's window and each changed value (old → new); if the database refuses the event, the old file
    is put back, so no change goes unrecorded. Returns what changed (empty: nothing to save, nothing
    recorded — except on a PC without a file yet, whose first save is always written and recorded).
    """
    principal = check(uow.principal, Permission.SETTINGS)  # nobody signed in is refused too
    problems = station.problems()
    if problems:
        raise SettingsError(problems)
    path = station_file(data_dir)
    try:
        previous: bytes | None = path.read_bytes()  # put back byte for byte, damaged or not
    except FileNotFoundError:
        previous = None
    old = load_station(data_dir)
    changes = changes_between(old, station)
    if not changes and previous is not None:
        return {}
    with uow:
        audit_repo.record(
            uow.session,
            actor=principal.username,
            action="station.save",
            object_type="station",
            object_id=station.window,
            window=station.window,
            changes=changes,
        )
        save_station(data_dir, station)
        try:
            uow.commit()
        except BaseException:
            if previous is not None:
                _write_atomically(path, previous)
            else:
                path.unlink(missing_ok=True)
            raise
    return changes
