"""Read roster files as they arrive: XLSX or CSV, Chinese or English headers, titles above the header.

``read_roster`` turns a file into a ``RosterFile`` of ``RosterRow`` records of text keyed by the
canonical fields of ``routing.roster.model.FIELDS``; it judges no value (that is ``routing.roster.check``'s work),
it only finds the header, maps the columns, and keeps every non-empty row with the row number a
spreadsheet shows. Problems with the file as a whole raise ``RosterFileError``.

XLSX sheets are read by ``routing.roster.xlsx`` (streamed: about 3 s for 70,000 rows).
"""

from __future__ import annotations

import csv
import datetime as dt
import re
import warnings
from collections.abc import Callable, Generator, Iterable, Iterator
from contextlib import closing
from itertools import takewhile
from pathlib import Path
from typing import Any

from routing.errors import DamagedWorkbook, RosterFileError
from routing.roster.model import RosterFile, RosterRow
from routing.roster.xlsx import guarded, open_workbook
from routing.tables import DELIMITERS, csv_records, decode_text

__all__ = ["HEADERS", "RosterFileError", "read_roster"]


# Canonical field -> header spellings accepted for it. Matching ignores spaces, "_", "-", ".",
# case, full-width/half-width brackets with what they hold ("身份证号码（必填）"), and a leading
# "*" or trailing "*", ":" or "：".
HEADERS: dict[str, tuple[str, ...]] = {
    "id": ("id", "序号", "编号", "工号", "员工编号", "人员编号", "No.", "worker_id"),
    "name": ("name", "姓名", "员工姓名", "人员姓名", "名字"),
    "sex": ("sex", "gender", "性别"),
    "id_number": ("id_number", "身份证号", "身份证号码", "证件号码", "公民身份号码", "身份证", "证件号",
                  "身份证件号码", "id_card", "id_no"),
    "phone": ("phone", "mobile", "tel", "telephone", "手机号", "手机号码", "联系电话", "联系方式", "电话", "手机",
              "电话号码", "联系手机"),
    "address": ("address", "户籍地址", "家庭住址", "现住址", "详细地址", "住址", "地址", "家庭地址", "居住地址",
                "现居住地址"),
    "county": ("county", "县", "区县", "县区", "所在县区", "所在县", "区/县", "县/区", "县/市/区"),
    "township": ("township", "town", "乡镇", "镇", "乡/镇", "乡镇/街道", "街道", "所在乡镇"),
    "lat": ("lat", "latitude", "纬度"),
    "lon": ("lon", "lng", "long", "longitude", "经度"),
    "employer": ("employer", "company", "单位", "企业", "用工单位", "务工单位", "所在单位", "工作单位", "企业名称",
                 "单位名称", "用工企业", "返岗企业"),
    "health_code": ("health_code", "健康码", "健康码颜色", "健康码状态"),
    "health_cert": ("health_cert", "健康证明", "无外出证明", "健康证明/无外出证明"),
    "companions": ("companions", "随行人员", "随行家属", "随行人数", "随行人员数", "随行家属人数"),
    "companion_names": ("companion_names", "随行家属姓名", "随行人员姓名"),
}
REQUIRED = ("name", "id_number")
LABELS = {"name": "name (姓名)", "id_number": "ID-number (身份证号码)"}
HEADER_ROWS = 10  # the header must be within the first rows of a sheet or file

_SPACES = "".join(ch for ch in map(chr, range(0x3001)) if ch.isspace()) + "\u200b\u200c\u200d\u2060\ufeff"
_FULLWIDTH = {c: c - 0xFEE0 for c in (*range(0xFF10, 0xFF1A), *range(0xFF21, 0xFF3B), *range(0xFF41, 0xFF5B))}
_FULLWIDTH_RE = re.compile("[\uff10-\uff19\uff21-\uff3a\uff41-\uff5a]")
_BRACKETED = re.compile(r"[(（\[【〔［{｛][^)）\]】〕］}｝]*[)）\]】〕］}｝]")
_HEADER_JUNK = re.compile(rf"[{_SPACES}_\-.]+")
_SCIENTIFIC = re.compile(r"[+-]?(\d+\.?\d*|\.\d+)[eE][+-]?\d+")
_NO_COMPANIONS = frozenset({"无", "没有", "否", "暂无", "无随行", "none", "no", "-", "—", "/", "／"})


