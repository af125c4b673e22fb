"""The counter session's administrative use cases: settings, the holiday schedule, the catalogue, e-licence
imports, accounts, the audit trail, exports, backups. Mixed into ``CounterSession``; each method checks the
signed-in person's rights in the service it calls and acts as them."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from hallapp.domain.access import ACCOUNT_ROLES, PERMISSIONS, NotSignedIn, Permission, Principal, Role, check
from hallapp.services.changes import NOTHING, Changes, Outcome
from hallapp.store.db import UnitOfWork

# The counter's own events: locked (by hand or idle), signed out or switched, taken over at the lock.
COUNTER_ACTIONS = ("counter.lock", "counter.sign_out", "counter.take_over")


def record_counter_event(
    context: AppContext, principal: Principal, action: str, window: str, **detail: str
) -> None:
    """One counter event in the trail as ``principal``'s (also before their session is open: a colleague
    taking the counter over at the lock)."""
    if action not in COUNTER_ACTIONS:
        raise ValueError(f"not a counter event: {action}")
    from hallapp.store import audit_repo

    if principal is None:  # anyone signed in; nobody signed in leaves no such event
        raise NotSignedIn("尚未登录，不能进行此操作，请先登录。")
    uow = UnitOfWork(context.engine, write=True, principal=principal)
    with uow:
        audit_repo.record(
            uow.session, actor=uow.actor, action=action, object_type="counter", object_id=window, **detail
        )
        uow.commit()


if TYPE_CHECKING:
    from hallapp.licences.local import ImportReport as LicenceImportReport
    from hallapp.services.accounts import AccountInfo
    from hallapp.services.audit import AuditRow
    from hallapp.services.backups import RestoreResult
    from hallapp.services.bootstrap import AppContext
    from hallapp.services.calendar import ImportReport, YearSchedule
    from hallapp.services.catalogue import LoadResult
    from hallapp.services.settings import CounterSettings, HallSettings
    from hallapp.services.station import StationSettings
    from hallapp.store.audit_chain import ChainReport, ChainState

Day = tuple[str, str | None]  # (kind, name) of a special day; absent from a mapping = an ordinary day


@dataclass(frozen=True)
class DayChange:
    """One day an import would change: what it is now and what it would be (None: an ordinary day)."""

    day: date
    before: Day | None
    after: Day | None

    @property
    def change(self) -> str:
        """added | removed | changed."""
        if self.before is None:
            return "added"
        return "removed" if self.after is None else "changed"


@dataclass(frozen=True)
class CalendarImportPreview:
    """What importing a schedule file would do to its year, before anything is written.

    The administrator sees this and confirms: a file of one line for a year that holds 39 special days
    must not silently wipe 38 of them. ``fingerprint`` ties the confirmation to exactly this file and
    this state of the year: the import refuses when either changed after the preview.
    """

    file: str
    year: int | None
    problems: tuple[str, ...] = ()
    known: bool = False  # the year has a schedule now (which the import replaces)
    source: str = ""  # where the year's present schedule came from
    holidays_before: int = 0
    workdays_before: int = 0
    holidays_after: int = 0
    workdays_after: int = 0
    changes: tuple[DayChange, ...] = ()
    unchanged: int = 0
    fingerprint: str = ""

    @property
    def ok(self) -> bool:
        return not self.problems and self.year is not None

    def count(self, change: str) -> int:
        """How many days are ``added``, ``removed`` or ``changed``."""
        return sum(1 for c in self.changes if c.change == change)


class AdminUseCases:
    """Provided by ``CounterSession``: ``context``, ``principal``, ``settings``, ``_uow`` and the reloads."""

    context: AppContext
    principal: Principal
    settings: CounterSettings

    def _uow(self, *, write: bool = False) -> UnitOfWork:
        raise NotImplementedError

    def _reload_settings(self) -> None:
        raise NotImplementedError

    def _reload_calendar(self, *, force: bool = True) -> None:
        raise NotImplementedError

    def who_may(self, permission: Permission) -> str:
        """Which roles may do this, in words ("系统管理员"): a refusal shown before a form names who to ask."""
        return "、".join(role.label for role in ACCOUNT_ROLES if permission in PERMISSIONS[role])

    # -- settings ------------------------------------------------------------------------------------------

    def station_settings(self) -> StationSettings:
        from hallapp.services.station import load_station

        return load_station(self.context.paths.data_dir)

    def station_warnings(self) -> list[str]:
        """What was wrong with this PC's station.json, in words (each bad value, its default, the path)."""
        from hallapp.services.station import read_station

        return read_station(self.context.paths.data_dir)[1]

    def hall_settings(self) -> HallSettings:
        from hallapp.services.settings import load_hall

        return load_hall(self._uow())

    def save_station(self, station: StationSettings) -> Outcome[dict[str, list[Any]]]:
        """This counter PC's settings (administrator): kept in the data folder, audited."""
        from hallapp.services.station import save_station_settings

        changed = save_station_settings(self._uow(write=True), self.context.paths.data_dir, station)
        self._reload_settings()
        return Outcome(changed, Changes(settings=True, cases=True, board=True))

    def save_hall(self, hall: HallSettings) -> Outcome[dict[str, list[Any]]]:
        """The hall's settings (administrator): shared by every counter in the database, audited."""
        from hallapp.services.settings import save_hall

        changed = save_hall(self._uow(write=True), hall)
        self._reload_settings()
        return Outcome(changed, Changes(settings=True))

    # -- the working-day calendar --------------------------------------------------------------------------

    def year_schedule(self, year: int) -> YearSchedule:
        from hallapp.services.calendar import year_schedule

        return year_schedule(self._uow(), year)

    def set_day(self, day: date, kind: str, name: str | None = None) -> Outcome[bool]:
        """Make a day a holiday, an adjusted working day or ordinary (administrator, audited)."""
        from hallapp.services.calendar import set_day

        changed = set_day(self._uow(write=True), day, kind, name)
        if changed:
            self._reload_calendar()
        return Outcome(changed, Changes(calendar=True, board=True) if changed else NOTHING)

    def preview_calendar_import(self, path: Path | str) -> CalendarImportPreview:
        """What importing ``path`` would add, remove and change in its year; writes nothing (administrator).

        Shown before the import is confirmed, so that replacing a year is never a surprise."""
        from hallapp.services.calendar import read_schedule_csv, year_schedule

        check(self.principal, Permission.CALENDAR)
        path = Path(path)
        year, rows, problems = read_schedule_csv(path)
        if problems or year is None:
            return CalendarImportPreview(file=path.name, year=year, problems=tuple(problems))
        schedule = year_schedule(self._uow(), year)
        before: dict[date, Day] = {d.day: (d.kind, d.name) for d in schedule.days}
        after: dict[date, Day] = {day: (kind, name) for day, kind, name in rows}
        changes = tuple(
            DayChange(day, before.get(day), after.get(day))
            for day in sorted(before.keys() | after.keys())
            if before.get(day) != after.get(day)
        )
        return CalendarImportPreview(
            file=path.name,
            year=year,
            known=schedule.known,
            source=schedule.source,
            holidays_before=schedule.holidays,
            workdays_before=schedule.workdays,
            holidays_after=sum(1 for kind, _name in after.values() if kind == "holiday"),
            workdays_after=sum(1 for kind, _name in after.values() if kind == "workday"),
            changes=changes,
            unchanged=sum(1 for day, value in after.items() if before.get(day) == value),
            fingerprint=_fingerprint(year, schedule.known, before, after),
        )

    def import_calendar(self, path: Path | str, *, confirmed: str | None = None) -> Outcome[ImportReport]:
        """Load a year's holiday schedule from CSV, all or nothing (administrator, audited).

        ``confirmed`` is the fingerprint of the preview the administrator agreed to: when the file or the
        year changed since (another counter edited a day, the file was saved again), nothing is imported
        and the administrator is asked to look again."""
        from hallapp.services.calendar import CalendarError, import_year_csv

        if confirmed is not None:
            preview = self.preview_calendar_import(path)
            if preview.ok and preview.fingerprint != confirmed:
                raise CalendarError(
                    "预览之后，导入文件或该年度安排已有改动，未做任何修改：请重新导入并核对变化。"
                )
        report = import_year_csv(self._uow(write=True), path)
        if report.ok:
            self._reload_calendar()
        return Outcome(report, Changes(calendar=True, board=True) if report.ok else NOTHING)

    # -- the catalogue and e-licences ----------------------------------------------------------------------

    def load_catalogue(self, folder: Path, *, force: bool = False) -> Outcome[LoadResult]:
        """Load catalogue files (administrator). The search index is dropped at once, so the plain SQL path
        answers with the new catalogue until the window has rebuilt the index (``prepare_index``)."""
        from hallapp.services.catalogue import load_catalogue

        result = load_catalogue(self._uow(write=True), folder, force=force)
        if result.skipped:
            return Outcome(result)
        self.context.search.invalidate()
        return Outcome(result, Changes(catalogue=True))

    def import_licences(self, path: Path | str) -> Outcome[LicenceImportReport]:
        from hallapp.licences.local import import_licences

        report = import_licences(self._uow(write=True), path)
        return Outcome(report, Changes(licences=True) if report.ok else NOTHING)

    # -- accounts ------------------------------------------------------------------------------------------

    def accounts(self) -> list[AccountInfo]:
        from hallapp.services.accounts import list_accounts

        return list_accounts(self._uow(), self.principal)

    def create_account(
        self, username: str, display_name: str, role: Role | str, password: str, *, window: str = ""
    ) -> Outcome[AccountInfo]:
        from hallapp.services.accounts import create_account

        info = create_account(
            self._uow(write=True), self.principal, username, display_name, Role(role), window, password
        )
        return Outcome(info, Changes(accounts=True))

    def set_role(self, username: str, role: Role | str) -> Outcome[AccountInfo]:
        from hallapp.services.accounts import set_role

        return Outcome(
            set_role(self._uow(write=True), self.principal, username, Role(role)), Changes(accounts=True)
        )

    def set_active(self, username: str, active: bool) -> Outcome[AccountInfo]:
        from hallapp.services.accounts import set_active

        return Outcome(
            set_active(self._uow(write=True), self.principal, username, active), Changes(accounts=True)
        )

    def reset_password(self, username: str, password: str) -> Outcome[None]:
        from hallapp.services.accounts import reset_password

        reset_password(self._uow(write=True), self.principal, username, password)
        return Outcome(None, Changes(accounts=True))

    def unlock_account(self, username: str) -> Outcome[None]:
        from hallapp.services.accounts import unlock_account

        unlock_account(self._uow(write=True), self.principal, username)
        return Outcome(None, Changes(accounts=True))

    def change_own_password(self, old: str, new: str) -> Outcome[None]:
        from hallapp.services.accounts import change_own_password

        change_own_password(self._uow(write=True), self.principal, old, new)
        return Outcome(None, Changes(accounts=True))

    def unlock(self, password: str) -> bool:
        """The idle lock: the signed-in person's password again (audited, lockout counts)."""
        from hallapp.services.accounts import unlock_session

        return unlock_session(self._uow(write=True), self.principal, password)

    def note_counter(self, action: str, **detail: str) -> None:
        """Who left or locked this counter (``COUNTER_ACTIONS``), in the trail."""
        record_counter_event(self.context, self.principal, action, self.settings.window, **detail)

    # -- the audit trail -----------------------------------------------------------------------------------

    def audit_trail(self, *, limit: int = 500) -> list[AuditRow]:
        from hallapp.services.audit import trail

        return trail(self._uow(), limit=limit)

    def audit_names(self, usernames: Iterable[str]) -> dict[str, str]:
        """The display name of each user name in the trail (the audit administrator reads people, not
        logins; the user name stays in the tooltip)."""
        from hallapp.services.people import display_names

        check(self.principal, Permission.AUDIT_READ)
        with self._uow() as uow:
            return display_names(uow.session, usernames)

    def verify_audit(self) -> ChainReport:
        from hallapp.services.audit import verify_audit

        return verify_audit(self._uow(write=True), journal=self.context.journal)

    def check_printed_head(self, head: str, count: int | None = None) -> ChainReport:
        from hallapp.services.audit import check_printed_head

        check(self.principal, Permission.AUDIT_READ)
        return check_printed_head(self._uow(), head, count)

    def audit_head(self) -> ChainState:
        from hallapp.services.audit import audit_head

        return audit_head(self._uow())

    def export_trail(self, path: Path) -> Outcome[int]:
        from hallapp.services.audit import export_trail

        return Outcome(export_trail(self._uow(write=True), path))

    # -- exports and backups -------------------------------------------------------------------------------

    def export_cases(self, path: Path, *, since: date, until: date) -> Outcome[int]:
        """The register of a period to CSV or Excel, personal data masked (supervisor, audited)."""
        from hallapp.services.export import export_cases

        return Outcome(export_cases(self._uow(write=True), path, since=since, until=until))

    def backup_now(self) -> Outcome[Path]:
        """A verified backup of the database now (administrator, audited)."""
        from hallapp.services.backups import backup_now
        from hallapp.store import audit_repo

        check(self.principal, Permission.BACKUP)
        made = backup_now(self.context.paths)
        with self._uow(write=True) as uow:
            audit_repo.record(
                uow.session,
                actor=uow.actor,
                action="backup.make",
                object_type="backup",
                object_id=made.name[:60],
            )
            uow.commit()
        return Outcome(made)

    def restore(self, backup: Path) -> Outcome[RestoreResult]:
        """Put a backup in place of the database (administrator). The restored database records who
        restored it and from which file, so the trail shows the jump."""
        from hallapp.services.backups import restore
        from hallapp.store import audit_repo

        check(self.principal, Permission.BACKUP)
        self.context.engine.dispose()  # no open connection on the file being replaced
        result = restore(self.context.paths, backup)
        from hallapp.store.migrate import upgrade

        upgrade(self.context.engine, backup_dir=self.context.paths.backup_dir)  # an older backup's schema
        from hallapp.services.continuity import reconcile_context

        # Before the restore is recorded: numbering continues above every number issued, the loss noted.
        reconcile_context(self.context)
        with self._uow(write=True) as uow:
            audit_repo.record(
                uow.session,
                actor=uow.actor,
                action="backup.restore",
                object_type="backup",
                object_id=result.backup.name[:60],
            )
            uow.commit()
        self._reload_calendar()
        return Outcome(
            result,
            Changes(cases=True, board=True, calendar=True, catalogue=True, settings=True, accounts=True),
        )


def _fingerprint(year: int, known: bool, before: dict[date, Day], after: dict[date, Day]) -> str:
    """A digest of the year as it is and as the file would make it (what a preview showed)."""
    text = repr((year, known, sorted(before.items()), sorted(after.items())))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]
