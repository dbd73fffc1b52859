"""The independent checker: a solved plan passes, and each fault put into it is reported."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable

import pytest

from routing.check import check_plan
from routing.coach.seating import seat_pairs
from routing.model import Scenario
from routing.pipeline import make_plan
from routing.plan.model import Assignment, BusPlan, Plan, Stop, Unassigned

replace = dataclasses.replace


@pytest.fixture(scope="module")
def valid_plan(tiny_scenario: Scenario) -> Plan:
    """The tiny scenario planned by the real pipeline (one coach, two drivers, both pickup points)."""
    return make_plan(tiny_scenario, solution_limit=20)


# ---- looking things up -------------------------------------------------------------------


def seat_of(plan: Plan, pid: str) -> Assignment:
    """The assignment of one passenger."""
    return next(a for a in plan.assignments if a.worker_id == pid)


def coach_of(plan: Plan, pid: str) -> BusPlan:
    """The coach a passenger is seated on."""
    return plan.bus(seat_of(plan, pid).bus_id)


def boarding_stop(bus: BusPlan, pid: str) -> Stop:
    """The stop where a passenger boards."""
    return next(s for s in bus.stops if pid in s.board)


def stops_of_kind(bus: BusPlan, kind: str) -> list[Stop]:
    """The coach's stops of one kind, in order."""
    return [s for s in bus.stops if s.kind == kind]


# ---- building faulty plans ---------------------------------------------------------------


def with_stops(plan: Plan, bus_id: str, stops: list[Stop]) -> Plan:
    """The plan with one coach's stops replaced (and renumbered 0, 1, 2, …)."""
    new = tuple(replace(s, seq=k) for k, s in enumerate(stops))
    return replace(plan, buses=tuple(replace(b, stops=new) if b.id == bus_id else b for b in plan.buses))


def with_bus(plan: Plan, bus_id: str, **changes: object) -> Plan:
    """The plan with some fields of one coach changed."""
    return replace(plan, buses=tuple(replace(b, **changes) if b.id == bus_id else b for b in plan.buses))


def with_stop(plan: Plan, bus_id: str, seq: int, **changes: object) -> Plan:
    """The plan with some fields of one stop changed."""
    stops = list(plan.bus(bus_id).stops)
    stops[seq] = replace(stops[seq], **changes)
    return with_stops(plan, bus_id, stops)


def with_seat(plan: Plan, pid: str, **changes: object) -> Plan:
    """The plan with some fields of one passenger's assignment changed."""
    return replace(plan, assignments=tuple(replace(a, **changes) if a.worker_id == pid else a
                                           for a in plan.assignments))


def with_counts(plan: Plan) -> Plan:
    """The plan with the summary's counts recomputed from its lists (so only the intended fault shows)."""
    return replace(plan, summary=replace(
        plan.summary,
        workers_assigned=sum(1 for a in plan.assignments if a.companion_of is None),
        workers_unassigned=len(plan.unassigned),
        passengers=len(plan.assignments),
        buses_used=len(plan.buses),
    ))


def shifted(plan: Plan, bus_id: str, delta: dt.timedelta) -> Plan:
    """The plan with one coach's whole trip moved in time."""
    stops = [replace(s, arrive=s.arrive + delta, depart=s.depart + delta) for s in plan.bus(bus_id).stops]
    return with_stops(plan, bus_id, stops)


def without_passenger(plan: Plan, pid: str) -> Plan:
    """The plan with a passenger taken off: no seat, not in any board or alight list."""
    plan = replace(plan, assignments=tuple(a for a in plan.assignments if a.worker_id != pid))
    buses = tuple(replace(b, stops=tuple(replace(s, board=tuple(p for p in s.board if p != pid),
                                                 alight=tuple(p for p in s.alight if p != pid))
                                         for s in b.stops))
                  for b in plan.buses)
    return replace(plan, buses=buses)


def free_seat(plan: Plan, scenario: Scenario, bus_id: str) -> int:
    """A window seat in a pair nobody sits in."""
    bt = next(t for t in scenario.fleet if t.id == plan.bus(bus_id).type)
    taken = {a.seat for a in plan.assignments_of(bus_id)}
    pairs = seat_pairs(bt.seats, bt.seats_per_row, scenario.rules.observation_rows)
    return next(p[0] for p in pairs if not taken & set(p))


# ---- the faults --------------------------------------------------------------------------


