"""Load a scenario folder (scenario.yaml + CSV tables) into a Scenario.

Every problem is collected first, each naming file, row and field, and raised once
as a ScenarioError. Problems that only affect one worker's eligibility (a bad ID
number) are not load errors: screening turns them into exceptions.

scenario.yaml is read by ``yaml_file`` (size limit, no aliases), its keys and values checked by
``settings``, the CSV tables by ``tables``; this module adds the roster, the checks across files
(ids unique across depots, drop-offs and pickup points; every place near the zone) and builds
the Scenario. The limits are in ``limits``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np

from routing.errors import RosterFileError, ScenarioError
from routing.geo.distance import great_circle_m
from routing.model import BusType, Place, Scenario, Worker
from routing.roster.load import Roster, RosterSource, geocoder_of, load_roster, roster_sources
from routing.roster.locate import REGION_SLACK_KM, HomeRegion, region_around
from routing.roster.model import FIELDS, RosterRow
from routing.scenario import settings, tables
from routing.scenario import values as v
from routing.scenario.limits import FREE_COACHES, MAX_FROM_DROPOFF_KM
from routing.scenario.values import Problems, at
from routing.synthetic.roster import generate_worker_rows
from routing.synthetic.spec import SPEC_KEYS, roster_spec
from routing.yaml_file import read_yaml

GENERATED = "generated roster"
WORKERS = "scenario.yaml workers"
SOURCE_KEYS = ("file", "employer")
GEOCODER_KEYS = ("provider", "key_env")


def _spec_keys(spec: Any, problems: Problems) -> bool:
    """Unknown keys of the ``workers`` spec (a file item, or ``generate`` and its keys); True when there are none."""
    before = len(problems.errors)
    if isinstance(spec, dict) and "generate" in spec:
        v.unknown_keys(spec, ("generate",), WORKERS, problems)
        if isinstance(spec["generate"], dict):
            v.unknown_keys(spec["generate"], SPEC_KEYS, at(WORKERS, "generate"), problems)
    elif isinstance(spec, dict):
        v.unknown_keys(spec, SOURCE_KEYS, WORKERS, problems)
    elif isinstance(spec, list):
        for k, item in enumerate(spec, 1):
            if isinstance(item, dict):
                v.unknown_keys(item, SOURCE_KEYS, f"{WORKERS} item {k}", problems)
    return len(problems.errors) == before


def _generated_rows(spec: dict[str, Any], folder: Path, weights: list[tuple[str, float]],
                    problems: Problems) -> list[RosterRow] | None:
    """The roster ``workers: {generate: {...}}`` describes, as roster rows (``routing.synthetic.roster``)."""
    if (folder / "workers.csv").exists():
        problems.add(WORKERS, "describes a generated roster, but workers.csv is there too: keep one of them")
        return None
    try:
        rows = generate_worker_rows(roster_spec(spec["generate"]), weights) if weights else []
    except ValueError as e:  # GenerateError: the message starts with the key, e.g. "seed: must be a whole number…"
        key, _, what = str(e).partition(": ")
        if key in SPEC_KEYS and what:
            problems.add(at(at(WORKERS, "generate"), key), what)
        else:
            problems.add(at(WORKERS, "generate"), what if key == "generate" and what else str(e))
        return None
    columns = {f: f for f in FIELDS}
    return [RosterRow(GENERATED, n, {k: val for k, val in r.items() if k in columns and val != ""}, columns=columns)
            for n, r in enumerate(rows, 2)]


def _roster(doc: dict[str, Any], folder: Path, employers: tuple[Any, ...], weights: list[tuple[str, float]],
            problems: Problems, gcj: bool, region: HomeRegion | None) -> Roster | None:
    """The scenario's roster, read and checked (``routing.roster.load``); None when it cannot be read."""
    spec = doc.get("workers")
    if not _spec_keys(spec, problems):
        return None
    generated = None
    sources: list[RosterSource] = []
    if isinstance(spec, dict) and "generate" in spec:
        generated = _generated_rows(spec, folder, weights, problems)
        if generated is None:
            return None
    else:
        sources, spec_problems = roster_sources(spec, folder)
        for message in spec_problems:
            where, _, what = message.partition(": ")
            problems.add(where, what)
        if spec_problems:
            return None
    before = len(problems.errors)
    if isinstance(doc.get("geocoder"), dict):
        v.unknown_keys(doc["geocoder"], GEOCODER_KEYS, "scenario.yaml geocoder", problems)
    if len(problems.errors) > before:
        return None
    geocoder, geocoder_problems = geocoder_of(doc.get("geocoder"))
    for message in geocoder_problems:
        where, _, what = message.partition(": ")
        problems.add(where, what)
    if geocoder_problems:
        return None
    try:
        roster = load_roster(sources, employers, gcj, generated=generated, geocoder=geocoder, region=region)
    except RosterFileError as e:
        problems.errors.extend(str(e).splitlines())  # one line for each file refused
        return None
    if not roster.records:
        problems.add(", ".join(f.file for f in roster.files) or GENERATED, "holds no workers")
    return roster


