"""The register of disclosure requests: its tables as migration 0015 makes them, the JSON of a request
(every field, through every change, and back), and the repository's reads."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect
from sqlmodel import SQLModel

from hallapp.domain.disclosure import (
    Delivery,
    InfoForm,
    PauseKind,
    ReceiptChannel,
    Reply,
    RequesterKind,
)
from hallapp.domain.disclosure_fees import FeeMode
from hallapp.domain.disclosure_request import DisclosureRequest, Requester
from hallapp.store import (  # noqa: F401 - registers the tables
    account_models,
    calendar_models,
    case_models,
    disclosure_codec,
    disclosure_models,
    disclosure_repo,
    licence_models,
    models,
)
from hallapp.store.db import UnitOfWork, make_engine
from hallapp.store.migrate import upgrade
from tests.domain.test_workdays import CAL_2026

CAL = CAL_2026
PERSON = Requester(
    RequesterKind.PERSON, "陈晓明", "440308199001011237", phone="13812345678", address="坪山大道1号"
)
FIRM = Requester(
    RequesterKind.COMMERCIAL,
    "深圳市坪山样例科技有限公司",
    "91440300MA5DC8XX1Y",
    contact_person="李娜",
    email="lina@example.com",
    postcode="518118",
)


def registered(number: str = "PSZW2026GK00001", requester: Requester = PERSON, **kw) -> DisclosureRequest:
    values = {
        "number": number,
        "channel": ReceiptChannel.IN_PERSON,
        "arrived_on": date(2026, 9, 14),
        "requester": requester,
        "description": "2025年坪山区老旧小区改造项目的立项批复文件",
        "registered_by": "zhang.san",
        "today": date(2026, 9, 14),
    }
    values.update(kw)
    values["today"] = max(values["today"], values["arrived_on"])
    return DisclosureRequest.register(**values)


def every_step() -> list[DisclosureRequest]:
    """A request at each stage of a long life: correction, consultation, fee, extension, reply, archive."""
    steps = [
        registered(
            channel=ReceiptChannel.POST_ORDINARY,
            arrived_on=date(2026, 9, 10),
            confirmed_on=date(2026, 9, 11),
            document_number="深坪府〔2025〕12号",
            purpose="了解本小区改造范围",
            forms=(InfoForm.PAPER, InfoForm.ELECTRONIC),
            delivery=Delivery.POST,
            requester=FIRM,
        )
    ]
    r = steps[-1]
    steps.append(
        r := r.ask_correction(
            ("写明小区名称", "写明年份"), 15, on=date(2026, 9, 15), calendar=CAL, today=date(2026, 9, 15)
        )
    )
    steps.append(r := r.receive_correction(on=date(2026, 9, 22), today=date(2026, 9, 22)))
    steps.append(
        r := r.start_consultation(
            PauseKind.THIRD_PARTY, "某物业公司", on=date(2026, 9, 24), today=date(2026, 9, 24)
        )
    )
    steps.append(
        r := r.extend(
            10,
            "需征求第三方意见",
            approved_by="zhao.liu",
            requested_by="zhang.san",
            on=date(2026, 9, 25),
            calendar=CAL,
        )
    )
    steps.append(r := r.end_consultation("不同意公开", on=date(2026, 10, 12), today=date(2026, 10, 12)))
    steps.append(
        r := r.notify_fee(
            FeeMode.BY_PAGES, 120, 1100, on=date(2026, 10, 13), calendar=CAL, today=date(2026, 10, 13)
        )
    )
    steps.append(r := r.record_payment(on=date(2026, 10, 15), today=date(2026, 10, 15)))
    steps.append(
        r := r.draft_reply(
            Reply.PARTLY_DISCLOSED,
            "第三方商业秘密部分不予公开",
            by="zhang.san",
            on=date(2026, 10, 16),
            today=date(2026, 10, 16),
            right_office="区住建局",
        )
    )
    steps.append(r := r.return_reply("请写明依据", by="zhao.liu"))
    steps.append(
        r := r.draft_reply(
            Reply.PARTLY_DISCLOSED,
            "依据第三十七条",
            by="zhang.san",
            on=date(2026, 10, 19),
            today=date(2026, 10, 19),
        )
    )
    steps.append(r := r.approve_reply(by="zhao.liu", on=date(2026, 10, 20), today=date(2026, 10, 20)))
    steps.append(r.archive("档案室 A-3", on=date(2026, 10, 21), today=date(2026, 10, 21)))
    return steps


@pytest.mark.parametrize("step", range(13))
def test_a_request_survives_its_json_at_every_step(step):
    request = every_step()[step]
    assert disclosure_codec.loads(disclosure_codec.dumps(request)) == request
    assert disclosure_codec.decode(disclosure_codec.encode(request)) == request


def test_the_json_names_the_id_and_phone_by_the_keys_the_trail_masks():
    values = disclosure_codec.encode(registered())
    assert values["requester"]["id_number"] == "440308199001011237"
    assert values["requester"]["phone"] == "13812345678"
    assert values["state"] == "registered" and values["v"] == 1


@pytest.fixture
def engine(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path / 'db.sqlite3'}")
    upgrade(engine)
    return engine


def test_migration_0015_makes_the_tables_the_models_describe(engine):
    assert {"disclosure_request", "disclosure_document"} <= set(inspect(engine).get_table_names())
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": False})
        differences = [
            d
            for d in compare_metadata(context, SQLModel.metadata)
            if d[0] != "remove_table" or d[1].name != "alembic_version"
        ]
    assert differences == []


def test_the_row_repeats_the_request_and_a_save_keeps_the_number(engine):
    steps = every_step()
    with UnitOfWork(engine, write=True) as uow:
        record = disclosure_repo.add(uow.session, steps[0])
        assert (record.state, record.channel, record.received_on) == (
            "registered",
            "post_ordinary",
            date(2026, 9, 11),
        )
        assert (record.requester_kind, record.id_number, record.reply) == (
            "commercial",
            "91440300MA5DC8XX1Y",
            None,
        )
        disclosure_repo.save(uow.session, record, steps[11])
        uow.commit()
    with UnitOfWork(engine) as uow:
        record = disclosure_repo.by_number(uow.session, " PSZW2026GK00001 ")
        assert record is not None
        assert disclosure_repo.request_of(record) == steps[11]
        assert (record.state, record.reply, record.issued_on) == (
            "replied",
            "partly_disclosed",
            date(2026, 10, 20),
        )
        with pytest.raises(ValueError):
            disclosure_repo.save(uow.session, record, replace(steps[11], number="PSZW2026GK00002"))


def test_the_month_position_counts_the_applicants_requests_of_that_month(engine):
    with UnitOfWork(engine, write=True) as uow:
        s = uow.session
        a = disclosure_repo.add(
            s, registered("N1", arrived_on=date(2026, 9, 1), channel=ReceiptChannel.EMAIL)
        )
        b = disclosure_repo.add(
            s, registered("N2", arrived_on=date(2026, 9, 30), channel=ReceiptChannel.EMAIL)
        )
        c = disclosure_repo.add(
            s, registered("N3", arrived_on=date(2026, 9, 1), channel=ReceiptChannel.EMAIL)
        )
        other_month = disclosure_repo.add(
            s, registered("N4", arrived_on=date(2026, 8, 31), channel=ReceiptChannel.EMAIL)
        )
        other = disclosure_repo.add(
            s, registered("N5", requester=FIRM, arrived_on=date(2026, 9, 2), channel=ReceiptChannel.EMAIL)
        )
        assert [disclosure_repo.month_position(s, r) for r in (a, c, b)] == [1, 2, 3]
        assert disclosure_repo.month_position(s, other_month) == 1
        assert disclosure_repo.month_position(s, other) == 1


def test_search_finds_by_number_name_description_and_full_id_and_the_year(engine):
    with UnitOfWork(engine, write=True) as uow:
        s = uow.session
        disclosure_repo.add(s, registered("PSZW2026GK00001"))
        disclosure_repo.add(s, registered("PSZW2026GK00002", requester=FIRM, description="100%_完成率统计"))
        assert [r.number for r in disclosure_repo.search(s, "00001")] == ["PSZW2026GK00001"]
        assert [r.number for r in disclosure_repo.search(s, "样例科技")] == ["PSZW2026GK00002"]
        assert [r.number for r in disclosure_repo.search(s, "%_")] == ["PSZW2026GK00002"]  # not wildcards
        assert [r.number for r in disclosure_repo.search(s, "老旧小区")] == ["PSZW2026GK00001"]
        found = disclosure_repo.search(s, "440308199001011237", id_number="440308199001011237")
        assert [r.number for r in found] == ["PSZW2026GK00001"]
        assert len(disclosure_repo.search(s, "", year=2026)) == 2
        assert disclosure_repo.search(s, "", year=2025) == []


@pytest.mark.parametrize("table", ["disclosure_request", "disclosure_document"])
def test_the_database_refuses_to_delete_a_request_or_a_document(engine, table):
    from sqlalchemy import func, select, text
    from sqlalchemy.exc import DatabaseError

    with UnitOfWork(engine, write=True) as uow:
        record = disclosure_repo.add(uow.session, registered())
        disclosure_repo.add_document(
            uow.session,
            record.id,
            kind="RECEIPT",
            path="archive/x.pdf",
            sha256="0" * 64,
            is_copy=False,
            created_by="zhang.san",
        )
        uow.commit()
    with pytest.raises(DatabaseError, match="never deleted"), UnitOfWork(engine, write=True) as uow:
        uow.session.execute(text(f"DELETE FROM {table}"))
    with UnitOfWork(engine) as uow:
        model = (
            disclosure_models.DisclosureRecord
            if table == "disclosure_request"
            else disclosure_models.DisclosureDocumentRecord
        )
        assert uow.session.execute(select(func.count()).select_from(model)).scalar_one() == 1
