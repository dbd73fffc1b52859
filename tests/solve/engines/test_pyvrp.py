"""The PyVRP engine on tiny problems whose answers can be worked out by hand, and its repair of routes."""

from __future__ import annotations

import random
from typing import Any

import pytest

from routing.errors import SolverError
from routing.solve.engines import engine
from routing.solve.engines.pyvrp import problem_data, repair, solve
from routing.solve.vrp import VRP, Route, VehicleType, merge_revisits, route_problems, solution_cost

FAST = {"time_limit_s": 30.0, "solution_limit": 20}  # stops at 400 iterations, long before 30 s


def line(depots: list[int], clients: list[int], fleet: tuple[VehicleType, ...], demand: tuple[int, ...] = (),
         **kw: Any) -> VRP:
    """A VRP on a line: nodes at the given positions, distance and duration both |a - b|, demand 1 by default."""
    xs = depots + clients
    m = tuple(tuple(abs(a - b) for b in xs) for a in xs)
    return VRP(len(depots), m, m, demand or (1,) * len(clients), fleet, **kw)


def served(solution_routes: tuple[Route, ...]) -> set[tuple[int, ...]]:
    """The client sequences of the routes, each read in the direction that starts with the lower client."""
    return {r.clients if r.clients[0] < r.clients[-1] else r.clients[::-1] for r in solution_routes}


def test_registry_finds_pyvrp():
    """``engine("pyvrp")`` is this module's solve."""
    assert engine("pyvrp") is solve


def test_cvrp_two_spots_gives_the_known_optimum():
    """Four clients at two spots 10 from the depot and 30 apart, capacity 2: one route per spot, cost 40."""
    vrp = line([0], [10, 10, -20, -20], (VehicleType(count=3, capacity=2, start_depot=0, end_depot=0),))
    sol = solve(vrp, **FAST)
    assert served(sol.routes) == {(0, 1), (2, 3)}
    assert sol.dropped == ()
    assert sol.cost == 10 * 2 + 20 * 2 == solution_cost(vrp, sol.routes, sol.dropped)
    assert sol.engine == "pyvrp"


def test_time_windows_force_a_longer_order():
    """c (at 30) by 30, a (10) in [40, 50], b (20) from 55: only c, a, b fits one vehicle, 80 instead of 60."""
    vrp = line([0], [10, 20, 30], (VehicleType(count=1, capacity=3, start_depot=0, end_depot=0),),
               tw_early=(40, 55, 0), tw_late=(50, 100, 30))
    sol = solve(vrp, **FAST)
    assert sol.routes == (Route(0, (2, 0, 1)),)
    assert sol.cost == 80
    assert all(route_problems(vrp, r) == [] for r in sol.routes)


def test_service_time_counts_towards_windows():
    """Serving a (at 10) takes 50, so c (at 20, by 40) must come first: 0-c-a-0 is the only feasible order."""
    vrp = line([0], [10, 20], (VehicleType(count=1, capacity=2, start_depot=0, end_depot=0),),
               service=(50, 0), tw_late=(100, 40))
    sol = solve(vrp, **FAST)
    assert sol.routes == (Route(0, (1, 0)),)
    assert route_problems(vrp, sol.routes[0]) == []


@pytest.mark.parametrize(("penalty", "dropped"), [(1, (1,)), (10**6, ())])
def test_far_optional_client_dropped_only_when_cheap(penalty, dropped):
    """A client 1000 away is left out for a penalty of 1 and served for 10**6; the cost counts the penalty."""
    vrp = line([0], [10, 1000], (VehicleType(count=2, capacity=2, start_depot=0, end_depot=0),),
               penalty=(None, penalty))
    sol = solve(vrp, **FAST)
    assert sol.dropped == dropped
    assert sol.cost == solution_cost(vrp, sol.routes, sol.dropped) == (20 + 1 if dropped else 2000)


