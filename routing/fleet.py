"""The coaches of a scenario: bus types expanded into individual coaches."""

from __future__ import annotations

import math
from dataclasses import dataclass

from .model import BusType, Scenario
from .seating import effective_capacity


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


def lower_bound(passengers: int, fleet: tuple[Coach, ...]) -> int:
    """Fewest coaches that could carry ``passengers``: ceil(passengers / largest capacity)."""
    biggest = max((c.capacity for c in fleet), default=0)
    if passengers == 0:
        return 0
    return math.ceil(passengers / biggest) if biggest else 0
