"""Disclosure requests on PostgreSQL: the same procedure, numbers, board and audit chain as on SQLite,
and numbers without gaps or repeats when counters register at once."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from datetime import date

import pytest

from hallapp.domain.disclosure import DisclosureState, Reply
from hallapp.services.session import CounterSession
from tests.people import AUDITOR, CLERK, PASSWORD, SUPERVISOR, cheap_hashing, create_accounts
from tests.services.disclosure_helpers import FORM, MONDAY, events, form


@pytest.fixture
def hall(ready_context, monkeypatch):
    assert ready_context.engine.dialect.name == "postgresql"
    cheap_hashing(monkeypatch)
    create_accounts(ready_context, CLERK, SUPERVISOR, AUDITOR)
    ready_context.principal = None
    return ready_context


def sign_in(context, person) -> CounterSession:
    return CounterSession.sign_in(context, person.username, PASSWORD)


def test_a_request_from_registration_to_archive(hall):
    clerk, supervisor = sign_in(hall, CLERK), sign_in(hall, SUPERVISOR)
    number = clerk.register_disclosure(FORM, today=MONDAY).value.request.number
    assert number == "PSZW2026GK00001"
    clerk.ask_disclosure_correction(number, ["写明年份"], today=date(2026, 9, 15))
    view = clerk.receive_disclosure_correction(number, today=date(2026, 9, 21)).value
    assert view.row.deadline == date(2026, 10, 26)
    clerk.extend_disclosure(
        number,
        5,
        "涉及多个部门",
        approver_username=SUPERVISOR.username,
        approver_password=PASSWORD,
        today=date(2026, 9, 22),
    )
    clerk.draft_disclosure_reply(number, Reply.DISCLOSED, "当场提供复印件", today=date(2026, 9, 23))
    supervisor.approve_disclosure_reply(number, today=date(2026, 9, 24))
    view = clerk.archive_disclosure(number, "档案室", today=date(2026, 9, 24)).value
    assert view.row.state is DisclosureState.ARCHIVED
    assert [a for _, a, _ in events(hall, number)][-1] == "disclosure.archive"
    assert [r.number for r in clerk.find_disclosures("陈晓明", year=2026)] == [number]
    assert sign_in(hall, AUDITOR).verify_audit().ok


def test_counters_registering_at_once_get_distinct_numbers_without_gaps(hall):
    sessions = [sign_in(hall, CLERK) for _ in range(4)]

    def register(n: int) -> str:
        return (
            sessions[n % 4]
            .register_disclosure(form(name=f"陈{'一二三四五六七八'[n]}"), today=MONDAY)
            .value.request.number
        )

    with ThreadPoolExecutor(max_workers=4) as pool:
        numbers = list(pool.map(register, range(8)))
    assert sorted(numbers) == [f"PSZW2026GK{n:05d}" for n in range(1, 9)]


@pytest.mark.parametrize(
    "statement", ["DELETE FROM disclosure_request", "TRUNCATE disclosure_request CASCADE"]
)
def test_postgres_refuses_to_delete_a_request(hall, statement):
    from sqlalchemy import text
    from sqlalchemy.exc import DatabaseError

    number = sign_in(hall, CLERK).register_disclosure(FORM, today=MONDAY).value.request.number
    with pytest.raises(DatabaseError, match="never deleted"), hall.uow(write=True) as uow:
        uow.session.execute(text(statement))
    assert sign_in(hall, CLERK).disclosure(number) is not None
