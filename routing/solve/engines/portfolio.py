"""The portfolio engine: OR-Tools, PyVRP and VROOM on the same VRP at the same time; the cheapest answer wins.

Measured here, no engine is best everywhere: PyVRP is within 1 % of the best known costs
on CVRPLIB instances where OR-Tools is 1.5-6 % above, while on the bus problem, whose stop
limit and driving limit PyVRP cannot model (its routes are repaired after the search),
OR-Tools or VROOM find the cheaper plans. Outside a worker process the three members run
at once, each in its own process, so they share the machine's cores (on two cores each
gets less than one); inside a worker process (a cluster of a split batch), where no
further processes may start, they run one after the other.

Every member stops on a solution or iteration count, so the winner, like each of them,
depends only on the input and the seed. Ties go to the member listed first in ``MEMBERS``
(OR-Tools, then PyVRP, then VROOM).
"""

from __future__ import annotations

import dataclasses
import multiprocessing
import time

from routing.errors import SolverError
from routing.solve.engines.members import MEMBERS, member
from routing.solve.vrp import VRP, VRPSolution


def _run(args: tuple[str, VRP, float, int, int | None]) -> VRPSolution | str:
    name, vrp, time_limit_s, seed, solution_limit = args
    try:
        return member(name)(vrp, time_limit_s=time_limit_s, seed=seed, solution_limit=solution_limit)
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
