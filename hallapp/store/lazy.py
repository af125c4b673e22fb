"""Store modules imported on first use, for modules on the start-up path (the settings dialog's data
classes) that only touch the database inside their functions."""

from __future__ import annotations

import importlib
from types import ModuleType
from typing import Any


class _Lazy:
    def __init__(self, name: str) -> None:
        self._name = name
        self._module: ModuleType | None = None

    def __getattr__(self, attribute: str) -> Any:
        if self._module is None:
            self._module = importlib.import_module(self._name)
        return getattr(self._module, attribute)


audit_repo: Any = _Lazy("hallapp.store.audit_repo")
repo: Any = _Lazy("hallapp.store.catalogue_repo")  # the settings table lives with the catalogue's
