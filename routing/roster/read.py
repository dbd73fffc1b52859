"""Read roster files as they arrive: XLSX, XLSM, XLS or CSV text, Chinese or English headers, titles above the header.

``read_roster_sheets`` turns a file into ``RosterFile`` tables (one per roster sheet) of ``RosterRow``
records of text keyed by the canonical fields of ``routing.roster.model.FIELDS``; it judges no value
(that is ``routing.roster.check``'s work), it only finds the header, maps the columns, and keeps every
non-empty row with the row number a spreadsheet shows. Problems with the file as a whole raise
``RosterFileError``; ``read_roster`` gives a file as one table.

Workbook sheets are read by ``routing.roster.xlsx`` (XLSX streamed: about 3 s for 70,000 rows; XLS by
python-calamine); CSV text is split by ``routing.tables.split_records``.
"""

from __future__ import annotations

import datetime as dt
import re
import stat
import warnings
from collections.abc import Callable, Generator, Iterable, Iterator, Sequence
from contextlib import closing
from dataclasses import replace
from itertools import takewhile
from pathlib import Path
from typing import Any, Protocol

from routing.errors import DamagedWorkbook, RosterFileError
from routing.model import REJECT, WARN, RecordProblem
from routing.roster.model import (
    FIELDS,
    MAX_FILE_BYTES,
    MAX_RECORDS,
    ROSTER_SUFFIXES,
    TEXT_SUFFIXES,
    RosterFile,
    RosterRow,
)
from routing.roster.xlsx import CalamineWorkbook, guarded, open_workbook
from routing.tables import DELIMITERS, decode_text, split_records

__all__ = ["HEADERS", "RosterFileError", "read_roster", "read_roster_sheets"]


# Canonical field -> header spellings accepted for it. Matching ignores spaces, "_", "-", ".",
# case, full-width/half-width brackets with what they hold ("身份证号码（必填）"), quotes around it,
# and a leading "*" or trailing "*", ":" or "：".
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
    # a header naming its coordinate system (lat_wgs84, 纬度(GCJ-02)) overrides the scenario's coord_system
    "lat": ("lat", "latitude", "纬度", "lat_wgs84", "lat_gcj02", "latitude_wgs84", "latitude_gcj02", "纬度WGS84",
            "纬度GCJ02"),
    "lon": ("lon", "lng", "long", "longitude", "经度", "lon_wgs84", "lon_gcj02", "lng_wgs84", "lng_gcj02",
            "longitude_wgs84", "longitude_gcj02", "经度WGS84", "经度GCJ02"),
    "employer": ("employer", "company", "单位", "企业", "用工单位", "务工单位", "所在单位", "工作单位", "企业名称",
                 "单位名称", "用工企业", "返岗企业"),
    "health_code": ("health_code", "健康码", "健康码颜色", "健康码状态"),
    "health_cert": ("health_cert", "健康证明", "无外出证明", "健康证明/无外出证明", "15天无外出证明", "14天无外出证明",
                    "居家观察证明", "健康状况证明", "村委会证明", "健康通行卡", "通行卡"),
    "companions": ("companions", "随行人员", "随行家属", "随行人数", "随行人员数", "随行家属人数", "随行人员人数"),
    "companion_names": ("companion_names", "随行家属姓名", "随行人员姓名"),
}
# The companions' own data, a list in one cell separated as companion_names is, in the same order; read as soon as
# routing.roster.model.FIELDS (and CleanRecord) carry these fields.
COMPANION_HEADERS: dict[str, tuple[str, ...]] = {
    "companion_id_numbers": ("companion_id_numbers", "随行人员身份证号", "随行人员身份证号码", "随行家属身份证号",
                             "随行家属身份证号码", "随行人员证件号码", "随行家属证件号码"),
    "companion_phones": ("companion_phones", "随行人员电话", "随行人员手机号", "随行人员手机号码", "随行人员联系电话",
                         "随行家属电话", "随行家属手机号", "随行家属手机号码", "随行家属联系电话"),
    "companion_health_codes": ("companion_health_codes", "随行人员健康码", "随行家属健康码"),
    "companion_health_certs": ("companion_health_certs", "随行人员无外出证明", "随行人员健康证明", "随行人员健康通行卡",
                               "随行家属无外出证明", "随行家属健康证明", "随行家属健康通行卡"),
}
HEADERS.update({f: spellings for f, spellings in COMPANION_HEADERS.items() if f in FIELDS})
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
    key = _HEADER_JUNK.sub("", key).lower().strip("\"'“”‘’")
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
    """A header row (or two): which column holds which field, and the headers left aside."""

    def __init__(self, row: int, cells: Iterable[str], labels: Sequence[str] | None = None) -> None:
        self.row = row  # the (last) header row: records start below it
        self.cells = list(cells)
        self.labels = list(labels) if labels is not None else self.cells
        self.fields: dict[str, int] = {}  # canonical field -> 0-based column
        self.written: dict[str, str] = {}  # canonical field -> header as written
        self.ignored: list[str] = []
        for col, text in enumerate(self.cells):
            if not text:
                continue
            label = self.labels[col] if col < len(self.labels) else text
            field = _FIELD_BY_KEY.get(_header_key(text))
            if field is None or field in self.fields:
                self.ignored.append(label)
            else:
                self.fields[field] = col
                self.written[field] = label

    def usable(self) -> bool:
        """At least two known columns, one of them the name or the ID number."""
        return len(self.fields) >= 2 and any(f in self.fields for f in REQUIRED)

    def missing(self) -> list[str]:
        return [f for f in REQUIRED if f not in self.fields]

    def label(self, col: int) -> str:
        """The header of a column as written ("" when it has none)."""
        return self.labels[col] if col < len(self.labels) else ""


