"""Splitting a large batch: whole loads at a pickup point, then clusters with their share of the fleet."""

from __future__ import annotations

import dataclasses
from collections import Counter

from hypothesis import given, settings
from hypothesis import strategies as st

from routing.coach.fleet import Coach
from routing.model import BusType
from routing.solve.decompose import FULL_SHARE, merge_areas, pack_loads, split_batch
from routing.solve.solver import Party

BEARING = {"P-NEAR": 180.0, "P-NEAR2": 200.0, "P-FAR": 210.0}
ZONE_C55 = BusType("C55", "55座", 55, 40, 9.0, 800, "D-ZONE")
ZONE_C45 = BusType("C45", "45座", 45, 10, 8.0, 700, "D-ZONE")
FAR_C55 = BusType("C55-F", "55座", 55, 10, 9.0, 800, "D-FAR")
DEPOT_M = {("D-ZONE", "P-NEAR"): 100_000, ("D-ZONE", "P-FAR"): 500_000, ("D-FAR", "P-NEAR"): 450_000,
           ("D-FAR", "P-FAR"): 10_000, ("D-ZONE", "P-NEAR2"): 110_000, ("D-FAR", "P-NEAR2"): 440_000}


def fleet(*types: BusType, capacity: dict[str, int] | None = None) -> tuple[Coach, ...]:
    caps = capacity or {"C55": 27, "C45": 22, "C55-F": 27}
    return tuple(Coach(f"{t.id}-{k}", t, "", caps[t.id]) for t in types for k in range(1, t.count + 1))


def parties(pickup: str, sizes: list[int], county: str = "620502", gates: str = "AB") -> list[Party]:
    return [Party(f"{pickup}-W{i:04d}", s, pickup, county, f"G-{gates[i % len(gates)]}") for i, s in enumerate(sizes)]


def split(ps, coaches, can_serve=lambda d, p: True, max_stops=3, max_cluster=400):
    return split_batch(ps, coaches, can_serve, lambda c, p: c.bus_type.fixed_cost, lambda p: p.county[:4],
                       sorted({p.pickup_id for p in ps}, key=lambda p: (-DEPOT_M[("D-ZONE", p)], p)),
                       lambda d, p: DEPOT_M[(d, p)], max_stops, sweep=lambda p: BEARING[p], max_cluster=max_cluster)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.integers(1, 3), min_size=0, max_size=120), st.integers(5, 30))
def test_loads_hold_every_party_once_and_never_overflow(sizes: list[int], capacity: int) -> None:
    ps = parties("P-FAR", sizes)
    loads = pack_loads(ps, capacity)
    assert sorted(p.worker_id for load in loads for p in load) == sorted(p.worker_id for p in ps)
    assert all(sum(p.size for p in load) <= capacity for load in loads)
    # first fit: a party never opens a load while an earlier one had room for it
    assert sum(sum(p.size for p in load) < capacity - 2 for load in loads) <= 1


def test_loads_keep_a_gates_people_together() -> None:
    ps = parties("P-FAR", [1] * 54, gates="AB")
    loads = pack_loads(ps, 27)
    assert [sorted({p.dropoff_id for p in load}) for load in loads] == [["G-A"], ["G-B"]]


def test_whole_loads_go_direct_and_the_rest_to_a_cluster() -> None:
    ps = parties("P-FAR", [1] * 60) + parties("P-NEAR", [1] * 10, county="640402")
    s = split(ps, fleet(ZONE_C55, FAR_C55), max_cluster=10)
    assert len(s.direct) == 2
    assert all(len(r.visits) == 1 and len(r.visits[0][1]) >= FULL_SHARE * 27 for r in s.direct)
    placed = [w for r in s.direct for w in r.visits[0][1]] + [p.worker_id for c in s.clusters for p in c.parties]
    assert sorted(placed + [p.worker_id for p in s.unplaced]) == sorted(p.worker_id for p in ps)
    assert Counter(placed).most_common(1)[0][1] == 1
    assert {c.key for c in s.clusters} == {"6205", "6404"}


def test_no_coach_is_given_twice() -> None:
    ps = parties("P-FAR", [1, 2, 3] * 40) + parties("P-NEAR", [2] * 30, county="640402")
    s = split(ps, fleet(ZONE_C55, ZONE_C45, FAR_C55))
    used = [r.coach_id for r in s.direct] + [c.id for cl in s.clusters for c in cl.coaches]
    assert len(used) == len(set(used))


def test_whole_loads_go_on_the_coaches_that_make_them_cheapest_together() -> None:
    """Loads at two points, coaches at two depots, trip cost by distance: each point gets its near depot's coaches."""
    ps = parties("P-FAR", [1] * 54) + parties("P-NEAR", [1] * 54, county="640402")
    few_far = dataclasses.replace(FAR_C55, count=2)
    s = split_batch(ps, fleet(ZONE_C55, few_far), lambda d, p: True, lambda c, p: DEPOT_M[(c.bus_type.depot_id, p)],
                    lambda p: p.county[:4], ["P-FAR", "P-NEAR"], lambda d, p: DEPOT_M[(d, p)], 3)
    by_pickup: dict[str, set[str]] = {}
    for r in s.direct:
        by_pickup.setdefault(r.visits[0][0], set()).add(r.coach_id.rsplit("-", 1)[0])
    assert by_pickup == {"P-FAR": {"C55-F"}, "P-NEAR": {"C55"}}


