"""Matters imported from a plain list (no materials): found in search and marked 「待完善」, refused at
intake — alone or in a bundle — with the plain reason, and nothing stored."""

from __future__ import annotations

import dataclasses
from datetime import datetime

import pytest
from sqlalchemy import func, select

from hallapp.domain.search import INCOMPLETE_REASON
from hallapp.search import persist
from hallapp.search.index import SearchIndex
from hallapp.services.bundle_intake import submit_bundle
from hallapp.services.intake import Decision, IntakeError, MaterialInput, submit_intake
from hallapp.services.intake_inputs import BundleRequest
from hallapp.services.settings import CounterSettings
from hallapp.store import search_repo
from hallapp.store.case_models import AuditEvent, Case
from tests.people import CLERK
from tests.services.catalogue_change import PLAIN_LIST_CODE, change_catalogue, plain_list_matter, shipped
from tests.services.intake_helpers import PERSON, all_received, request

SETTINGS = CounterSettings(window="08", clerk="李四", case_prefix="PS")
AT = datetime(2026, 9, 30, 10, 15)


def count(context, model) -> int:
    with context.uow() as uow:
        return uow.session.execute(select(func.count()).select_from(model)).scalar_one()


@pytest.fixture
def listed(ready_context):
    """The installation with one matter added from a plain list."""
    change_catalogue(ready_context, [plain_list_matter()], incomplete={PLAIN_LIST_CODE})
    return ready_context


def test_search_finds_it_marked_by_the_index_the_sql_scan_and_a_saved_index(listed, tmp_path):
    (hit,) = [h for h in listed.search.search("灵活就业人员登记") if h.code == PLAIN_LIST_CODE]
    assert hit.incomplete and not hit.is_bundle
    others = listed.search.search("就业登记")
    assert any(h.code != PLAIN_LIST_CODE for h in others)
    assert not any(h.incomplete for h in others if h.code != PLAIN_LIST_CODE)
    with listed.uow() as uow:
        scanned = {h.code: h.incomplete for h in search_repo.like_search(uow.session, "灵活就业")}
        records = search_repo.index_records(uow.session)
    assert scanned.pop(PLAIN_LIST_CODE) is True and scanned and not any(scanned.values())
    path = tmp_path / "index.npz"
    persist.save(SearchIndex.build(records), path)
    loaded = persist.load(path).search("lhjyrydjba")
    assert [(h.code, h.incomplete) for h in loaded] == [(PLAIN_LIST_CODE, True)]


def test_intake_of_an_incomplete_matter_is_refused_with_the_reason_and_stores_nothing(listed):
    guide = plain_list_matter()
    before = count(listed, Case), count(listed, AuditEvent)
    for decision in (Decision.ACCEPT, Decision.REFUSE):
        with pytest.raises(IntakeError) as refused:
            submit_intake(
                listed.uow(write=True),
                request(guide, decision, ()),
                settings=SETTINGS,
                calendar=listed.calendar,
                now=AT,
            )
        assert refused.value.problems == [f"事项「{guide.name}」待完善：{INCOMPLETE_REASON}"]
    assert (count(listed, Case), count(listed, AuditEvent)) == before


def test_completing_it_lifts_the_refusal(listed):
    done = dataclasses.replace(plain_list_matter(), materials=shipped("就业登记").materials[:1])
    assert change_catalogue(listed, [done]) == {PLAIN_LIST_CODE: 2}
    assert not [h for h in listed.search.search("灵活就业人员登记") if h.incomplete]
    result = submit_intake(
        listed.uow(write=True),
        request(done, Decision.ACCEPT, (MaterialInput(original_seen=True),)),
        settings=SETTINGS,
        calendar=listed.calendar,
        now=AT,
    )
    assert result.number


def test_the_session_says_which_version_is_shown_and_whether_it_is_incomplete(hall):
    change_catalogue(hall.context, [plain_list_matter()], incomplete={PLAIN_LIST_CODE})
    session = hall.session(CLERK)
    shown = session.shown_guide(PLAIN_LIST_CODE)
    assert shown.incomplete and shown.version == 1 and shown.guide.materials == ()
    complete = session.shown_guide(shipped("就业登记").code)
    assert not complete.incomplete and complete.version == 1
    assert session.shown_guide("NO-SUCH-CODE") is None


def test_a_bundle_with_an_incomplete_matter_is_marked_and_refused_whole(ready_context):
    member = shipped("就业登记")  # one of 就业创业一件事's matters, now without its materials
    change_catalogue(
        ready_context, [dataclasses.replace(member, materials=(), situations=())], incomplete={member.code}
    )
    (bundle,) = [h for h in ready_context.search.search("就业创业一件事") if h.is_bundle]
    assert bundle.incomplete
    assert not any(h.incomplete for h in ready_context.search.search("新生儿出生") if h.is_bundle)
    before = count(ready_context, Case), count(ready_context, AuditEvent)
    with pytest.raises(IntakeError) as refused:
        submit_bundle(
            ready_context.uow(write=True),
            BundleRequest("start_business", PERSON, ()),
            settings=SETTINGS,
            calendar=ready_context.calendar,
            now=AT,
        )
    assert f"事项「{member.name}」待完善：{INCOMPLETE_REASON}" in refused.value.problems
    assert (count(ready_context, Case), count(ready_context, AuditEvent)) == before


def test_a_withdrawn_matter_is_refused_at_intake_alone_and_in_a_bundle(ready_context):
    """A bundle may still name a matter an import withdrew: the counter must not take it in."""
    from hallapp.store import models as m
    from hallapp.store.db import UnitOfWork

    member = shipped("就业登记")  # one of 就业创业一件事's matters
    with UnitOfWork(ready_context.engine) as uow:
        uow.session.execute(
            m.Matter.__table__.update().where(m.Matter.code == member.code).values(active=False)
        )
        uow.commit()
    before = count(ready_context, Case), count(ready_context, AuditEvent)
    with pytest.raises(IntakeError) as alone:
        submit_intake(
            ready_context.uow(write=True),
            request(member, Decision.ACCEPT, all_received(member)),
            settings=SETTINGS,
            calendar=ready_context.calendar,
            now=AT,
        )
    assert any("已从事项目录撤下" in p for p in alone.value.problems)
    with pytest.raises(IntakeError) as bundled:
        submit_bundle(
            ready_context.uow(write=True),
            BundleRequest("start_business", PERSON, ()),
            settings=SETTINGS,
            calendar=ready_context.calendar,
            now=AT,
        )
    assert any(member.name in p and "撤下" in p for p in bundled.value.problems)
    assert (count(ready_context, Case), count(ready_context, AuditEvent)) == before
