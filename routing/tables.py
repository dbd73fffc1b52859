"""Tables as people keep them: CSV text in and out, read and written with one set of rules.

Reading: UTF-8 (with or without a BOM), GB18030/GBK, or UTF-16 (Excel's "Unicode text", with
a BOM or without one); cells separated by a comma, a semicolon or a tab. Both the roster reader
(``routing.roster.read``) and the scenario tables (``routing.scenario.load``) read this way. The
scenario tables are split into records by the ``csv`` module (``csv_records``); rosters, typed by
hand as often as exported, by ``split_records``, where a stray quote costs at most its own row.

Writing: UTF-8 with a BOM, every value text, formulas defused, so the file opens in
Excel with the Chinese text and long digit strings intact.
"""

from __future__ import annotations

import csv
import io
import math
import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple, TextIO

DELIMITERS = (",", ";", "\t")
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def decode_text(data: bytes) -> tuple[str, str] | None:
    """The text of a CSV file and the encoding it was read with, or None when it is none of the accepted ones."""
    if data.startswith(b"\xef\xbb\xbf"):
        candidates: tuple[str, ...] = ("utf-8-sig",)
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        candidates = ("utf-16",)
    elif _utf16_without_bom(data):
        low_first = data[1::2].count(0) >= data[0::2].count(0)
        candidates = ("utf-16-le" if low_first else "utf-16-be", "utf-8", "gb18030")
    else:
        candidates = ("utf-8", "gb18030")
    for encoding in candidates:
        try:
            return data.decode(encoding), encoding
        except UnicodeDecodeError:
            continue
    return None


def _utf16_without_bom(data: bytes) -> bool:
    """NUL bytes, at least one in ten and nearly all of them on the same side of a 2-byte unit: the ASCII
    (digits, delimiters, line ends) of UTF-16 text saved without its BOM."""
    nuls = data.count(0)
    if len(data) % 2 or nuls < 4 or nuls * 10 < len(data):
        return False
    return max(data[0::2].count(0), data[1::2].count(0)) >= 0.9 * nuls


def csv_records(text: str, delimiter: str) -> Iterator[tuple[int, list[str]]]:
    """(line number where the record starts, cells) for every record of CSV text, blank lines as [].

    Raises
    ------
    csv.Error
        When the text cannot be split into records (e.g. a stray NUL).
    """
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    start = 1
    for cells in reader:
        yield start, cells
        start = reader.line_num + 1


class CsvRecord(NamedTuple):
    """A record of CSV text: the line it starts on, its cells, and which cells hold a stray quote."""

    line: int
    cells: list[str]
    stray: tuple[int, ...] = ()  # cells that open a quote never closed properly: read with the quote as a character


_LINE_END = re.compile(r"\r\n|\r|\n")
_LINES = re.compile(r"(\r\n|\r|\n)")  # text whose first line ends in a lone \r (classic Mac): every kind ends a line
_LF_LINES = re.compile(r"(\r\n|\n)")  # any other text: a lone \r is a character (of a cell a writer did not quote)
_BLANKS = " \t"


def split_records(text: str, delimiter: str) -> Iterator[CsvRecord]:
    """Every record of CSV text (``delimiter`` one character), as ``csv_records`` splits well-formed CSV, except that
    a stray quote costs only its own row.

    A cell that starts with a quote runs, as CSV says, to the next quote that is not doubled, over
    line ends if need be; that quote must end the cell (a delimiter or the end of a line follows,
    blanks aside). When it does not, or when no quote closes the cell before the end of the text,
    the opening quote was typed by hand (``"马小军`` in a name): the cell is read on its own line as
    it stands, the quote kept as a character, its index listed in ``stray``, and reading goes on
    with the next cell. So a quote never swallows the rows after it. Blank lines are ``[]``; a
    record's ``line`` counts the line ends before it, plus one. Lines end in ``\r\n`` or ``\n``;
    a lone ``\r`` ends a line only in text whose first line ends so (old Mac files), elsewhere it
    is a character of its cell (writers with ``\n`` line ends leave such cells unquoted). Cells
    have no length limit.
    """
    first = _LINE_END.search(text)
    parts = (_LINES if first is not None and first.group() == "\r" else _LF_LINES).split(text)
    lines, ends = parts[0::2], [*parts[1::2], ""]
    if not lines[-1]:  # text ending with a line end (or empty): no record after it
        lines.pop()
    n = len(lines)
    i = 0
    while i < n:
        line = lines[i]
        if '"' not in line:
            yield CsvRecord(i + 1, line.split(delimiter) if line else [])
            i += 1
            continue
        start, pos = i, 0
        cells: list[str] = []
        stray: list[int] = []
        while True:  # one cell per turn, starting at lines[i][pos]
            line = lines[i]
            if line.startswith('"', pos):
                quoted = _quoted(lines, ends, i, pos, delimiter)
                if quoted is not None:
                    value, i, pos = quoted
                    cells.append(value)
                    if pos >= len(lines[i]):
                        break
                    pos += 1  # past the delimiter
                    continue
                stray.append(len(cells))
            cut = line.find(delimiter, pos)
            if cut < 0:
                cells.append(line[pos:])
                break
            cells.append(line[pos:cut])
            pos = cut + 1
        yield CsvRecord(start + 1, cells, tuple(stray))
        i += 1