# A group header over columns (merged cells) naming someone other than the worker: its sub-headers are not
# the worker's (紧急联系人 over 姓名 and 电话).
_OTHER_PERSON = ("紧急", "家属", "随行", "联系人", "监护", "亲属", "配偶", "父", "母", "子女", "担保")


def _field_of(text: str) -> str | None:
    return _FIELD_BY_KEY.get(_header_key(text)) if text else None


def _merge_rows(top: list[str], bottom: list[str]) -> tuple[list[str], list[str], list[str]]:
    """A header written over two rows, as one: (texts to match, labels as written, group) per column.

    Where the lower row is empty the upper cell is the header (merged down over both rows); the
    lower cells under a group (an upper cell with empty cells to its right, as a merged cell leaves
    them: 联系方式 over 手机 and 电话) are the headers, labelled ``联系方式/手机``. A group and its
    sub-header may make one known header (随行家属 + 姓名); a group naming another person (紧急联系人)
    makes its sub-headers unknown ones.
    """
    texts: list[str] = []
    labels: list[str] = []
    groups: list[str] = []
    group = ""
    for c in range(max(len(top), len(bottom))):
        upper = top[c] if c < len(top) else ""
        lower = bottom[c] if c < len(bottom) else ""
        if not lower:
            group = ""
            texts.append(upper)
            labels.append(upper)
            groups.append("")
            continue
        group = upper or group
        groups.append(group)
        if not group:
            texts.append(lower)
            labels.append(lower)
            continue
        joined = group + lower
        other = _field_of(joined) is None and any(m in group for m in _OTHER_PERSON)
        texts.append(joined if _field_of(joined) or other else lower)
        labels.append(f"{group}/{lower}")
    return texts, labels, groups


