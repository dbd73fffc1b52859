"""Repair of routes from engines that cannot model every rule of a ``VRP``.

PyVRP and VROOM know capacity, time windows and costs, but not the driving limit, the
count of places a route calls at, or groups that never share a route. Their routes are
checked with ``routing.solve.vrp.route_problems``. A broken route first tries to hand whole
places over to the other routes (cheapest insertion) until it keeps every rule; failing
that it is cut into pieces that keep all rules, on spare vehicles; what no spare vehicle
can take is left out.
"""

from __future__ import annotations

from routing.errors import SolverError
from routing.solve.vrp import VRP, Route, client_label, route_cost, route_problems

MAX_PLACES_MOVED = 3  # places a broken route may hand over before it is cut instead


def repair(vrp: VRP, routes: tuple[Route, ...]) -> tuple[tuple[Route, ...], tuple[int, ...]]:
    """Cut every route that breaks a rule of ``vrp`` into pieces that keep them all.

    Routes with no problem (``route_problems``) stay as they are. A broken route first hands over
    whole places (all its clients at one place) to the other routes, each client at its cheapest
    position that keeps the receiving route within every rule, choosing each time the place that
    adds least cost, at most ``MAX_PLACES_MOVED`` places; this keeps the number of vehicles. If that
    cannot make it keep every rule, its clients are
    split by group (keeping their order), then each group's sequence is cut into consecutive
    pieces, each as long as it can grow while it passes ``route_problems``: on a
    spare vehicle of the route's own type (its own vehicle is spare once the route is cut),
    else on the spare vehicle of another type that takes the longest piece (ties: lower fixed
    cost, then lower type index). A client that no spare vehicle can take alone is left out, and
    the route's latest piece then grows past it if it can.

    Parameters
    ----------
    vrp
        The problem.
    routes
        Routes of distinct vehicles, at most ``count`` per type.

    Returns
    -------
    tuple
        The routes (kept ones first, then the pieces in order) and the clients left out, sorted.

    Raises
    ------
    SolverError
        When a client left out is required (its ``penalty`` is None).
    """
    ok = [not route_problems(vrp, r) for r in routes]
    kept_list = [r for r, good in zip(routes, ok, strict=True) if good]
    broken_list: list[Route] = []
    for route in (r for r, good in zip(routes, ok, strict=True) if not good):
        if (moved := _hand_over_places(vrp, route, kept_list)) is None:
            broken_list.append(route)
        else:
            fixed, kept_list = moved
            kept_list += [fixed] if fixed.clients else []
    kept, broken = tuple(kept_list), tuple(broken_list)
    spare = [vt.count - sum(r.vehicle_type == k for r in kept) for k, vt in enumerate(vrp.vehicle_types)]
    pieces: list[Route] = []
    dropped: list[int] = []
    for route, rest in ((r, part) for r in broken for part in _by_group(vrp, r.clients)):
        last = None  # index in pieces of the latest piece cut from this part
        while rest:
            if last is not None and (grown := _grow(vrp, pieces[last], rest)) != pieces[last]:
                rest = rest[len(grown.clients) - len(pieces[last].clients) :]
                pieces[last] = grown
            elif (piece := _next_piece(vrp, route.vehicle_type, rest, spare)) is not None:
                pieces.append(piece)
                last = len(pieces) - 1
                spare[piece.vehicle_type] -= 1
                rest = rest[len(piece.clients) :]
            else:
                dropped.append(rest[0])
                rest = rest[1:]
    _check_optional(vrp, dropped, routes)
    return (*kept, *pieces), tuple(sorted(dropped))


def _hand_over_places(vrp: VRP, route: Route, others: list[Route]) -> tuple[Route, list[Route]] | None:
    """``route`` rid of whole places, moved into ``others`` until it keeps every rule; None when it cannot be."""
    if not vrp.place:
        return None
    current, receivers = route, list(others)
    for _ in range(MAX_PLACES_MOVED):
        best: tuple[int, Route, list[Route]] | None = None
        for place in dict.fromkeys(vrp.place[c] for c in current.clients):
            rest = Route(current.vehicle_type, tuple(c for c in current.clients if vrp.place[c] != place))
            moved = _insert_all(vrp, tuple(c for c in current.clients if vrp.place[c] == place), receivers)
            if moved is None:
                continue
            added, after = moved
            delta = added + (route_cost(vrp, rest) if rest.clients else 0) - route_cost(vrp, current)
            if best is None or delta < best[0]:
                best = (delta, rest, after)
        if best is None:
            return None
        _, current, receivers = best
        if not route_problems(vrp, current):
            return current, receivers
    return None


