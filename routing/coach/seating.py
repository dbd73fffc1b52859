"""Coach seat layout, effective capacity and seat numbers that keep people apart.

Seats are numbered 1..seats from the front, ``seats_per_row`` to a full row; the
last row takes the remainder (a 45-seat coach: 10 rows of 4 and a back row of 5).
A row splits into pairs of adjacent seats (the aisle runs between pairs). The last
``observation_rows`` rows stay empty. Passengers sit one to a pair, on the window
side, spread front to back; only when there are more passengers than pairs do
family members share a pair, and only after that strangers.
"""

from __future__ import annotations

import math

from routing.model import BusType, Rules


def seat_rows(seats: int, seats_per_row: int = 4) -> list[list[int]]:
    """Seat numbers row by row, front to back."""
    if seats <= seats_per_row:
        return [list(range(1, seats + 1))]
    rest = seats % seats_per_row
    last = seats_per_row + rest if rest else seats_per_row
    rows = [list(range(r * seats_per_row + 1, (r + 1) * seats_per_row + 1)) for r in range((seats - last) // seats_per_row)]
    rows.append(list(range(seats - last + 1, seats + 1)))
    return rows


def observation_seats(seats: int, seats_per_row: int, observation_rows: int) -> set[int]:
    """Seats in the observation rows at the back, which stay empty."""
    rows = seat_rows(seats, seats_per_row)
    return {s for row in rows[len(rows) - min(observation_rows, len(rows)) :] for s in row}


def seat_pairs(seats: int, seats_per_row: int, observation_rows: int) -> list[tuple[int, ...]]:
    """Usable pairs of adjacent seats, front to back, each with its window seat first."""
    rows = seat_rows(seats, seats_per_row)
    usable = rows[: len(rows) - min(observation_rows, len(rows))]
    pairs: list[tuple[int, ...]] = []
    for row in usable:
        half = len(row) // 2
        left, right = row[:half], row[half:]
        pairs += [tuple(left[i : i + 2]) for i in range(0, len(left), 2)]
        pairs += [tuple(reversed(right[max(0, j - 2) : j])) for j in range(len(right), 0, -2)][::-1]
    return pairs


def effective_capacity(bus: BusType, rules: Rules) -> int:
    """Passengers a coach may carry: floor(seats x load_factor), at most the seats before the observation rows."""
    usable = sum(len(p) for p in seat_pairs(bus.seats, bus.seats_per_row, rules.observation_rows))
    return min(math.floor(bus.seats * rules.load_factor + 1e-9), usable)


def _spread(k: int, n: int) -> list[int]:
    """k indices spread evenly over range(n)."""
    return [math.floor(i * n / k) for i in range(k)]


def assign_seats(parties: list[list[str]], seats: int, seats_per_row: int, observation_rows: int) -> dict[str, int]:
    """Seat numbers for passengers given as parties (a worker and companions), in boarding order.

    Raises ValueError when the passengers do not fit in the usable seats.
    """
    pairs = seat_pairs(seats, seats_per_row, observation_rows)
    n = sum(len(p) for p in parties)
    if n > sum(len(p) for p in pairs):
        raise ValueError(f"{n} passengers do not fit in {seats} seats with {observation_rows} empty rows")
    if n <= len(pairs):
        units = [[pid] for party in parties for pid in party]
    else:
        units = [party[i : i + 2] for party in parties for i in range(0, len(party), 2)]
    result: dict[str, int] = {}
    if len(units) <= len(pairs) and all(len(u) <= len(pairs[i]) for u, i in zip(units, _spread(len(units), len(pairs)))):
        for unit, i in zip(units, _spread(len(units), len(pairs))):
            for pid, seat in zip(unit, pairs[i]):
                result[pid] = seat
        return result
    order = [p[0] for p in pairs] + [s for p in pairs for s in p[1:]]  # windows first, then aisles
    for pid, seat in zip([pid for party in parties for pid in party], order):
        result[pid] = seat
    return result
