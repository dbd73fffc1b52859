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
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from .fleet import Coach
from .solver import CoachRoute, Party

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
        ``trip_cost(coach, pickup_id)``: cost of one coach serving that pickup point alone.
    cluster_key
        Area of a party for the leftover routing (prefecture or county).
    pickup_order
        Pickup point ids in the order they get coaches (farthest first, as they have the fewest choices).

    Returns
    -------
    Split
        Direct loads as coach routes, clusters with their coaches, and parties no coach was left for.
    """
    pool: dict[str, list[Coach]] = {}
    for c in fleet:
        pool.setdefault(c.bus_type.id, []).append(c)
    capacity = {t: cs[0].capacity for t, cs in pool.items()}
    at: dict[str, list[Party]] = {}
    for p in parties:
        at.setdefault(p.pickup_id, []).append(p)
    direct: list[CoachRoute] = []
    leftover: list[Party] = []
    for pickup in pickup_order:
        waiting = at.get(pickup, [])
        while waiting:
            usable = [t for t, cs in pool.items() if cs and can_serve(cs[0].bus_type.depot_id, pickup)]
            if not usable:
                break
            best = max(capacity[t] for t in usable)
            chosen: set[str] = set()
            for load in pack_loads(waiting, best):
                types = [t for t in usable if capacity[t] == best and pool[t]]
                if not types:
                    break
                if sum(p.size for p in load) < FULL_SHARE * best:
                    continue
                t = min(types, key=lambda t: (trip_cost(pool[t][0], pickup), t))
                coach = pool[t].pop(0)
                direct.append(CoachRoute(coach.id, ((pickup, tuple(p.worker_id for p in load)),)))
                chosen.update(p.worker_id for p in load)
            if not chosen:
                break
            waiting = [p for p in waiting if p.worker_id not in chosen]
        leftover.extend(waiting)
    clusters, unplaced = _share_fleet(leftover, pool, can_serve, cluster_key)
    return Split(tuple(direct), clusters, unplaced)


def _share_fleet(
    leftover: Iterable[Party],
    pool: dict[str, list[Coach]],
    can_serve: Callable[[str, str], bool],
    cluster_key: Callable[[Party], str],
) -> tuple[tuple[Cluster, ...], tuple[Party, ...]]:
    """Give each cluster coaches of the types that can reach it, largest first, until they could carry it about
    one and a half times over (and two more of the largest), so the router has a choice of sizes.
    """
    groups: dict[str, list[Party]] = {}
    for p in leftover:
        groups.setdefault(cluster_key(p), []).append(p)
    clusters: list[Cluster] = []
    unplaced: list[Party] = []
    for key in sorted(groups):
        members = groups[key]
        pickups = sorted({p.pickup_id for p in members})
        people = sum(p.size for p in members)
        usable = [t for t, cs in pool.items() if cs and any(can_serve(cs[0].bus_type.depot_id, pk) for pk in pickups)]
        usable.sort(key=lambda t: (-pool[t][0].capacity, t))
        given: list[Coach] = []
        if usable:
            target = 1.5 * people + 2 * pool[usable[0]][0].capacity
            for t in usable:
                cs = pool[t]
                need = min(len(cs), math.ceil(people / cs[0].capacity) + 1)
                given.extend(cs[:need])
                del cs[:need]
                if sum(c.capacity for c in given) >= target:
                    break
        if given:
            clusters.append(Cluster(key, tuple(members), tuple(given)))
        else:
            unplaced.extend(members)
    return tuple(clusters), tuple(unplaced)
