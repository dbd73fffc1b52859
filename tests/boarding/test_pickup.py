"""Nearest pickup point within the access limit, every point within it, and who is out of reach."""

from __future__ import annotations

import dataclasses

from geographiclib.geodesic import Geodesic

from routing.boarding.pickup import PickupChoice, assign_pickups, candidates
from routing.model import DistanceSettings, Place, Rules, Scenario, Worker
from routing.plan.model import Unassigned
from tests.helpers import make_tiny_scenario

BASE = make_tiny_scenario()
YZ, XJ = BASE.pickup_points  # P-YZ (原州区) and P-XJ (西吉县), about 50 km apart
A = Place("P-A", "A", 36.00, 106.00, region="640402")
B = Place("P-B", "B", 36.00, 106.20, region="640402")  # about 18 km east of A
FAR = Place("P-FAR", "far", 36.50, 106.00, region="640402")  # about 55 km north of A


def road(lat: float, lon: float, place: Place, circuity: float = 1.4) -> int:
    """Expected access metres: the WGS-84 geodesic in whole metres, times the access circuity, rounded."""
    return round(round(Geodesic.WGS84.Inverse(lat, lon, place.lat, place.lon)["s12"]) * circuity)


def worker(wid: str, lat: float, lon: float, companions: int = 0) -> Worker:
    """A green, certified worker living at (lat, lon)."""
    return Worker(wid, "工人", "640402199001010011", "13995123456", "M", lat, lon, "640402", "", "E1", "green", True,
                  companions=companions, row=int(wid[1:]))


def scenario(points: tuple[Place, ...], workers: tuple[Worker, ...] = (), *, limit_m: int = 30_000,
             access_circuity: float = 1.4) -> Scenario:
    """The tiny scenario with these pickup points, workers, access limit and access circuity."""
    return dataclasses.replace(BASE, pickup_points=points, workers=workers, rules=Rules(max_access_m=limit_m),
                               distance=DistanceSettings(access_circuity=access_circuity))


def test_tiny_workers_board_at_the_point_of_their_town() -> None:
    """Tiny W1, W2 go to P-YZ and W3, W4 to P-XJ, each with its modelled road distance from home."""
    ws = BASE.workers[:4]
    choices, out = assign_pickups(BASE, ws)
    assert out == ()
    assert choices == (
        PickupChoice(ws[0], "P-YZ", road(36.01, 106.29, YZ)),
        PickupChoice(ws[1], "P-YZ", road(36.02, 106.28, YZ)),
        PickupChoice(ws[2], "P-XJ", road(35.97, 105.73, XJ)),
        PickupChoice(ws[3], "P-XJ", road(35.96, 105.72, XJ)),
    )


def test_nearest_point_wins_whatever_the_listing_order() -> None:
    """A worker 7 km from A and 11 km from B boards at A, with B listed first."""
    w = worker("W1", 36.0, 106.08)
    choices, out = assign_pickups(scenario((B, A), (w,)), (w,))
    assert choices == (PickupChoice(w, "P-A", road(36.0, 106.08, A)),) and out == ()


def test_access_distance_uses_the_scenarios_access_circuity() -> None:
    """With access circuity 1.0 the distance is the geodesic; with 2.0 it is twice that (rounded)."""
    w = worker("W1", 36.05, 106.02)
    (c1,), _ = assign_pickups(scenario((A,), (w,), access_circuity=1.0), (w,))
    (c2,), _ = assign_pickups(scenario((A,), (w,), access_circuity=2.0), (w,))
    assert c1.access_m == road(36.05, 106.02, A, 1.0)
    assert c2.access_m == road(36.05, 106.02, A, 2.0)
    assert c2.access_m == 2 * c1.access_m


def test_a_worker_at_the_pickup_point_is_zero_metres_away() -> None:
    """Home on the point itself: access 0 m."""
    w = worker("W1", A.lat, A.lon)
    choices, _ = assign_pickups(scenario((A, B), (w,)), (w,))
    assert choices == (PickupChoice(w, "P-A", 0),)


