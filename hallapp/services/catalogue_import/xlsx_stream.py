"""A lean streaming reader of .xlsx parts: the workbook's sheets, shared strings, date styles and rows.

openpyxl's read-only mode costs several times more per cell than the XML itself (an object per string,
a second pass to find each formula's text, a whole-sheet scan to size a sheet that lacks a dimension
record). An implementation list is only values, so this reads them with the standard library's
expat-backed ``iterparse``, one row at a time, formula text and cached result from the same cell.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path
from typing import IO
from xml.etree.ElementTree import Element, iterparse

from openpyxl.styles.numbers import BUILTIN_FORMATS, is_date_format
from openpyxl.utils import column_index_from_string

from hallapp.services.catalogue_import.xlsx_scan import NotPlain, plain_rows

__all__ = ["StreamBook"]

_CJK_DATE_FORMATS = frozenset(range(27, 37)) | frozenset(range(50, 59))  # yyyy年m月d日 … in Chinese Excel
_ESCAPE = re.compile(r"_x([0-9A-Fa-f]{4})_")
_INTEGER = re.compile(r"-?\d+")
_WINDOWS_EPOCH = datetime(1899, 12, 30)
_MAC_EPOCH = datetime(1904, 1, 1)


def _local(tag: str) -> str:
    return tag.rpartition("}")[2]


def _attribute(element: Element, name: str) -> str | None:
    for key, value in element.attrib.items():
        if _local(key) == name:
            return value
    return None


def _unescape(text: str) -> str:
    return _ESCAPE.sub(lambda m: chr(int(m.group(1), 16)), text) if "_x" in text else text


def _part(base: str, target: str) -> str:
    if target.startswith("/"):
        return target.lstrip("/")
    parts: list[str] = base.split("/")[:-1]
    for piece in target.split("/"):
        if piece == "..":
            if parts:
                parts.pop()
        elif piece and piece != ".":
            parts.append(piece)
    return "/".join(parts)


class StreamBook:
    """An .xlsx opened for reading its values; ``sheets`` lists (title, part) in workbook order."""

    def __init__(self, stream: IO[bytes] | Path) -> None:
        self.archive = zipfile.ZipFile(stream)
        try:
            self._read_workbook()
        except BaseException:
            self.archive.close()
            raise

    def close(self) -> None:
        self.archive.close()

    def _open(self, part: str) -> IO[bytes]:
        """A part opened for reading; one declaring a DTD (entities: the "billion laughs") is refused,
        as no spreadsheet needs one."""
        with self.archive.open(part) as handle:
            head = handle.read(4096)
        if b"<!DOCTYPE" in head or b"<!ENTITY" in head:
            raise ValueError(f"{part} declares a DTD")
        return self.archive.open(part)

    def _iter(self, part: str) -> Iterator[tuple[str, Element]]:
        with self._open(part) as handle:
            yield from iterparse(handle, events=("start", "end"))

    def _read_workbook(self) -> None:
        names = set(self.archive.namelist())
        targets: dict[str, tuple[str, str]] = {}  # relationship id -> (type, part)
        rels = "xl/_rels/workbook.xml.rels"
        if rels in names:
            for event, element in self._iter(rels):
                if event == "end" and _local(element.tag) == "Relationship":
                    kind = _local(element.get("Type", "").rpartition("/")[2])
                    targets[element.get("Id", "")] = (
                        kind,
                        _part("xl/workbook.xml", element.get("Target", "")),
                    )
        self.epoch = _WINDOWS_EPOCH
        self.sheets: list[tuple[str, str]] = []
        for event, element in self._iter("xl/workbook.xml"):
            if event != "end":
                continue
            tag = _local(element.tag)
            if tag == "workbookPr" and element.get("date1904", "").lower() in ("1", "true"):
                self.epoch = _MAC_EPOCH
            elif tag == "sheet":
                kind, part = targets.get(_attribute(element, "id") or "", ("", ""))
                if kind == "worksheet" and part in names:
                    self.sheets.append((element.get("name", ""), part))
        by_kind = {kind: part for kind, part in targets.values()}
        self.strings = self._read_strings(by_kind.get("sharedStrings", "xl/sharedStrings.xml"), names)
        self.date_styles = self._read_styles(by_kind.get("styles", "xl/styles.xml"), names)

    def _read_strings(self, part: str, names: set[str]) -> list[str]:
        strings: list[str] = []
        if part not in names:
            return strings
        pieces: list[str] = []
        phonetic = 0
        for event, element in self._iter(part):
            tag = _local(element.tag)
            if tag == "rPh":
                phonetic += 1 if event == "start" else -1
            elif event == "end" and tag == "t" and not phonetic:
                pieces.append(element.text or "")
            elif event == "end" and tag == "si":
                strings.append(_unescape("".join(pieces)))
                pieces = []
                element.clear()
        return strings

    def _read_styles(self, part: str, names: set[str]) -> frozenset[int]:
        if part not in names:
            return frozenset()
        formats: dict[int, str] = {}
        dates: list[bool] = []
        in_xfs = False
        for event, element in self._iter(part):
            tag = _local(element.tag)
            if tag == "cellXfs":
                in_xfs = event == "start"
            elif event == "end" and tag == "numFmt":
                formats[int(element.get("numFmtId", "0"))] = element.get("formatCode", "")
            elif event == "start" and tag == "xf" and in_xfs:
                number = int(element.get("numFmtId", "0"))
                code = formats.get(number, BUILTIN_FORMATS.get(number, ""))
                dates.append(number in _CJK_DATE_FORMATS or bool(code and is_date_format(code)))
        return frozenset(i for i, date in enumerate(dates) if date)

    def _value(self, kind: str, text: str | None, style: int, inline: str | None) -> object:
        if kind == "inlineStr":
            return _unescape(inline or "")
        if text is None:
            return None
        if kind == "s":
            index = int(text)
            return self.strings[index] if 0 <= index < len(self.strings) else None
        if kind in ("str", "e"):
            return _unescape(text)
        if kind == "b":
            return text.strip() in ("1", "true")
        if kind == "d":
            return datetime.fromisoformat(text.strip().removesuffix("Z"))
        number: int | float = int(text) if _INTEGER.fullmatch(text) else float(text)
        if style in self.date_styles:
            moment = self.epoch + timedelta(days=number)
            return moment.replace(microsecond=0)
        return number

    def rows(self, part: str, max_columns: int) -> Iterator[tuple[int, dict[int, tuple[object, str | None]]]]:
        """(row number, {0-based column: (value, formula text or None)}) for each row holding cells.

        Plain rows are read straight from the bytes (``xlsx_scan``); at the first row that is not plain
        the XML reader reads the sheet from its start, skipping the rows already given.
        """
        given = 0
        try:
            with self._open(part) as handle:
                for number, cells in plain_rows(handle, max_columns, self._value, self.strings):
                    given += 1
                    yield number, cells
            return
        except NotPlain:
            pass
        for number, cells in self.xml_rows(part, max_columns):
            if given:  # the same rows in the same order: those the scanner gave are passed over
                given -= 1
                continue
            yield number, cells

    def xml_rows(
        self, part: str, max_columns: int
    ) -> Iterator[tuple[int, dict[int, tuple[object, str | None]]]]:
        """The rows as ``rows`` gives them, every one read by the XML reader.

        Only end events are looked at: a finished ``<c>`` holds its ``<v>``, ``<f>`` and ``<is>``. Tag
        names and column letters are looked up once per file, not once per cell; a shared string (the
        usual cell of a list) is read without a further call.
        """
        number = 0
        local: dict[str, str] = {}
        columns: dict[str, int] = {}
        strings, count = self.strings, len(self.strings)
        with self._open(part) as handle:
            for _event, element in iterparse(handle, events=("end",)):
                tag = local.get(element.tag)
                if tag is None:
                    tag = local[element.tag] = _local(element.tag)
                if tag != "row":
                    continue
                number = int(element.get("r", "0") or 0) or number + 1
                cells: dict[int, tuple[object, str | None]] = {}
                column = -1
                for cell in element:
                    ref = cell.get("r")
                    if ref:
                        letters = ref.rstrip("0123456789")
                        found = columns.get(letters)
                        if found is None:
                            found = columns[letters] = column_index_from_string(letters) - 1
                        column = found
                    else:
                        column += 1
                    if column >= max_columns:
                        continue
                    text, formula, inline = None, None, None
                    for child in cell:
                        name = local.get(child.tag)
                        if name is None:
                            name = local[child.tag] = _local(child.tag)
                        if name == "v":
                            text = child.text
                        elif name == "f":
                            formula = "=" + (child.text or "")
                        elif name == "is":
                            inline = _inline(child, local)
                    kind = cell.get("t", "n")
                    value: object
                    if kind == "s" and text is not None and text.isdigit() and int(text) < count:
                        value = strings[int(text)]
                    else:
                        try:
                            value = self._value(kind, text, int(cell.get("s", "0") or 0), inline)
                        except (ValueError, OverflowError):
                            value = text
                    if value is not None or formula is not None:
                        cells[column] = (value, formula)
                element.clear()
                if cells:
                    yield number, cells


def _inline(element: Element, local: dict[str, str]) -> str:
    """The text of an inline string: its runs, without phonetic guides (rPh)."""
    pieces = []
    for child in element:
        name = local.get(child.tag)
        if name is None:
            name = local[child.tag] = _local(child.tag)
        if name == "t":
            pieces.append(child.text or "")
        elif name == "r":
            pieces.extend(t.text or "" for t in child if _local(t.tag) == "t")
    return "".join(pieces)
