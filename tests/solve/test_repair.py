"""Repair of routes that break rules an engine cannot model: hand whole places over, else cut into pieces."""

from __future__ import annotations

import pytest

from routing.errors import SolverError
from routing.solve.repair import MAX_PLACES_MOVED, repair
from routing.solve.vrp import VRP, Route, VehicleType, route_problems


def line(clients: list[int], fleet: tuple[VehicleType, ...], **kw: object) -> VRP:
    """One depot at 0 and clients at the given positions on a line; distance = duration = |a - b|, demand 1."""
    xs = [0, *clients]
    m = tuple(tuple(abs(a - b) for b in xs) for a in xs)
    kw.setdefault("demand", (1,) * len(clients))
    return VRP(n_depots=1, distance=m, duration=m, vehicle_types=fleet, **kw)  # type: ignore[arg-type]


def vt(count: int, capacity: int = 10, **kw: object) -> VehicleType:
    """``count`` vehicles starting and ending at depot 0."""
    return VehicleType(count=count, capacity=capacity, start_depot=0, end_depot=0, **kw)  # type: ignore[arg-type]


def test_routes_that_keep_every_rule_are_left_alone() -> None:
    """Nothing to repair: the same routes come back in the same order and nobody is left out."""
    vrp = line([10, 20, 30], (vt(2),), place=("p", "q", "r"), max_places=2)
    routes = (Route(0, (2,)), Route(0, (0, 1)))
    assert repair(vrp, routes) == (routes, ())


def test_a_route_over_the_stop_limit_is_cut_into_the_longest_pieces() -> None:
    """Four places, two per route, no other route to hand places to: pieces (0, 1) and (2, 3) in route order."""
    vrp = line([10, 20, 30, 40], (vt(4),), place=("p", "q", "r", "s"), max_places=2)
    assert repair(vrp, (Route(0, (0, 1, 2, 3)),)) == ((Route(0, (0, 1)), Route(0, (2, 3))), ())


def test_consecutive_clients_at_one_place_count_as_one_stop() -> None:
    """p, p, q, r, r is three stops: with two per route the cut falls between q and r."""
    vrp = line([10, 10, 20, 30, 30], (vt(4),), place=("p", "p", "q", "r", "r"), max_places=2)
    assert repair(vrp, (Route(0, (0, 1, 2, 3, 4)),)) == ((Route(0, (0, 1, 2)), Route(0, (3, 4))), ())


def test_a_place_is_handed_over_to_a_route_already_calling_there() -> None:
    """A route one stop over hands the place another route already calls at to it, keeping both vehicles."""
    # A calls at p (10), q (20), r (30); B at r. Handing r to B costs nothing (A: 60 -> 40, B: 60 -> 60),
    # cheaper than handing p or q (A stays at 60)
    vrp = line([10, 20, 30, 30], (vt(2),), place=("p", "q", "r", "r"), max_places=2, penalty=(100,) * 4)
    a, b = Route(0, (0, 1, 2)), Route(0, (3,))
    assert repair(vrp, (a, b)) == ((Route(0, (3, 2)), Route(0, (0, 1))), ())


def test_handing_over_stops_after_the_most_places_then_the_route_is_cut() -> None:
    """Three places over the limit are handed over; four are not, and the route is cut instead."""
    # four one-stop receivers, each able to take one more place; the receivers are left as they were when cutting
    assert MAX_PLACES_MOVED == 3
    receivers = [Route(0, (k,)) for k in range(4)]
    places = ("a", "b", "c", "d", "e", "f", "g", "h", "i", "j")

    five = line([100, 200, 300, 400, 1, 2, 3, 4, 5], (vt(10),), place=places[:9], max_places=2)
    routes, dropped = repair(five, (*receivers, Route(0, (4, 5, 6, 7, 8))))
    # each time the last place (5, then 4, then 3 from the depot) saves most: it goes ahead of the first free receiver
    assert (routes, dropped) == ((Route(0, (8, 0)), Route(0, (7, 1)), Route(0, (6, 2)), Route(0, (3,)),
                                  Route(0, (4, 5))), ())
    assert all(route_problems(five, r) == [] for r in routes)

    six = line([100, 200, 300, 400, 1, 2, 3, 4, 5, 6], (vt(7),), place=places, max_places=2)
    routes, dropped = repair(six, (*receivers, Route(0, (4, 5, 6, 7, 8, 9))))
    assert dropped == ()
    assert routes == (*receivers, Route(0, (4, 5)), Route(0, (6, 7)), Route(0, (8, 9)))


