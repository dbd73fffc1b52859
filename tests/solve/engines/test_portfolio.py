"""The portfolio engine keeps the cheapest of OR-Tools', PyVRP's and VROOM's answers, and says which."""

from __future__ import annotations

import math
from collections.abc import Callable

import pytest

from routing.errors import SolverError
from routing.solve.engines import DEFAULT_ENGINE, ENGINES, engine
from routing.solve.engines.members import MEMBERS, member
from routing.solve.engines.portfolio import solve as portfolio
from routing.solve.vrp import VRP, VehicleType, route_problems, solution_cost


def clustered(n: int = 24) -> VRP:
    """Clients on a ring around the depot, capacity 5: a small CVRP with room for better and worse answers."""
    pts = [(0.0, 0.0)] + [(100 * math.cos(2 * math.pi * k / n) + (k % 3) * 7, 100 * math.sin(2 * math.pi * k / n))
                          for k in range(n)]
    m = tuple(tuple(round(math.dist(a, b)) for b in pts) for a in pts)
    return VRP(n_depots=1, distance=m, duration=m, demand=tuple(1 + k % 2 for k in range(n)),
               vehicle_types=(VehicleType(count=n, capacity=5, start_depot=0, end_depot=0, fixed_cost=50),))


def line(xs: list[int], **kw: object) -> VRP:
    """Depot at 0, clients at ``xs`` on a line; distance = duration = |a - b|."""
    pts = [0, *xs]
    m = tuple(tuple(abs(a - b) for b in pts) for a in pts)
    kw.setdefault("demand", (1,) * len(xs))
    kw.setdefault("vehicle_types", (VehicleType(count=4, capacity=2, start_depot=0, end_depot=0),))
    return VRP(n_depots=1, distance=m, duration=m, **kw)  # type: ignore[arg-type]


def seats_run_out() -> VRP:
    """One vehicle of 3 for demands 2, 1 (at 10) and 1, 1 (at 30), 1000 per unit left out. Best: the two at 10
    (20 + 2000); VROOM, which does not see drop penalties, takes the three of demand 1 instead (60 + 2000)."""
    return line([10, 10, 30, 30], demand=(2, 1, 1, 1), penalty=(2000, 1000, 1000, 1000),
                vehicle_types=(VehicleType(count=1, capacity=3, start_depot=0, end_depot=0),))


def test_the_portfolio_has_exactly_the_three_members() -> None:
    """OR-Tools, PyVRP and VROOM, in that order (the order of the tie-break)."""
    assert MEMBERS == ("ortools", "pyvrp", "vroom")
    assert all(m in ENGINES for m in MEMBERS) and "portfolio" not in MEMBERS


@pytest.mark.parametrize("make", [clustered, seats_run_out])
def test_the_portfolio_is_never_worse_than_any_member_and_names_the_winner(make: Callable[[], VRP]) -> None:
    """The portfolio's answer is the cheapest member's (ties to the first listed), named and unchanged."""
    vrp = make()
    answers = {name: member(name)(vrp, time_limit_s=10, seed=0, solution_limit=20) for name in MEMBERS}
    best = portfolio(vrp, time_limit_s=10, seed=0, solution_limit=20)
    assert best.engine in MEMBERS
    assert all(best.cost <= a.cost for a in answers.values())
    assert best.cost == min(a.cost for a in answers.values())
    assert best.engine == min(MEMBERS, key=lambda name: (answers[name].cost, MEMBERS.index(name)))
    assert (best.routes, best.dropped) == (answers[best.engine].routes, answers[best.engine].dropped)
    assert best.cost == solution_cost(vrp, best.routes, best.dropped)
    assert all(route_problems(vrp, r) == [] for r in best.routes)


def test_a_member_that_loses_is_not_chosen() -> None:
    """Where seats run out VROOM's answer costs 40 more than the optimum 2020 the others find: it is passed over."""
    vrp = seats_run_out()
    vroom = member("vroom")(vrp, time_limit_s=10, seed=0, solution_limit=20)
    best = portfolio(vrp, time_limit_s=10, seed=0, solution_limit=20)
    assert (vroom.cost, vroom.dropped) == (2060, (0,))
    assert (best.cost, best.dropped, best.engine) == (2020, (2, 3), "ortools")


def test_a_tie_goes_to_the_member_listed_first() -> None:
    """Two clients at 10 and two at 20, two per vehicle: all three find the optimum 60, so OR-Tools wins."""
    vrp = line([10, 10, 20, 20])
    costs = {name: member(name)(vrp, time_limit_s=10, seed=0, solution_limit=20).cost for name in MEMBERS}
    assert costs == {"ortools": 60, "pyvrp": 60, "vroom": 60}
    best = portfolio(vrp, time_limit_s=10, seed=0, solution_limit=20)
    assert (best.cost, best.engine) == (60, "ortools")
    assert sorted(sorted(r.clients) for r in best.routes) == [[0, 1], [2, 3]]


def test_a_member_that_fails_leaves_the_others_to_answer() -> None:
    """VROOM cannot limit a route's duration and refuses; OR-Tools and PyVRP still answer (60, tie to OR-Tools)."""
    vrp = line([10, 10, 20, 20], vehicle_types=(
        VehicleType(count=4, capacity=2, start_depot=0, end_depot=0, max_duration=100),))
    with pytest.raises(SolverError, match="max_duration"):
        member("vroom")(vrp, time_limit_s=10, seed=0, solution_limit=20)
    best = portfolio(vrp, time_limit_s=10, seed=0, solution_limit=20)
    assert (best.cost, best.engine) == (60, "ortools")


def test_when_every_member_fails_the_error_gives_each_reason() -> None:
    """A required client heavier than any vehicle: each member's failure is named in one ``SolverError``."""
    vrp = line([10, 10, 20, 20], demand=(1, 1, 1, 5))
    with pytest.raises(SolverError, match="no engine found a solution") as e:
        portfolio(vrp, time_limit_s=2, seed=0, solution_limit=10)
    assert all(f"{name}: " in str(e.value) for name in MEMBERS)
    assert "left out required clients 3" in str(e.value) and "demand 5 is more than any vehicle carries" in str(e.value)


def test_the_portfolio_is_an_engine_of_the_registry() -> None:
    """``engine("portfolio")`` is the portfolio's solve, and it is the default engine's name."""
    assert "portfolio" in ENGINES and engine("portfolio") is portfolio and DEFAULT_ENGINE == "portfolio"
