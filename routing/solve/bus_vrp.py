"""The bus problem written as a plain ``VRP``, so that any routing engine can solve it.

A client is a *party* (a worker and their companions) standing at its pickup point, so
a party is never split. Each depot of the fleet has two nodes: where its coaches start,
and a virtual end standing for "drive to the zone, call at the drop-off gates, drive
home". Into that end node:

- distance is the whole way (to the gates and home), so it is paid for; so is driving,
  unless ``rules.duty_end`` is ``zone``: then the drivers' day ends at the last gate and
  the empty drive home, paid for, is another day's duty;
- duration runs only to the last gate, with rests and the gates' standing time, so the
  deadline (each coach type's ``tw_late``) bounds the arrival at the last gate, not the
  way home.

Between pickups, duration is driving plus an allowance for the rests the schedule will
insert, plus the standing time of a new stop; each party's boarding and alighting time
is its service. Costs are in ``COST_UNIT`` (0.0001 CNY): a fixed cost per coach, a cost
per metre by coach type. Every party may be dropped at a penalty far above any coach's
cost, so every party is carried when any coach can carry it. Driving per coach is
bounded by two drivers' day; the places a coach calls at by ``max_pickup_stops``; when
``cross_county`` is false, parties of different counties never share a coach.
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass

from routing.coach.fleet import Coach
from routing.geo.distance import Matrix
from routing.model import Scenario
from routing.solve.vrp import COST_UNIT, VRP, VehicleType

DROP_PENALTY_PER_PERSON = 10**10  # cost units: a million CNY per person left behind


@dataclass(frozen=True)
class Party:
    """A worker and their companions: boards together at one pickup point."""

    worker_id: str
    size: int
    pickup_id: str
    county: str
    dropoff_id: str


def zone_tour(scenario: Scenario, mx: Matrix, from_id: str, dropoff_ids: list[str], depot_id: str) -> list[str]:
    """Gates in calling order from ``from_id``: nearest first (ties by id)."""
    order: list[str] = []
    here, left = from_id, sorted(set(dropoff_ids))
    while left:
        nxt = min(left, key=lambda g: (mx.m(here, g), g))
        order.append(nxt)
        left.remove(nxt)
        here = nxt
    return order


def tour_m_s(mx: Matrix, start_id: str, gates: list[str], end_id: str) -> tuple[int, int]:
    """Distance and driving time of start -> gates in order -> end."""
    path = [start_id, *gates, end_id]
    return sum(mx.m(a, b) for a, b in itertools.pairwise(path)), sum(mx.s(a, b) for a, b in itertools.pairwise(path))


def rest_allowance_s(scenario: Scenario, drive_s: int) -> int:
    """Time to reserve for rests over ``drive_s`` of driving (one rest per spell by day)."""
    d = scenario.rules.drivers
    return math.ceil(drive_s * d.min_break_s / d.max_continuous_day_s)


@dataclass(frozen=True)
class BusVRP:
    """The VRP of a bus problem, with what maps its answer back: the parties (client k is ``parties[k]``) and the
    coaches of each vehicle type, in fleet order.
    """

    vrp: VRP
    parties: tuple[Party, ...]
    coaches_of_type: tuple[tuple[Coach, ...], ...]


def bus_vrp(scenario: Scenario, coaches: tuple[Coach, ...], parties: tuple[Party, ...], mx: Matrix) -> BusVRP:
    """Write the routing of ``parties`` on ``coaches`` as a VRP (see the module docstring)."""
    rules = scenario.rules
    depot_ids = sorted({c.bus_type.depot_id for c in coaches})
    nd = 2 * len(depot_ids)  # start nodes, then end nodes
    loc = [*depot_ids, *depot_ids, *(p.pickup_id for p in parties)]
    n = len(loc)
    gates = sorted({g.id for g in scenario.dropoffs})
    tours: dict[tuple[str, str], tuple[int, int, int]] = {}

    def end_leg(pickup: str, depot: str) -> tuple[int, int, int]:
        if (pickup, depot) not in tours:
            order = zone_tour(scenario, mx, pickup, gates, depot)
            m, s = tour_m_s(mx, pickup, order, depot)
            to_gate = s - (mx.s(order[-1], depot) if order else 0)
            driven = to_gate if rules.duty_end == "zone" else s
            tours[(pickup, depot)] = (m, driven,
                                      to_gate + rest_allowance_s(scenario, to_gate) + rules.dwell_base_s * len(order))
        return tours[(pickup, depot)]

    pos = [mx.index(p) for p in loc]
    dist = [[0] * n for _ in range(n)]
    drive = [[0] * n for _ in range(n)]
    dur = [[0] * n for _ in range(n)]
    for i in range(n):
        if len(depot_ids) <= i < nd:
            continue  # nothing leaves an end node
        for j in range(len(depot_ids), n):  # nothing enters a start node
            if i == j:
                continue
            if j < nd:
                if i >= nd:
                    dist[i][j], drive[i][j], dur[i][j] = end_leg(loc[i], loc[j])
                continue  # an unused coach goes from its start to its end at no cost
            m, s = mx.distance_m[pos[i]][pos[j]], mx.duration_s[pos[i]][pos[j]]
            stand = rules.dwell_base_s if (i < nd or loc[i] != loc[j]) else 0
            dist[i][j], drive[i][j], dur[i][j] = m, s, s + rest_allowance_s(scenario, s) + stand
    horizon = int((scenario.deadline - scenario.start).total_seconds())
    groups: dict[tuple[str, int], list[Coach]] = {}
    for c in coaches:
        groups.setdefault((c.bus_type.id, c.capacity), []).append(c)
    types = []
    for cs in groups.values():
        bt = cs[0].bus_type
        k = depot_ids.index(bt.depot_id)
        types.append(VehicleType(
            count=len(cs), capacity=cs[0].capacity, start_depot=k, end_depot=len(depot_ids) + k,
            fixed_cost=round(bt.fixed_cost / COST_UNIT), unit_cost=round(bt.cost_per_km / 1000 / COST_UNIT),
            tw_early=0, tw_late=horizon, max_drive=2 * rules.drivers.max_daily_driving_s, name=bt.id))
    vrp = VRP(
        n_depots=nd, distance=_freeze(dist), duration=_freeze(dur), demand=tuple(p.size for p in parties),
        vehicle_types=tuple(types), service=tuple(2 * rules.dwell_per_person_s * p.size for p in parties),
        penalty=tuple(DROP_PENALTY_PER_PERSON * p.size for p in parties), drive=_freeze(drive),
        group=() if rules.cross_county else tuple(p.county for p in parties),
        place=tuple(p.pickup_id for p in parties), max_places=rules.max_pickup_stops,
        names=tuple(p.worker_id for p in parties))
    return BusVRP(vrp, parties, tuple(tuple(cs) for cs in groups.values()))


def _freeze(rows: list[list[int]]) -> tuple[tuple[int, ...], ...]:
    return tuple(tuple(r) for r in rows)
