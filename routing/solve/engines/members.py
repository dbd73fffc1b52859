"""The single engines by name, imported only when used (a plan made with one does not load the others).

``ortools`` is OR-Tools' routing library (guided local search), ``pyvrp`` PyVRP's iterated
local search, ``vroom`` VROOM's local search, and ``vroom-x1`` VROOM at exploration level 1,
a quick second opinion (not offered on the command line). The portfolio
(``routing.solve.engines.portfolio``) runs the first three.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from routing.solve.vrp import VRPSolution

MEMBERS = ("ortools", "pyvrp", "vroom")
Solve = Callable[..., VRPSolution]


def member(name: str) -> Solve:
    """The ``solve(vrp, time_limit_s, seed, solution_limit)`` function of a single engine by name.

    Raises
    ------
    ValueError
        For a name that is not a single engine.
    """
    if name == "ortools":
        from routing.solve.engines.ortools import solve as ortools_solve

        return ortools_solve
    if name == "pyvrp":
        from routing.solve.engines.pyvrp import solve as pyvrp_solve

        return pyvrp_solve
    if name in ("vroom", "vroom-x1"):
        from routing.solve.engines.vroom import solve as vroom_solve

        return vroom_solve if name == "vroom" else partial(vroom_solve, exploration=1)
    raise ValueError(f"unknown engine {name!r}; choose one of {', '.join(MEMBERS)}")
