"""Route the coaches with OR-Tools: who rides which coach, pickups in which order.

The only module that imports OR-Tools. A node is a *party* (a worker and their
companions) standing at its pickup point, so a party is never split. Each coach
starts at its depot and ends at a virtual node standing for "drive to the zone,
call at the drop-off gates, return to the depot". The model has:

- capacity: passengers <= the coach's effective capacity;
- a fixed cost per coach used, plus CNY per km by coach type, so fewer coaches win;
- time: leave no earlier than the start, reach the zone and every gate by the
  deadline (the way home after the last gate is not bound by it); driving time
  carries an allowance for the rests the schedule inserts;
- driving: at most what the coach's drivers may drive in a day;
- pickup stops per coach <= ``max_pickup_stops``; no cross-county pickups unless allowed;
- a drop penalty per passenger, so every party is served when any coach can.

Solver indices never leave this module.
"""

from __future__ import annotations

import itertools
import math
import random
import time
from dataclasses import dataclass

from ortools.constraint_solver import pywrapcp, routing_enums_pb2

from .errors import SolverError
from .fleet import Coach
from .geography import Matrix, matrix
from .model import Place, Scenario

CENTS = 100  # costs inside the solver are in fen
DROP_PENALTY_PER_PERSON = 10**9


@dataclass(frozen=True)
class Party:
    """A worker and their companions: boards together at one pickup point."""

    worker_id: str
    size: int
    pickup_id: str
    county: str
    dropoff_id: str


@dataclass(frozen=True)
class CoachRoute:
    """A coach's pickups in order: (pickup point id, worker ids of parties boarding)."""

    coach_id: str
    visits: tuple[tuple[str, tuple[str, ...]], ...]


@dataclass(frozen=True)
class RoutingResult:
    """What the optimizer decided."""

    routes: tuple[CoachRoute, ...]
    dropped: tuple[str, ...]  # worker ids of parties no coach carries
    solve_seconds: float
    objective: int


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
    return (sum(mx.m(a, b) for a, b in itertools.pairwise(path)), sum(mx.s(a, b) for a, b in itertools.pairwise(path)))


def rest_allowance_s(scenario: Scenario, drive_s: int) -> int:
    """Time to reserve for rests over ``drive_s`` of driving (one rest per spell by day)."""
    d = scenario.rules.drivers
    return math.ceil(drive_s * d.min_break_s / d.max_continuous_day_s)


def places_matrix(scenario: Scenario) -> Matrix:
    """Road matrix over depots, drop-off gates and pickup points."""
    places: list[Place] = [*scenario.depots, *scenario.dropoffs, *scenario.pickup_points]
    return matrix(scenario.distance, places)


