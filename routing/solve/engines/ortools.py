"""The OR-Tools engine: a ``VRP`` solved by OR-Tools' routing library.

The only module that imports OR-Tools' routing library (OR-Tools' CP-SAT is imported by
``routing.boarding.optimized``, its min-cost flow by ``routing.solve.decompose``). The model has a cost per vehicle type (fixed and
per unit of distance), a load dimension, a time dimension (travel, service, waiting for
client windows, route start and end bounds, longest route), an optional driving
dimension, an optional count of places called at, groups that never share a route,
and a drop penalty for every optional client. The search starts from parallel cheapest
insertion (it finds a first solution where path-cheapest-arc does not, on tight windows)
and improves it by guided local search until ``solution_limit`` solutions (repeatable)
or the time limit. The seed reorders the clients before the model is built.
"""

from __future__ import annotations

import random
import time

from ortools.constraint_solver import pywrapcp, routing_enums_pb2

from routing.errors import SolverError
from routing.solve.vrp import VRP, Route, VRPSolution, solution_cost

BIG = 10**12  # "no limit" for a dimension


def _order(vrp: VRP, seed: int) -> list[int]:
    """Clients in the order they become model nodes: shuffled by the seed (seed 0 keeps a fixed shuffle too)."""
    order = list(range(vrp.n_clients))
    random.Random(seed).shuffle(order)
    return order


def solve(vrp: VRP, time_limit_s: float = 10.0, seed: int = 0, solution_limit: int | None = None,
          guided: bool = True) -> VRPSolution:
    """Solve ``vrp`` with OR-Tools routing.

    Parameters
    ----------
    vrp
        The problem.
    time_limit_s
        Wall-clock limit of the search (a safety net when ``solution_limit`` is given).
    seed
        Reorders the clients; the same seed and ``solution_limit`` give the same solution.
    solution_limit
        Solutions the local search may visit before it stops; None: only the time limit stops it.
    guided
        Guided local search (default) or plain descent to the first local optimum.

    Raises
    ------
    SolverError
        When OR-Tools finds no solution.
    """
    t0 = time.perf_counter()
    order = _order(vrp, seed)
    nd = vrp.n_depots
    nodes = list(range(nd)) + [vrp.node(c) for c in order]  # model node k stands for vrp node nodes[k]
    n = len(nodes)
    vehicles = [t for t, vt in enumerate(vrp.vehicle_types) for _ in range(vt.count)]
    if not vehicles or not vrp.n_clients:
        return VRPSolution((), tuple(range(vrp.n_clients)), solution_cost(vrp, (), tuple(range(vrp.n_clients))),
                           time.perf_counter() - t0, "ortools")
    types = vrp.vehicle_types
    manager = pywrapcp.RoutingIndexManager(n, len(vehicles), [types[t].start_depot for t in vehicles],
                                           [types[t].end_depot for t in vehicles])
    model = pywrapcp.RoutingModel(manager)
    dist = [[vrp.distance[a][b] for b in nodes] for a in nodes]

    cost_cb: dict[int, int] = {}
    for v, t in enumerate(vehicles):
        unit = types[t].unit_cost
        if unit not in cost_cb:
            cost_cb[unit] = model.RegisterTransitMatrix([[d * unit for d in row] for row in dist])
        model.SetArcCostEvaluatorOfVehicle(cost_cb[unit], v)
        model.SetFixedCostOfVehicle(types[t].fixed_cost, v)

    demand = [0] * nd + [vrp.demand[c] for c in order]
    model.AddDimensionWithVehicleCapacity(model.RegisterUnaryTransitVector(demand), 0,
                                          [types[t].capacity for t in vehicles], True, "load")
    _time_dimension(vrp, model, manager, nodes, order, vehicles)
    if vrp.drive:
        drive = [[vrp.drive[a][b] for b in nodes] for a in nodes]
        model.AddDimensionWithVehicleCapacity(
            model.RegisterTransitMatrix(drive), 0,
            [types[t].max_drive if types[t].max_drive is not None else BIG for t in vehicles], True, "drive")
    if vrp.place and vrp.max_places is not None:
        place = [""] * nd + [vrp.place[c] for c in order]
        calls = [[1 if j >= nd and (i < nd or place[i] != place[j]) else 0 for j in range(n)] for i in range(n)]
        model.AddDimension(model.RegisterTransitMatrix(calls), 0, vrp.max_places, True, "places")
    if vrp.group:
        _separate_groups(vrp, model, manager, order)
    for k, c in enumerate(order):
        penalty = vrp.penalty[c] if vrp.penalty else None
        if penalty is not None:
            model.AddDisjunction([manager.NodeToIndex(nd + k)], penalty)

    params = pywrapcp.DefaultRoutingSearchParameters()
    params.first_solution_strategy = routing_enums_pb2.FirstSolutionStrategy.PARALLEL_CHEAPEST_INSERTION
    meta = routing_enums_pb2.LocalSearchMetaheuristic
    params.local_search_metaheuristic = meta.GUIDED_LOCAL_SEARCH if guided else meta.GREEDY_DESCENT
    params.time_limit.FromMilliseconds(max(1, round(time_limit_s * 1000)))
    if solution_limit is not None:
        params.solution_limit = solution_limit
    solution = model.SolveWithParameters(params)
    if solution is None:
        raise SolverError(f"OR-Tools found no solution (status {model.status()}) in {time_limit_s:g} s")

    routes: list[Route] = []
    served: set[int] = set()
    for v, t in enumerate(vehicles):
        idx = solution.Value(model.NextVar(model.Start(v)))
        clients: list[int] = []
        while not model.IsEnd(idx):
            c = order[manager.IndexToNode(idx) - nd]
            clients.append(c)
            served.add(c)
            idx = solution.Value(model.NextVar(idx))
        if clients:
            routes.append(Route(t, tuple(clients)))
    dropped = tuple(c for c in range(vrp.n_clients) if c not in served)
    return VRPSolution(tuple(routes), dropped, solution_cost(vrp, tuple(routes), dropped),
                       time.perf_counter() - t0, "ortools")


