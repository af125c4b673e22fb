"""The counter's devices in the window: the ID-card reader (``window_card``), the queue caller
(``window_queue``) and the screen facing the applicant with its rating (``window_facing``).

Mixed into ``MainWindow``, which calls three hooks: ``connect_devices`` once when it is built,
``devices_attached`` when a person signs in or this PC's settings change (a device may have been set up,
changed or removed), ``devices_closing`` when the program is about to end, ``devices_detached`` when the
person leaves (nothing of them or their applicant may
stay on any device's view).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from hallapp.ui.window_card import CardActions
from hallapp.ui.window_facing import FacingActions
from hallapp.ui.window_queue import QueueActions

if TYPE_CHECKING:
    from PySide6.QtWidgets import QStatusBar

    from hallapp.ui.ops import Operations


class DeviceActions(CardActions, QueueActions, FacingActions):
    if TYPE_CHECKING:
        ops: Operations

        def statusBar(self) -> QStatusBar: ...
        def tr(self, text: str) -> str: ...

    def connect_devices(self) -> None:
        self.connect_card()
        self.connect_queue()
        self.connect_facing()

    def devices_attached(self) -> None:
        self.card_attached()
        self.queue_attached()
        self.facing_attached()
        self.ops.run(
            self,  # type: ignore[arg-type]
            lambda s: s.station_warnings(),
            self._say_station_warnings,
            key="station-warnings",
            latest=True,
        )

    def _say_station_warnings(self, warnings: list[str]) -> None:
        """A device set up in a damaged station.json is off: the status bar says so in red for as long
        as the file is wrong, each bad value in its tooltip (the calendar's warning does the same)."""
        label = getattr(self, "station_label", None)
        if label is None:
            from PySide6.QtWidgets import QLabel

            label = self.station_label = QLabel()
            label.setStyleSheet("color: #b91c1c;")
            self.statusBar().addPermanentWidget(label)
        label.setText(self.tr("※ 本机设置有 {0} 项无效（Ctrl+,）").format(len(warnings)) if warnings else "")
        label.setToolTip("\n".join(warnings))

    def devices_closing(self) -> None:
        """The program is about to end: what a device still waits for is settled (a rating asked)."""
        self.facing_closing()

    def devices_detached(self) -> None:
        self.facing_detached()
        self.queue_detached()
        self.card_detached()
