"""Assign each eligible worker to the nearest pickup point within the access limit."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from routing.geo.distance import access_m, great_circle_m
from routing.model import Place, Scenario, Worker
from routing.plan.model import Unassigned


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
    points = scenario.pickup_points
    if not points:
        return (), tuple(Unassigned(w.id, "out_of_reach", "the scenario has no pickup points", w.companions)
                         for w in workers)
    choices: list[PickupChoice] = []
    exceptions: list[Unassigned] = []
    for w, near in zip(workers, _near_candidates(workers, points)):
        ranked = sorted((access_m(scenario.distance, w.lat, w.lon, points[k]), points[k].id) for k in near)
        d, pid = ranked[0]
        if d <= limit:
            choices.append(PickupChoice(w, pid, d))
        else:
            detail = f"nearest pickup point {pid} is {d / 1000:.1f} km by road from home (limit {limit / 1000:g} km)"
            exceptions.append(Unassigned(w.id, "out_of_reach", detail, w.companions))
    return tuple(choices), tuple(exceptions)


def _near_candidates(workers: tuple[Worker, ...], points: tuple[Place, ...]) -> list[list[int]]:
    """For each worker, the pickup points that may be nearest: within 1 % (+ 100 m) of the nearest by great
    circle. The great circle and the ellipsoid differ by well under 1 %, so the nearest by geodesic is among them.
    """
    if not workers:
        return []
    m = _great_circle_matrix_m(workers, points)
    bound = m.min(axis=1, keepdims=True) * 1.01 + 100
    return [np.flatnonzero(row).tolist() for row in m <= bound]


def _great_circle_matrix_m(workers: tuple[Worker, ...], points: tuple[Place, ...]) -> np.ndarray:
    """Great-circle metres from every worker's home (rows) to every pickup point (columns)."""
    return great_circle_m(np.array([w.lat for w in workers])[:, None], np.array([w.lon for w in workers])[:, None],
                          np.array([p.lat for p in points])[None, :], np.array([p.lon for p in points])[None, :])


def candidates(scenario: Scenario, workers: tuple[Worker, ...]) -> list[list[tuple[int, str]]]:
    """For each worker, every pickup point within the access limit as (modelled road metres, point id), nearest
    first (ties by id).
    """
    limit = scenario.rules.max_access_m
    points = scenario.pickup_points
    if not workers or not points:
        return [[] for _ in workers]
    m = _great_circle_matrix_m(workers, points)
    reach_m = limit / scenario.distance.access_circuity * 1.01 + 100
    out = []
    for w, row in zip(workers, m):
        ranked = sorted((access_m(scenario.distance, w.lat, w.lon, points[k]), points[k].id)
                        for k in np.flatnonzero(row <= reach_m).tolist())
        out.append([(d, pid) for d, pid in ranked if d <= limit])
    return out
