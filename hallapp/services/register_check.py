"""The register (办件登记) recomputed from the audit trail and compared with its rows (登记簿核对).

The hash chain seals the audit events; this seals the cases too. Each case is replayed from its events
(``case_trail`` says what each one carries): the decision sets the case, its materials and the applicant
register entry; every follow-up sets what it changed; extensions and reminders add their rows. Whatever
the rows hold beyond that was written beside the program — a supplement deadline moved by 30 days, an
open case marked supplemented, an applicant renamed directly in the file — and is named case by case,
field by field, in words.

Cases decided before their events carried values (only counts) cannot be replayed: they are counted as
无法核对（旧记录）, never called tampered. The check reads the register a page of cases at a time (their
events, materials, extensions, reminders and applicants by index), so memory stays flat at any size.
Qt-free.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Row, and_, func, select
from sqlalchemy.orm import aliased
from sqlmodel import Session, col

from hallapp.services.case_trail import (
    APPLICANT_FIELDS,
    APPLICANT_LABELS,
    CASE_FIELDS,
    CASE_LABELS,
    DECISION_ACTIONS,
    EXTENSION_FIELDS,
    EXTENSION_LABELS,
    MATERIAL_FIELDS,
    MATERIAL_LABELS,
    REMINDER_FIELDS,
    REMINDER_LABELS,
    VERSION,
    encode,
    value_words,
)
from hallapp.store.case_models import (
    Applicant,
    AuditEvent,
    Case,
    CaseExtension,
    CaseMaterial,
    CaseReminder,
)

PAGE = 500  # cases per page
MAX_LISTED = 1000  # differences kept in words; the rest are only counted
UNCHECKABLE = "无法核对（旧记录）"


@dataclass(frozen=True)
class Difference:
    """One value of the register that is not what the trail says it was set to."""

    number: str  # the case number (受理编号 or 告知书编号)
    field: str  # the field in words, e.g. 补正期限, 第 2 项材料「营业执照」的 材料情况
    recorded: str  # what the trail says, in words (masked)
    stored: str  # what the row holds now, in words (masked)

    @property
    def text(self) -> str:
        return (
            f"办件 {self.number} 的 {self.field} 与审计记录不符：记录为 {self.recorded}，现为 {self.stored}"
        )


@dataclass(frozen=True)
class RegisterReport:
    """How many cases were compared with their trail, how many could not be (old records), what differs."""

    checked: int = 0
    uncheckable: int = 0
    differences: tuple[Difference, ...] = ()
    unlisted: int = 0  # differences beyond ``MAX_LISTED``, counted only
    tampered_cases: tuple[str, ...] = field(default=(), repr=False)

    @property
    def ok(self) -> bool:
        return not self.differences

    @property
    def lines(self) -> tuple[str, ...]:
        """The findings in words: every difference, then what could not be checked."""
        out = [d.text for d in self.differences]
        if self.unlisted:
            out.append(f"另有 {self.unlisted} 处不符未逐条列出")
        if self.uncheckable:
            out.append(f"{self.uncheckable} 件办件的审计记录不含办理内容，{UNCHECKABLE}")
        return tuple(out)


def _shown(name: str, value: Any) -> str:
    return value_words(name, value)


class _Collector:
    def __init__(self) -> None:
        self.differences: list[Difference] = []
        self.unlisted = 0
        self.cases: list[str] = []

    def add(self, number: str, label: str, name: str, recorded: Any, stored: Any) -> None:
        if not self.cases or self.cases[-1] != number:
            self.cases.append(number)
        if len(self.differences) >= MAX_LISTED:
            self.unlisted += 1
            return
        self.differences.append(Difference(number, label, _shown(name, recorded), _shown(name, stored)))

    def compare(
        self,
        number: str,
        recorded: Mapping[Any, Any],
        row: Mapping[Any, Any],
        names: Sequence[str],
        labels: Mapping[str, str],
        prefix: str = "",
    ) -> None:
        for name in names:
            want, have = recorded.get(name), row.get(name)
            if want == have:  # most values: the same text or number, nothing to convert
                continue
            want, have = encode(want), encode(have)
            if want != have:
                self.add(number, f"{prefix}{labels.get(name, name)}", name, want, have)


@dataclass
class _Replay:
    """A case as its events say it should be."""

    case: dict[str, Any]
    materials: list[dict[str, Any]]
    applicant: dict[str, Any]
    extensions: list[dict[str, Any]] = field(default_factory=list)
    reminders: list[dict[str, Any]] = field(default_factory=list)


def _detail(text: str) -> dict[str, Any]:
    try:
        value = json.loads(text) if text else {}
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}


def replay(events: Sequence[tuple[str, str]]) -> _Replay | None:
    """A case recomputed from its events ((action, detail) in ``seq`` order); None when its decision
    event carries no values (an old record) or there is no decision event at all."""
    state: _Replay | None = None
    for action, text in events:
        detail = _detail(text)
        if action in DECISION_ACTIONS:
            if detail.get("v") != VERSION:
                return None
            state = _Replay(
                dict(detail.get("case") or {}),
                [dict(m) for m in detail.get("materials") or []],
                dict(detail.get("applicant") or {}),
            )
            continue
        if state is None or detail.get("v") != VERSION:
            continue
        state.case.update(detail.get("set") or {})
        for order, values in (detail.get("items") or {}).items():
            index = int(order) - 1
            if 0 <= index < len(state.materials):
                state.materials[index].update(values)
            else:  # a material the decision did not have: it must not exist
                state.materials.append({"name": f"（第 {order} 项）", **values})
        if action == "case.extend":
            state.extensions.append({name: detail.get(name) for name in EXTENSION_FIELDS})
        if action == "case.remind" and isinstance(detail.get("reminder"), dict):
            state.reminders.append(detail["reminder"])
    return state


def _pages(session: Session, size: int) -> Iterator[list[Row[Any]]]:
    table = Case.__table__  # type: ignore[attr-defined]
    last = 0
    while True:
        page = list(session.execute(select(table).where(table.c.id > last).order_by(table.c.id).limit(size)))
        if not page:
            return
        yield page
        last = page[-1].id


def _by_case(session: Session, model: Any, ids: list[int], order: Any) -> dict[int, list[Mapping[Any, Any]]]:
    table = model.__table__
    out: dict[int, list[Mapping[Any, Any]]] = {}
    for row in session.execute(
        select(table).where(table.c.case_id.in_(ids)).order_by(table.c.case_id, order)
    ):
        out.setdefault(row.case_id, []).append(row._mapping)
    return out


def _check_page(session: Session, page: list[Row[Any]], found: _Collector) -> tuple[int, int]:
    numbers = {(r.case_number or r.notice_number or ""): r for r in page}
    ids = [r.id for r in page]
    events: dict[str, list[tuple[str, str]]] = {}
    for object_id, action, detail in session.execute(
        select(col(AuditEvent.object_id), col(AuditEvent.action), col(AuditEvent.detail))
        .where(col(AuditEvent.object_type) == "case", col(AuditEvent.object_id).in_(list(numbers)))
        .order_by(col(AuditEvent.seq))
    ):
        events.setdefault(object_id, []).append((action, detail))
    materials = _by_case(session, CaseMaterial, ids, CaseMaterial.__table__.c.sort_order)  # type: ignore[attr-defined]
    extensions = _by_case(session, CaseExtension, ids, CaseExtension.__table__.c.id)  # type: ignore[attr-defined]
    reminders = _by_case(session, CaseReminder, ids, CaseReminder.__table__.c.id)  # type: ignore[attr-defined]
    applicant_ids = {r.applicant_id for r in page}
    applicants = {
        row.id: row._mapping
        for row in session.execute(
            select(Applicant.__table__).where(Applicant.__table__.c.id.in_(applicant_ids))  # type: ignore[attr-defined]
        )
    }
    newest = dict(
        session.execute(
            select(col(Case.applicant_id), func.max(col(Case.id)))
            .where(col(Case.applicant_id).in_(applicant_ids))
            .group_by(col(Case.applicant_id))
        ).all()
    )
    checked = uncheckable = 0
    for number, row in numbers.items():
        trail = events.get(number, [])
        if not any(action in DECISION_ACTIONS for action, _ in trail):
            found.add(number, "受理记录", "", "（无）", "办件存在于登记簿中")
            continue
        expected = replay(trail)
        if expected is None:
            uncheckable += 1
            continue
        checked += 1
        _compare_case(number, row, expected, found)
        _compare_rows(
            number,
            expected.materials,
            materials.get(row.id, []),
            MATERIAL_FIELDS,
            MATERIAL_LABELS,
            "材料",
            found,
        )
        _compare_rows(
            number,
            expected.extensions,
            extensions.get(row.id, []),
            EXTENSION_FIELDS,
            EXTENSION_LABELS,
            "延期",
            found,
        )
        _compare_rows(
            number,
            expected.reminders,
            reminders.get(row.id, []),
            REMINDER_FIELDS,
            REMINDER_LABELS,
            "催补",
            found,
        )
        applicant: Mapping[Any, Any] = applicants.get(row.applicant_id) or {}
        fields = APPLICANT_FIELDS if newest.get(row.applicant_id) == row.id else ("kind", "id_number")
        found.compare(number, expected.applicant, applicant, fields, APPLICANT_LABELS, "申请人登记的 ")
    return checked, uncheckable


def _compare_case(number: str, row: Row[Any], expected: _Replay, found: _Collector) -> None:
    found.compare(number, expected.case, row._mapping, CASE_FIELDS, CASE_LABELS)


def _compare_rows(
    number: str,
    recorded: Sequence[Mapping[Any, Any]],
    stored: Sequence[Mapping[Any, Any]],
    names: Sequence[str],
    labels: Mapping[str, str],
    what: str,
    found: _Collector,
) -> None:
    if len(recorded) != len(stored):
        found.add(number, f"{what}条数", "", len(recorded), len(stored))
    for index, (want, have) in enumerate(zip(recorded, stored, strict=False), 1):
        name = want.get("name") if what == "材料" else None
        prefix = f"第 {index} 项{what}「{name}」的 " if name else f"第 {index} 次{what}的 "
        found.compare(number, want, have, names, labels, prefix)


def _vanished(session: Session, found: _Collector) -> None:
    """Cases the trail says were decided but that are no longer in the register."""
    by_case, by_notice = aliased(Case), aliased(Case)
    rows = session.execute(
        select(col(AuditEvent.object_id))
        .select_from(AuditEvent)
        .outerjoin(by_case, col(by_case.case_number) == col(AuditEvent.object_id))
        .outerjoin(by_notice, col(by_notice.notice_number) == col(AuditEvent.object_id))
        .where(
            and_(
                col(AuditEvent.object_type) == "case",
                col(AuditEvent.action).in_(DECISION_ACTIONS),
                col(by_case.id).is_(None),
                col(by_notice.id).is_(None),
            )
        )
        .order_by(col(AuditEvent.seq))
    )
    for (number,) in rows:
        found.add(number, "登记", "", "已受理登记", "登记簿中已没有此办件")


def check_register(session: Session, *, page: int = PAGE) -> RegisterReport:
    """Compare every case (and its materials, extensions, reminders, applicant) with its events."""
    found = _Collector()
    checked = uncheckable = 0
    for rows in _pages(session, page):
        done, old = _check_page(session, rows, found)
        checked, uncheckable = checked + done, uncheckable + old
    _vanished(session, found)
    return RegisterReport(checked, uncheckable, tuple(found.differences), found.unlisted, tuple(found.cases))
