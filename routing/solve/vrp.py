"""A vehicle routing problem in plain numbers, the language every routing engine speaks.

The bus problem (``routing.solve.bus_vrp``) and public benchmark instances (``bench/``) are
both written as a ``VRP``; an engine (``routing.solve.engines``) turns a ``VRP`` into a
``VRPSolution``. Nothing here knows about coaches, workers or OR-Tools.

Conventions
-----------
- Nodes ``0 .. n_depots - 1`` are depots (places where vehicles start or end), nodes
  ``n_depots ..`` are clients; ``client k`` is node ``n_depots + k``.
- ``distance`` and ``duration`` are square matrices over all nodes, whole numbers (metres
  and seconds for the bus problem; any unit for a benchmark). ``duration`` already holds
  whatever time the way between two nodes takes (driving, rests, setting up a stop).
- Costs are whole numbers of ``COST_UNIT`` CNY: a vehicle type pays ``fixed_cost`` when
  used and ``unit_cost`` per unit of distance.
- A client with ``penalty`` None must be visited; otherwise leaving it out costs the
  penalty.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field

COST_UNIT = 0.0001  # CNY; 9 CNY/km = 90 units per metre


@dataclass(frozen=True)
class VehicleType:
    """``count`` identical vehicles.

    Attributes
    ----------
    count, capacity
        How many vehicles, and the load each may carry.
    start_depot, end_depot
        Depot nodes where a route starts and ends.
    fixed_cost, unit_cost
        Cost of using a vehicle, and cost per unit of distance.
    tw_early, tw_late
        A route leaves its start depot no earlier than ``tw_early`` and reaches its end depot no
        later than ``tw_late``.
    max_duration
        Longest route (end time - start time); None for no limit.
    max_drive
        Most of ``VRP.drive`` a route may use; None for no limit (engines that cannot model a second
        resource ignore it, and the caller must check).
    name
        Caller's label (the coach type id).
    """

    count: int
    capacity: int
    start_depot: int
    end_depot: int
    fixed_cost: int = 0
    unit_cost: int = 1
    tw_early: int = 0
    tw_late: int | None = None
    max_duration: int | None = None
    max_drive: int | None = None
    name: str = ""


@dataclass(frozen=True)
class VRP:
    """A routing problem: depots, clients with demand, and vehicle types.

    Attributes
    ----------
    n_depots
        Number of depot nodes (the first nodes).
    distance, duration
        Node-by-node matrices.
    demand, service
        Per client: load it adds, and time spent there.
    tw_early, tw_late
        Per client: earliest and latest start of service (empty tuples = no windows).
    penalty
        Per client: cost of leaving it out, None when it must be visited (empty tuple = all required).
    vehicle_types
        The fleet.
    drive
        Optional node-by-node matrix of a second resource (driving time) limited per route by
        ``VehicleType.max_drive``.
    group
        Optional per-client label; clients of different labels never share a route (empty = no rule).
    place, max_places
        Optional per-client place label and the most distinct places one route may call at (None = no
        limit); consecutive clients of one place count once.
    names
        Optional per-client label for the caller (e.g. worker id).
    """

    n_depots: int
    distance: tuple[tuple[int, ...], ...]
    duration: tuple[tuple[int, ...], ...]
    demand: tuple[int, ...]
    vehicle_types: tuple[VehicleType, ...]
    service: tuple[int, ...] = ()
    tw_early: tuple[int, ...] = ()
    tw_late: tuple[int, ...] = ()
    penalty: tuple[int | None, ...] = ()
    drive: tuple[tuple[int, ...], ...] = ()
    group: tuple[str, ...] = ()
    place: tuple[str, ...] = ()
    max_places: int | None = None
    names: tuple[str, ...] = field(default=(), compare=False)

    @property
    def n_clients(self) -> int:
        """Number of clients."""
        return len(self.demand)

    def node(self, client: int) -> int:
        """Node index of client ``client``."""
        return self.n_depots + client


@dataclass(frozen=True)
class Route:
    """One vehicle's route: its type and the clients it visits, in order."""

    vehicle_type: int
    clients: tuple[int, ...]


@dataclass(frozen=True)
class VRPSolution:
    """What an engine found: routes, clients left out, the objective and the time taken."""

    routes: tuple[Route, ...]
    dropped: tuple[int, ...]
    cost: int
    seconds: float
    engine: str = ""


