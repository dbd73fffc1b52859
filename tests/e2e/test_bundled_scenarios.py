"""Every bundled scenario loads; the batch-sized ones plan to valid plans; the whole zone validates."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from routing.boarding.screening import screen
from routing.check import check_plan
from routing.geo.gazetteer import county_of_id_number
from routing.model import Scenario
from routing.pipeline import make_plan
from routing.roster.idcard import id_number_problem
from routing.scenario.load import load_scenario
from tests.helpers import SCENARIOS

BUNDLED = sorted(p.parent.name for p in SCENARIOS.glob("*/scenario.yaml"))
BATCHES = ("zhongwei-2020-02-22", "gansu-shaanxi-2020-02-25", "zhoukou-2020-03-02")


def test_the_bundled_scenarios_are_there() -> None:
    assert set(BUNDLED) >= {"guyuan-2020-02-21", *BATCHES, "zone-70k"}
    assert all((SCENARIOS / name / "README.md").exists() for name in BUNDLED)


@pytest.mark.parametrize("name", BUNDLED)
def test_every_bundled_scenario_loads_without_warnings(name: str) -> None:
    sc = load_scenario(SCENARIOS / name)
    assert sc.workers and sc.fleet and sc.pickup_points
    assert sc.warnings == ()


@pytest.mark.parametrize("name", BATCHES)
def test_batches_plan_to_valid_plans(name: str) -> None:
    sc = load_scenario(SCENARIOS / name)
    plan = make_plan(sc, jobs=2)
    assert check_plan(plan, sc) == []
    reasons = Counter(u.reason for u in plan.unassigned)
    assert set(reasons) <= {"no_health_cert", "code_not_green", "invalid_record"}  # screening only: all carried
    assert plan.summary.workers_assigned + plan.summary.workers_unassigned == len(sc.workers) + len(sc.rejected)


def test_long_hauls_from_gansu_and_shaanxi_get_two_drivers_and_origin_depots_are_used() -> None:
    sc = load_scenario(SCENARIOS / "gansu-shaanxi-2020-02-25")
    plan = make_plan(sc, jobs=2)
    assert len({b.depot for b in plan.buses}) >= 4
    far = [b for b in plan.buses if b.km > 800]
    assert far and all(b.drivers == 2 for b in far)


@pytest.fixture(scope="module")
def zone() -> Scenario:
    return load_scenario(SCENARIOS / "zone-70k")


def test_the_whole_zone_loads_with_70000_generated_workers(zone: Scenario) -> None:
    assert len(zone.workers) + len(zone.rejected) == 70_000
    assert len(zone.rejected) == 350  # the generator's planted bad ID numbers (bad_record_rate 0.005)
    assert not (SCENARIOS / "zone-70k" / "workers.csv").exists()  # the roster is described, not stored
    assert sum(p.stat().st_size for p in (SCENARIOS / "zone-70k").iterdir()) < 60_000
    biggest = Counter(w.employer_id for w in zone.workers).most_common(1)[0][1]
    assert 4_400 <= biggest <= 5_200  # one employer near 4,800, like LONGi's plant
    assert {t.seats for t in zone.fleet} == {19, 33, 45, 55}
    assert len(zone.depots) > 1


def test_the_whole_zone_validates_with_a_few_percent_of_exceptions(zone: Scenario) -> None:
    eligible, excluded = screen(zone)
    assert len(eligible) + len(excluded) + len(zone.rejected) == 70_000
    assert 0.01 < (len(excluded) + len(zone.rejected)) / 70_000 < 0.06
    good = [w for w in zone.workers if id_number_problem(w.id_number) is None]
    assert len(good) == len(zone.workers)  # bad ID numbers are rejected records, not workers
    home = {w.id: county_of_id_number(w.id_number) for w in good}
    assert all((c := home[w.id]) is not None and c.adcode == w.county for w in good)


def test_validate_accepts_the_whole_zone(tmp_path: Path) -> None:
    """The command a planner runs first: exit 0, with the exceptions counted by reason."""
    from click.testing import CliRunner

    from routing.cli import main

    result = CliRunner().invoke(main, ["validate", str(SCENARIOS / "zone-70k"), "-o", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert "OK - 70000 roster records" in result.output and "350 rejected" in result.output
    assert "more (plan.json's unassigned list holds them all)" in result.output


def test_a_small_batch_keeps_the_cheaper_of_the_split_and_the_whole_batch(monkeypatch: pytest.MonkeyPatch) -> None:
    """Zhongwei routed as one VROOM model beats the split (same 14 coaches, cheaper); the plan takes it."""
    from routing import pipeline

    sc = load_scenario(SCENARIOS / "zhongwei-2020-02-22")
    both = make_plan(sc, jobs=2)
    monkeypatch.setattr(pipeline, "WHOLE_BATCH_UP_TO", 0)
    split_only = make_plan(sc, jobs=2)
    assert check_plan(both, sc) == []
    assert (both.summary.buses_used, both.summary.total_cost) < (split_only.summary.buses_used,
                                                                   split_only.summary.total_cost)


def test_the_cross_province_batch_rides_overnight_with_two_drivers_and_ends_at_the_zone() -> None:
    """Zhoukou (Henan) to the zone, ~1,100 km: every coach has two drivers, leaves at noon, arrives the next
    morning at its last gate (its duty ends there), and no coach drives more than two drivers' day."""
    sc = load_scenario(SCENARIOS / "zhoukou-2020-03-02")
    assert sc.rules.duty_end == "zone" and all(w.approximate_home for w in sc.workers)  # placed from ID numbers
    plan = make_plan(sc, jobs=2)
    assert check_plan(plan, sc) == [] and plan.buses
    assert {b.drivers for b in plan.buses} == {2}
    assert all(b.stops[-1].kind == "dropoff" and b.stops[-1].arrive.date().isoformat() == "2020-03-03"
               for b in plan.buses)
    assert max(b.driving_minutes for b in plan.buses) <= 2 * sc.rules.drivers.max_daily_driving_s / 60