def test_a_tie_goes_to_the_smaller_pickup_id() -> None:
    """Points exactly 0.25 degrees west and east on the worker's parallel are as far: P-E (< P-W) wins."""
    west = Place("P-W", "west", 36.0, 105.75)
    east = Place("P-E", "east", 36.0, 106.25)
    w = worker("W1", 36.0, 106.0)
    d = road(36.0, 106.0, east)
    assert d == road(36.0, 106.0, west)  # the data really is a tie
    for order in ((west, east), (east, west)):
        choices, _ = assign_pickups(scenario(order, (w,), limit_m=50_000), (w,))
        assert choices == (PickupChoice(w, "P-E", d),)


def test_a_tie_between_points_at_the_same_place_goes_to_the_smaller_id() -> None:
    """Two points at the same spot, listed Z first: P-A2 wins over P-Z2."""
    z2 = Place("P-Z2", "z", 36.01, 106.01)
    a2 = Place("P-A2", "a", 36.01, 106.01)
    w = worker("W1", 36.0, 106.0)
    choices, _ = assign_pickups(scenario((z2, a2), (w,)), (w,))
    assert choices == (PickupChoice(w, "P-A2", road(36.0, 106.0, a2)),)


def test_the_access_limit_is_inclusive() -> None:
    """A limit equal to the distance keeps the worker; one metre less puts them out of reach."""
    w = worker("W1", 36.1, 106.05)
    d = road(36.1, 106.05, A)
    choices, out = assign_pickups(scenario((A,), (w,), limit_m=d), (w,))
    assert choices == (PickupChoice(w, "P-A", d),) and out == ()
    choices, out = assign_pickups(scenario((A,), (w,), limit_m=d - 1), (w,))
    assert choices == () and [(u.worker_id, u.reason) for u in out] == [("W1", "out_of_reach")]


def test_out_of_reach_names_the_nearest_point_its_distance_and_the_limit() -> None:
    """Beyond 30 km of every point: out_of_reach, with the nearest point, km to one decimal and the limit."""
    w = worker("W7", 36.40, 106.05)  # nearer FAR (about 12 km geodesic) than A (about 45 km), limit 10 km
    d = road(36.40, 106.05, FAR)
    assert d > 10_000 and d < road(36.40, 106.05, A)
    choices, out = assign_pickups(scenario((A, FAR), (w,), limit_m=10_000), (w,))
    assert choices == ()
    assert out == (Unassigned("W7", "out_of_reach",
                              f"nearest pickup point P-FAR is {d / 1000:.1f} km by road from home (limit 10 km)"),)


def test_out_of_reach_shows_a_fractional_limit_and_counts_companions() -> None:
    """A 12.5 km limit reads "12.5 km"; the worker's two companions are in the exception."""
    w = worker("W3", 36.5, 106.3, companions=2)
    d = road(36.5, 106.3, B)  # B is nearer than A; both far beyond 12.5 km
    assert d < road(36.5, 106.3, A)
    _, out = assign_pickups(scenario((A, B), (w,), limit_m=12_500), (w,))
    assert out == (Unassigned("W3", "out_of_reach",
                              f"nearest pickup point P-B is {d / 1000:.1f} km by road from home (limit 12.5 km)", 2),)


def test_without_pickup_points_everyone_is_out_of_reach() -> None:
    """No pickup points: every worker (with companions) is out_of_reach, in the given order."""
    ws = (worker("W2", 36.0, 106.0, companions=1), worker("W1", 36.1, 106.1))
    choices, out = assign_pickups(scenario((), ws), ws)
    assert choices == ()
    assert out == (Unassigned("W2", "out_of_reach", "the scenario has no pickup points", 1),
                   Unassigned("W1", "out_of_reach", "the scenario has no pickup points", 0))


def test_no_workers_give_no_choices() -> None:
    """An empty list of workers: nothing chosen, nobody out of reach (with or without points)."""
    assert assign_pickups(scenario((A, B)), ()) == ((), ())
    assert assign_pickups(scenario(()), ()) == ((), ())


