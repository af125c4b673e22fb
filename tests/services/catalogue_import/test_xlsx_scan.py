"""Plain rows read straight from the sheet's bytes give what the XML reader gives; the first row that is
not plain hands the sheet back to the XML reader, which goes on after the rows already given."""

from __future__ import annotations

import io
from xml.etree.ElementTree import ParseError

import pytest

from hallapp.services.catalogue_import.xlsx_scan import NotPlain, plain_rows
from hallapp.services.catalogue_import.xlsx_stream import StreamBook
from tests.services.catalogue_import.test_xlsx_written_by_others import HEADER, STRINGS, workbook

PLAIN = (
    '<row r="2" spans="1:8"><c r="A2" t="s"><v>3</v></c><c r="B2" t="s"><v>99</v></c>'
    '<c r="C2" t="inlineStr"><is><t xml:space="preserve"> 区残联 </t></is></c><c r="D2" s="1"><v>46285</v></c>'
    '<c r="E2" t="b"><v>0</v></c><c r="F2"><v>7</v></c><c r="G2"><v>2.5</v></c><c r="H2" s="2"/></row>'
    '<row r="3"/>'
    '<row><c r="A4" t="inlineStr"><is><t>第二个事项</t></is></c><c r="B4" t="str"><v></v></c>'
    '<c r="C4" t="e"><v>#N/A</v></c><c r="IZ4"><v>1</v></c><c r="D4" t="inlineStr"></c></row>'
    '<row r="9"><c r="A9" t="n"><v>-12</v></c><c r="B9"><v>1E+3</v></c><c r="C9" t="s"><v>x</v></c></row>'
)


def _rows(data: bytes) -> tuple[list[object], list[object], StreamBook]:
    book = StreamBook(io.BytesIO(data))
    [(_title, part)] = book.sheets
    return list(book.rows(part, 256)), list(book.xml_rows(part, 256)), book


def test_plain_rows_are_read_whole_and_as_the_xml_reader_reads_them() -> None:
    data = workbook(HEADER + PLAIN, strings=STRINGS)
    fast, xml, book = _rows(data)
    assert fast == xml
    assert [number for number, _cells in fast] == [1, 2, 4, 9]
    assert fast[1][1][2] == (" 区残联 ", None) and fast[1][1][3][0].year == 2026
    with book.archive.open(book.sheets[0][1]) as handle:  # the scanner itself read every row
        assert len(list(plain_rows(handle, 256, book._value, book.strings))) == 4


@pytest.mark.parametrize(
    "odd",
    [
        '<row r="10"><c r="A10"><f>1+1</f><v>2</v></c></row>',  # a formula
        '<row r="10"><c r="A10" t="inlineStr"><is><t>A&amp;B</t></is></c></row>',  # an entity
        '<!-- a comment --><row r="10"><c r="A10"><v>1</v></c></row>',
        '<row r="10"><c t="s" r="A10"><v>0</v></c></row>',  # attributes in another order
        '<row r="10"><c r="A10" t="inlineStr"><is><r><t>富</t></r><r><t>文本</t></r></is></c></row>',
        '<row r="10">\n  <c r="A10"><v>1</v></c>\n</row>',  # written with line breaks
        '<row r="5"><c r="A5"><v>1</v></c></row>',  # out of order
    ],
)
def test_the_first_row_that_is_not_plain_hands_the_sheet_to_the_xml_reader(odd: str) -> None:
    after = '<row r="11"><c r="A11" t="inlineStr"><is><t>后面的事项</t></is></c><c r="B11"><v>6</v></c></row>'
    data = workbook(HEADER + PLAIN + odd + after, strings=STRINGS)
    fast, xml, book = _rows(data)
    assert fast == xml and len(fast) == 6
    with book.archive.open(book.sheets[0][1]) as handle, pytest.raises(NotPlain) as stop:
        list(plain_rows(handle, 256, book._value, book.strings))
    assert stop.value.after == 9  # the number of the last row read before the odd one


def test_a_sheet_cut_off_is_left_to_the_xml_reader_to_report() -> None:
    data = workbook(HEADER + PLAIN.replace('<row r="9">', '<row r="9"><c r='), strings=STRINGS)
    book = StreamBook(io.BytesIO(data))
    [(_title, part)] = book.sheets
    given = []
    with pytest.raises(ParseError):
        for number, _cells in book.rows(part, 256):
            given.append(number)
    assert given == [1, 2, 4]
