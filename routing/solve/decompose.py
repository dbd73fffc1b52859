"""Split a large batch into pieces the router can solve: whole coach loads, then clusters.

A batch of tens of thousands of workers is far too big for one routing model, and
most of it needs no routing at all: where hundreds of people board at one pickup
point, whole coach loads leave that point directly (point to point). Only what is
left over at each point (less than one load) needs coaches that call at several
points, and those leftovers are routed per prefecture (or per county when coaches
may not cross county lines), each cluster with its own share of the fleet.

Everything here is plain data in, plain data out, deterministic for its input.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from routing.coach.fleet import Coach
from routing.solve.solver import CoachRoute, Party

FULL_SHARE = 0.9  # a direct load fills at least this share of its coach


@dataclass(frozen=True)
class Cluster:
    """Leftover parties of one area and the coaches set aside to carry them."""

    key: str
    parties: tuple[Party, ...]
    coaches: tuple[Coach, ...]


@dataclass(frozen=True)
class Split:
    """The batch cut into direct loads and clusters; ``unplaced`` parties got no coach."""

    direct: tuple[CoachRoute, ...]
    clusters: tuple[Cluster, ...]
    unplaced: tuple[Party, ...]


def pack_loads(parties: Sequence[Party], capacity: int) -> list[list[Party]]:
    """Cut one pickup point's parties into loads of at most ``capacity`` passengers.

    Parties are taken by gate, then largest first, then by worker id, so one coach carries
    people for as few gates as possible; a party goes into the first load it fits.
    """
    order = sorted(parties, key=lambda p: (p.dropoff_id, -p.size, p.worker_id))
    loads: list[list[Party]] = []
    room: list[int] = []
    for p in order:
        k = next((i for i, r in enumerate(room) if r >= p.size), None)
        if k is None:
            loads.append([])
            room.append(capacity)
            k = len(loads) - 1
        loads[k].append(p)
        room[k] -= p.size
    return loads


def split_batch(
    parties: Sequence[Party],
    fleet: Sequence[Coach],
    can_serve: Callable[[str, str], bool],
    trip_cost: Callable[[Coach, str], float],
    cluster_key: Callable[[Party], str],
    pickup_order: Sequence[str],
    depot_m: Callable[[str, str], int],
    max_stops: int,
    sweep: Callable[[str], float] = lambda pickup_id: 0.0,
    max_cluster: int = 400,
) -> Split:
    """Form direct loads at every pickup point, then share the rest of the fleet among clusters.

    Parameters
    ----------
    parties
        Every servable party, with its pickup point.
    fleet
        The coaches available, in fleet order.
    can_serve
        ``can_serve(depot_id, pickup_id)``: whether a coach of that depot can call at the pickup point and
        reach the zone in time.
    trip_cost
        ``trip_cost(coach, pickup_id)``: cost of one coach serving that pickup point alone; whole loads go on the
        coaches that carry them all at least total cost (a minimum-cost flow, ``_assign_loads``).
    cluster_key
        Area of a party for the leftover routing (prefecture or county).
    pickup_order
        Pickup point ids in the order they get coaches (farthest first, as they have the fewest choices).
    depot_m
        ``depot_m(depot_id, pickup_id)``: road distance; clusters take coaches from the nearest depots first.
    max_stops
        Most pickup points one coach calls at.
    sweep
        ``sweep(pickup_id)``: the pickup point's bearing from the zone; neighbouring areas (by bearing) are routed
        together while they hold at most ``max_cluster`` parties, so coaches can combine them.
    max_cluster
        Most parties of one cluster, unless a single area holds more.

    Returns
    -------
    Split
        Direct loads as coach routes, clusters with their coaches, and parties no coach was left for.
    """
    pool: dict[str, list[Coach]] = {}
    for c in fleet:
        if c.capacity > 0:  # a coach whose every seat is closed (observation rows) carries nobody
            pool.setdefault(c.bus_type.id, []).append(c)
    capacity = {t: cs[0].capacity for t, cs in pool.items()}
    at: dict[str, list[Party]] = {}
    for p in parties:
        at.setdefault(p.pickup_id, []).append(p)
    direct: list[CoachRoute] = []
    while True:  # each round fills loads for the largest coaches left that can reach each point
        loads: dict[str, list[list[Party]]] = {}
        for pickup in pickup_order:
            usable = [t for t, cs in pool.items() if cs and can_serve(cs[0].bus_type.depot_id, pickup)]
            if usable and at.get(pickup):
                best = max(capacity[t] for t in usable)
                full = [ld for ld in pack_loads(at[pickup], best) if sum(p.size for p in ld) >= FULL_SHARE * best]
                if full:
                    loads[pickup] = full
        if not loads:
            break
        chosen = _assign_loads(loads, pool, capacity, can_serve, trip_cost)
        if not any(chosen.values()):
            break
        for pickup in pickup_order:
            for load, t in zip(loads.get(pickup, []), chosen.get(pickup, []), strict=False):
                coach = pool[t].pop(0)
                direct.append(CoachRoute(coach.id, ((pickup, tuple(p.worker_id for p in load)),)))
                gone = {p.worker_id for p in load}
                at[pickup] = [p for p in at[pickup] if p.worker_id not in gone]
    leftover = [p for pickup in pickup_order for p in at.get(pickup, [])]
    rank = {pk: i for i, pk in enumerate(pickup_order)}
    groups = merge_areas(leftover, cluster_key, sweep, max_cluster)
    clusters, unplaced = _share_fleet(groups, pool, can_serve, rank, depot_m, max_stops)
    return Split(tuple(direct), clusters, unplaced)


def _assign_loads(
    loads: dict[str, list[list[Party]]],
    pool: dict[str, list[Coach]],
    capacity: dict[str, int],
    can_serve: Callable[[str, str], bool],
    trip_cost: Callable[[Coach, str], float],
) -> dict[str, list[str]]:
    """The coach type of each whole load, chosen together for all pickup points by a minimum-cost flow.

    A load of a point goes on a type of its size class (the capacity it was packed for) whose depot reaches the
    point; each type has as many coaches as are left; the cost of an arc is the cost of that coach's trip. As many
    loads as possible are carried, at least total cost. Returns, per pickup point, the types of its first loads
    (fewer than its loads when coaches run out).
    """
    from ortools.graph.python import min_cost_flow

    points = list(loads)
    types = sorted(t for t, cs in pool.items() if cs)
    flow = min_cost_flow.SimpleMinCostFlow()
    source, sink = 0, 1 + len(points) + len(types)
    arcs: list[tuple[int, str, str]] = []
    for i, pk in enumerate(points, 1):
        reach = [t for t in types if can_serve(pool[t][0].bus_type.depot_id, pk)]
        size_class = max(capacity[t] for t in reach)  # the capacity its loads were packed for
        flow.add_arc_with_capacity_and_unit_cost(source, i, len(loads[pk]), 0)
        for j, t in enumerate(types, 1 + len(points)):
            if t in reach and capacity[t] == size_class:
                arcs.append((flow.add_arc_with_capacity_and_unit_cost(i, j, len(loads[pk]),
                                                                      round(trip_cost(pool[t][0], pk) * 100)), pk, t))
    for j, t in enumerate(types, 1 + len(points)):
        flow.add_arc_with_capacity_and_unit_cost(j, sink, len(pool[t]), 0)
    total = sum(len(ld) for ld in loads.values())
    flow.set_node_supply(source, total)
    flow.set_node_supply(sink, -total)
    if flow.solve_max_flow_with_min_cost() != flow.OPTIMAL:
        return {}
    out: dict[str, list[str]] = {pk: [] for pk in points}
    for arc, pk, t in arcs:
        out[pk] += [t] * flow.flow(arc)
    return out


def _nearness(coach: Coach, type_id: str, pickups: list[str],
              depot_m: Callable[[str, str], int]) -> tuple[int, int, str]:
    """Sort key of a coach type for a cluster: its depot's distance to the nearest pickup, larger coaches first."""
    return min(depot_m(coach.bus_type.depot_id, pk) for pk in pickups), -coach.capacity, type_id


