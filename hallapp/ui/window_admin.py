"""The window's administrative and reporting actions: settings, holiday schedule, accounts, audit
trail, the daily close report, revealing an ID. Each dialog only asks; the use cases run on the database
worker through the counter session, which checks the signed-in person's rights and acts as them. What
they change reaches the views as ``Changes`` — these actions refresh nothing themselves."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from hallapp.services.session import CounterSession
    from hallapp.ui.ops import Operations


class AdminActions:
    """Mixed into ``MainWindow`` (which provides ``ops``, ``session``, ``tr``, ``show_preview`` …)."""

    ops: Operations
    session: CounterSession | None

    def _signed_in(self) -> bool:
        if self.session is None:
            self.set_status(self.tr("请先登录"))  # type: ignore[attr-defined]
            return False
        return True

    def close_day(self) -> None:
        """Print today's close report of this window (its cases and the audit chain's head)."""
        if not self._signed_in():
            return
        self.ops.run(
            self,  # type: ignore[arg-type]
            lambda s: s.daily_close(),
            lambda report: self.show_preview(self.tr("窗口日结报表"), [(report.kind.title, report.path)]),  # type: ignore[attr-defined]
            key="daily-close",
            lane="print",
        )

    def open_accounts(self) -> None:
        """Account management (administrator; the menu item is disabled for others, with the reason)."""
        if not self._signed_in():
            return
        from hallapp.ui.accounts_dialog import AccountsDialog

        self.accounts_dialog = AccountsDialog(self.ops, self)
        self.accounts_dialog.open()

    def open_calendar(self) -> None:
        """The holiday schedule (节假日安排): editable by the administrator, read-only for others."""
        if not self._signed_in():
            return
        from hallapp.ui.calendar_dialog import CalendarDialog

        self.calendar_dialog = CalendarDialog(self.ops, self)
        self.calendar_dialog.open()

    def _reveal(self, dialog: Any, number: str) -> None:
        """The full ID of a case, if the signed-in person may see it (the service checks and audits)."""
        self.ops.run(
            dialog,
            lambda s: s.reveal_id(number),
            lambda full: dialog.show_revealed(full),
            lambda error: dialog.show_revealed(str(error), False),
            key="reveal",
        )

    def open_audit(self) -> None:
        """The audit administrator's view of the trail: newest first, verify, export."""
        if not self._signed_in():
            return
        from hallapp.ui.audit_dialog import AuditDialog

        self.audit_dialog = AuditDialog(self.ops, self)
        self.audit_dialog.open()

    def open_ratings(self) -> None:
        """差评回访: the supervisor's list of open bad ratings, their follow-up steps, 回访整改率, export."""
        if not self._signed_in():
            return
        from hallapp.ui.ratings_dialog import RatingsDialog

        self.ratings_dialog = RatingsDialog(self.ops, self)
        self.ratings_dialog.open()

    def change_password(self) -> None:
        """修改密码: anyone signed in changes their own (the current one is checked and audited)."""
        if not self._signed_in() or self.session is None:
            return
        from hallapp.ui.password_dialog import PasswordDialog

        dialog = PasswordDialog(self.session.principal.username, self)  # type: ignore[arg-type]

        def changed(_none: object) -> None:
            dialog.accept()
            self.set_status(self.tr("密码已修改"))  # type: ignore[attr-defined]

        dialog.submitted.connect(
            lambda old, new: self.ops.run(
                dialog,
                lambda s: s.change_own_password(old, new),
                changed,
                lambda error: dialog.refuse(_words(error)),
                key="password",
            )
        )
        dialog.open()
        self.password_dialog = dialog

    def open_settings(self) -> None:
        """This PC's, the hall's and the person's own settings; each scope editable only by who may."""
        if not self._signed_in():
            return

        def show(scopes: tuple[Any, Any, list[str], list[str]]) -> None:
            from hallapp.ui.settings_dialog import SettingsDialog

            station, hall, printers, warnings = scopes
            session = self.session
            if session is None:
                return
            dialog = SettingsDialog(
                station,
                hall,
                session.principal,
                self,  # type: ignore[arg-type]
                printers=printers,
                station_warnings=warnings,
            )

            def saved(scope: str) -> None:
                dialog.confirm_saved(scope)
                self.set_status(self.tr("设置已保存"))  # type: ignore[attr-defined]

            def save(scope: str, method: str, value: Any) -> None:
                self.ops.run(
                    dialog,
                    lambda s: getattr(s, method)(value),
                    lambda _changed: saved(scope),
                    lambda error: dialog.refuse(_words(error), scope),
                    key=f"save-{scope}",
                )

            dialog.station_saved.connect(lambda station: save("station", "save_station", station))
            dialog.hall_saved.connect(lambda hall: save("hall", "save_hall", hall))
            dialog.open()
            self.settings_dialog = dialog

        self.ops.run(
            self,  # type: ignore[arg-type]
            lambda s: (s.station_settings(), s.hall_settings(), _printers(), s.station_warnings()),
            show,
            key="settings",
        )


def _words(error: BaseException) -> str:
    from hallapp.errors import describe

    return describe(error)


def _printers() -> list[str]:
    """The printers this PC offers (read on a worker: it may ask the print system)."""
    try:
        from PySide6.QtPrintSupport import QPrinterInfo

        return list(QPrinterInfo.availablePrinterNames())
    except Exception:  # noqa: BLE001 - no print system: the name can still be typed
        return []
