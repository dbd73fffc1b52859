"""The whole job: a Scenario in, a Plan out (screen, pickups, routes, schedule, seats)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from pathlib import Path

from routing.boarding.optimized import select_pickups
from routing.boarding.pickup import PickupChoice, assign_pickups
from routing.boarding.screening import screen
from routing.coach.fleet import Coach, coaches, km_lower_bound, lower_bound
from routing.coach.schedule import Call, Timeline, schedule_coach
from routing.coach.seating import assign_seats
from routing.errors import SolverError
from routing.geo.distance import Matrix
from routing.model import Scenario, Worker
from routing.plan.home_areas import home_areas
from routing.plan.model import (
    SCHEMA,
    Assignment,
    BusPlan,
    EmployerRef,
    PickupUse,
    PlaceRef,
    Plan,
    ScenarioInfo,
    Summary,
    Unassigned,
)
from routing.solve.engines import DEFAULT_ENGINE
from routing.solve.solver import CoachRoute, Party, RoutingResult, places_matrix, solve_routes, zone_tour
from routing.solve.subproblems import solve_in_pieces

Progress = Callable[[str], None]
# The labels make_plan reports to its ``progress`` callback, in order (a progress bar sizes itself from them).
PLAN_STEPS = ("screening", "pickup points", "distances", "routing", "schedule and seats")
# A batch of at most this many parties is also routed as one model by VROOM (about 1 s for 300 parties, as
# bench/peers measured, where it beat the split on Zhongwei); the plan with fewer left behind, then fewer
# coaches, then lower cost is kept.
WHOLE_BATCH_UP_TO = 800
WHOLE_BATCH_ENGINES = ("vroom", "vroom-x1")  # each tried on small batches; the best plan is kept
MAX_CLUSTER_PARTIES = 400  # parties routed together at most (neighbouring areas join up to this)


def companion_ids(worker: Worker) -> tuple[str, ...]:
    """Passenger ids of a worker's companions: ``<worker id>/1``, ``/2``, …"""
    return tuple(f"{worker.id}/{k}" for k in range(1, worker.companions + 1))


def party_ids(worker: Worker) -> tuple[str, ...]:
    """The worker's passenger id followed by their companions'."""
    return (worker.id, *companion_ids(worker))


def _calls(scenario: Scenario, coach: Coach, route: CoachRoute, workers: dict[str, Worker], mx: Matrix) -> list[Call]:
    depot = scenario.place(coach.bus_type.depot_id)
    calls = [Call("depot", depot)]
    gate_of: dict[str, list[str]] = {}
    for pickup_id, worker_ids in route.visits:
        board = tuple(pid for wid in worker_ids for pid in party_ids(workers[wid]))
        calls.append(Call("pickup", scenario.place(pickup_id), board=board))
        for wid in worker_ids:
            gate = scenario.employer(workers[wid].employer_id).dropoff_id
            gate_of.setdefault(gate, []).extend(party_ids(workers[wid]))
    for gate in zone_tour(scenario, mx, route.visits[-1][0], list(gate_of), depot.id):
        calls.append(Call("dropoff", scenario.place(gate), alight=tuple(gate_of[gate])))
    if scenario.rules.duty_end == "depot":
        calls.append(Call("depot", depot))
    return calls


def _depot_reaches(scenario: Scenario, depot_id: str, pickup_id: str, mx: Matrix) -> bool:
    """Whether a coach alone can leave the depot, call at the pickup point and reach every gate in time."""
    gates = [g.id for g in scenario.dropoffs]
    depot = scenario.place(depot_id)
    calls = [Call("depot", depot), Call("pickup", scenario.place(pickup_id), board=("x",))]
    calls += [Call("dropoff", scenario.place(g), alight=("x",)) for g in zone_tour(scenario, mx, pickup_id, gates, depot_id)]
    if scenario.rules.duty_end == "depot":
        calls.append(Call("depot", depot))
    t = schedule_coach(scenario, calls, mx)
    last_gate = next(s for s in reversed(t.stops) if s.kind == "dropoff")
    return last_gate.arrive <= scenario.deadline and t.driving_s <= 2 * scenario.rules.drivers.max_daily_driving_s


