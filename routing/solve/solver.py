"""Route the coaches: the bus problem as a VRP (``routing.solve.bus_vrp``), solved by a routing engine
(``routing.solve.engines``), and the answer mapped back to coaches and pickups.

Engine indices never leave this module: callers see coach ids, pickup point ids and worker ids.
"""

from __future__ import annotations

from dataclasses import dataclass

from routing.coach.fleet import Coach
from routing.geo.distance import Matrix, matrix
from routing.model import Place, Scenario
from routing.solve.bus_vrp import Party, bus_vrp, rest_allowance_s, tour_m_s, zone_tour
from routing.solve.engines import DEFAULT_ENGINE, engine
from routing.solve.vrp import merge_revisits

__all__ = ["CoachRoute", "Party", "RoutingResult", "places_matrix", "rest_allowance_s", "solve_routes", "tour_m_s",
           "zone_tour"]



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
    engine_name: str = DEFAULT_ENGINE,
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
        Wall-clock limit of the search, a safety net: the search normally stops first, after
        ``solution_limit`` solutions, which is repeatable.
    seed
        Seed of the engine; the same seed gives the same result.
    solution_limit
        Solutions the search may visit (default 100).
    engine_name
        Routing engine (``routing.solve.engines.ENGINES``).
    """
    if not parties or not coaches:
        return RoutingResult((), tuple(p.worker_id for p in parties), 0.0, 0)
    problem = bus_vrp(scenario, coaches, parties, mx)
    solution = engine(engine_name)(problem.vrp, time_limit_s=time_limit_s, seed=seed, solution_limit=solution_limit)
    used = [0] * len(problem.coaches_of_type)
    routes: list[CoachRoute] = []
    for r in (merge_revisits(problem.vrp, r) for r in solution.routes):
        coach = problem.coaches_of_type[r.vehicle_type][used[r.vehicle_type]]
        used[r.vehicle_type] += 1
        visits: list[tuple[str, list[str]]] = []
        for c in r.clients:
            p = problem.parties[c]
            if visits and visits[-1][0] == p.pickup_id:
                visits[-1][1].append(p.worker_id)
            else:
                visits.append((p.pickup_id, [p.worker_id]))
        routes.append(CoachRoute(coach.id, tuple((pid, tuple(ws)) for pid, ws in visits)))
    order = {c.id: i for i, c in enumerate(coaches)}
    routes.sort(key=lambda r: order[r.coach_id])
    dropped = tuple(problem.parties[c].worker_id for c in sorted(solution.dropped))
    return RoutingResult(tuple(routes), dropped, solution.seconds, solution.cost)
