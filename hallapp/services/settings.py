"""Settings in three scopes, and the one effective view the use cases are handed.

* **This counter PC** (本机, ``StationSettings``): window number, paper and printer, e-licence source,
  community-centre mode, idle lock — in the PC's data folder (see ``hallapp.services.station``).
* **The hall** (大厅, ``HallSettings``): name and code, case-number prefix, deferral days, progress-tracking
  address and text, the hall's address — in the shared database, the same for every counter, changed by
  an administrator only.
* **The account** (本人账户, ``Principal``): the name printed on documents and the window the account is
  assigned to, if any — kept with the account and changed in account management.

``CounterSettings`` is what intake, documents and reports read: built from the three by
``effective_settings``, never saved as such.
"""

from __future__ import annotations

import logging
import re
from dataclasses import asdict, dataclass, fields, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from hallapp.domain.access import Permission, Principal, check
from hallapp.services.station import (
    LEGACY_PREFIX,
    LICENCE_SOURCES,
    PAPERS,
    STATION_FILE,
    SettingsError,
    StationSettings,
    changes_between,
    ensure_station,
    load_station,
    read_station,
    save_station,
    save_station_settings,
)
from hallapp.store.lazy import audit_repo, repo  # loaded on first use: the settings dialog starts fast

if TYPE_CHECKING:
    from hallapp.store.db import UnitOfWork

__all__ = [
    "HALL_PREFIX",
    "LICENCE_SOURCES",
    "PAPERS",
    "STATION_FILE",
    "CounterSettings",
    "HallSettings",
    "ScopeAccess",
    "SettingsError",
    "StationSettings",
    "effective_settings",
    "ensure_station",
    "hall_of",
    "load_counter_settings",
    "load_hall",
    "load_station",
    "read_station",
    "save_hall",
    "save_station",
    "save_station_settings",
    "scope_access",
    "station_of",
]

log = logging.getLogger(__name__)

HALL_PREFIX = "hall."
DEFAULT_CLERK = "窗口工作人员"  # on documents printed with nobody signed in (the command line)


@dataclass(frozen=True)
class HallSettings:
    """The hall's settings (大厅设置), shared by all its counters through the database."""

    hall_name: str = "深圳市坪山区政务服务中心"
    hall_code: str = "PSZW"
    case_prefix: str = "PSZW"
    deferral_days: int = 5
    tracking_url: str = "https://www.gdzwfw.gov.cn/portal/progress?caseNo="
    tracking_text: str = "凭受理编号登录广东政务服务网、扫描二维码或拨打 12345 查询办理进度"
    hall_address: str = "坪山区行政服务大厅（坪山区坪山大道2007号）"
    hall_phone: str = ""  # printed on the 一次性告知书 for the applicant to call; empty: not printed

    def problems(self) -> list[str]:
        """What is wrong with these settings, in words (empty: they may be saved)."""
        problems = []
        if not self.hall_name.strip():
            problems.append("大厅名称不能为空")
        if not re.fullmatch(r"[A-Za-z0-9]{2,12}", self.hall_code):
            problems.append("大厅编码应为 2–12 位字母或数字")
        if not re.fullmatch(r"[A-Za-z0-9-]{0,16}", self.case_prefix):
            problems.append("受理编号前缀最多 16 位字母、数字或“-”")
        if not 1 <= self.deferral_days <= 60:
            problems.append("容缺补正期限应为 1–60 个工作日")
        if self.tracking_url and not re.fullmatch(r"https?://\S+", self.tracking_url):
            problems.append("进度查询网址应以 http:// 或 https:// 开头（或留空）")
        if self.hall_phone and not re.fullmatch(r"[0-9()（）+\- ]{3,40}", self.hall_phone):
            problems.append("大厅咨询电话只能含数字、空格、“-”和括号，如 0755-12345678（或留空）")
        return problems


HALL_FIELDS = tuple(f.name for f in fields(HallSettings))


@dataclass(frozen=True)
class CounterSettings:
    """What a use case needs to know about the counter it runs at: this PC's, the hall's and the signed-in
    account's settings in one (see ``effective_settings``). Defaults are the scopes' defaults."""

    window: str = StationSettings.window
    clerk: str = DEFAULT_CLERK
    hall_name: str = HallSettings.hall_name
    hall_code: str = HallSettings.hall_code
    case_prefix: str = HallSettings.case_prefix
    paper: str = StationSettings.paper
    deferral_days: int = HallSettings.deferral_days
    tracking_url: str = HallSettings.tracking_url
    tracking_text: str = HallSettings.tracking_text
    community_centre: bool = StationSettings.community_centre
    hall_address: str = HallSettings.hall_address
    hall_phone: str = HallSettings.hall_phone
    licence_source: str = StationSettings.licence_source
    licence_url: str = StationSettings.licence_url
    licence_timeout_ms: int = StationSettings.licence_timeout_ms
    licence_retries: int = StationSettings.licence_retries
    idle_lock_minutes: int = StationSettings.idle_lock_minutes
    printer: str = StationSettings.printer
    card_adapter: str = StationSettings.card_adapter
    card_port: str = StationSettings.card_port
    queue_source: str = StationSettings.queue_source
    queue_url: str = StationSettings.queue_url
    queue_timeout_ms: int = StationSettings.queue_timeout_ms
    facing_screen: str = StationSettings.facing_screen
    pad_source: str = StationSettings.pad_source
    pad_url: str = StationSettings.pad_url
    pad_timeout_ms: int = StationSettings.pad_timeout_ms

    def problems(self) -> list[str]:
        """What is wrong with these settings, in words: the clerk's name, then this PC's, then the hall's."""
        clerk = [] if self.clerk.strip() else ["窗口人员姓名不能为空"]
        return clerk + station_of(self).problems() + hall_of(self).problems()