def _reach_table(scenario: Scenario, fleet: tuple[Coach, ...], pickup_ids: set[str],
                 mx: Matrix) -> dict[tuple[str, str], bool]:
    """``_depot_reaches`` for every depot of the fleet and every pickup point used."""
    depots = sorted({c.bus_type.depot_id for c in fleet})
    return {(d, p): _depot_reaches(scenario, d, p, mx) for d in depots for p in sorted(pickup_ids)}


def _unservable(scenario: Scenario, fleet: tuple[Coach, ...], parties: tuple[Party, ...],
                reach: dict[tuple[str, str], bool]) -> dict[str, Unassigned]:
    """Parties no coach could carry even alone, with the reason (before any routing)."""
    out: dict[str, Unassigned] = {}
    biggest = max((c.capacity for c in fleet), default=0)
    reachable = {pk for (_, pk), ok in reach.items() if ok}
    for p in parties:
        if not fleet:
            out[p.worker_id] = Unassigned(p.worker_id, "no_capacity", "the scenario charters no coaches", p.size - 1)
        elif p.size > biggest:
            out[p.worker_id] = Unassigned(p.worker_id, "no_capacity",
                                          f"party of {p.size} is larger than the largest coach capacity {biggest}",
                                          p.size - 1)
        elif p.pickup_id not in reachable:
            out[p.worker_id] = Unassigned(
                p.worker_id, "out_of_reach",
                f"no coach can reach pickup point {p.pickup_id} and the zone between {scenario.start:%H:%M} "
                f"and the deadline {scenario.deadline:%Y-%m-%d %H:%M}", p.size - 1)
    return out


def _bus_plan(scenario: Scenario, coach: Coach, t: Timeline, mx: Matrix) -> BusPlan:
    """The coach's plan. With ``rules.duty_end`` ``zone`` its stops end at the last gate, and ``km`` and ``cost``
    include the empty drive from there back to its depot (another day's duty, paid for by this batch)."""
    bt = coach.bus_type
    empty_m = mx.m(t.stops[-1].place_id, bt.depot_id) if t.stops and t.stops[-1].kind == "dropoff" else 0
    cost = bt.fixed_cost + (t.distance_m + empty_m) / 1000 * bt.cost_per_km
    if t.drivers == 2:
        cost += scenario.rules.drivers.second_driver_cost
    return BusPlan(
        id=coach.id, type=bt.id, type_name=bt.name, plate=coach.plate, seats=bt.seats, capacity=coach.capacity,
        depot=bt.depot_id, drivers=t.drivers, km=round((t.distance_m + empty_m) / 1000, 1), cost=round(cost, 2),
        driving_minutes=round(t.driving_s / 60), stops=t.stops,
    )


def choose_pickups(scenario: Scenario, eligible: tuple[Worker, ...]) -> tuple[tuple[PickupChoice, ...],
                                                                            tuple[Unassigned, ...]]:
    """Pickup point of every eligible worker by the scenario's ``rules.pickup_choice``; the rest out of reach."""
    choose = select_pickups if scenario.rules.pickup_choice == "optimized" else assign_pickups
    return choose(scenario, eligible)


def parties_of(scenario: Scenario, choices: tuple[PickupChoice, ...]) -> tuple[Party, ...]:
    """The parties to route: each worker with companions, at their pickup point, for their employer's gate."""
    region = {p.id: p.region for p in scenario.pickup_points}
    return tuple(Party(c.worker.id, c.worker.party_size, c.pickup_id, region[c.pickup_id],
                       scenario.employer(c.worker.employer_id).dropoff_id) for c in choices)


