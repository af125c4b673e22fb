"""Electronic licences (电子证照): what the licence library holds, and whether one can replace paper.

A material linked to a licence type is not demanded on paper (免提交) when the applicant holds a licence
of that type that is valid today. An expired or revoked licence does not count, and says why.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Protocol

from hallapp.domain.identity import check_resident_id, mask_embedded_ids, mask_id


class LicenceStatus(StrEnum):
    VALID = "valid"
    REVOKED = "revoked"  # 注销 / 吊销


@dataclass(frozen=True)
class Licence:
    """One licence as the library returns it."""

    type_code: str
    number: str
    holder_id: str  # the holder's resident ID number or unified social credit code (normalised)
    holder_name: str
    issuer: str
    issued_on: date | None = None
    valid_until: date | None = None  # None: 长期有效
    status: LicenceStatus = LicenceStatus.VALID

    def problem(self, today: date) -> str:
        """Why this licence cannot replace the paper today ("" when it can)."""
        if self.status is LicenceStatus.REVOKED:
            return f"电子证照 {self.display_number} 已注销，不能替代纸质材料"
        if self.valid_until is not None and self.valid_until < today:
            return f"电子证照 {self.display_number} 已于 {self.valid_until:%Y-%m-%d} 过期，不能替代纸质材料"
        if self.issued_on is not None and self.issued_on > today:
            return f"电子证照 {self.display_number} 的发证日期晚于今天，请核对"
        return ""

    @property
    def display_number(self) -> str:
        """The number as shown and printed: an identity card's number is the holder's ID, so it is masked."""
        return masked_licence_number(self.number)

    @property
    def validity_label(self) -> str:
        return "长期有效" if self.valid_until is None else f"有效期至 {self.valid_until:%Y-%m-%d}"


def masked_licence_number(number: str) -> str:
    """A licence number fit for screens, paper and logs: a resident ID number is masked, and so is an ID
    inside a longer number (a 残疾人证 number is the ID and two digits, see ``mask_embedded_ids``)."""
    return mask_id(number) if check_resident_id(number).ok else mask_embedded_ids(number)


class LicenceServiceUnavailable(RuntimeError):
    """The licence library could not be asked (down, slow, refused): carry on with paper."""


class LicenceProvider(Protocol):
    """Where licences come from: the local registry or the e-licence library over HTTP."""

    name: str

    def lookup(self, holder_id: str, type_codes: Collection[str]) -> list[Licence]:
        """Every licence of the given types held by ``holder_id``; raises ``LicenceServiceUnavailable``."""
        ...


@dataclass(frozen=True)
class LicenceFinding:
    """What the library said for one material: a usable licence, or why there is none."""

    type_code: str
    licence: Licence | None
    problem: str = ""

    @property
    def usable(self) -> bool:
        return self.licence is not None and not self.problem


def best_licence(type_code: str, licences: Sequence[Licence], today: date) -> LicenceFinding:
    """The licence of ``type_code`` that can replace the paper, else the reason none can."""
    mine = [lic for lic in licences if lic.type_code == type_code]
    if not mine:
        return LicenceFinding(type_code, None, "电子证照库中未找到")
    usable = [lic for lic in mine if not lic.problem(today)]
    if usable:
        latest = max(usable, key=lambda lic: (lic.valid_until or date.max, lic.issued_on or date.min))
        return LicenceFinding(type_code, latest, "")
    return LicenceFinding(type_code, mine[0], mine[0].problem(today))
