"""Properties of plans for small random scenarios: nothing lost, nothing over capacity."""

import dataclasses

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from routing.check import check_plan
from routing.model import BusType, Place, Worker
from routing.pipeline import make_plan
from routing.plan.codec import plan_from_dict, plan_to_dict
from routing.roster.idcard import check_char
from tests.helpers import make_tiny_scenario

BASE = make_tiny_scenario()
PICKUPS = (
    Place("P-YZ", "原州区", 36.0039, 106.2835, region="640402"),
    Place("P-XJ", "西吉县", 35.9641, 105.7250, region="640422"),
    Place("P-PY", "彭阳县", 35.8592, 106.6277, region="640425"),
)


def id_number(county: str, k: int) -> str:
    first = f"{county}1990{1 + k % 12:02d}{1 + k % 28:02d}{k % 1000:03d}"
    return first + check_char(first)


@st.composite
def scenarios(draw):
    n_pickups = draw(st.integers(1, 3))
    pickups = PICKUPS[:n_pickups]
    workers = []
    for k in range(draw(st.integers(1, 30))):
        p = pickups[draw(st.integers(0, n_pickups - 1))]
        far = draw(st.booleans()) and draw(st.booleans()) and draw(st.booleans())  # ~1 in 8 out of reach
        dlat = draw(st.floats(-0.1, 0.1)) + (0.4 if far else 0.0)
        workers.append(Worker(
            f"W{k + 1}", f"工人{k + 1}", id_number(p.region, k), "13995123456", "M", p.lat + dlat, p.lon, p.region, "",
            draw(st.sampled_from(["E1", "E2"])), draw(st.sampled_from(["green"] * 5 + ["yellow"])),
            draw(st.booleans()) or draw(st.booleans()), draw(st.sampled_from([0, 0, 0, 1, 2])), (), row=k + 1))
    fleet = tuple(
        BusType(f"T{i}", f"type {i}", draw(st.integers(10, 55)), draw(st.integers(0, 3)),
                draw(st.floats(5, 10)), draw(st.floats(0, 1500)), "D1")
        for i in range(draw(st.integers(1, 3)))
    )
    rules = dataclasses.replace(BASE.rules, max_pickup_stops=draw(st.integers(1, 3)),
                                cross_county=draw(st.booleans()))
    return dataclasses.replace(BASE, pickup_points=pickups, workers=tuple(workers), fleet=fleet, rules=rules,
                               seed=draw(st.integers(0, 5)))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(scenarios())
def test_random_plans_obey_every_rule_and_lose_nobody(scenario):
    plan = make_plan(scenario, time_limit_s=5, solution_limit=10)
    assert check_plan(plan, scenario) == []
    seated = [a.worker_id for a in plan.assignments if a.companion_of is None]
    unassigned = [u.worker_id for u in plan.unassigned]
    assert sorted(seated + unassigned) == sorted(w.id for w in scenario.workers)
    for bus in plan.buses:
        assert len(plan.assignments_of(bus.id)) <= bus.capacity
        times = [t for s in bus.stops for t in (s.arrive, s.depart)]
        assert times == sorted(times)
    assert plan_from_dict(plan_to_dict(plan)) == plan
