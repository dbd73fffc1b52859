"""The rows of a workbook's sheets: XLSX/XLSM as openpyxl's read-only reader would give them, fast; XLS by calamine.

openpyxl reads the package, the workbook and the styles; the shared strings and the sheets are
streamed with expat and every cell typed as openpyxl's read-only reader types it (cached formula
values; a formula without one gives its text, ``=A1+1``, so that its row is not taken for empty):
openpyxl's own reader takes 7-13 s for 70,000 rows, this one ~3 s. When openpyxl's internals are
not what this module expects, ``openpyxl.load_workbook`` reads instead. Old Excel ``.xls``
workbooks (BIFF in an OLE file) are read by python-calamine (``CalamineWorkbook``).
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from collections.abc import Callable, Generator, Iterator
from pathlib import Path
from typing import Any
from xml.parsers import expat

from routing.errors import DamagedWorkbook


class _CannotStream(Exception):
    """The workbook cannot be opened the streamed way (damaged, or openpyxl internals have changed)."""


OPENPYXL_SUFFIXES = (".xlsx", ".xlsm", ".xltx", ".xltm")  # openpyxl opens a path only with these names


def open_workbook(path: Path) -> StreamedWorkbook | OpenpyxlWorkbook:
    """The XLSX/XLSM workbook, streamed when openpyxl's parts can be used so, else through openpyxl's reader.

    A package under another name (an .xlsx saved as ``.xls``) is opened from its bytes.

    Raises
    ------
    DamagedWorkbook
        When openpyxl cannot read the package either.
    """
    source: Path | io.BytesIO = path
    if path.suffix.lower() not in OPENPYXL_SUFFIXES:
        source = io.BytesIO(path.read_bytes())
    try:
        return StreamedWorkbook(source)
    except _CannotStream:  # openpyxl's own reader decides whether the file is damaged
        pass
    try:
        return OpenpyxlWorkbook(source)
    except Exception as e:  # openpyxl raises many kinds on a bad package
        raise DamagedWorkbook(str(e)) from e


class CalamineWorkbook:
    """An old Excel .xls workbook (or any calamine reads) through python-calamine.

    Raises
    ------
    ImportError
        When python-calamine is not installed.
    PermissionError
        When the workbook is protected by a password.
    DamagedWorkbook
        When calamine cannot read it.
    """

    def __init__(self, path: Path) -> None:
        import python_calamine

        self._file = open(path, "rb")  # noqa: SIM115 - closed by close()
        try:
            self.book = python_calamine.CalamineWorkbook.from_filelike(self._file)
        except python_calamine.PasswordError as e:
            self._file.close()
            raise PermissionError(str(e)) from e
        except (KeyboardInterrupt, SystemExit):
            self._file.close()
            raise
        except BaseException as e:  # calamine's own kinds, and pyo3's PanicException (a BaseException) on a bad file
            self._file.close()
            raise DamagedWorkbook(str(e)) from e
        self.titles: list[str] = list(self.book.sheet_names)

    def rows(self, index: int) -> Iterator[tuple[int, list[Any]]]:
        """(spreadsheet row, cell values) from the sheet's first row that holds anything; empty cells ``""``.

        Raises
        ------
        DamagedWorkbook
            When calamine fails on the sheet, a panic of its Rust code included.
        """
        try:
            sheet = self.book.get_sheet_by_index(index)
            start = sheet.start
            if start is None:
                return
            for k, cells in enumerate(sheet.iter_rows()):
                yield start[0] + 1 + k, list(cells)
        except (GeneratorExit, KeyboardInterrupt, SystemExit):
            raise
        except BaseException as e:  # pyo3's PanicException is a BaseException
            raise DamagedWorkbook(str(e)) from e

    def close(self) -> None:
        self.book.close()
        self._file.close()


def guarded(rows: Iterator[tuple[int, list[Any]]]) -> Generator[tuple[int, list[Any]], None, None]:
    """``rows``, with any error of a damaged sheet (bad XML, zip entry, reference) as DamagedWorkbook."""
    try:
        yield from rows
    except Exception as e:
        raise DamagedWorkbook(str(e)) from e
    finally:
        close = getattr(rows, "close", None)
        if close is not None:
            close()


class OpenpyxlWorkbook:
    """A workbook read by openpyxl's read-only reader (slow: 7-13 s for 70,000 rows)."""

    def __init__(self, path: Path | io.BytesIO) -> None:
        import openpyxl

        self.wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
        self.titles: list[str] = [ws.title for ws in self.wb.worksheets]

    def rows(self, index: int) -> Iterator[tuple[int, list[Any]]]:
        """(spreadsheet row, cell values) from row 1, every row."""
        rows = self.wb.worksheets[index].iter_rows(values_only=True)
        return ((n, list(cells)) for n, cells in enumerate(rows, start=1))

    def close(self) -> None:
        self.wb.close()


