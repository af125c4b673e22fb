"""The counter session's catalogue editor (administrator): browse matters, edit a guide, its versions.

Mixed into ``CounterSession``; each method checks the signed-in person's rights and acts as them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from hallapp.store.db import UnitOfWork

if TYPE_CHECKING:
    from hallapp.domain.access import Principal
    from hallapp.services.bootstrap import AppContext


class EditorUseCases:
    """Provided by ``CounterSession``: ``context``, ``principal`` and ``_uow``."""

    context: AppContext
    principal: Principal

    def _uow(self, *, write: bool = False) -> UnitOfWork:
        raise NotImplementedError
