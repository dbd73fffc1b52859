"""Rosters as they arrive: the records read from a file, the problems found in them, the records kept.

A roster file (XLSX, XLSM, XLS or CSV text, Chinese or English headers) is read into ``RosterFile``
rows of text keyed by canonical field names (``routing.roster.read``), one ``RosterFile`` per sheet
holding a roster; each record is checked and cleaned into a
``CleanRecord`` or rejected (``routing.roster.check``), homes without coordinates are located
(``routing.roster.locate``); every finding is a ``RecordProblem`` naming file, row and column, for
``problems.csv``. Row numbers are the ones a spreadsheet shows: the header row counts, so the
first record under a header in row 1 is row 2.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from routing.model import RecordProblem, RejectedRecord

# Canonical fields of a roster record.
FIELDS = ("id", "name", "sex", "id_number", "phone", "address", "county", "township", "lat", "lon", "employer",
          "health_code", "health_cert", "companions", "companion_names", "companion_id_numbers", "companion_phones",
          "companion_health_codes", "companion_health_certs")

# The files a roster may come as: Excel workbooks (.xls read by python-calamine) and CSV text.
WORKBOOK_SUFFIXES = (".xlsx", ".xlsm", ".xls")
TEXT_SUFFIXES = (".csv", ".txt", ".tsv")
ROSTER_SUFFIXES = WORKBOOK_SUFFIXES + TEXT_SUFFIXES
MAX_RECORDS = 1_000_000  # records one roster file may hold
MAX_FILE_BYTES = 512 * 1024 * 1024  # size of one roster file


@dataclass(frozen=True)
class RosterRow:
    """One record of a roster file, as text.

    Attributes
    ----------
    file
        The file's name as the user gave it (relative to the scenario folder).
    row
        Spreadsheet row number (header row counted; CSV: line number).
    values
        Canonical field -> text, stripped; fields the file has no column for are absent.
    numeric
        Fields whose cell held a number rather than text (XLSX), where a long digit string may already
        have lost digits.
    columns
        Canonical field -> the header as written in the file, for messages.
    """

    file: str
    row: int
    values: dict[str, str]
    numeric: frozenset[str] = frozenset()
    columns: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class RosterFile:
    """A roster file read: its records, how it was read, and what was left aside.

    Attributes
    ----------
    file
        Name as the user gave it; for a workbook with more than one roster sheet, ``<name> [<sheet>]``
        (the records' ``file`` too, so that every record's file and row name one place).
    encoding
        ``xlsx`` (also for .xlsm), ``xls``, or the text encoding a CSV was read with (``utf-8``,
        ``utf-8-sig``, ``gb18030``, ``utf-16``…).
    header_row
        Spreadsheet row of the header (titles above it are skipped); of its second row when the
        header takes two (a merged group such as 联系方式 over 手机 and 电话).
    columns
        Header as written -> canonical field, for every recognised column.
    ignored
        Headers not recognised (their columns are not read).
    rows
        Records, in file order, empty rows left out.
    empty_rows
        Spreadsheet rows that were empty (reported, not records).
    problems
        What the reader found about rows (a stray quote) or about the file (sheets not read), for
        ``problems.csv``.
    sheet
        The sheet read ("" for CSV text).
    """

    file: str
    encoding: str
    header_row: int
    columns: dict[str, str]
    ignored: tuple[str, ...]
    rows: tuple[RosterRow, ...]
    empty_rows: tuple[int, ...] = ()
    problems: tuple[RecordProblem, ...] = ()
    sheet: str = ""



@dataclass(frozen=True)
class CleanRecord:
    """A record fit to plan with: normalised values and where the home position came from.

    ``lat``/``lon`` are WGS-84. ``located_by`` is ``coordinates``, ``address``, ``township``,
    ``county`` or ``id_region``; ``approximate`` is true unless the coordinates were given.
    ``employer_id`` is an id of employers.csv. ``sex`` is ``M``/``F``; ``health_code`` one of
    ``green``, ``yellow``, ``red``, ``none``.
    """

    file: str
    row: int
    id: str
    name: str
    sex: str
    id_number: str
    phone: str
    lat: float
    lon: float
    county: str  # 6-digit adcode, "" when unknown
    township: str
    employer_id: str
    health_code: str
    health_cert: bool
    companions: int = 0
    companion_names: tuple[str, ...] = ()
    located_by: str = "coordinates"
    approximate: bool = False
    address: str = ""
    companion_id_numbers: tuple[str, ...] = ()  # one per companion when the roster gives them, else ()
    companion_phones: tuple[str, ...] = ()
    companion_health_codes: tuple[str, ...] = ()
    companion_health_certs: tuple[bool, ...] = ()



@dataclass(frozen=True)
class CheckedRoster:
    """Every record of the roster files, kept (``records``) or not (``rejected``), and every finding."""

    records: tuple[CleanRecord, ...]
    rejected: tuple[RejectedRecord, ...]
    problems: tuple[RecordProblem, ...]