class StreamedWorkbook:
    """A workbook whose package, shared strings and styles openpyxl reads, and whose sheets are streamed.

    openpyxl's read-only ``load_workbook`` parses a whole sheet that lacks a ``<dimension>`` (as
    write-only writers leave it) before it returns, and types each cell through its object model;
    streaming the sheet XML with expat reads 70,000 rows in ~3 s instead of ~11 s.
    """

    def __init__(self, path: Path | io.BytesIO) -> None:
        from openpyxl.reader.excel import ExcelReader
        from openpyxl.styles.stylesheet import apply_stylesheet
        from openpyxl.xml.constants import SHARED_STRINGS

        reader = None
        try:
            reader = ExcelReader(path, read_only=True, data_only=True)
            reader.read_manifest()
            strings = reader.package.find(SHARED_STRINGS)
            if strings is not None:  # what reader.read_strings() does, 3 times faster
                with reader.archive.open(strings.PartName[1:]) as stream:
                    reader.shared_strings = _xml_shared_strings(stream)
            reader.read_workbook()
            apply_stylesheet(reader.archive, reader.wb)
            sheets = [(sheet.name, rel.target) for sheet, rel in reader.parser.find_sheets()
                      if "chartsheet" not in rel.Type and rel.target in reader.valid_files]  # as openpyxl does
            date_styles, timedelta_styles, epoch = reader.wb._date_formats, reader.wb._timedelta_formats, reader.wb.epoch
        except Exception as e:
            if reader is not None:
                reader.archive.close()
            raise _CannotStream(str(e)) from e
        self.archive: zipfile.ZipFile = reader.archive
        self.titles = [title for title, _ in sheets]
        self.parts = [target for _, target in sheets]
        self.shared: list[str] = reader.shared_strings
        self.date_styles, self.timedelta_styles = date_styles, timedelta_styles
        self.epoch: dt.datetime = epoch

    def rows(self, index: int) -> Iterator[tuple[int, list[Any]]]:
        """(spreadsheet row, cell values typed as openpyxl types them) from row 1, gaps filled."""
        expected = 1
        with self.archive.open(self.parts[index]) as stream:
            for number, cells in _xml_rows(stream, self.shared, self.date_styles, self.timedelta_styles, self.epoch):
                for gap in range(expected, number):
                    yield gap, []
                yield number, cells
                expected = number + 1

    def close(self) -> None:
        self.archive.close()


_MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_ROW, _C, _V, _T, _RPH, _SI, _F = (f"{_MAIN_NS} {tag}" for tag in ("row", "c", "v", "t", "rPh", "si", "f"))
_COLUMN_BY_LETTERS: dict[str, int] = {}


def _column(ref: str) -> int:
    """0-based column of a cell reference such as ``AB12``."""
    letters = ref.rstrip("0123456789")
    col = _COLUMN_BY_LETTERS.get(letters)
    if col is None:
        col = 0
        for ch in letters.upper():
            col = col * 26 + ord(ch) - 64
        col -= 1
        if col < 0 or len(letters) > 3:
            raise ValueError(f"bad cell reference {ref!r}")
        _COLUMN_BY_LETTERS[letters] = col
    return col


