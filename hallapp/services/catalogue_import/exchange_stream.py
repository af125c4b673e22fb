"""A JSON document read piece by piece: the envelope walked key by key, each record decoded on its own.

``json.loads`` of a 280 MB export holds the whole text and the whole parse tree at once (1.4 GB for
100,000 matters). Here the text arrives in chunks (decoded as it is read: UTF-8, or GB18030 on a second
try), the envelope's objects and arrays are walked by a few lines of Python, and every record in them is
decoded by the standard library's own C scanner (``JSONDecoder.raw_decode``, the same speed as
``json.loads``), so only the text around the current record and the records kept are in memory. Errors
carry the line and column and the words ``json`` itself uses (Expecting value …).
"""

from __future__ import annotations

import codecs
import hashlib
import json
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

__all__ = ["JsonError", "NotThisEncoding", "TextStream", "TooDeep", "byte_chunks", "text_chunks"]

CHUNK_BYTES = 2**21  # read at a time; some 2 million characters of text
MAX_VALUE_CHARS = 2**26  # one record (or a document that is not an envelope) may be this long
_WHITESPACE = re.compile(r"[ \t\n\r]*")
_DECODER = json.JSONDecoder()


class JsonError(Exception):
    """The text is not valid JSON at a line and column, in json's own words."""

    def __init__(self, message: str, line: int, column: int) -> None:
        super().__init__(f"{message}: line {line} column {column}")
        self.message, self.line, self.column = message, line, column


class TooDeep(Exception):
    """A value nests deeper than the decoder goes (an attack, not an export)."""


class NotThisEncoding(Exception):
    """The bytes are not in the encoding tried; the caller tries the next one from the start."""


def byte_chunks(data: bytes | Path, digest: Any | None = None) -> Iterator[bytes]:
    """The bytes of the data (or of the file) a chunk at a time, each fed to ``digest`` if given."""
    if isinstance(data, bytes):
        view = memoryview(data)
        for start in range(0, len(data), CHUNK_BYTES):
            chunk = bytes(view[start : start + CHUNK_BYTES])
            if digest is not None:
                digest.update(chunk)
            yield chunk
        return
    with data.open("rb") as handle:
        while chunk := handle.read(CHUNK_BYTES):
            if digest is not None:
                digest.update(chunk)
            yield chunk


def text_chunks(chunks: Iterator[bytes], encoding: str) -> Iterator[str]:
    """The chunks decoded; ``NotThisEncoding`` at the first byte the encoding cannot read."""
    decoder = codecs.getincrementaldecoder(encoding)()
    try:
        for chunk in chunks:
            if text := decoder.decode(chunk):
                yield text
        if text := decoder.decode(b"", final=True):
            yield text
    except UnicodeDecodeError:
        raise NotThisEncoding(encoding) from None


def str_chunks(text: str) -> Iterator[str]:
    for start in range(0, len(text), CHUNK_BYTES):
        yield text[start : start + CHUNK_BYTES]


def sha256() -> Any:
    return hashlib.sha256()


