"""The window's catalogue actions (administrator): import a catalogue file, edit the catalogue.

Each dialog only asks; the use cases run through the counter session, whose ``Changes`` reach the views.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from hallapp.services.session import CounterSession
    from hallapp.ui.ops import Operations


class CatalogueActions:
    """Mixed into ``MainWindow`` (which provides ``ops``, ``session`` and ``_signed_in``)."""

    ops: Operations
    session: CounterSession | None
    catalogue_import_dialog: Any = None
    catalogue_editor: Any = None

    def open_catalogue_import(self) -> None:
        """导入事项目录: read a platform's export, preview what it would change, apply it on confirmation."""
        if not self._signed_in():  # type: ignore[attr-defined]
            return
        from hallapp.ui.catalogue_import_dialog import CatalogueImportDialog

        self.catalogue_import_dialog = CatalogueImportDialog(self.ops, self)
        self.catalogue_import_dialog.open()

    def open_catalogue_editor(self) -> None:
        """事项目录管理: browse and edit matters, their materials and versions."""
        if not self._signed_in():  # type: ignore[attr-defined]
            return
        from hallapp.ui.catalogue_editor import CatalogueEditor

        self.catalogue_editor = CatalogueEditor(self.ops, self)
        self.catalogue_editor.open()