def _clean(text: str) -> str:
    """Strip spaces (full-width and non-breaking too) and zero-width marks; full-width digits and letters to ASCII."""
    text = text.strip()
    if text and not text.isascii():
        text = text.strip(_SPACES)
        if _FULLWIDTH_RE.search(text):
            text = text.translate(_FULLWIDTH)
    return text


def _header_key(text: str) -> str:
    """The form of a header that matching compares: no spaces, brackets, marks or case."""
    key = _BRACKETED.sub("", _clean(text).translate(_FULLWIDTH))
    key = _HEADER_JUNK.sub("", key).lower()
    return key.lstrip("*").rstrip("*:：")


_FIELD_BY_KEY: dict[str, str] = {_header_key(s): f for f, spellings in HEADERS.items() for s in spellings}


def _header_text(value: object) -> str:
    """A header cell as written, stripped (full-width letters kept, for messages)."""
    if isinstance(value, str):
        return value.strip().strip(_SPACES)
    return _cell_text(value)[0]


def _cell_text(value: object) -> tuple[str, bool]:
    """A cell value as (text, held a number). Integral floats keep the digits the float holds."""
    if value is None:
        return "", False
    if isinstance(value, str):
        return _clean(value), False
    if isinstance(value, bool):
        return ("TRUE" if value else "FALSE"), False
    if isinstance(value, int):
        return str(value), True
    if isinstance(value, float):
        if value.is_integer():
            return str(int(value)), True
        return format(value, ".15g"), True
    if isinstance(value, dt.datetime):
        if value.time() == dt.time(0):
            return value.date().isoformat(), False
        return value.isoformat(sep=" ", timespec="seconds"), False
    if isinstance(value, (dt.date, dt.time)):
        return value.isoformat(), False
    return _clean(str(value)), False


def _csv_text(value: str) -> tuple[str, bool]:
    """A CSV cell as (text, looks like a number Excel wrote in scientific notation)."""
    text = _clean(value)
    return text, ("e" in text or "E" in text) and _SCIENTIFIC.fullmatch(text) is not None


class _Header:
    """A header row: which column holds which field, and the headers left aside."""

    def __init__(self, row: int, cells: Iterable[str]) -> None:
        self.row = row
        self.fields: dict[str, int] = {}  # canonical field -> 0-based column
        self.written: dict[str, str] = {}  # canonical field -> header as written
        self.ignored: list[str] = []
        for col, text in enumerate(cells):
            if not text:
                continue
            field = _FIELD_BY_KEY.get(_header_key(text))
            if field is None or field in self.fields:
                self.ignored.append(text)
            else:
                self.fields[field] = col
                self.written[field] = text

    def usable(self) -> bool:
        """At least two known columns, one of them the name or the ID number."""
        return len(self.fields) >= 2 and any(f in self.fields for f in REQUIRED)

    def missing(self) -> list[str]:
        return [f for f in REQUIRED if f not in self.fields]


def _find_header(rows: Iterable[tuple[int, list[str]]]) -> _Header | None:
    """The first usable header among ``rows`` (row number, cell texts)."""
    for number, cells in rows:
        header = _Header(number, cells)
        if header.usable():
            return header
    return None


def _companion_names(values: dict[str, str], columns: dict[str, str]) -> None:
    """Move names written in the companions column to ``companion_names``.

    A companions cell holding names ("马小红、马小明": no digit, not a word for none such as 无) goes
    to ``companion_names`` when that field is empty, and ``companions`` is left empty (the checker
    counts the names). Counts ("2", also loosely written ones like "2人") and words for none stay
    in ``companions`` for the checker to judge.
    """
    text = values.get("companions", "")
    if (not text or text.isdigit() or values.get("companion_names") or text.lower() in _NO_COMPANIONS
            or any(ch.isdigit() for ch in text) or not any(ch.isalpha() for ch in text)):
        return
    values["companion_names"] = text
    values["companions"] = ""
    columns["companion_names"] = columns["companions"]


