"""Load a scenario folder (scenario.yaml + CSV tables) into a Scenario.

Every problem is collected first, each naming file, row and field, and raised once
as a ScenarioError. Problems that only affect one worker's eligibility (a bad ID
number) are not load errors: screening turns them into exceptions.
"""

from __future__ import annotations

import datetime as dt
import math
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import yaml

from routing.errors import RosterFileError, ScenarioError
from routing.geo.calibration import calibrated_circuity
from routing.geo.coords import gcj02_to_wgs84
from routing.model import BusType, CrewMember, DistanceSettings, DriverRules, Employer, Place, Rules, Scenario
from routing.roster.check import NO, YES
from routing.roster.idcard import phone_problem
from routing.roster.load import Roster, RosterSource, geocoder_of, load_roster, roster_sources
from routing.roster.model import FIELDS, RosterRow
from routing.synthetic.roster import generate_worker_rows
from routing.synthetic.spec import employer_weights, roster_spec
from routing.tables import TableError, read_table

GENERATED = "generated roster"

COORD_SYSTEMS = ("WGS84", "GCJ02")

PICKUP_COLUMNS = ("id", "name", "county", "lat", "lon")
EMPLOYER_COLUMNS = ("id", "name", "dropoff")
CREW_COLUMNS = ("plate", "role", "name", "phone")
CREW_ROLES = {"driver": "driver", "司机": "driver", "驾驶员": "driver", "escort": "escort", "随车人员": "escort",
              "随车": "escort", "押运": "escort"}


class _Problems:
    """Collects problem sentences and soft warnings."""

    def __init__(self) -> None:
        self.errors: list[str] = []
        self.warnings: list[str] = []

    def add(self, where: str, message: str) -> None:
        self.errors.append(f"{where}: {message}")

    def warn(self, where: str, message: str) -> None:
        self.warnings.append(f"{where}: {message}")


def _read_table(path: Path, required: tuple[str, ...], problems: _Problems) -> list[dict[str, str]] | None:
    """Read a CSV table as text (as ``routing.tables.read_table`` does); report missing columns and long rows."""
    if not path.exists():
        problems.add(path.name, "file is missing")
        return None
    try:
        table = read_table(path)
    except TableError as e:
        problems.add(path.name, str(e))
        return None
    missing = [c for c in required if c not in table.header]
    if missing:
        problems.add(path.name, f"missing column(s) {', '.join(missing)}")
        return None
    for line in table.long_rows:
        problems.add(f"{path.name} line {line}", f"has more cells than the header's {len(table.header)}")
    return [row for _, row in table.rows] if not table.long_rows else None


def _number(value: Any, where: str, field: str, problems: _Problems, lo: float, hi: float) -> float | None:
    try:
        x = float(value)
    except (TypeError, ValueError):
        problems.add(where, f"{field} {value!r} is not a number")
        return None
    if not (lo <= x <= hi) or math.isnan(x):
        problems.add(where, f"{field} {value!r} is outside {lo:g}..{hi:g}")
        return None
    return x


def _latlon(lat: Any, lon: Any, where: str, problems: _Problems, gcj: bool) -> tuple[float, float] | None:
    la = _number(lat, where, "lat", problems, -90, 90)
    lo = _number(lon, where, "lon", problems, -180, 180)
    if la is None or lo is None:
        return None
    return gcj02_to_wgs84(la, lo) if gcj else (la, lo)


def _choice(value: Any, allowed: tuple[str, ...], where: str, problems: _Problems) -> str:
    text = str(value).strip().lower()
    if text not in allowed:
        problems.add(where, f"{value!r} is not one of {', '.join(allowed)}")
        return allowed[0]
    return text


def _flag(value: Any, where: str, field: str, problems: _Problems) -> bool:
    s = str(value).strip().lower() if value is not None else ""
    if isinstance(value, bool):
        return value
    if s in YES:
        return True
    if s not in NO:
        problems.add(where, f"{field} {value!r} is not yes/no")
    return False


def _clock(value: Any, date: dt.date, tz: dt.tzinfo, where: str, problems: _Problems) -> dt.datetime | None:
    """Parse HH:MM on the scenario date, or a full ISO date-time."""
    if isinstance(value, int) and not isinstance(value, bool) and 0 <= value < 24 * 60:
        value = f"{value // 60:02d}:{value % 60:02d}"  # YAML 1.1 reads an unquoted 21:00 as 1260
    s = str(value).strip()
    try:
        if len(s) <= 5 and ":" in s:
            t = dt.time.fromisoformat(s.zfill(5))
            return dt.datetime.combine(date, t, tzinfo=tz)
        d = dt.datetime.fromisoformat(s)
        return d if d.tzinfo else d.replace(tzinfo=tz)
    except ValueError:
        problems.add(where, f"{value!r} is neither HH:MM nor an ISO date-time")
        return None


