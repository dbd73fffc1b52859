"""The Plan: what every output (plan.json, manifests, timetable, map) is made from.

Field names follow the plan.json contract in ``docs/plan-json.md``. Times are
timezone-aware datetimes; distances in the JSON are kilometres (``km``) as the
contract fixes, everything else keeps integer units.
"""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass

from routing.privacy import mask_in_text

SCHEMA = "returnbus.plan/1"

STOP_KINDS = ("depot", "pickup", "dropoff", "break")

UNASSIGNED_REASONS = (
    "no_health_cert",
    "code_not_green",
    "invalid_record",
    "out_of_reach",
    "no_capacity",
)


@dataclass(frozen=True)
class Stop:
    """One stop of a coach: where, when, who boards and who gets off."""

    seq: int
    kind: str  # depot | pickup | dropoff | break
    place_id: str
    name: str
    lat: float
    lon: float
    arrive: dt.datetime
    depart: dt.datetime
    board: tuple[str, ...] = ()
    alight: tuple[str, ...] = ()
    note: str = ""  # e.g. "rest 20 min", "driver swap", "curfew"
    driver: int = 0  # driver at the wheel when the coach leaves this stop (1, 2; 0 = not driving on)


@dataclass(frozen=True)
class BusPlan:
    """One coach's trip for the day."""

    id: str
    type: str
    seats: int
    capacity: int
    depot: str
    drivers: int
    km: float
    cost: float
    driving_minutes: int
    stops: tuple[Stop, ...]
    plate: str = ""
    type_name: str = ""

    @property
    def passengers(self) -> int:
        """Number of people who board this coach."""
        return sum(len(s.board) for s in self.stops)


@dataclass(frozen=True)
class Assignment:
    """A passenger on a seat (a worker or one of their companions)."""

    worker_id: str
    bus_id: str
    seat: int
    pickup_point_id: str
    dropoff_place_id: str
    access_km: float
    companion_of: str | None = None
    employer_id: str = ""  # the worker's employer (a companion: the worker's)


@dataclass(frozen=True)
class Unassigned:
    """A worker (with their companions) who is not on any coach, and why."""

    worker_id: str
    reason: str
    detail: str
    companions: int = 0

    def __post_init__(self) -> None:
        """The detail never carries a full ID number or phone (it may quote a roster's values)."""
        object.__setattr__(self, "detail", mask_in_text(self.detail))


@dataclass(frozen=True)
class PickupUse:
    """A pickup point and how many people board there."""

    id: str
    name: str
    lat: float
    lon: float
    workers: int
    passengers: int
    approximate: bool = False


@dataclass(frozen=True)
class EmployerRef:
    """An employer and the gate its workers get off at, named for the map and the index page."""

    id: str
    name: str
    dropoff_id: str


@dataclass(frozen=True)
class HomeArea:
    """Where workers live, counted on a grid of ``HOME_GRID_DEG`` cells: never one person's home.

    ``lat``/``lon`` is the cell's centre; ``unassigned`` counts the workers of the cell not
    seated, by reason code.
    """

    lat: float
    lon: float
    workers: int
    seated: int
    unassigned: tuple[tuple[str, int], ...] = ()


HOME_GRID_DEG = 0.1  # about 11 km north-south, 9 km east-west at 37° N


@dataclass(frozen=True)
class PlaceRef:
    """A depot or drop-off, named for the map and the index page."""

    id: str
    name: str
    lat: float
    lon: float
    kind: str  # depot | dropoff
    approximate: bool = False


@dataclass(frozen=True)
class ScenarioInfo:
    """What plan.json repeats about the scenario it was made from."""

    name: str
    date: dt.date
    seed: int
    load_factor: float
    max_access_km: float
    timezone: str
    observation_rows: int
    folder: str = ""  # the scenario folder the plan was made from (absolute), for later commands


@dataclass(frozen=True)
class Summary:
    """The plan at a glance."""

    workers_total: int
    workers_assigned: int
    workers_unassigned: int
    passengers: int
    buses_used: int
    total_km: float
    total_cost: float
    seat_utilization: float  # passengers / sum of effective capacity of buses used
    solve_seconds: float
    buses_available: int
    buses_lower_bound: int  # no plan can use fewer coaches (fleet.lower_bound)
    km_lower_bound: float = 0.0  # no plan can drive fewer coach-km (fleet.km_lower_bound)

    @property
    def buses_gap(self) -> float:
        """Coaches used above the lower bound, as a share of it (0.018 = 1.8 % more)."""
        return round(self.buses_used / self.buses_lower_bound - 1, 4) if self.buses_lower_bound else 0.0

    @property
    def km_gap(self) -> float:
        """Coach-km above the distance bound, as a share of it."""
        return round(self.total_km / self.km_lower_bound - 1, 4) if self.km_lower_bound else 0.0


@dataclass(frozen=True)
class Plan:
    """A complete plan for one batch."""

    scenario: ScenarioInfo
    summary: Summary
    pickup_points: tuple[PickupUse, ...]
    buses: tuple[BusPlan, ...]
    assignments: tuple[Assignment, ...]
    unassigned: tuple[Unassigned, ...]
    places: tuple[PlaceRef, ...] = ()
    schema: str = SCHEMA
    employers: tuple[EmployerRef, ...] = ()
    home_areas: tuple[HomeArea, ...] = ()

    def bus(self, bus_id: str) -> BusPlan:
        """Return the coach with this id."""
        return self._bus_index[bus_id]

    @functools.cached_property
    def _bus_index(self) -> dict[str, BusPlan]:
        return {b.id: b for b in reversed(self.buses)}

    def assignments_of(self, bus_id: str) -> tuple[Assignment, ...]:
        """Passengers of one coach, in seat order."""
        return self._by_bus.get(bus_id, ())

    @functools.cached_property
    def _by_bus(self) -> dict[str, tuple[Assignment, ...]]:
        groups: dict[str, list[Assignment]] = {}
        for a in self.assignments:
            groups.setdefault(a.bus_id, []).append(a)
        return {b: tuple(sorted(group, key=lambda a: a.seat)) for b, group in groups.items()}