def _records(name: str, encoding: str, header: _Header, rows: Iterator[tuple[int, list[Any]]],
             cell: Callable[[Any], tuple[str, bool]]) -> RosterFile:
    """Turn the rows under ``header`` into a RosterFile; empty rows between records are listed."""
    fields = sorted(header.fields.items(), key=lambda item: item[1])
    records: list[RosterRow] = []
    empty: list[int] = []
    pending: list[int] = []  # empty rows not yet followed by a record (trailing ones are dropped)
    for number, cells in rows:
        if number <= header.row:
            continue
        width = len(cells)
        values: dict[str, str] = {}
        numeric: list[str] = []
        for field, col in fields:
            text, is_number = cell(cells[col]) if col < width else ("", False)
            values[field] = text
            if is_number:
                numeric.append(field)
        if not any(values.values()) and not any(cell(v)[0] for v in cells):
            pending.append(number)
            continue
        empty.extend(pending)
        pending.clear()
        columns = dict(header.written)
        if "companions" in values:
            _companion_names(values, columns)
        records.append(RosterRow(file=name, row=number, values=values, numeric=frozenset(numeric),
                                 columns=columns))
    return RosterFile(file=name, encoding=encoding, header_row=header.row,
                      columns={text: field for field, text in header.written.items()},
                      ignored=tuple(header.ignored), rows=tuple(records), empty_rows=tuple(empty))


def read_roster(path: Path, name: str | None = None) -> RosterFile:
    """Read a roster file (``.xlsx``/``.xlsm`` or ``.csv``) into text records keyed by canonical field.

    Parameters
    ----------
    path
        The file. CSV may be UTF-8 (with or without a BOM), UTF-16 with a BOM, or GB18030/GBK; the
        delimiter is a comma, a semicolon or a tab. In a workbook, the first sheet with a header
        whose columns include a name and an ID number is read (else the first with any header).
    name
        How to call the file in messages and records; default ``path.name``.

    Returns
    -------
    RosterFile
        The header is the first row of the first 10 holding at least two known column names
        (``HEADERS``), the name or the ID number among them; rows above it (titles) are skipped.
        A field whose column appears twice is read from the first; the second is listed in
        ``ignored`` like unknown headers. Values are stripped text with full-width digits and
        letters made ASCII; a number cell becomes its digits (an ID typed as a number keeps the
        digits the file holds, already wrong after the 15th) and its field is listed in
        ``numeric``, as is a CSV value in scientific notation ("6.40422E+17"). Names in the
        companions column ("马小红、马小明") move to ``companion_names``, ``companions`` left empty.
        Empty rows between records are listed in ``empty_rows``; empty rows after the last
        record are dropped.

    Raises
    ------
    RosterFileError
        The file cannot be read, is not XLSX or CSV, is encrypted or damaged, is text in an
        unknown encoding, has no header, or has no name or no ID-number column.
    """
    name = name or path.name
    try:
        with open(path, "rb") as f:
            magic = f.read(8)
    except OSError as e:
        raise RosterFileError(f"{name}: cannot be read ({e.strerror or e}); check that the file exists "
                              "and that you may read it.") from e
    suffix = path.suffix.lower()
    if magic.startswith(b"\xd0\xcf\x11\xe0"):
        if _encrypted(path):
            raise RosterFileError(f"{name}: is protected by a password; open it in Excel or WPS, remove the "
                                  "password (文件 → 信息 → 保护工作簿) and save it again as .xlsx.")
        raise RosterFileError(f"{name}: is an old Excel .xls workbook; open it in Excel or WPS and save it as "
                              ".xlsx (Excel 工作簿) or as CSV.")
    if suffix in (".xlsx", ".xlsm"):
        return _read_xlsx(path, name)
    if suffix == ".csv":
        if magic.startswith(b"PK\x03\x04"):
            raise RosterFileError(f"{name}: is an Excel workbook with a .csv name; rename it to .xlsx.")
        return _read_csv(path, name)
    raise RosterFileError(f"{name}: a roster must be an .xlsx workbook or a .csv file, not "
                          f"{suffix or 'a file without an extension'}; save it from Excel or WPS as .xlsx or CSV.")


