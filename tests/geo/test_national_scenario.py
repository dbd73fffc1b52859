"""A scenario far from Ningxia: workers of Shandong and Anhui going back to a zone in Zhejiang (嘉兴), their homes
located from their ID numbers alone, one of them a former code (即墨市, a district since 2017)."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from routing.check import check_plan
from routing.geo import gazetteer
from routing.model import Scenario
from routing.pipeline import make_plan
from routing.roster.idcard import check_char
from routing.scenario.load import load_scenario

ZONE = (30.7522, 120.7585)  # 嘉兴, 南湖区 (WGS-84, near the district centre): the zone, a guess
# origin county (today's adcode), the region code on the workers' ID numbers, workers
ORIGINS = (("371721", "371721", 14), ("371722", "371722", 12), ("371321", "371321", 10), ("370215", "370282", 8),
           ("341221", "341221", 12))
YAML = """name: "嘉兴返岗 (a test: Shandong and Anhui to Zhejiang)"
date: 2020-02-25
timezone: Asia/Shanghai
seed: 1
coord_system: WGS84
start: "05:00"
deadline: "23:00"
depots:
{depots}
dropoffs:
  - {{id: G-1, name: 嘉兴经开区1号门岗, lat: {zlat}, lon: {zlon}, region: "330402", approximate: true}}
  - {{id: G-2, name: 嘉兴经开区2号门岗, lat: {zlat2}, lon: {zlon2}, region: "330402", approximate: true}}
fleet:
{fleet}
rules:
  load_factor: 0.5
  observation_rows: 2
  max_access_km: 30
  duty_end: zone
  drivers:
    max_one_way_km: 400
    second_driver_cost: 500
"""


def _id(region: str, k: int) -> str:
    base = f"{region}1990{1 + k % 12:02d}{1 + k % 28:02d}{k:03d}"
    return base + check_char(base)


@pytest.fixture(scope="module")
def scenario(tmp_path_factory: pytest.TempPathFactory) -> Scenario:
    folder = tmp_path_factory.mktemp("jiaxing")
    depots, fleet, pickups, workers = [], [], ["id,name,county,lat,lon,approximate,note"], []
    workers.append("id,name,id_number,phone,sex,lat,lon,county,township,employer,health_code,health_cert,companions")
    n = 0
    for county, region, count in ORIGINS:
        place = gazetteer.by_adcode(county)
        assert place is not None
        depots.append(f"  - {{id: D-{county}, name: {place.name}客运站, lat: {place.lat}, lon: {place.lon}, "
                      f"region: \"{county}\", approximate: true}}")
        fleet.append(f"  - {{id: C45-{county}, name: 45座大客车, seats: 45, count: 2, cost_per_km: 8.0, "
                     f"fixed_cost: 700, depot: D-{county}, seats_per_row: 4, "
                     f"plates: [鲁X·{county[-3:]}01, 鲁X·{county[-3:]}02]}}")
        pickups.append(f"P-{county},{place.name}城区,{county},{place.lat},{place.lon},no,gazetteer centre")
        for _ in range(count):
            n += 1
            workers.append(f"W{n:03d},工人{n},{_id(region, n)},1390000{n:04d},,,,,,{'E1' if n % 2 else 'E2'},"
                           "绿码,有,0")
    (folder / "scenario.yaml").write_text(YAML.format(
        depots="\n".join(depots), fleet="\n".join(fleet), zlat=ZONE[0], zlon=ZONE[1], zlat2=ZONE[0] + 0.01,
        zlon2=ZONE[1] + 0.01), encoding="utf-8")
    (folder / "pickup_points.csv").write_text("\n".join(pickups) + "\n", encoding="utf-8")
    (folder / "workers.csv").write_text("\n".join(workers) + "\n", encoding="utf-8")
    (folder / "employers.csv").write_text("id,name,dropoff\nE1,嘉兴某电子有限公司,G-1\nE2,嘉兴某纺织有限公司,G-2\n",
                                          encoding="utf-8")
    return load_scenario(folder)


def test_homes_are_located_from_the_id_numbers_alone(scenario: Scenario) -> None:
    """Every worker kept, each at today's county of the code on the ID number (即墨市 370282 -> 即墨区 370215)."""
    assert not scenario.rejected and scenario.warnings == ()
    assert len(scenario.workers) == sum(c for _, _, c in ORIGINS)
    assert Counter(w.county for w in scenario.workers) == Counter({c: k for c, _, k in ORIGINS})
    for w in scenario.workers:
        place = gazetteer.by_adcode(w.county)
        assert place is not None and (w.lat, w.lon) == (place.lat, place.lon) and w.approximate_home
    jimo = [p for p in scenario.roster_problems if "370282" in p.value]
    assert jimo and all("即墨区 (ID code 370282: 即墨市 until 2016)" in p.problem for p in jimo)


def test_the_scenario_plans_and_every_worker_rides(scenario: Scenario) -> None:
    """A valid plan; every worker seated by coaches of the origins' operators (duty ends at the zone; legs over
    400 km have two drivers)."""
    plan = make_plan(scenario, jobs=1)
    assert check_plan(plan, scenario) == []
    assert plan.summary.workers_assigned == len(scenario.workers) and not plan.unassigned
    assert plan.buses and all(b.drivers == 2 and b.km > 800 for b in plan.buses)
    assert {b.depot for b in plan.buses} <= {f"D-{c}" for c, _, _ in ORIGINS}


def test_a_worker_registered_far_from_the_scenario_is_not_placed(tmp_path: Path, scenario: Scenario) -> None:
    """A Ningxia ID number in the Zhejiang scenario: outside the region it covers, so no home (rejected)."""
    folder = Path(scenario.folder)
    (tmp_path / "sc").mkdir()
    for f in folder.iterdir():
        (tmp_path / "sc" / f.name).write_bytes(f.read_bytes())
    with (tmp_path / "sc" / "workers.csv").open("a", encoding="utf-8") as out:
        out.write(f"W999,宁夏人,{_id('640422', 999)},13900009999,,,,,,E1,绿码,有,0\n")
    sc = load_scenario(tmp_path / "sc")
    assert [r.id for r in sc.rejected] == ["W999"]
    assert sc.rejected[0].reasons[0].startswith("home location missing")
