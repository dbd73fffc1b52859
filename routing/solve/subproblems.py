"""Route a large batch piece by piece: direct loads, then each cluster in its own process.

OR-Tools' router is single-threaded, and a second routing model built in the same
process can crash on some versions (or-tools issue 5076), so every cluster is solved
in a fresh worker process (``jobs`` at a time). Results come back in cluster order,
so the plan is the same whatever the number of jobs.
"""

from __future__ import annotations

import dataclasses
import math
import multiprocessing
import time
from collections.abc import Callable, Sequence

from routing.coach.fleet import Coach
from routing.geo.distance import Matrix
from routing.model import Scenario
from routing.solve.decompose import Cluster, split_batch
from routing.solve.engines import DEFAULT_ENGINE
from routing.solve.solver import CoachRoute, Party, RoutingResult, solve_routes, tour_m_s, zone_tour

Progress = Callable[[str], None]


def _solve_cluster(args: tuple[Scenario, Cluster, Matrix, float, int, int, str]) -> RoutingResult:
    scenario, cluster, mx, time_limit_s, solution_limit, seed, engine_name = args
    return solve_routes(scenario, cluster.coaches, cluster.parties, mx, time_limit_s=time_limit_s, seed=seed,
                        solution_limit=solution_limit, engine_name=engine_name)


def trip_cost(scenario: Scenario, mx: Matrix, coach: Coach, pickup_id: str) -> float:
    """Cost in CNY of one coach leaving its depot for one pickup point, the zone's gates and home."""
    depot = coach.bus_type.depot_id
    gates = zone_tour(scenario, mx, pickup_id, [g.id for g in scenario.dropoffs], depot)
    km = (mx.m(depot, pickup_id) + tour_m_s(mx, pickup_id, gates, depot)[0]) / 1000
    return coach.bus_type.fixed_cost + km * coach.bus_type.cost_per_km


def solve_in_pieces(
    scenario: Scenario,
    fleet: Sequence[Coach],
    parties: Sequence[Party],
    mx: Matrix,
    can_serve: Callable[[str, str], bool],
    time_limit_s: float,
    solution_limit: int,
    jobs: int = 1,
    progress: Progress | None = None,
    max_cluster: int = 400,
    engine_name: str = DEFAULT_ENGINE,
) -> RoutingResult:
    """Whole loads leave their pickup point directly; the leftovers are routed per cluster in parallel processes.

    Parameters
    ----------
    scenario, fleet, parties, mx
        As for ``solve_routes``.
    can_serve
        ``can_serve(depot_id, pickup_id)``: whether a coach of that depot can serve the pickup point in time.
    time_limit_s, solution_limit
        Search limits of each cluster's solve.
    jobs
        Worker processes solving clusters at the same time.
    progress
        Called with a label as each cluster finishes.
    max_cluster
        Most parties routed together (neighbouring areas join up to this size).
    engine_name
        Routing engine of the clusters.
    """
    t0 = time.perf_counter()
    zone = scenario.dropoffs[0].id
    pickups = sorted({p.pickup_id for p in parties}, key=lambda pk: (-mx.m(zone, pk), pk))
    costs: dict[tuple[str, str], float] = {}

    def cost(coach: Coach, pickup_id: str) -> float:
        key = (coach.bus_type.id, pickup_id)
        if key not in costs:
            costs[key] = trip_cost(scenario, mx, coach, pickup_id)
        return costs[key]

    def area(p: Party) -> str:
        return p.county if not scenario.rules.cross_county else p.county[:4]

    zone_place = scenario.place(zone)

    def bearing(pickup_id: str) -> float:
        p = scenario.place(pickup_id)
        return math.degrees(math.atan2((p.lon - zone_place.lon) * math.cos(math.radians(p.lat)), p.lat - zone_place.lat))

    split = split_batch(parties, fleet, can_serve, cost, area, pickups, mx.m, scenario.rules.max_pickup_stops,
                        sweep=bearing, max_cluster=max_cluster)
    light = dataclasses.replace(scenario, workers=())
    tasks = [(light, c, mx, time_limit_s, solution_limit, scenario.seed, engine_name)
             for c in split.clusters]
    routes: list[CoachRoute] = list(split.direct)
    dropped: list[str] = [p.worker_id for p in split.unplaced]
    objective = 0
    if tasks:
        # fork: children start at once and need no importable __main__; one task per child: a fresh solver each
        with multiprocessing.get_context("fork").Pool(max(1, jobs), maxtasksperchild=1) as pool:
            for k, result in enumerate(pool.imap(_solve_cluster, tasks), 1):
                if progress:
                    progress(f"routing cluster {k}/{len(tasks)}")
                routes.extend(result.routes)
                dropped.extend(result.dropped)
                objective += result.objective
    return RoutingResult(tuple(routes), tuple(dropped), time.perf_counter() - t0, objective)
