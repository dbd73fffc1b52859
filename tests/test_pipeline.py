"""The pipeline and the optimizer on the tiny scenario and variants of it."""

import dataclasses
from collections import Counter

import pytest

from routing.boarding.pickup import assign_pickups
from routing.boarding.screening import screen
from routing.check import check_plan
from routing.pipeline import make_plan
from tests.helpers import make_tiny_scenario

TINY = make_tiny_scenario()


@pytest.fixture(scope="module")
def tiny_result():
    """The real plan for the tiny scenario."""
    return make_plan(TINY, solution_limit=20)


def test_screening_reasons_in_order():
    eligible, excluded = screen(TINY)
    assert [w.id for w in eligible] == ["W1", "W2", "W3", "W4"]
    assert [(u.worker_id, u.reason) for u in excluded] == [("W5", "code_not_green")]


def test_far_worker_is_out_of_reach_with_the_distance():
    far = dataclasses.replace(TINY.workers[0], lat=36.5)
    choices, out = assign_pickups(TINY, (far,))
    assert choices == ()
    assert out[0].reason == "out_of_reach" and "km by road from home (limit 30 km)" in out[0].detail


def test_one_coach_carries_everyone_when_it_can(tiny_result):
    assert tiny_result.summary.buses_used == 1
    assert check_plan(tiny_result, TINY) == []
    assert {a.worker_id for a in tiny_result.assignments} == {"W1", "W1/1", "W2", "W3", "W4"}


def test_companion_rides_with_worker(tiny_result):
    by_id = {a.worker_id: a for a in tiny_result.assignments}
    assert by_id["W1/1"].companion_of == "W1"
    assert by_id["W1/1"].bus_id == by_id["W1"].bus_id


def test_no_cross_county_needs_a_coach_per_county():
    rules = dataclasses.replace(TINY.rules, cross_county=False)
    plan = make_plan(dataclasses.replace(TINY, rules=rules), solution_limit=20)
    assert plan.summary.buses_used == 2
    for bus in plan.buses:
        assert len({s.place_id for s in bus.stops if s.kind == "pickup"}) == 1


def test_one_pickup_stop_per_coach():
    rules = dataclasses.replace(TINY.rules, max_pickup_stops=1)
    plan = make_plan(dataclasses.replace(TINY, rules=rules), solution_limit=20)
    assert plan.summary.buses_used == 2 and check_plan(plan, dataclasses.replace(TINY, rules=rules)) == []


def test_too_few_seats_leaves_whole_parties_with_no_capacity():
    small = dataclasses.replace(TINY.fleet[0], seats=12, count=1)  # 3 rows of 4, back 2 empty: capacity 4
    sc = dataclasses.replace(TINY, fleet=(small,))
    plan = make_plan(sc, solution_limit=20)
    assert check_plan(plan, sc) == []
    assert plan.summary.passengers <= 4
    reasons = Counter(u.reason for u in plan.unassigned)
    assert reasons["no_capacity"] >= 1
    assert all(u.worker_id != "W1/1" for u in plan.unassigned)  # companions are not listed on their own


def test_deadline_too_early_makes_pickups_out_of_reach():
    sc = dataclasses.replace(TINY, deadline=TINY.start.replace(hour=12))
    plan = make_plan(sc, solution_limit=20)
    assert plan.buses == ()
    assert {u.reason for u in plan.unassigned} == {"out_of_reach", "code_not_green"}
    assert "no coach can reach pickup point" in next(u.detail for u in plan.unassigned if u.reason == "out_of_reach")


def test_same_seed_same_plan_and_seed_is_recorded():
    a = make_plan(TINY, solution_limit=20)
    b = make_plan(TINY, solution_limit=20)
    assert dataclasses.replace(a, summary=dataclasses.replace(a.summary, solve_seconds=0)) == dataclasses.replace(
        b, summary=dataclasses.replace(b.summary, solve_seconds=0))
    assert a.scenario.seed == TINY.seed
