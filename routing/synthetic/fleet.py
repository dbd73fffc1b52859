"""Depots and a fleet sized to demand for a generated scenario.

Coaches start at the zone depot, except for origins far from the zone (county centre more
than ``ORIGIN_DEPOT_KM`` straight line away, beyond a day's round trip with breaks): their
coaches start at a coach company's depot at the prefecture seat. Each depot gets coaches
for the passengers of the origins it serves: capacity for the passengers plus ``SLACK``,
``COACH_TYPES`` shares of it in each type (mostly 55-seaters), at least
``MIN_LARGE_COACHES`` 55-seaters per depot. Plates are synthetic.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from routing.coach.seating import effective_capacity
from routing.geo.distance import great_circle_m
from routing.model import BusType, Rules
from routing.synthetic import people as syn
from routing.synthetic.origins import counties, prefecture_seat, short_name
from routing.synthetic.zone import ZONE_LAT, ZONE_LON, ZONE_REGION

ZONE_DEPOT = "D-ETDZ"
ORIGIN_DEPOT_KM = 280.0
SLACK = 0.15
MIN_LARGE_COACHES = 3
PLATE_LETTERS = {"6401": "宁A", "6402": "宁B", "6403": "宁C", "6404": "宁D", "6405": "宁E",
                 "6201": "甘A", "6204": "甘D", "6205": "甘E", "6206": "甘H", "6208": "甘L", "6210": "甘M",
                 "6211": "甘J", "6103": "陕C", "6106": "陕J", "6108": "陕K"}


@dataclass(frozen=True)
class CoachType:
    """A coach type offered by every depot and the share of a depot's capacity it provides."""

    id: str
    name: str
    seats: int
    cost_per_km: float
    fixed_cost: float
    seats_per_row: int
    share: float


COACH_TYPES = (
    CoachType("C55", "55座大客车", 55, 9.0, 800.0, 4, 0.80),
    CoachType("C45", "45座大客车", 45, 8.0, 700.0, 4, 0.10),
    CoachType("C33", "33座中型客车", 33, 6.5, 550.0, 4, 0.06),
    CoachType("C19", "19座小型客车", 19, 5.0, 400.0, 3, 0.04),
)


@dataclass(frozen=True)
class Depot:
    """A depot coaches start from and return to (WGS-84); ``plate`` is its plate prefix, e.g. 甘E."""

    id: str
    name: str
    lat: float
    lon: float
    region: str
    plate: str
    note: str


@dataclass(frozen=True)
class FleetItem:
    """``count`` coaches of one type at one depot (a ``fleet`` item of scenario.yaml)."""

    id: str
    coach: CoachType
    depot: str
    count: int
    capacity: int
    plates: tuple[str, ...]


def zone_depot() -> Depot:
    """Return the zone's coach yard, 1.2 km west-south-west of the zone point."""
    lat, lon = syn.destination(ZONE_LAT, ZONE_LON, 250.0, 1.2)
    return Depot(ZONE_DEPOT, "经开区车场", round(lat, 6), round(lon, 6), ZONE_REGION, "宁A",
                 "coach yard in the zone; synthetic point 1.2 km from the zone point")


def depot_of(adcode: str, far_km: float = ORIGIN_DEPOT_KM) -> str:
    """Return the id of the depot serving an origin county: ``D-<prefecture seat adcode>`` when the county
    centre is more than ``far_km`` from the zone point, else the zone depot.
    """
    c = counties()[adcode]
    if great_circle_m(ZONE_LAT, ZONE_LON, c.lat, c.lon) <= far_km * 1000:
        return ZONE_DEPOT
    return f"D-{prefecture_seat(adcode).adcode}"


def make_depots(origins: Sequence[str], far_km: float = ORIGIN_DEPOT_KM) -> tuple[Depot, ...]:
    """Return the zone depot and, sorted by id, a depot at the prefecture seat of every far origin."""
    out = {ZONE_DEPOT: zone_depot()}
    served: dict[str, list[str]] = {}
    for adcode in origins:
        served.setdefault(depot_of(adcode, far_km), []).append(short_name(adcode))
    for did, names in served.items():
        if did != ZONE_DEPOT:
            seat = counties()[did[2:]]
            out[did] = Depot(did, f"{short_name(seat.adcode)}客运车场", seat.lat, seat.lon, seat.adcode,
                             PLATE_LETTERS.get(seat.adcode[:4], "宁A"),
                             f"coach yard at the prefecture seat (a guess at the gazetteer centre); serves {'、'.join(names)}")
    return (out[ZONE_DEPOT], *sorted((d for k, d in out.items() if k != ZONE_DEPOT), key=lambda d: d.id))


def coach_capacity(coach: CoachType, rules: Rules) -> int:
    """Return the passengers a coach of this type may carry under ``rules``."""
    bus = BusType(coach.id, coach.name, coach.seats, 1, coach.cost_per_km, coach.fixed_cost, "", coach.seats_per_row)
    return effective_capacity(bus, rules)


def _counts(need: float, caps: Sequence[int]) -> list[int]:
    """Coaches per type for ``need`` places: the smaller types their share rounded, the largest its share
    rounded up and then as many more as it takes to hold ``need``, at least ``MIN_LARGE_COACHES``.
    """
    counts = [math.floor(need * c.share / cap + 0.5) for c, cap in zip(COACH_TYPES, caps)]
    counts[0] = max(MIN_LARGE_COACHES, math.ceil(need * COACH_TYPES[0].share / caps[0] - 1e-9))
    short = need - sum(n * cap for n, cap in zip(counts, caps))
    counts[0] += max(0, math.ceil(short / caps[0] - 1e-9))
    return counts


def size_fleet(passengers: Mapping[str, int], depots: Sequence[Depot], rules: Rules,
               plates_up_to: int = 300) -> tuple[FleetItem, ...]:
    """Return the fleet for ``passengers`` per depot id: at each depot room for the passengers plus
    ``SLACK``, about ``CoachType.share`` of it in each type, mostly 55-seaters and at least
    ``MIN_LARGE_COACHES`` of them. Plates are given when the whole fleet has at most ``plates_up_to``
    coaches (a larger list would only bloat scenario.yaml).
    """
    caps = [coach_capacity(c, rules) for c in COACH_TYPES]
    counts = {d.id: _counts(passengers.get(d.id, 0) * (1.0 + SLACK), caps) for d in depots}
    with_plates = sum(sum(c) for c in counts.values()) <= plates_up_to
    items = []
    for depot in depots:
        serial = 8101
        for coach, cap, n in zip(COACH_TYPES, caps, counts[depot.id]):
            if n == 0:
                continue
            series = "D" if depot.id == ZONE_DEPOT else "K"
            plates = tuple(f"{depot.plate}·{series}{serial + k}" for k in range(n)) if with_plates else ()
            serial += n
            tid = coach.id if depot.id == ZONE_DEPOT else f"{coach.id}-{depot.region}"
            items.append(FleetItem(tid, coach, depot.id, n, cap, plates))
    return tuple(items)