def _sub_header(header: _Header, cells: list[str]) -> bool:
    """Whether ``cells``, the row under ``header``, is its second row (手机 | 电话 under a merged 联系方式).

    It is when it holds nothing under the name and ID-number columns (a record would), at least one
    known header (alone, or making one with its group that the group alone is not), no digits but in
    known headers, and either a cell under an empty header cell (the rest of a merged group) or two
    known headers.
    """
    filled = [c for c, text in enumerate(cells) if text]
    if not filled:
        return False
    for f in REQUIRED:
        col = header.fields.get(f)
        if col is not None and col < len(cells) and cells[col]:
            return False
    _, _, groups = _merge_rows(header.cells, cells)

    def known(c: int) -> bool:
        alone = _field_of(cells[c])
        joined = _field_of(groups[c] + cells[c]) if groups[c] and _header_key(cells[c]) else None
        return alone is not None or (joined is not None and joined != _field_of(groups[c]))

    named = {c for c in filled if known(c)}
    if not named or any(ch.isdigit() for c in filled if c not in named for ch in cells[c]):
        return False
    return len(named) >= 2 or any(c >= len(header.cells) or not header.cells[c] for c in filled)


def _group_row(cells: list[str], header: _Header) -> bool:
    """Whether ``cells``, the row above ``header``, is its first row: known headers over its empty cells
    (merged down, as 序号 and 地址 over 基本信息/姓名), anything else only over its filled ones (groups)."""
    pulled = False
    for c, text in enumerate(cells):
        if text and not (c < len(header.cells) and header.cells[c]):
            if _field_of(text) is None:
                return False  # a title or a note beside the header
            pulled = True
    return pulled


def _find_header(rows: Iterable[tuple[int, list[str]]]) -> _Header | None:
    """The first usable header among ``rows`` (row number, cell texts), in one row or over two."""
    head = list(rows)
    for k, (number, cells) in enumerate(head):
        if number > HEADER_ROWS:
            break
        header = _Header(number, cells)
        if not header.usable():
            continue
        if k > 0 and head[k - 1][0] == number - 1 and _group_row(head[k - 1][1], header):
            texts, labels, _ = _merge_rows(head[k - 1][1], cells)
            return _Header(number, texts, labels)
        if k + 1 < len(head) and head[k + 1][0] == number + 1 and _sub_header(header, head[k + 1][1]):
            texts, labels, _ = _merge_rows(cells, head[k + 1][1])
            merged = _Header(number + 1, texts, labels)
            if merged.usable() and len(merged.missing()) <= len(header.missing()):
                return merged
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
             cell: Callable[[Any], tuple[str, bool]], sheet: str = "") -> RosterFile:
    """Turn the rows under ``header`` into a RosterFile; empty rows between records are listed.

    Raises
    ------
    RosterFileError
        When there are more than ``MAX_RECORDS`` records.
    """
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
        if len(records) == MAX_RECORDS:
            raise RosterFileError(_too_many(name))
        columns = dict(header.written)
        if "companions" in values:
            _companion_names(values, columns)
        records.append(RosterRow(file=name, row=number, values=values, numeric=frozenset(numeric),
                                 columns=columns))
    return RosterFile(file=name, encoding=encoding, header_row=header.row,
                      columns={text: field for field, text in header.written.items()},
                      ignored=tuple(header.ignored), rows=tuple(records), empty_rows=tuple(empty), sheet=sheet)


def _too_many(name: str) -> str:
    return (f"{name}: holds more than {MAX_RECORDS:,} records, more than a roster file may hold; split it into "
            "files (or sheets) of fewer records.")