@pytest.mark.parametrize(("fixed_cost", "n_routes", "cost"), [(0, 2, 40), (100, 1, 145)])
def test_fixed_cost_means_fewer_vehicles(fixed_cost, n_routes, cost):
    """Two clients 10 from the depot and 25 apart: two routes (40) when vehicles are free, one (45 + 100) when not."""
    m = ((0, 10, 10), (10, 0, 25), (10, 25, 0))
    fleet = (VehicleType(count=2, capacity=2, start_depot=0, end_depot=0, fixed_cost=fixed_cost),)
    vrp = VRP(1, m, m, (1, 1), fleet)
    sol = solve(vrp, **FAST)
    assert len(sol.routes) == n_routes
    assert sol.cost == cost == solution_cost(vrp, sol.routes, sol.dropped)


def test_two_types_at_two_depots():
    """One-way distances: garage-to-zone takes x (1 + 1), the zone's own coach y (1 + 50); swapped depots would differ."""
    m = ((0, 100, 1, 50),  # garage 0, zone 1, x, y
         (100, 0, 50, 1),
         (50, 1, 0, 60),
         (2, 50, 60, 0))
    fleet = (VehicleType(count=1, capacity=1, start_depot=0, end_depot=1, name="from garage"),
             VehicleType(count=1, capacity=1, start_depot=1, end_depot=1, name="zone"))
    vrp = VRP(2, m, m, (1, 1), fleet)
    sol = solve(vrp, **FAST)
    assert sol.routes == (Route(0, (0,)), Route(1, (1,)))
    assert sol.cost == 2 + 51 == solution_cost(vrp, sol.routes, sol.dropped)


def test_problem_data_maps_every_field():
    """Pickup demand, service, windows, prize, depots, costs; a route leaves at the type's tw_early."""
    fleet = (VehicleType(count=2, capacity=7, start_depot=1, end_depot=0, fixed_cost=5, unit_cost=3, tw_early=60,
                         tw_late=900, max_duration=400, name="C45"),
             VehicleType(count=0, capacity=9, start_depot=0, end_depot=0))
    vrp = line([0, 50], [10, 20], fleet, demand=(2, 3), service=(4, 0), tw_early=(100, 0), tw_late=(200, 300),
               penalty=(None, 77), names=("W1", "W2"))
    data = problem_data(vrp)
    assert data.num_vehicle_types == 1
    vt = data.vehicle_type(0)
    assert (vt.num_available, vt.capacity, vt.start_depot, vt.end_depot, vt.fixed_cost, vt.unit_distance_cost) \
        == (2, [7], 1, 0, 5, 3)
    assert (vt.tw_early, vt.start_late, vt.tw_late, vt.max_duration, vt.name) == (60, 60, 900, 400, "C45")
    a, b = data.clients()
    assert (a.location, a.pickup, a.delivery, a.service_duration, a.tw_early, a.tw_late, a.required, a.name) \
        == (2, [2], [0], 4, 100, 200, True, "W1")
    assert (b.location, b.pickup, b.required, b.prize) == (3, [3], False, 77)
    assert data.distance_matrix(0)[1, 3] == 30


def test_same_seed_and_solution_limit_give_the_same_solution():
    """Forty random clients, seed 3, 10 solutions: twice the same routes, well before the 60 s limit."""
    rng = random.Random(7)
    pts = [(0, 0)] + [(rng.randint(-100, 100), rng.randint(-100, 100)) for _ in range(40)]
    m = tuple(tuple(abs(ax - bx) + abs(ay - by) for bx, by in pts) for ax, ay in pts)
    vrp = VRP(1, m, m, tuple(rng.randint(1, 5) for _ in range(40)),
              (VehicleType(count=10, capacity=15, start_depot=0, end_depot=0),))
    one, two = (solve(vrp, time_limit_s=60.0, seed=3, solution_limit=10) for _ in range(2))
    assert (one.routes, one.dropped, one.cost) == (two.routes, two.dropped, two.cost)
    assert one.seconds < 5
    assert one.routes == tuple(sorted(one.routes, key=lambda r: (r.vehicle_type, r.clients)))
    assert sorted(c for r in one.routes for c in r.clients) == list(range(40))


def test_groups_never_share_a_route_after_solving():
    """Clients of two groups side by side: PyVRP would mix them; every returned route passes route_problems."""
    vrp = line([0], [10, 11, 12, 13], (VehicleType(count=4, capacity=4, start_depot=0, end_depot=0),),
               group=("a", "b", "a", "b"))
    sol = solve(vrp, **FAST)
    assert all(route_problems(vrp, r) == [] for r in sol.routes)
    assert served(sol.routes) == {(0, 2), (1, 3)}
    assert sol.cost == solution_cost(vrp, sol.routes, sol.dropped) == 24 + 26


