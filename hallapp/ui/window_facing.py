"""(being built for issue 13) the window's facing part; see ``window_devices``."""

from __future__ import annotations


class FacingActions:
    def connect_facing(self) -> None:
        pass

    def facing_attached(self) -> None:
        pass

    def facing_detached(self) -> None:
        pass