def _period(value: Any, default: tuple[dt.time, dt.time], where: str, problems: _Problems) -> tuple[dt.time, dt.time]:
    if value is None:
        return default
    try:
        a, b = str(value).split("-")
        return dt.time.fromisoformat(a.strip().zfill(5)), dt.time.fromisoformat(b.strip().zfill(5))
    except ValueError:
        problems.add(where, f"{value!r} is not a period like 22:00-06:00")
        return default


def _place(item: Any, where: str, problems: _Problems, gcj: bool) -> Place | None:
    if not isinstance(item, dict):
        problems.add(where, "must be a mapping with id, name, lat, lon")
        return None
    missing = [k for k in ("id", "name", "lat", "lon") if k not in item]
    if missing:
        problems.add(where, f"missing {', '.join(missing)}")
        return None
    ll = _latlon(item["lat"], item["lon"], where, problems, gcj)
    if ll is None:
        return None
    return Place(str(item["id"]), str(item["name"]), ll[0], ll[1], str(item.get("region", "") or ""),
                 bool(item.get("approximate", False)), str(item.get("note", "") or ""))


def _section(doc: dict[str, Any], key: str, problems: _Problems, where: str = "scenario.yaml") -> dict[str, Any]:
    value = doc.get(key) or {}
    if not isinstance(value, dict):
        problems.add(f"{where} {key}" if where == "scenario.yaml" else f"{where}.{key}", "must be a mapping")
        return {}
    return value


def _get(section: dict[str, Any], key: str, default: float, where: str, problems: _Problems,
         lo: float = 0.0, hi: float = 1e9) -> float:
    if key not in section:
        return default
    x = _number(section[key], where, key, problems, lo, hi)
    return default if x is None else x


def _rules(doc: dict[str, Any], problems: _Problems) -> Rules:
    r = _section(doc, "rules", problems)
    w = "scenario.yaml rules"
    dwell = _section(r, "dwell", problems, "scenario.yaml rules")
    drv = _section(r, "drivers", problems, "scenario.yaml rules")
    wd = "scenario.yaml rules.drivers"
    d0 = DriverRules()
    night = _period(drv.get("night"), (d0.night_start, d0.night_end), f"{wd} night", problems)
    curfew = _period(drv.get("curfew"), (d0.curfew_start, d0.curfew_end), f"{wd} curfew", problems)
    drivers = DriverRules(
        max_continuous_day_s=round(_get(drv, "max_continuous_day_h", 4, wd, problems, 0.5, 24) * 3600),
        max_continuous_night_s=round(_get(drv, "max_continuous_night_h", 2, wd, problems, 0.5, 24) * 3600),
        min_break_s=round(_get(drv, "min_break_min", 20, wd, problems, 1, 600) * 60),
        min_swap_s=round(_get(drv, "min_swap_min", 5, wd, problems, 1, 600) * 60),
        max_daily_driving_s=round(_get(drv, "max_daily_h", 8, wd, problems, 1, 24) * 3600),
        max_one_way_m=round(_get(drv, "max_one_way_km", 400, wd, problems, 1, 5000) * 1000),
        night_start=night[0], night_end=night[1], curfew_start=curfew[0], curfew_end=curfew[1],
        second_driver_cost=_get(drv, "second_driver_cost", d0.second_driver_cost, wd, problems),
    )
    return Rules(
        load_factor=_get(r, "load_factor", 0.5, w, problems, 0.01, 1.0),
        observation_rows=int(_get(r, "observation_rows", 2, w, problems, 0, 10)),
        max_access_m=round(_get(r, "max_access_km", 30, w, problems, 0, 1000) * 1000),
        dwell_base_s=round(_get(dwell, "base_min", 5, f"{w}.dwell", problems, 0, 240) * 60),
        dwell_per_person_s=round(_get(dwell, "per_person_s", 30, f"{w}.dwell", problems, 0, 3600)),
        max_pickup_stops=int(_get(r, "max_pickup_stops", 3, w, problems, 1, 100)),
        cross_county=_flag(r.get("cross_county", True), w, "cross_county", problems),
        pickup_choice=_choice(r.get("pickup_choice", "optimized"), ("optimized", "nearest"), f"{w}.pickup_choice",
                              problems),
        drivers=drivers,
    )