def _time_dimension(vrp: VRP, model: pywrapcp.RoutingModel, manager: pywrapcp.RoutingIndexManager,
                    nodes: list[int], order: list[int], vehicles: list[int]) -> None:
    """Travel plus service at the node left; waiting allowed for client windows; route bounds and length."""
    nd = vrp.n_depots
    service = [0] * nd + [vrp.service[c] if vrp.service else 0 for c in order]
    tmat = [[vrp.duration[a][b] + service[i] for b in nodes] for i, a in enumerate(nodes)]
    types = vrp.vehicle_types
    lates = [vt.tw_late for vt in types if vt.tw_late is not None] + list(vrp.tw_late)
    horizon = max([*lates, 0]) or BIG
    waiting = horizon if vrp.tw_early else 0
    model.AddDimension(model.RegisterTransitMatrix(tmat), waiting, horizon, False, "time")
    dim = model.GetDimensionOrDie("time")
    for k, c in enumerate(order):
        early = vrp.tw_early[c] if vrp.tw_early else 0
        late = vrp.tw_late[c] if vrp.tw_late else horizon
        dim.CumulVar(manager.NodeToIndex(nd + k)).SetRange(early, late)
    for v, t in enumerate(vehicles):
        vt = types[t]
        late = vt.tw_late if vt.tw_late is not None else horizon
        dim.CumulVar(model.Start(v)).SetRange(vt.tw_early, late)
        dim.CumulVar(model.End(v)).SetRange(vt.tw_early, late)
        if vt.max_duration is not None:
            dim.SetSpanUpperBoundForVehicle(vt.max_duration, v)
        model.AddVariableMinimizedByFinalizer(dim.CumulVar(model.End(v)))
        model.AddVariableMaximizedByFinalizer(dim.CumulVar(model.Start(v)))


def _separate_groups(vrp: VRP, model: pywrapcp.RoutingModel, manager: pywrapcp.RoutingIndexManager,
                     order: list[int]) -> None:
    """Clients of different groups never follow each other, so a route stays within one group."""
    nd = vrp.n_depots
    by_group: dict[str, list[int]] = {}
    for k, c in enumerate(order):
        by_group.setdefault(vrp.group[c], []).append(manager.NodeToIndex(nd + k))
    for g, members in by_group.items():
        others = [i for h, idx in by_group.items() if h != g for i in idx]
        if others:
            for i in members:
                model.NextVar(i).RemoveValues(others)
