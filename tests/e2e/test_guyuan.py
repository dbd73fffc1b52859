"""End to end: the bundled Guyuan 2020-02-21 scenario through the CLI, as a planner runs it."""

import json
import math

import pytest
from click.testing import CliRunner

from routing.cli import main
from routing.scenario.load import load_scenario
from tests.helpers import GUYUAN


@pytest.fixture(scope="module")
def planned(tmp_path_factory):
    """Output folder of `returnbus plan scenarios/guyuan-2020-02-21`."""
    out = tmp_path_factory.mktemp("guyuan")
    result = CliRunner().invoke(main, ["plan", str(GUYUAN), "-o", str(out), "--silent"])
    assert result.exit_code == 0, result.output
    return out, result.output


def test_plan_passes_the_independent_check(planned):
    out, _ = planned
    result = CliRunner().invoke(main, ["check", str(out / "plan.json"), "--scenario", str(GUYUAN)])
    assert result.exit_code == 0, result.output
    assert "no rule broken" in result.output


def test_coaches_within_one_of_the_lower_bound(planned):
    out, _ = planned
    plan = json.loads((out / "plan.json").read_text(encoding="utf-8"))
    s = plan["summary"]
    best = max(b["capacity"] for b in plan["buses"])
    assert s["buses_used"] <= math.ceil(s["passengers"] / best) + 1
    assert s["buses_used"] <= 7


def test_every_worker_once_and_the_planted_exceptions(planned):
    out, _ = planned
    plan = json.loads((out / "plan.json").read_text(encoding="utf-8"))
    scenario = load_scenario(GUYUAN)
    seated = [a["worker_id"] for a in plan["assignments"] if a["companion_of"] is None]
    unassigned = {u["worker_id"]: u["reason"] for u in plan["unassigned"]}
    assert sorted(seated + list(unassigned)) == sorted([w.id for w in scenario.workers] +
                                                       [r.id for r in scenario.rejected])
    assert unassigned["W0104"] == "invalid_record"
    assert unassigned["W0133"] == "code_not_green"
    assert {unassigned[w] for w in ("W0062", "W0064", "W0110")} == {"no_health_cert"}
    assert {unassigned[w] for w in ("W0039", "W0060", "W0084", "W0087")} == {"out_of_reach"}


def test_rules_of_the_day_hold(planned):
    out, _ = planned
    plan = json.loads((out / "plan.json").read_text(encoding="utf-8"))
    for bus in plan["buses"]:
        assert bus["capacity"] == math.floor(bus["seats"] * 0.5)
        seats = [a["seat"] for a in plan["assignments"] if a["bus_id"] == bus["id"]]
        assert len(seats) == len(set(seats)) <= bus["capacity"]
        back_rows_start = bus["seats"] - (4 + bus["seats"] % 4 if bus["seats"] % 4 else 4) - 4 + 1
        assert max(seats) < back_rows_start
        assert bus["drivers"] == 2  # 700+ km round trip: more than 8 h driving
        assert bus["stops"][0]["depart"].endswith("06:30:00+08:00")
        gates = [s for s in bus["stops"] if s["kind"] == "dropoff"]
        assert gates[-1]["arrive"] <= "2020-02-21T21:00:00+08:00"


def test_outputs_written_and_no_personal_data_outside_manifests(planned):
    out, stdout = planned
    for name in ("index.html", "map.html", "schedule.csv", "plan.json"):
        assert (out / name).stat().st_size > 0
    buses = json.loads((out / "plan.json").read_text(encoding="utf-8"))["buses"]
    for b in buses:
        assert (out / "manifests" / f"{b['id']}.html").exists() and (out / "manifests" / f"{b['id']}.csv").exists()
    scenario = load_scenario(GUYUAN)
    for name in ("index.html", "map.html", "schedule.csv", "plan.json"):
        text = (out / name).read_text(encoding="utf-8-sig")
        assert not any(w.id_number in text or w.phone in text for w in scenario.workers), name
    assert "Outputs in" in stdout and "coaches" in stdout


def test_same_seed_gives_the_same_plan(planned, tmp_path):
    out, _ = planned
    again = CliRunner().invoke(main, ["plan", str(GUYUAN), "-o", str(tmp_path), "--silent"])
    assert again.exit_code == 0
    a = json.loads((out / "plan.json").read_text(encoding="utf-8"))
    b = json.loads((tmp_path / "plan.json").read_text(encoding="utf-8"))
    a["summary"]["solve_seconds"] = b["summary"]["solve_seconds"] = 0
    assert a == b