def read_roster_sheets(path: Path, name: str | None = None) -> tuple[RosterFile, ...]:
    """Read a roster file into text records keyed by canonical field: one ``RosterFile`` per roster table.

    Parameters
    ----------
    path
        The file: an Excel workbook (``.xlsx``, ``.xlsm``; ``.xls`` read by python-calamine) or CSV
        text (``.csv``, ``.txt``, ``.tsv``). What the file holds decides how it is read, not its
        name: an old .xls workbook saved under another name is read as one, a tab-separated text
        exported as ``.xls`` as text. CSV may be UTF-8 (with or without a BOM), UTF-16 (Excel's
        "Unicode text"), or GB18030/GBK; the delimiter is a comma, a semicolon or a tab.
    name
        How to call the file in messages and records; default ``path.name``.

    Returns
    -------
    tuple of RosterFile
        One for CSV text; one per sheet of a workbook whose header has a name and an ID-number
        column (every such sheet is read; when there are several, each is called
        ``<name> [<sheet>]``). Sheets not read that hold anything are named in a problem of the
        first (row 0): a sheet with a usable header but no name or ID-number column as ``reject``
        (its records are not planned), one without a header as ``warn``.

        The header is the first row of the first 10 holding at least two known column names
        (``HEADERS``), the name or the ID number among them; rows above it (titles) are skipped. A
        header may take two rows: a merged group over sub-headers (联系方式 over 手机 and 电话), or
        columns merged down beside them. A field whose column appears twice is read from the first;
        the second is listed in ``ignored`` like unknown headers. Values are stripped text with
        full-width digits and letters made ASCII; a number cell becomes its digits (an ID typed as a
        number keeps the digits the file holds, already wrong after the 15th) and its field is listed
        in ``numeric``, as is a CSV value in scientific notation ("6.40422E+17"). Names in the
        companions column ("马小红、马小明") move to ``companion_names``, ``companions`` left empty.
        Empty rows between records are listed in ``empty_rows``; empty rows after the last record
        are dropped. A CSV cell opened by a stray quote is read on its own row as it stands, and
        reported (``warn``).

    Raises
    ------
    RosterFileError
        The file cannot be read, is not a workbook or CSV text, is encrypted or damaged, is text in
        an unknown encoding, has no header, has no name or no ID-number column, holds more than
        ``MAX_RECORDS`` records or more than ``MAX_FILE_BYTES`` bytes.
    """
    name = name or path.name
    try:
        st = path.stat()
        if not stat.S_ISREG(st.st_mode):
            raise RosterFileError(f"{name}: is not a file (a folder, a device or a pipe); name the roster files it "
                                  "stands for instead.")
        size = st.st_size
        with open(path, "rb") as f:
            magic = f.read(8)
    except OSError as e:
        raise RosterFileError(f"{name}: cannot be read ({e.strerror or e}); check that the file exists "
                              "and that you may read it.") from e
    suffix = path.suffix.lower()
    if suffix not in ROSTER_SUFFIXES:
        raise RosterFileError(
            f"{name}: is not read: a roster must be an Excel workbook (.xlsx, .xlsm, .xls) or CSV text (.csv, .txt, "
            f".tsv), not {suffix or 'a file without an extension'}; save it from Excel or WPS as .xlsx or CSV, or, if "
            "it holds no workers, take it out of the roster folder (or out of 'workers:' in scenario.yaml).")
    if size > MAX_FILE_BYTES:
        raise RosterFileError(f"{name}: is {size / 2**20:,.1f} MB, more than the {MAX_FILE_BYTES / 2**20:,.0f} MB a "
                              "roster file may have; split it into smaller files.")
    if magic.startswith(b"\xd0\xcf\x11\xe0"):
        if _encrypted(path):
            raise RosterFileError(_PASSWORD.format(name=name))
        return _read_xls(path, name)
    if magic.startswith(b"PK\x03\x04"):
        if suffix in TEXT_SUFFIXES:
            raise RosterFileError(f"{name}: is an Excel workbook with a {suffix} name; rename it to .xlsx.")
        return _read_xlsx(path, name)
    if suffix in (".xlsx", ".xlsm"):
        return _read_xlsx(path, name)
    data = path.read_bytes()
    if suffix == ".xls":
        decoded = decode_text(data)
        if decoded is None:
            raise RosterFileError(_DAMAGED_XLS.format(name=name))
        if decoded[0].lstrip(_SPACES).startswith("<"):
            raise RosterFileError(f"{name}: is a web page (HTML) or XML with an .xls name, not an Excel workbook; "
                                  "open it in Excel or WPS and save it as .xlsx (Excel 工作簿) or as CSV.")
    return (_read_csv(data, name),)


