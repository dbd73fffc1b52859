"""Routing a batch piece by piece: whole coach loads leave their pickup point directly, the rest in clusters.

Hand-made road matrix over the tiny scenario's places (round numbers), coaches of 4 seats so that a
whole load (at least 90 % of a coach) is 4 people. Costs in 0.0001 CNY: 8,000,000 per coach, 80 per metre.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import Any

from routing.coach.fleet import Coach
from routing.model import Scenario
from routing.solve.solver import Party, RoutingResult
from routing.solve.subproblems import solve_in_pieces, trip_cost
from tests.helpers import make_tiny_scenario
from tests.solve.roads import MX

SC = make_tiny_scenario()
BY_COUNTY = dataclasses.replace(SC, rules=dataclasses.replace(SC.rules, cross_county=False))
C45 = SC.fleet[0]
# P-YZ: 5 people, packed as one whole load (A1 + A2 + A3 = 4) and A4 left over; P-XJ: 2 people, no whole load
PARTIES = (
    Party("A1", 2, "P-YZ", "640402", "G1"),
    Party("A2", 1, "P-YZ", "640402", "G1"),
    Party("A3", 1, "P-YZ", "640402", "G1"),
    Party("A4", 1, "P-YZ", "640402", "G1"),
    Party("B1", 1, "P-XJ", "640422", "G1"),
    Party("B2", 1, "P-XJ", "640422", "G2"),
)
YZ_ONLY = 300_000 + 299_000 + 1_500 + 2_000  # D1 - P-YZ - G1 - G2 - D1
XJ_ONLY = 350_000 + 351_000 + 1_500 + 1_000  # D1 - P-XJ - G2 - G1 - D1
XJ_THEN_YZ = 350_000 + 60_000 + 299_000 + 1_500 + 2_000


def fleet(n: int, capacity: int = 4) -> tuple[Coach, ...]:
    """``n`` C45 coaches ``C45-1`` .. of the given effective capacity."""
    return tuple(Coach(f"C45-{k}", C45, "", capacity) for k in range(1, n + 1))


def everywhere(depot_id: str, pickup_id: str) -> bool:
    """Every depot's coaches reach every pickup point in time."""
    return True


def pieces(scenario: Scenario = SC, coaches: tuple[Coach, ...] | None = None, parties: tuple[Party, ...] = PARTIES,
           can_serve: Callable[[str, str], bool] = everywhere, **kw: Any) -> RoutingResult:
    """``solve_in_pieces`` with small search limits (6 coaches of 4 unless told)."""
    kw.setdefault("time_limit_s", 5.0)
    kw.setdefault("solution_limit", 50)
    return solve_in_pieces(scenario, coaches or fleet(6), parties, MX, can_serve, **kw)


def workers(result: RoutingResult) -> list[str]:
    """Worker ids carried and dropped, sorted (each party once if nothing is lost or doubled)."""
    return sorted([w for r in result.routes for _, ws in r.visits for w in ws] + list(result.dropped))


def test_trip_cost_is_the_fixed_cost_and_the_whole_way_at_the_coach_rate() -> None:
    """800 CNY + 8 CNY/km over depot -> pickup -> gates (nearest first) -> depot: 602.5 km and 703.5 km."""
    assert trip_cost(SC, MX, fleet(1)[0], "P-YZ") == 800 + 8 * 602.5 == 5620.0
    assert trip_cost(SC, MX, fleet(1)[0], "P-XJ") == 800 + 8 * 703.5 == 6428.0


def test_a_whole_load_goes_direct_and_the_leftovers_share_a_routed_coach() -> None:
    """A1-A3 fill a coach at P-YZ (first coach, one call); A4, B1 and B2 share the next coach, P-XJ first."""
    labels: list[str] = []
    result = pieces(progress=labels.append, engine_name="ortools")
    assert result.routes[0].coach_id == "C45-1" and result.routes[0].visits == (("P-YZ", ("A1", "A2", "A3")),)
    assert [(r.coach_id, [(pk, sorted(ws)) for pk, ws in r.visits]) for r in result.routes[1:]] == [
        ("C45-2", [("P-XJ", ["B1", "B2"]), ("P-YZ", ["A4"])])]
    assert result.dropped == () and workers(result) == ["A1", "A2", "A3", "A4", "B1", "B2"]
    assert labels == ["routing cluster 1/1"]
    assert result.objective == 8_000_000 + 80 * XJ_THEN_YZ  # the clusters' objectives only


