"""Counter settings (window, clerk, hall, case-number prefix, paper), kept in the database."""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, fields, replace

from hallapp.domain.access import Permission, check
from hallapp.store import catalogue_repo as repo
from hallapp.store.db import UnitOfWork

PREFIX = "counter."
PAPERS = ("A4", "A5")
LICENCE_SOURCES = ("local", "http", "off")


@dataclass(frozen=True)
class CounterSettings:
    window: str = "01"
    clerk: str = "窗口工作人员"
    hall_name: str = "深圳市坪山区政务服务中心"
    hall_code: str = "PSZW"
    case_prefix: str = "PSZW"
    paper: str = "A4"
    deferral_days: int = 5
    tracking_url: str = "https://www.gdzwfw.gov.cn/portal/progress?caseNo="
    tracking_text: str = "凭受理编号登录广东政务服务网、扫描二维码或拨打 12345 查询办理进度"
    community_centre: bool = False
    hall_address: str = "坪山区行政服务大厅（坪山区坪山大道2007号）"
    licence_source: str = "local"  # local (registry in the database) | http (e-licence library) | off
    licence_url: str = ""
    licence_timeout_ms: int = 3000
    licence_retries: int = 1
    idle_lock_minutes: int = 10  # the window locks after this long without keyboard or mouse

    def problems(self) -> list[str]:
        """What is wrong with these settings, in words (empty: they may be saved)."""
        problems = []
        if not self.window.strip():
            problems.append("窗口号不能为空")
        if not self.clerk.strip():
            problems.append("窗口人员姓名不能为空")
        if not self.hall_name.strip():
            problems.append("大厅名称不能为空")
        if not re.fullmatch(r"[A-Za-z0-9]{2,12}", self.hall_code):
            problems.append("大厅编码应为 2–12 位字母或数字")
        if not re.fullmatch(r"[A-Za-z0-9-]{0,16}", self.case_prefix):
            problems.append("受理编号前缀最多 16 位字母、数字或“-”")
        if self.paper not in PAPERS:
            problems.append(f"纸张只能是 {'、'.join(PAPERS)}")
        if not 1 <= self.deferral_days <= 60:
            problems.append("容缺补正期限应为 1–60 个工作日")
        if self.licence_source not in LICENCE_SOURCES:
            problems.append(f"电子证照来源只能是 {'、'.join(LICENCE_SOURCES)}")
        if self.licence_source == "http" and not re.fullmatch(r"https?://\S+", self.licence_url):
            problems.append("电子证照库地址应以 http:// 或 https:// 开头")
        if not 200 <= self.licence_timeout_ms <= 30_000:
            problems.append("电子证照查询超时应为 200–30000 毫秒")
        if not 0 <= self.licence_retries <= 5:
            problems.append("电子证照查询重试次数应为 0–5")
        if not 1 <= self.idle_lock_minutes <= 120:
            problems.append("无操作自动锁定时间应为 1–120 分钟")
        return problems


def load_settings(uow: UnitOfWork) -> CounterSettings:
    """The counter's settings; defaults for anything never saved."""
    values = {}
    with uow:
        for field in fields(CounterSettings):
            raw = repo.get_setting(uow.session, PREFIX + field.name, "")
            if raw == "":
                continue
            if field.type in ("int", int):
                values[field.name] = int(raw)
            elif field.type in ("bool", bool):
                values[field.name] = raw == "1"
            else:
                values[field.name] = raw
    return replace(CounterSettings(), **values)


class SettingsError(ValueError):
    def __init__(self, problems: list[str]) -> None:
        super().__init__("；".join(problems))
        self.problems = problems


def save_settings(uow: UnitOfWork, settings: CounterSettings, *, actor: str) -> None:
    """Save the settings (all or nothing); invalid ones raise ``SettingsError`` and change nothing."""
    check(uow.principal, Permission.SETTINGS)
    problems = settings.problems()
    if problems:
        raise SettingsError(problems)
    from hallapp.store import audit_repo

    with uow:
        for name, value in asdict(settings).items():
            text = ("1" if value else "0") if isinstance(value, bool) else str(value).strip()
            repo.set_setting(uow.session, PREFIX + name, text)
        audit_repo.record(
            uow.session, actor=actor, action="settings.save", object_type="settings", object_id="counter"
        )
        uow.commit()
