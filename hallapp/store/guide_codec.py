"""A guide as JSON and back: how a superseded guide version is kept whole (``guide_version.guide``).

Only the guide's own values are written (enums by value, tuples as lists), so a stored version reads
back equal to the guide it was made from, whatever is added to the live tables later.
"""

from __future__ import annotations

import json
from typing import Any

from hallapp.domain.catalogue import (
    APPLICANT_ONLY,
    ApplicantType,
    Department,
    Guide,
    MaterialOwner,
    MaterialRequirement,
    MatterType,
    OriginalHandling,
    Situation,
)

__all__ = ["decode_guide", "encode_guide"]

_PLAIN = (
    "code",
    "name",
    "legal_basis",
    "conditions",
    "procedure",
    "statutory_limit_days",
    "promised_limit_days",
    "on_the_spot",
    "fees",
    "place",
    "windows",
    "hours",
    "visits",
    "online_url",
    "deferrable",
    "max_deferred",
    "instant_approval",
    "delegated",
)
_MATERIAL_PLAIN = (
    "name",
    "originals",
    "copies",
    "required",
    "deferrable",
    "source",
    "licence_type_code",
    "licence_type_name",
    "notes",
    "when",
    "when_not",
)


def encode_guide(guide: Guide) -> str:
    value: dict[str, Any] = {key: getattr(guide, key) for key in _PLAIN}
    department = guide.department
    value["department"] = [department.code, department.name, department.short_name, department.credit_code]
    value["matter_type"] = guide.matter_type.value
    value["applicant_types"] = [a.value for a in guide.applicant_types]
    value["phones"] = list(guide.phones)
    value["materials"] = [
        {
            **{key: getattr(material, key) for key in _MATERIAL_PLAIN},
            "original_handling": material.original_handling.value,
            "owner": [o.value for o in material.owner],
        }
        for material in guide.materials
    ]
    value["situations"] = [[s.code, s.question] for s in guide.situations]
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def decode_guide(text: str) -> Guide:
    value = json.loads(text)
    materials = tuple(
        MaterialRequirement(
            **{key: item[key] for key in _MATERIAL_PLAIN},
            original_handling=OriginalHandling(item["original_handling"]),
            owner=tuple(MaterialOwner(o) for o in item["owner"]) or APPLICANT_ONLY,
        )
        for item in value["materials"]
    )
    return Guide(
        **{key: value[key] for key in _PLAIN},
        department=Department(*value["department"]),
        matter_type=MatterType(value["matter_type"]),
        applicant_types=tuple(ApplicantType(a) for a in value["applicant_types"]),
        phones=tuple(value["phones"]),
        materials=materials,
        situations=tuple(Situation(code, question) for code, question in value["situations"]),
    )
