"""The window's administrative and reporting actions: settings, holiday schedule, accounts, audit
trail, the daily close report, revealing an ID. Each dialog only asks; the use cases run on workers
and check the signed-in person's rights themselves."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from hallapp.ui.tasks import run_task

if TYPE_CHECKING:
    from hallapp.services.bootstrap import AppContext
    from hallapp.services.settings import CounterSettings


def _load_counter(context: AppContext) -> tuple[CounterSettings, Any, str | None]:
    """On a worker: the counter's settings, the working-day calendar, the licence provider, and the
    warning when next year's holiday schedule is still missing."""
    from datetime import date

    from hallapp.licences.factory import make_provider
    from hallapp.services.calendar import calendar_warning

    settings = context.settings()
    context.calendar  # noqa: B018 - loaded here, off the UI thread
    return settings, make_provider(settings, context.uow), calendar_warning(context.uow(), date.today())


class AdminActions:
    """Mixed into ``MainWindow`` (which provides context, settings, principal, tr, show_preview …)."""

    context: Any
    settings: Any
    principal: Any

    def close_day(self) -> None:
        """Print today's close report of this window (its cases and the audit chain's head)."""
        context, settings = self.context, self.settings
        if context is None or settings is None:
            return
        from datetime import date

        from hallapp.services.reports import daily_close

        run_task(
            self,
            lambda: daily_close(
                context.uow(write=True),
                day=date.today(),
                settings=settings,
                data_dir=context.paths.data_dir,
                actor=settings.clerk,
            ),
            lambda report: self.show_preview(self.tr("窗口日结报表"), [(report.kind.title, report.path)]),
            self.show_error,
        )

    def open_accounts(self) -> None:
        """Account management; the services refuse it (in words) to anyone but an administrator."""
        if self.context is None or self.principal is None:
            self.set_status(self.tr("请先登录"))
            return
        from hallapp.ui.accounts_dialog import AccountsDialog

        self.accounts_dialog = AccountsDialog(self.context, self.principal, self)
        self.accounts_dialog.open()

    def open_calendar(self) -> None:
        """The administrator's holiday schedule (节假日安排): view, edit a day, import a year."""
        if self.context is None or self.settings is None:
            return
        from hallapp.ui.calendar_dialog import CalendarDialog

        context = self.context
        dialog = CalendarDialog(context.uow, actor=self.settings.clerk, parent=self)

        def changed() -> None:
            context.reload_calendar()
            run_task(self, lambda: _load_counter(context), self._settings_loaded, self.show_error)

        dialog.changed.connect(changed)
        dialog.open()
        self.calendar_dialog = dialog

    def _reveal(self, dialog: Any, number: str) -> None:
        """The full ID of a case, if the signed-in person may see it (the service checks and audits)."""
        context = self.context
        if context is None:
            return
        from hallapp.services.cases import reveal_id

        run_task(
            self,
            lambda: reveal_id(context.uow(write=True), number),
            lambda full: dialog.show_revealed(full),
            lambda error: dialog.show_revealed(str(error), False),
        )

    def open_audit(self) -> None:
        """The audit administrator's view of the trail: newest first, verify, export."""
        if self.context is None:
            return
        from hallapp.ui.audit_dialog import AuditDialog

        self.audit_dialog = AuditDialog(self.context, self)
        self.audit_dialog.open()

    def open_settings(self) -> None:
        if self.context is None or self.settings is None:
            return
        from hallapp.ui.settings_dialog import SettingsDialog

        context = self.context
        dialog = SettingsDialog(self.settings, self)

        def save(settings: CounterSettings) -> None:
            from hallapp.services.settings import save_settings

            def saved(_none: object) -> None:
                from hallapp.licences.factory import make_provider

                self.settings = settings
                self.licences = make_provider(settings, context.uow)
                self._show_counter()
                self.set_status(self.tr("窗口设置已保存"))
                if self.cases_view is not None:
                    self.cases_view.refresh()

            def store() -> None:
                from dataclasses import replace

                from hallapp.services.settings import load_settings

                to_save = settings
                if self.principal is not None:  # the signed-in person's name is the account's, not a setting
                    to_save = replace(settings, clerk=load_settings(context.uow()).clerk)
                save_settings(context.uow(write=True), to_save, actor=settings.clerk)

            run_task(self, store, saved, self.show_error)

        dialog.saved.connect(save)
        dialog.open()
        self.settings_dialog = dialog