def read_roster(path: Path, name: str | None = None) -> RosterFile:
    """Read a roster file as one table (``read_roster_sheets``; see there for what is read and raised).

    A workbook with several roster sheets gives their records together, each record naming its
    sheet (``<name> [<sheet>]``); header and columns are the first sheet's, the columns and
    ignored headers of all; its empty rows are left out (``read_roster_sheets`` has each sheet's).
    """
    tables = read_roster_sheets(path, name)
    if len(tables) == 1:
        return tables[0]
    first = tables[0]
    columns: dict[str, str] = {}
    for t in tables:
        columns.update({k: v for k, v in t.columns.items() if k not in columns})
    return RosterFile(file=name or path.name, encoding=first.encoding, header_row=first.header_row, columns=columns,
                      ignored=tuple(dict.fromkeys(h for t in tables for h in t.ignored)),
                      rows=tuple(r for t in tables for r in t.rows), problems=tuple(p for t in tables for p in t.problems))


_PASSWORD = ("{name}: is protected by a password; open it in Excel or WPS, remove the password "
             "(文件 → 信息 → 保护工作簿) and save it again as .xlsx.")
_DAMAGED_XLS = ("{name}: cannot be read as an old Excel .xls workbook: it is damaged, or not a workbook inside; open it "
                "in Excel or WPS and save it as .xlsx (Excel 工作簿) or as CSV.")


def _encrypted(path: Path) -> bool:
    """An OLE file holding an encrypted OOXML package (a password-protected .xlsx)."""
    with open(path, "rb") as f:
        return "EncryptionInfo".encode("utf-16-le") in f.read(1 << 20)


# --- CSV -------------------------------------------------------------------------------------

STRAY_QUOTE = ('a quote (") opens this cell but nothing closes it where the cell ends, so it would have swallowed '
               "the rows after it; the row is read as it stands, the quote kept as a character")
STRAY_QUOTE_FIX = "check this row's values; delete the stray quote in the file (or close it)"


def _decode(data: bytes, name: str) -> tuple[str, str]:
    """The text of a CSV and the encoding it was read with."""
    decoded = decode_text(data)
    if decoded is None:
        raise RosterFileError(f"{name}: is not text in UTF-8, GB18030/GBK or UTF-16; save it from Excel as "
                              "\"CSV UTF-8（逗号分隔）\" or as .xlsx.")
    return decoded


def _read_csv(data: bytes, name: str) -> RosterFile:
    text, encoding = _decode(data, name)
    best: tuple[_Header, str] | None = None
    for delimiter in DELIMITERS:
        head = [(r.line, [_header_text(c) for c in r.cells])
                for r in takewhile(lambda r: r.line <= HEADER_ROWS + 1, split_records(text, delimiter))]
        header = _find_header(head)
        if header is not None and (best is None or len(header.fields) > len(best[0].fields)):
            best = (header, delimiter)
    if best is None:
        raise RosterFileError(_no_header(name))
    header, delimiter = best
    _check_required(name, header)
    stray_cells: list[tuple[int, int, str]] = []

    def tracked() -> Iterator[tuple[int, list[str]]]:
        for r in split_records(text, delimiter):
            if r.stray and r.line > header.row:
                stray_cells.extend((r.line, c, r.cells[c]) for c in r.stray)
            yield r.line, r.cells

    table = _records(name, encoding, header, tracked(), _csv_text)
    problems = tuple(RecordProblem(name, line, header.label(col), _shown(value), STRAY_QUOTE, STRAY_QUOTE_FIX, WARN)
                     for line, col, value in stray_cells)
    return replace(table, problems=problems) if problems else table


def _shown(value: str, limit: int = 60) -> str:
    """A value for a message: stripped, at most ``limit`` characters."""
    value = _clean(value)
    return value if len(value) <= limit else value[:limit] + "…"


# --- workbooks -------------------------------------------------------------------------------

