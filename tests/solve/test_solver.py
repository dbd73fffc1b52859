"""Routing the coaches: the bus VRP solved by real engines and mapped back to coach ids, pickups and workers.

The road matrix is hand-made (the tiny scenario's places, round numbers), so the best plans and their
objectives can be worked out on paper: in 0.0001 CNY, 8,000,000 per C45 coach and 80 per metre.
"""

from __future__ import annotations

import dataclasses
import itertools
from typing import Any

import pytest
from geographiclib.geodesic import Geodesic

from routing.coach.fleet import Coach
from routing.model import BusType
from routing.solve.solver import CoachRoute, Party, RoutingResult, places_matrix, solve_routes
from tests.helpers import make_tiny_scenario
from tests.solve.roads import MX

SC = make_tiny_scenario()
C45 = SC.fleet[0]
PARTIES = (
    Party("W1", 2, "P-YZ", "640402", "G1"),
    Party("W2", 1, "P-YZ", "640402", "G2"),
    Party("W3", 1, "P-XJ", "640422", "G1"),
    Party("W4", 1, "P-XJ", "640422", "G2"),
)
# one coach's whole trip, in metres: out to the pickups, then the gates (nearest first) and home
YZ_ONLY = 300_000 + 299_000 + 1_500 + 2_000  # D1 - P-YZ - G1 - G2 - D1
XJ_ONLY = 350_000 + 351_000 + 1_500 + 1_000  # D1 - P-XJ - G2 - G1 - D1
XJ_THEN_YZ = 350_000 + 60_000 + 299_000 + 1_500 + 2_000  # 1 km shorter than P-YZ first
FAST: dict[str, Any] = {"time_limit_s": 5.0, "solution_limit": 50}
ENGINES = ("ortools", "pyvrp", "vroom", "portfolio")


def fleet(*capacities: int) -> tuple[Coach, ...]:
    """C45 coaches of the given effective capacities, ``C45-1``, ``C45-2``, ..."""
    return tuple(Coach(f"C45-{k}", C45, "", cap) for k, cap in enumerate(capacities, 1))


def visits(route: CoachRoute) -> list[tuple[str, list[str]]]:
    """A route's calls with the workers of each call sorted (the order of parties at one place costs nothing)."""
    return [(pk, sorted(ws)) for pk, ws in route.visits]


def check_accounting(result: RoutingResult, parties: tuple[Party, ...], coaches: tuple[Coach, ...]) -> None:
    """Every party on exactly one coach or dropped; no coach twice; no coach over its capacity."""
    carried = [w for r in result.routes for _, ws in r.visits for w in ws]
    assert sorted(carried + list(result.dropped)) == sorted(p.worker_id for p in parties)
    assert len({r.coach_id for r in result.routes}) == len(result.routes)
    size = {p.worker_id: p.size for p in parties}
    cap = {c.id: c.capacity for c in coaches}
    assert all(sum(size[w] for _, ws in r.visits for w in ws) <= cap[r.coach_id] for r in result.routes)


def test_places_matrix_covers_depots_gates_and_pickups_with_the_road_model() -> None:
    """Ids in order depots, gates, pickups; geodesic x 1.25 (the default circuity); 50 km/h below 60 km, else 80."""
    mx = places_matrix(SC)
    assert mx.ids == ("D1", "G1", "G2", "P-YZ", "P-XJ")
    places = {p.id: p for p in (*SC.depots, *SC.dropoffs, *SC.pickup_points)}
    for a, b in itertools.product(mx.ids, repeat=2):
        pa, pb = places[a], places[b]
        expected = 0 if a == b else round(round(Geodesic.WGS84.Inverse(pa.lat, pa.lon, pb.lat, pb.lon)["s12"]) * 1.25)
        assert mx.m(a, b) == mx.m(b, a) == expected
        assert mx.s(a, b) == round(expected / ((50 if expected < 60_000 else 80) / 3.6))
    assert 300_000 < mx.m("D1", "P-YZ") < 400_000 and mx.s("D1", "G1") < 120  # Yinchuan to Guyuan; within the zone


