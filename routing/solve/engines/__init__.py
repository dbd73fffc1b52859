"""Routing engines: each turns a ``VRP`` into a ``VRPSolution``.

The single engines are in ``members`` (OR-Tools, PyVRP, VROOM); ``portfolio`` runs those
three at once and keeps the cheapest answer. Engines are imported only when used.
"""

from __future__ import annotations

from routing.solve.engines.members import Solve, member

ENGINES = ("ortools", "pyvrp", "vroom", "portfolio")
DEFAULT_ENGINE = "portfolio"  # measured best: bench/engines, bench/cvrplib


def engine(name: str) -> Solve:
    """The ``solve(vrp, time_limit_s, seed, solution_limit)`` function of an engine by name (``ENGINES``, or
    ``vroom-x1``).

    Raises
    ------
    ValueError
        For an unknown name.
    """
    if name == "portfolio":
        from routing.solve.engines.portfolio import solve as portfolio_solve

        return portfolio_solve
    if name == "vroom-x1" or name in ENGINES:
        return member(name)
    raise ValueError(f"unknown engine {name!r}; choose one of {', '.join(ENGINES)}")
