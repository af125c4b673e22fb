"""Personal data stays masked everywhere it leaves the app: documents, exports, logs."""

import csv
import logging
import re
from datetime import date, datetime

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from hallapp.domain.access import AccessDenied
from hallapp.printing.model import DocumentKind
from hallapp.services.documents import produce_documents
from hallapp.services.export import ExportError, export_cases, neutralise
from hallapp.services.followup_documents import produce_followup_document, reminder_batch
from hallapp.services.intake import Decision, MaterialInput, submit_intake
from hallapp.services.intake_inputs import AgentInput, ApplicantInput
from hallapp.services.settings import CounterSettings
from hallapp.store.case_models import AuditEvent
from tests.people import ADMIN, CLERK, SUPERVISOR, acting_as
from tests.printing.pdfcheck import text
from tests.services.intake_helpers import all_received, credit_code, guide_for, request, resident_id

SETTINGS = CounterSettings(window="08", clerk="李四", case_prefix="PS")
AT = datetime(2026, 9, 30, 10, 15)
FULL_ID = re.compile(r"(?<![0-9A-Z])\d{17}[\dX](?![0-9A-Z])")
MOBILE = re.compile(r"(?<!\d)1[3-9]\d{9}(?!\d)")
PERSON = ApplicantInput("person", "张三", resident_id(), "13812345678")
AGENT = AgentInput("李四", resident_id("44030819850505123"), "13900001111")


def cases(context):
    """An accepted, a deferred, a refused case and an organisation's, with an agent on one of them."""
    made = []
    employment = guide_for(context, "就业登记")
    answers = (("agent", True),)
    with_agent = tuple(
        MaterialInput(original_seen=m.originals > 0, copies=m.copies)
        for m in employment.materials_for(dict(answers))
    )
    made.append(
        submit_intake(
            context.uow(write=True),
            request(employment, Decision.ACCEPT, with_agent, applicant=PERSON, agent=AGENT, answers=answers),
            settings=SETTINGS,
            calendar=context.calendar,
            now=AT,
        ).number
    )
    training = guide_for(context, "创业培训补贴申领")
    materials = list(all_received(training))
    materials[next(i for i, m in enumerate(training.materials_for({})) if m.deferrable)] = MaterialInput(
        deferred=True
    )
    made.append(
        submit_intake(
            context.uow(write=True),
            request(training, Decision.DEFER, tuple(materials), applicant=PERSON, commitment_signed=True),
            settings=SETTINGS,
            calendar=context.calendar,
            now=AT,
        ).number
    )
    nothing = tuple(MaterialInput() for _ in employment.materials_for({}))
    made.append(
        submit_intake(
            context.uow(write=True),
            request(employment, Decision.REFUSE, nothing, applicant=PERSON),
            settings=SETTINGS,
            calendar=context.calendar,
            now=AT,
        ).number
    )
    food = guide_for(context, "食品经营许可")
    org = ApplicantInput(
        "organisation", '=HYPERLINK("http://x")', credit_code(), "13700002222", "王五", "赵六"
    )
    made.append(
        submit_intake(
            context.uow(write=True),
            request(food, Decision.ACCEPT, applicant=org),
            settings=SETTINGS,
            calendar=context.calendar,
            now=AT,
        ).number
    )
    return made


def export(context, path, *, since=date(2026, 9, 30), until=date(2026, 9, 30)):
    """Export the register as the supervisor, whose task it is."""
    with acting_as(context, SUPERVISOR):
        return export_cases(context.uow(write=True), path, since=since, until=until)


def secrets():
    return [resident_id(), AGENT.id_number, "13812345678", "13900001111", "13700002222"]


def test_every_document_and_export_masks_ids_and_phones(ready_context, tmp_path):
    numbers = cases(ready_context)
    outputs = []
    for number in numbers:
        outputs += [
            d.path
            for d in produce_documents(
                ready_context.uow(write=True),
                number,
                data_dir=ready_context.paths.data_dir,
                settings=SETTINGS,
            )
        ]
        outputs.append(
            produce_followup_document(
                ready_context.uow(write=True),
                number,
                DocumentKind.CASE_HISTORY,
                data_dir=ready_context.paths.data_dir,
                settings=SETTINGS,
            ).path
        )
    outputs.append(
        reminder_batch(
            ready_context.uow(write=True),
            [numbers[1]],
            data_dir=ready_context.paths.data_dir,
            settings=SETTINGS,
            today=date(2026, 10, 9),
        )
    )
    texts = [text(p.read_bytes()) for p in outputs]
    for kind_of_export in ("cases.csv", "cases.xlsx"):
        path = tmp_path / kind_of_export
        assert export(ready_context, path) == 4
        if path.suffix == ".csv":
            texts.append(path.read_text(encoding="utf-8-sig"))
        else:
            texts.append(
                "\n".join(str(c.value) for row in load_workbook(path).active.iter_rows() for c in row)
            )
    assert len(texts) >= 12
    for content in texts:
        for secret in secrets():
            assert secret not in content
        assert not FULL_ID.search(content.replace(credit_code(), ""))  # credit codes are public records
        assert not MOBILE.search(content)


def test_exports_defuse_formulas(ready_context, tmp_path):
    cases(ready_context)
    path = tmp_path / "cases.csv"
    export(ready_context, path)
    names = [row[4] for row in csv.reader(path.read_text(encoding="utf-8-sig").splitlines())]
    assert '\'=HYPERLINK("http://x")' in names
    workbook = tmp_path / "cases.xlsx"
    export(ready_context, workbook)
    with ready_context.uow() as uow:
        exports = uow.session.execute(select(AuditEvent).where(AuditEvent.action == "cases.export")).scalars()
        assert [(e.actor, e.object_id) for e in exports] == [("zhao.liu", ".csv"), ("zhao.liu", ".xlsx")]
    cells = [c.value for row in load_workbook(workbook).active.iter_rows() for c in row]
    assert all(not (isinstance(v, str) and v.startswith(("=", "+", "-", "@"))) for v in cells)
    assert [neutralise(v) for v in ("=1+2", "+86", "-3", "@x", "\tx", "张三", 5)] == [
        "'=1+2",
        "'+86",
        "'-3",
        "'@x",
        "'\tx",
        "张三",
        5,
    ]


def test_bad_export_requests_write_nothing(ready_context, tmp_path):
    with pytest.raises(ExportError, match="只能导出"):
        export(ready_context, tmp_path / "x.pdf", since=date(2026, 9, 1), until=date(2026, 9, 2))
    with pytest.raises(ExportError, match="结束日期"):
        export(ready_context, tmp_path / "x.csv", since=date(2026, 9, 2), until=date(2026, 9, 1))
    assert not (tmp_path / "x.csv").exists() and not (tmp_path / "x.pdf").exists()


@pytest.mark.parametrize("principal", [None, CLERK, ADMIN], ids=["nobody", "clerk", "admin"])
def test_only_a_supervisor_exports_the_register(ready_context, tmp_path, principal):
    cases(ready_context)
    with acting_as(ready_context, principal), pytest.raises(AccessDenied):
        export_cases(
            ready_context.uow(write=True),
            tmp_path / "x.csv",
            since=date(2026, 9, 30),
            until=date(2026, 9, 30),
        )
    assert not (tmp_path / "x.csv").exists()
    with ready_context.uow() as uow:
        assert not uow.session.execute(select(AuditEvent).where(AuditEvent.action == "cases.export")).first()


def test_nothing_personal_reaches_the_log(ready_context, caplog):
    with caplog.at_level(logging.DEBUG):
        cases(ready_context)
    for secret in secrets():
        assert secret not in caplog.text
