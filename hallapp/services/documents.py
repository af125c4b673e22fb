"""Print use cases: the documents of a committed case, archived as PDF under the data directory.

A document is only ever made from a case that is already in the database (so nothing is printed for
a case that was not stored), and every print and reprint is recorded with an audit event. A reprint
carries the same content as the original, marked as a copy.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from sqlmodel import Session, col, select

from hallapp.domain.access import Permission, check
from hallapp.domain.catalogue import OriginalHandling
from hallapp.domain.identity import mask_id, mask_phone
from hallapp.domain.licences import masked_licence_number
from hallapp.printing.model import (
    OPTIONAL_NOT_BROUGHT,
    DeferredLine,
    DocumentData,
    DocumentKind,
    MaterialLine,
    MissingLine,
)
from hallapp.services.cases import local
from hallapp.services.output_file import check_output_path, write_output
from hallapp.services.settings import CounterSettings
from hallapp.store import audit_chain, audit_repo, case_repo
from hallapp.store.case_models import Applicant, Case, CaseDocument, CaseMaterial
from hallapp.store.db import UnitOfWork
from hallapp.store.guide_versions import guide_at
from hallapp.store.models import Bundle

if TYPE_CHECKING:
    from sqlmodel import Session

HOW_TO_SUPPLY = "现场递交、邮寄或网上提交"
KINDS = {
    "accepted": (DocumentKind.RECEIPT,),
    "deferred": (DocumentKind.DEFERRAL_COMMITMENT, DocumentKind.DEFERRAL_NOTICE),
    "refused": (DocumentKind.ONE_TIME_NOTICE,),
}


class DocumentError(LookupError):
    """The document cannot be made (no such case, or a kind that does not belong to it)."""


@dataclass(frozen=True)
class ProducedDocument:
    kind: DocumentKind
    path: Path
    is_copy: bool


def _form(material: CaseMaterial) -> str:
    parts = []
    if material.originals_required:
        handling = OriginalHandling(material.original_handling).label
        parts.append(f"原件{material.originals_required}份({handling})")
    if material.copies_required:
        parts.append(f"复印件{material.copies_required}份")
    return "、".join(parts) or "电子证照或纸质材料1份"


def case_document_data(
    session: Session,
    case: Case,
    kinds: Sequence[DocumentKind],
    *,
    settings: CounterSettings,
    copy: bool = False,
) -> list[DocumentData]:
    """What each of ``kinds`` of a stored case shows, from the case, its materials, its applicant, its
    matter's guide in the version the case was decided under (today's for a case from before versions)
    and its bundle: the one assembly behind printing and reprinting."""
    applicant = session.get(Applicant, case.applicant_id)
    assert applicant is not None
    materials = case_repo.materials_of(session, case.id or 0)
    guide = guide_at(session, case.matter_code, case.guide_version)  # as on the day it was decided
    return [
        document_data(
            case,
            materials,
            applicant,
            kind,
            settings=settings,
            place=f"{guide.place} {guide.windows}" if guide else "",
            phones="；".join(guide.phones) if guide else "",
            promised_days=guide.promised_limit_days if guide else 0,
            on_the_spot=bool(guide and guide.on_the_spot),
            copy=copy,
            bundle_name=bundle_name(session, case.bundle_code),
        )
        for kind in kinds
    ]


def document_data(
    case: Case,
    materials: list[CaseMaterial],
    applicant: Applicant,
    kind: DocumentKind,
    *,
    settings: CounterSettings,
    place: str = "",
    phones: str = "",
    promised_days: int = 0,
    on_the_spot: bool = False,
    copy: bool = False,
    bundle_name: str = "",
) -> DocumentData:
    """What one document of a case shows, personal data masked; ``bundle_name`` is the 一件事 the case
    belongs to, by its Chinese name."""
    number = case.case_number or case.notice_number or ""
    deferred = tuple(
        DeferredLine(m.name, HOW_TO_SUPPLY, m.deadline or case.deferral_deadline, case.deferral_unverified)  # type: ignore[arg-type]
        for m in materials
        if m.outcome in ("deferred", "supplemented")  # a reprint lists what was committed, come in or not
    )
    missing = tuple(
        # what to bring and what was wrong; the guide's review notes (审查要点) are the clerk's, not the applicant's
        MissingLine(m.name, f"{_form(m)}；{m.shortfall}")
        for m in materials
        if m.outcome == "missing"
    )
    return DocumentData(
        kind=kind,
        case_number=case.case_number,
        notice_number="" if case.case_number else case.notice_number or "",
        organisation=applicant.kind == "organisation",
        bundle_name=bundle_name,
        hall_name=case.hall_name or settings.hall_name,
        hall_address=settings.hall_address,
        hall_phone=settings.hall_phone,
        matter_name=case.matter_name,
        matter_code=case.matter_code,
        department=case.department_name,
        applicant_name=case.applicant_name,
        applicant_id_masked=mask_id(applicant.id_number),
        phone_masked=mask_phone(case.applicant_phone) if case.applicant_phone else "",
        agent_name=case.agent_name,
        legal_representative=applicant.legal_representative if applicant.kind == "organisation" else "",
        contact_name=applicant.contact_name if applicant.kind == "organisation" else "",
        received_at=local(case.received_at),
        materials=tuple(_material_line(m) for m in materials),
        deferred=deferred if kind is not DocumentKind.ONE_TIME_NOTICE else (),
        missing=missing if kind is DocumentKind.ONE_TIME_NOTICE else (),
        promised_date=None if on_the_spot else case.promised_date,
        promised_days=promised_days,
        promised_unverified=case.promised_unverified and not on_the_spot,
        on_the_spot=on_the_spot and kind.accepted,
        window=case.window,
        clerk=case.clerk,
        tracking_text=settings.tracking_text if case.case_number else "",
        qr_payload=f"{settings.tracking_url}{number}" if case.case_number else "",
        place=place,
        phones=phones,
        copy=copy,
        paper=settings.paper,  # type: ignore[arg-type]
        completed=case.completed_at is not None and kind is DocumentKind.RECEIPT,
        situations=tuple((q, "是" if a else "否") for q, a in json.loads(case.situation_answers or "[]")),
    )


def _material_line(material: CaseMaterial) -> MaterialLine:
    """A material as the receipt lists it; an optional one not brought owes nothing, and says so."""
    if material.outcome == "not_needed":
        return MaterialLine(material.name, OPTIONAL_NOT_BROUGHT, "")
    return MaterialLine(material.name, material.outcome_label, _material_detail(material))


def bundle_name(session: Session, code: str | None) -> str:
    """The Chinese name of the bundle ``code`` (新生儿出生一件事): never the code itself on paper."""
    if not code:
        return ""
    name = session.execute(select(col(Bundle.name)).where(col(Bundle.code) == code)).scalar_one_or_none()
    return name or "一件事一次办"


def _material_detail(material: CaseMaterial) -> str:
    """What the receipt says beside a material: the e-licence fetched for it, or what is short."""
    if material.licence_number:
        validity = (
            f"有效期至{material.licence_valid_until:%Y-%m-%d}" if material.licence_valid_until else "长期有效"
        )
        number = masked_licence_number(material.licence_number)
        return f"证照编号 {number}，{material.licence_issuer or ''}签发，{validity}"
    return material.shortfall


def _write(path: Path, content: bytes) -> None:
    from hallapp.store.files import write_bytes_whole  # a full disk: no .part left, a plain message

    write_bytes_whole(path, content)


def produce_documents(
    uow: UnitOfWork,
    number: str,
    *,
    data_dir: Path,
    settings: CounterSettings,
    copy: bool = False,
    kinds: tuple[DocumentKind, ...] | None = None,
    out: Path | None = None,
) -> list[ProducedDocument]:
    """Render, archive and record the documents of the committed case ``number``.

    The originals on the first print; with ``copy=True`` reprints marked as copies. Raises
    ``DocumentError`` for an unknown case, and the printing layer's errors if the font is unusable.
    ``out``: also write the (one) document there, before the print is recorded; if that fails nothing is
    recorded (``OutputFileError``).
    """
    check(uow.principal, Permission.INTAKE)
    if out is not None:
        out = check_output_path(out)  # a missing folder is said before anything is rendered
    from hallapp.printing.documents import render  # reportlab: only when something is printed

    with uow:
        session = uow.session
        case = case_repo.case_by_number(session, number.strip())
        if case is None:
            raise DocumentError(f"没有编号为「{number}」的办件")
        wanted = kinds or KINDS[case.decision]
        if out is not None and len(wanted) != 1:
            raise DocumentError("只能把一份文书保存到指定文件，请指明文书种类")
        if any(kind not in KINDS[case.decision] for kind in wanted):
            raise DocumentError(f"办件 {number} 没有这种文书")
        earlier = len(case_repo.documents_of(session, case.id or 0))
        produced = []
        for offset, (kind, data) in enumerate(
            zip(wanted, case_document_data(session, case, wanted, settings=settings, copy=copy), strict=True)
        ):
            seal = audit_chain.chain_state(session)  # the trail as it stood
            data = replace(data, audit_head=seal.head, audit_count=seal.count)
            content = render(data)
            stamp = local(case.received_at)
            suffix = f"-copy{earlier + offset + 1}" if copy else ""
            relative = (
                Path("archive") / f"{stamp:%Y}" / f"{stamp:%m}" / f"{number}-{kind.name.lower()}{suffix}.pdf"
            )
            _write(data_dir / relative, content)
            session.add(
                CaseDocument(
                    case_id=case.id or 0,
                    kind=kind.name,
                    path=relative.as_posix(),
                    sha256=hashlib.sha256(content).hexdigest(),
                    is_copy=copy,
                    created_by=uow.actor,
                )
            )
            audit_repo.record(
                session,
                actor=uow.actor,
                action="document.reprint" if copy else "document.print",
                object_type="case",
                object_id=number,
                kind=kind.name,
            )
            produced.append(ProducedDocument(kind, data_dir / relative, copy))
            if out is not None:
                write_output(out, content)  # inside the transaction: no file, no record
        uow.commit()
    return produced


def produce_bundle_documents(
    uow: UnitOfWork,
    reference: str,
    *,
    data_dir: Path,
    settings: CounterSettings,
    copy: bool = False,
) -> list[ProducedDocument]:
    """The one receipt of a life-event bundle (every matter, its number, result and promised date),
    then each deferred or refused matter's own documents (承诺书 and 通知书, 一次性告知书)."""
    check(uow.principal, Permission.INTAKE)
    from hallapp.printing.documents import render
    from hallapp.printing.model import BundleLine
    from hallapp.services.bundle_intake import promised_words

    with uow:
        session = uow.session
        cases = case_repo.cases_of_bundle(session, reference)
        if not cases:
            raise DocumentError(f"没有编号为「{reference}」的一件事")
        first = cases[0]
        applicant = session.get(Applicant, first.applicant_id)
        assert applicant is not None
        name = bundle_name(session, first.bundle_code)
        seen: dict[str, MaterialLine] = {}
        for case in cases:
            for m in case_repo.materials_of(session, case.id or 0):
                seen.setdefault(m.name, _material_line(m))
        lines = tuple(
            BundleLine(
                c.matter_name,
                c.case_number or c.notice_number or "",
                "已办结"
                if c.completed_at
                else {"accepted": "受理", "deferred": "容缺受理"}.get(
                    c.decision, "不予受理（见一次性告知书）"
                ),
                promised_words(c.promised_date, c.promised_unverified)
                if c.case_number and not c.completed_at
                else "",
            )
            for c in cases
        )
        data = DocumentData(
            kind=DocumentKind.BUNDLE_RECEIPT,
            case_number=reference,
            hall_name=first.hall_name or settings.hall_name,
            matter_name=name,
            matter_code="",  # a bundle has no official code; its code (newborn …) is never printed
            department="一件事一次办",
            applicant_name=first.applicant_name,
            applicant_id_masked=mask_id(applicant.id_number),
            phone_masked=mask_phone(first.applicant_phone) if first.applicant_phone else "",
            organisation=applicant.kind == "organisation",
            hall_address=settings.hall_address,
            hall_phone=settings.hall_phone,
            agent_name=first.agent_name,
            legal_representative=applicant.legal_representative if applicant.kind == "organisation" else "",
            contact_name=applicant.contact_name if applicant.kind == "organisation" else "",
            received_at=local(first.received_at),
            materials=tuple(seen.values()),
            bundle_lines=lines,
            window=first.window,
            clerk=first.clerk,
            tracking_text=settings.tracking_text,
            qr_payload=f"{settings.tracking_url}{reference}",
            copy=copy,
            paper=settings.paper,  # type: ignore[arg-type]
            situations=tuple(
                (q, "是" if a else "否") for q, a in json.loads(first.situation_answers or "[]")
            ),
            audit_head=audit_chain.chain_head(session),
            audit_count=audit_chain.chain_state(session).count,
        )
        content = render(data)
        stamp = local(first.received_at)
        earlier = sum(
            1
            for d in case_repo.documents_of(session, first.id or 0)
            if d.kind == DocumentKind.BUNDLE_RECEIPT.name
        )
        suffix = f"-copy{earlier}" if copy else ""
        relative = Path("archive") / f"{stamp:%Y}" / f"{stamp:%m}" / f"{reference}-bundle_receipt{suffix}.pdf"
        _write(data_dir / relative, content)
        session.add(
            CaseDocument(
                case_id=first.id or 0,
                kind=DocumentKind.BUNDLE_RECEIPT.name,
                path=relative.as_posix(),
                sha256=hashlib.sha256(content).hexdigest(),
                is_copy=copy,
                created_by=uow.actor,
            )
        )
        audit_repo.record(
            session,
            actor=uow.actor,
            action="document.reprint" if copy else "document.print",
            object_type="bundle",
            object_id=reference,
            kind=DocumentKind.BUNDLE_RECEIPT.name,
        )
        uow.commit()
        others = [
            (c.case_number or c.notice_number or "", c.decision) for c in cases if c.decision != "accepted"
        ]
    produced = [ProducedDocument(DocumentKind.BUNDLE_RECEIPT, data_dir / relative, copy)]
    for number, _decision in others:
        produced += produce_documents(uow, number, data_dir=data_dir, settings=settings, copy=copy)
    return produced