def _distance(doc: dict[str, Any], problems: _Problems) -> DistanceSettings:
    d = _section(doc, "distance", problems)
    w = "scenario.yaml distance"
    circ = _section(d, "circuity", problems, "scenario.yaml distance")
    by_region = []
    for key, value in circ.items():
        if str(key) == "default":
            continue
        x = _number(value, f"{w}.circuity", str(key), problems, 1.0, 5.0)
        if x is not None:
            by_region.append((str(key), x))
    speed = _section(d, "speed_kph", problems, "scenario.yaml distance")
    own = tuple(sorted(by_region, key=lambda kv: (-len(kv[0]), kv[0])))
    bundled = calibrated_circuity() if _flag(d.get("calibrated", True), w, "calibrated", problems) else ()
    return DistanceSettings(
        circuity_default=_get(circ, "default", 1.25, f"{w}.circuity", problems, 1.0, 5.0),
        circuity_by_region=own + bundled,
        access_circuity=_get(d, "access_circuity", 1.4, w, problems, 1.0, 5.0),
        expressway_kph=_get(speed, "expressway", 80, f"{w}.speed_kph", problems, 5, 200),
        local_kph=_get(speed, "local", 50, f"{w}.speed_kph", problems, 5, 200),
        local_below_m=round(_get(speed, "local_below_km", 60, f"{w}.speed_kph", problems, 0, 10000) * 1000),
    )


def _fleet(doc: dict[str, Any], depot_ids: set[str], problems: _Problems) -> tuple[BusType, ...]:
    items = doc.get("fleet")
    if not isinstance(items, list) or not items:
        problems.add("scenario.yaml fleet", "must list at least one bus type")
        return ()
    fleet = []
    for i, item in enumerate(items, 1):
        w = f"scenario.yaml fleet item {i}"
        if not isinstance(item, dict):
            problems.add(w, "must be a mapping")
            continue
        missing = [k for k in ("id", "seats", "count", "cost_per_km", "fixed_cost", "depot") if k not in item]
        if missing:
            problems.add(w, f"missing {', '.join(missing)}")
            continue
        seats = _number(item["seats"], w, "seats", problems, 1, 200)
        count = _number(item["count"], w, "count", problems, 0, 100000)
        per_row = _number(item.get("seats_per_row", 4), w, "seats_per_row", problems, 1, 8)
        if str(item["depot"]) not in depot_ids:
            problems.add(w, f"depot {item['depot']!r} is not one of the depots")
        plates = item.get("plates") or []
        if isinstance(plates, str):
            plates = [plates]
        if seats is None or count is None or per_row is None:
            continue
        fleet.append(BusType(
            id=str(item["id"]), name=str(item.get("name", item["id"])), seats=int(seats), count=int(count),
            cost_per_km=_get(item, "cost_per_km", 0, w, problems), fixed_cost=_get(item, "fixed_cost", 0, w, problems),
            depot_id=str(item["depot"]), seats_per_row=int(per_row), plates=tuple(str(p) for p in plates),
        ))
    ids = [b.id for b in fleet]
    for dup in sorted({i for i in ids if ids.count(i) > 1}):
        problems.add("scenario.yaml fleet", f"bus type id {dup!r} appears more than once")
    return tuple(fleet)


def _pickups(folder: Path, problems: _Problems, gcj: bool) -> tuple[Place, ...]:
    rows = _read_table(folder / "pickup_points.csv", PICKUP_COLUMNS, problems)
    if rows is None:
        return ()
    out = []
    for n, r in enumerate(rows, 1):
        w = f"pickup_points.csv row {n}"
        for f in ("id", "name", "county"):
            if not r[f]:
                problems.add(w, f"{f} is empty")
        ll = _latlon(r["lat"], r["lon"], w, problems, gcj)
        if ll and r["id"]:
            out.append(Place(r["id"], r["name"], ll[0], ll[1], r["county"],
                             _flag(r.get("approximate", ""), w, "approximate", problems), r.get("note", ""),
                             r.get("address", "")))
    return tuple(out)