def client_label(vrp: VRP, c: int) -> str:
    """Client ``c`` with its caller's name when there is one: ``3 (W0042)``."""
    return f"{c} ({vrp.names[c]})" if vrp.names else str(c)


def route_cost(vrp: VRP, route: Route) -> int:
    """Fixed cost plus distance cost of one route, from its start depot through its clients to its end depot."""
    vt = vrp.vehicle_types[route.vehicle_type]
    nodes = [vt.start_depot, *(vrp.node(c) for c in route.clients), vt.end_depot]
    return vt.fixed_cost + vt.unit_cost * sum(vrp.distance[a][b] for a, b in itertools.pairwise(nodes))


def solution_cost(vrp: VRP, routes: tuple[Route, ...], dropped: tuple[int, ...]) -> int:
    """Objective of a solution: route costs plus the penalties of the clients left out."""
    penalties = sum(vrp.penalty[c] or 0 for c in dropped) if vrp.penalty else 0
    return sum(route_cost(vrp, r) for r in routes) + penalties


def merge_revisits(vrp: VRP, route: Route) -> Route:
    """``route`` calling once at each place, when that keeps every rule and costs no more.

    Engines sometimes leave a route that calls at a place, goes on, and comes back (A, B, A: on
    roads where A lies on the way to B and back). Two merges are tried, every client of a place
    at its first call (A, A, B) and at its last (B, A, A); the cheaper one that breaks no rule
    and costs no more than ``route`` is returned, else ``route``.
    """
    if not vrp.place:
        return route
    first: dict[str, int] = {}
    last: dict[str, int] = {}
    for k, c in enumerate(route.clients):
        first.setdefault(vrp.place[c], k)
        last[vrp.place[c]] = k
    if len(first) == sum(1 for k, c in enumerate(route.clients) if k == 0 or vrp.place[c] != vrp.place[
            route.clients[k - 1]]):
        return route
    options = [Route(route.vehicle_type, tuple(sorted(route.clients, key=lambda c: at[vrp.place[c]])))
               for at in (first, last)]
    fine = [r for r in options if not route_problems(vrp, r)]
    best = min(fine, key=lambda r: route_cost(vrp, r), default=route)
    return best if route_cost(vrp, best) <= route_cost(vrp, route) else route


def route_problems(vrp: VRP, route: Route) -> list[str]:
    """Every rule of ``vrp`` the route breaks, as sentences (empty when it is feasible).

    Time runs from the vehicle type's ``tw_early``: travel takes ``duration``, a client's service
    starts no earlier than its ``tw_early`` (the vehicle waits) and no later than its ``tw_late``.
    """
    vt = vrp.vehicle_types[route.vehicle_type]
    out: list[str] = []
    load = sum(vrp.demand[c] for c in route.clients)
    if load > vt.capacity:
        out.append(f"load {load} is over the capacity {vt.capacity}")
    nodes = [vt.start_depot, *(vrp.node(c) for c in route.clients), vt.end_depot]
    t = vt.tw_early
    for k, (a, b) in enumerate(itertools.pairwise(nodes)):
        t += vrp.duration[a][b]
        if k < len(route.clients):
            c = route.clients[k]
            if vrp.tw_early:
                t = max(t, vrp.tw_early[c])
            if vrp.tw_late and t > vrp.tw_late[c]:
                out.append(f"client {c} is reached at {t}, after its window closes at {vrp.tw_late[c]}")
            t += vrp.service[c] if vrp.service else 0
    if vt.tw_late is not None and t > vt.tw_late:
        out.append(f"the route ends at {t}, after {vt.tw_late}")
    if vt.max_duration is not None and t - vt.tw_early > vt.max_duration:
        out.append(f"the route lasts {t - vt.tw_early}, more than {vt.max_duration}")
    if vrp.drive and vt.max_drive is not None:
        drive = sum(vrp.drive[a][b] for a, b in itertools.pairwise(nodes))
        if drive > vt.max_drive:
            out.append(f"the route drives {drive}, more than {vt.max_drive}")
    if vrp.group and len({vrp.group[c] for c in route.clients}) > 1:
        out.append(f"the route mixes groups {sorted({vrp.group[c] for c in route.clients})}")
    if vrp.place and vrp.max_places is not None:
        stops = sum(1 for k, c in enumerate(route.clients) if k == 0 or vrp.place[c] != vrp.place[route.clients[k - 1]])
        if stops > vrp.max_places:
            out.append(f"the route calls at {stops} places, more than {vrp.max_places}")
    return out
