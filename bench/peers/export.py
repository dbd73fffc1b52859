"""A bundled scenario as one plain VRP, exactly as returnbus sees it before routing.

``scenario_vrp`` repeats the pipeline's steps up to routing (``routing.pipeline.make_plan``):
screening, pickup points, the parties, the fleet, the road matrix and the parties no coach
could carry even alone; then it writes every servable party and every coach of the fleet
as one ``VRP`` with ``routing.solve.bus_vrp.bus_vrp``. returnbus itself may split a large batch
into pieces; the VRP here is always the whole batch.

``plain`` drops the rules a general solver cannot model (driving per coach, places called
at, counties that may not share a coach), leaving capacity, time, fixed and distance
costs, optional clients with penalties, several depots and a mixed fleet.

``plan_routes`` reads a returnbus plan back as routes of that VRP, so returnbus and the
general solvers are scored by the same yardstick (``routing.solve.vrp.solution_cost`` and
``route_problems``).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from routing.boarding.screening import screen
from routing.coach.fleet import Coach, coaches
from routing.geo.distance import Matrix
from routing.model import Scenario
from routing.pipeline import _reach_table, _unservable, choose_pickups, parties_of
from routing.plan.model import Plan
from routing.solve.bus_vrp import BusVRP, Party, bus_vrp
from routing.solve.solver import places_matrix
from routing.solve.vrp import VRP, Route

MATRICES = 3  # distance, duration and driving: the node-by-node matrices of the bus VRP


@dataclass(frozen=True)
class Batch:
    """What returnbus routes: the whole fleet, the parties it could carry, the road matrix."""

    fleet: tuple[Coach, ...]
    parties: tuple[Party, ...]
    mx: Matrix
    unservable: int  # parties left out before routing (too large, or no coach reaches their pickup in time)


def scenario_batch(scenario: Scenario) -> Batch:
    """Screening, pickup points, parties and the unservable filter, as ``make_plan`` does them."""
    eligible, _ = screen(scenario)
    choices, _ = choose_pickups(scenario, eligible)
    parties = parties_of(scenario, choices)
    fleet = coaches(scenario)
    mx = places_matrix(scenario)
    reach = _reach_table(scenario, fleet, {p.pickup_id for p in parties}, mx)
    unservable = _unservable(scenario, fleet, parties, reach)
    servable = tuple(p for p in parties if p.worker_id not in unservable)
    return Batch(fleet, servable, mx, len(unservable))


def scenario_vrp(scenario: Scenario) -> BusVRP:
    """The whole batch as one VRP: every servable party, every coach of the fleet (``bus_vrp``)."""
    batch = scenario_batch(scenario)
    return bus_vrp(scenario, batch.fleet, batch.parties, batch.mx)


def plain(vrp: VRP) -> VRP:
    """``vrp`` without the rules general solvers cannot model: driving limit, places called at, groups."""
    return dataclasses.replace(vrp, drive=(), place=(), max_places=None, group=())


def nodes(batch: Batch) -> int:
    """Nodes of the batch's VRP: a start and an end node per depot of the fleet, then one per party."""
    return 2 * len({c.bus_type.depot_id for c in batch.fleet}) + len(batch.parties)


def dense_bytes(n_nodes: int, matrices: int = MATRICES, item_bytes: int = 8) -> int:
    """Memory of ``matrices`` dense ``n_nodes`` x ``n_nodes`` matrices of ``item_bytes`` each (int64 by default)."""
    return matrices * n_nodes * n_nodes * item_bytes


def plan_routes(problem: BusVRP, plan: Plan) -> tuple[tuple[Route, ...], tuple[int, ...]]:
    """A returnbus plan as routes of ``problem.vrp``, and the clients it leaves out (both sorted).

    A coach's clients are its parties (by their worker's id) in boarding order; its vehicle
    type is the one whose coaches include it.

    Raises
    ------
    ValueError
        When the plan names a coach the VRP does not hold, boards a party at another pickup point than the
        VRP's, or a coach's passengers are not its parties' sizes (the pipeline and ``scenario_batch`` differ).
    """
    client_of = {p.worker_id: c for c, p in enumerate(problem.parties)}
    type_of = {coach.id: k for k, cs in enumerate(problem.coaches_of_type) for coach in cs}
    routes = []
    for bus in plan.buses:
        if bus.id not in type_of:
            raise ValueError(f"coach {bus.id} of the plan is not in the VRP's fleet")
        clients = tuple(client_of[pid] for stop in bus.stops if stop.kind == "pickup"
                        for pid in stop.board if pid in client_of)
        moved = [problem.parties[c].worker_id for stop in bus.stops if stop.kind == "pickup"
                 for c in (client_of[pid] for pid in stop.board if pid in client_of)
                 if problem.parties[c].pickup_id != stop.place_id]
        if moved:
            raise ValueError(f"coach {bus.id} boards {', '.join(moved[:3])} at another pickup point than the VRP's")
        if sum(problem.vrp.demand[c] for c in clients) != bus.passengers:
            raise ValueError(f"coach {bus.id} carries {bus.passengers} passengers, its parties in the VRP add up to "
                             f"{sum(problem.vrp.demand[c] for c in clients)}")
        routes.append(Route(type_of[bus.id], clients))
    served = {c for r in routes for c in r.clients}
    routes.sort(key=lambda r: (r.vehicle_type, r.clients))
    return tuple(routes), tuple(c for c in range(problem.vrp.n_clients) if c not in served)
