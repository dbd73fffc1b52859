"""The VROOM engine: a ``VRP`` solved by VROOM (pyvroom) on one thread.

VROOM takes the VRP's own matrices (durations and distances in one profile), a vehicle
per vehicle of each type with its capacity, start and end depot, time window and costs
(fixed, and per km = 1000 x the VRP's cost per metre), and a job per client with its
demand as a pickup, service time and window. It searches at its highest exploration
level; it takes no seed and, on one thread, gives the same answer every time when it
finishes before the time limit.

VROOM cannot model the driving limit, the count of places per route, groups that never
share a route, a route's whole duration, or drop penalties (it leaves out a job only when
no vehicle can take it). Broken routes are cut by ``routing.solve.repair.repair``.
"""

from __future__ import annotations

import datetime as dt
import time

import numpy as np

from routing.errors import SolverError
from routing.solve.repair import repair
from routing.solve.vrp import VRP, Route, VRPSolution, client_label, solution_cost

EXPLORATION = 5  # VROOM's highest level
PROFILE = "car"
NO_END = 2**31 - 1  # VROOM's time windows are 32-bit


def solve(vrp: VRP, time_limit_s: float = 10.0, seed: int = 0, solution_limit: int | None = None,
          exploration: int = EXPLORATION) -> VRPSolution:
    """Solve ``vrp`` with VROOM; ``seed`` and ``solution_limit`` are accepted for the common interface and unused.

    ``exploration`` is VROOM's exploration level (0-5): higher searches more, but a lower level
    sometimes ends in a cheaper plan (the bus problems measured in ``bench/peers``).

    Raises
    ------
    SolverError
        When a vehicle type limits its route's duration (VROOM cannot), or a required client is left out.
    """
    import vroom

    t0 = time.perf_counter()
    if any(vt.max_duration is not None for vt in vrp.vehicle_types):
        raise SolverError("VROOM cannot limit a route's whole duration (max_duration)")
    problem = vroom.Input()
    problem.set_durations_matrix(PROFILE, np.asarray(vrp.duration, dtype=np.uint32))
    problem.set_distances_matrix(PROFILE, np.asarray(vrp.distance, dtype=np.uint32))
    type_of: list[int] = []
    for k, vt in enumerate(vrp.vehicle_types):
        for _ in range(vt.count):
            problem.add_vehicle(vroom.Vehicle(
                len(type_of), start=vt.start_depot, end=vt.end_depot, profile=PROFILE, capacity=[vt.capacity],
                time_window=vroom.TimeWindow(vt.tw_early, min(vt.tw_late if vt.tw_late is not None else NO_END, NO_END)),
                costs=vroom.VehicleCosts(fixed=vt.fixed_cost, per_hour=0, per_km=1000 * vt.unit_cost)))
            type_of.append(k)
    for c in range(vrp.n_clients):
        windows = [vroom.TimeWindow(vrp.tw_early[c], vrp.tw_late[c])] if vrp.tw_early else []
        problem.add_job(vroom.Job(c, location=vrp.node(c), default_service=vrp.service[c] if vrp.service else 0,
                                  pickup=[vrp.demand[c]], time_windows=windows))
    found = problem.solve(exploration_level=exploration, nb_threads=1, timeout=dt.timedelta(seconds=time_limit_s))
    frame = found.routes
    by_vehicle: dict[int, list[int]] = {}
    for vehicle, kind, job in zip(frame["vehicle_id"], frame["type"], frame["id"], strict=True):
        if kind == "job":
            by_vehicle.setdefault(int(vehicle), []).append(int(job))
    routes = tuple(Route(type_of[v], tuple(cs)) for v, cs in sorted(by_vehicle.items()))
    served = {c for r in routes for c in r.clients}
    left = [c for c in range(vrp.n_clients) if c not in served]
    required = [c for c in left if not vrp.penalty or vrp.penalty[c] is None]
    if required:
        raise SolverError("VROOM left out required clients " + ", ".join(client_label(vrp, c) for c in required))
    routes, cut = repair(vrp, routes)
    dropped = tuple(sorted({*left, *cut}))
    name = "vroom" if exploration == EXPLORATION else f"vroom-x{exploration}"
    return VRPSolution(routes, dropped, solution_cost(vrp, routes, dropped), time.perf_counter() - t0, name)