def _quoted(lines: list[str], ends: list[str], i: int, pos: int, delimiter: str) -> tuple[str, int, int] | None:
    """The quoted cell opening at ``lines[i][pos]``: (its text, line and position of what follows the closing
    quote: a delimiter or the end of the line), or None when no quote closes it so."""
    parts: list[str] = []
    p = pos + 1
    while True:
        line = lines[i]
        q = line.find('"', p)
        if q < 0:
            parts.append(line[p:])
            if i + 1 >= len(lines):
                return None
            parts.append(ends[i])
            i, p = i + 1, 0
            continue
        if line.startswith('"', q + 1):  # a doubled quote stands for one
            parts.append(line[p:q + 1])
            p = q + 2
            continue
        parts.append(line[p:q])
        k = q + 1
        while k < len(line) and line[k] in _BLANKS and line[k] != delimiter:
            k += 1
        return ("".join(parts), i, k) if k >= len(line) or line[k] == delimiter else None


@dataclass(frozen=True)
class Table:
    """A CSV table: its header (stripped), and each non-blank record under it with its line number.

    ``rows`` map every header to the record's stripped cell ("" where the record is short);
    ``long_rows`` are the line numbers of records with more cells than the header.
    """

    header: tuple[str, ...]
    rows: tuple[tuple[int, dict[str, str]], ...]
    long_rows: tuple[int, ...]
    encoding: str
    delimiter: str


class TableError(ValueError):
    """A file that cannot be read as a table; the message says why, without the file name."""


def read_table(path: Path) -> Table:
    """Read a CSV table whose first non-blank record is its header.

    The delimiter is the one of ``DELIMITERS`` that splits the header into the most cells
    (ties: the earlier one).

    Raises
    ------
    TableError
        When the file is not text in an accepted encoding, or cannot be split into records.
    """
    decoded = decode_text(path.read_bytes())
    if decoded is None:
        raise TableError("is not text in UTF-8, GB18030/GBK or UTF-16")
    text, encoding = decoded
    try:
        delimiter = max(DELIMITERS, key=lambda d: (len(_first_record(text, d)), -DELIMITERS.index(d)))
        records = [(n, cells) for n, cells in csv_records(text, delimiter) if any(c.strip() for c in cells)]
    except csv.Error as e:
        raise TableError(f"cannot be read as CSV ({e})") from e
    if not records:
        return Table((), (), (), encoding, delimiter)
    header = tuple(c.strip() for c in records[0][1])
    rows = tuple((n, {h: (cells[k].strip() if k < len(cells) else "") for k, h in enumerate(header)})
                 for n, cells in records[1:])
    long_rows = tuple(n for n, cells in records[1:] if len(cells) > len(header))
    return Table(header, rows, long_rows, encoding, delimiter)


def _first_record(text: str, delimiter: str) -> list[str]:
    return next((cells for _, cells in csv_records(text, delimiter) if any(c.strip() for c in cells)), [])


def write_excel_csv(rows: Sequence[Mapping[str, object]], columns: Sequence[str], path: Path | str) -> Path:
    """Write rows as CSV in UTF-8 with a BOM, so Excel shows the Chinese text; returns the path.

    Every value is written as text, so leading zeros and long digit strings survive. A value
    that Excel would run as a formula (starting with ``=``, ``+``, ``-``, ``@``, a tab or a
    carriage return) gets a leading apostrophe, so it shows as the text it is. Records end in
    ``\n``; a value holding a line end of any kind (``\r`` too) is quoted, so it reads back whole.
    """
    out = Path(path)
    with out.open("w", encoding="utf-8-sig", newline="") as f:
        writer = csv.writer(_LineFeeds(f), lineterminator="\r\n")  # "\r\n": the writer quotes every value with \r or \n
        writer.writerow(columns)
        for row in rows:
            writer.writerow([_cell(row.get(c)) for c in columns])
    return out


class _LineFeeds:
    """A text file to which ``csv.writer`` writes records ending in ``\r\n``, written ending in ``\n``."""

    def __init__(self, f: TextIO) -> None:
        self.f = f

    def write(self, record: str) -> int:
        return self.f.write(record[:-2] + "\n" if record.endswith("\r\n") else record)


def _cell(value: object) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):  # missing
        return ""
    text = str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text
