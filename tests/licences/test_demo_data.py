"""The shipped demo licences: valid numbers, known types, something expired and revoked, seeded once."""

from __future__ import annotations

import csv
from datetime import date

from hallapp.config import SHIPPED_CATALOGUE_DIR
from hallapp.domain.identity import check_credit_code, check_resident_id
from hallapp.licences import import_licences, seed_demo_licences
from hallapp.services.catalogue_files import read_catalogue
from hallapp.store import licence_repo
from tests.licences.conftest import DEMO_CSV
from tests.people import ADMIN, acting_as

TODAY = date(2026, 11, 27)


def rows() -> list[dict[str, str]]:
    with DEMO_CSV.open(encoding="utf-8-sig", newline="") as file:
        return list(csv.DictReader(file))


def test_demo_applicants_have_valid_numbers_and_catalogue_types():
    types = {t.code for t in read_catalogue(SHIPPED_CATALOGUE_DIR).licence_types}
    persons = {r["holder_id"] for r in rows() if check_resident_id(r["holder_id"]).ok}
    organisations = {r["holder_id"] for r in rows() if check_credit_code(r["holder_id"]).ok}
    assert 4 <= len(persons) <= 6 and len(organisations) == 2
    assert persons | organisations == {r["holder_id"] for r in rows()}
    assert {r["type_code"] for r in rows()} <= types


def test_demo_shows_expired_and_revoked_licences():
    assert any(r["status"] == "revoked" for r in rows())
    assert any(r["valid_until"] and date.fromisoformat(r["valid_until"]) < TODAY for r in rows())


def test_every_demo_applicant_is_listed_in_the_readme():
    readme = (SHIPPED_CATALOGUE_DIR / "README.md").read_text(encoding="utf-8")
    for holder in {r["holder_id"] for r in rows()}:
        assert holder in readme


def test_seed_fills_an_empty_registry_once(empty_registry):
    report = seed_demo_licences(empty_registry.uow(write=True))
    assert report is not None and report.ok and report.added == len(rows())
    assert seed_demo_licences(empty_registry.uow(write=True)) is None


def test_seed_never_touches_a_registry_in_use(empty_registry, tmp_path):
    app_context = empty_registry
    own = tmp_path / "own.csv"
    own.write_text(
        "type_code,number,holder_id,holder_name,issuer,issued_on,valid_until,status\n"
        "resident_id_card,440310198506120315,440310198506120315,陈晓明,公安,,,valid\n",
        encoding="utf-8",
    )
    with acting_as(app_context, ADMIN):
        assert import_licences(app_context.uow(write=True), own).ok
    assert seed_demo_licences(app_context.uow(write=True)) is None
    with app_context.uow() as uow:
        assert licence_repo.count_licences(uow.session) == 1
