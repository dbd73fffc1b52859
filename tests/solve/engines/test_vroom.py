"""The VROOM engine on small plain VRPs, and the repair of rules VROOM cannot model."""

from __future__ import annotations

import dataclasses

import pytest

from routing.errors import SolverError
from routing.solve.engines.vroom import solve
from routing.solve.vrp import VRP, VehicleType, route_problems, solution_cost

X = [0, 10, 10, 20, 20]


def line(**changes: object) -> VRP:
    m = tuple(tuple(abs(a - b) for b in X) for a in X)
    base = VRP(n_depots=1, distance=m, duration=m, demand=(1, 1, 1, 1),
               vehicle_types=(VehicleType(count=4, capacity=2, start_depot=0, end_depot=0, fixed_cost=10),))
    return dataclasses.replace(base, **changes)  # type: ignore[arg-type]


def test_capacity_two_gives_the_known_optimum() -> None:
    sol = solve(line(), time_limit_s=5)
    assert sorted(sorted(r.clients) for r in sol.routes) == [[0, 1], [2, 3]]
    assert sol.cost == 20 + 20 + 40 == solution_cost(line(), sol.routes, sol.dropped) and sol.engine == "vroom"


def test_routes_breaking_a_rule_vroom_cannot_model_are_cut() -> None:
    """Four clients at four places, one vehicle could take them all; at most 2 places per route."""
    vrp = line(vehicle_types=(VehicleType(count=4, capacity=4, start_depot=0, end_depot=0, fixed_cost=10),),
               place=("p", "q", "r", "s"), max_places=2, penalty=(10**6,) * 4)
    sol = solve(vrp, time_limit_s=5)
    assert sol.dropped == () and len(sol.routes) == 2
    assert all(route_problems(vrp, r) == [] for r in sol.routes)


def test_a_required_client_no_vehicle_can_take_is_an_error() -> None:
    heavy = line(demand=(1, 1, 1, 5))
    with pytest.raises(SolverError, match="left out required clients 3"):
        solve(heavy, time_limit_s=5)
    with pytest.raises(SolverError, match="max_duration"):
        solve(line(vehicle_types=(VehicleType(count=4, capacity=2, start_depot=0, end_depot=0, max_duration=99),)))