def _unique_ids(groups: list[list[tuple[Place, str]]], problems: Problems) -> None:
    """Ids of depots, drop-offs and pickup points are unique across the three."""
    seen: dict[str, str] = {}
    for group in groups:
        for place, where in group:
            if place.id in seen:
                problems.add(at(where, "id"), f"{place.id!r} is also the id of {seen[place.id]}")
            else:
                seen[place.id] = where


def _near_the_zone(placed: list[tuple[Place, str]], dropoffs: list[Place], problems: Problems) -> set[str]:
    """Every depot and pickup point within ``MAX_FROM_DROPOFF_KM`` of a drop-off; the ids of those that are not."""
    far = set()
    gate_lat, gate_lon = np.array([g.lat for g in dropoffs]), np.array([g.lon for g in dropoffs])
    for place, where in placed:
        km = great_circle_m(place.lat, place.lon, gate_lat, gate_lon) / 1000
        nearest = int(np.argmin(km))
        if km[nearest] > MAX_FROM_DROPOFF_KM:
            problems.add(at(where, "lat/lon"), f"is {km[nearest]:,.0f} km from the nearest drop-off "
                                               f"({dropoffs[nearest].id}), farther than the {MAX_FROM_DROPOFF_KM:,} km "
                                               "allowed: check lat and lon")
            far.add(place.id)
    return far


def _fleet_fits_the_roster(fleet: tuple[BusType, ...], workers: tuple[Worker, ...], problems: Problems) -> None:
    """More than ``FREE_COACHES`` coaches only for a roster that could fill them: one coach per person at most
    (a fleet of 100,000 for six workers would keep the planner busy for hours)."""
    total, people = sum(b.count for b in fleet), sum(w.party_size for w in workers)
    if total > max(FREE_COACHES, people):
        problems.add("scenario.yaml fleet", f"charters {total:,} coaches for {people:,} people; above "
                                            f"{FREE_COACHES:,} coaches a scenario may charter one per person at most")


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
    if not folder.is_dir():
        raise ScenarioError([f"{folder}: not a folder"])
    doc = read_yaml(folder / "scenario.yaml")
    problems = Problems()
    b = settings.batch(doc, problems)
    gcj = b.coord_system == "GCJ02"
    depots = settings.places(doc, "depots", gcj, problems)
    dropoffs = settings.places(doc, "dropoffs", gcj, problems)
    fleet = settings.fleet(doc, settings.written_ids(doc, "depots"), problems)
    rules = settings.rules(doc, problems)
    distance = settings.distance(doc, problems)
    pickups = tables.pickup_points(folder, gcj, problems)
    employers, weights = tables.employers(folder, settings.written_ids(doc, "dropoffs"), problems)
    # the region homes may be in: the scenario's own places widened by the access limit (and a slack)
    region = region_around([(p.lat, p.lon) for p, _ in depots + dropoffs + pickups],
                           rules.max_access_m / 1000 + REGION_SLACK_KM)
    roster = _roster(doc, folder, employers, weights, problems, gcj, region)
    crew = tables.crew(folder, {p for t in fleet for p in t.plates}, problems)
    _fleet_fits_the_roster(fleet, roster.workers if roster else (), problems)
    _unique_ids([depots, dropoffs, pickups], problems)
    if dropoffs:
        _near_the_zone(depots + pickups, [g for g, _ in dropoffs], problems)
    if problems.errors or b.name is None or b.start is None or b.deadline is None:
        raise ScenarioError(problems.errors)
    return Scenario(
        name=b.name, date=b.date, timezone=b.timezone, start=b.start, deadline=b.deadline, seed=b.seed,
        coord_system=b.coord_system, depots=tuple(p for p, _ in depots), dropoffs=tuple(p for p, _ in dropoffs),
        pickup_points=tuple(p for p, _ in pickups), employers=employers, fleet=fleet,
        workers=roster.workers if roster else (), rules=rules, distance=distance, folder=str(folder),
        warnings=tuple(problems.warnings), crew=crew,
        rejected=roster.rejected if roster else (), roster_problems=roster.problems if roster else (),
        roster_files=tuple((f.file, f.encoding, len(f.rows)) for f in roster.files) if roster else (),
    )
