"""The coaches of a scenario (ids, plates, capacities) and the lower bounds on coaches and coach-km."""

from __future__ import annotations

import dataclasses

import pytest

from routing.coach.fleet import Coach, coaches, km_lower_bound, lower_bound
from routing.model import BusType, Rules, Scenario
from tests.helpers import make_tiny_scenario

BASE = make_tiny_scenario()


def bus(type_id: str, seats: int, count: int, plates: tuple[str, ...] = (), seats_per_row: int = 4) -> BusType:
    """A bus type at the tiny scenario's depot."""
    return BusType(type_id, f"{seats}座", seats, count, 8.0, 800.0, "D1", seats_per_row=seats_per_row, plates=plates)


def with_fleet(*types: BusType, rules: Rules | None = None) -> Scenario:
    """The tiny scenario with another fleet (and rules)."""
    return dataclasses.replace(BASE, fleet=types, rules=rules or Rules())


# Capacities worked out by hand at the default rules (load factor 0.5, 2 observation rows, rows of 4):
# 45 seats: floor(22.5) = 22; 10 rows of 4 + a back row of 5, the back two rows (37..45) leave 36 -> 22
# 19 seats: floor(9.5) = 9; 3 rows of 4 + a back row of 7, the back two rows leave 8 -> 8
MIXED = with_fleet(bus("C45", 45, 2), bus("C19", 19, 3))


def caps(*spec: tuple[int, int]) -> tuple[Coach, ...]:
    """(count, capacity) pairs -> coaches with exactly those capacities."""
    out = []
    for k, (count, cap) in enumerate(spec):
        bt = bus(f"T{k}", cap * 2, count)
        out += [Coach(f"T{k}-{i + 1}", bt, "", cap) for i in range(count)]
    return tuple(out)


def test_tiny_scenario_has_two_45_seat_coaches_with_their_plates() -> None:
    """The tiny fleet expands to C45-1 and C45-2 with plates in order and 22 passengers each."""
    assert [(c.id, c.plate, c.capacity) for c in coaches(BASE)] == [
        ("C45-1", "宁A·D8101", 22),
        ("C45-2", "宁A·D8102", 22),
    ]


def test_coaches_go_type_by_type_in_file_order_numbered_from_one() -> None:
    """Types keep their file order (the small type listed first stays first) and each counts from 1."""
    sc = with_fleet(bus("C19", 19, 2), bus("C45", 45, 1), bus("C33", 33, 2))
    assert [c.id for c in coaches(sc)] == ["C19-1", "C19-2", "C45-1", "C33-1", "C33-2"]


def test_each_coach_keeps_its_bus_type() -> None:
    """A coach points back at the BusType it was expanded from."""
    small, large = bus("C19", 19, 1), bus("C45", 45, 2)
    fleet = coaches(with_fleet(small, large))
    assert [c.bus_type for c in fleet] == [small, large, large]


def test_missing_plates_are_empty_and_extra_plates_are_ignored() -> None:
    """Three coaches with two plates: the third has no plate; a fourth plate for a one-coach type is dropped."""
    sc = with_fleet(bus("A", 45, 3, plates=("宁A·1", "宁A·2")), bus("B", 45, 1, plates=("宁B·1", "宁B·2")))
    assert [(c.id, c.plate) for c in coaches(sc)] == [("A-1", "宁A·1"), ("A-2", "宁A·2"), ("A-3", ""), ("B-1", "宁B·1")]


def test_a_type_with_no_coaches_adds_none() -> None:
    """count 0 contributes no coach; an empty fleet gives no coaches."""
    assert [c.id for c in coaches(with_fleet(bus("A", 45, 0), bus("B", 19, 1)))] == ["B-1"]
    assert coaches(with_fleet()) == ()


@pytest.mark.parametrize(
    ("seats", "load_factor", "observation_rows", "expected"),
    [
        (45, 0.5, 2, 22),  # floor(22.5) = 22 < 36 usable
        (45, 1.0, 2, 36),  # 45 by the factor, but rows 37..45 stay empty
        (45, 0.9, 2, 36),  # floor(40.5) = 40 > 36 usable
        (45, 1.0, 0, 45),  # no observation rows: every seat
        (45, 1.0, 1, 40),  # only the back row of 5 stays empty
        (33, 0.7, 2, 23),  # floor(23.1) = 23; 7 rows of 4 + back row of 5, back two (25..33) leave 24
        (33, 0.8, 2, 24),  # floor(26.4) = 26 > 24 usable
        (19, 0.5, 2, 8),  # floor(9.5) = 9 > 8 usable (rows 1..8)
        (100, 0.57, 0, 57),  # 100 x 0.57 is 56.99999999999999 in floats: still 57 passengers
        (100, 0.29, 0, 29),  # 100 x 0.29 is 28.999999999999996 in floats: still 29
    ],
)
def test_capacity_is_floor_of_seats_times_load_factor_within_the_usable_seats(
    seats: int, load_factor: float, observation_rows: int, expected: int
) -> None:
    """Every coach of a type gets min(floor(seats x load_factor), seats before the observation rows)."""
    sc = with_fleet(bus("T", seats, 2), rules=Rules(load_factor=load_factor, observation_rows=observation_rows))
    assert [c.capacity for c in coaches(sc)] == [expected, expected]


def test_capacity_uses_the_types_own_row_width() -> None:
    """30 seats in rows of 3: 10 rows, the back two (24 seats) stay empty, so a full load factor gives 24."""
    sc = with_fleet(bus("T", 30, 1, seats_per_row=3), rules=Rules(load_factor=1.0, observation_rows=2))
    assert coaches(sc)[0].capacity == 24