def _read_xlsx(path: Path, name: str) -> tuple[RosterFile, ...]:
    damaged = (f"{name}: cannot be read as an Excel workbook: it is damaged, or not an .xlsx inside (a CSV or "
               "HTML file renamed?); open it in Excel or WPS and save it again as .xlsx.")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # openpyxl warns about styles and extensions it does not read
        try:
            book = open_workbook(path)
        except DamagedWorkbook as e:
            raise RosterFileError(damaged) from e
        try:
            return _read_book(book, name, "xlsx", damaged)
        finally:
            book.close()


def _read_xls(path: Path, name: str) -> tuple[RosterFile, ...]:
    damaged = _DAMAGED_XLS.format(name=name)
    try:
        book = CalamineWorkbook(path)
    except ImportError as e:
        raise RosterFileError(f"{name}: is an old Excel .xls workbook, and python-calamine, which reads those, is not "
                              "installed (pip install python-calamine); or open it in Excel or WPS and save it as "
                              ".xlsx (Excel 工作簿) or as CSV.") from e
    except PermissionError as e:
        raise RosterFileError(_PASSWORD.format(name=name)) from e
    except DamagedWorkbook as e:
        raise RosterFileError(damaged) from e
    try:
        return _read_book(book, name, "xls", damaged)
    finally:
        book.close()


class _Book(Protocol):
    titles: list[str]

    def rows(self, index: int) -> Iterator[tuple[int, list[Any]]]: ...


def _read_book(book: _Book, name: str, encoding: str, damaged: str) -> tuple[RosterFile, ...]:
    """Every sheet of ``book`` whose header has a name and an ID-number column; the others named in a problem."""
    headers: list[_Header | None] = []
    for index in range(len(book.titles)):
        with closing(_guarded(book.rows(index), damaged)) as rows:
            head = [(n, [_header_text(v) for v in cells])
                    for n, cells in takewhile(lambda r: r[0] <= HEADER_ROWS + 1, rows)]
        headers.append(_find_header(head))
    read = [i for i, h in enumerate(headers) if h is not None and not h.missing()]
    if not read:
        usable = [h for h in headers if h is not None]
        if not usable:
            raise RosterFileError(_no_header(name, book.titles))
        _check_required(name, usable[0])
    several = len(read) > 1
    tables: list[RosterFile] = []
    total = 0
    for index in read:
        header = headers[index]
        assert header is not None
        title = book.titles[index]
        with closing(_guarded(book.rows(index), damaged)) as rows:
            table = _records(f"{name} [{title}]" if several else name, encoding, header, rows, _cell_text, title)
        total += len(table.rows)
        if total > MAX_RECORDS:
            raise RosterFileError(_too_many(name))
        tables.append(table)
    left = [_sheet_left(book, index, headers[index], name, damaged)
            for index in range(len(book.titles)) if index not in read]
    problems = tuple(p for p in left if p is not None)
    if problems:
        tables[0] = replace(tables[0], problems=problems + tables[0].problems)
    return tuple(tables)


def _sheet_left(book: _Book, index: int, header: _Header | None, name: str, damaged: str) -> RecordProblem | None:
    """The problem saying why a sheet holding anything is not read (None for an empty sheet)."""
    with closing(_guarded(book.rows(index), damaged)) as rows:
        filled = [n for n, cells in rows if any(_cell_text(v)[0] for v in cells)
                  and (header is None or n > header.row)]
    title = book.titles[index]
    if header is None:
        if not filled:
            return None
        return RecordProblem(name, 0, "", title, f"sheet {title!r} is not read: it has no header row (a name (姓名) or "
                             f"ID-number (身份证号码) column and one more known column) in its first {HEADER_ROWS} rows; "
                             f"it holds {len(filled)} non-empty rows",
                             "nothing to do if it holds no workers (notes, lists); else give it a header row like the "
                             "roster sheet's", WARN)
    missing = " or ".join(LABELS[f] for f in header.missing())
    return RecordProblem(name, 0, "", title, f"sheet {title!r} is not read: its header (row {header.row}) has no "
                         f"{missing} column; its {len(filled)} records are not planned",
                         f"add the {missing} column to the sheet, or move its records to a roster sheet", REJECT)


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
