"""The counter session's catalogue editor (administrator): browse matters, edit a guide, its versions.

Mixed into ``CounterSession``; each method checks the signed-in person's rights and acts as them. A save
drops the search index at once, so the counters' plain SQL search answers with the edited catalogue until
the window has rebuilt the index (``prepare_index``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from hallapp.domain.access import Permission, check
from hallapp.services.changes import Changes, Outcome
from hallapp.store.db import UnitOfWork

if TYPE_CHECKING:
    from hallapp.domain.access import Principal
    from hallapp.domain.bundles import Bundle
    from hallapp.domain.catalogue import Department, Guide, LicenceType
    from hallapp.domain.guide_diff import FieldChange
    from hallapp.services.bootstrap import AppContext
    from hallapp.services.catalogue_edit import BundleRow, EditableMatter, MatterRow, SaveResult
    from hallapp.services.catalogue_rules import RuleReport
    from hallapp.store.guide_versions import GuideVersionInfo

CATALOGUE_CHANGED = Changes(catalogue=True)


class EditorUseCases:
    """Provided by ``CounterSession``: ``context``, ``principal`` and ``_uow``."""

    context: AppContext
    principal: Principal

    def _uow(self, *, write: bool = False) -> UnitOfWork:
        raise NotImplementedError

    def editor_lists(self) -> tuple[list[Department], list[LicenceType]]:
        """The departments and e-licence types the editor offers."""
        from hallapp.services.catalogue_edit import editor_lists

        check(self.principal, Permission.CATALOGUE)
        return editor_lists(self._uow())

    def browse_matters(
        self, *, department: str = "", flag: str = "", text: str = "", limit: int = 1000
    ) -> list[MatterRow]:
        """The editor's matter list: by department (code), flag (``catalogue_edit.FLAGS``) and text."""
        from hallapp.services.catalogue_edit import browse_matters

        check(self.principal, Permission.CATALOGUE)
        return browse_matters(self._uow(), department=department, flag=flag, text=text, limit=limit)

    def open_matter(self, code: str) -> EditableMatter:
        from hallapp.services.catalogue_edit import open_matter

        check(self.principal, Permission.CATALOGUE)
        return open_matter(self._uow(), code)

    def check_matter(self, guide: Guide) -> RuleReport:
        """What the quality rules say about an edited guide (refusals and warnings), before saving."""
        from hallapp.services.catalogue_edit import check_matter

        check(self.principal, Permission.CATALOGUE)
        return check_matter(self._uow(), guide)

    def save_matter(
        self, guide: Guide, *, based_on: int, confirm_warnings: bool = False
    ) -> Outcome[SaveResult]:
        """Save an edited guide as the next version (refused: nothing saved); audited with what changed."""
        from hallapp.services.catalogue_edit import save_matter

        check(self.principal, Permission.CATALOGUE)
        result = save_matter(
            self._uow(write=True), guide, based_on=based_on, confirm_warnings=confirm_warnings
        )
        if not result.saved:
            return Outcome(result)
        self.context.search.invalidate()
        return Outcome(result, CATALOGUE_CHANGED)

    def matter_versions(self, code: str) -> list[GuideVersionInfo]:
        from hallapp.services.catalogue_edit import matter_versions

        check(self.principal, Permission.CATALOGUE)
        return matter_versions(self._uow(), code)

    def compare_versions(self, code: str, old: int, new: int) -> list[FieldChange]:
        """What changed in a matter's guide between two of its versions."""
        from hallapp.services.catalogue_edit import compare_versions

        check(self.principal, Permission.CATALOGUE)
        return compare_versions(self._uow(), code, old, new)

    def editor_bundles(self) -> list[BundleRow]:
        from hallapp.services.catalogue_edit import list_bundles

        check(self.principal, Permission.CATALOGUE)
        return list_bundles(self._uow())

    def save_bundle(self, bundle: Bundle) -> Outcome[list[FieldChange]]:
        """Save a life-event bundle's name, description and matters; audited with what changed."""
        from hallapp.services.catalogue_edit import save_bundle

        check(self.principal, Permission.CATALOGUE)
        changes = save_bundle(self._uow(write=True), bundle)
        if not changes:
            return Outcome(changes)
        self.context.search.invalidate()
        return Outcome(changes, CATALOGUE_CHANGED)
