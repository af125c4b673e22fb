"""Choose the evaluation pad this PC's settings ask for (设置 → 本机 → 评价器): ``pad_source`` off,
websocket (``pad_url``, a pad speaking ``docs/pad-contract.md``) or fake (a demo pad)."""

from __future__ import annotations

from hallapp.devices.pad import EvaluationPad


def make_pad(source: str, url: str = "") -> EvaluationPad | None:
    """The WebSocket adapter, a demo pad, or None when this counter has no pad."""
    if source == "off":
        return None
    if source == "fake":
        from hallapp.devices.pad_fake import FakePad

        return FakePad()
    if source == "websocket":
        from hallapp.devices.pad_ws import WebSocketPad

        return WebSocketPad(url)
    raise ValueError(f"unknown evaluation pad source {source!r}")
