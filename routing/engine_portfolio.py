"""The portfolio engine: OR-Tools and PyVRP on the same VRP at the same time; the cheaper answer wins.

Measured here, neither engine is best everywhere: PyVRP is within 1 % of the best known
costs on CVRPLIB instances where OR-Tools is 1.5-6 % above, while on the bus problem,
whose stop limit and driving limit PyVRP cannot model (its routes are repaired after
the search), OR-Tools finds the cheaper plans. On a machine with two or more cores
both run at once, each in its own process, so the portfolio costs no more wall time
than the slower of the two. Inside a worker process (a cluster of a split batch), where
no further processes may start, they run one after the other.

Both engines stop on a solution or iteration count, so the winner, like each of them,
depends only on the input and the seed. Ties go to OR-Tools.
"""

from __future__ import annotations

import dataclasses
import multiprocessing
import time

from .engines import engine
from .errors import SolverError
from .vrp import VRP, VRPSolution

MEMBERS = ("ortools", "pyvrp", "vroom")


def _run(args: tuple[str, VRP, float, int, int | None]) -> VRPSolution | str:
    name, vrp, time_limit_s, seed, solution_limit = args
    try:
        return engine(name)(vrp, time_limit_s=time_limit_s, seed=seed, solution_limit=solution_limit)
    except SolverError as e:
        return f"{name}: {e}"


def solve(vrp: VRP, time_limit_s: float = 10.0, seed: int = 0, solution_limit: int | None = None) -> VRPSolution:
    """Solve ``vrp`` with every member engine and return the cheapest solution (``engine`` names the winner).

    Raises
    ------
    SolverError
        When no member finds a solution (the message gives each one's reason).
    """
    t0 = time.perf_counter()
    tasks = [(name, vrp, time_limit_s, seed, solution_limit) for name in MEMBERS]
    if multiprocessing.current_process().daemon:
        results = [_run(t) for t in tasks]
    else:
        with multiprocessing.get_context("fork").Pool(len(tasks), maxtasksperchild=1) as pool:
            results = pool.map(_run, tasks)
    found = [r for r in results if isinstance(r, VRPSolution)]
    if not found:
        raise SolverError("no engine found a solution: " + "; ".join(str(r) for r in results))
    best = min(found, key=lambda s: (s.cost, MEMBERS.index(s.engine)))
    return dataclasses.replace(best, seconds=time.perf_counter() - t0)