def lose_worker(plan: Plan, scenario: Scenario) -> Plan:
    """W3 is on no seat and not unassigned."""
    return with_counts(without_passenger(plan, "W3"))


def lose_unassigned_worker(plan: Plan, scenario: Scenario) -> Plan:
    """W5 drops out of the unassigned list."""
    return with_counts(replace(plan, unassigned=()))


def seat_and_unassign(plan: Plan, scenario: Scenario) -> Plan:
    """W3 keeps a seat and is listed as unassigned too."""
    return replace(plan, unassigned=(*plan.unassigned, Unassigned("W3", "no_capacity", "no seat left")))


def companion_on_another_coach(plan: Plan, scenario: Scenario) -> Plan:
    """W1's companion rides a second coach that runs the same trip for them alone."""
    first = coach_of(plan, "W1/1")
    second = replace(first, id="C45-2", stops=tuple(
        replace(s, board=tuple(p for p in s.board if p == "W1/1"), alight=tuple(p for p in s.alight if p == "W1/1"))
        for s in first.stops))
    plan = replace(without_passenger(plan, "W1/1"), assignments=plan.assignments)
    plan = replace(plan, buses=(*plan.buses, second))
    return with_counts(with_seat(plan, "W1/1", bus_id="C45-2", seat=1))


def reuse_seat(plan: Plan, scenario: Scenario) -> Plan:
    """W3 gets W2's seat."""
    return with_seat(plan, "W3", seat=seat_of(plan, "W2").seat)


def seat_in_observation_rows(plan: Plan, scenario: Scenario) -> Plan:
    """W3 sits in seat 37, the first seat of the two empty back rows of a 45-seat coach."""
    return with_seat(plan, "W3", seat=37)


def seat_beyond_the_coach(plan: Plan, scenario: Scenario) -> Plan:
    """W3 gets seat 46 on a 45-seat coach."""
    return with_seat(plan, "W3", seat=46)


def seat_zero(plan: Plan, scenario: Scenario) -> Plan:
    """W3 gets seat 0."""
    return with_seat(plan, "W3", seat=0)


def understate_capacity(plan: Plan, scenario: Scenario) -> Plan:
    """The coach says it may carry 4 while 5 ride."""
    return with_bus(plan, coach_of(plan, "W1").id, capacity=4)


def depart_before_arrive(plan: Plan, scenario: Scenario) -> Plan:
    """At the first pickup the coach leaves before it gets there."""
    bus = coach_of(plan, "W1")
    s = stops_of_kind(bus, "pickup")[0]
    return with_stop(plan, bus.id, s.seq, arrive=s.depart, depart=s.arrive)


def time_goes_backwards(plan: Plan, scenario: Scenario) -> Plan:
    """The second pickup is reached ten minutes before the coach leaves the first."""
    bus = coach_of(plan, "W1")
    first, second = stops_of_kind(bus, "pickup")[:2]
    return with_stop(plan, bus.id, second.seq, arrive=first.depart - dt.timedelta(minutes=10))


def leave_before_start(plan: Plan, scenario: Scenario) -> Plan:
    """The whole trip runs half an hour early."""
    return shifted(plan, coach_of(plan, "W1").id, -dt.timedelta(minutes=30))


def arrive_after_deadline(plan: Plan, scenario: Scenario) -> Plan:
    """The whole trip runs five hours late."""
    return shifted(plan, coach_of(plan, "W1").id, dt.timedelta(hours=5))


def drop_off_between_pickups(plan: Plan, scenario: Scenario) -> Plan:
    """W2 is let off at their gate between the two pickups (not a closed loop)."""
    bus = coach_of(plan, "W2")
    board = boarding_stop(bus, "W2")
    gate = next(s for s in bus.stops if "W2" in s.alight)
    early = replace(gate, arrive=board.depart + dt.timedelta(minutes=1), depart=board.depart + dt.timedelta(minutes=7),
                    alight=("W2",))
    stops = [replace(s, alight=tuple(p for p in s.alight if p != "W2")) for s in bus.stops]
    stops.insert(board.seq + 1, early)
    return with_stops(plan, bus.id, stops)


def split_pickups(plan: Plan, scenario: Scenario) -> Plan:
    """Each party boards at a stop of its own: four pickup stops where three are allowed."""
    bus = coach_of(plan, "W1")
    stops: list[Stop] = []
    for s in bus.stops:
        parties = [[p for p in s.board if p.split("/")[0] == w] for w in s.board if "/" not in w]
        if s.kind != "pickup" or len(parties) < 2:
            stops.append(s)
            continue
        stops += [replace(s, board=tuple(party)) for party in parties]
    return with_stops(plan, bus.id, stops)


