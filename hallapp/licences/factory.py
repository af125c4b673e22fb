"""Choose the licence provider this PC's settings ask for (设置 → 本机 → 电子证照来源)."""

from __future__ import annotations

from hallapp.domain.licences import LicenceProvider
from hallapp.licences.http import HttpLicenceProvider
from hallapp.licences.local import LocalLicenceRegistry, UowFactory
from hallapp.services.settings import CounterSettings
from hallapp.services.station import StationSettings


def make_provider(
    settings: StationSettings | CounterSettings, uow_factory: UowFactory
) -> LicenceProvider | None:
    """The local registry, the e-licence library over HTTP, or None when look-ups are switched off.

    The source is this PC's setting (``StationSettings``); the effective ``CounterSettings`` carry the
    same fields, so either may be passed.

    ``uow_factory`` opens a (reading) unit of work on the app's database, e.g. ``app.uow``.
    Settings are checked before they are saved, so an unknown source here is a programming error.
    """
    if settings.licence_source == "off":
        return None
    if settings.licence_source == "local":
        return LocalLicenceRegistry(uow_factory)
    if settings.licence_source == "http":
        return HttpLicenceProvider(
            settings.licence_url,
            timeout_s=settings.licence_timeout_ms / 1000,
            retries=settings.licence_retries,
        )
    raise ValueError(f"unknown licence source {settings.licence_source!r}")