# repair

PLACES = line([0], [10, 11, 12, 13], (VehicleType(count=3, capacity=9, start_depot=0, end_depot=0),),
              place=("P", "P", "Q", "R"), max_places=2)


def test_merge_revisits_calls_once_at_each_place():
    """P, Q, P becomes P, P, Q (no dearer on the line); a route without a return is unchanged."""
    assert merge_revisits(PLACES, Route(0, (0, 2, 1))) == Route(0, (0, 1, 2))
    assert merge_revisits(PLACES, Route(0, (2, 0, 1, 3))) == Route(0, (2, 0, 1, 3))


def test_merge_revisits_takes_the_merge_that_keeps_the_rules():
    """Q, P, Q: merged at the first call (Q, Q, P) unless P's window closes too early, then at the last (P, Q, Q)."""
    vrp = line([0], [20, 10, 21], (VehicleType(count=1, capacity=9, start_depot=0, end_depot=0),),
               place=("Q", "P", "Q"), max_places=3)
    assert merge_revisits(vrp, Route(0, (0, 1, 2))) == Route(0, (0, 2, 1))  # 42 instead of 62
    late = VRP(vrp.n_depots, vrp.distance, vrp.duration, vrp.demand, vrp.vehicle_types, place=vrp.place,
               max_places=3, tw_early=(0, 0, 0), tw_late=(100, 30, 100))
    assert merge_revisits(late, Route(0, (0, 1, 2))) == Route(0, (1, 0, 2))  # P must be reached by 30
    closed = VRP(vrp.n_depots, vrp.distance, vrp.duration, vrp.demand, vrp.vehicle_types, place=vrp.place,
                 max_places=3, tw_early=(0, 25, 0), tw_late=(20, 30, 100))
    assert merge_revisits(closed, Route(0, (0, 1, 2))) == Route(0, (0, 1, 2))  # Q by 20, P 25..30: no merge fits


def test_repair_keeps_good_routes():
    """A route that breaks nothing comes back as it is."""
    assert repair(PLACES, (Route(0, (0, 1, 2)),)) == ((Route(0, (0, 1, 2)),), ())


def test_repair_splits_a_route_calling_at_too_many_places():
    """P, P, Q, R with at most 2 places: (P, P, Q) then (R) on a spare vehicle."""
    assert repair(PLACES, (Route(0, (0, 1, 2, 3)),)) == ((Route(0, (0, 1, 2)), Route(0, (3,))), ())


def test_repair_hands_a_place_to_another_route_before_cutting():
    """P, Q, R with at most 2 places, and a second route already calling at P with room: P moves there, no new vehicle."""
    assert repair(PLACES, (Route(0, (0, 2, 3)), Route(0, (1,)))) == ((Route(0, (1, 0)), Route(0, (2, 3))), ())


def test_repair_cuts_when_no_route_can_take_the_place():
    """The other route is full (capacity 2): handing over fails, and the broken route is cut as before."""
    vrp = line([0], [10, 11, 12, 13], (VehicleType(count=3, capacity=2, start_depot=0, end_depot=0),),
               place=("P", "P", "Q", "R"), max_places=1)
    assert repair(vrp, (Route(0, (2, 3)), Route(0, (0, 1)))) == ((Route(0, (0, 1)), Route(0, (2,)), Route(0, (3,))), ())


def test_repair_splits_interleaved_groups_by_group():
    """Groups a, b, a, b: one route per group, each in the order PyVRP visited them, not four routes."""
    vrp = line([0], [10, 11, 12, 13], (VehicleType(count=4, capacity=4, start_depot=0, end_depot=0),),
               group=("a", "b", "a", "b"))
    assert repair(vrp, (Route(0, (3, 0, 1, 2)),)) == ((Route(0, (3, 1)), Route(0, (0, 2))), ())


