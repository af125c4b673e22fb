"""A licence number that contains the holder's ID is masked on paper like the ID (issue 10 §3).

A 残疾人证 number is the holder's resident ID followed by the kind and the grade of disability: fetched
as an e-licence at intake, it is quoted on the receipt beside the material it replaces.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from hallapp.domain.licences import Licence
from hallapp.services.documents import produce_documents
from hallapp.services.intake import Decision, MaterialInput, submit_intake
from hallapp.services.settings import CounterSettings
from tests.printing.pdfcheck import text
from tests.services.intake_helpers import PERSON, all_received, guide_for, request

SETTINGS = CounterSettings(window="08", clerk="李四", case_prefix="PS")
AT = datetime(2026, 9, 30, 10, 15)


def test_the_receipt_masks_the_id_inside_a_disability_certificate_number(ready_context, tmp_path):
    guide = guide_for(ready_context, "残疾人证换领")
    needs = guide.materials_for({})
    index = next(i for i, m in enumerate(needs) if m.licence_type_code == "disability_certificate")
    number = PERSON.id_number + "41"
    licence = Licence(
        "disability_certificate", number, PERSON.id_number, PERSON.name, "深圳市坪山区残疾人联合会"
    )
    materials = list(all_received(guide))
    materials[index] = replace(MaterialInput(), licence=licence)
    case = submit_intake(
        ready_context.uow(write=True),
        request(guide, Decision.ACCEPT, tuple(materials)),
        settings=SETTINGS,
        calendar=ready_context.calendar,
        now=AT,
    )
    (receipt,) = produce_documents(
        ready_context.uow(write=True), case.number, data_dir=tmp_path, settings=SETTINGS
    )
    printed = text(receipt.path.read_bytes())
    assert f"{PERSON.id_number[:4]}**********{PERSON.id_number[-4:]}41" in printed
    assert PERSON.id_number not in printed and PERSON.id_number[6:14] not in printed
