"""Seat layout, effective capacity and spread-out seat numbers."""

import pytest

from routing.coach.seating import assign_seats, effective_capacity, observation_seats, seat_pairs, seat_rows
from routing.model import BusType, Rules


def bus(seats: int) -> BusType:
    return BusType("T", "t", seats, 1, 1.0, 1.0, "D")


def test_45_seat_coach_has_ten_rows_of_four_and_a_back_row_of_five():
    rows = seat_rows(45)
    assert [len(r) for r in rows] == [4] * 10 + [5]
    assert rows[-1] == [41, 42, 43, 44, 45]


def test_observation_rows_are_the_last_two_rows():
    assert observation_seats(45, 4, 2) == set(range(37, 46))
    assert observation_seats(55, 4, 2) == set(range(45, 56))


def test_pairs_skip_observation_rows_and_put_window_first():
    pairs = seat_pairs(45, 4, 2)
    assert len(pairs) == 18
    assert pairs[0] == (1, 2) and pairs[1] == (4, 3)
    assert not {s for p in pairs for s in p} & observation_seats(45, 4, 2)


@pytest.mark.parametrize(("seats", "cap"), [(45, 22), (55, 27), (33, 16), (19, 8)])
def test_effective_capacity_is_half_the_seats_or_what_is_left_before_the_back_rows(seats, cap):
    # 19 seats in rows of 4: 3 rows + a back row of 7; the back two rows leave 8 seats
    assert effective_capacity(bus(seats), Rules()) == cap


def test_capacity_capped_by_seats_before_observation_rows():
    assert effective_capacity(bus(12), Rules(load_factor=1.0, observation_rows=2)) == 4


def test_one_passenger_per_pair_when_they_fit():
    seats = assign_seats([[f"W{i}"] for i in range(18)], 45, 4, 2)
    pairs = seat_pairs(45, 4, 2)
    assert sorted(seats.values()) == sorted(p[0] for p in pairs)


def test_families_share_pairs_before_strangers_when_full():
    parties = [[f"W{i}", f"W{i}/1"] for i in range(11)]
    seats = assign_seats(parties, 45, 4, 2)
    pair_of = {s: k for k, p in enumerate(seat_pairs(45, 4, 2)) for s in p}
    for i in range(11):
        assert pair_of[seats[f"W{i}"]] == pair_of[seats[f"W{i}/1"]]
    assert len(set(seats.values())) == 22


def test_too_many_passengers_raise():
    with pytest.raises(ValueError, match="do not fit"):
        assign_seats([[f"W{i}"] for i in range(40)], 45, 4, 2)
