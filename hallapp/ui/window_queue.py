"""(being built for issue 13) the window's queue part; see ``window_devices``."""

from __future__ import annotations


class QueueActions:
    def connect_queue(self) -> None:
        pass

    def queue_attached(self) -> None:
        pass

    def queue_detached(self) -> None:
        pass