@pytest.mark.parametrize("name", ENGINES)
def test_one_coach_carries_everyone_on_the_shorter_way_round(name: str) -> None:
    """Five people, coaches of 22: one coach (a second costs 800 CNY), P-XJ first as that is 1 km shorter."""
    coaches = fleet(22, 22)
    result = solve_routes(SC, coaches, PARTIES, MX, seed=0, engine_name=name, **FAST)
    assert [r.coach_id for r in result.routes] == ["C45-1"]
    assert visits(result.routes[0]) == [("P-XJ", ["W3", "W4"]), ("P-YZ", ["W1", "W2"])]
    assert result.dropped == ()
    assert result.objective == 8_000_000 + 80 * XJ_THEN_YZ == 65_000_000
    check_accounting(result, PARTIES, coaches)


@pytest.mark.parametrize("name", ENGINES)
def test_small_coaches_split_by_pickup_point_within_their_capacity(name: str) -> None:
    """Coaches of 3 seats: P-YZ's three on one, P-XJ's two on the other (mixing points only adds kilometres)."""
    coaches = fleet(3, 3)
    result = solve_routes(SC, coaches, PARTIES, MX, seed=0, engine_name=name, **FAST)
    assert sorted(visits(r) for r in result.routes) == [[("P-XJ", ["W3", "W4"])], [("P-YZ", ["W1", "W2"])]]
    assert [r.coach_id for r in result.routes] == ["C45-1", "C45-2"]  # in fleet order
    assert result.dropped == () and result.objective == 2 * 8_000_000 + 80 * (YZ_ONLY + XJ_ONLY) == 120_480_000
    check_accounting(result, PARTIES, coaches)


@pytest.mark.parametrize("name", ["ortools", "pyvrp", "portfolio"])
def test_when_seats_run_out_the_fewest_people_are_left_and_the_penalty_counts(name: str) -> None:
    """One coach of 3 for 5 people: P-YZ's 3 ride, W3 and W4 are dropped at 10**10 each."""
    # VROOM alone carries W2, W3 and W4 and leaves W1's party of two: as many people for more kilometres
    coaches = fleet(3)
    result = solve_routes(SC, coaches, PARTIES, MX, seed=0, engine_name=name, **FAST)
    assert [visits(r) for r in result.routes] == [[("P-YZ", ["W1", "W2"])]]
    assert result.dropped == ("W3", "W4")
    assert result.objective == 8_000_000 + 80 * YZ_ONLY + 2 * 10**10 == 20_056_200_000
    check_accounting(result, PARTIES, coaches)


@pytest.mark.parametrize("name", ENGINES)
def test_parties_of_different_counties_never_share_a_coach_when_the_rules_say_so(name: str) -> None:
    """``cross_county`` false: two coaches, one per county, though one coach could carry all five."""
    sc = dataclasses.replace(SC, rules=dataclasses.replace(SC.rules, cross_county=False))
    coaches = fleet(22, 22)
    result = solve_routes(sc, coaches, PARTIES, MX, seed=0, engine_name=name, **FAST)
    assert sorted(visits(r) for r in result.routes) == [[("P-XJ", ["W3", "W4"])], [("P-YZ", ["W1", "W2"])]]
    assert result.objective == 120_480_000
    check_accounting(result, PARTIES, coaches)


def test_the_cheaper_coach_type_is_used_and_named_by_its_own_id() -> None:
    """A C55 (1000 CNY + 9 CNY/km) listed first and a C45 (800 CNY + 8 CNY/km): the C45 carries everyone."""
    c55 = BusType("C55", "55座", 55, 1, 9.0, 1000.0, "D1")
    coaches = (Coach("C55-1", c55, "", 27), Coach("C45-1", C45, "", 22))
    result = solve_routes(SC, coaches, PARTIES, MX, seed=0, engine_name="ortools", **FAST)
    assert [r.coach_id for r in result.routes] == ["C45-1"] and result.objective == 65_000_000


def test_a_party_is_never_split_and_the_routes_follow_the_fleet_order() -> None:
    """Parties of 2 on coaches of 3: no coach takes two of them; listed fleet order, not engine order."""
    parties = tuple(Party(f"X{k}", 2, pk, "640402", "G1") for k, pk in enumerate(["P-YZ", "P-YZ", "P-XJ"]))
    coaches = (*fleet(3, 3, 3)[::-1],)  # C45-3, C45-2, C45-1
    result = solve_routes(SC, coaches, parties, MX, seed=0, engine_name="ortools", **FAST)
    assert len(result.routes) == 3 and result.dropped == ()
    assert [r.coach_id for r in result.routes] == ["C45-3", "C45-2", "C45-1"]
    assert sorted(len(ws) for r in result.routes for _, ws in r.visits) == [1, 1, 1]
    check_accounting(result, parties, coaches)


