"""Open an installation: its folders, its database at the newest schema, the shipped catalogue loaded."""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass
from functools import cached_property, partial
from typing import TYPE_CHECKING

from sqlalchemy.engine import Engine

from hallapp.config import AppPaths
from hallapp.domain.access import SYSTEM, Principal
from hallapp.domain.workdays import WorkdayCalendar
from hallapp.services.catalogue import LoadResult, refresh_catalogue_at_start
from hallapp.services.search import CatalogueSearch
from hallapp.store.db import UnitOfWork, attach_commit_hook, make_engine
from hallapp.store.journal import IssueJournal, journal_path
from hallapp.store.migrate import upgrade

if TYPE_CHECKING:
    from hallapp.services.continuity import ContinuityReport

log = logging.getLogger(__name__)


@dataclass
class AppContext:
    """Everything a front end (window or command line) needs to call the use cases."""

    paths: AppPaths
    engine: Engine
    search: CatalogueSearch
    catalogue_load: LoadResult | None = None
    principal: Principal | None = None  # who signed in; every use case checks their permission
    journal: IssueJournal | None = None  # numbers issued and the audit head, outside the database
    continuity: ContinuityReport | None = None  # what the start-up comparison with the journal found

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
        attach_commit_hook(self.engine, None)
        self.engine.dispose()


def issue_journal(paths: AppPaths) -> IssueJournal:
    """The issue journal of this data folder and database: ``journal/issued.jsonl`` for the folder's own
    SQLite file, one file per address for any other database (a PC switched to a shared server keeps its
    SQLite journal apart)."""
    path = journal_path(paths.data_dir)
    if paths.database_file is None or paths.database_file.parent != paths.data_dir:
        from sqlalchemy.engine import make_url

        try:
            key = make_url(paths.database_url).render_as_string(hide_password=True)
        except Exception:  # noqa: BLE001 - an address that does not parse fails when the engine is made
            key = paths.database_url
        path = path.with_name(f"issued-{hashlib.sha256(key.encode()).hexdigest()[:12]}.jsonl")
    return IssueJournal(path, station=_station(paths))


def _station(paths: AppPaths) -> str:
    """ "window@host" for the journal's lines (the window number from this PC's settings file)."""
    from hallapp.store.journal import host_name

    try:
        from hallapp.services.station import read_station

        window = read_station(paths.data_dir)[0].window
    except Exception:  # noqa: BLE001 - a damaged settings file: the host name alone
        window = ""
    return f"{window}@{host_name()}" if window else host_name()


def _seed_calendar(engine: Engine) -> None:
    """Load the holiday schedules the chinese_calendar package knows and the database lacks (cheap when none)."""
    from hallapp.services.calendar import seed_from_chinese_calendar

    years = seed_from_chinese_calendar(UnitOfWork(engine, write=True, principal=SYSTEM))
    if years:
        log.info("working-day calendar seeded: %s", ", ".join(str(y) for y in years))


def open_app(paths: AppPaths, *, load_shipped_catalogue: bool = True) -> AppContext:
    """Create folders, migrate the database, compare it with the issue journal and the printed archive
    (``services.continuity``: numbering continues above every number issued, a loss is recorded and
    reported in ``AppContext.continuity``), load the catalogue files if they changed. Idempotent."""
    from hallapp.services.continuity import reconcile

    paths.ensure()
    engine = make_engine(paths.database_url)
    journal = issue_journal(paths)
    try:
        upgrade(engine, backup_dir=paths.backup_dir)
        attach_commit_hook(engine, journal)
        # Before anything else writes: a new line in the journal would hide what the database lost.
        continuity = reconcile(UnitOfWork(engine, write=True, principal=SYSTEM), journal, paths.data_dir)
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
        attach_commit_hook(engine, None)
        engine.dispose()  # no connection left open on a file that may have to be moved aside (Windows)
        raise
    search = CatalogueSearch(partial(UnitOfWork, engine), paths.index_dir, database_url=paths.database_url)
    return AppContext(
        paths=paths,
        engine=engine,
        search=search,
        catalogue_load=result,
        journal=journal,
        continuity=continuity,
    )