def _employers(folder: Path, dropoff_ids: set[str], problems: _Problems) -> tuple[Employer, ...]:
    rows = _read_table(folder / "employers.csv", EMPLOYER_COLUMNS, problems)
    if rows is None:
        return ()
    out = []
    if not rows:
        problems.add("employers.csv", "holds no employers")
    for n, r in enumerate(rows, 1):
        w = f"employers.csv row {n}"
        if not r["id"]:
            problems.add(w, "id is empty")
            continue
        if r["dropoff"] not in dropoff_ids:
            problems.add(w, f"dropoff {r['dropoff']!r} is not one of the dropoffs in scenario.yaml")
        out.append(Employer(r["id"], r["name"], r["dropoff"], _flag(r.get("approximate", ""), w, "approximate", problems)))
    return tuple(out)


def _crew(folder: Path, plates: set[str], problems: _Problems) -> tuple[CrewMember, ...]:
    """Drivers and escorts from the optional crew.csv, each on a plate of the fleet."""
    if not (folder / "crew.csv").exists():
        return ()
    rows = _read_table(folder / "crew.csv", CREW_COLUMNS, problems)
    if rows is None:
        return ()
    out = []
    for n, r in enumerate(rows, 1):
        w = f"crew.csv row {n}"
        role = CREW_ROLES.get(r["role"].strip().lower())
        if role is None:
            problems.add(f"{w} role", f"{r['role']!r} is not one of driver, escort (司机, 随车人员)")
        if r["plate"] not in plates:
            problems.add(f"{w} plate", f"{r['plate']!r} is not a plate of the fleet in scenario.yaml")
        if not r["name"].strip():
            problems.add(f"{w} name", "is empty")
        if r["phone"] and (why := phone_problem(r["phone"])):
            problems.add(f"{w} phone", why)
        if role and r["plate"] in plates:
            out.append(CrewMember(r["plate"], role, r["name"].strip(), r["phone"].strip()))
    return tuple(out)


def _generated_rows(spec: Any, folder: Path, problems: _Problems) -> list[RosterRow] | None:
    """The roster ``workers: {generate: {...}}`` describes, as roster rows (``routing.synthetic.roster``)."""
    where = "scenario.yaml workers"
    if set(spec) != {"generate"}:
        problems.add(where, "must be a file, a folder, a list of them, or a mapping with the one key 'generate'")
        return None
    if (folder / "workers.csv").exists():
        problems.add(where, "describes a generated roster, but workers.csv is there too: keep one of them")
        return None
    employers = _read_table(folder / "employers.csv", EMPLOYER_COLUMNS, _Problems())
    try:
        weights = employer_weights(employers or [])
        rows = generate_worker_rows(roster_spec(spec["generate"]), weights) if weights else []
    except ValueError as e:
        problems.add(f"{where}.generate", str(e))
        return None
    columns = {f: f for f in FIELDS}
    return [RosterRow(GENERATED, n, {k: v for k, v in r.items() if k in columns and v != ""}, columns=columns)
            for n, r in enumerate(rows, 2)]


def _roster(doc: dict[str, Any], folder: Path, employers: tuple[Employer, ...], problems: _Problems,
            gcj: bool) -> Roster | None:
    """The scenario's roster, read and checked (``routing.roster.load``); None when it cannot be read."""
    spec = doc.get("workers")
    generated = None
    sources: list[RosterSource] = []
    if isinstance(spec, dict) and "generate" in spec:
        generated = _generated_rows(spec, folder, problems)
        if generated is None:
            return None
    else:
        sources, spec_problems = roster_sources(spec, folder)
        for message in spec_problems:
            where, _, what = message.partition(": ")
            problems.add(where, what)
        if spec_problems:
            return None
    geocoder, geocoder_problems = geocoder_of(doc.get("geocoder"))
    for message in geocoder_problems:
        where, _, what = message.partition(": ")
        problems.add(where, what)
    if geocoder_problems:
        return None
    try:
        roster = load_roster(sources, employers, gcj, generated=generated, geocoder=geocoder)
    except RosterFileError as e:
        problems.errors.append(str(e))
        return None
    if not roster.records:
        problems.add(", ".join(f.file for f in roster.files) or GENERATED, "holds no workers")
    return roster


def _unique_ids(groups: list[tuple[str, tuple[Place, ...]]], problems: _Problems) -> None:
    seen: dict[str, str] = {}
    for where, places in groups:
        for p in places:
            if p.id in seen:
                problems.add(where, f"place id {p.id!r} is also used in {seen[p.id]}")
            else:
                seen[p.id] = where