def _carry(scenario: Scenario, fleet: tuple[Coach, ...], result: RoutingResult, workers: dict[str, Worker],
           choice_of: dict[str, PickupChoice], mx: Matrix) -> tuple[list[BusPlan], list[Assignment]]:
    """The coaches' timetables and every passenger's seat for the routes of ``result``."""
    coach_of = {c.id: c for c in fleet}
    buses: list[BusPlan] = []
    assignments: list[Assignment] = []
    for route in result.routes:
        coach = coach_of[route.coach_id]
        timeline = schedule_coach(scenario, _calls(scenario, coach, route, workers, mx), mx)
        buses.append(_bus_plan(scenario, coach, timeline, mx))
        boarding = [list(party_ids(workers[w])) for _, ws in route.visits for w in ws]
        seats = assign_seats(boarding, coach.bus_type.seats, coach.bus_type.seats_per_row,
                             scenario.rules.observation_rows)
        for _, ws in route.visits:
            for wid in ws:
                c = choice_of[wid]
                employer = workers[wid].employer_id
                gate = scenario.employer(employer).dropoff_id
                for pid in party_ids(workers[wid]):
                    assignments.append(Assignment(pid, coach.id, seats[pid], c.pickup_id, gate,
                                                  round(c.access_m / 1000, 1), None if pid == wid else wid, employer))
    return buses, assignments


