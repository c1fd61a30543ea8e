"""Read a text file whatever its encoding claims, and split CSV into numbered rows.

Files are UTF-8 (a byte-order mark is fine). A file that is not valid UTF-8
but is valid Windows-1252 (what Excel writes on Western Windows) is read as
such and the caller is told; anything else is refused with the line of the
first undecodable byte, unless an explicit encoding is given.
"""

from __future__ import annotations

import codecs
import csv
import io
import os
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from geomap.errors import InputError

__all__ = ["read_text", "TextFile", "read_csv_rows", "CsvRows"]

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


@dataclass(frozen=True)
class TextFile:
    """Decoded text and the encoding that decoded it."""

    text: str
    encoding: str
    guessed: bool  # True when the encoding is a fallback, not UTF-8 or a declared one


def read_text(path: str | os.PathLike, *, encoding: str | None = None) -> TextFile:
    r"""Read ``path`` as text, refusing clearly what cannot be decoded.

    Parameters
    ----------
    path : path-like
        The file.
    encoding : str, optional
        Force this encoding; by default UTF-8 (with or without a byte-order
        mark, or UTF-16/32 with one), else Windows-1252.

    Returns
    -------
    TextFile

    Raises
    ------
    InputError
        The file is missing, binary, or not valid in any accepted encoding.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "a.csv"
    >>> _ = p.write_bytes("place\nPeshawar \u2013 Saddar\n".encode("cp1252"))
    >>> f = read_text(p)
    >>> f.encoding, f.text.splitlines()[1]
    ('cp1252', 'Peshawar – Saddar')
    """
    name = str(path)
    try:
        data = Path(path).read_bytes()
    except FileNotFoundError:
        raise InputError("no such file", path=name) from None
    except IsADirectoryError:
        raise InputError("is a directory, not a file", path=name) from None
    except OSError as error:
        raise InputError(f"cannot read: {error.strerror}", path=name) from None
    if encoding is not None:
        try:
            codecs.lookup(encoding)
        except LookupError:
            raise InputError(f"unknown encoding {encoding!r}", path=name) from None
        return TextFile(_decode(data, encoding, name), encoding, False)
    for bom, codec in _BOMS:
        if data.startswith(bom):
            return TextFile(_decode(data, codec, name), codec, False)
    if b"\x00" in data:
        raise InputError("looks like a binary file (it contains NUL bytes), not text", path=name)
    try:
        return TextFile(data.decode("utf-8"), "utf-8", False)
    except UnicodeDecodeError as utf8_error:
        try:
            return TextFile(data.decode("cp1252"), "cp1252", True)
        except UnicodeDecodeError:
            line = data.count(b"\n", 0, utf8_error.start) + 1
            byte = data[utf8_error.start]
            raise InputError(
                f"line {line}: byte 0x{byte:02x} is neither UTF-8 nor Windows-1252; "
                "save the file as UTF-8 or give its encoding (--encoding)",
                path=name,
            ) from None


def _decode(data: bytes, codec: str, name: str) -> str:
    try:
        return data.decode(codec)
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        raise InputError(
            f"line {line}: byte 0x{data[error.start]:02x} is not valid {codec}", path=name
        ) from None


@dataclass(frozen=True)
class CsvRows:
    """A CSV's header and its data rows, each with its 1-based data row number.

    ``numbers`` and ``cells`` hold the rows as read (column-wise readers transpose
    them at once); ``rows`` gives them as ``(number, {column: text})``.
    """

    header: list[str]
    numbers: list[int]
    cells: list[list[str]]

    @cached_property
    def rows(self) -> list[tuple[int, dict[str, str]]]:
        """Each data row as ``(number, {column: text})``."""
        return [
            (number, dict(zip(self.header, cells, strict=True)))
            for number, cells in zip(self.numbers, self.cells, strict=True)
        ]


def read_csv_rows(text: str, *, path: str) -> CsvRows:
    r"""Split CSV ``text`` into a header and numbered rows of strings.

    The delimiter (comma, semicolon, tab or pipe) is the one the header uses
    most. Row numbers count data rows after the header, blank ones included, as
    a spreadsheet shows them (row 7 is spreadsheet line 8); blank rows are
    skipped.

    Raises
    ------
    InputError
        Empty file, duplicate column names, a row with a different number of
        fields than the header, or broken quoting, naming the row and line.

    Examples
    --------
    >>> r = read_csv_rows("a;b\n1;2\n\n3;4\n", path="x.csv")
    >>> r.header, r.rows
    (['a', 'b'], [(1, {'a': '1', 'b': '2'}), (3, {'a': '3', 'b': '4'})])
    """
    first_line = text.split("\n", 1)[0]
    delimiter = max(",;\t|", key=first_line.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    number = 0
    try:
        header = next(reader, None)
        while header is not None and not any(cell.strip() for cell in header):
            header = next(reader, None)
        if header is None:
            raise InputError("the file is empty (no header row)", path=path)
        header = [cell.strip() for cell in header]
        header = [cell or f"column_{i + 1}" for i, cell in enumerate(header)]
        seen: set[str] = set()
        for cell in header:
            if cell in seen:
                raise InputError(f"column {cell!r} appears twice in the header", path=path)
            seen.add(cell)
        numbers: list[int] = []
        rows: list[list[str]] = []
        while True:
            try:
                cells = next(reader)
            except StopIteration:
                break
            number += 1
            if not "".join(cells).strip():  # blank: every cell is empty or spaces
                continue
            if len(cells) != len(header):
                raise InputError(
                    f"has {len(cells)} fields but the header has {len(header)} "
                    f"(line {reader.line_num}; check quoting and delimiters)",
                    path=path,
                    row=number,
                )
            numbers.append(number)
            rows.append(cells)
    except csv.Error as error:
        raise InputError(
            f"malformed CSV at line {reader.line_num}: {error}", path=path, row=number + 1
        ) from None
    return CsvRows(header, numbers, rows)
