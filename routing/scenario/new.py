"""A scenario folder made from the rosters a planner received: ``returnbus new``.

The rosters are copied into the folder as they are and named in ``scenario.yaml``; everything
else is proposed from them and from the gazetteer, for the planner to confirm:

- **employers.csv**: every employer the rosters name, all going to the zone's one gate until
  the planner gives each its own;
- **pickup points**: each county seat where workers live, and the townships with at least
  ``TOWNSHIP_MIN_WORKERS`` workers farther than the access limit from their county seat;
- **the zone**: a depot and a gate at the zone's point (a place of the gazetteer or lat,lon);
- **the fleet**: 55-seat coaches enough for everyone at the day's load factor, with a margin;
- **scenario.yaml**: the 2020 rules of the day (the defaults), the date and times given.

Homes are placed as the roster check places them (coordinates, address, township, county, ID
region); records that cannot be placed are left to ``validate`` to report. The folder written
validates and plans as it is.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import math
import re
import shutil
from collections import Counter, defaultdict
from collections.abc import Sequence
from pathlib import Path

import yaml

from routing.coach.seating import effective_capacity
from routing.errors import ScenarioError
from routing.geo import gazetteer
from routing.geo.distance import great_circle_m
from routing.model import BusType, Rules
from routing.roster.locate import locate
from routing.roster.model import RosterRow
from routing.roster.read import read_roster_sheets
from routing.tables import write_excel_csv

TOWNSHIP_MIN_WORKERS = 20  # a township far from its county seat gets its own pickup point from this many workers
FAR_ORIGIN_KM = 500  # straight line: beyond, coaches of the zone cannot go and come back within two drivers' day
FLEET_MARGIN = 1.25  # coaches chartered above the fewest that could carry everyone
COACH = BusType("C55", "55座大客车", 55, 1, 9.0, 800.0, "D-ZONE", seats_per_row=4)
ZONE_DEPOT, ZONE_GATE = "D-ZONE", "G-ZONE"


@dataclasses.dataclass(frozen=True)
class Zone:
    """Where the workers go: a point (WGS-84) with a name and its county code ("" when unknown)."""

    name: str
    lat: float
    lon: float
    region: str = ""


@dataclasses.dataclass(frozen=True)
class NewScenario:
    """What ``new_scenario`` wrote and what the planner must confirm."""

    folder: Path
    records: int
    employers: tuple[str, ...]
    pickup_points: int
    coaches: int
    unplaced: int
    checklist: tuple[str, ...]


def find_zone(text: str) -> Zone:
    """The zone from ``lat,lon`` (WGS-84 degrees) or a place of the gazetteer (a county by name or code).

    Raises
    ------
    ScenarioError
        When the text is neither.
    """
    m = re.fullmatch(r"\s*(-?\d+(?:\.\d+)?)\s*[,，]\s*(-?\d+(?:\.\d+)?)\s*", text)
    if m:
        lat, lon = float(m.group(1)), float(m.group(2))
        if not (18 <= lat <= 54 and 73 <= lon <= 136):
            raise ScenarioError([f"--zone {text}: is not a point in China (lat 18 to 54, lon 73 to 136, WGS-84)"])
        near = min(gazetteer.national(), key=lambda c: great_circle_m(lat, lon, c.lat, c.lon), default=None)
        return Zone("经开区", lat, lon, near.adcode if near is not None else "")
    place = gazetteer.by_adcode(text.strip()) or gazetteer.find_name(text)
    if place is None:
        raise ScenarioError([(f"--zone {text}: no such place in the gazetteer; give the zone's county (name or "
                             "6-digit code) or its point as lat,lon")])
    return Zone(place.name, place.lat, place.lon, place.adcode[:6])


def _employers(files: Sequence[tuple[str, list[RosterRow]]], default: str) -> list[str]:
    """Employer names the rosters give, most workers first (ties by name); ``default`` for rows that give none."""
    counts: Counter[str] = Counter()
    for _, rows in files:
        for r in rows:
            name = r.values.get("employer", "").strip() or default
            if name:
                counts[name] += 1
    return [name for name, _ in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))]


def _home(r: RosterRow) -> tuple[float, float, str] | None:
    """Home (WGS-84) and county code of a record, as the roster check would place it, None when it cannot."""
    v = r.values
    try:
        lat, lon = float(v.get("lat", "")), float(v.get("lon", ""))
    except ValueError:
        lat = lon = math.nan
    if 18 <= lat <= 54 and 73 <= lon <= 136:
        near = min(gazetteer.national(), key=lambda c: great_circle_m(lat, lon, c.lat, c.lon), default=None)
        return lat, lon, near.adcode[:6] if near is not None else ""
    found = locate(v.get("address", ""), v.get("county", ""), v.get("township", ""), v.get("id_number", ""))
    return (found.lat, found.lon, found.adcode[:6]) if found is not None else None


def _pickup_points(homes: list[tuple[float, float, str]], access_m: float) -> list[dict[str, object]]:
    """A point at each county seat with homes, and at townships with enough homes beyond reach of their seat."""
    by_county: dict[str, list[tuple[float, float]]] = defaultdict(list)
    for lat, lon, county in homes:
        by_county[county].append((lat, lon))
    out: list[dict[str, object]] = []
    for county in sorted(by_county):
        seat = gazetteer.by_adcode(county)
        if seat is None:
            continue
        towns = gazetteer.towns_of(county)
        centre = next((t for t in towns if t.kind == "county_seat"), seat)
        out.append({"id": f"P-{county}", "name": f"{gazetteer.strip_suffix(seat.name)}城区", "county": county,
                    "lat": round(centre.lat, 6), "lon": round(centre.lon, 6), "address": "", "approximate": "yes",
                    "note": "county seat from the gazetteer: confirm the exact waiting place"})
        far = [(la, lo) for la, lo in by_county[county] if great_circle_m(la, lo, centre.lat, centre.lon) > access_m]
        for town in towns:
            if town is centre:
                continue
            near = sum(1 for la, lo in far if great_circle_m(la, lo, town.lat, town.lon) <= access_m / 2)
            if near >= TOWNSHIP_MIN_WORKERS:
                out.append({"id": f"P-{town.adcode}", "name": town.name, "county": county, "lat": round(town.lat, 6),
                            "lon": round(town.lon, 6), "address": "", "approximate": "yes",
                            "note": f"{near} workers live far from the county seat: confirm the waiting place"})
    return out


def _copy_rosters(paths: Sequence[Path], folder: Path) -> list[str]:
    """Copy the rosters into ``folder/roster/``; their names relative to ``folder``."""
    (folder / "roster").mkdir(parents=True, exist_ok=True)
    names: list[str] = []
    for path in paths:
        target = folder / "roster" / path.name
        k = 2
        while target.exists():
            target = folder / "roster" / f"{path.stem}-{k}{path.suffix}"
            k += 1
        shutil.copyfile(path, target)
        names.append(target.relative_to(folder).as_posix())
    return names


def new_scenario(folder: Path, rosters: Sequence[Path], zone: Zone, date: dt.date, name: str | None = None,
                 employer: str = "", start: str = "06:00", deadline: str = "22:00") -> NewScenario:
    """Write a scenario folder for ``rosters`` to ``folder`` (which must be new or empty).

    Parameters
    ----------
    folder
        The folder to write.
    rosters
        Roster files as received (XLSX, XLS, CSV, TXT).
    zone
        Where the workers go (``find_zone``).
    date
        The trip day.
    name
        The batch's name; default from the zone and the date.
    employer
        The employer of records whose roster has no employer column.
    start, deadline
        Earliest departure and latest arrival, ``HH:MM``.

    Raises
    ------
    ScenarioError
        When the folder holds files, or a roster cannot be read at all (``RosterFileError`` as a problem).
    """
    if folder.exists() and any(folder.iterdir()):
        raise ScenarioError([f"{folder}: is not empty; give returnbus new a new folder"])
    missing = [str(p) for p in rosters if not Path(p).is_file()]
    if missing:
        raise ScenarioError([f"{p}: no such roster file" for p in missing])
    files: list[tuple[str, list[RosterRow]]] = []
    columns: list[set[str]] = []
    for path in rosters:
        sheets = read_roster_sheets(Path(path), Path(path).name)
        files.append((Path(path).name, [r for sheet in sheets for r in sheet.rows]))
        columns += [set(sheet.columns.values()) for sheet in sheets]
    screening = _screening(columns)
    rules = Rules()
    employers = _employers(files, employer)
    rows = [r for _, rs in files for r in rs]
    placed = [h for h in map(_home, rows) if h is not None]
    pickups = _pickup_points(placed, rules.max_access_m / 1.4)
    people = sum(1 + _int(r.values.get("companions", "")) for r in rows)
    per_coach = effective_capacity(COACH, rules)
    count = max(1, math.ceil(people / per_coach * FLEET_MARGIN) + 1)

    folder.mkdir(parents=True, exist_ok=True)
    named = _copy_rosters([Path(p) for p in rosters], folder)
    ids = {e: f"E{k:03d}" for k, e in enumerate(employers, 1)}
    write_excel_csv([{"id": ids[e], "name": e, "dropoff": ZONE_GATE, "approximate": "yes",
                      "note": "all employers go to the zone's gate until each is given its own"} for e in employers],
                    ("id", "name", "dropoff", "approximate", "note"), folder / "employers.csv")
    write_excel_csv(pickups, ("id", "name", "county", "lat", "lon", "address", "approximate", "note"),
                    folder / "pickup_points.csv")
    title = name or f"{zone.name}返岗 {date.isoformat()}"
    workers: list[object] = [{"file": n, "employer": employer} if employer else n for n in named]
    doc = {
        "name": title, "date": date.isoformat(), "timezone": "Asia/Shanghai", "seed": 0, "coord_system": "WGS84",
        "start": start, "deadline": deadline,
        "depots": [{"id": ZONE_DEPOT, "name": f"{zone.name}车场", "lat": round(zone.lat, 6), "lon": round(zone.lon, 6),
                    "region": zone.region, "approximate": True}],
        "dropoffs": [{"id": ZONE_GATE, "name": f"{zone.name} 门岗", "lat": round(zone.lat, 6),
                      "lon": round(zone.lon, 6), "region": zone.region, "approximate": True}],
        "fleet": [{"id": COACH.id, "name": COACH.name, "seats": COACH.seats, "count": count,
                   "cost_per_km": COACH.cost_per_km, "fixed_cost": COACH.fixed_cost, "depot": ZONE_DEPOT,
                   "seats_per_row": COACH.seats_per_row}],
        "rules": {"screening": screening},
        "workers": workers,
    }
    header = (f"# Made by returnbus new from {len(named)} roster file(s) on {dt.date.today().isoformat()}.\n"
              "# Confirm the fleet, the gates, the date and the times, then: returnbus validate . && returnbus plan . -o out\n"
              "# The rules are the 2020 defaults (50 % load, 2 empty rows, 30 km access); see scenarios/README.md.\n")
    (folder / "scenario.yaml").write_text(header + yaml.safe_dump(doc, allow_unicode=True, sort_keys=False,
                                                                  width=120), encoding="utf-8")
    checklist: tuple[str, ...] = (
        (f"fleet: {count} coaches of 55 seats at {ZONE_DEPOT} ({per_coach} passengers each at the day's load "
        f"factor, for {people} people): set the real count, types, depots and plates in scenario.yaml fleet"),
        (f"gates: all {len(employers)} employers go to {ZONE_GATE} at the zone's point: give each its gate in "
        "scenario.yaml dropoffs and employers.csv dropoff"),
        (f"date and times: {date.isoformat()}, leave from {start}, arrive by {deadline} (scenario.yaml date, start, "
        "deadline)"),
        (f"pickup points: {len(pickups)} proposed at county seats and townships (pickup_points.csv): check each place "
        "and write where exactly to wait in its address"),
        (f"screening: rules.screening is {screening!r}: {SCREENING_WORDS[screening]}, as the rosters' columns allow; "
        "set the day's policy"),
    )
    far_km = max((great_circle_m(zone.lat, zone.lon, float(p["lat"]), float(p["lon"])) / 1000 for p in pickups
                  if isinstance(p["lat"], float) and isinstance(p["lon"], float)), default=0.0)
    if far_km > FAR_ORIGIN_KM:
        checklist += ((f"distance: pickup points lie up to {far_km:,.0f} km (straight line) from the zone, too far for "
                      "coaches of the zone to go and come back in a day: add the depot of an operator at the origin "
                      "to scenario.yaml depots and fleet, and set rules.duty_end: zone (see scenarios/zhoukou-2020-03-02)"),)
    return NewScenario(folder, len(rows), tuple(employers), len(pickups), count, len(rows) - len(placed), checklist)


SCREENING_WORDS = {
    "both": "the health certificate and a green health code are both required",
    "certificate": "only the certificate is required (the rosters have no health-code column)",
    "code": "only a green health code is required (the rosters have no certificate column)",
    "none": "nothing is required (the rosters have neither column)",
}


def _screening(columns: list[set[str]]) -> str:
    """The strictest policy every roster table can be screened by: what columns all of them have."""
    cert = all("health_cert" in c for c in columns)
    code = all("health_code" in c for c in columns)
    return {(True, True): "both", (True, False): "certificate", (False, True): "code"}.get((cert, code), "none")


def _int(text: str) -> int:
    try:
        return max(0, int(float(text)))
    except ValueError:
        return 0
