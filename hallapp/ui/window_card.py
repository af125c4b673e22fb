"""(being built for issue 13) the window's card part; see ``window_devices``."""

from __future__ import annotations


class CardActions:
    def connect_card(self) -> None:
        pass

    def card_attached(self) -> None:
        pass

    def card_detached(self) -> None:
        pass