class TextStream:
    """A window over the text: what has been read and not yet consumed, and where it stands in the file."""

    def __init__(self, chunks: Iterator[str]) -> None:
        self._chunks = chunks
        self.text = ""
        self.pos = 0
        self.eof = False
        self._lines = 0  # line breaks in the text dropped from the window
        self._line_start = 0  # offset (from the start of the file) of the line the window starts in
        self._base = 0  # offset of the window's first character

    def _more(self) -> bool:
        """Read the next chunk into the window, dropping what has been consumed; False at the end."""
        if self.eof:
            return False
        chunk = next(self._chunks, None)
        if chunk is None:
            self.eof = True
            return False
        dropped = self.text[: self.pos]
        breaks = dropped.count("\n")
        if breaks:
            self._lines += breaks
            self._line_start = self._base + dropped.rfind("\n") + 1
        self._base += self.pos
        self.text = self.text[self.pos :] + chunk
        self.pos = 0
        return True

    def error(self, message: str, at: int | None = None) -> JsonError:
        """A JsonError at window offset ``at`` (default: where the stream stands)."""
        at = self.pos if at is None else at
        breaks = self.text.count("\n", 0, at)
        if breaks:
            column = at - self.text.rfind("\n", 0, at)
        else:
            column = self._base + at - self._line_start + 1
        return JsonError(message, self._lines + breaks + 1, column)

    def peek(self) -> str:
        """The next character that is not white space ("" at the end), without consuming it."""
        while True:
            self.pos = _WHITESPACE.match(self.text, self.pos).end()  # type: ignore[union-attr]
            if self.pos < len(self.text):
                return self.text[self.pos]
            if not self._more():
                return ""

    def value(self, limit: int = MAX_VALUE_CHARS) -> Any:
        """Decode the next value whole (an object, array, string, number …) and consume it."""
        self.peek()
        last: tuple[str, int] | None = None
        while True:
            try:
                found, end = _DECODER.raw_decode(self.text, self.pos)
            except json.JSONDecodeError as error:
                here = (error.msg, self._base + error.pos)
                # a value cut by the end of the window reads on; a real error stays where it was
                stuck = here == last and not error.msg.startswith("Unterminated string")
                if self.eof or stuck or len(self.text) - self.pos > limit:
                    raise self.error(error.msg, error.pos) from None
                last = here
                if not self._more():
                    raise self.error(error.msg, error.pos) from None
                continue
            except RecursionError:
                raise TooDeep from None
            if end == len(self.text) and not self.eof and self._more():
                continue  # a number at the window's end may go on in the next chunk
            self.pos = end
            return found

    def expect(self, char: str, message: str) -> None:
        if self.peek() != char:
            raise self.error(message)
        self.pos += 1

    def object_keys(self) -> Iterator[str]:
        """The keys of the object that starts here; the caller consumes each key's value before the next."""
        self.expect("{", "Expecting value")
        if self.peek() == "}":
            self.pos += 1
            return
        while True:
            if self.peek() != '"':
                raise self.error("Expecting property name enclosed in double quotes")
            key = self.value()
            self.expect(":", "Expecting ':' delimiter")
            yield key
            following = self.peek()
            self.pos += 1
            if following == "}":
                return
            if following != ",":
                raise self.error("Expecting ',' delimiter", self.pos - 1)

    def items(self) -> Iterator[int]:
        """The positions (from 1) of the array that starts here; the caller consumes each element."""
        self.expect("[", "Expecting value")
        if self.peek() == "]":
            self.pos += 1
            return
        index = 0
        while True:
            index += 1
            if self.peek() == "":
                raise self.error("Expecting value")
            yield index
            following = self.peek()
            self.pos += 1
            if following == "]":
                return
            if following != ",":
                raise self.error("Expecting ',' delimiter", self.pos - 1)

    def end(self) -> None:
        """Nothing but white space may follow the document."""
        if self.peek() != "":
            raise self.error("Extra data")


_BETWEEN = re.compile(r"[ \t\n\r]*([,\]])[ \t\n\r]*")  # what follows an element of an array


def each_element(stream: TextStream, on_element: Callable[[int, Any], None]) -> None:
    """Decode the elements of the array (or the one value) that starts here, handing each on in turn.

    The usual element is decoded by the scanner straight from the window and the comma after it taken
    with one match; an element cut by the window's end, or anything wrong, goes the careful way
    (``value``, ``peek``), which reads on or says what is wrong where.
    """
    if stream.peek() != "[":
        on_element(1, stream.value())
        return
    stream.pos += 1
    if stream.peek() == "]":
        stream.pos += 1
        return
    scan = _DECODER.scan_once  # type: ignore[attr-defined]  # the C scanner raw_decode calls
    index = 0
    while True:
        index += 1
        text = stream.text
        try:
            found, end = scan(text, stream.pos)
        except (StopIteration, json.JSONDecodeError):
            found = stream.value()
        except RecursionError:
            raise TooDeep from None
        else:
            if end < len(text) or stream.eof:
                stream.pos = end
            else:  # a number at the window's end may go on in the next chunk
                found = stream.value()
        on_element(index, found)
        text = stream.text
        between = _BETWEEN.match(text, stream.pos)
        if between is not None and between.end() < len(text):
            stream.pos = between.end()
            if between.group(1) == "]":
                return
            continue
        following = stream.peek()
        stream.pos += 1
        if following == "]":
            return
        if following != ",":
            raise stream.error("Expecting ',' delimiter", stream.pos - 1)
        if stream.peek() == "":
            raise stream.error("Expecting value")
