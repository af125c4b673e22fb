"""Adapters for e-licence look-up (电子证照): the local registry and the e-licence library over HTTP.

The types they speak (``Licence``, ``LicenceProvider``, ``LicenceServiceUnavailable``, ``best_licence``)
live in ``hallapp.domain.licences``; ``make_provider`` picks the adapter the counter's settings name.
"""

from hallapp.licences.factory import make_provider
from hallapp.licences.http import HttpLicenceProvider
from hallapp.licences.local import (
    ImportReport,
    LocalLicenceRegistry,
    MemoryLicenceProvider,
    import_licences,
    seed_demo_licences,
)

__all__ = [
    "HttpLicenceProvider",
    "ImportReport",
    "LocalLicenceRegistry",
    "MemoryLicenceProvider",
    "import_licences",
    "make_provider",
    "seed_demo_licences",
]