def station_of(settings: CounterSettings) -> StationSettings:
    """The part of the effective settings that belongs to this PC."""
    return StationSettings(**{name: getattr(settings, name) for name in _STATION_NAMES})


def hall_of(settings: CounterSettings) -> HallSettings:
    """The part of the effective settings that belongs to the hall."""
    return HallSettings(**{name: getattr(settings, name) for name in HALL_FIELDS})


_STATION_NAMES = tuple(f.name for f in fields(StationSettings))


def effective_settings(
    station: StationSettings, hall: HallSettings, principal: Principal | None
) -> CounterSettings:
    """The settings a use case runs with at this counter, for this person.

    The clerk on documents is the signed-in account's name; the window is the account's assigned window
    if it has one (a clerk who always sits at window 03 prints 03 wherever they sign in), else this PC's.
    With nobody signed in (the command line) the clerk is ``DEFAULT_CLERK``.
    """
    account_window = principal.window.strip() if principal is not None else ""
    return CounterSettings(
        **{
            **asdict(station),
            **asdict(hall),
            "clerk": principal.display_name if principal is not None else DEFAULT_CLERK,
            "window": account_window or station.window,
        }
    )


# --- who may change which scope -------------------------------------------------------------------------

ACCOUNT_REASON = "姓名和所属窗口由系统管理员在账户管理中修改"


@dataclass(frozen=True)
class ScopeAccess:
    """For each scope, why the signed-in person may not change it here ("" = they may)."""

    station: str
    hall: str
    account: str = ACCOUNT_REASON


def scope_access(principal: Principal | None) -> ScopeAccess:
    """Which scopes the settings dialog lets ``principal`` change, and in words why not the others.

    The services check again when saving; this only spares a clerk a form they cannot save.
    """
    if principal is None:
        return ScopeAccess(
            station="请先登录：仅系统管理员可修改本机设置", hall="请先登录：仅系统管理员可修改大厅设置"
        )
    if not principal.may(Permission.SETTINGS):
        return ScopeAccess(
            station=f"仅系统管理员可修改本机设置（您是{principal.role.label}）",
            hall="仅系统管理员可修改大厅设置，各窗口共用",
        )
    return ScopeAccess(station="", hall="")


# --- the hall's settings, in the database ---------------------------------------------------------------


def _parse_hall(raw: dict[str, str]) -> HallSettings:
    """Hall settings from stored text; a value that does not fit gives the default (logged).

    The tracking address is kept as stored even if it fails today's check: older versions did not check
    it, and replacing it silently would change every receipt's QR code; the dialog asks for a fix when
    the hall's settings are next saved.
    """
    hall = HallSettings()
    for name, text in sorted(raw.items(), key=lambda item: item[0] == "tracking_url"):
        default = getattr(hall, name)
        if name == "tracking_url":
            hall = replace(hall, tracking_url=text)
            continue
        value: Any = text
        if isinstance(default, int):
            value = int(text) if re.fullmatch(r"-?\d{1,9}", text) else None
        candidate = replace(hall, **{name: value}) if value is not None else None
        if candidate is None or candidate.problems():
            log.warning("hall setting %s=%r in the database is invalid; using %r", name, text, default)
            continue
        hall = candidate
    return hall


def _read_hall(uow: UnitOfWork) -> HallSettings:
    """Inside an open unit of work: ``hall.<field>``, or what an older version kept as ``counter.<field>``."""
    raw = {}
    for name in HALL_FIELDS:
        text = repo.get_setting(uow.session, HALL_PREFIX + name, "")
        if text == "":
            text = repo.get_setting(uow.session, LEGACY_PREFIX + name, "")
        if text != "":
            raw[name] = text
    return _parse_hall(raw)


def load_hall(uow: UnitOfWork) -> HallSettings:
    """The hall's settings, shared by every counter; defaults for anything never saved."""
    with uow:
        return _read_hall(uow)


def save_hall(uow: UnitOfWork, hall: HallSettings) -> dict[str, list[Any]]:
    """The administrator changes the hall's settings for every counter at once.

    Only a signed-in administrator may (``Permission.SETTINGS``); invalid settings raise ``SettingsError``
    and change nothing. The values and one audit event ``settings.save`` listing each change (old → new)
    are written in one transaction. Returns what changed (empty: nothing was written or recorded).
    """
    principal = check(uow.principal, Permission.SETTINGS)  # nobody signed in is refused too
    problems = hall.problems()
    if problems:
        raise SettingsError(problems)
    with uow:
        changes = changes_between(_read_hall(uow), hall)
        if not changes:
            return {}
        for name, value in asdict(hall).items():
            repo.set_setting(uow.session, HALL_PREFIX + name, str(value).strip())
        audit_repo.record(
            uow.session,
            actor=principal.username,
            action="settings.save",
            object_type="settings",
            object_id="hall",
            changes=changes,
        )
        uow.commit()
    return changes


# --- all three ------------------------------------------------------------------------------------------


def load_counter_settings(uow: UnitOfWork, data_dir: Path, principal: Principal | None) -> CounterSettings:
    """The effective settings at this PC for ``principal``: this PC's file (copied once from the database
    after an upgrade), the hall's settings from the database, the account's name and window."""
    station = ensure_station(uow, data_dir)
    return effective_settings(station, load_hall(uow), principal)
