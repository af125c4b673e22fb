"""The audit seal in a document's footer: 16 hex digits of the chain's head and the event count."""

from __future__ import annotations

import dataclasses

from hallapp.printing.documents import render
from hallapp.printing.model import DocumentKind
from hallapp.printing.samples import sample_document
from tests.printing.pdfcheck import text


def test_the_footer_prints_the_head_and_the_record_count() -> None:
    data = dataclasses.replace(
        sample_document(DocumentKind.RECEIPT), audit_head="0f3a9c1d7b2e4a60", audit_count=1234
    )
    assert "校验：0f3a9c1d7b2e4a60·1234" in text(render(data))


def test_a_document_without_a_count_prints_the_head_alone() -> None:
    data = dataclasses.replace(sample_document(DocumentKind.RECEIPT), audit_head="0f3a9c1d7b2e4a60")
    content = text(render(data))
    assert "校验：0f3a9c1d7b2e4a60" in content and "0f3a9c1d7b2e4a60·" not in content
