"""The counter session's fixtures: an installation where one person of each role has an account and
signs in as the window and the command line do (``CounterSession.sign_in``)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import pytest

from hallapp.domain.access import Principal
from hallapp.services.bootstrap import AppContext
from hallapp.services.intake import Decision, IntakeRequest, MaterialInput
from hallapp.services.intake_inputs import ApplicantInput
from hallapp.services.session import CounterSession
from tests.people import AUDITOR, CLERK, PASSWORD, SUPERVISOR, cheap_hashing, create_accounts
from tests.services.intake_helpers import all_received, guide_for, request, resident_id

AT = datetime(2026, 9, 30, 10, 0)  # deferral deadline 2026-10-13 (5 working days over National Day)


@dataclass
class Hall:
    """A ready installation with accounts for ``tests.people``'s clerk, supervisor, administrator and
    auditor (password ``PASSWORD``)."""

    context: AppContext

    def session(self, person: Principal) -> CounterSession:
        """``person`` signs in at this counter."""
        return CounterSession.sign_in(self.context, person.username, PASSWORD)

    def request(self, matter: str, decision: Decision, *, person: int = 0) -> IntakeRequest:
        """A complete request for ``matter`` by applicant number ``person`` (陈晓明, distinct IDs); deferred:
        its first deferrable material deferred, commitment signed; refused: nothing received."""
        guide = guide_for(self.context, matter)
        applicant = ApplicantInput(
            "person", "陈晓明", resident_id(f"44030819900101{person:03d}"), "13812345678"
        )
        materials = list(all_received(guide))
        if decision is Decision.DEFER:
            first = next(i for i, m in enumerate(guide.materials_for({})) if m.deferrable)
            materials[first] = MaterialInput(deferred=True)
        if decision is Decision.REFUSE:
            materials = [MaterialInput() for _ in materials]
        return request(
            guide,
            decision,
            tuple(materials),
            applicant=applicant,
            commitment_signed=decision is Decision.DEFER,
        )

    def deferred(self, session: CounterSession, *, person: int, at: datetime = AT) -> str:
        """A deferred 创业培训补贴申领 taken in by ``session``'s person: its number."""
        outcome = session.submit(self.request("创业培训补贴申领", Decision.DEFER, person=person), now=at)
        return outcome.value.number


@pytest.fixture
def hall(ready_context, monkeypatch) -> Hall:
    cheap_hashing(monkeypatch)
    create_accounts(ready_context, CLERK, SUPERVISOR, AUDITOR)
    ready_context.principal = None  # the sessions act; the context itself acts for nobody
    return Hall(ready_context)