def _xml_shared_strings(stream: Any) -> list[str]:
    """A workbook's shared strings as openpyxl reads them: the text of each ``<si>``, phonetic runs left out."""
    strings: list[str] = []
    text: list[str] = []
    collect, phonetic = False, False

    def start(tag: str, attrs: dict[str, str]) -> None:
        nonlocal collect, phonetic
        if tag == _T:
            collect = not phonetic
        elif tag == _SI:
            text.clear()
        elif tag == _RPH:
            phonetic = True

    def end(tag: str) -> None:
        nonlocal collect, phonetic
        if tag == _T:
            collect = False
        elif tag == _SI:
            strings.append("".join(text).replace("x005F_", ""))
        elif tag == _RPH:
            phonetic = False

    def data(chunk: str) -> None:
        if collect:
            text.append(chunk)

    _expat(start, end, data).ParseFile(stream)
    return strings


def _expat(start: Callable[[str, dict[str, str]], None], end: Callable[[str], None],
           data: Callable[[str], None]) -> Any:
    """An expat parser calling these handlers, tag names as "namespace local-name"."""
    parser = expat.ParserCreate(namespace_separator=" ")
    parser.buffer_text = True
    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = data
    return parser


def _xml_rows(stream: Any, shared: list[str], date_styles: Any, timedelta_styles: Any,
              epoch: dt.datetime) -> Iterator[tuple[int, list[Any]]]:
    """Stream a worksheet's XML: (row number, values) per ``<row>``, as openpyxl's read-only reader types them."""
    from openpyxl.utils.datetime import from_excel, from_ISO8601

    def value(kind: str, raw: str, style: int) -> Any:
        if kind == "inlineStr":
            return raw
        if not raw:
            return None
        if kind == "n":
            number: float = float(raw) if ("." in raw or "e" in raw or "E" in raw) else int(raw)
            if style in date_styles:
                try:
                    return from_excel(number, epoch, timedelta=style in timedelta_styles)
                except (OverflowError, ValueError):
                    return "#VALUE!"
            return number
        if kind == "s":
            return shared[int(raw)]
        if kind == "b":
            return bool(int(raw))
        if kind == "d":
            return from_ISO8601(raw)
        return raw  # str (a formula's text), e (an error such as #N/A)

    done: list[tuple[int, list[Any]]] = []
    cells: list[Any] = []
    text: list[str] = []
    formula: list[str] = []
    row, col, kind, style, collect, phonetic = 0, -1, "n", 0, False, False
    target = text

    def start(tag: str, attrs: dict[str, str]) -> None:
        nonlocal row, col, kind, style, collect, phonetic, target
        if tag == _C:
            ref = attrs.get("r")
            col = _column(ref) if ref else col + 1
            kind = attrs.get("t", "n")
            s = attrs.get("s")
            style = int(s) if s else 0
            text.clear()
            formula.clear()
        elif tag == _V or (tag == _T and not phonetic):
            collect, target = True, text
        elif tag == _F:
            collect, target = True, formula
            formula.append("=")
        elif tag == _ROW:
            r = attrs.get("r")
            row = int(float(r)) if r else row + 1
            col = -1
            cells.clear()
        elif tag == _RPH:
            phonetic = True

    def end(tag: str) -> None:
        nonlocal collect, phonetic
        if tag == _C:
            if col >= len(cells):
                cells.extend([None] * (col + 1 - len(cells)))
            cells[col] = value(kind, "".join(text), style)
            if cells[col] is None and formula and kind == "n":  # a formula never computed: its text, so the row is not empty
                cells[col] = "".join(formula)
        elif tag == _V or tag == _T or tag == _F:
            collect = False
        elif tag == _ROW:
            done.append((row, cells[:]))
        elif tag == _RPH:
            phonetic = False

    def data(chunk: str) -> None:
        if collect:
            target.append(chunk)

    parser = _expat(start, end, data)
    while chunk := stream.read(1 << 16):
        parser.Parse(chunk, False)
        yield from done
        done.clear()
    parser.Parse(b"", True)
    yield from done


# --- messages --------------------------------------------------------------------------------
