"""The counter's devices in the window: the ID-card reader (``window_card``), the queue caller
(``window_queue``) and the screen facing the applicant with its rating (``window_facing``).

Mixed into ``MainWindow``, which calls three hooks: ``connect_devices`` once when it is built,
``devices_attached`` when a person signs in or this PC's settings change (a device may have been set up,
changed or removed), ``devices_closing`` when the program is about to end, ``devices_detached`` when the
person leaves (nothing of them or their applicant may
stay on any device's view).
"""

from __future__ import annotations

from hallapp.ui.window_card import CardActions
from hallapp.ui.window_facing import FacingActions
from hallapp.ui.window_queue import QueueActions


class DeviceActions(CardActions, QueueActions, FacingActions):
    def connect_devices(self) -> None:
        self.connect_card()
        self.connect_queue()
        self.connect_facing()

    def devices_attached(self) -> None:
        self.card_attached()
        self.queue_attached()
        self.facing_attached()

    def devices_closing(self) -> None:
        """The program is about to end: what a device still waits for is settled (a rating asked)."""
        self.facing_closing()

    def devices_detached(self) -> None:
        self.facing_detached()
        self.queue_detached()
        self.card_detached()
