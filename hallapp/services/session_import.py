"""The counter session's catalogue import and export (administrator): preview a file, apply it, export.

Mixed into ``CounterSession``; each method checks the signed-in person's rights and acts as them.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from hallapp.services.changes import NOTHING, Changes, Outcome
from hallapp.store.db import UnitOfWork

if TYPE_CHECKING:
    from hallapp.domain.access import Principal
    from hallapp.services.bootstrap import AppContext
    from hallapp.services.catalogue_import.preview import ImportPreview, Progress
    from hallapp.services.import_catalogue import ImportResult


class ImportUseCases:
    """Provided by ``CounterSession``: ``context``, ``principal`` and ``_uow``."""

    context: AppContext
    principal: Principal

    def _uow(self, *, write: bool = False) -> UnitOfWork:
        raise NotImplementedError

    def preview_import(
        self,
        path: Path | str,
        *,
        format: str | None = None,
        mapping_file: Path | str | None = None,
        progress: Progress | None = None,
    ) -> ImportPreview:
        """What importing ``path`` would add, change and withdraw, with every problem; writes nothing."""
        from hallapp.services.import_catalogue import preview_import

        return preview_import(
            self._uow(),
            Path(path),
            format=format,
            mapping_file=Path(mapping_file) if mapping_file else None,
            progress=progress,
        )

    def apply_import(
        self, preview: ImportPreview, *, withdraw_missing: bool = False
    ) -> Outcome[ImportResult]:
        """Write a confirmed preview in one transaction; the search index is rebuilt after."""
        from hallapp.services.import_catalogue import apply_import

        result = apply_import(self._uow(write=True), preview, withdraw_missing=withdraw_missing)
        if not (result.added or result.updated or result.withdrawn):
            return Outcome(result, NOTHING)
        self.context.search.invalidate()
        return Outcome(result, Changes(catalogue=True))

    def export_catalogue(self, out: Path | str) -> Outcome[int]:
        """Write the active catalogue to ``out`` (.xlsx, or .json as national exchange data); importing
        it again changes nothing."""
        from hallapp.services.import_catalogue import export_catalogue

        return Outcome(export_catalogue(self._uow(), Path(out)))

    # -- an import run by a process of its own (the window's) --------------------------------------------

    def import_worker_request(
        self, path: Path | str, *, format: str | None = None, mapping_file: Path | str | None = None
    ) -> dict[str, object]:
        """The first line for ``catalogue_import.worker``: this installation, the signed-in person (who
        must be allowed to import) and the file. Refused here, before a process is started."""
        from hallapp.domain.access import Permission, check

        person = check(self.principal, Permission.CATALOGUE)
        paths = self.context.paths
        return {
            "data_dir": str(paths.data_dir),
            "database_url": paths.database_url,
            "catalogue_dir": str(paths.catalogue_dir),
            "principal": {
                "username": person.username,
                "display_name": person.display_name,
                "role": person.role.value,
                "window": person.window,
            },
            "file": str(path),
            "format": format or "",
            "mapping": str(mapping_file) if mapping_file else "",
        }

    def catalogue_revision(self) -> tuple[str, str]:
        """The stored catalogue's revision (it changes with every import or edit that changes a matter)
        and where its last import came from ("import:FILE:DIGEST"), to tell whether an import whose
        process ended without a word was committed."""
        from hallapp.services.catalogue import REVISION_KEY, SOURCE_KEY
        from hallapp.store.catalogue_repo import get_setting

        with self._uow() as uow:
            return get_setting(uow.session, REVISION_KEY), get_setting(uow.session, SOURCE_KEY)

    def catalogue_imported(self) -> Outcome[None]:
        """Another process (the window's import worker) changed the catalogue: forget this session's
        search index, so searches read the new catalogue until the rebuilt index is swapped in, and say
        so, so the window rebuilds it and every view refreshes."""
        self.context.search.invalidate()
        return Outcome(None, Changes(catalogue=True))
