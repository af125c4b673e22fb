"""Open an installation: its folders, its database at the newest schema, the shipped catalogue loaded."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from functools import cached_property, partial

from sqlalchemy.engine import Engine

from hallapp.config import AppPaths
from hallapp.domain.access import SYSTEM, Principal
from hallapp.domain.workdays import WorkdayCalendar
from hallapp.services.catalogue import LoadResult, refresh_catalogue_at_start
from hallapp.services.search import CatalogueSearch
from hallapp.store.db import UnitOfWork, make_engine
from hallapp.store.migrate import upgrade

log = logging.getLogger(__name__)


@dataclass
class AppContext:
    """Everything a front end (window or command line) needs to call the use cases."""

    paths: AppPaths
    engine: Engine
    search: CatalogueSearch
    catalogue_load: LoadResult | None = None
    principal: Principal | None = None  # who signed in; every use case checks their permission

    def uow(self, *, write: bool = False) -> UnitOfWork:
        """A unit of work acting for whoever signed in at this counter (``principal``)."""
        return UnitOfWork(self.engine, write=write, principal=self.principal)

    @cached_property
    def calendar(self) -> WorkdayCalendar:
        """The working-day calendar from the database (loaded once; ``reload_calendar`` after a change)."""
        from hallapp.services.calendar import load_calendar

        return load_calendar(self.uow())

    def reload_calendar(self) -> None:
        """Forget the loaded calendar, so the next use reads the edited or imported schedule."""
        self.__dict__.pop("calendar", None)

    def close(self) -> None:
        self.engine.dispose()


def _seed_calendar(engine: Engine) -> None:
    """Load the holiday schedules the chinese_calendar package knows and the database lacks (cheap when none)."""
    from hallapp.services.calendar import seed_from_chinese_calendar

    years = seed_from_chinese_calendar(UnitOfWork(engine, write=True, principal=SYSTEM))
    if years:
        log.info("working-day calendar seeded: %s", ", ".join(str(y) for y in years))


def open_app(paths: AppPaths, *, load_shipped_catalogue: bool = True) -> AppContext:
    """Create folders, migrate the database, load the catalogue files if they changed. Idempotent."""
    paths.ensure()
    engine = make_engine(paths.database_url)
    try:
        upgrade(engine, backup_dir=paths.backup_dir)
        _seed_calendar(engine)
        result = None
        if load_shipped_catalogue:
            result = refresh_catalogue_at_start(
                UnitOfWork(engine, write=True, principal=SYSTEM), paths.catalogue_dir
            )
            if not result.skipped:
                log.info(
                    "catalogue loaded: %d added, %d updated, %d withdrawn",
                    result.added,
                    result.updated,
                    result.deactivated,
                )
    except BaseException:
        engine.dispose()  # no connection left open on a file that may have to be moved aside (Windows)
        raise
    search = CatalogueSearch(partial(UnitOfWork, engine), paths.index_dir, database_url=paths.database_url)
    return AppContext(paths=paths, engine=engine, search=search, catalogue_load=result)
