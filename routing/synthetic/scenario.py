"""A complete synthetic scenario around a generated roster: zone, pickup points, depots and fleet.

``generate_scenario`` is a pure function of ``ScenarioParams``: the roster of the spec, the
employers and gates of the zone, a pickup point at every gazetteer place of the origins,
the depots and a fleet sized to the passengers who can board. ``routing.synthetic.files`` writes it.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass, field

from routing.errors import GenerateError
from routing.model import Rules
from routing.roster.idcard import id_number_problem
from routing.synthetic.fleet import ORIGIN_DEPOT_KM, Depot, FleetItem, depot_of, make_depots, size_fleet
from routing.synthetic.origins import places_of, short_name
from routing.synthetic.roster import RosterSpec, generate_worker_rows, origin_counts
from routing.synthetic.zone import Gate, ZoneEmployer, make_zone

DEFAULT_DATE = dt.date(2020, 2, 21)


@dataclass(frozen=True)
class ScenarioParams:
    """What to generate: the roster spec and the day; ``make_params`` checks text input."""

    spec: RosterSpec
    name: str = ""  # "" gives a name from the size and seed
    date: dt.date = DEFAULT_DATE
    start: str = "05:00"
    deadline: str = "22:00"
    origin_depot_km: float = ORIGIN_DEPOT_KM
    rules: Rules = field(default_factory=Rules)


@dataclass(frozen=True)
class Pickup:
    """A pickup point at a gazetteer place (WGS-84): a row of pickup_points.csv."""

    id: str
    name: str
    county: str
    lat: float
    lon: float
    note: str


@dataclass(frozen=True)
class GeneratedScenario:
    """Everything a generated scenario folder holds; ``rows`` are the workers.csv rows."""

    params: ScenarioParams
    name: str
    depots: tuple[Depot, ...]
    gates: tuple[Gate, ...]
    employers: tuple[ZoneEmployer, ...]
    pickups: tuple[Pickup, ...]
    fleet: tuple[FleetItem, ...]
    rows: tuple[dict[str, str], ...]
    passengers: dict[str, int]  # who can board (workers and companions) per depot id


def _clock(value: str, key: str) -> str:
    """HH:MM, or an ISO date-time for a deadline on a later day."""
    text = str(value).strip()
    try:
        if re.fullmatch(r"\d{1,2}:\d{2}", text):
            return dt.time.fromisoformat(text.zfill(5)).strftime("%H:%M")
        return dt.datetime.fromisoformat(text).isoformat()
    except ValueError:
        raise GenerateError(f"{key}: must be HH:MM or an ISO date-time, got {value!r}") from None


def make_params(spec: RosterSpec, name: str | None = None, date: str | dt.date | None = None,
                start: str = "05:00", deadline: str = "22:00",
                origin_depot_km: float | str = ORIGIN_DEPOT_KM) -> ScenarioParams:
    """Return checked ``ScenarioParams`` from text such as a command line gives.

    Raises
    ------
    GenerateError
        Naming the bad parameter: date not YYYY-MM-DD, start or deadline not HH:MM, a
        deadline not after the start, a depot distance that is not a number ≥ 0.
    """
    try:
        day = date if isinstance(date, dt.date) else dt.date.fromisoformat(str(date or DEFAULT_DATE))
    except ValueError:
        raise GenerateError(f"date: must be YYYY-MM-DD, got {date!r}") from None
    first, last = _clock(start, "start"), _clock(deadline, "deadline")
    if len(first) > 5:
        raise GenerateError(f"start: must be HH:MM on the scenario's date, got {start!r}")
    if len(last) == 5 and last <= first:
        raise GenerateError(f"deadline: {last} is not after start {first}")
    try:
        km = float(origin_depot_km)
    except ValueError:
        km = -1.0
    if not km >= 0:
        raise GenerateError(f"depot_km: must be a number of km ≥ 0, got {origin_depot_km!r}")
    return ScenarioParams(spec, (name or "").strip(), day, first, last, km)


def default_name(spec: RosterSpec, day: dt.date) -> str:
    """Return the name of a generated scenario: 经开区返岗 (synthetic, 70,000 workers, seed 1, 2020-02-21)."""
    return f"经开区返岗 (synthetic, {spec.workers:,} workers, seed {spec.seed}, {day.isoformat()})"


def make_pickups(origins: tuple[str, ...]) -> tuple[Pickup, ...]:
    """Return one pickup point per origin county, ``P-<adcode>``, at the place its workers live around (the seat
    town when the gazetteer holds it, else the county centre).
    """
    out = []
    for adcode in origins:
        place = places_of(adcode)[0]
        county = short_name(adcode)
        name = county + ("城" if county.endswith("县") else "城区")
        where = f"seat town {place.name}" if len(place.adcode) == 12 else "county centre"
        out.append(Pickup(f"P-{adcode}", name, adcode, place.lat, place.lon, f"{county} {where} from the bundled gazetteer"))
    return tuple(out)


def boarding_passengers(rows: tuple[dict[str, str], ...], far_km: float) -> dict[str, int]:
    """Return, per depot id, the people who can board: workers with a certificate, a green code and a valid
    ID number, and their companions.
    """
    depot = {c: depot_of(c, far_km) for c in {r["county"] for r in rows}}
    out: Counter[str] = Counter()
    for r in rows:
        if r["health_cert"] == "yes" and r["health_code"] == "green" and id_number_problem(r["id_number"]) is None:
            out[depot[r["county"]]] += 1 + int(r["companions"])
    return dict(sorted(out.items()))


def generate_scenario(params: ScenarioParams) -> GeneratedScenario:
    """Return the complete synthetic scenario of ``params`` (deterministic in the spec's seed).

    Parameters
    ----------
    params
        The roster spec and the day; see ``make_params``.

    Returns
    -------
    GeneratedScenario
        Employers sized like the zone's with ``expected_workers`` adding up to the workers,
        gates, pickup points of the origins with workers, depots (zone, and prefecture
        seats of far origins) and a fleet sized to the passengers who can board.
    """
    spec = params.spec
    employers, gates = make_zone(spec.workers, spec.seed)
    rows = tuple(generate_worker_rows(spec, [(e.id, float(e.expected_workers)) for e in employers]))
    used = tuple(a for a, k in origin_counts(spec).items() if k > 0)
    depots = make_depots(used, params.origin_depot_km)
    passengers = boarding_passengers(rows, params.origin_depot_km)
    return GeneratedScenario(
        params=params, name=params.name or default_name(spec, params.date), depots=depots, gates=gates,
        employers=employers, pickups=make_pickups(used), fleet=size_fleet(passengers, depots, params.rules),
        rows=rows, passengers=passengers,
    )
