"""Lower bounds on coaches and coach-km: no plan can beat them, and they use what the fleet really has."""

from __future__ import annotations

from routing.coach.fleet import Coach, km_lower_bound, lower_bound
from routing.model import BusType


def fleet(*spec: tuple[int, int]) -> tuple[Coach, ...]:
    """(count, capacity) pairs -> coaches."""
    out = []
    for k, (count, cap) in enumerate(spec):
        bt = BusType(f"T{k}", "", cap * 2, count, 9.0, 800, "D")
        out += [Coach(f"T{k}-{i}", bt, "", cap) for i in range(count)]
    return tuple(out)


def test_the_fleet_bound_counts_small_coaches_when_large_ones_run_out() -> None:
    assert lower_bound(54, fleet((2, 27), (10, 9))) == 2
    assert lower_bound(60, fleet((2, 27), (10, 9))) == 3  # 27 + 27 + 9
    assert lower_bound(60, fleet((1, 27), (10, 9))) == 5  # 27 + 4 x 9; ceil(60 / 27) would say 3


def test_a_fleet_too_small_still_gives_a_bound() -> None:
    assert lower_bound(100, fleet((2, 27))) == 2 + 2  # 46 people left need two more coaches of 27


def test_counties_that_may_not_share_a_coach_need_one_each() -> None:
    assert lower_bound(15, fleet((5, 27)), {"640402": 5, "640422": 5, "640423": 5}) == 3
    assert lower_bound(15, fleet((5, 27))) == 1


def test_nobody_to_carry_needs_no_coach() -> None:
    assert lower_bound(0, fleet((2, 27))) == 0 and lower_bound(5, ()) == 0
    assert km_lower_bound([], fleet((1, 27))) == 0.0


def test_the_distance_bound_is_twice_the_passenger_km_over_the_largest_capacity() -> None:
    # 27 people 300 km from the zone: one full coach must drive at least 300 km there and 300 km back
    assert km_lower_bound([300_000] * 27, fleet((3, 27), (1, 9))) == 600.0
    assert km_lower_bound([300_000] * 3, fleet((3, 27))) == round(2 * 900 / 27, 1)
