"""Values at the door: each checked by type and range, each problem one sentence naming where it is.

Where a value is: ``scenario.yaml name``, ``scenario.yaml rules.load_factor``, ``scenario.yaml fleet
item 2 count``, ``pickup_points.csv row 3 county`` (``at`` builds these). A problem reads
``<where>: <value as written> is not …``, the value shown as YAML writes it (``true``, ``2.5``,
``'abc'``). Booleans are not numbers, numbers are not text, a count is a whole number.
"""

from __future__ import annotations

import datetime as dt
import difflib
import math
import re
import unicodedata
from collections.abc import Iterable, Mapping
from typing import Any

from routing.ids import id_problem
from routing.roster.check import NO, YES
from routing.scenario.limits import CHINA_LAT, CHINA_LON, FIRST_YEAR, LAST_YEAR, MAX_PLATE_CHARS

_ITEM = re.compile(r" (item|row) \d+$")
_DECIMAL = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")
_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
_HHMM = re.compile(r"(\d{1,2}):(\d{2})")
_ADCODE = re.compile(r"[1-9]\d{5}")
_BIDI = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
PLATE_MARKS = "·•-. "


class Problems:
    """Collects problem sentences (they stop the scenario) and warnings (they do not)."""

    def __init__(self) -> None:
        self.errors: list[str] = []
        self.warnings: list[str] = []

    def add(self, where: str, message: str) -> None:
        self.errors.append(f"{where}: {message}")

    def warn(self, where: str, message: str) -> None:
        self.warnings.append(f"{where}: {message}")


def at(where: str, key: object) -> str:
    """Where ``key`` of the mapping or row at ``where`` is: a space after a file, an item or a row, else a dot."""
    if where.endswith((".yaml", ".csv")) or _ITEM.search(where):
        return f"{where} {key}"
    return f"{where}.{key}"


def num(x: float) -> str:
    """A bound as people write it: 5,000, 0.01, 1."""
    return f"{int(x):,}" if float(x).is_integer() else f"{x:g}"


def shown(value: Any) -> str:
    """A value as it was written, for a message: ``true``, ``2.5``, ``'abc'`` (long text cut at 40 characters)."""
    if value is None:
        return "an empty value"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value) if abs(value) < 10**40 else "a number of more than 40 digits"
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, str):
        return repr(value if len(value) <= 40 else value[:40] + "…")
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return f"a {type(value).__name__} value"


def unknown_keys(mapping: Mapping[Any, Any], allowed: Iterable[str], where: str, problems: Problems) -> set[str]:
    """A problem for every key of ``mapping`` not in ``allowed``, suggesting a near miss (difflib); returns the keys
    suggested, so that a missing key already suggested need not be reported again."""
    keys = list(allowed)
    suggested = set()
    for key in mapping:
        if isinstance(key, str) and key in keys:
            continue
        name = shown(key) if isinstance(key, bool) else str(key)  # YAML 1.1 reads an unquoted `no:` as false
        close = difflib.get_close_matches(name, keys, n=1)
        hint = (f"did you mean {close[0]!r}?" if close else
                "YAML reads an unquoted yes, no, on or off as a boolean: quote the key" if isinstance(key, bool) else
                f"the keys are {', '.join(keys)}")
        problems.add(where, f"unknown key {shown(name)} ({hint})")
        suggested.update(close)
    return suggested


def mapping(value: Any, allowed: Iterable[str] | None, where: str, problems: Problems) -> dict[Any, Any]:
    """A mapping with only the ``allowed`` keys (any keys when None; {} when absent or empty); any other value is
    a problem."""
    if value is None:
        return {}
    if not isinstance(value, dict):
        problems.add(where, f"must be a mapping of keys to values, not {shown(value)}")
        return {}
    if allowed is not None:
        unknown_keys(value, allowed, where, problems)
    return value


def items(value: Any, most: int, where: str, problems: Problems) -> list[Any]:
    """The items of a list of at most ``most`` items ([] when absent, or a problem)."""
    if value is None:
        return []
    if not isinstance(value, list):
        problems.add(where, f"must be a list, not {shown(value)}")
        return []
    if len(value) > most:
        problems.add(where, f"lists {len(value):,} items, at most {most:,} are allowed")
        return []
    return value


def _quoted_number(value: Any) -> str:
    return "; write it without quotes" if isinstance(value, str) and _DECIMAL.fullmatch(value.strip()) else ""


def number(value: Any, lo: float, hi: float, where: str, problems: Problems) -> float | None:
    """A finite YAML number lo..hi (an int or a float, never a boolean or text)."""
    if isinstance(value, int | float) and not isinstance(value, bool) and (
            isinstance(value, int) or math.isfinite(value)) and lo <= value <= hi:
        return float(value)
    problems.add(where, f"{shown(value)} is not a number between {num(lo)} and {num(hi)}{_quoted_number(value)}")
    return None


