"""Routing engines: each turns a ``VRP`` into a ``VRPSolution``.

``ortools`` is OR-Tools' routing library (guided local search); ``pyvrp`` is PyVRP's
iterated local search; ``portfolio`` runs both at once and keeps the cheaper answer.
Engines are imported only when used, so a plan made with one does not load the other.
"""

from __future__ import annotations

from collections.abc import Callable

from .vrp import VRPSolution

ENGINES = ("ortools", "pyvrp", "portfolio")
Solve = Callable[..., VRPSolution]


def engine(name: str) -> Solve:
    """The ``solve(vrp, time_limit_s, seed, solution_limit)`` function of an engine by name."""
    if name == "ortools":
        from .engine_ortools import solve as ortools_solve

        return ortools_solve
    if name == "pyvrp":
        from .engine_pyvrp import solve as pyvrp_solve

        return pyvrp_solve
    if name == "portfolio":
        from .engine_portfolio import solve as portfolio_solve

        return portfolio_solve
    raise ValueError(f"unknown engine {name!r}; choose one of {', '.join(ENGINES)}")
