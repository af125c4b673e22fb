"""Settings in three scopes: this PC's file, the hall's rows in the database, the account — and the one
effective view the use cases get."""

from __future__ import annotations

import json
import logging
import os
from dataclasses import replace
from pathlib import Path

import pytest
from sqlalchemy import select

from hallapp.domain.access import AccessDenied, Principal, Role
from hallapp.services.settings import (
    DEFAULT_CLERK,
    CounterSettings,
    HallSettings,
    SettingsError,
    StationSettings,
    effective_settings,
    ensure_station,
    hall_of,
    load_counter_settings,
    load_hall,
    load_station,
    read_station,
    save_hall,
    save_station,
    save_station_settings,
    station_of,
)
from hallapp.store import catalogue_repo
from hallapp.store.case_models import AuditEvent
from hallapp.store.db import UnitOfWork

ADMIN = Principal("li.si", "李四", Role.ADMIN)
CLERK = Principal("wang.wu", "王五", Role.CLERK, "07")
SUPERVISOR = Principal("zhao.liu", "赵六", Role.SUPERVISOR)
AUDITOR = Principal("qian.qi", "钱七", Role.AUDITOR)

STATION = StationSettings(
    window="A12",
    paper="A5",
    printer="HP LaserJet 1020（前台）",
    licence_source="http",
    licence_url="https://licences.example.gov.cn/api",
    licence_timeout_ms=5000,
    licence_retries=2,
    community_centre=True,
    idle_lock_minutes=15,
)
HALL = HallSettings(
    hall_name="深圳市坪山区马峦街道党群服务中心",
    hall_code="MLJD",
    case_prefix="ML-",
    deferral_days=7,
    tracking_url="https://example.gov.cn/q?no=",
    tracking_text="拨打 12345 查询",
    hall_address="坪山大道2007号",
)


def uow(context, principal: Principal | None, *, write: bool = True) -> UnitOfWork:
    return UnitOfWork(context.engine, write=write, principal=principal)


def events(context, action: str) -> list[tuple[str, str, str, str, dict]]:
    """(actor, object_type, object_id, outcome, detail) of each event of ``action``, oldest first."""
    with uow(context, None, write=False) as work:
        query = select(AuditEvent).where(AuditEvent.action == action).order_by(AuditEvent.seq)
        return [
            (e.actor, e.object_type, e.object_id, e.outcome, json.loads(e.detail))
            for e in work.session.execute(query).scalars()
        ]


def store_legacy(context, **values: str) -> None:
    """What an older version left in the shared database."""
    with uow(context, None) as work:
        for name, value in values.items():
            catalogue_repo.set_setting(work.session, "counter." + name, value)
        work.commit()


# --- this PC's file ------------------------------------------------------------------------------------


def test_a_new_pc_has_the_defaults_and_no_file(tmp_path):
    assert read_station(tmp_path) == (StationSettings(), [])
    assert not (tmp_path / "station.json").exists()


def test_the_station_file_round_trips_and_can_be_read_by_a_person(tmp_path):
    save_station(tmp_path / "new-folder", STATION)
    path = tmp_path / "new-folder" / "station.json"
    content = json.loads(path.read_text(encoding="utf-8"))
    assert content["version"] == 1 and content["window"] == "A12" and content["community_centre"] is True
    assert "HP LaserJet 1020（前台）" in path.read_text(encoding="utf-8")  # Chinese as characters
    assert load_station(tmp_path / "new-folder") == STATION


def test_invalid_station_settings_are_not_written(tmp_path):
    with pytest.raises(SettingsError) as refused:
        save_station(tmp_path, replace(STATION, window=" ", licence_url="ftp://x"))
    assert refused.value.problems == ["窗口号不能为空", "电子证照库地址应以 http:// 或 https:// 开头"]
    assert not (tmp_path / "station.json").exists()


def test_the_file_is_replaced_whole_after_being_flushed_to_disk(tmp_path, monkeypatch):
    save_station(tmp_path, STATION)
    before = (tmp_path / "station.json").read_bytes()
    calls: list[str] = []
    real_fsync, real_replace = os.fsync, os.replace
    monkeypatch.setattr(os, "fsync", lambda fd: (calls.append("fsync"), real_fsync(fd))[1])

    def replace_fails(source, target):
        calls.append("replace")
        assert json.loads(Path(source).read_text(encoding="utf-8"))["window"] == "09"  # whole before renamed
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", replace_fails)
    with pytest.raises(OSError):
        save_station(tmp_path, replace(STATION, window="09"))
    assert calls == ["fsync", "replace"]
    assert (tmp_path / "station.json").read_bytes() == before  # the old file, untouched
    assert [p.name for p in tmp_path.iterdir()] == ["station.json"]  # no temporary file left behind

    monkeypatch.setattr(os, "replace", real_replace)
    save_station(tmp_path, replace(STATION, window="09"))
    assert load_station(tmp_path).window == "09"
    assert [p.name for p in tmp_path.iterdir()] == ["station.json"]