def make_plan(
    scenario: Scenario, time_limit_s: float = 30.0, solution_limit: int = 200, progress: Progress | None = None,
    jobs: int = 1, detail: Progress | None = None, engine: str = DEFAULT_ENGINE,
) -> Plan:
    """Plan a batch end to end.

    Parameters
    ----------
    scenario
        A loaded scenario.
    time_limit_s
        Safety limit on the optimizer's wall-clock time (default 30 s).
    solution_limit
        Solutions the local search visits before it stops (default 200); repeatable.
    progress
        Called with a short label as each step starts (for a progress bar).
    jobs
        Processes that route clusters at the same time. Every batch is split: whole coach loads leave their
        pickup point directly and the rest is routed in clusters of at most ``MAX_CLUSTER_PARTIES`` parties.
        Measured on the bundled scenarios this is both cheaper and far faster than one OR-Tools model for
        the whole batch (Zhongwei: 14 coaches in 0.3 s against 15 in 18 s). Batches of up to
        ``WHOLE_BATCH_UP_TO`` parties are also routed whole by VROOM, which is quick at that size, and
        the better of the two plans is kept.
    detail
        Called with a label as each part of a long step finishes (clusters of a split batch).
    engine
        Routing engine (``routing.solve.engines.ENGINES``).
    """
    step = progress or (lambda label: None)
    step("screening")
    eligible, excluded = screen(scenario)
    step("pickup points")
    choices, unreachable = choose_pickups(scenario, eligible)
    choice_of: dict[str, PickupChoice] = {c.worker.id: c for c in choices}
    workers = {w.id: w for w in scenario.workers}
    parties = parties_of(scenario, choices)
    fleet = coaches(scenario)
    step("distances")
    mx = places_matrix(scenario)
    step("routing")
    reach = _reach_table(scenario, fleet, {p.pickup_id for p in parties}, mx)
    unservable = _unservable(scenario, fleet, parties, reach)
    servable = tuple(p for p in parties if p.worker_id not in unservable)
    result = solve_in_pieces(scenario, fleet, servable, mx, lambda d, pk: reach[(d, pk)], time_limit_s=time_limit_s,
                             solution_limit=solution_limit, jobs=jobs, progress=detail,
                             max_cluster=MAX_CLUSTER_PARTIES, engine_name=engine)
    step("schedule and seats")
    buses, assignments = _carry(scenario, fleet, result, workers, choice_of, mx)
    if len(servable) <= WHOLE_BATCH_UP_TO:  # small batches: also one model for the whole batch, fewer coaches win
        best = (len(result.dropped), len(buses), round(sum(b.cost for b in buses), 2))
        for name in WHOLE_BATCH_ENGINES:
            try:
                whole = solve_routes(scenario, fleet, servable, mx, time_limit_s=time_limit_s, seed=scenario.seed,
                                     solution_limit=solution_limit, engine_name=name)
            except SolverError:
                continue
            if len(whole.dropped) > best[0]:
                continue
            w_buses, w_assign = _carry(scenario, fleet, whole, workers, choice_of, mx)
            theirs = (len(whole.dropped), len(w_buses), round(sum(b.cost for b in w_buses), 2))
            if theirs < best:
                best, result, buses, assignments = theirs, whole, w_buses, w_assign
    dropped = (*unservable.values(), *(
        Unassigned(w, "no_capacity", f"no seat left on a coach that can call at {choice_of[w].pickup_id} in time "
                                     f"({len(fleet)} coaches chartered)", workers[w].companions)
        for w in result.dropped))
    invalid = tuple(Unassigned(r.id, "invalid_record", f"{'; '.join(r.reasons)} ({r.file} row {r.row})", r.companions)
                    for r in scenario.rejected)
    place_in_roster = {w.id: (w.source, w.row) for w in scenario.workers} | {
        r.id: (r.file, r.row) for r in scenario.rejected}
    unassigned = sorted((*excluded, *unreachable, *dropped, *invalid), key=lambda u: place_in_roster[u.worker_id])
    order = {b.id: i for i, b in enumerate(fleet)}
    buses.sort(key=lambda b: order[b.id])
    assignments.sort(key=lambda a: (order[a.bus_id], a.seat))
    passengers = len(assignments)
    capacity_used = sum(b.capacity for b in buses)
    boarded = {a.worker_id: a for a in assignments}
    pickups = tuple(
        PickupUse(p.id, p.name, p.lat, p.lon,
                  sum(1 for a in assignments if a.pickup_point_id == p.id and a.companion_of is None),
                  sum(1 for a in assignments if a.pickup_point_id == p.id), p.approximate)
        for p in scenario.pickup_points
    )
    workers_assigned = sum(1 for w in scenario.workers if w.id in boarded)
    to_zone = {p: min(mx.m(p, g.id) for g in scenario.dropoffs) for p in {a.pickup_point_id for a in assignments}}
    summary = Summary(
        workers_total=len(scenario.workers) + len(scenario.rejected), workers_assigned=workers_assigned,
        workers_unassigned=len(unassigned), passengers=passengers, buses_used=len(buses),
        total_km=round(sum(b.km for b in buses), 1), total_cost=round(sum(b.cost for b in buses), 2),
        seat_utilization=round(passengers / capacity_used, 4) if capacity_used else 0.0,
        solve_seconds=round(result.solve_seconds, 2), buses_available=len(fleet),
        buses_lower_bound=lower_bound(passengers, fleet, None if scenario.rules.cross_county else dict(Counter(
            scenario.place(a.pickup_point_id).region for a in assignments))),
        km_lower_bound=km_lower_bound([to_zone[a.pickup_point_id] for a in assignments], fleet),
    )
    info = ScenarioInfo(scenario.name, scenario.date, scenario.seed, scenario.rules.load_factor,
                        scenario.rules.max_access_m / 1000, scenario.timezone, scenario.rules.observation_rows,
                        str(Path(scenario.folder).resolve()) if scenario.folder else "")
    places = tuple(PlaceRef(p.id, p.name, p.lat, p.lon, "depot", p.approximate) for p in scenario.depots) + tuple(
        PlaceRef(p.id, p.name, p.lat, p.lon, "dropoff", p.approximate) for p in scenario.dropoffs)
    employers = tuple(EmployerRef(e.id, e.name, e.dropoff_id) for e in scenario.employers)
    homes = home_areas(scenario.workers, set(boarded), unassigned)
    return Plan(info, summary, pickups, tuple(buses), tuple(assignments), tuple(unassigned), places, SCHEMA,
                employers, homes)
