"""What an import reader hands back: the catalogue it read and every problem it met, in plain words."""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping, MutableMapping
from dataclasses import dataclass, field
from pathlib import PurePath
from typing import Any

from hallapp.domain.text import unwanted_character
from hallapp.services.catalogue_files import CatalogueSource

__all__ = ["MAX_SHOWN_VALUE", "ImportProblem", "ImportedCatalogue", "KeptByCode", "kept_text", "shown_value"]

MAX_SHOWN_VALUE = 40  # characters of a value quoted in a message; a pasted page must not flood the preview
_ROW_FILES = (".xlsx", ".xlsm", ".xls", ".csv", ".tsv", ".txt")


@dataclass(frozen=True)
class ImportProblem:
    """One thing wrong in an imported file, with where it is: file, table or sheet, row, field, value.

    ``row`` counts from 1 as a person does: the 12th record of a JSON table, the 12th line of a sheet
    (the header being line 1). ``unit`` is how rows are called: "行" (line) in a spreadsheet or CSV, "条"
    (record) elsewhere; left empty, it follows the file's extension.
    """

    file: str
    sheet: str = ""
    row: int | None = None
    column: str = ""
    value: str = ""
    message: str = field(default="", kw_only=True)
    unit: str = field(default="", kw_only=True)

    def __str__(self) -> str:
        """Plain Chinese, e.g. "matters.json，AUDIT_MATERIAL 第 12 条，字段 is_need（值「7」）：…"."""
        places = [self.file] if self.file else []
        unit = self.unit or ("行" if PurePath(self.file).suffix.lower() in _ROW_FILES else "条")
        row = f"第 {self.row} {unit}" if self.row is not None else ""
        if self.sheet or row:
            places.append(" ".join(part for part in (self.sheet, row) if part))
        if self.column:
            quoted = f"（值「{shown_value(self.value)}」）" if self.value else ""
            places.append(f"字段 {self.column}{quoted}")
        elif self.value:
            places.append(f"值「{shown_value(self.value)}」")
        where = "，".join(places)
        return f"{where}：{self.message}" if where else self.message


def shown_value(value: str) -> str:
    """A value as quoted in a message: one line, at most ``MAX_SHOWN_VALUE`` characters, invisible
    characters shown by their code point (<U+202E>)."""
    line = " ".join(value.split())
    if not line.isprintable():  # a direction override would turn the message around: show its code point
        line = "".join(f"<U+{ord(c):04X}>" if unwanted_character(c) else c for c in line)
    if len(line) > MAX_SHOWN_VALUE:
        return f"{line[:MAX_SHOWN_VALUE]}…（共 {len(line)} 个字符）"
    return line


def kept_text(value: Mapping[str, Any]) -> str:
    """The JSON text a matter's kept fields are stored as ("" when there are none)."""
    return json.dumps(value, ensure_ascii=False, sort_keys=True) if value else ""


class KeptByCode(MutableMapping[str, dict[str, Any]]):
    """Per matter code, the kept fields (``extras``), each held as the UTF-8 bytes of the JSON text it is
    stored as, not as dicts: 100,000 matters' kept fields are some 105 MB so instead of 190 MB, and the
    text is made once, as the matter is read, not again when it is written.

    It reads and writes like a dict of dicts: ``kept[code]`` gives a new dict decoded from the text (a
    change to it changes nothing here: set it again), ``kept[code] = {...}`` encodes one. ``text(code)``
    gives the stored JSON text itself ("" for a matter with none).
    """

    __slots__ = ("_blobs",)

    def __init__(self, values: Mapping[str, Mapping[str, Any]] | None = None) -> None:
        self._blobs: dict[str, bytes] = {}
        for code, value in (values or {}).items():
            self[code] = value

    def __getitem__(self, code: str) -> dict[str, Any]:
        blob = self._blobs[code]
        return json.loads(blob.decode("utf-8", "surrogatepass")) if blob else {}

    def __setitem__(self, code: str, value: Mapping[str, Any]) -> None:  # type: ignore[override]
        self._blobs[code] = kept_text(value).encode("utf-8", "surrogatepass")

    def __delitem__(self, code: str) -> None:
        del self._blobs[code]

    def __iter__(self) -> Iterator[str]:
        return iter(self._blobs)

    def __len__(self) -> int:
        return len(self._blobs)

    def __contains__(self, code: object) -> bool:
        return code in self._blobs

    def __repr__(self) -> str:
        return f"KeptByCode({dict(self.items())!r})"

    def set_text(self, code: str, text: str) -> None:
        """Keep a matter's fields given as their stored JSON text (``kept_text``)."""
        self._blobs[code] = text.encode("utf-8", "surrogatepass")

    def text(self, code: str) -> str:
        """The JSON text stored for the matter ("" when it has no kept fields); KeyError when unknown."""
        return self._blobs[code].decode("utf-8", "surrogatepass")


@dataclass
class ImportedCatalogue:
    """One file read into the app's catalogue model, nothing stored yet.

    ``source`` holds what the app can use (departments, licence types, guides, bundles). ``problems``
    lists everything that was wrong or had to be guessed; ``unknown_codes`` the values the code mapping
    does not know (also a kind of problem, kept apart so the administrator can extend the mapping).
    ``extras`` keeps, per matter code, every field of the source that a guide has no place for, so that an
    export gives it back (``KeptByCode``: read and set like a dict of dicts, held as JSON text). ``incomplete`` names the matters imported without materials (a plain list):
    they are marked in search and refused at intake until completed. ``format`` names the reader
    ("exchange-json", "xlsx", "list").
    """

    source: CatalogueSource = field(default_factory=CatalogueSource)
    problems: list[ImportProblem] = field(default_factory=list)
    unknown_codes: list[ImportProblem] = field(default_factory=list)
    extras: KeptByCode = field(default_factory=KeptByCode)
    incomplete: set[str] = field(default_factory=set)
    format: str = ""

    @property
    def all_problems(self) -> list[ImportProblem]:
        """Problems and unknown codes together, in the order a preview lists them."""
        return [*self.problems, *self.unknown_codes]

    def messages(self) -> list[str]:
        """Every problem and unknown code as a line of plain Chinese."""
        return [str(problem) for problem in self.all_problems]
