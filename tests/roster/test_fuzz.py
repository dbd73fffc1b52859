"""Roster bytes of every kind never crash the reader and never lose a row.

Hypothesis writes rosters as programs write them (CSV through the ``csv`` module in any encoding,
delimiter and line end; XLSX with several sheets, titles and typed cells), as people type them
(CSV joined by hand, with stray quotes), and as they arrive damaged (bytes of real rosters changed
at random). Only ``RosterFileError`` may come out; every non-empty row written is one record, kept
or rejected, with the row number a spreadsheet shows.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from pathlib import Path

import pytest
import xlsxwriter
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from routing.errors import RosterFileError
from routing.roster import read as roster_read
from routing.roster.load import RosterSource, load_roster
from routing.roster.read import STRAY_QUOTE, read_roster_sheets
from tests.helpers import DATA

HEADER = ["序号", "姓名", "身份证号码", "联系电话", "家庭住址", "用工单位", "健康码", "健康证明", "随行人员", "备注"]
SPACES = "".join(ch for ch in map(chr, range(0x3001)) if ch.isspace()) + "\u200b\u200c\u200d\u2060\ufeff"
# Pieces of hostile cells: quotes, delimiters, line ends of every kind, NUL, BOM, formulas, markup, bidi, emoji.
PIECES = ['"', "'", ",", ";", "\t", "\n", "\r", "\r\n", "\x00", "\ufeff", "\u3000", " ", "=", "+1", "-", "@", "马",
          "小军", "640422199001010011", "6.40422E+17", "139", "X", "é", "😀", "\u202e", "<b>", "&", "_x000D_", "\x85",
          "\u2028", "#N/A"]
SUPPRESS = [HealthCheck.function_scoped_fixture, HealthCheck.too_slow]


def fuzz(examples: int) -> settings:
    """A few hundred examples in all, no deadline (the first example pays for imports)."""
    return settings(max_examples=examples, deadline=None, suppress_health_check=SUPPRESS)


def _is_header_word(text: str) -> bool:
    return roster_read._FIELD_BY_KEY.get(roster_read._header_key(text)) is not None


CELL = st.one_of(st.lists(st.sampled_from(PIECES), max_size=4).map("".join),
                 st.text(max_size=8)).filter(lambda s: not _is_header_word(s))


def _blank(cells: list[str]) -> bool:
    return all(c.strip(SPACES) == "" for c in cells)


def _records(path: Path) -> tuple[list[tuple[str, int]], list[str]]:
    """(file, row) of every record the roster loader ends with (kept or rejected), and the reader's findings."""
    roster = load_roster([RosterSource(path, path.name)], (), gcj02=False)
    everyone = sorted([(w.source, w.row) for w in roster.workers] + [(r.file, r.row) for r in roster.rejected])
    assert roster.records == len(everyone) == sum(len(f.rows) for f in roster.files)
    return everyone, [p.problem for f in roster.files for p in f.problems]


@fuzz(150)
@given(rows=st.lists(st.lists(CELL, max_size=12), max_size=12), delimiter=st.sampled_from([",", ";", "\t"]),
       line_end=st.sampled_from(["\r\n", "\n"]), encoding=st.sampled_from(["utf-8", "utf-8-sig", "gb18030", "utf-16"]))
