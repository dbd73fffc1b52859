"""A batch too large for one routing model: split, routed in worker processes, still a valid plan."""

from __future__ import annotations

import pytest

from routing.check import check_plan
from routing.model import Scenario
from routing.pipeline import MAX_CLUSTER_PARTIES, make_plan
from routing.scenario.load import load_scenario
from routing.synthetic.files import write_scenario
from routing.synthetic.scenario import generate_scenario, make_params
from routing.synthetic.spec import roster_spec


@pytest.fixture(scope="module")
def large(tmp_path_factory: pytest.TempPathFactory) -> Scenario:
    folder = tmp_path_factory.mktemp("large") / "s"
    spec = roster_spec({"workers": 1500, "seed": 3, "origins": "沙坡头区,中宁,海原,西吉"})
    write_scenario(generate_scenario(make_params(spec)), folder)
    return load_scenario(folder)


def test_a_large_batch_is_split_and_the_plan_keeps_every_rule(large: Scenario) -> None:
    labels: list[str] = []
    plan = make_plan(large, jobs=2, detail=labels.append)
    assert len(large.workers) > MAX_CLUSTER_PARTIES
    assert labels and labels[-1].startswith("routing cluster")  # the split path ran, with clusters
    assert check_plan(plan, large) == []
    accounted = {a.worker_id for a in plan.assignments if a.companion_of is None} | {u.worker_id for u in plan.unassigned}
    assert accounted == {w.id for w in large.workers} | {r.id for r in large.rejected}
    assert plan.summary.buses_used <= plan.summary.buses_lower_bound * 1.1


def test_the_plan_does_not_depend_on_the_number_of_jobs(large: Scenario) -> None:
    one, two = make_plan(large, jobs=1), make_plan(large, jobs=2)
    assert one.buses == two.buses and one.assignments == two.assignments and one.unassigned == two.unassigned


def test_no_plan_beats_its_lower_bounds(large: Scenario) -> None:
    s = make_plan(large, jobs=2).summary
    assert 0 < s.buses_lower_bound <= s.buses_used and s.buses_gap >= 0
    assert 0 < s.km_lower_bound <= s.total_km and s.km_gap >= 0