def load_scenario(folder: str | Path) -> Scenario:
    """Load and validate a scenario folder.

    Parameters
    ----------
    folder
        Directory holding scenario.yaml, workers.csv, pickup_points.csv, employers.csv.

    Returns
    -------
    Scenario
        With every coordinate in WGS-84; soft problems are in ``Scenario.warnings``.

    Raises
    ------
    ScenarioError
        Listing every problem found, each naming file, row and field.
    """
    folder = Path(folder)
    problems = _Problems()
    if not folder.is_dir():
        raise ScenarioError([f"{folder}: not a folder"])
    ypath = folder / "scenario.yaml"
    try:
        doc = yaml.safe_load(ypath.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ScenarioError([f"{ypath}: file is missing"]) from None
    except (yaml.YAMLError, UnicodeDecodeError) as e:
        raise ScenarioError([f"{ypath}: not valid YAML ({str(e).splitlines()[0]})"]) from None
    if not isinstance(doc, dict):
        raise ScenarioError([f"{ypath}: must be a mapping of keys to values"])

    for key in ("name", "date", "start", "deadline", "depots", "dropoffs", "fleet"):
        if key not in doc:
            problems.add("scenario.yaml", f"missing key {key!r}")
    coord_system = str(doc.get("coord_system", "WGS84")).upper().replace("-", "")
    if coord_system not in COORD_SYSTEMS:
        problems.add("scenario.yaml coord_system", f"{doc.get('coord_system')!r} is not one of WGS84, GCJ02")
    gcj = coord_system == "GCJ02"
    tzname = str(doc.get("timezone", "Asia/Shanghai"))
    try:
        tz: dt.tzinfo = ZoneInfo(tzname)
    except (ZoneInfoNotFoundError, ValueError):
        problems.add("scenario.yaml timezone", f"{tzname!r} is not a known time zone")
        tz = ZoneInfo("Asia/Shanghai")
    try:
        raw_date = doc.get("date", "2000-01-01")
        date = raw_date if isinstance(raw_date, dt.date) else dt.date.fromisoformat(str(raw_date))
    except ValueError:
        problems.add("scenario.yaml date", f"{doc.get('date')!r} is not YYYY-MM-DD")
        date = dt.date(2000, 1, 1)
    start = _clock(doc.get("start", "00:00"), date, tz, "scenario.yaml start", problems)
    deadline = _clock(doc.get("deadline", "23:59"), date, tz, "scenario.yaml deadline", problems)
    if start and deadline and deadline <= start:
        problems.add("scenario.yaml deadline", f"{deadline:%Y-%m-%d %H:%M} is not after start {start:%H:%M}")
    seed = doc.get("seed", 0)
    if not isinstance(seed, int) or seed < 0:
        problems.add("scenario.yaml seed", f"{seed!r} is not a whole number ≥ 0")
        seed = 0

    def places(key: str) -> tuple[Place, ...]:
        items = doc.get(key) or []
        if not isinstance(items, list):
            problems.add(f"scenario.yaml {key}", "must be a list")
            return ()
        return tuple(p for i, it in enumerate(items, 1) if (p := _place(it, f"scenario.yaml {key} item {i}", problems, gcj)))

    depots, dropoffs = places("depots"), places("dropoffs")
    if "depots" in doc and not depots:
        problems.add("scenario.yaml depots", "no usable depot")
    if "dropoffs" in doc and not dropoffs:
        problems.add("scenario.yaml dropoffs", "no usable drop-off")
    fleet = _fleet(doc, {d.id for d in depots}, problems) if "fleet" in doc else ()
    rules = _rules(doc, problems)
    distance = _distance(doc, problems)
    pickups = _pickups(folder, problems, gcj)
    employers = _employers(folder, {d.id for d in dropoffs}, problems)
    roster = _roster(doc, folder, employers, problems, gcj)
    crew = _crew(folder, {p for t in fleet for p in t.plates}, problems)
    _unique_ids([("scenario.yaml depots", depots), ("scenario.yaml dropoffs", dropoffs),
                 ("pickup_points.csv", pickups)], problems)
    if problems.errors or start is None or deadline is None:
        raise ScenarioError(problems.errors)
    return Scenario(
        name=str(doc["name"]), date=date, timezone=tzname, start=start, deadline=deadline, seed=seed,
        coord_system=coord_system, depots=depots, dropoffs=dropoffs, pickup_points=pickups,
        employers=employers, fleet=fleet, workers=roster.workers if roster else (), rules=rules, distance=distance,
        folder=str(folder), warnings=tuple(problems.warnings), crew=crew,
        rejected=roster.rejected if roster else (), roster_problems=roster.problems if roster else (),
        roster_files=tuple((f.file, f.encoding, len(f.rows)) for f in roster.files) if roster else (),
    )

