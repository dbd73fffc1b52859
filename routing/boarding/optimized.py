"""Choose pickup points as an optimisation (OR-Tools CP-SAT), not only the nearest point.

A worker may board at any pickup point within the access limit. Among those choices the
model prefers, in this order of weight:

1. fewer coaches if every point were served point to point: at each point,
   ceil(passengers / the largest coach capacity), so loads that fill coaches win;
2. fewer pickup points open (each costs a stop, a temperature check and staff);
3. less access distance for the workers.

One coach saved is worth ``COACH_KM`` km of workers' access in total and one stop fewer
``STOP_KM`` km. Workers with a single point in reach are fixed, not variables; a
worker's companions board with them (a party counts its size). CP-SAT runs on one
worker thread with the scenario's seed and a deterministic work limit (about
``TIME_LIMIT_S`` seconds), so the same input gives the same choice; when more than
``MAX_FLEXIBLE`` workers have a choice, or no solution is found, the nearest point is used.
"""

from __future__ import annotations

from ortools.sat.python import cp_model

from routing.boarding.pickup import PickupChoice, assign_pickups, candidates
from routing.coach.fleet import coaches
from routing.model import Scenario, Worker
from routing.plan.model import Unassigned

COACH_KM = 100.0
STOP_KM = 5.0
MAX_FLEXIBLE = 20_000
TIME_LIMIT_S = 10.0
SCALE = 10  # objective in units of 0.1 km


def select_pickups(
    scenario: Scenario, workers: tuple[Worker, ...]
) -> tuple[tuple[PickupChoice, ...], tuple[Unassigned, ...]]:
    """Pickup point of every worker within reach (see the module docstring); the others are ``out_of_reach``.

    Returns what ``routing.boarding.pickup.assign_pickups`` returns, in the same order.
    """
    all_options = candidates(scenario, workers)
    near_anyway, unreachable = assign_pickups(scenario, tuple(w for w, o in zip(workers, all_options) if not o))
    if near_anyway:  # cannot happen (same distances, wider prefilter); never lose a worker if it does
        return assign_pickups(scenario, workers)
    reachable = [(w, o) for w, o in zip(workers, all_options) if o]
    nearest = tuple(PickupChoice(w, o[0][1], o[0][0]) for w, o in reachable)  # nearest first, ties by id
    options = [o for _, o in reachable]
    flexible = [k for k, opts in enumerate(options) if len(opts) > 1]
    fleet = coaches(scenario)
    if not flexible or len(flexible) > MAX_FLEXIBLE or not fleet:
        return nearest, unreachable
    capacity = max(c.capacity for c in fleet)
    chosen = _solve(scenario, nearest, options, flexible, capacity)
    if chosen is None:
        return nearest, unreachable
    out = list(nearest)
    for k, (pid, dist) in chosen.items():
        out[k] = PickupChoice(nearest[k].worker, pid, dist)
    return tuple(out), unreachable


def _solve(scenario: Scenario, nearest: tuple[PickupChoice, ...], options: list[list[tuple[int, str]]],
           flexible: list[int], capacity: int) -> dict[int, tuple[str, int]] | None:
    """CP-SAT choice for the flexible workers: index -> (pickup id, access m); None when not solved."""
    m = cp_model.CpModel()
    points = sorted({pid for opts in options for _, pid in opts})
    fixed = {p: 0 for p in points}
    for k, c in enumerate(nearest):
        if len(options[k]) == 1:
            fixed[c.pickup_id] += c.worker.party_size
    x: dict[tuple[int, str], cp_model.IntVar] = {}
    for k in flexible:
        for _, pid in options[k]:
            x[(k, pid)] = m.new_bool_var(f"x{k}_{pid}")
        m.add_exactly_one(x[(k, pid)] for _, pid in options[k])
    total = sum(c.worker.party_size for c in nearest)
    objective = []
    for p in points:
        n = m.new_int_var(0, total, f"n_{p}")
        m.add(n == fixed[p] + sum(nearest[k].worker.party_size * x[(k, p)] for k in flexible if (k, p) in x))
        q = m.new_int_var(0, total // capacity + 1, f"q_{p}")
        r = m.new_int_var(0, capacity - 1, f"r_{p}")
        m.add(n == capacity * q + r)
        part = m.new_bool_var(f"part_{p}")  # a coach that is not full
        m.add(r <= (capacity - 1) * part)
        is_open = m.new_bool_var(f"open_{p}")
        m.add(n <= total * is_open)
        objective += [round(COACH_KM * SCALE) * q, round(COACH_KM * SCALE) * part, round(STOP_KM * SCALE) * is_open]
    dist = {(k, pid): d for k in flexible for d, pid in options[k]}
    objective += [round(dist[key] / 1000 * SCALE) * var for key, var in x.items()]
    m.minimize(sum(objective))
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1
    solver.parameters.random_seed = scenario.seed
    solver.parameters.max_deterministic_time = TIME_LIMIT_S  # a work limit, not a clock: repeatable
    status = solver.solve(m)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return None
    return {k: next((pid, dist[(k, pid)]) for _, pid in options[k] if solver.value(x[(k, pid)])) for k in flexible}
