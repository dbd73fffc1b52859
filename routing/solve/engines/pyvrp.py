"""The PyVRP engine: a ``VRP`` solved by PyVRP's iterated local search (PyVRP 0.14).

How a ``VRP`` maps onto PyVRP
-----------------------------
- Nodes become PyVRP locations in the same order (depots first, then clients), so the
  ``distance`` and ``duration`` matrices are passed as they are (one routing profile); only
  their diagonals are set to zero, which PyVRP demands and no route ever uses.
- A client's demand is a PyVRP *pickup*: workers board and ride to the end depot. For one
  load dimension a pickup and a delivery check the same thing (the load peaks at the route's
  total), so the choice only says what the load means.
- ``service``, ``tw_early`` and ``tw_late`` become the client's service duration and window;
  ``penalty`` None makes the client required, a penalty makes it optional with that *prize*.
  PyVRP's objective is distance cost + fixed vehicle costs + uncollected prizes, which is
  ``solution_cost`` (route costs + penalties of the clients left out).
- A vehicle type keeps its count, capacity, depots, fixed and per-distance cost, shift
  window (``tw_late`` None = no end) and ``max_duration`` (PyVRP's shift duration, no
  overtime). Its latest start is its ``tw_early``, so a route leaves at ``tw_early`` as
  ``route_problems`` assumes and waiting counts towards ``max_duration``. Types with no
  vehicles are left out.

PyVRP cannot model ``drive``/``max_drive``, ``group`` or ``place``/``max_places``: every route
it returns is checked with ``route_problems`` and a route that breaks a rule is cut into
pieces (``repair``).

Reproducibility: PyVRP is deterministic for a seed and an iteration limit. A
``solution_limit`` adds an iteration limit (``ITERATIONS_PER_SOLUTION`` per solution) so the
stop, and the result, do not depend on the machine's speed as long as the time limit is not
reached first; with only the time limit, the same seed may give different results.
"""

from __future__ import annotations

import time
import warnings
from typing import Any

import numpy as np
import pyvrp
from pyvrp.exceptions import PenaltyBoundWarning
from pyvrp.stop import MaxIterations, MaxRuntime, MultipleCriteria, StoppingCriterion

from routing.errors import SolverError
from routing.solve.repair import repair
from routing.solve.vrp import VRP, Route, VRPSolution, client_label, route_problems, solution_cost

__all__ = ["problem_data", "repair", "solution_routes", "solve"]

ITERATIONS_PER_SOLUTION = 20  # PyVRP iterations per solution of ``solution_limit``
UNLIMITED = int(np.iinfo(np.int64).max)  # PyVRP's own "no limit" for windows and shift durations


def solve(vrp: VRP, time_limit_s: float = 10.0, seed: int = 0, solution_limit: int | None = None) -> VRPSolution:
    """Solve ``vrp`` with PyVRP, then repair the routes that break rules PyVRP cannot model.

    Parameters
    ----------
    vrp
        The problem.
    time_limit_s
        Most seconds PyVRP searches (default 10).
    seed
        Seed of PyVRP's random numbers (default 0).
    solution_limit
        When given, PyVRP also stops after ``ITERATIONS_PER_SOLUTION * solution_limit``
        iterations, which makes the result repeatable for a seed. Default None (time only).

    Returns
    -------
    VRPSolution
        Non-empty routes sorted by vehicle type then clients, the clients left out (sorted), the
        cost by ``solution_cost`` and the wall time, with ``engine="pyvrp"``.

    Raises
    ------
    SolverError
        When PyVRP rejects the problem, finds no feasible solution, or a required client is
        too heavy for every vehicle or cannot be placed after the repair.
    """
    start = time.perf_counter()
    _check_loads(vrp)
    types = tuple(k for k, vt in enumerate(vrp.vehicle_types) if vt.count > 0)
    if vrp.n_clients == 0 or not types:
        routes: tuple[Route, ...] = ()
        dropped = tuple(range(vrp.n_clients))
    else:
        best = _search(vrp, problem_data(vrp), time_limit_s, seed, solution_limit)
        routes, dropped = solution_routes(vrp, best, types)
    routes, more = repair(vrp, routes)
    routes = tuple(sorted(routes, key=lambda r: (r.vehicle_type, r.clients)))
    dropped = tuple(sorted((*dropped, *more)))
    return VRPSolution(routes, dropped, solution_cost(vrp, routes, dropped), time.perf_counter() - start, "pyvrp")


def problem_data(vrp: VRP) -> pyvrp.ProblemData:
    """PyVRP's problem data for ``vrp``, vehicle types with no vehicles left out.

    Raises
    ------
    SolverError
        When PyVRP rejects the data (e.g. a window that closes before it opens).
    """
    n = vrp.n_depots + vrp.n_clients
    try:
        return pyvrp.ProblemData(
            locations=[pyvrp.Location(0, 0) for _ in range(n)],
            clients=[_client(vrp, c) for c in range(vrp.n_clients)],
            depots=[pyvrp.Depot(d) for d in range(vrp.n_depots)],
            vehicle_types=[_vehicle_type(vrp, k) for k, vt in enumerate(vrp.vehicle_types) if vt.count > 0],
            distance_matrices=[_matrix(vrp.distance)],
            duration_matrices=[_matrix(vrp.duration)],
        )
    except (ValueError, IndexError) as e:
        raise SolverError(f"PyVRP rejected the problem: {e}") from e


