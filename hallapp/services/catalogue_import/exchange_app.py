"""What the national exchange tables cannot say about a guide, carried in one field of our own.

The national AUDIT_ITEM / AUDIT_MATERIAL fields have no place for the 秒批 / 就近办 flags, the deferral
cap, the situations (情形) and which materials they add, a material's e-licence link, whose document it
is, whether an original is kept, or a material's notes as written. An export writes them, as JSON, in
``HALLAPP_GUIDE`` on each AUDIT_ITEM record; an import of such a file takes them back, so that importing
an export changes nothing. A platform ignores a field it does not know; a file without it reads as before.
A material is matched by its name: one renamed outside the app keeps what the national fields say.
"""

from __future__ import annotations

import dataclasses
import json
from typing import Any

from hallapp.domain.catalogue import (
    APPLICANT_ONLY,
    Guide,
    MaterialOwner,
    MaterialRequirement,
    OriginalHandling,
    Situation,
)

__all__ = ["APP_FIELD", "app_fields", "with_app_fields"]

APP_FIELD = "hallapp_guide"  # as the reader spells field names (lower case); HALLAPP_GUIDE in the file
_MATERIAL_KEYS = ("licence_type_code", "licence_type_name", "when", "when_not", "notes", "deferrable")


def app_fields(guide: Guide) -> str:
    """The guide's values the national fields cannot carry, as the JSON text of ``HALLAPP_GUIDE``."""
    value = {
        "deferrable": guide.deferrable,
        "max_deferred": guide.max_deferred,
        "instant_approval": guide.instant_approval,
        "delegated": guide.delegated,
        "situations": [[s.code, s.question] for s in guide.situations],
        "materials": [
            {
                "name": m.name,
                **{key: getattr(m, key) for key in _MATERIAL_KEYS},
                "original_handling": m.original_handling.value,
                "owner": [o.value for o in m.owner],
            }
            for m in guide.materials
        ],
    }
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def with_app_fields(guide: Guide, raw: object) -> tuple[Guide, str]:
    """``guide`` with the values of its ``HALLAPP_GUIDE`` field; and a problem in words ("" if none).

    A field that is not what an export writes is reported and changes nothing."""
    try:
        value = json.loads(raw) if isinstance(raw, str) else raw
        if not isinstance(value, dict):
            raise TypeError("not an object")
        by_name: dict[str, dict[str, Any]] = {
            str(item["name"]): item for item in value.get("materials", []) if isinstance(item, dict)
        }
        materials = tuple(_material(m, by_name.get(m.name)) for m in guide.materials)
        situations = tuple(
            Situation(str(code), str(question)) for code, question in value.get("situations", [])
        )
        return (
            dataclasses.replace(
                guide,
                deferrable=bool(value.get("deferrable", guide.deferrable)),
                max_deferred=int(value.get("max_deferred", 0)),
                instant_approval=bool(value.get("instant_approval", False)),
                delegated=bool(value.get("delegated", False)),
                situations=situations,
                materials=materials,
            ),
            "",
        )
    except (ValueError, TypeError, KeyError) as error:
        return guide, f"HALLAPP_GUIDE 字段无法读取（{type(error).__name__}），按国家标准字段导入"


def _material(material: MaterialRequirement, kept: dict[str, Any] | None) -> MaterialRequirement:
    if kept is None:
        return material
    owner = tuple(MaterialOwner(o) for o in kept.get("owner", [])) or APPLICANT_ONLY
    return dataclasses.replace(
        material,
        **{key: kept[key] for key in _MATERIAL_KEYS if key in kept},
        original_handling=OriginalHandling(kept.get("original_handling", material.original_handling.value)),
        owner=owner,
    )