@pytest.mark.parametrize(
    "content",
    [b'{"window": "08", "paper": "A', b"\x00\xff\xfe garbage", b"[1, 2, 3]", b"", b"null"],
    ids=["truncated", "binary", "a-list", "empty", "null"],
)
def test_a_damaged_file_gives_the_defaults_and_a_warning_never_a_crash(tmp_path, caplog, content):
    (tmp_path / "station.json").write_bytes(content)
    station, warnings = read_station(tmp_path)
    assert station == StationSettings()
    assert len(warnings) == 1 and "已全部改用默认值" in warnings[0]
    with caplog.at_level(logging.WARNING, logger="hallapp.services.station"):
        assert load_station(tmp_path) == StationSettings()
    assert "station.json" in caplog.text


def test_a_hand_edited_file_keeps_its_good_values_and_names_the_bad_ones(tmp_path):
    edited = {
        "window": "05",
        "paper": "B5",
        "printer": 42,
        "licence_source": "http",
        "licence_url": "https://licences.example.gov.cn/api",
        "licence_timeout_ms": "3000",
        "licence_retries": True,
        "community_centre": 1,
        "idle_lock_minutes": 500,
        "colour": "blue",
    }
    # Notepad writes UTF-8 with a byte-order mark
    (tmp_path / "station.json").write_text(json.dumps(edited), encoding="utf-8-sig")
    station, warnings = read_station(tmp_path)
    assert station == StationSettings(
        window="05", licence_source="http", licence_url="https://licences.example.gov.cn/api"
    )
    named = sorted(w.split(" 的值")[0].rsplit(" ", 1)[-1] for w in warnings)
    assert named == [
        "community_centre",
        "idle_lock_minutes",
        "licence_retries",
        "licence_timeout_ms",
        "paper",
        "printer",
    ]
    assert any("纸张只能是 A4、A5" in w and "'A4'" in w for w in warnings)


def test_an_http_source_without_a_usable_address_falls_back_to_the_default_source(tmp_path):
    (tmp_path / "station.json").write_text(json.dumps({"licence_source": "http", "licence_url": "nowhere"}))
    station, warnings = read_station(tmp_path)
    assert station.licence_source == "local" and station.licence_url == "nowhere"
    assert len(warnings) == 1 and "licence_source" in warnings[0]


# --- the first start after an upgrade --------------------------------------------------------------------


def test_the_old_database_values_are_copied_into_the_pc_file_once(app_context, tmp_path):
    store_legacy(
        app_context,
        window="12",
        paper="A5",
        community_centre="1",
        idle_lock_minutes="30",
        licence_timeout_ms="oops",
        clerk="张三",
        hall_name="旧大厅",
    )
    pc = tmp_path / "pc"
    station = ensure_station(uow(app_context, None, write=False), pc)
    assert station == StationSettings(window="12", paper="A5", community_centre=True, idle_lock_minutes=30)
    assert load_station(pc) == station  # written to the file

    store_legacy(app_context, window="99")  # an old counter still writing: no longer read
    assert ensure_station(uow(app_context, None, write=False), pc).window == "12"
    assert load_counter_settings(uow(app_context, None, write=False), pc, ADMIN).window == "12"


def test_a_database_without_old_values_leaves_a_new_pc_on_the_defaults(app_context, tmp_path):
    assert ensure_station(uow(app_context, None, write=False), tmp_path) == StationSettings()
    assert not (tmp_path / "station.json").exists()


def test_old_hall_values_in_the_database_are_still_the_halls_until_saved(app_context):
    store_legacy(
        app_context, hall_name="旧大厅", deferral_days="9", hall_code="区A", tracking_url="www.x.cn/?n="
    )
    hall = load_hall(uow(app_context, None, write=False))
    assert (hall.hall_name, hall.deferral_days, hall.hall_code) == ("旧大厅", 9, "PSZW")
    assert hall.tracking_url == "www.x.cn/?n="  # never checked before: kept, so receipts do not change
    with pytest.raises(SettingsError):  # ... until the hall's settings are next saved
        save_hall(uow(app_context, ADMIN), replace(hall, hall_name="新大厅"))
    hall = replace(hall, tracking_url="https://www.x.cn/?n=")
    save_hall(uow(app_context, ADMIN), replace(hall, hall_name="新大厅"))
    store_legacy(app_context, hall_name="又一个旧名字")
    assert load_hall(uow(app_context, None, write=False)).hall_name == "新大厅"


# --- the hall's settings ---------------------------------------------------------------------------------


def test_the_administrator_saves_the_hall_with_one_audit_event_naming_each_change(app_context):
    changes = save_hall(uow(app_context, ADMIN), replace(HallSettings(), hall_name="新大厅", deferral_days=7))
    assert changes == {"hall_name": ["深圳市坪山区政务服务中心", "新大厅"], "deferral_days": [5, 7]}
    assert load_hall(uow(app_context, CLERK, write=False)) == replace(
        HallSettings(), hall_name="新大厅", deferral_days=7
    )
    assert events(app_context, "settings.save") == [("li.si", "settings", "hall", "ok", {"changes": changes})]

    save_hall(uow(app_context, ADMIN), HALL)
    assert load_hall(uow(app_context, None, write=False)) == HALL
    assert len(events(app_context, "settings.save")) == 2


