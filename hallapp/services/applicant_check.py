"""Who is this applicant really? Checked while the clerk types, before anything is stored.

A resident ID (or credit code) already in the applicant register, typed with another name, is either a
typing mistake or a real change of name (改名). Neither may silently rewrite the register, nor may the
other person's e-licences be credited to what was typed. The clerk is told both names (the ID masked)
and either corrects the typed name or confirms the correction, which the intake then records as an
audit event with the old and the new name. The same person already having an open case of the same
matter is only a warning (a second application is sometimes right), with the case's number.

Qt-free: the window runs ``check_applicant`` on its database worker through the counter session.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from hallapp.domain.identity import (
    check_credit_code,
    check_person_id,
    mask_id,
    normalise_person_name,
)
from hallapp.domain.intake import MaterialCheck
from hallapp.domain.licences import Licence
from hallapp.services.intake_inputs import IntakeError
from hallapp.store import audit_repo, case_repo
from hallapp.store.db import UnitOfWork

if TYPE_CHECKING:
    from sqlmodel import Session


@dataclass(frozen=True)
class ApplicantCheck:
    """What the register and the e-licence library say about the typed name and ID."""

    masked_id: str  # as shown on screen: 4403**********0315
    typed_name: str  # normalised as it would be stored
    registered_name: str = ""  # the register's name for this ID, when it differs from the typed one
    licence_names: tuple[str, ...] = ()  # e-licence holders' names that differ from the typed one
    open_cases: tuple[str, ...] = ()  # numbers of this applicant's open cases of the same matter(s)

    @property
    def name_differs(self) -> bool:
        """The typed name is not the registered one: the register changes only when confirmed."""
        return bool(self.registered_name)

    @property
    def licence_name_differs(self) -> bool:
        """An e-licence of this ID names someone else: it is not credited while this holds."""
        return bool(self.licence_names)

    @property
    def warnings(self) -> list[str]:
        """Everything to tell the clerk, in plain words (an empty list: nothing to say)."""
        words = []
        if self.registered_name:
            words.append(
                f"证件号码 {self.masked_id} 已登记的姓名为「{self.registered_name}」，"
                f"与填写的「{self.typed_name}」不一致"
            )
        for name in self.licence_names:
            words.append(
                f"证件号码 {self.masked_id} 的电子证照持证人为「{name}」，与填写的「{self.typed_name}」"
                "不一致，电子证照暂不调用"
            )
        if self.open_cases:
            words.append(f"该申请人已有同一事项的在办件：{'、'.join(self.open_cases)}")
        return words


def typed_name(kind: str, name: str) -> str:
    """The name as the intake would store it (a person's name normalised, an organisation's trimmed)."""
    return normalise_person_name(name) if kind == "person" else name.strip()


def licence_names_differing(kind: str, name: str, licences: Sequence[Licence]) -> tuple[str, ...]:
    """The holders' names of ``licences`` that are not the typed ``name`` (each once, in order)."""
    typed = typed_name(kind, name)
    found: list[str] = []
    for licence in licences:
        holder = typed_name(kind, licence.holder_name)
        if holder and holder != typed and holder not in found:
            found.append(holder)
    return tuple(found)


def check_applicant(
    uow: UnitOfWork,
    kind: str,
    id_number: str,
    name: str,
    matter_codes: Collection[str],
    licences: Sequence[Licence] = (),
) -> ApplicantCheck | None:
    """The register's and the licences' word on ``name`` typed with ``id_number``; None while the ID is
    not a valid number or no name is typed yet (nothing to compare)."""
    id_check = check_person_id(id_number) if kind == "person" else check_credit_code(id_number)
    typed = typed_name(kind, name)
    if not id_check.ok or not typed:
        return None
    number = id_check.normalised
    registered = ""
    open_cases: tuple[str, ...] = ()
    with uow:
        applicant = case_repo.find_applicant(uow.session, kind, number)
        if applicant is not None:
            if applicant.name != typed:
                registered = applicant.name
            open_cases = tuple(case_repo.open_cases_of(uow.session, applicant.id or 0, matter_codes))
    own = [lic for lic in licences if lic.holder_id == number]
    return ApplicantCheck(
        masked_id=mask_id(number),
        typed_name=typed,
        registered_name=registered,
        licence_names=licence_names_differing(kind, typed, own),
        open_cases=open_cases,
    )


def register_name_change(
    session: Session,
    kind: str,
    id_number: str,
    name: str,
    *,
    corrected: bool,
    checks: Sequence[MaterialCheck] = (),
) -> str | None:
    """At storing: the register's former name when this intake corrects it, else None.

    A known ID typed with another name is refused (nothing stored) unless the clerk confirmed the
    correction (``corrected``); and an e-licence counts only for its holder's name, so another person's
    licences are never credited to what was typed. ``name`` is as it will be stored.
    """
    for check in checks:
        holder = typed_name(kind, check.licence.holder_name) if check.licence else ""
        if holder and holder != name:
            raise IntakeError(
                [f"电子证照持证人「{holder}」与申请人「{name}」不一致，不能调用该电子证照，请核对姓名"]
            )
    known = case_repo.find_applicant(session, kind, id_number)
    if known is None or known.name == name:
        return None
    if not corrected:
        raise IntakeError(
            [
                (
                    f"证件号码 {mask_id(id_number)} 已登记的姓名为「{known.name}」，"
                    f"与填写的「{name}」不一致：请改正所填姓名，或确认更正登记姓名"
                )
            ]
        )
    return known.name


def record_rename(session: Session, actor: str, applicant_id: int, old_name: str, new_name: str) -> None:
    """The register's name of an applicant corrected at intake, as an audit event with both names
    (the applicant by their register row, never by ID number)."""
    audit_repo.record(
        session,
        actor=actor,
        action="applicant.renamed",
        object_type="applicant",
        object_id=str(applicant_id),
        old_name=old_name,
        new_name=new_name,
    )
