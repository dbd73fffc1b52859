"""General routing solvers on a plain ``VRP``, each given a wall-time budget, with none of returnbus' own help.

- ``pyvrp``: ``pyvrp.solve`` on ``routing.solve.engines.pyvrp.problem_data`` with the engine's penalty
  bound, stopped by ``MaxRuntime`` alone; its best solution as it is (no repair of routes).
- ``ortools``: ``routing.solve.engines.ortools.solve`` (parallel cheapest insertion, guided local
  search) with only the time limit.
- ``vroom``: VROOM (pyvroom 1.15) through ``routing.solve.engines.vroom.solve``, on the VRP's own matrices:
  every vehicle of a type starts and ends at the type's depot nodes with its capacity, time window
  and costs (fixed, and per km the type's ``unit_cost`` per metre times 1000, nothing per hour); a
  client is a job picking up its demand, with its service time. VROOM has no drop penalties: it
  leaves a job out only when no route can take it. It runs on one thread at exploration level 5
  with the budget as its timeout; ``vroom-x1`` the same at level 1, VROOM's quickest. VROOM's
  timeout stops its local search, not the construction of its first solutions, so on a large
  VRP it answers well after the budget.

Each function returns the routes and the clients left out; scoring is the caller's. Run each
in a fresh process: OR-Tools must not solve two models in one process.
"""

from __future__ import annotations

import time
import warnings
from collections.abc import Callable
from dataclasses import dataclass

from routing.solve.vrp import VRP, Route

PEERS = ("pyvrp", "ortools", "vroom", "vroom-x1")


@dataclass(frozen=True)
class PeerSolution:
    """What a solver returned: routes, clients left out, whether it calls the answer feasible, wall seconds."""

    routes: tuple[Route, ...]
    dropped: tuple[int, ...]
    feasible: bool
    seconds: float
    note: str = ""


def solve_pyvrp(vrp: VRP, time_limit_s: float, seed: int = 0) -> PeerSolution:
    """PyVRP's best solution after ``time_limit_s`` seconds of search (routes as found, even when infeasible)."""
    import pyvrp
    from pyvrp.exceptions import PenaltyBoundWarning
    from pyvrp.stop import MaxRuntime

    from routing.solve.engines.pyvrp import _params, problem_data, solution_routes

    t0 = time.perf_counter()
    types = tuple(k for k, vt in enumerate(vrp.vehicle_types) if vt.count > 0)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", PenaltyBoundWarning)
        result = pyvrp.solve(problem_data(vrp), MaxRuntime(time_limit_s), seed=seed, collect_stats=False,
                             params=_params(vrp))
    routes, dropped = solution_routes(vrp, result.best, types)
    return PeerSolution(routes, dropped, result.is_feasible(), time.perf_counter() - t0,
                        f"{result.num_iterations} iterations")


def solve_ortools(vrp: VRP, time_limit_s: float, seed: int = 0) -> PeerSolution:
    """OR-Tools routing with only the time limit (``routing.solve.engines.ortools.solve``)."""
    from routing.solve.engines.ortools import solve

    t0 = time.perf_counter()
    solution = solve(vrp, time_limit_s=time_limit_s, seed=seed, solution_limit=None)
    return PeerSolution(solution.routes, solution.dropped, True, time.perf_counter() - t0)


def solve_vroom(vrp: VRP, time_limit_s: float, seed: int = 0, exploration: int = 5) -> PeerSolution:
    """VROOM (``routing.solve.engines.vroom.solve``) on one thread at ``exploration`` (1-5) with ``time_limit_s`` as its
    timeout. VROOM takes no seed. On a plain VRP the engine's repair has nothing to cut: VROOM keeps capacity and
    time, the only rules left.

    The engine's exploration level is a module constant, set here for this process (each solver runs in its own).
    """
    from routing.solve.engines import vroom as engine_vroom

    engine_vroom.EXPLORATION = exploration
    t0 = time.perf_counter()
    solution = engine_vroom.solve(vrp, time_limit_s=time_limit_s, seed=seed)
    return PeerSolution(solution.routes, solution.dropped, True, time.perf_counter() - t0,
                        f"exploration level {exploration}, 1 thread")


SOLVERS: dict[str, Callable[[VRP, float, int], PeerSolution]] = {
    "pyvrp": solve_pyvrp, "ortools": solve_ortools, "vroom": solve_vroom,
    "vroom-x1": lambda vrp, time_limit_s, seed: solve_vroom(vrp, time_limit_s, seed, exploration=1)}