def whole(value: Any, lo: int, hi: int, where: str, problems: Problems) -> int | None:
    """A YAML integer lo..hi (not 2.5, not 2.0, not true)."""
    if isinstance(value, int) and not isinstance(value, bool) and lo <= value <= hi:
        return value
    problems.add(where, f"{shown(value)} is not a whole number between {num(lo)} and {num(hi)}{_quoted_number(value)}")
    return None


def flag(value: Any, where: str, problems: Problems) -> bool:
    """A YAML boolean (``true``/``false``, ``yes``/``no``), or the words a CSV cell may hold for one."""
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().lower() in YES | NO - {""}:
        return value.strip().lower() in YES
    problems.add(where, f"{shown(value)} is not true or false")
    return False


def cell_flag(cell: str, where: str, problems: Problems) -> bool:
    """A CSV cell that says yes or no (yes/no, 1/0, 是/否, 有/无); empty is no."""
    if cell.lower() in YES | NO:
        return cell.lower() in YES
    problems.add(where, f"{shown(cell)} is not yes or no")
    return False


def choice(value: Any, allowed: tuple[str, ...], where: str, problems: Problems) -> str | None:
    """One of the ``allowed`` words (any letter case)."""
    if isinstance(value, str) and value.strip().lower() in allowed:
        return value.strip().lower()
    problems.add(where, f"{shown(value)} is not one of {', '.join(allowed)}")
    return None


def control_character(value: str, lines: bool = False) -> str | None:
    """The first control character in ``value`` (C0, C1, line separators, bidirectional controls), or None;
    line breaks are allowed when ``lines``."""
    for c in value:
        if lines and c in "\n\r":
            continue
        if c in _BIDI or unicodedata.category(c) in ("Cc", "Zl", "Zp"):
            return c
    return None


def text_problem(value: str, most: int, lines: bool = False) -> str | None:
    """Why ``value`` cannot be a text field of at most ``most`` characters (one sentence), or None."""
    if len(value) > most:
        return f"{shown(value)} has {len(value):,} characters, at most {most:,} are allowed"
    c = control_character(value, lines)
    if c is not None:
        return f"{shown(value)} contains the control character U+{ord(c):04X}; remove it"
    return None


def _string(value: Any, where: str, problems: Problems, required: bool) -> str | None:
    """The text given; "" when it is absent or blank and not required; None, with a problem, when it is absent
    and required or is not text."""
    if value is None or (isinstance(value, str) and not value.strip()):
        if required:
            problems.add(where, "is empty")
            return None
        return ""
    if not isinstance(value, str):
        problems.add(where, f"{shown(value)} is not text; write it in quotes")
        return None
    return value


def text(value: Any, most: int, where: str, problems: Problems, required: bool = True,
         lines: bool = False) -> str | None:
    """YAML text of at most ``most`` characters without control characters ("" when not required and absent)."""
    value = _string(value, where, problems, required)
    if not value:
        return value
    why = text_problem(value, most, lines)
    if why:
        problems.add(where, why)
        return None
    return value


def ident(value: Any, where: str, problems: Problems) -> str | None:
    """An id (``routing.ids.id_problem``): YAML text or a CSV cell."""
    if value is not None and not isinstance(value, str):
        problems.add(where, f"{shown(value)} is not text; write it in quotes")
        return None
    why = id_problem(value or "")
    if why:
        problems.add(where, why if not value else f"{shown(value)} {why}")
        return None
    return value


def plate_problem(value: str) -> str | None:
    """Why ``value`` cannot be a number plate (one sentence), or None."""
    if not value.strip():
        return "is empty"
    if len(value) > MAX_PLATE_CHARS:
        return f"{shown(value)} has {len(value)} characters, at most {MAX_PLATE_CHARS} are allowed"
    bad = sorted({c for c in value if not (c.isalnum() or c in PLATE_MARKS)})
    if bad:
        return (f"{shown(value)} may hold only letters, digits, '·', '-', '.' and spaces "
                f"(found {', '.join(repr(c) for c in bad)})")
    if value != value.strip():
        return f"{shown(value)} begins or ends with a space"
    return None


def plate(value: Any, where: str, problems: Problems) -> str | None:
    """A number plate: up to ``MAX_PLATE_CHARS`` letters (any script), digits, ``·``, ``-``, ``.`` and spaces."""
    if not isinstance(value, str):
        problems.add(where, f"{shown(value)} is not text; write it in quotes")
        return None
    why = plate_problem(value)
    if why:
        problems.add(where, why)
        return None
    return value


def adcode(value: Any, where: str, problems: Problems, required: bool = True) -> str | None:
    """A 6-digit county adcode (text); "" when not required and absent."""
    value = _string(value, where, problems, required)
    if not value:
        return value
    if not _ADCODE.fullmatch(value):
        problems.add(where, f"{shown(value)} is not a 6-digit county adcode")
        return None
    return value


