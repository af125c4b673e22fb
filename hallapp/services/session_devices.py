"""The counter session's devices: the ID-card reader, the hall's queue caller and the evaluation pad.

Mixed into ``CounterSession``. Which devices a counter has is this PC's setting (``StationSettings``:
``card_adapter``/``card_port``, ``queue_source``/``queue_url``/``queue_timeout_ms``, ``pad_source``/
``pad_url``/``pad_timeout_ms``); each is made on first use and made again when the settings change, so a
counter without one never loads its code. Each call waits on a device, never on the database: the window
runs them on their own lanes (``card``, ``queue``, ``pad``). Linking a ticket to its case is the one that
also writes: the trail records it (``queue.link``, on the database lane) before the queue system is told.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from hallapp.domain.access import Permission, Principal, check
from hallapp.services.changes import NOTHING, Outcome

if TYPE_CHECKING:
    from hallapp.devices.card import CardData, CardReader
    from hallapp.devices.pad import EvaluationPad, PadAnswer, RatingRequest
    from hallapp.devices.queue import QueueCaller, Ticket
    from hallapp.services.settings import CounterSettings
    from hallapp.store.db import UnitOfWork

CARD_TIMEOUT_S = 3.0  # a clerk presses 读卡 with the card already on the reader


class DeviceUseCases:
    """Provided by ``CounterSession``: ``principal``, ``settings``, ``_uow``."""

    principal: Principal
    settings: CounterSettings
    _devices: dict[str, Any]

    def _uow(self, *, write: bool = False) -> UnitOfWork:
        raise NotImplementedError

    def _device(self, name: str, key: tuple[Any, ...], make: Any) -> Any:
        """The device ``name`` for the settings ``key``, made again when they changed."""
        if not hasattr(self, "_devices"):
            self._devices = {}
        held = self._devices.get(name)
        if held is None or held[0] != key:
            if held is not None:
                _close(held[1])  # a serial port is held by one program at a time: let the old one go
            self._devices[name] = (key, make())
        return self._devices[name][1]

    def close_devices(self) -> None:
        """Let go of every device this session opened (sign-out, switch user): on Windows a COM port
        stays held until its owner closes it, and the next person's session opens it again."""
        for _key, device in getattr(self, "_devices", {}).values():
            _close(device)
        self._devices = {}

    # -- the ID-card reader ---------------------------------------------------------------------------------

    @property
    def has_card_reader(self) -> bool:
        return self.settings.card_adapter != "off"

    def card_reader(self) -> CardReader | None:
        """This counter's reader (None: none set up). ``NoReader`` when the set-up one cannot work here."""
        settings = self.settings
        if settings.card_adapter == "off":
            return None
        from hallapp.devices.card import make_card_reader

        key = (settings.card_adapter, settings.card_port)
        return self._device(
            "card", key, lambda: make_card_reader(settings.card_adapter, settings.card_port or None)
        )

    def read_card(self, timeout: float = CARD_TIMEOUT_S) -> CardData:
        """Read the card on this counter's reader (only a person who takes cases in reads cards).

        Raises ``NoReader`` (none set up, or it does not answer), ``NoCard``, ``CardRemoved``, ``BadFrame``,
        each with its sentence for the clerk. The photo is never read into anything kept.
        """
        from hallapp.devices.card import NoReader

        check(self.principal, Permission.INTAKE)
        reader = self.card_reader()
        if reader is None:
            raise NoReader("本机未设置读卡器：请系统管理员在 设置 → 本机 中选择读卡器。")
        return reader.read(timeout)

    # -- the queue caller ------------------------------------------------------------------------------------

    @property
    def has_queue(self) -> bool:
        return self.settings.queue_source != "off"

    def queue_caller(self) -> QueueCaller | None:
        from hallapp.devices.queue_factory import make_queue_caller, queue_settings_of

        queue = queue_settings_of(self.settings)
        if queue.source == "off":
            return None
        return self._device("queue", (queue,), lambda: make_queue_caller(queue))

    def _queue(self) -> QueueCaller:
        from hallapp.devices.queue import QueueUnavailable

        caller = self.queue_caller()
        if caller is None:
            raise QueueUnavailable("本机未接入排队叫号系统")
        return caller

    def call_next(self) -> Ticket | None:
        """下一位: the next ticket for this window (None: nobody is waiting)."""
        check(self.principal, Permission.INTAKE)
        return self._queue().next(self.settings.window)

    def recall(self, ticket: Ticket) -> None:
        check(self.principal, Permission.INTAKE)
        self._queue().recall(ticket)

    def skip_ticket(self, ticket: Ticket) -> None:
        check(self.principal, Permission.INTAKE)
        self._queue().skip(ticket)

    def transfer_ticket(self, ticket: Ticket, to_window: str) -> None:
        from hallapp.devices.queue import QueueRefused, check_window

        check(self.principal, Permission.INTAKE)
        target = check_window(to_window)
        if target == self.settings.window.strip():
            raise QueueRefused(f"号票已在本窗口（{target}）：请填写要转去的窗口号")
        self._queue().transfer(ticket, target)

    def waiting_count(self) -> int:
        """How many are waiting for this window (the status bar asks every few seconds)."""
        return self._queue().waiting(self.settings.window)

    def link_ticket(self, ticket: Ticket, number: str) -> Outcome[None]:
        """The case (or bundle) ``number`` came from ``ticket``: recorded in the trail (database lane).
        The window then tells the queue system with ``tell_queue_link`` on the queue lane, so a slow
        queue system never holds up the register; the record stays when it cannot be told."""
        from hallapp.store.lazy import audit_repo

        principal = check(self.principal, Permission.INTAKE)
        with self._uow(write=True) as uow:
            audit_repo.record(
                uow.session,
                actor=principal.username,
                action="queue.link",
                object_type="case",
                object_id=number,
                ticket=ticket.number,
                group=ticket.group,
                issued_at=ticket.issued_at.isoformat(timespec="seconds"),
                window=self.settings.window,
            )
            uow.commit()
        return Outcome(None, NOTHING)

    def tell_queue_link(self, ticket: Ticket, number: str) -> None:
        """Tell the queue system which case ``ticket`` led to (telling it twice changes nothing there)."""
        check(self.principal, Permission.INTAKE)
        self._queue().link(ticket, number)

    # -- the evaluation pad ----------------------------------------------------------------------------------

    @property
    def has_pad(self) -> bool:
        return self.settings.pad_source != "off"

    def evaluation_pad(self) -> EvaluationPad | None:
        settings = self.settings
        if settings.pad_source == "off":
            return None
        from hallapp.devices.pad_factory import make_pad

        key = (settings.pad_source, settings.pad_url)
        return self._device("pad", key, lambda: make_pad(settings.pad_source, settings.pad_url))

    def cancel_pad(self) -> None:
        """Tell the pad that is waiting for an answer to stop (the next applicant is at the counter). Runs
        on a lane of its own: closing the pad's connection may wait for the pad."""
        pad = self.evaluation_pad() if self.has_pad else None
        cancel = getattr(pad, "cancel", None)
        if callable(cancel):
            cancel()

    def rating_request(self, number: str, matter: str, on: date | None = None) -> RatingRequest:
        """What the pad (or the facing screen) is asked to rate: this window, clerk and matter."""
        from hallapp.devices.pad import RatingRequest

        return RatingRequest(
            window=self.settings.window,
            rating_id=number,
            clerk=self.settings.clerk,
            # the login name is no staff number, and half of the clerk's credentials: none until accounts
            # carry one (the facing screen shows none either)
            staff_number=str(getattr(self.principal, "staff_number", "") or ""),
            matter=matter,
            on=on or date.today(),
        )

    def ask_pad(self, request: RatingRequest) -> PadAnswer:
        """Show ``request`` on the pad and wait for the applicant (``pad_timeout_ms``); the window then
        records the answer with ``record_rating`` or ``skip_rating`` (channel PAD)."""
        from hallapp.devices.pad import PadUnavailable

        check(self.principal, Permission.INTAKE)
        pad = self.evaluation_pad()
        if pad is None:
            raise PadUnavailable("本机未接入评价器")
        return pad.request_rating(request, self.settings.pad_timeout_ms / 1000)


def _close(device: object) -> None:
    close = getattr(device, "close", None)
    if callable(close):
        close()