def test_a_coach_too_small_for_its_observation_rows_carries_nobody() -> None:
    """8 seats in two rows of 4, both observation rows: capacity 0 whatever the load factor."""
    sc = with_fleet(bus("M8", 8, 1), rules=Rules(load_factor=1.0, observation_rows=2))
    assert coaches(sc)[0].capacity == 0


def test_each_type_gets_its_own_capacity() -> None:
    """The mixed fleet: two coaches of 22, three of 8."""
    assert [c.capacity for c in coaches(MIXED)] == [22, 22, 8, 8, 8]


@pytest.mark.parametrize(
    ("passengers", "expected"),
    [
        (1, 1),
        (22, 1),
        (23, 2),  # 22 + 22
        (44, 2),
        (45, 3),  # 22 + 22 + 8
        (60, 4),  # 22 + 22 + 8 + 8
        (61, 5),  # 22 + 22 + 8 + 8 + 8 = 68
        (68, 5),  # the whole fleet, exactly full
        (69, 6),  # 1 left over: one more coach of the largest capacity
        (100, 7),  # 32 left over after 68: ceil(32 / 22) = 2 more
    ],
)
def test_fleet_bound_fills_the_largest_coaches_first(passengers: int, expected: int) -> None:
    """Two coaches of 22 and three of 8: the fewest coaches, largest first, adding up to the passengers."""
    assert lower_bound(passengers, coaches(MIXED)) == expected


def test_fleet_bound_does_not_depend_on_coach_order() -> None:
    """Small coaches listed first give the same bound as large ones first."""
    small_first = caps((3, 8), (2, 22))
    large_first = caps((2, 22), (3, 8))
    assert [lower_bound(n, small_first) for n in (23, 45, 61)] == [2, 3, 5]
    assert [lower_bound(n, large_first) for n in (23, 45, 61)] == [2, 3, 5]


def test_nobody_or_no_fleet_needs_no_coach() -> None:
    """Zero or negative passengers, or an empty fleet, give 0 (also with per-county passengers)."""
    fleet = coaches(MIXED)
    assert lower_bound(0, fleet) == 0
    assert lower_bound(-3, fleet) == 0
    assert lower_bound(10, ()) == 0
    assert lower_bound(0, fleet, {"640402": 5}) == 0


def test_per_county_bound_when_coaches_may_not_cross_counties() -> None:
    """23 people in one county and 1 in another need 3 coaches of 22 (2 + 1), not the 2 the fleet bound gives."""
    fleet = coaches(with_fleet(bus("C45", 45, 5), rules=Rules(cross_county=False)))
    by_county = {"640402": 23, "640422": 1}
    assert lower_bound(24, fleet) == 2
    assert lower_bound(24, fleet, by_county) == 3


def test_per_county_bound_counts_each_county_at_the_largest_capacity() -> None:
    """Three counties of 5 on coaches of 27 and 9: one coach each (ceil(5 / 27)), 3 in all."""
    fleet = caps((5, 27), (5, 9))
    assert lower_bound(15, fleet, {"640402": 5, "640422": 5, "640423": 5}) == 3
    assert lower_bound(15, fleet) == 1


def test_the_larger_of_the_fleet_and_county_bounds_wins() -> None:
    """One coach of 22 and ten of 8, 40 people in one county: the fleet bound (22 + 3 x 8, 4) beats ceil(40 / 22)."""
    fleet = caps((1, 22), (10, 8))
    assert lower_bound(40, fleet, {"640402": 40}) == 4


def test_counties_that_fill_coaches_exactly_add_no_coach() -> None:
    """Two counties of 22 on coaches of 22: 2 coaches; a county with nobody needs none; {} is no county bound."""
    fleet = caps((4, 22))
    assert lower_bound(44, fleet, {"640402": 22, "640422": 22, "640423": 0}) == 2
    assert lower_bound(45, fleet, {}) == 3


def test_km_bound_is_twice_the_passenger_km_over_the_largest_capacity() -> None:
    """Passengers 100 km and 200 km from the zone on coaches of 22: 2 x 300 / 22 = 27.27 -> 27.3 km."""
    assert km_lower_bound([100_000, 200_000], coaches(MIXED)) == 27.3


def test_km_bound_uses_the_largest_capacity_wherever_it_is_listed() -> None:
    """Small coaches listed first do not shrink the divisor: still 2 x 300 / 22."""
    assert km_lower_bound([100_000, 200_000], caps((3, 8), (1, 22))) == 27.3


def test_km_bound_with_only_small_coaches() -> None:
    """Coaches of 8: 2 x 300 / 8 = 75.0 km."""
    assert km_lower_bound([100_000, 200_000], caps((3, 8))) == 75.0


def test_km_bound_of_one_full_coach_is_the_round_trip() -> None:
    """22 people 300 km out on coaches of 22: one coach there and back, 600.0 km."""
    assert km_lower_bound([300_000] * 22, coaches(MIXED)) == 600.0


def test_km_bound_rounds_to_a_tenth_of_a_km() -> None:
    """One passenger 1 km out on coaches of 22: 2 / 22 = 0.0909 -> 0.1; 1.5 km out: 3 / 22 = 0.136 -> 0.1."""
    fleet = caps((1, 22))
    assert km_lower_bound([1_000], fleet) == 0.1
    assert km_lower_bound([1_500], fleet) == 0.1
    assert km_lower_bound([3_000], fleet) == 0.3  # 6 / 22 = 0.2727


def test_km_bound_without_passengers_or_fleet_is_zero() -> None:
    """No distances or no coaches: 0.0 km."""
    assert km_lower_bound([], coaches(MIXED)) == 0.0
    assert km_lower_bound([100_000], ()) == 0.0