def solve_routes(
    scenario: Scenario,
    coaches: tuple[Coach, ...],
    parties: tuple[Party, ...],
    mx: Matrix,
    time_limit_s: float = 10.0,
    seed: int = 0,
    solution_limit: int = 100,
    guided: bool = True,
) -> RoutingResult:
    """Assign parties to coaches and order each coach's pickups.

    Parameters
    ----------
    scenario
        Rules, times and places.
    coaches
        The coaches available.
    parties
        Who needs carrying, with pickup point and gate.
    mx
        Road matrix over every place id used.
    time_limit_s
        Wall-clock limit of the local search (default 10 s), a safety net: the search
        normally stops first, after ``solution_limit`` solutions, which is repeatable.
    solution_limit
        Solutions the local search may visit (default 100).
    guided
        Guided local search (default) or plain greedy descent to the first local optimum.
    seed
        Orders the parties before solving; the same seed gives the same result.
    """
    t0 = time.perf_counter()
    if not parties or not coaches:
        return RoutingResult((), tuple(p.worker_id for p in parties), 0.0, 0)
    order = list(parties)
    random.Random(seed).shuffle(order)
    rules, drivers = scenario.rules, scenario.rules.drivers
    depot_ids = sorted({c.bus_type.depot_id for c in coaches})
    all_gates = sorted({g.id for g in scenario.dropoffs})
    # node layout: [start per depot] [end per depot] [party nodes]
    n_dep = len(depot_ids)
    loc = [*depot_ids, *depot_ids, *(p.pickup_id for p in order)]
    n = len(loc)
    size = [0] * (2 * n_dep) + [p.size for p in order]
    is_end = [False] * n_dep + [True] * n_dep + [False] * len(order)

    tours: dict[tuple[str, str], tuple[int, int, int, int]] = {}

    def end_leg(i: int, j: int) -> tuple[int, int, int, int]:
        """From node i into end node j (one tour per pickup and depot): distance and driving time of the whole
        way back to the depot, and the time (driving, rests, standing) until the last gate, which the deadline
        bounds; the way home after the last gate is not bound by it.
        """
        if i < 2 * n_dep:  # an unused coach goes nowhere
            return 0, 0, 0, 0
        key = (loc[i], loc[j])
        if key not in tours:
            gates = zone_tour(scenario, mx, loc[i], all_gates, loc[j])
            m, s = tour_m_s(mx, loc[i], gates, loc[j])
            home_s = mx.s(gates[-1], loc[j]) if gates else 0
            to_gate_s = s - home_s
            tours[key] = (m, s, to_gate_s + rest_allowance_s(scenario, to_gate_s), rules.dwell_base_s * len(gates))
        return tours[key]

    pos = [mx.index(place_id) for place_id in loc]
    dist = [[0] * n for _ in range(n)]
    drive = [[0] * n for _ in range(n)]
    tmat = [[0] * n for _ in range(n)]
    stops = [[0] * n for _ in range(n)]
    for i in range(n):
        for j in range(n):
            if i == j:
                continue
            if is_end[j]:
                m, s, on_road, stand = end_leg(i, j)
            elif j < n_dep:  # nothing drives into a start node
                m, s, on_road, stand = 0, 0, 0, 0
            else:
                m, s = mx.distance_m[pos[i]][pos[j]], mx.duration_s[pos[i]][pos[j]]
                on_road = s + rest_allowance_s(scenario, s)
                new_stop = loc[i] != loc[j] or i < 2 * n_dep
                stand = rules.dwell_base_s if new_stop else 0
                stops[i][j] = 1 if new_stop else 0
            dist[i][j], drive[i][j] = m, s
            # boarding and alighting time of party i is paid when leaving it
            tmat[i][j] = on_road + stand + 2 * rules.dwell_per_person_s * size[i]

    vehicles = len(coaches)
    starts = [depot_ids.index(c.bus_type.depot_id) for c in coaches]
    ends = [n_dep + s for s in starts]
    manager = pywrapcp.RoutingIndexManager(n, vehicles, starts, ends)
    model = pywrapcp.RoutingModel(manager)

    cost_cb: dict[float, int] = {}
    for v, c in enumerate(coaches):
        rate = c.bus_type.cost_per_km
        if rate not in cost_cb:
            cost = [[round(d * rate * CENTS / 1000) for d in row] for row in dist]
            cost_cb[rate] = model.RegisterTransitMatrix(cost)
        model.SetArcCostEvaluatorOfVehicle(cost_cb[rate], v)
        model.SetFixedCostOfVehicle(round(c.bus_type.fixed_cost * CENTS), v)

    demand_cb = model.RegisterUnaryTransitVector(size)
    model.AddDimensionWithVehicleCapacity(demand_cb, 0, [c.capacity for c in coaches], True, "load")

    horizon = int((scenario.deadline - scenario.start).total_seconds())
    time_cb = model.RegisterTransitMatrix(tmat)
    model.AddDimension(time_cb, horizon, horizon, False, "time")
    time_dim = model.GetDimensionOrDie("time")
    for v in range(vehicles):
        time_dim.CumulVar(model.Start(v)).SetRange(0, horizon)
        time_dim.CumulVar(model.End(v)).SetRange(0, horizon)
        model.AddVariableMinimizedByFinalizer(time_dim.CumulVar(model.End(v)))
        model.AddVariableMaximizedByFinalizer(time_dim.CumulVar(model.Start(v)))

    drive_cb = model.RegisterTransitMatrix(drive)
    model.AddDimension(drive_cb, 0, 2 * drivers.max_daily_driving_s, True, "drive")

    stops_cb = model.RegisterTransitMatrix(stops)
    model.AddDimension(stops_cb, 0, rules.max_pickup_stops, True, "stops")

    party_index = [2 * n_dep + k for k in range(len(order))]
    if not rules.cross_county:
        for a in range(len(order)):
            ia = manager.NodeToIndex(party_index[a])
            banned = [manager.NodeToIndex(party_index[b]) for b in range(len(order)) if order[b].county != order[a].county]
            if banned:
                model.NextVar(ia).RemoveValues(banned)
    for k, p in enumerate(order):
        model.AddDisjunction([manager.NodeToIndex(party_index[k])], DROP_PENALTY_PER_PERSON * p.size)

    params = pywrapcp.DefaultRoutingSearchParameters()
    params.first_solution_strategy = routing_enums_pb2.FirstSolutionStrategy.PARALLEL_CHEAPEST_INSERTION
    meta = routing_enums_pb2.LocalSearchMetaheuristic
    params.local_search_metaheuristic = meta.GUIDED_LOCAL_SEARCH if guided else meta.GREEDY_DESCENT
    params.time_limit.FromMilliseconds(max(1, round(time_limit_s * 1000)))
    params.solution_limit = solution_limit
    solution = model.SolveWithParameters(params)
    if solution is None:
        raise SolverError(f"OR-Tools found no solution (status {model.status()})")

    routes: list[CoachRoute] = []
    served: set[str] = set()
    for v, c in enumerate(coaches):
        idx = solution.Value(model.NextVar(model.Start(v)))
        visits: list[tuple[str, list[str]]] = []
        while not model.IsEnd(idx):
            p = order[manager.IndexToNode(idx) - 2 * n_dep]
            if visits and visits[-1][0] == p.pickup_id:
                visits[-1][1].append(p.worker_id)
            else:
                visits.append((p.pickup_id, [p.worker_id]))
            served.add(p.worker_id)
            idx = solution.Value(model.NextVar(idx))
        if visits:
            routes.append(CoachRoute(c.id, tuple((pid, tuple(ws)) for pid, ws in visits)))
    dropped = tuple(p.worker_id for p in parties if p.worker_id not in served)
    return RoutingResult(tuple(routes), dropped, time.perf_counter() - t0, solution.ObjectiveValue())