def test_saving_the_hall_unchanged_writes_and_records_nothing(app_context):
    assert save_hall(uow(app_context, ADMIN), HallSettings()) == {}
    assert events(app_context, "settings.save") == []


@pytest.mark.parametrize("principal", [CLERK, SUPERVISOR, AUDITOR, None], ids=["clerk", "sup", "aud", "none"])
def test_only_a_signed_in_administrator_may_change_the_hall(app_context, principal):
    with pytest.raises(AccessDenied):
        save_hall(uow(app_context, principal), HALL)
    assert load_hall(uow(app_context, None, write=False)) == HallSettings()
    assert events(app_context, "settings.save") == []


def test_invalid_hall_settings_are_refused_in_words_and_nothing_changes(app_context):
    with pytest.raises(SettingsError) as refused:
        save_hall(
            uow(app_context, ADMIN),
            replace(HALL, hall_code="区A", tracking_url="www.example.cn", hall_phone="请拨 12345"),
        )
    assert refused.value.problems == [
        "大厅编码应为 2–12 位字母或数字",
        "进度查询网址应以 http:// 或 https:// 开头（或留空）",
        "大厅咨询电话只能含数字、空格、“-”和括号，如 0755-12345678（或留空）",
    ]
    assert load_hall(uow(app_context, None, write=False)) == HallSettings()


# --- this PC's settings, saved by the administrator ------------------------------------------------------


def test_the_administrator_sets_a_pc_up_and_the_audit_names_its_window(app_context, tmp_path):
    changes = save_station_settings(
        uow(app_context, ADMIN), tmp_path, replace(StationSettings(), window="03")
    )
    assert changes == {"window": ["01", "03"]}
    assert load_station(tmp_path).window == "03"
    detail = {"window": "03", "changes": {"window": ["01", "03"]}}
    assert events(app_context, "station.save") == [("li.si", "station", "03", "ok", detail)]
    assert save_station_settings(uow(app_context, ADMIN), tmp_path, load_station(tmp_path)) == {}
    assert len(events(app_context, "station.save")) == 1


@pytest.mark.parametrize("principal", [CLERK, SUPERVISOR, None], ids=["clerk", "supervisor", "none"])
def test_only_a_signed_in_administrator_may_set_a_pc_up(app_context, tmp_path, principal):
    with pytest.raises(AccessDenied):
        save_station_settings(uow(app_context, principal), tmp_path, STATION)
    assert not (tmp_path / "station.json").exists()
    assert events(app_context, "station.save") == []


def test_when_the_audit_event_cannot_be_kept_the_old_file_is_put_back(app_context, tmp_path, monkeypatch):
    (tmp_path / "station.json").write_bytes(b'{"window": "05", "paper": "B5"')  # damaged, kept as it was
    before = (tmp_path / "station.json").read_bytes()

    def commit_fails(self):
        raise RuntimeError("database went away")

    monkeypatch.setattr(UnitOfWork, "commit", commit_fails)
    with pytest.raises(RuntimeError):
        save_station_settings(uow(app_context, ADMIN), tmp_path, STATION)
    assert (tmp_path / "station.json").read_bytes() == before
    monkeypatch.undo()
    assert events(app_context, "station.save") == []


# --- the effective view -----------------------------------------------------------------------------------


def test_the_effective_settings_take_each_value_from_its_scope():
    settings = effective_settings(STATION, HALL, CLERK)
    assert settings.clerk == "王五" and settings.window == "07"  # the account's assigned window wins
    assert station_of(replace(settings, window="A12")) == STATION and hall_of(settings) == HALL
    assert effective_settings(STATION, HALL, ADMIN).window == "A12"  # no assigned window: this PC's
    assert effective_settings(STATION, HALL, Principal("a.b", "甲", Role.CLERK, "  ")).window == "A12"
    nobody = effective_settings(STATION, HALL, None)
    assert nobody.clerk == DEFAULT_CLERK and nobody.window == "A12"


def test_the_defaults_of_the_effective_view_are_the_scopes_defaults():
    assert CounterSettings() == effective_settings(StationSettings(), HallSettings(), None)
    assert CounterSettings().problems() == []
    assert replace(CounterSettings(), clerk="", paper="B5", hall_name="").problems() == [
        "窗口人员姓名不能为空",
        "纸张只能是 A4、A5",
        "大厅名称不能为空",
    ]


def test_load_counter_settings_puts_all_three_together(app_context, tmp_path):
    save_station(tmp_path, STATION)
    save_hall(uow(app_context, ADMIN), HALL)
    settings = load_counter_settings(uow(app_context, CLERK, write=False), tmp_path, CLERK)
    assert settings == replace(effective_settings(STATION, HALL, None), clerk="王五", window="07")