def test_repair_splits_mixed_groups_onto_another_type_with_room():
    """Groups a, a, b, b on the only vehicle of type 0: b, b go to the spare type that takes both (cap 5, not 1)."""
    fleet = (VehicleType(count=1, capacity=10, start_depot=0, end_depot=0),
             VehicleType(count=1, capacity=1, start_depot=0, end_depot=0),
             VehicleType(count=1, capacity=5, start_depot=0, end_depot=0, fixed_cost=50))
    vrp = line([0], [10, 11, 12, 13], fleet, group=("a", "a", "b", "b"))
    assert repair(vrp, (Route(0, (0, 1, 2, 3)),)) == ((Route(0, (0, 1)), Route(2, (2, 3))), ())


def test_repair_drops_what_no_spare_vehicle_can_take():
    """One vehicle, groups a, b, a: the first piece keeps the vehicle, the optional others are dropped."""
    vrp = line([0], [10, 11, 12], (VehicleType(count=1, capacity=9, start_depot=0, end_depot=0),),
               group=("a", "b", "b"), penalty=(None, 5, 5))
    assert repair(vrp, (Route(0, (0, 1, 2)),)) == ((Route(0, (0,)),), (1, 2))


def test_repair_drops_a_client_that_drives_too_far_alone():
    """A client beyond the driving limit of every type is dropped, the rest stay on one route."""
    fleet = (VehicleType(count=2, capacity=9, start_depot=0, end_depot=0, max_drive=50),)
    vrp = line([0], [10, 40, 12], fleet, penalty=(None, 1, None))
    vrp = VRP(vrp.n_depots, vrp.distance, vrp.duration, vrp.demand, fleet, penalty=vrp.penalty, drive=vrp.distance)
    assert repair(vrp, (Route(0, (0, 1, 2)),)) == ((Route(0, (0, 2)),), (1,))


def test_repair_raises_for_a_required_client_it_cannot_place():
    """A required client of another group with no spare vehicle: SolverError naming it."""
    vrp = line([0], [10, 11], (VehicleType(count=1, capacity=9, start_depot=0, end_depot=0),),
               group=("a", "b"), names=("W1", "W2"))
    with pytest.raises(SolverError, match=r"client 1 \(W2\) must be visited.*every vehicle that could take it"):
        repair(vrp, (Route(0, (0, 1)),))


# failures

def test_required_client_heavier_than_every_vehicle():
    """Demand 5 on capacity 3: SolverError at once, naming the client."""
    vrp = line([0], [10, 20], (VehicleType(count=2, capacity=3, start_depot=0, end_depot=0),), demand=(1, 5))
    with pytest.raises(SolverError, match=r"client 1 must be visited, but its demand 5 is more than any vehicle"):
        solve(vrp, **FAST)


def test_unreachable_window_is_no_feasible_solution():
    """A required client 50 away whose window closes at 20: PyVRP finds nothing feasible."""
    vrp = line([0], [10, 50], (VehicleType(count=2, capacity=3, start_depot=0, end_depot=0),), tw_late=(100, 20))
    with pytest.raises(SolverError, match=r"PyVRP found no feasible solution.*: 1 \(client 1 is reached at 50"):
        solve(vrp, time_limit_s=30.0, solution_limit=5)


def test_data_pyvrp_rejects():
    """A window that closes before it opens: SolverError saying PyVRP rejected the problem."""
    vrp = line([0], [10], (VehicleType(count=1, capacity=3, start_depot=0, end_depot=0),), tw_early=(50,),
               tw_late=(20,))
    with pytest.raises(SolverError, match="PyVRP rejected the problem"):
        solve(vrp, **FAST)


def test_costs_in_small_units_do_not_make_pyvrp_overload_vehicles():
    """Bus-sized costs (a coach is 8,000,000 units): breaking capacity must not look cheaper than another coach."""
    m = tuple(tuple(abs(a - b) * 1000 for b in [0] + [300] * 60) for a in [0] + [300] * 60)
    vrp = VRP(n_depots=1, distance=m, duration=m, demand=(1,) * 60,
              vehicle_types=(VehicleType(count=5, capacity=27, start_depot=0, end_depot=0, fixed_cost=8_000_000,
                                         unit_cost=90),),
              penalty=(10**10,) * 60)
    sol = solve(vrp, time_limit_s=10, seed=0, solution_limit=100)
    assert sol.dropped == () and len(sol.routes) == 3
    assert all(route_problems(vrp, r) == [] for r in sol.routes)