def solution_routes(vrp: VRP, solution: pyvrp.Solution, types: tuple[int, ...]) -> tuple[tuple[Route, ...], tuple[int, ...]]:
    """PyVRP's non-empty routes as ``Route``s, and the clients it left out.

    ``types[k]`` is the ``vrp`` vehicle type of PyVRP's vehicle type ``k``.
    """
    routes = tuple(
        Route(types[r.vehicle_type()], tuple(a.idx for a in r if a.is_client()))
        for r in solution.routes()
        if r.num_clients() > 0
    )
    served = {c for r in routes for c in r.clients}
    return routes, tuple(c for c in range(vrp.n_clients) if c not in served)


def _check_loads(vrp: VRP) -> None:
    """Raise ``SolverError`` naming every required client heavier than every vehicle (PyVRP would search in vain)."""
    most = max((vt.capacity for vt in vrp.vehicle_types if vt.count > 0), default=None)
    problems = [
        f"client {client_label(vrp, c)} must be visited, but its demand {vrp.demand[c]} is more than any vehicle carries "
        f"({'no vehicles' if most is None else most})."
        for c in range(vrp.n_clients)
        if (not vrp.penalty or vrp.penalty[c] is None) and (most is None or vrp.demand[c] > most)
    ]
    if problems:
        raise SolverError("\n".join(problems))


def _params(vrp: VRP) -> pyvrp.SolveParams:
    """Search parameters whose penalty bound matches the problem's costs.

    PyVRP caps the penalty per unit of excess load or time warp (100,000 by default). When a vehicle's fixed cost
    or a client's prize is far above that (the bus problem counts in 0.0001 CNY: a coach is 8,000,000), breaking
    capacity stays cheaper than adding a vehicle and the search never becomes feasible; so the cap is raised to
    the largest single cost of the problem.
    """
    biggest = max([vt.fixed_cost for vt in vrp.vehicle_types] + [p or 0 for p in vrp.penalty] + [100_000])
    return pyvrp.SolveParams(penalty=pyvrp.PenaltyParams(max_penalty=float(10 * biggest)))


def _search(vrp: VRP, data: pyvrp.ProblemData, time_limit_s: float, seed: int,
            solution_limit: int | None) -> pyvrp.Solution:
    """PyVRP's best solution; ``SolverError`` when it is infeasible."""
    stop: StoppingCriterion = MaxRuntime(time_limit_s)
    if solution_limit is not None:
        stop = MultipleCriteria([MaxIterations(ITERATIONS_PER_SOLUTION * solution_limit), stop])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", PenaltyBoundWarning)  # raised many times a second on infeasible problems
        result = pyvrp.solve(data, stop, seed=seed, collect_stats=False, params=_params(vrp))
    if not result.is_feasible():
        hint = _alone_problems(vrp)
        raise SolverError(f"PyVRP found no feasible solution in {result.runtime:.3g} s ({result.num_iterations} "
                          f"iterations){'; ' + hint if hint else ''}.")
    return result.best


def _alone_problems(vrp: VRP) -> str:
    """The required clients no vehicle type can serve on a route of their own, with why, as one clause."""
    required = (c for c in range(vrp.n_clients) if not vrp.penalty or vrp.penalty[c] is None)
    usable = [k for k, vt in enumerate(vrp.vehicle_types) if vt.count > 0]
    alone = {c: [route_problems(vrp, Route(k, (c,))) for k in usable] for c in required}
    lonely = [f"{client_label(vrp, c)} ({'; '.join(p[0])})" for c, p in alone.items() if p and all(p)]
    return f"required clients no vehicle can serve even alone: {', '.join(lonely)}" if lonely else ""


def _client(vrp: VRP, c: int) -> pyvrp.Client:
    """PyVRP's client ``c``: demand as pickup, service, window, and prize when optional."""
    optional = bool(vrp.penalty) and vrp.penalty[c] is not None
    return pyvrp.Client(
        location=vrp.node(c),
        pickup=[vrp.demand[c]],
        service_duration=vrp.service[c] if vrp.service else 0,
        tw_early=vrp.tw_early[c] if vrp.tw_early else 0,
        tw_late=vrp.tw_late[c] if vrp.tw_late else UNLIMITED,
        prize=(vrp.penalty[c] or 0) if optional else 0,
        required=not optional,
        name=vrp.names[c] if vrp.names else "",
    )


def _vehicle_type(vrp: VRP, k: int) -> pyvrp.VehicleType:
    """PyVRP's vehicle type for type ``k``: leaves at ``tw_early`` exactly; None limits left unconstrained."""
    vt = vrp.vehicle_types[k]
    return pyvrp.VehicleType(
        num_available=vt.count,
        capacity=[vt.capacity],
        start_depot=vt.start_depot,
        end_depot=vt.end_depot,
        fixed_cost=vt.fixed_cost,
        unit_distance_cost=vt.unit_cost,
        tw_early=vt.tw_early,
        tw_late=UNLIMITED if vt.tw_late is None else vt.tw_late,
        shift_duration=UNLIMITED if vt.max_duration is None else vt.max_duration,
        start_late=vt.tw_early,
        name=vt.name,
    )


def _matrix(rows: tuple[tuple[int, ...], ...]) -> Any:  # PyVRP's stub wants np.ndarray[int], not a numpy type
    """A node-by-node matrix as int64 with a zero diagonal."""
    m = np.array(rows, dtype=np.int64).reshape(len(rows), -1)
    np.fill_diagonal(m, 0)
    return m


