"""Routing engines: each turns a ``VRP`` into a ``VRPSolution``.

``ortools`` is OR-Tools' routing library (guided local search); ``pyvrp`` is PyVRP's
iterated local search; ``vroom`` is VROOM's local search; ``portfolio`` runs them all at
once and keeps the cheapest answer. ``vroom-x1`` is VROOM at exploration level 1, a quick
second opinion (not offered on the command line).
Engines are imported only when used, so a plan made with one does not load the other.
"""

from __future__ import annotations

from collections.abc import Callable

from .vrp import VRPSolution

ENGINES = ("ortools", "pyvrp", "vroom", "portfolio")
Solve = Callable[..., VRPSolution]


def engine(name: str) -> Solve:
    """The ``solve(vrp, time_limit_s, seed, solution_limit)`` function of an engine by name."""
    if name == "ortools":
        from .engine_ortools import solve as ortools_solve

        return ortools_solve
    if name == "pyvrp":
        from .engine_pyvrp import solve as pyvrp_solve

        return pyvrp_solve
    if name == "vroom":
        from .engine_vroom import solve as vroom_solve

        return vroom_solve
    if name == "vroom-x1":
        from functools import partial

        from .engine_vroom import solve as vroom_solve

        return partial(vroom_solve, exploration=1)
    if name == "portfolio":
        from .engine_portfolio import solve as portfolio_solve

        return portfolio_solve
    raise ValueError(f"unknown engine {name!r}; choose one of {', '.join(ENGINES)}")