def merge_areas(
    parties: Iterable[Party], area: Callable[[Party], str], sweep: Callable[[str], float], max_cluster: int
) -> dict[str, list[Party]]:
    """Group parties by area, then join areas that neighbour by bearing from the zone (a sweep around it) while
    the group holds at most ``max_cluster`` parties. Keys join the areas' keys with ``+``.
    """
    by_area: dict[str, list[Party]] = {}
    for p in parties:
        by_area.setdefault(area(p), []).append(p)
    order = sorted(by_area, key=lambda k: (min(sweep(p.pickup_id) for p in by_area[k]), k))
    groups: dict[str, list[Party]] = {}
    keys: list[str] = []
    members: list[Party] = []
    for k in order:
        if members and len(members) + len(by_area[k]) > max_cluster:
            groups["+".join(keys)] = members
            keys, members = [], []
        keys.append(k)
        members = members + by_area[k]
    if members:
        groups["+".join(keys)] = members
    return groups


def _share_fleet(
    groups: dict[str, list[Party]],
    pool: dict[str, list[Coach]],
    can_serve: Callable[[str, str], bool],
    rank: dict[str, int],
    depot_m: Callable[[str, str], int],
    max_stops: int,
) -> tuple[tuple[Cluster, ...], tuple[Party, ...]]:
    """Give each cluster, farthest first, coaches from the nearest depots: first, for each of its pickup points,
    seats on coaches that can reach that point for 1.3 times its people (a seat counts for one point only); then
    more, from the
    depots nearest the cluster, until all of them could carry the cluster 1.3 times over plus one large coach
    and are enough to call at all its pickup points.
    """
    clusters: list[Cluster] = []
    unplaced: list[Party] = []
    for key in sorted(groups, key=lambda k: (min(rank[p.pickup_id] for p in groups[k]), k)):
        members = groups[key]
        at: Counter[str] = Counter()  # people per pickup point
        for p in members:
            at[p.pickup_id] += p.size
        pickups = sorted(at, key=lambda pk: (rank[pk], pk))
        given: list[Coach] = []
        spare: dict[str, float] = {}  # seats of a given coach not yet counted for a pickup point
        for pk in pickups:
            need = 1.3 * at[pk]
            for c in given:
                if need > 0 and spare[c.id] > 0 and can_serve(c.bus_type.depot_id, pk):
                    use = min(need, spare[c.id])
                    spare[c.id] -= use
                    need -= use
            serving = [t for t, cs in pool.items() if cs and can_serve(cs[0].bus_type.depot_id, pk)]
            serving.sort(key=lambda t: _nearness(pool[t][0], t, [pk], depot_m))
            while need > 0 and serving:
                c = pool[serving[0]].pop(0)
                given.append(c)
                spare[c.id] = max(0.0, c.capacity - need)
                need -= c.capacity
                serving = [t for t in serving if pool[t]]
        usable = [t for t, cs in pool.items() if cs and any(can_serve(cs[0].bus_type.depot_id, pk) for pk in pickups)]
        usable.sort(key=lambda t: _nearness(pool[t][0], t, pickups, depot_m))
        if usable:
            want_seats = 1.3 * sum(at.values()) + max(pool[t][0].capacity for t in usable)
            want_coaches = math.ceil(len(pickups) / max(1, max_stops)) + 1
            for t in usable:
                while pool[t] and (sum(c.capacity for c in given) < want_seats or len(given) < want_coaches):
                    given.append(pool[t].pop(0))
        if given:
            clusters.append(Cluster(key, tuple(members), tuple(given)))
        else:
            unplaced.extend(members)
    return tuple(clusters), tuple(unplaced)
