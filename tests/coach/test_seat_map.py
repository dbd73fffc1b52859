"""Seat map layout: rows of 2+2 with the aisle, the back row, observation rows, who sits where."""

import pytest

from routing.coach.seat_map import seat_map
from routing.coach.seating import seat_pairs


def test_45_seat_coach_has_ten_rows_of_two_plus_two_and_a_back_row_of_five():
    """Every seat once; rows 1-10 are 2+2 around the aisle, row 11 spans it with 5 seats."""
    m = seat_map(45, 4, 2, {})
    numbers = [c.number for r in m.rows for c in r.cells]
    assert numbers == list(range(1, 46))
    assert [len(r.cells) for r in m.rows] == [4] * 10 + [5]
    assert m.width == 5 and m.aisle_x == 2.0
    first = m.rows[0].cells
    assert [(c.number, c.side, c.x) for c in first] == [(1, "left", 0), (2, "left", 1), (3, "right", 3), (4, "right", 4)]
    assert [c.x for c in m.rows[-1].cells] == [0, 1, 2, 3, 4]
    assert m.cell(43).side == "back" and m.cell(43).x == m.aisle_x


def test_55_seat_coach_puts_the_remainder_in_a_back_row_of_seven_across_the_width():
    """55 = 12 rows of 4 and a back row of 7 squeezed into the full width."""
    m = seat_map(55, 4, 2, {})
    assert sum(len(r.cells) for r in m.rows) == 55
    assert [len(r.cells) for r in m.rows] == [4] * 12 + [7]
    back = m.rows[-1].cells
    assert [c.number for c in back] == list(range(49, 56))
    assert back[0].x == 0 and back[-1].x + back[-1].width == pytest.approx(5)
    assert all(c.width < 1 for c in back)


@pytest.mark.parametrize(("seats", "closed"), [(45, range(37, 46)), (55, range(45, 56))])
def test_the_last_two_rows_are_flagged_for_observation(seats, closed):
    """The observation flag is on exactly the seats of the last two rows, and on those rows."""
    m = seat_map(seats, 4, 2, {})
    flagged = {c.number for r in m.rows for c in r.cells if c.observation}
    assert flagged == set(closed)
    assert [r.observation for r in m.rows][-3:] == [False, True, True]


def test_no_observation_rows_flags_nothing():
    """observation_rows=0 keeps every row in use."""
    m = seat_map(45, 4, 0, {})
    assert not any(c.observation for r in m.rows for c in r.cells)


def test_occupants_sit_on_their_seats():
    """A name given for a seat number shows on that seat and nowhere else."""
    people = {1: "马小明", 4: "李娟", 36: "王强"}
    m = seat_map(45, 4, 2, people)
    assert m.cell(1).occupant == "马小明" and m.cell(4).occupant == "李娟" and m.cell(36).occupant == "王强"
    assert m.cell(4).side == "right" and m.cell(4).x == 4
    assert m.occupied == 3
    assert m.cell(2).occupant is None


def test_the_plans_window_seats_are_against_the_walls():
    """The window seat of every pair seating.seat_pairs gives is at x 0 or at the right wall."""
    m = seat_map(45, 4, 2, {})
    for pair in seat_pairs(45, 4, 2):
        assert m.cell(pair[0]).x in (0, m.width - 1)


def test_a_two_plus_one_minibus_keeps_its_aisle():
    """Rows of 3 are 1+2: one seat on the left, the aisle, two on the right."""
    m = seat_map(19, 3, 2, {})
    assert m.width == 4 and m.aisle_x == 1.0
    assert [(c.side, c.x) for c in m.rows[0].cells] == [("left", 0), ("right", 2), ("right", 3)]


def test_a_seat_outside_the_coach_is_an_error():
    """An occupant on seat 46 of a 45-seat coach is refused, naming the seat."""
    with pytest.raises(ValueError, match=r"\[46\]"):
        seat_map(45, 4, 2, {46: "x"})