def test_routes_are_listed_in_fleet_order_across_coach_types() -> None:
    """Routes come in fleet order (C55-1, C45-1, C55-2), not in the engine's order of vehicle types."""
    c55 = BusType("C55", "55座", 55, 2, 9.0, 1000.0, "D1")
    coaches = (Coach("C55-1", c55, "", 3), Coach("C45-1", C45, "", 3), Coach("C55-2", c55, "", 3))
    parties = tuple(Party(f"X{k}", 2, "P-YZ", "640402", "G1") for k in range(3))
    result = solve_routes(SC, coaches, parties, MX, seed=0, engine_name="ortools", **FAST)
    assert [r.coach_id for r in result.routes] == ["C55-1", "C45-1", "C55-2"]
    assert result.objective == 2 * 10_000_000 + 8_000_000 + (2 * 90 + 80) * YZ_ONLY
    check_accounting(result, parties, coaches)


def many_parties() -> tuple[Party, ...]:
    """Fourteen parties of 1-3 people at the two pickup points, for gates G1 and G2."""
    return tuple(Party(f"M{k:02d}", 1 + k % 3, "P-YZ" if k % 2 else "P-XJ", "640402" if k % 2 else "640422",
                       "G1" if k % 4 < 2 else "G2") for k in range(14))


# 27 people (14 at P-YZ, 13 at P-XJ) on coaches of 6: five coaches, four serving one point each (packed 3 + 3 and
# 2 + 2 + 2 at P-YZ, 3 + 3 and 2 + 2 + 1 + 1 at P-XJ) and one taking P-YZ's last 2 and P-XJ's last 1
MANY_BEST = 5 * 8_000_000 + 80 * (2 * YZ_ONLY + 2 * XJ_ONLY + XJ_THEN_YZ)


@pytest.mark.parametrize("name", ["ortools", "pyvrp", "portfolio"])
def test_the_same_seed_gives_the_same_routes(name: str) -> None:
    """Two solves with seed 3 agree on routes, dropped parties and objective; every party is accounted for."""
    parties, coaches = many_parties(), fleet(6, 6, 6, 6, 6)
    a = solve_routes(SC, coaches, parties, MX, seed=3, engine_name=name, **FAST)
    b = solve_routes(SC, coaches, parties, MX, seed=3, engine_name=name, **FAST)
    assert (a.routes, a.dropped, a.objective) == (b.routes, b.dropped, b.objective)
    check_accounting(a, parties, coaches)
    assert a.dropped == () and len(a.routes) == 5 and a.objective == MANY_BEST == 305_960_000


def test_vroom_repeats_its_cost() -> None:
    """VROOM takes no seed; two solves give the same objective and drop nobody."""
    # routes are not compared: among plans of equal cost VROOM may return another one from run to run (busy machine)
    parties, coaches = many_parties(), fleet(6, 6, 6, 6, 6)
    a = solve_routes(SC, coaches, parties, MX, engine_name="vroom", **FAST)
    b = solve_routes(SC, coaches, parties, MX, engine_name="vroom", **FAST)
    assert a.objective == b.objective == MANY_BEST and a.dropped == b.dropped == ()
    check_accounting(a, parties, coaches)
    check_accounting(b, parties, coaches)


def test_nothing_to_route_or_nothing_to_route_with() -> None:
    """No parties: no routes; no coaches: every party dropped; neither runs an engine."""
    assert solve_routes(SC, fleet(22), (), MX) == RoutingResult((), (), 0.0, 0)
    assert solve_routes(SC, (), PARTIES, MX) == RoutingResult((), ("W1", "W2", "W3", "W4"), 0.0, 0)


def test_an_unknown_engine_is_refused() -> None:
    """``engine_name`` must be one of the registry's engines."""
    with pytest.raises(ValueError, match="unknown engine 'gurobi'"):
        solve_routes(SC, fleet(22), PARTIES, MX, engine_name="gurobi")