def seat_yellow_code(plan: Plan, scenario: Scenario) -> Plan:
    """W5 (yellow health code) rides from 西吉 instead of staying home."""
    bus = coach_of(plan, "W3")
    pickup = boarding_stop(bus, "W3")
    gate = next(s for s in bus.stops if s.place_id == "G1")
    plan = with_stop(plan, bus.id, pickup.seq, board=(*pickup.board, "W5"))
    plan = with_stop(plan, bus.id, gate.seq, alight=(*gate.alight, "W5"))
    seat = Assignment("W5", bus.id, free_seat(plan, scenario, bus.id), pickup.place_id, "G1", 1.5)
    return with_counts(replace(plan, assignments=(*plan.assignments, seat), unassigned=()))


def board_at_another_pickup(plan: Plan, scenario: Scenario) -> Plan:
    """W3 boards at 原州区 though assigned to 西吉."""
    bus = coach_of(plan, "W3")
    wrong = next(s for s in stops_of_kind(bus, "pickup") if s.place_id != seat_of(plan, "W3").pickup_point_id)
    right = boarding_stop(bus, "W3")
    plan = with_stop(plan, bus.id, right.seq, board=tuple(p for p in right.board if p != "W3"))
    return with_stop(plan, bus.id, wrong.seq, board=(*wrong.board, "W3"))


def remove_first_break(plan: Plan, scenario: Scenario) -> Plan:
    """The roadside stop where driver 2 takes over is gone: driver 1 drives on to the first pickup."""
    bus = coach_of(plan, "W1")
    first_break = stops_of_kind(bus, "break")[0]
    return with_stops(plan, bus.id, [s for s in bus.stops if s is not first_break])


def board_far_from_home(plan: Plan, scenario: Scenario) -> Plan:
    """W3, who lives near P-XJ, is assigned to and boards at P-YZ, tens of km from home."""
    bus = coach_of(plan, "W3")
    stops = [replace(s, board=tuple(p for p in s.board if p != "W3")
                     + (("W3",) if s.kind == "pickup" and s.place_id == "P-YZ" else ())) for s in bus.stops]
    return with_seat(with_stops(plan, bus.id, stops), "W3", pickup_point_id="P-YZ")


def one_driver(plan: Plan, scenario: Scenario) -> Plan:
    """The coach claims one driver, who drives every leg."""
    bus = coach_of(plan, "W1")
    stops = [replace(s, driver=1 if s.driver else 0) for s in bus.stops]
    return with_bus(with_stops(plan, bus.id, stops), bus.id, drivers=1)


Fault = Callable[[Plan, Scenario], Plan]

FAULTS: list[tuple[Fault, str]] = [
    (lose_worker, "worker W3 is neither on a seat nor unassigned"),
    (lose_unassigned_worker, "worker W5 is neither on a seat nor unassigned"),
    (seat_and_unassign, "passenger W3 appears 2 times"),
    (companion_on_another_coach, "companion W1/1 rides C45-2 from P-YZ, apart from worker W1 (C45-1 from P-YZ)"),
    (reuse_seat, "is given 2 times"),
    (seat_in_observation_rows, "W3 sits in seat 37, in the observation rows"),
    (seat_beyond_the_coach, "W3 has seat 46, outside 1..45"),
    (seat_zero, "W3 has seat 0, outside 1..45"),
    (understate_capacity, "5 on board, more than the capacity 4"),
    (depart_before_arrive, "before it arrives"),
    (time_goes_backwards, "(time goes backwards)"),
    (leave_before_start, "leaves at 06:00, before the start 06:30"),
    (arrive_after_deadline, "after the deadline"),
    (drop_off_between_pickups, "gets people off before its last pickup (not a closed loop)"),
    (split_pickups, "calls at 4 pickup stops, more than 3"),
    (seat_yellow_code, "worker W5 is seated with a yellow health code"),
    (board_at_another_pickup, "W3 boards at P-YZ, assigned to P-XJ"),
    (remove_first_break, "without a rest by stop 1 (limit 4 h)"),
    (one_driver, "needs a second driver"),
    (board_far_from_home, "km from home, beyond"),
]