def test_a_load_takes_the_cheaper_coach_not_the_nearest_depots() -> None:
    """A coach company at the origin is nearest, but its round trip (out to the zone and home) costs more than a
    zone coach's (out and back): with zone coaches to spare, the load goes on a zone coach."""
    ps = parties("P-FAR", [1] * 27)
    cost = {("D-ZONE", "P-FAR"): 934.0, ("D-FAR", "P-FAR"): 970.0}
    s = split_batch(ps, fleet(ZONE_C55, FAR_C55), lambda d, p: True, lambda c, p: cost[(c.bus_type.depot_id, p)],
                    lambda p: p.county[:4], ["P-FAR"], lambda d, p: DEPOT_M[(d, p)], 3)
    assert [r.coach_id.rsplit("-", 1)[0] for r in s.direct] == ["C55"]


def test_when_large_coaches_run_out_smaller_ones_take_whole_loads() -> None:
    ps = parties("P-NEAR", [1] * 49, county="640402")
    s = split(ps, fleet(dataclasses.replace(ZONE_C55, count=1), ZONE_C45))
    assert sorted((r.coach_id.rsplit("-", 1)[0], len(r.visits[0][1])) for r in s.direct) == [("C45", 22), ("C55", 27)]


def test_a_cluster_gets_seats_for_its_people_and_coaches_for_its_stops() -> None:
    ps = (parties("P-NEAR", [1] * 20, county="640402") + parties("P-NEAR2", [3] * 5, county="640422"))
    s = split(ps, fleet(ZONE_C55, ZONE_C45, FAR_C55), max_stops=1)
    (cluster,) = s.clusters
    assert sum(c.capacity for c in cluster.coaches) >= 1.3 * 35
    assert len(cluster.coaches) >= 3  # two pickup points at one stop per coach, plus one


def test_parties_no_depot_can_reach_are_unplaced() -> None:
    ps = parties("P-FAR", [1] * 10)
    s = split(ps, fleet(ZONE_C55), can_serve=lambda d, p: p != "P-FAR")
    assert (s.direct, s.clusters) == ((), ())
    assert [p.worker_id for p in s.unplaced] == [p.worker_id for p in ps]


def test_a_fleet_too_small_leaves_the_rest_unplaced_not_lost() -> None:
    small = dataclasses.replace(ZONE_C55, count=2)
    ps = parties("P-FAR", [1] * 100)
    s = split(ps, fleet(small))
    carried = sum(len(r.visits[0][1]) for r in s.direct) + sum(len(c.parties) for c in s.clusters)
    assert len(s.direct) == 2 and carried + len(s.unplaced) == 100


def test_neighbouring_areas_are_routed_together_up_to_the_cluster_size() -> None:
    """Areas join in order of bearing from the zone while the cluster stays within its size."""
    near = parties("P-NEAR", [1] * 10, county="640402")
    near2 = parties("P-NEAR2", [1] * 10, county="640522")
    far = parties("P-FAR", [1] * 10, county="620502")
    assert [(c.key, len(c.parties)) for c in split(near + near2 + far, fleet(ZONE_C55, FAR_C55)).clusters] == [
        ("6404+6405+6205", 30)]
    keys = [c.key for c in split(near + near2 + far, fleet(ZONE_C55, FAR_C55), max_cluster=20).clusters]
    assert sorted(keys) == ["6205", "6404+6405"]
    assert sorted(merge_areas(far + near, lambda p: p.county, lambda p: BEARING[p], 10)) == ["620502", "640402"]


def test_a_seat_counts_for_one_pickup_point_only() -> None:
    """Two points that only the far depot's coaches reach get enough of them for both people together, even when
    coaches of a nearer depot (which cannot reach them) already give the cluster seats enough in total.
    """
    ps = parties("P-FAR", [1] * 18) + parties("P-NEAR2", [1] * 10) + parties("P-NEAR", [1] * 20)
    reach = {("D-FAR", "P-FAR"), ("D-FAR", "P-NEAR2"), ("D-ZONE", "P-NEAR")}
    near_m = {("D-ZONE", "P-NEAR"): 1_000, ("D-FAR", "P-FAR"): 50_000, ("D-FAR", "P-NEAR2"): 60_000}
    s = split_batch(ps, fleet(ZONE_C55, FAR_C55), lambda d, p: (d, p) in reach, lambda c, p: 0.0,
                    lambda p: "all", ["P-FAR", "P-NEAR2", "P-NEAR"], lambda d, p: near_m.get((d, p), 900_000), 3)
    (cluster,) = s.clusters
    far_seats = sum(c.capacity for c in cluster.coaches if c.bus_type.depot_id == "D-FAR")
    assert far_seats >= 1.3 * 28


def test_a_coach_with_every_seat_closed_is_given_nobody() -> None:
    """A coach of capacity 0 (all its rows observation rows) gets no load and no cluster; the others carry all."""
    ps = parties("P-NEAR", [1] * 10, county="640402")
    closed = dataclasses.replace(ZONE_C45, count=1)
    s = split(ps, fleet(dataclasses.replace(ZONE_C55, count=1), closed, capacity={"C55": 4, "C45": 0}))
    used = [r.coach_id for r in s.direct] + [c.id for cl in s.clusters for c in cl.coaches]
    assert "C45-1" not in used and used.count("C55-1") == 1
    assert sorted(len(r.visits[0][1]) for r in s.direct) == [4]
    carried = {w for r in s.direct for w in r.visits[0][1]}
    assert sorted(p.worker_id for p in s.unplaced) == sorted(p.worker_id for p in ps if p.worker_id not in carried)
    assert len(s.unplaced) == 6
