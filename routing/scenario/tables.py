"""The scenario's CSV tables: pickup_points.csv, employers.csv and the optional crew.csv.

Each is read as ``routing.tables.read_table`` reads CSV (every value text), within the limits of
``routing.scenario.limits`` (file size, rows, characters a cell); data rows count from 1, the
header not counted. Every problem names the file, the row and the column.
"""

from __future__ import annotations

import unicodedata
from pathlib import Path

from routing.geo.coords import gcj02_to_wgs84
from routing.model import CrewMember, Employer, Place
from routing.roster.check import split_aliases
from routing.roster.idcard import phone_problem
from routing.scenario import values as v
from routing.scenario.limits import (
    MAX_ADDRESS_CHARS,
    MAX_ALIASES,
    MAX_CREW_ROWS,
    MAX_EMPLOYERS,
    MAX_NAME_CHARS,
    MAX_NOTE_CHARS,
    MAX_PICKUP_POINTS,
    MAX_TABLE_BYTES,
)
from routing.scenario.values import Problems, at
from routing.tables import TableError, read_table

PICKUP_COLUMNS = ("id", "name", "county", "lat", "lon")
EMPLOYER_COLUMNS = ("id", "name", "dropoff")
CREW_COLUMNS = ("plate", "role", "name", "phone")
CREW_ROLES = {"driver": "driver", "司机": "driver", "驾驶员": "driver", "escort": "escort", "随车人员": "escort",
              "随车": "escort", "押运": "escort"}
MAX_WEIGHT = 1e9  # expected_workers


def read_rows(path: Path, required: tuple[str, ...], most: int,
              problems: Problems) -> list[tuple[str, dict[str, str]]] | None:
    """(``<file> row N``, row) for every data row; None, with the problem recorded, when the table cannot be used:
    missing, not a file, too large, unreadable, a required column missing, a row longer than the header, or
    more than ``most`` rows."""
    name = path.name
    if not path.exists():
        problems.add(name, "file is missing")
        return None
    if not path.is_file():
        problems.add(name, "is not a file")
        return None
    size = path.stat().st_size
    if size > MAX_TABLE_BYTES:
        problems.add(name, f"is {size:,} bytes, at most {MAX_TABLE_BYTES:,} (5 MB) are read")
        return None
    try:
        table = read_table(path)
    except TableError as e:
        problems.add(name, str(e))
        return None
    missing = [c for c in required if c not in table.header]
    if missing:
        problems.add(name, f"missing column(s) {', '.join(missing)}")
        return None
    for line in table.long_rows:
        problems.add(f"{name} line {line}", f"has more cells than the header's {len(table.header)}")
    if len(table.rows) > most:
        problems.add(name, f"has {len(table.rows):,} rows, at most {most:,} are allowed")
        return None
    return [(f"{name} row {n}", row) for n, (_, row) in enumerate(table.rows, 1)] if not table.long_rows else None


def _text(row: dict[str, str], column: str, most: int, where: str, problems: Problems, required: bool = True,
          lines: bool = False) -> str | None:
    cell = row.get(column, "")
    if not cell:
        if required:
            problems.add(at(where, column), "is empty")
            return None
        return ""
    why = v.text_problem(cell, most, lines)
    if why:
        problems.add(at(where, column), why)
        return None
    return cell


def pickup_points(folder: Path, gcj: bool, problems: Problems) -> list[tuple[Place, str]]:
    """The pickup points, each with where it is written; rows with a problem are left out."""
    rows = read_rows(folder / "pickup_points.csv", PICKUP_COLUMNS, MAX_PICKUP_POINTS, problems)
    out = []
    for where, r in rows or ():
        pid = v.ident(r["id"], at(where, "id"), problems)
        name = _text(r, "name", MAX_NAME_CHARS, where, problems)
        county = v.adcode(r["county"], at(where, "county"), problems)
        ll = v.latlon(r["lat"], r["lon"], where, problems, cells=True)
        address = _text(r, "address", MAX_ADDRESS_CHARS, where, problems, required=False, lines=True)
        note = _text(r, "note", MAX_NOTE_CHARS, where, problems, required=False, lines=True)
        approximate = v.cell_flag(r.get("approximate", ""), at(where, "approximate"), problems)
        if pid is None or name is None or county is None or ll is None or address is None or note is None:
            continue
        lat, lon = gcj02_to_wgs84(*ll) if gcj else ll
        out.append((Place(pid, name, lat, lon, county, approximate, note, address), where))
    return out