def test_pipeline_plan_is_valid(valid_plan: Plan, tiny_scenario: Scenario) -> None:
    """The real pipeline's plan for the tiny scenario breaks no rule."""
    assert check_plan(valid_plan, tiny_scenario) == []


def test_pipeline_plan_has_what_the_faults_need(valid_plan: Plan) -> None:
    """One coach with two drivers, a break before the first pickup, two pickups, W1 with a companion, W5 unassigned."""
    (bus,) = valid_plan.buses
    kinds = [s.kind for s in bus.stops]
    assert bus.drivers == 2 and bus.seats == 45 and bus.capacity == 22
    assert kinds.index("break") < kinds.index("pickup") and kinds.count("pickup") == 2
    assert seat_of(valid_plan, "W1/1").companion_of == "W1"
    assert boarding_stop(bus, "W1").place_id == boarding_stop(bus, "W2").place_id == "P-YZ"
    assert boarding_stop(bus, "W3").place_id == "P-XJ"
    assert [u.worker_id for u in valid_plan.unassigned] == ["W5"]


@pytest.mark.parametrize(("fault", "expected"), FAULTS, ids=[f.__name__ for f, _ in FAULTS])
def test_fault_is_reported(valid_plan: Plan, tiny_scenario: Scenario, fault: Fault, expected: str) -> None:
    """Each fault put into a valid plan is reported with its sentence."""
    violations = check_plan(fault(valid_plan, tiny_scenario), tiny_scenario)
    assert any(expected in v for v in violations), violations


def test_more_passengers_than_capacity(valid_plan: Plan, tiny_scenario: Scenario) -> None:
    """Five passengers on a coach a load factor of 0.1 limits to 4."""
    strict = replace(tiny_scenario, rules=replace(tiny_scenario.rules, load_factor=0.1))
    violations = check_plan(valid_plan, strict)
    assert any("5 passengers, more than the capacity 4" in v for v in violations), violations
    assert any("the fleet gives 45 / 4" in v for v in violations), violations


def test_driver_swap_too_short(valid_plan: Plan, tiny_scenario: Scenario) -> None:
    """Drivers swapping at a roadside stop of one minute is reported."""
    bus = valid_plan.buses[0]
    swap = stops_of_kind(bus, "break")[0]
    plan = with_stop(valid_plan, bus.id, swap.seq, depart=swap.arrive + dt.timedelta(minutes=1))
    assert any("drivers swap in less than 5 min" in v for v in check_plan(plan, tiny_scenario))


@pytest.mark.parametrize("key", ["workers_total", "workers_assigned", "workers_unassigned", "passengers", "buses_used"])
def test_summary_count_that_disagrees(valid_plan: Plan, tiny_scenario: Scenario, key: str) -> None:
    """A summary count one too high is reported with the count the plan holds."""
    right = getattr(valid_plan.summary, key)
    plan = replace(valid_plan, summary=replace(valid_plan.summary, **{key: right + 1}))
    assert check_plan(plan, tiny_scenario) == [f"summary.{key} is {right + 1}, the plan holds {right}"]


# ---- faults the checker once missed ----------------------------------------------------


def companion_without_worker(plan: Plan, scenario: Scenario) -> Plan:
    """W1 stays home (unassigned) but their companion W1/1 keeps a seat: a split party."""
    plan = without_passenger(plan, "W1")
    return with_counts(replace(plan, unassigned=(Unassigned("W1", "code_not_green", "health code is yellow", 1),
                                                 *plan.unassigned)))


def seat_on_a_coach_that_does_not_run(plan: Plan, scenario: Scenario) -> Plan:
    """W3's seat is on C45-2, which is not in the plan; no coach picks W3 up."""
    seat = replace(seat_of(plan, "W3"), bus_id="C45-2")
    plan = without_passenger(plan, "W3")
    return with_counts(replace(plan, assignments=(*plan.assignments, seat)))


def start_away_from_the_depot(plan: Plan, scenario: Scenario) -> Plan:
    """The coach's first 'depot' stop is at the 原州区 pickup point, not at its depot D1."""
    bus = coach_of(plan, "W1")
    yz = scenario.place("P-YZ")
    return with_stop(plan, bus.id, 0, place_id=yz.id, name=yz.name, lat=yz.lat, lon=yz.lon)