def _encrypted(path: Path) -> bool:
    """An OLE file holding an encrypted OOXML package (a password-protected .xlsx)."""
    return "EncryptionInfo".encode("utf-16-le") in path.read_bytes()[:1 << 20]


# --- CSV -------------------------------------------------------------------------------------

def _decode(data: bytes, name: str) -> tuple[str, str]:
    """The text of a CSV and the encoding it was read with."""
    decoded = decode_text(data)
    if decoded is None:
        raise RosterFileError(f"{name}: is not text in UTF-8, GB18030/GBK or UTF-16; save it from Excel as "
                              "\"CSV UTF-8（逗号分隔）\" or as .xlsx.")
    return decoded


def _read_csv(path: Path, name: str) -> RosterFile:
    text, encoding = _decode(path.read_bytes(), name)
    best: tuple[_Header, str] | None = None
    try:
        for delimiter in DELIMITERS:
            head = [(n, [_header_text(c) for c in cells])
                    for n, cells in takewhile(lambda r: r[0] <= HEADER_ROWS, csv_records(text, delimiter))]
            header = _find_header(head)
            if header is not None and (best is None or len(header.fields) > len(best[0].fields)):
                best = (header, delimiter)
        if best is None:
            raise RosterFileError(_no_header(name))
        header, delimiter = best
        _check_required(name, header)
        return _records(name, encoding, header, csv_records(text, delimiter), _csv_text)
    except csv.Error as e:
        raise RosterFileError(f"{name}: cannot be read as CSV ({e}); check for a quote (\") that is never "
                              "closed, or save the file again from Excel.") from e


# --- XLSX ------------------------------------------------------------------------------------

def _read_xlsx(path: Path, name: str) -> RosterFile:
    damaged = (f"{name}: cannot be read as an Excel workbook: it is damaged, or not an .xlsx inside (a CSV or "
               "HTML file renamed?); open it in Excel or WPS and save it again as .xlsx.")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # openpyxl warns about styles and extensions it does not read
        try:
            book = open_workbook(path)
        except DamagedWorkbook as e:
            raise RosterFileError(damaged) from e
        try:
            chosen: tuple[int, _Header] | None = None
            for index in range(len(book.titles)):
                with closing(_guarded(book.rows(index), damaged)) as rows:
                    head = [(n, [_header_text(v) for v in cells])
                            for n, cells in takewhile(lambda r: r[0] <= HEADER_ROWS, rows)]
                header = _find_header(head)
                if header is not None and (chosen is None or (chosen[1].missing() and not header.missing())):
                    chosen = (index, header)
            if chosen is None:
                raise RosterFileError(_no_header(name, book.titles))
            index, header = chosen
            _check_required(name, header)
            with closing(_guarded(book.rows(index), damaged)) as rows:
                return _records(name, "xlsx", header, rows, _cell_text)
        finally:
            book.close()


def _guarded(rows: Iterator[tuple[int, list[Any]]], damaged: str) -> Generator[tuple[int, list[Any]], None, None]:
    """``rows``, with an error of a damaged sheet as RosterFileError."""
    try:
        yield from guarded(rows)
    except DamagedWorkbook as e:
        raise RosterFileError(damaged) from e


def _no_header(name: str, sheets: list[str] | None = None) -> str:
    where = f"the first {HEADER_ROWS} rows"
    if sheets is not None:
        where += " of " + (f"sheet {sheets[0]!r}" if len(sheets) == 1 else f"any of its {len(sheets)} sheets")
    return (f"{name}: no header row found in {where}; put the column names in one row above the records, "
            "with at least the name (姓名) or the ID number (身份证号码) and one more known column such as "
            "联系电话.")


def _check_required(name: str, header: _Header) -> None:
    missing = header.missing()
    if missing:
        wants = "; ".join(f"for the {LABELS[f]}: {', '.join(HEADERS[f])}" for f in missing)
        raise RosterFileError(f"{name}: the header (row {header.row}) has no {' or '.join(LABELS[f] for f in missing)} "
                              f"column; name the column with one of the accepted headers ({wants}).")
