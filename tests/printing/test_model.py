"""The document data refuses combinations that would print a misleading document."""

from __future__ import annotations

import dataclasses
import subprocess
import sys
from datetime import date

import pytest

from hallapp.printing.model import DocumentKind, MaterialLine
from hallapp.printing.samples import sample_document


def test_titles() -> None:
    assert [k.title for k in DocumentKind] == [
        "受理回执",
        "容缺受理承诺书",
        "容缺受理通知书",
        "一次性告知书",
        "一件事一次办受理回执",
        "补正材料接收凭证",
        "催补通知",
        "终止办理通知书",
        "延期通知书",
        "办件记录",
        "窗口日结报表",
    ]
    assert not DocumentKind.ONE_TIME_NOTICE.accepted and DocumentKind.RECEIPT.accepted


@pytest.mark.parametrize(
    ("kind", "changes"),
    [
        (DocumentKind.RECEIPT, {"case_number": None}),
        (DocumentKind.DEFERRAL_NOTICE, {"case_number": ""}),
        (DocumentKind.DEFERRAL_COMMITMENT, {"deferred": ()}),
        (DocumentKind.ONE_TIME_NOTICE, {"case_number": "440310-20260302-0001"}),
        (DocumentKind.ONE_TIME_NOTICE, {"missing": ()}),
        (DocumentKind.ONE_TIME_NOTICE, {"notice_number": ""}),
        (DocumentKind.EXTENSION_NOTICE, {"extended_from": None}),
        (DocumentKind.EXTENSION_NOTICE, {"deferred": ()}),
        (DocumentKind.RECEIPT, {"paper": "Letter"}),
        (DocumentKind.RECEIPT, {"on_the_spot": True}),  # and a promised date
        (DocumentKind.RECEIPT, {"promised_days": -1}),
    ],
)
def test_inconsistent_data_is_refused(kind: DocumentKind, changes: dict) -> None:
    with pytest.raises(ValueError):
        dataclasses.replace(sample_document(kind), **changes)


def test_lists_become_tuples_and_the_data_is_frozen() -> None:
    as_list = [MaterialLine("户口簿", "原件已验")]
    data = dataclasses.replace(sample_document(DocumentKind.RECEIPT), materials=as_list)  # type: ignore[arg-type]
    assert data.materials == (MaterialLine("户口簿", "原件已验"),)
    with pytest.raises(dataclasses.FrozenInstanceError):
        data.copy = True  # type: ignore[misc]
    assert hash(data.materials)


def test_dates_are_dates() -> None:
    assert sample_document(DocumentKind.DEFERRAL_NOTICE).deferred[0].deadline == date(2027, 1, 8)


def test_printing_layer_stays_qt_free_and_cheap_to_import() -> None:
    code = (
        "import sys, hallapp.printing, hallapp.printing.model;"
        "assert 'reportlab' not in sys.modules, 'model imports reportlab';"
        "import hallapp.printing.documents;"
        "bad = [m for m in sys.modules if m.split('.')[0] in ('PySide6', 'sqlalchemy', 'sqlmodel')"
        " or m.startswith(('hallapp.store', 'hallapp.services', 'hallapp.ui'))];"
        "assert not bad, bad"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
