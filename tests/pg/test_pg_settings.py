"""Two counter PCs on one PostgreSQL database: each keeps its own window number, paper and community mode
(in its own data folder); the hall's settings are one, shared through the database."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest
from sqlalchemy import select

from hallapp.config import resolve_paths
from hallapp.domain.access import AccessDenied, Principal, Role
from hallapp.services.bootstrap import open_app
from hallapp.services.settings import (
    HallSettings,
    StationSettings,
    load_counter_settings,
    load_hall,
    load_station,
    save_hall,
    save_station_settings,
)
from hallapp.store import catalogue_repo
from hallapp.store.case_models import AuditEvent
from hallapp.store.db import UnitOfWork
from hallapp.store.models import Setting

ADMIN = Principal("li.si", "李四", Role.ADMIN)
CLERK = Principal("wang.wu", "王五", Role.CLERK)


@pytest.fixture
def counters(tmp_path, pg_opened_url):
    """Two installations (two PCs, two data folders) opened on the same PostgreSQL database."""
    opened = [
        open_app(resolve_paths(tmp_path / name, pg_opened_url), load_shipped_catalogue=False)
        for name in ("pc-a", "pc-b")
    ]
    yield opened
    for context in opened:
        context.close()


def work(context, principal: Principal | None, *, write: bool = True) -> UnitOfWork:
    return UnitOfWork(context.engine, write=write, principal=principal)


def test_two_counters_on_one_database_keep_their_own_station_settings(counters):
    a, b = counters
    assert a.engine.dialect.name == "postgresql" and a.paths.database_url == b.paths.database_url
    a_station = replace(StationSettings(), window="03", paper="A5", community_centre=True)
    b_station = replace(StationSettings(), window="07", paper="A4", community_centre=False)

    save_station_settings(work(a, ADMIN), a.paths.data_dir, a_station)
    save_station_settings(work(b, ADMIN), b.paths.data_dir, b_station)
    save_station_settings(work(a, ADMIN), a.paths.data_dir, replace(a_station, idle_lock_minutes=20))

    assert load_station(a.paths.data_dir) == replace(a_station, idle_lock_minutes=20)
    assert load_station(b.paths.data_dir) == b_station  # untouched by A's second save
    a_view = load_counter_settings(work(a, CLERK, write=False), a.paths.data_dir, CLERK)
    b_view = load_counter_settings(work(b, CLERK, write=False), b.paths.data_dir, CLERK)
    assert (a_view.window, a_view.paper, a_view.community_centre) == ("03", "A5", True)
    assert (b_view.window, b_view.paper, b_view.community_centre) == ("07", "A4", False)

    with work(a, None, write=False) as uow:  # nothing of a PC went into the shared database
        keys = [row.key for row in uow.session.execute(select(Setting)).scalars()]
        windows = [
            json.loads(e.detail)["window"]
            for e in uow.session.execute(
                select(AuditEvent).where(AuditEvent.action == "station.save").order_by(AuditEvent.seq)
            ).scalars()
        ]
    assert not [key for key in keys if key.startswith(("counter.", "station."))]
    assert windows == ["03", "07", "03"]  # the trail says which counter PC was set up


def test_the_hall_settings_are_shared_by_both_counters(counters):
    a, b = counters
    save_station_settings(work(a, ADMIN), a.paths.data_dir, replace(StationSettings(), window="03"))
    save_station_settings(work(b, ADMIN), b.paths.data_dir, replace(StationSettings(), window="07"))
    hall = replace(HallSettings(), hall_name="坪山区马峦街道党群服务中心", deferral_days=7)

    save_hall(work(a, ADMIN), hall)

    assert load_hall(work(b, None, write=False)) == hall
    b_view = load_counter_settings(work(b, CLERK, write=False), b.paths.data_dir, CLERK)
    assert (b_view.hall_name, b_view.deferral_days, b_view.window) == ("坪山区马峦街道党群服务中心", 7, "07")
    with pytest.raises(AccessDenied):
        save_hall(work(b, CLERK), replace(hall, hall_name="王五改的"))
    assert load_hall(work(a, None, write=False)) == hall


def test_after_an_upgrade_each_pc_copies_the_old_shared_window_once_then_goes_its_own_way(counters):
    a, b = counters
    with work(a, None) as uow:  # what the previous version kept in the shared database
        catalogue_repo.set_setting(uow.session, "counter.window", "05")
        catalogue_repo.set_setting(uow.session, "counter.paper", "A5")
        uow.commit()
    assert load_counter_settings(work(a, None, write=False), a.paths.data_dir, None).window == "05"
    assert load_counter_settings(work(b, None, write=False), b.paths.data_dir, None).window == "05"

    save_station_settings(
        work(b, ADMIN), b.paths.data_dir, replace(load_station(b.paths.data_dir), window="06")
    )
    assert load_counter_settings(work(a, None, write=False), a.paths.data_dir, None).window == "05"
    assert load_counter_settings(work(b, None, write=False), b.paths.data_dir, None).window == "06"
    assert load_station(a.paths.data_dir).paper == load_station(b.paths.data_dir).paper == "A5"