def test_several_whole_loads_at_one_point_each_go_point_to_point() -> None:
    """Nine people of one county at P-XJ on coaches of 4: two direct coaches of 4, the ninth routed alone."""
    parties = tuple(Party(f"X{k}", 1, "P-XJ", "640422", "G1" if k < 5 else "G2") for k in range(9))
    result = pieces(parties=parties, engine_name="ortools")
    direct = [r for r in result.routes if len(r.visits) == 1 and len(r.visits[0][1]) == 4]
    assert [(r.coach_id, r.visits) for r in direct] == [
        ("C45-1", (("P-XJ", ("X0", "X1", "X2", "X3")),)), ("C45-2", (("P-XJ", ("X4", "X5", "X6", "X7")),))]
    assert [(r.coach_id, r.visits) for r in result.routes[2:]] == [("C45-3", (("P-XJ", ("X8",)),))]
    assert result.dropped == () and workers(result) == sorted(p.worker_id for p in parties)


def test_areas_become_separate_clusters_routed_in_order_farthest_first() -> None:
    """Counties become clusters, routed farthest first, each on its own coaches; objectives add up."""
    # at most two parties per cluster: P-XJ's cluster (farther) gets C45-2 and C45-3, P-YZ's C45-4 and C45-5
    labels: list[str] = []
    result = pieces(BY_COUNTY, max_cluster=2, progress=labels.append)
    assert [(r.coach_id, [(pk, sorted(ws)) for pk, ws in r.visits]) for r in result.routes] == [
        ("C45-1", [("P-YZ", ["A1", "A2", "A3"])]),
        ("C45-2", [("P-XJ", ["B1", "B2"])]),
        ("C45-4", [("P-YZ", ["A4"])]),
    ]
    assert labels == ["routing cluster 1/2", "routing cluster 2/2"]
    assert result.dropped == () and result.objective == 2 * 8_000_000 + 80 * (XJ_ONLY + YZ_ONLY) == 120_480_000


def test_one_job_or_two_give_the_same_routes() -> None:
    """Two clusters solved one at a time or side by side by the default engine: the same plan."""
    one = pieces(BY_COUNTY, max_cluster=2, jobs=1)
    two = pieces(BY_COUNTY, max_cluster=2, jobs=2)
    assert (one.routes, one.dropped, one.objective) == (two.routes, two.dropped, two.objective)
    assert len(one.routes) == 3 and workers(one) == ["A1", "A2", "A3", "A4", "B1", "B2"]


def test_parties_left_without_a_coach_are_dropped() -> None:
    """A single coach goes to the whole load; the leftovers get no coach and are dropped, nobody routed."""
    result = pieces(BY_COUNTY, coaches=fleet(1), max_cluster=2)
    assert result.routes[0].visits == (("P-YZ", ("A1", "A2", "A3")),) and len(result.routes) == 1
    assert sorted(result.dropped) == ["A4", "B1", "B2"]
    assert result.objective == 0


def test_parties_a_cluster_cannot_carry_are_dropped_with_their_penalty() -> None:
    """A cluster short of coaches drops the fewest people, and its objective counts the penalty."""
    # one coach for the whole load, one for both counties' leftovers, which may not share it: B1 + B2 ride, A4 is left
    result = pieces(BY_COUNTY, coaches=fleet(2))
    assert [(r.coach_id, [(pk, sorted(ws)) for pk, ws in r.visits]) for r in result.routes] == [
        ("C45-1", [("P-YZ", ["A1", "A2", "A3"])]), ("C45-2", [("P-XJ", ["B1", "B2"])])]
    assert result.dropped == ("A4",)
    assert result.objective == 8_000_000 + 80 * XJ_ONLY + 10**10


def test_parties_at_a_point_no_coach_can_reach_are_dropped() -> None:
    """P-XJ out of reach: B1 and B2 are dropped; P-YZ is served as before (a whole load and A4 routed)."""
    result = pieces(BY_COUNTY, max_cluster=2, can_serve=lambda d, pk: pk != "P-XJ", engine_name="ortools")
    assert [(r.coach_id, r.visits) for r in result.routes] == [
        ("C45-1", (("P-YZ", ("A1", "A2", "A3")),)), ("C45-2", (("P-YZ", ("A4",)),))]
    assert sorted(result.dropped) == ["B1", "B2"] and workers(result) == ["A1", "A2", "A3", "A4", "B1", "B2"]


def test_no_parties_means_no_routes_and_no_cluster() -> None:
    """An empty batch routes nothing and calls no progress."""
    labels: list[str] = []
    result = pieces(parties=(), progress=labels.append)
    assert (result.routes, result.dropped, result.objective, labels) == ((), (), 0, [])
