"""Shared builders for intake tests: valid numbers, requests for a shipped matter."""

from __future__ import annotations

from hallapp.domain.identity import credit_code_check_char, resident_id_check_char
from hallapp.services.intake import ApplicantInput, Decision, IntakeRequest, MaterialInput


def resident_id(body: str = "44030819900101123") -> str:
    return body + resident_id_check_char(body)


def credit_code(body: str = "91440300MA5DXXXX0") -> str:
    body = body.replace("X", "8")
    return body + credit_code_check_char(body)


PERSON = ApplicantInput("person", "张三", resident_id(), "13812345678")


def guide_for(context, name: str):
    from hallapp.services.catalogue import get_guide

    hit = context.search.search(name)[0]
    assert hit.name == name
    return get_guide(context.uow(), hit.code)


def all_received(guide) -> tuple[MaterialInput, ...]:
    return tuple(
        MaterialInput(original_seen=m.originals > 0, copies=m.copies or (0 if m.originals else 1))
        for m in guide.materials_for({})
    )


def request(guide, decision: Decision, materials=None, **changes) -> IntakeRequest:
    return IntakeRequest(
        matter_code=guide.code,
        applicant=changes.pop("applicant", PERSON),
        materials=materials if materials is not None else all_received(guide),
        decision=decision,
        **changes,
    )


def with_deferred(guide) -> tuple[MaterialInput, ...]:
    """Everything in, except the first deferrable material, deferred."""
    first = next(i for i, m in enumerate(guide.materials_for({})) if m.deferrable)
    materials = list(all_received(guide))
    materials[first] = MaterialInput(deferred=True)
    return tuple(materials)
