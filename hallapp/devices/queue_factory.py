"""Choose the queue caller this PC's settings ask for (设置 → 本机 → 排队叫号).

Which queue system a counter uses belongs to the PC, like its window number (STYLE habit 13): three
station settings, ``queue_source`` (off | http | fake), ``queue_url`` and ``queue_timeout_ms``.
``StationSettings`` does not carry them yet; ``queue_settings_of`` reads them from any settings object
that does and gives "off" otherwise, so a counter without a queue system shows nothing of it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from hallapp.devices.queue import QueueCaller

QUEUE_SOURCES = ("off", "http", "fake")


@dataclass(frozen=True)
class QueueSettings:
    """Where this counter's queue system is: ``source`` off, http (``url``) or fake (a demo queue)."""

    source: str = "off"
    url: str = ""
    timeout_ms: int = 2000

    def problems(self) -> list[str]:
        """What is wrong with these settings, in words (empty: they may be used)."""
        problems = []
        if self.source not in QUEUE_SOURCES:
            problems.append(f"排队叫号来源只能是 {'、'.join(QUEUE_SOURCES)}")
        if self.source == "http" and not re.fullmatch(r"https?://\S+", self.url):
            problems.append("排队叫号系统地址应以 http:// 或 https:// 开头")
        if not 200 <= self.timeout_ms <= 10_000:
            problems.append("排队叫号超时应为 200–10000 毫秒")
        return problems


def queue_settings_of(settings: object) -> QueueSettings:
    """The queue settings carried by ``settings`` (``queue_source``, ``queue_url``, ``queue_timeout_ms``),
    "off" for any that is missing or of the wrong type."""
    source = getattr(settings, "queue_source", "off")
    url = getattr(settings, "queue_url", "")
    timeout = getattr(settings, "queue_timeout_ms", 2000)
    return QueueSettings(
        source=source if isinstance(source, str) else "off",
        url=url.strip() if isinstance(url, str) else "",
        timeout_ms=timeout if isinstance(timeout, int) and not isinstance(timeout, bool) else 2000,
    )


def make_queue_caller(settings: QueueSettings) -> QueueCaller | None:
    """The HTTP adapter, a demo queue, or None when this counter has no queue system.

    Settings with problems raise ``ValueError`` carrying them (they are checked before they are saved).
    """
    problems = settings.problems()
    if problems:
        raise ValueError("；".join(problems))
    if settings.source == "off":
        return None
    if settings.source == "fake":
        from hallapp.devices.queue_fake import FakeQueueCaller, demo_queue

        caller: FakeQueueCaller = demo_queue()
        return caller
    from hallapp.devices.queue_http import HttpQueueCaller

    return HttpQueueCaller(settings.url, timeout_s=settings.timeout_ms / 1000)
