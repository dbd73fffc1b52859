"""Pickup points chosen by CP-SAT: whole coach loads, few stops, short access; nearest only as a fallback."""

from __future__ import annotations

import dataclasses

from routing.boarding.optimized import select_pickups
from routing.boarding.pickup import assign_pickups, candidates
from routing.model import Place, Rules, Worker
from tests.helpers import make_tiny_scenario

BASE = make_tiny_scenario()
A = Place("P-A", "A", 36.00, 106.00, region="640402")
B = Place("P-B", "B", 36.00, 106.20, region="640402")  # about 18 km east of A


def worker(k: int, lon: float) -> Worker:
    return Worker(f"W{k:03d}", f"工人{k}", "640402199001010011", "13995123456", "M", 36.0, lon, "640402", "", "E1",
                  "green", True, row=k)


def scenario(workers: list[Worker]) -> object:
    # capacity of a 45-seat coach at load factor 0.5 with 2 empty rows: 22
    return dataclasses.replace(BASE, pickup_points=(A, B), workers=tuple(workers), rules=Rules(max_access_m=20_000))


def toy() -> tuple[object, list[Worker]]:
    """20 people only A reaches, 20 only B reaches, 4 in between nearer A (both within reach)."""
    only_a = [worker(k, 105.90) for k in range(20)]
    only_b = [worker(100 + k, 106.30) for k in range(20)]
    between = [worker(200 + k, 106.08) for k in range(4)]
    return scenario(only_a + only_b + between), between


def count(choices: tuple, pickup_id: str) -> int:
    return sum(c.worker.party_size for c in choices if c.pickup_id == pickup_id)


def test_workers_in_reach_of_two_points_fill_coaches() -> None:
    sc, _ = toy()
    near, _ = assign_pickups(sc, sc.workers)  # type: ignore[arg-type]
    chosen, out = select_pickups(sc, sc.workers)  # type: ignore[arg-type]
    assert (count(near, "P-A"), count(near, "P-B")) == (24, 20)  # nearest: 2 coaches at A (22 + 2), 1 at B
    assert (count(chosen, "P-A"), count(chosen, "P-B")) == (22, 22)  # one full coach at each point
    assert out == () and [c.worker.id for c in chosen] == [c.worker.id for c in near]  # same workers, same order


def test_every_choice_is_within_reach_and_reports_its_distance() -> None:
    sc, _ = toy()
    chosen, _ = select_pickups(sc, sc.workers)  # type: ignore[arg-type]
    options = candidates(sc, sc.workers)  # type: ignore[arg-type]
    for c, opts in zip(chosen, options):
        assert (c.access_m, c.pickup_id) in opts and c.access_m <= 20_000


def test_with_nothing_to_gain_workers_keep_the_nearest_point() -> None:
    sc = scenario([worker(k, 105.95) for k in range(10)] + [worker(50 + k, 106.25) for k in range(10)])
    near, _ = assign_pickups(sc, sc.workers)  # type: ignore[arg-type]
    chosen, _ = select_pickups(sc, sc.workers)  # type: ignore[arg-type]
    assert chosen == near


def test_the_same_input_gives_the_same_choice() -> None:
    sc, _ = toy()
    assert select_pickups(sc, sc.workers) == select_pickups(sc, sc.workers)  # type: ignore[arg-type]