def test_a_route_over_the_driving_limit_is_cut_and_what_nobody_can_drive_is_left_out() -> None:
    """Driving limit 50: 0-10-0 (20) fits, 0-30-0 (60) fits no vehicle, so client 1 is left out."""
    fleet = (vt(2, max_drive=50),)
    vrp = line([10, 30], fleet, drive=line([10, 30], fleet).distance, penalty=(10**6, 10**6))
    assert repair(vrp, (Route(0, (0, 1)),)) == ((Route(0, (0,)),), (1,))


def test_routes_mixing_groups_are_split_by_group_in_route_order() -> None:
    """Groups a, b, a, b on one route: a piece per group, each keeping the route's order, group of first call first."""
    vrp = line([40, 10, 30, 20], (vt(3),), group=("a", "b", "a", "b"))
    assert repair(vrp, (Route(0, (1, 0, 3, 2)),)) == ((Route(0, (1, 3)), Route(0, (0, 2))), ())


def test_over_capacity_pieces_go_on_spare_vehicles_of_another_type() -> None:
    """Pieces beyond the own type go on the type taking the longest piece, then lower fixed cost, then lower index."""
    # type 0 (the route's own) has one vehicle, reused for the first piece; type 1 takes 1 client, types 2 and 3 take 2
    def fleet(fixed2: int, fixed3: int) -> tuple[VehicleType, ...]:
        return (vt(1, capacity=2), vt(1, capacity=1, fixed_cost=1), vt(1, capacity=2, fixed_cost=fixed2),
                vt(1, capacity=2, fixed_cost=fixed3))

    route = (Route(0, (0, 1, 2, 3)),)
    assert repair(line([10] * 4, fleet(10, 10)), route) == ((Route(0, (0, 1)), Route(2, (2, 3))), ())
    assert repair(line([10] * 4, fleet(10, 8)), route) == ((Route(0, (0, 1)), Route(3, (2, 3))), ())


def test_a_client_too_heavy_for_any_vehicle_is_left_out_and_the_piece_grows_past_it() -> None:
    """Demands 1, 5, 1 on a vehicle of 3: client 1 fits nowhere; the piece (0) then takes client 2 as well."""
    vrp = line([10, 20, 30], (vt(2, capacity=3),), demand=(1, 5, 1), penalty=(9, 9, 9))
    assert repair(vrp, (Route(0, (0, 1, 2)),)) == ((Route(0, (0, 2)),), (1,))


def test_a_hand_over_that_cannot_finish_is_undone_and_the_route_cut() -> None:
    """A hand-over that cannot make the route keep the rules is undone; the route is cut, the good one kept."""
    # (10, 20, 30, 40) is two stops over; the good route at 50 can take one place, not two
    vrp = line([10, 20, 30, 40, 50], (vt(3),), place=("p", "q", "r", "s", "t"), max_places=2)
    good, bad = Route(0, (4,)), Route(0, (0, 1, 2, 3))
    assert repair(vrp, (bad, good)) == ((good, Route(0, (0, 1)), Route(0, (2, 3))), ())


def test_a_required_client_that_cannot_stay_is_an_error_naming_it_and_why() -> None:
    """Required clients left out raise ``SolverError``: with the rule it breaks alone, or because vehicles ran out."""
    fleet = (vt(2, max_drive=50),)
    far = line([10, 30], fleet, drive=line([10, 30], fleet).distance, names=("W-near", "W-far"))
    with pytest.raises(SolverError, match=r"client 1 \(W-far\) must be visited.*the route drives 60, more than 50"):
        repair(far, (Route(0, (0, 1)),))
    full = line([10, 20], (vt(1, capacity=1),))
    with pytest.raises(SolverError, match="client 1 must be visited.*every vehicle that could take it is in use"):
        repair(full, (Route(0, (0, 1)),))
