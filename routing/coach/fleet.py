"""The coaches of a scenario: bus types expanded into individual coaches."""

from __future__ import annotations

import math
from dataclasses import dataclass

from routing.coach.seating import effective_capacity
from routing.model import BusType, Scenario


@dataclass(frozen=True)
class Coach:
    """One chartered coach: ``<type id>-<n>``, its plate and effective capacity."""

    id: str
    bus_type: BusType
    plate: str
    capacity: int


def coaches(scenario: Scenario) -> tuple[Coach, ...]:
    """Every coach of the fleet, type by type in file order."""
    out = []
    for bt in scenario.fleet:
        cap = effective_capacity(bt, scenario.rules)
        for k in range(bt.count):
            plate = bt.plates[k] if k < len(bt.plates) else ""
            out.append(Coach(f"{bt.id}-{k + 1}", bt, plate, cap))
    return tuple(out)


def lower_bound(passengers: int, fleet: tuple[Coach, ...], by_scope: dict[str, int] | None = None) -> int:
    """Fewest coaches that could carry ``passengers``: no plan can use fewer.

    Two bounds, the larger wins. The fleet bound: the fewest coaches whose capacities, largest first, add up to the
    passengers (a fleet with few large coaches needs more of the small ones). The scope bound, when coaches may not
    mix counties (``by_scope``: passengers per county): each county needs ceil(its passengers / largest capacity)
    coaches of its own.
    """
    if passengers <= 0 or not fleet:
        return 0
    caps = sorted((c.capacity for c in fleet), reverse=True)
    total, k = 0, 0
    while k < len(caps) and total < passengers:
        total += caps[k]
        k += 1
    if total < passengers:  # the fleet cannot carry everyone: count the rest at the largest capacity
        k += math.ceil((passengers - total) / caps[0])
    scoped = sum(math.ceil(n / caps[0]) for n in (by_scope or {}).values())
    return max(k, scoped)


def km_lower_bound(to_zone_m: list[int], fleet: tuple[Coach, ...]) -> float:
    """Fewest coach-kilometres that could carry passengers whose pickup points are ``to_zone_m`` metres (each) from
    the nearest gate: every passenger rides that far, a coach carries at most the largest capacity, and a coach
    that brings people to the zone has also driven at least as far out (empty or picking up) or goes as far home.
    """
    if not to_zone_m or not fleet:
        return 0.0
    biggest = max(c.capacity for c in fleet)
    return round(2 * sum(to_zone_m) / biggest / 1000, 1)
