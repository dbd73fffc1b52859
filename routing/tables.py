"""Tables as people keep them: CSV text in and out, read and written with one set of rules.

Reading: UTF-8 (with or without a BOM), GB18030/GBK, or UTF-16 with a BOM (Excel's
"Unicode text"); cells separated by a comma, a semicolon or a tab. Both the roster reader
(``routing.roster.read``) and the scenario tables (``routing.scenario.load``) read this way.

Writing: UTF-8 with a BOM, every value text, formulas defused, so the file opens in
Excel with the Chinese text and long digit strings intact.
"""

from __future__ import annotations

import csv
import io
import math
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

DELIMITERS = (",", ";", "\t")
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def decode_text(data: bytes) -> tuple[str, str] | None:
    """The text of a CSV file and the encoding it was read with, or None when it is none of the accepted ones."""
    if data.startswith(b"\xef\xbb\xbf"):
        candidates: tuple[str, ...] = ("utf-8-sig",)
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        candidates = ("utf-16",)
    else:
        candidates = ("utf-8", "gb18030")
    for encoding in candidates:
        try:
            return data.decode(encoding), encoding
        except UnicodeDecodeError:
            continue
    return None


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
    carriage return) gets a leading apostrophe, so it shows as the text it is.
    """
    out = Path(path)
    with out.open("w", encoding="utf-8-sig", newline="") as f:
        writer = csv.writer(f, lineterminator="\n")
        writer.writerow(columns)
        for row in rows:
            writer.writerow([_cell(row.get(c)) for c in columns])
    return out


def _cell(value: object) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):  # missing
        return ""
    text = str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text
