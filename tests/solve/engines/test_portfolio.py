"""The portfolio engine keeps the cheaper of OR-Tools' and PyVRP's answers, and says which."""

from __future__ import annotations

from routing.solve.engines import ENGINES, engine
from routing.solve.engines.ortools import solve as ortools
from routing.solve.engines.portfolio import solve as portfolio
from routing.solve.engines.pyvrp import solve as pyvrp
from routing.solve.vrp import VRP, VehicleType, route_problems


def clustered(n: int = 24) -> VRP:
    """Clients on a ring around the depot, capacity 5: a small CVRP with room for better and worse answers."""
    import math

    pts = [(0.0, 0.0)] + [(100 * math.cos(2 * math.pi * k / n) + (k % 3) * 7, 100 * math.sin(2 * math.pi * k / n))
                          for k in range(n)]
    m = tuple(tuple(round(math.dist(a, b)) for b in pts) for a in pts)
    return VRP(n_depots=1, distance=m, duration=m, demand=tuple(1 + k % 2 for k in range(n)),
               vehicle_types=(VehicleType(count=n, capacity=5, start_depot=0, end_depot=0, fixed_cost=50),))


def test_the_portfolio_is_never_worse_than_either_engine_and_names_the_winner() -> None:
    vrp = clustered()
    a = ortools(vrp, time_limit_s=10, seed=0, solution_limit=20)
    b = pyvrp(vrp, time_limit_s=10, seed=0, solution_limit=20)
    best = portfolio(vrp, time_limit_s=10, seed=0, solution_limit=20)
    assert best.cost == min(a.cost, b.cost)
    assert best.engine == ("ortools" if a.cost <= b.cost else "pyvrp")
    assert best.routes == (a if best.engine == "ortools" else b).routes
    assert all(route_problems(vrp, r) == [] for r in best.routes)


def test_the_portfolio_is_an_engine_of_the_registry() -> None:
    assert "portfolio" in ENGINES and engine("portfolio") is portfolio
