"""A coach's seat map as data: rows of seats with their place across the coach, for drawing.

The numbering is the plan's (``routing.coach.seating.seat_rows``): seats 1..n from the front,
``seats_per_row`` to a row, split into a left and a right half with the aisle between
them; the back row takes the remainder and spans the whole width, aisle included. The
last ``observation_rows`` rows are kept empty (留空观察). Positions are in seat widths
from the left wall, the aisle one seat wide, so a drawing only scales them. The driver
sits at the front on the left and the door is at the front on the right (China drives
on the right).
"""

from __future__ import annotations

from dataclasses import dataclass

from routing.coach.seating import observation_seats, seat_rows


@dataclass(frozen=True)
class SeatCell:
    """One seat: its number, where it stands across the coach, who sits there."""

    number: int
    side: str  # left | right | back (a back row wider than the others)
    x: float  # left edge, in seat widths from the left wall (the aisle is one seat wide)
    width: float  # in seat widths: 1, or less in a crowded back row
    occupant: str | None
    observation: bool


@dataclass(frozen=True)
class SeatRow:
    """One row of seats, front to back; ``index`` counts from 1 at the front."""

    index: int
    cells: tuple[SeatCell, ...]
    observation: bool


@dataclass(frozen=True)
class SeatMap:
    """The seat layout of one coach, ``width`` seat widths across (aisle included)."""

    seats: int
    seats_per_row: int
    observation_rows: int
    width: int
    aisle_x: float  # left edge of the aisle, in seat widths
    rows: tuple[SeatRow, ...]
    driver_side: str = "left"
    door_side: str = "right"

    def cell(self, number: int) -> SeatCell:
        """The seat with this number."""
        for row in self.rows:
            for c in row.cells:
                if c.number == number:
                    return c
        raise KeyError(number)

    @property
    def occupied(self) -> int:
        """Seats with someone on them."""
        return sum(c.occupant is not None for row in self.rows for c in row.cells)


def _row_cells(numbers: list[int], per_row: int, closed: set[int], occupants: dict[int, str]) -> tuple[SeatCell, ...]:
    """Cells of one row: halves against the walls, or a wide back row spread over the full width."""
    left_n = per_row // 2
    width = per_row + 1
    if len(numbers) > per_row:
        w = width / len(numbers)
        spots = [("back", i * w, w) for i in range(len(numbers))]
    else:
        half = min(left_n, len(numbers) // 2) if len(numbers) < per_row else left_n
        spots = [("left", float(i), 1.0) for i in range(half)]
        right = len(numbers) - half
        spots += [("right", float(width - right + j), 1.0) for j in range(right)]
    return tuple(
        SeatCell(n, side, round(x, 4), round(w, 4), occupants.get(n), n in closed)
        for n, (side, x, w) in zip(numbers, spots)
    )


def seat_map(seats: int, seats_per_row: int, observation_rows: int, occupants: dict[int, str]) -> SeatMap:
    """Lay out a coach's seats row by row, with who sits where.

    Parameters
    ----------
    seats : int
        Seats of the coach (the driver's not counted), at least 1.
    seats_per_row : int
        Seats in a full row, e.g. 4 for 2+2 (the aisle runs between the halves; an odd
        count puts the extra seat on the right, as 1+2).
    observation_rows : int
        Rows at the back kept empty for observation.
    occupants : dict of int to str
        Seat number to the name to show on it.

    Returns
    -------
    SeatMap
        Rows front to back; every seat once, numbered as the plan numbers them.

    Raises
    ------
    ValueError
        If ``seats`` or ``seats_per_row`` is below 1, or an occupant's seat is not on the coach.
    """
    if seats < 1 or seats_per_row < 1:
        raise ValueError(f"a coach needs at least one seat and one seat per row, not {seats} and {seats_per_row}")
    outside = sorted(n for n in occupants if not 1 <= n <= seats)
    if outside:
        raise ValueError(f"seats {outside} are not on a coach of {seats} seats")
    closed = observation_seats(seats, seats_per_row, observation_rows)
    rows = tuple(
        SeatRow(i, _row_cells(numbers, seats_per_row, closed, occupants), bool(numbers) and numbers[0] in closed)
        for i, numbers in enumerate(seat_rows(seats, seats_per_row), start=1)
    )
    return SeatMap(seats, seats_per_row, observation_rows, seats_per_row + 1, float(seats_per_row // 2), rows)