def impossibly_fast_run_home(plan: Plan, scenario: Scenario) -> Plan:
    """From 西吉 to the first gate (about 300 km) in one hour, driving minutes restated to match."""
    bus = coach_of(plan, "W1")
    last_pickup = stops_of_kind(bus, "pickup")[-1]
    later = [s for s in bus.stops if s.seq > last_pickup.seq and s.kind != "break"]
    early = later[0].arrive - (last_pickup.depart + dt.timedelta(hours=1))
    stops = [s for s in bus.stops if s.seq <= last_pickup.seq]
    stops += [replace(s, arrive=s.arrive - early, depart=s.depart - early) for s in later]
    standing_s = sum((s.depart - s.arrive).total_seconds() for s in stops)
    driving_min = round(((stops[-1].arrive - stops[0].depart).total_seconds() - standing_s) / 60)
    return with_bus(with_stops(plan, bus.id, stops), bus.id, driving_minutes=driving_min)


MISSED: list[tuple[Fault, str]] = [
    (companion_without_worker, "W1/1"),
    (seat_on_a_coach_that_does_not_run, "C45-2"),
    (start_away_from_the_depot, "depot"),
    (impossibly_fast_run_home, "stop"),
]


@pytest.mark.parametrize(("fault", "expected"), MISSED, ids=[f.__name__ for f, _ in MISSED])
def test_fault_the_checker_once_missed(valid_plan: Plan, tiny_scenario: Scenario, fault: Fault, expected: str) -> None:
    """A fault found by review of the checker is reported."""
    violations = check_plan(fault(valid_plan, tiny_scenario), tiny_scenario)
    assert any(expected in v for v in violations), violations


def test_stop_numbers_out_of_step_are_reported_not_a_crash(valid_plan: Plan, tiny_scenario: Scenario) -> None:
    """Stops numbered 10, 11, … instead of 0, 1, … give a violation, not an IndexError."""
    bus = valid_plan.buses[0]
    plan = with_bus(valid_plan, bus.id, stops=tuple(replace(s, seq=s.seq + 10) for s in bus.stops))
    violations = check_plan(plan, tiny_scenario)
    assert [v for v in violations if "is numbered" in v] == [
        f"{bus.id} stop {k + 10}: is numbered {k + 10} at position {k}" for k in range(len(bus.stops))]


# ---- damaged plans: reported, never a crash ----------------------------------------------------


def _first_seat(plan: Plan) -> Assignment:
    return next(a for a in plan.assignments if a.companion_of is None)


DAMAGED: dict[str, Callable[[Plan], Plan]] = {
    "a worker's seat lost": lambda p: replace(p, assignments=tuple(a for a in p.assignments
                                                                   if a.worker_id != _first_seat(p).worker_id)),
    "every seat lost": lambda p: replace(p, assignments=()),
    "a seat on an unknown coach": lambda p: replace(p, assignments=tuple(
        replace(a, bus_id="C99-9") if a == _first_seat(p) else a for a in p.assignments)),
    "an unknown worker seated": lambda p: replace(p, assignments=tuple(
        replace(a, worker_id="NOBODY") if a == _first_seat(p) else a for a in p.assignments)),
    "an unknown pickup point": lambda p: replace(p, assignments=tuple(
        replace(a, pickup_point_id="P-NOWHERE") if a == _first_seat(p) else a for a in p.assignments)),
    "a coach id the fleet does not have": lambda p: replace(p, buses=tuple(
        replace(b, id="../../escaped") if k == 0 else b for k, b in enumerate(p.buses))),
    "a coach without stops": lambda p: replace(p, buses=tuple(
        replace(b, stops=()) if k == 0 else b for k, b in enumerate(p.buses))),
}
EXPECTED_DAMAGE = {
    "a worker's seat lost": "boards but has no seat on this coach",
    "every seat lost": "is neither on a seat nor unassigned",
    "a seat on an unknown coach": "which is not a coach of the plan",
    "an unknown worker seated": "passenger NOBODY on",
    "an unknown pickup point": "boards at P-NOWHERE, which is not a pickup point of the scenario",
    "a coach id the fleet does not have": "coach '../../escaped' is not a coach the scenario charters",
    "a coach without stops": "the trip must start at a depot and end at a depot",
}


@pytest.mark.parametrize("damage", sorted(DAMAGED))
def test_a_damaged_plan_is_reported_not_a_crash(valid_plan: Plan, tiny_scenario: Scenario, damage: str) -> None:
    """Each kind of damage gives its violation; the checker never raises."""
    violations = check_plan(DAMAGED[damage](valid_plan), tiny_scenario)
    assert any(EXPECTED_DAMAGE[damage] in v for v in violations), violations
