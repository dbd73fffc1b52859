"""Assign each eligible worker to the nearest pickup point within the access limit."""

from __future__ import annotations

from dataclasses import dataclass

from .geography import access_m
from .model import Scenario, Worker
from .plan import Unassigned


@dataclass(frozen=True)
class PickupChoice:
    """Where a worker (and companions) will board, and how far it is from home."""

    worker: Worker
    pickup_id: str
    access_m: int


def assign_pickups(
    scenario: Scenario, workers: tuple[Worker, ...]
) -> tuple[tuple[PickupChoice, ...], tuple[Unassigned, ...]]:
    """Give every worker the nearest pickup point by modelled road distance.

    Workers with no pickup point within ``rules.max_access_m`` become
    ``out_of_reach`` exceptions. Ties go to the smaller pickup id.
    """
    limit = scenario.rules.max_access_m
    choices: list[PickupChoice] = []
    exceptions: list[Unassigned] = []
    for w in workers:
        ranked = sorted((access_m(scenario.distance, w.lat, w.lon, p), p.id) for p in scenario.pickup_points)
        if ranked and ranked[0][0] <= limit:
            choices.append(PickupChoice(w, ranked[0][1], ranked[0][0]))
        elif ranked:
            d, pid = ranked[0]
            detail = f"nearest pickup point {pid} is {d / 1000:.1f} km by road from home (limit {limit / 1000:g} km)"
            exceptions.append(Unassigned(w.id, "out_of_reach", detail, w.companions))
        else:
            exceptions.append(Unassigned(w.id, "out_of_reach", "the scenario has no pickup points", w.companions))
    return tuple(choices), tuple(exceptions)