def employers(folder: Path, dropoff_ids: set[str] | None,
              problems: Problems) -> tuple[tuple[Employer, ...], list[tuple[str, float]]]:
    """The employers (ids unique, each going to a drop-off of ``dropoff_ids`` unless None), and each one's weight for a
    generated roster (its ``expected_workers``, 1 when empty)."""
    rows = read_rows(folder / "employers.csv", EMPLOYER_COLUMNS, MAX_EMPLOYERS, problems)
    if rows is None:
        return (), []
    if not rows:
        problems.add("employers.csv", "holds no employers")
    out, weights = [], []
    placed: list[str] = []  # where each employer of ``out`` is written
    seen: dict[str, str] = {}
    for where, r in rows:
        eid = v.ident(r["id"], at(where, "id"), problems)
        if eid is not None and eid in seen:
            problems.add(at(where, "id"), f"{eid!r} is also the id of {seen[eid]}")
            eid = None
        elif eid is not None:
            seen[eid] = where
        name = _text(r, "name", MAX_NAME_CHARS, where, problems)
        if not r["dropoff"]:
            problems.add(at(where, "dropoff"), "is empty")
        elif dropoff_ids is not None and r["dropoff"] not in dropoff_ids:
            problems.add(at(where, "dropoff"), f"{r['dropoff']!r} is not one of the dropoffs in scenario.yaml")
        _text(r, "note", MAX_NOTE_CHARS, where, problems, required=False, lines=True)
        approximate = v.cell_flag(r.get("approximate", ""), at(where, "approximate"), problems)
        cell = r.get("expected_workers", "")
        weight = v.cell_number(cell, 0, MAX_WEIGHT, at(where, "expected_workers"), problems) if cell else 1.0
        aliases = _aliases(r.get("aliases", ""), at(where, "aliases"), problems)
        if eid is None or name is None or weight is None or aliases is None:
            continue
        out.append(Employer(eid, name, r["dropoff"], approximate, tuple(a for a in aliases if a != name)))
        placed.append(where)
        weights.append((eid, weight))
    _aliases_unique(out, placed, problems)
    return tuple(out), weights


def _aliases_unique(employers: list[Employer], wheres: list[str], problems: Problems) -> None:
    """No alias is the id, the name or an alias of another employer: a roster's short name must name one firm."""
    owner: dict[str, tuple[str, str]] = {}  # id, name or alias -> (employer id, "the name of employers.csv row 3")
    for e, where in zip(employers, wheres, strict=True):
        row = where.removeprefix("employers.csv ")
        for text, what in ((e.id, "the id"), (e.name, "the name")):
            owner.setdefault(_key(text), (e.id, f"{what} of {row}"))
    for e, where in zip(employers, wheres, strict=True):
        row = where.removeprefix("employers.csv ")
        for alias in e.aliases:
            other = owner.get(_key(alias))
            if other is not None and other[0] != e.id:
                problems.add(at(where, "aliases"), f"{alias!r} is also {other[1]}; an alias must name one employer")
            else:
                owner.setdefault(_key(alias), (e.id, f"an alias of {row}"))


def _key(text: str) -> str:
    """Text as roster values are compared: NFKC, blanks at the ends off."""
    return unicodedata.normalize("NFKC", text).strip()


def _aliases(cell: str, where: str, problems: Problems) -> list[str] | None:
    """The aliases in an ``aliases`` cell (separated by ``;`` or ``、``), each a name of at most ``MAX_NAME_CHARS``."""
    aliases = split_aliases(cell)
    if len(aliases) > MAX_ALIASES:
        problems.add(where, f"lists {len(aliases)} aliases, at most {MAX_ALIASES} are allowed")
        return None
    ok = True
    for alias in aliases:
        if why := v.text_problem(alias, MAX_NAME_CHARS):
            problems.add(where, why)
            ok = False
    return aliases if ok else None


def crew(folder: Path, plates: set[str], problems: Problems) -> tuple[CrewMember, ...]:
    """Drivers and escorts from the optional crew.csv, each on a plate of the fleet."""
    if not (folder / "crew.csv").exists():
        return ()
    rows = read_rows(folder / "crew.csv", CREW_COLUMNS, MAX_CREW_ROWS, problems)
    out = []
    for where, r in rows or ():
        role = CREW_ROLES.get(r["role"].lower())
        if role is None:
            problems.add(at(where, "role"), f"{r['role']!r} is not one of driver, escort (司机, 随车人员)")
        if r["plate"] not in plates:
            problems.add(at(where, "plate"), f"{r['plate']!r} is not a plate of the fleet in scenario.yaml")
        name = _text(r, "name", MAX_NAME_CHARS, where, problems)
        if r["phone"] and (why := phone_problem(r["phone"])):
            problems.add(at(where, "phone"), why)
        if role and name and r["plate"] in plates:
            out.append(CrewMember(r["plate"], role, name, r["phone"]))
    return tuple(out)
