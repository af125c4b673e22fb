"""The register of service ratings: its tables as migration 0016 makes them, a rating and its follow-up
steps stored and read back as they were, the reads of open bad ratings and of a period, and the
database refusing to delete any of it."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import func, inspect, select, text
from sqlalchemy.exc import DatabaseError, IntegrityError
from sqlmodel import SQLModel

from hallapp.domain.rating import Indicator, Level, Rating, RatingChannel
from hallapp.store import (  # noqa: F401 - registers the tables
    account_models,
    calendar_models,
    case_models,
    disclosure_models,
    licence_models,
    models,
    rating_models,
    rating_repo,
)
from hallapp.store.db import UnitOfWork, make_engine
from hallapp.store.migrate import upgrade
from tests.domain.test_workdays import CAL_2026

EVE = datetime(2026, 9, 30, 15, 30)


def rated(number: str, level: Level, *indicators: Indicator, at: datetime = EVE, **kw) -> Rating:
    return Rating.rate(
        service_number=number,
        is_bundle=kw.pop("is_bundle", False),
        level=level,
        indicators=indicators,
        comment=kw.pop("comment", ""),
        channel=RatingChannel.PAD,
        rated_at=at,
        clerk="zhang.san",
        calendar=CAL_2026,
        **kw,
    )


@pytest.fixture
def engine(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path / 'db.sqlite3'}")
    upgrade(engine)
    return engine


def test_migration_0016_makes_the_tables_the_models_describe(engine):
    assert {"rating", "rating_step"} <= set(inspect(engine).get_table_names())
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": False})
        differences = [
            d
            for d in compare_metadata(context, SQLModel.metadata)
            if d[0] != "remove_table" or d[1].name != "alembic_version"
        ]
    assert differences == []


def test_a_rating_and_its_steps_read_back_as_they_were_stored(engine):
    bad = rated("PSZW2026000007", Level.VERY_DISSATISFIED, Indicator.Q11, Indicator.E11, comment="材料没说清")
    verified = bad.verify(
        by="zhao.liu", on=date(2026, 10, 8), text="属实", founded=True, today=date(2026, 10, 8)
    )
    rectified = verified.rectify(
        by="zhao.liu", on=date(2026, 10, 9), text="补充告知单", today=date(2026, 10, 9)
    )
    with UnitOfWork(engine, write=True) as uow:
        record = rating_repo.add(uow.session, bad, recorded_by="zhang.san")
        rating_repo.add_step(uow.session, record, verified.followup.steps[-1])
        rating_repo.add_step(uow.session, record, rectified.followup.steps[-1])
        uow.commit()
    with UnitOfWork(engine) as uow:
        record = rating_repo.by_number(uow.session, " PSZW2026000007 ")
        assert record.indicators == "E11,Q11" and record.level == 1 and record.recorded_by == "zhang.san"
        assert record.due_on == date(2026, 10, 13) and record.answered_on is None
        assert rating_repo.load(uow.session, record) == rectified
    answered = rectified.answer(
        by="zhao.liu", on=date(2026, 10, 12), text="已电话回复", today=date(2026, 10, 12)
    )
    with UnitOfWork(engine, write=True) as uow:
        record = rating_repo.by_number(uow.session, "PSZW2026000007")
        rating_repo.add_step(uow.session, record, answered.followup.steps[-1])
        uow.commit()
    with UnitOfWork(engine) as uow:
        record = rating_repo.by_number(uow.session, "PSZW2026000007")
        assert record.answered_on == date(2026, 10, 12)
        assert rating_repo.load(uow.session, record) == answered


def test_a_skipped_rating_is_stored_without_a_level(engine):
    skipped = Rating.skipped(
        service_number="PSZW2026000008",
        is_bundle=True,
        channel=RatingChannel.FACING_SCREEN,
        rated_at=EVE,
        clerk="li.si",
    )
    with UnitOfWork(engine, write=True) as uow:
        rating_repo.add(uow.session, skipped, recorded_by="li.si")
        uow.commit()
    with UnitOfWork(engine) as uow:
        record = rating_repo.by_number(uow.session, "PSZW2026000008")
        assert record.level is None and record.due_on is None and record.is_bundle
        assert rating_repo.load(uow.session, record) == skipped


def test_a_service_has_one_rating_row(engine):
    with UnitOfWork(engine, write=True) as uow:
        rating_repo.add(uow.session, rated("PSZW2026000001", Level.SATISFIED), recorded_by="zhang.san")
        uow.commit()
    with pytest.raises(IntegrityError), UnitOfWork(engine, write=True) as uow:
        rating_repo.add(uow.session, rated("PSZW2026000001", Level.DISSATISFIED), recorded_by="zhang.san")
    with UnitOfWork(engine) as uow:
        assert (
            uow.session.execute(select(func.count()).select_from(rating_models.RatingRecord)).scalar_one()
            == 1
        )


def test_open_bad_ratings_soonest_first_and_ratings_of_a_period(engine):
    ratings = [
        rated("N1", Level.DISSATISFIED, at=datetime(2026, 10, 9, 9)),  # due 10-16
        rated("N2", Level.VERY_DISSATISFIED, at=datetime(2026, 9, 30, 9)),  # due 10-13
        rated("N3", Level.VERY_SATISFIED, at=datetime(2026, 10, 9, 10)),
        rated("N4", Level.DISSATISFIED, at=datetime(2026, 10, 12, 9)),  # answered below
    ]
    answered = (
        ratings[3]
        .verify(by="zhao.liu", on=date(2026, 10, 12), text="不属实", founded=False, today=date(2026, 10, 12))
        .answer(by="zhao.liu", on=date(2026, 10, 12), text="已说明", today=date(2026, 10, 12))
    )
    with UnitOfWork(engine, write=True) as uow:
        records = [rating_repo.add(uow.session, r, recorded_by="zhang.san") for r in ratings]
        for step in answered.followup.steps:
            rating_repo.add_step(uow.session, records[3], step)
        uow.commit()
    with UnitOfWork(engine) as uow:
        assert [r.service_number for _rec, r in rating_repo.open_bad(uow.session)] == ["N2", "N1"]
        october = rating_repo.rated_between(uow.session, datetime(2026, 10, 1), datetime(2026, 11, 1))
        assert [r.service_number for _rec, r in october] == ["N1", "N3", "N4"]
        assert october[2][1] == answered


@pytest.mark.parametrize("table", ["rating", "rating_step"])
def test_the_database_refuses_to_delete_a_rating_or_a_step(engine, table):
    bad = rated("PSZW2026000009", Level.DISSATISFIED)
    verified = bad.verify(
        by="zhao.liu", on=date(2026, 10, 8), text="属实", founded=True, today=date(2026, 10, 8)
    )
    with UnitOfWork(engine, write=True) as uow:
        record = rating_repo.add(uow.session, bad, recorded_by="zhang.san")
        rating_repo.add_step(uow.session, record, verified.followup.steps[0])
        uow.commit()
    with pytest.raises(DatabaseError, match="never deleted"), UnitOfWork(engine, write=True) as uow:
        uow.session.execute(text(f"DELETE FROM {table}"))
    model = rating_models.RatingRecord if table == "rating" else rating_models.RatingStepRecord
    with UnitOfWork(engine) as uow:
        assert uow.session.execute(select(func.count()).select_from(model)).scalar_one() == 1