def test_choices_and_exceptions_keep_the_given_order() -> None:
    """Reachable and unreachable workers interleaved: each list keeps the order the workers came in."""
    ws = (worker("W4", 36.0, 106.19), worker("W9", 37.0, 106.0), worker("W2", 36.0, 106.01),
          worker("W8", 37.1, 106.0))
    choices, out = assign_pickups(scenario((A, B), ws), ws)
    assert [(c.worker.id, c.pickup_id) for c in choices] == [("W4", "P-B"), ("W2", "P-A")]
    assert [u.worker_id for u in out] == ["W9", "W8"]


def test_only_the_workers_passed_are_assigned() -> None:
    """The scenario's roster is not read: only the workers given get a choice."""
    ws = (worker("W1", 36.0, 106.01), worker("W2", 36.0, 106.19))
    choices, _ = assign_pickups(scenario((A, B), ws), ws[1:])
    assert [c.worker.id for c in choices] == ["W2"]


def test_candidates_list_every_point_within_the_limit_nearest_first() -> None:
    """Between A and B (both in reach) and far from FAR: [(d to A, A), (d to B, B)], FAR left out."""
    w = worker("W1", 36.0, 106.08)
    sc = scenario((FAR, B, A), (w,))
    assert candidates(sc, (w,)) == [[(road(36.0, 106.08, A), "P-A"), (road(36.0, 106.08, B), "P-B")]]


def test_candidates_are_per_worker_in_the_given_order() -> None:
    """Three workers: near B only, near both, near nothing -> one list each, in order."""
    ws = (worker("W1", 36.0, 106.35), worker("W2", 36.0, 106.12), worker("W3", 37.0, 106.5))
    sc = scenario((A, B), ws, limit_m=25_000)
    assert road(36.0, 106.35, A) > 25_000 and road(36.0, 106.12, A) <= 25_000  # check the data
    assert candidates(sc, ws) == [
        [(road(36.0, 106.35, B), "P-B")],
        [(road(36.0, 106.12, B), "P-B"), (road(36.0, 106.12, A), "P-A")],
        [],
    ]


def test_candidates_break_ties_by_id_and_include_the_limit() -> None:
    """Two points at the same spot come smaller id first; a point exactly at the limit is in, one metre out is not."""
    z2 = Place("P-Z2", "z", 36.05, 106.0)
    a2 = Place("P-A2", "a", 36.05, 106.0)
    w = worker("W1", 36.0, 106.0)
    d = road(36.0, 106.0, a2)
    assert candidates(scenario((z2, a2), (w,), limit_m=d), (w,)) == [[(d, "P-A2"), (d, "P-Z2")]]
    assert candidates(scenario((z2, a2), (w,), limit_m=d - 1), (w,)) == [[]]


def test_candidates_use_the_access_circuity_for_the_limit() -> None:
    """A point 7.2 km away by geodesic is within 10 km at circuity 1.0 but not at 1.4."""
    w = worker("W1", 36.0, 106.08)
    geodesic = road(36.0, 106.08, A, 1.0)
    assert 7_000 < geodesic < 7_300  # check the data
    assert candidates(scenario((A,), (w,), limit_m=10_000, access_circuity=1.0), (w,)) == [[(geodesic, "P-A")]]
    assert candidates(scenario((A,), (w,), limit_m=10_000, access_circuity=1.4), (w,)) == [[]]


def test_candidates_without_workers_or_points() -> None:
    """No workers: []; no pickup points: one empty list per worker."""
    ws = (worker("W1", 36.0, 106.0), worker("W2", 36.1, 106.0))
    assert candidates(scenario((A, B)), ()) == []
    assert candidates(scenario(()), ws) == [[], []]


def test_the_nearest_candidate_is_the_nearest_pickup() -> None:
    """For workers in reach, assign_pickups picks the first candidate."""
    ws = (worker("W1", 36.0, 106.03), worker("W2", 36.0, 106.15), worker("W3", 36.02, 106.12))
    sc = scenario((A, B), ws)
    choices, _ = assign_pickups(sc, ws)
    assert [(c.access_m, c.pickup_id) for c in choices] == [opts[0] for opts in candidates(sc, ws)]
    assert [c.pickup_id for c in choices] == ["P-A", "P-B", "P-B"]