def _insert_all(vrp: VRP, clients: tuple[int, ...], routes: list[Route]) -> tuple[int, list[Route]] | None:
    """``routes`` with each of ``clients`` at its cheapest position that keeps every rule, and the cost added."""
    routes = list(routes)
    added = 0
    for c in clients:
        best: tuple[int, int, Route] | None = None
        for k, r in enumerate(routes):
            before = route_cost(vrp, r)
            for i in _positions(vrp, r, c):
                trial = Route(r.vehicle_type, (*r.clients[:i], c, *r.clients[i:]))
                cost = route_cost(vrp, trial) - before
                if (best is None or cost < best[0]) and not route_problems(vrp, trial):
                    best = (cost, k, trial)
        if best is None:
            return None
        added += best[0]
        routes[best[1]] = best[2]
    return added, routes


def _positions(vrp: VRP, route: Route, c: int) -> range | tuple[int, ...]:
    """Where ``c`` may go in ``route``: next to a client at its own place if there is one, else anywhere."""
    same = [i for i, d in enumerate(route.clients) if vrp.place[d] == vrp.place[c]]
    return (same[-1] + 1,) if same else range(len(route.clients) + 1)


def _by_group(vrp: VRP, clients: tuple[int, ...]) -> tuple[tuple[int, ...], ...]:
    """``clients`` split by group (groups in order of first call, clients in route order); whole if no groups."""
    if not vrp.group:
        return (clients,)
    return tuple(tuple(c for c in clients if vrp.group[c] == g) for g in dict.fromkeys(vrp.group[c] for c in clients))


def _next_piece(vrp: VRP, own_type: int, clients: tuple[int, ...], spare: list[int]) -> Route | None:
    """The piece that starts ``clients``: on the own type if it can, else the longest on another; None if none."""
    if spare[own_type] > 0 and (piece := _longest_piece(vrp, own_type, clients)):
        return piece
    others = [
        piece
        for k in range(len(spare))
        if k != own_type and spare[k] > 0 and (piece := _longest_piece(vrp, k, clients)) is not None
    ]
    return max(others, key=lambda p: (len(p.clients), -vrp.vehicle_types[p.vehicle_type].fixed_cost, -p.vehicle_type),
               default=None)


def _longest_piece(vrp: VRP, vehicle_type: int, clients: tuple[int, ...]) -> Route | None:
    """The route of the first clients, grown one by one while it passes ``route_problems``; None if the first fails."""
    piece = _grow(vrp, Route(vehicle_type, ()), clients)
    return piece if piece.clients else None


def _grow(vrp: VRP, piece: Route, clients: tuple[int, ...]) -> Route:
    """``piece`` with the first of ``clients`` added one by one while it passes ``route_problems``."""
    n = 0
    while n < len(clients) and not route_problems(vrp, Route(piece.vehicle_type, piece.clients + clients[: n + 1])):
        n += 1
    return Route(piece.vehicle_type, piece.clients + clients[:n])


def _check_optional(vrp: VRP, dropped: list[int], routes: tuple[Route, ...]) -> None:
    """Raise ``SolverError`` naming every required client in ``dropped`` and why it could not stay."""
    problems = []
    for c in dropped:
        if vrp.penalty and vrp.penalty[c] is not None:
            continue
        own = next(r.vehicle_type for r in routes if c in r.clients)
        why = "; ".join(route_problems(vrp, Route(own, (c,)))) or "every vehicle that could take it is in use"
        problems.append(f"client {client_label(vrp, c)} must be visited, but the engine's route breaks a rule the engine "
                        f"cannot model and no spare vehicle can take it ({why}).")
    if problems:
        raise SolverError("\n".join(problems))
