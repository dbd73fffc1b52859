"""The OR-Tools engine on small plain VRPs whose answers can be worked out by hand."""

from __future__ import annotations

import dataclasses

import pytest

from routing.errors import SolverError
from routing.solve.engines.ortools import solve
from routing.solve.vrp import VRP, Route, VehicleType, route_problems, solution_cost

# depot at 0; clients 1..4 on a line: two at 10, two at 20 (nodes 1,2 at x=10; nodes 3,4 at x=20)
X = [0, 10, 10, 20, 20]


def line(n_extra: int = 0, **changes: object) -> VRP:
    xs = X + [100] * n_extra
    m = tuple(tuple(abs(a - b) for b in xs) for a in xs)
    base = VRP(n_depots=1, distance=m, duration=m, demand=(1,) * (len(xs) - 1),
               vehicle_types=(VehicleType(count=4, capacity=2, start_depot=0, end_depot=0),))
    return dataclasses.replace(base, **changes)  # type: ignore[arg-type]


def test_capacity_two_gives_two_routes_of_the_known_optimum() -> None:
    sol = solve(line(), time_limit_s=5, solution_limit=50)
    assert sorted(sorted(r.clients) for r in sol.routes) == [[0, 1], [2, 3]]
    assert sol.cost == 20 + 40 == solution_cost(line(), sol.routes, sol.dropped)


def test_a_fixed_cost_per_vehicle_means_fewer_routes() -> None:
    vt = (VehicleType(count=4, capacity=4, start_depot=0, end_depot=0, fixed_cost=1000),)
    sol = solve(line(vehicle_types=vt), time_limit_s=5, solution_limit=50)
    assert len(sol.routes) == 1 and sol.cost == 1000 + 40


def test_the_cheaper_vehicle_type_is_chosen() -> None:
    vt = (VehicleType(count=2, capacity=4, start_depot=0, end_depot=0, unit_cost=3, name="dear"),
          VehicleType(count=2, capacity=4, start_depot=0, end_depot=0, unit_cost=1, name="cheap"))
    sol = solve(line(vehicle_types=vt), time_limit_s=5, solution_limit=50)
    assert [r.vehicle_type for r in sol.routes] == [1] and sol.cost == 40


def test_an_optional_client_is_dropped_only_when_its_penalty_is_below_its_cost() -> None:
    cheap = solve(line(1, penalty=(None, None, None, None, 5)), time_limit_s=5, solution_limit=50)
    dear = solve(line(1, penalty=(None, None, None, None, 10**6)), time_limit_s=5, solution_limit=50)
    assert cheap.dropped == (4,) and dear.dropped == ()


def test_time_windows_and_waiting() -> None:
    """Client 3 (x=20) opens only at 100: the vehicle waits; every route keeps every window."""
    vrp = line(tw_early=(0, 0, 100, 0), tw_late=(1000, 1000, 1000, 1000),
               vehicle_types=(VehicleType(count=2, capacity=4, start_depot=0, end_depot=0, tw_late=2000),))
    sol = solve(vrp, time_limit_s=5, solution_limit=50)
    assert all(route_problems(vrp, r) == [] for r in sol.routes) and sol.dropped == ()


def test_groups_places_and_driving_are_kept() -> None:
    one_type = (VehicleType(count=4, capacity=4, start_depot=0, end_depot=0, fixed_cost=1000),)
    grouped = line(vehicle_types=one_type, group=("a", "b", "a", "b"))
    sol = solve(grouped, time_limit_s=5, solution_limit=50)
    assert sorted(sorted(r.clients) for r in sol.routes) == [[0, 2], [1, 3]]
    places = line(vehicle_types=one_type, place=("p", "p", "q", "r"), max_places=2)
    sol = solve(places, time_limit_s=5, solution_limit=50)
    assert len(sol.routes) == 2 and all(route_problems(places, r) == [] for r in sol.routes)
    short = (VehicleType(count=4, capacity=4, start_depot=0, end_depot=0, max_drive=20),)
    driving = line(vehicle_types=short, drive=line().distance, penalty=(10**6,) * 4)
    sol = solve(driving, time_limit_s=5, solution_limit=50)
    assert sorted(sol.dropped) == [2, 3]  # x = 20 and back is 40 of driving, over the 20 allowed


def test_same_seed_same_solution_and_no_solution_is_an_error() -> None:
    a = solve(line(), seed=3, time_limit_s=5, solution_limit=30)
    b = solve(line(), seed=3, time_limit_s=5, solution_limit=30)
    assert a.routes == b.routes
    impossible = line(vehicle_types=(VehicleType(count=1, capacity=2, start_depot=0, end_depot=0),))
    with pytest.raises(SolverError):
        solve(impossible, time_limit_s=2, solution_limit=10)


def test_route_problems_names_each_broken_rule() -> None:
    vrp = line(tw_late=(5, 1000, 1000, 1000), group=("a", "b", "a", "a"), place=("p", "q", "r", "s"), max_places=1)
    problems = route_problems(vrp, Route(0, (0, 1, 2)))
    assert any("capacity" in p for p in problems) and any("window" in p for p in problems)
    assert any("groups" in p for p in problems) and any("places" in p for p in problems)