def latlon(lat: Any, lon: Any, where: str, problems: Problems, cells: bool = False) -> tuple[float, float] | None:
    """A place's lat and lon, YAML numbers (or CSV cells of decimal text when ``cells``), inside China's bounding
    box (``limits.CHINA_*``)."""
    la, lo = _coordinate(lat, cells), _coordinate(lon, cells)
    (lat_lo, lat_hi), (lon_lo, lon_hi) = CHINA_LAT, CHINA_LON
    in_lat = la is not None and lat_lo <= la <= lat_hi
    in_lon = lo is not None and lon_lo <= lo <= lon_hi
    if la is not None and lo is not None and in_lat and in_lon:
        return la, lo
    if la is not None and lo is not None and lat_lo <= lo <= lat_hi and lon_lo <= la <= lon_hi:
        problems.add(at(where, "lat"), f"{shown(lat)} and lon {shown(lon)} are swapped: lat is between {num(lat_lo)} "
                                       f"and {num(lat_hi)} in China, lon between {num(lon_lo)} and {num(lon_hi)}")
        return None
    for value, x, ok, name, lo_, hi_ in ((lat, la, in_lat, "lat", lat_lo, lat_hi),
                                         (lon, lo, in_lon, "lon", lon_lo, lon_hi)):
        if x is None:
            problems.add(at(where, name), f"{shown(value)} is not a number{'' if cells else _quoted_number(value)}")
        elif not ok:
            what = "latitude" if name == "lat" else "longitude"
            problems.add(at(where, name), f"{shown(value)} is not a {what} in China (a number between {num(lo_)} "
                                          f"and {num(hi_)})")
    return None


def _coordinate(value: Any, cells: bool = True) -> float | None:
    """A finite number from a YAML number (or decimal text when ``cells``); None otherwise."""
    if cells and isinstance(value, str) and _DECIMAL.fullmatch(value.strip()):
        value = float(value)
    if isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value):
        return float(value)
    return None


def cell_number(cell: str, lo: float, hi: float, where: str, problems: Problems) -> float | None:
    """A CSV cell of decimal text lo..hi."""
    x = _coordinate(cell)
    if x is None or not lo <= x <= hi:
        problems.add(where, f"{shown(cell)} is not a number between {num(lo)} and {num(hi)}")
        return None
    return x


def date(value: Any, where: str, problems: Problems) -> dt.date | None:
    """A day that exists, ``YYYY-MM-DD``, from ``FIRST_YEAR`` to ``LAST_YEAR``."""
    m = _DATE.fullmatch(value.strip()) if isinstance(value, str) else None
    if m is None:
        problems.add(where, f"{shown(value)} is not a date YYYY-MM-DD")
        return None
    try:
        day = dt.date(int(m[1]), int(m[2]), int(m[3]))
    except ValueError as e:
        problems.add(where, f"{shown(value)} is not a date that exists ({e})")
        return None
    if not FIRST_YEAR <= day.year <= LAST_YEAR:
        problems.add(where, f"{shown(value)} is not a date from {FIRST_YEAR}-01-01 to {LAST_YEAR}-12-31")
        return None
    return day


def time_of_day(text: str) -> dt.time | None:
    """``HH:MM`` (or ``H:MM``) as a time, None when it is not one (24:00 is not)."""
    m = _HHMM.fullmatch(text.strip())
    if m is None or int(m[1]) > 23 or int(m[2]) > 59:
        return None
    return dt.time(int(m[1]), int(m[2]))


def clock(value: Any, day: dt.date, tz: dt.tzinfo, where: str, problems: Problems) -> dt.datetime | None:
    """``HH:MM`` on ``day``, or a full ISO date-time (in ``tz`` unless it gives its own offset)."""
    if isinstance(value, int) and not isinstance(value, bool) and 0 <= value < 24 * 60:
        value = f"{value // 60:02d}:{value % 60:02d}"  # YAML 1.1 reads an unquoted 21:00 as 1260
    if isinstance(value, str):
        t = time_of_day(value)
        if t is not None:
            return dt.datetime.combine(day, t, tzinfo=tz)
        if _DATE.match(value.strip()):
            try:
                d = dt.datetime.fromisoformat(value.strip())
            except ValueError as e:
                problems.add(where, f"{shown(value)} is not a date-time that exists ({e})")
                return None
            return d if d.tzinfo else d.replace(tzinfo=tz)
    problems.add(where, f"{shown(value)} is neither a time HH:MM (00:00 to 23:59) nor an ISO date-time; "
                        "write it in quotes, e.g. \"06:30\"")
    return None


def period(value: Any, default: tuple[dt.time, dt.time], where: str,
           problems: Problems) -> tuple[dt.time, dt.time]:
    """``HH:MM-HH:MM`` (may run over midnight)."""
    if value is None:
        return default
    a, sep, b = value.partition("-") if isinstance(value, str) else ("", "", "")
    start, end = time_of_day(a), time_of_day(b)
    if not sep or start is None or end is None:
        problems.add(where, f"{shown(value)} is not a period like \"22:00-06:00\"")
        return default
    return start, end