def test_csv_as_programs_write_it(tmp_path: Path, rows: list[list[str]], delimiter: str, line_end: str,
                                  encoding: str) -> None:
    """CSV from the csv module, any delimiter, line end and encoding: every non-blank record is one record at
    the line it starts on, and no cell is taken for a stray quote."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator=line_end)
    writer.writerow(HEADER)
    starts = []
    for cells in rows:
        starts.append(1 + len(re.findall(r"\r\n|\n", out.getvalue())))  # a lone \r ends no line here
        writer.writerow(cells)
    path = tmp_path / "r.csv"
    path.write_bytes(out.getvalue().encode(encoding))
    everyone, found = _records(path)
    assert everyone == [("r.csv", line) for line, cells in zip(starts, rows, strict=True) if not _blank(cells)]
    assert STRAY_QUOTE not in found


TYPED = st.lists(st.sampled_from([p for p in PIECES if p not in ('"', "\n", "\r", "\r\n")]), max_size=4).map("".join)
STRAY = st.tuples(st.just('"'), st.sampled_from(["马小军", "6404", "x", "王 强"]), TYPED).map("".join)


@fuzz(150)
@given(rows=st.lists(st.lists(st.one_of(TYPED, STRAY), max_size=12), max_size=12),
       delimiter=st.sampled_from([",", "\t"]), line_end=st.sampled_from(["\r\n", "\n", "\r"]),
       encoding=st.sampled_from(["gb18030", "utf-8"]))
def test_csv_as_people_type_it(tmp_path: Path, rows: list[list[str]], delimiter: str, line_end: str,
                               encoding: str) -> None:
    """Lines joined by hand, no quoting, names typed with a leading quote: every non-blank line is one record,
    and each stray quote is reported at its own line."""
    lines = [delimiter.join(HEADER), *(delimiter.join(cells) for cells in rows)]
    path = tmp_path / "r.csv"
    path.write_bytes((line_end.join(lines) + line_end).encode(encoding))
    everyone, found = _records(path)
    assert everyone == [("r.csv", n) for n, line in enumerate(lines[1:], start=2) if line.strip(SPACES + delimiter)]
    strays = sum(1 for line in lines[1:] if line.strip(SPACES + delimiter)
                 for cell in line.split(delimiter) if cell.startswith('"'))
    assert found.count(STRAY_QUOTE) == strays


XLSX_CELL = st.one_of(st.none(), CELL.map(lambda s: s.replace("\r", "").replace("\x00", "")),
                      st.integers(-10**18, 10**18), st.floats(allow_nan=False, allow_infinity=False), st.booleans(),
                      st.datetimes(dt.datetime(1900, 3, 1), dt.datetime(2100, 1, 1)))
SHEET = st.tuples(st.sampled_from(["roster", "titled", "notes"]),
                  st.lists(st.lists(XLSX_CELL, max_size=11), max_size=10))


@fuzz(60)
@given(sheets=st.lists(SHEET, min_size=1, max_size=3).filter(lambda s: any(kind != "notes" for kind, _ in s)))
def test_xlsx_as_programs_write_it(tmp_path: Path, sheets: list[tuple[str, list[list[object]]]]) -> None:
    """Workbooks of one to three sheets, rosters (some under a title) and notes, typed cells: every non-empty row
    of a roster sheet is one record, named by its sheet when there are several."""
    path = tmp_path / "r.xlsx"
    book = xlsxwriter.Workbook(path)
    date = book.add_format({"num_format": "yyyy-mm-dd"})
    expected: list[tuple[str, int]] = []
    rosters = sum(kind != "notes" for kind, _ in sheets)
    for k, (kind, rows) in enumerate(sheets):
        ws = book.add_worksheet(f"表{k}")
        first = 0
        if kind != "notes":
            first = 1 if kind == "titled" else 0
            if first:
                ws.write_string(0, 0, "返岗人员名单")
            ws.write_row(first, 0, HEADER)
        for r, cells in enumerate(rows, start=first + 1 if kind != "notes" else 0):
            for c, value in enumerate(cells):
                if isinstance(value, str):
                    ws.write_string(r, c, value)
                elif isinstance(value, dt.datetime):
                    ws.write_datetime(r, c, value, date)
                elif isinstance(value, bool):
                    ws.write_boolean(r, c, value)
                elif value is not None:
                    ws.write_number(r, c, value)
        if kind != "notes":
            label = f"r.xlsx [表{k}]" if rosters > 1 else "r.xlsx"
            expected += [(label, first + 2 + i) for i, cells in enumerate(rows)
                         if not _blank([v if isinstance(v, str) else "x" for v in cells if v is not None])]
    book.close()
    everyone, _ = _records(path)
    assert everyone == sorted(expected)


def _mutated(data: bytes, edits: list[tuple[int, int]], cut: int | None) -> bytes:
    out = bytearray(data)
    for at, value in edits:
        out[at % len(out)] = value
    return bytes(out[:cut] if cut is not None else out)


REAL = {name: (DATA / "roster_mixed_formats" / "roster" / name).read_bytes() for name in ("a.csv", "b.xls", "d.xlsm")}


@fuzz(120)
@given(name=st.sampled_from(sorted(REAL)), edits=st.lists(st.tuples(st.integers(0, 1 << 16), st.integers(0, 255)),
                                                        min_size=1, max_size=8),
       cut=st.one_of(st.none(), st.integers(0, 6000)))
def test_damaged_bytes_are_read_or_refused(tmp_path: Path, name: str, edits: list[tuple[int, int]],
                                           cut: int | None) -> None:
    """A real CSV, XLS or XLSM with bytes changed or cut: read (every record kept or rejected) or refused with a
    RosterFileError, never another error."""
    path = tmp_path / name
    path.write_bytes(_mutated(REAL[name], edits, cut))
    try:
        tables = read_roster_sheets(path)
    except RosterFileError as e:
        assert str(e).startswith(f"{name}: ")
        return
    assert all(r.file.startswith(name) for t in tables for r in t.rows)
    _records(path)


@pytest.mark.parametrize("name", sorted(REAL))
def test_the_real_files_read_whole(tmp_path: Path, name: str) -> None:
    """The unchanged files the damaged ones come from read whole (so a damaged one refused is the damage's doing)."""
    path = tmp_path / name
    path.write_bytes(REAL[name])
    everyone, found = _records(path)
    assert len(everyone) == {"a.csv": 10, "b.xls": 10, "d.xlsm": 5}[name] and found == []
