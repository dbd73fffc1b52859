"""Shared tiny data for the tests: paths, a hand-made scenario and a plan consistent with it."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from zoneinfo import ZoneInfo

from routing.model import BusType, DistanceSettings, Employer, Place, Rules, Scenario, Worker
from routing.plan.home_areas import home_areas
from routing.plan.model import (
    Assignment,
    BusPlan,
    EmployerRef,
    PickupUse,
    PlaceRef,
    Plan,
    ScenarioInfo,
    Stop,
    Summary,
    Unassigned,
)

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data"
SCENARIOS = ROOT / "scenarios"
GUYUAN = SCENARIOS / "guyuan-2020-02-21"
TZ = ZoneInfo("Asia/Shanghai")


def at(hh: int, mm: int) -> dt.datetime:
    """A time on the tiny scenario's day."""
    return dt.datetime(2020, 2, 21, hh, mm, tzinfo=TZ)


def make_tiny_scenario() -> Scenario:
    """Two pickup points in Guyuan, one depot and two gates in the zone, 5 workers."""
    depot = Place("D1", "经开区车场", 38.502, 106.157, region="640105", approximate=True)
    gates = (
        Place("G1", "隆基 门岗 <main>", 38.495, 106.150, approximate=True),
        Place("G2", "共享集团 门岗", 38.510, 106.170, approximate=True),
    )
    pickups = (
        Place("P-YZ", "原州区 & 客运站", 36.0039, 106.2835, region="640402"),
        Place("P-XJ", "西吉县城", 35.9641, 105.7250, region="640422"),
    )
    employers = (Employer("E1", "银川隆基硅材料有限公司", "G1"), Employer("E2", "共享集团", "G2"))
    fleet = (BusType("C45", "45座大客车", 45, 2, 8.0, 800.0, "D1", plates=("宁A·D8101", "宁A·D8102")),)

    def w(i: str, name: str, idn: str, sex: str, lat: float, lon: float, county: str, emp: str, **kw: object) -> Worker:
        return Worker(i, name, idn, "13995123456", sex, lat, lon, county, "", emp, "green", True, row=int(i[1:]), **kw)  # type: ignore[arg-type]

    workers = (
        w("W1", "马小明", "640402199001010011", "M", 36.01, 106.29, "640402", "E1", companions=1, companion_names=("马小红",)),
        w("W2", "李娟", "640402199203040024", "F", 36.02, 106.28, "640402", "E2"),
        w("W3", "王强", "640422198807070030", "M", 35.97, 105.73, "640422", "E1"),
        w("W4", "张伟", "640422199512120015", "M", 35.96, 105.72, "640422", "E2"),
        Worker("W5", "赵敏", "640422199001010025", "13995123457", "F", 35.95, 105.70, "640422", "", "E1", "yellow", True, row=5),
    )
    return Scenario(
        name="tiny",
        date=dt.date(2020, 2, 21),
        timezone="Asia/Shanghai",
        start=at(6, 30),
        deadline=at(21, 0),
        seed=0,
        coord_system="WGS84",
        depots=(depot,),
        dropoffs=gates,
        pickup_points=pickups,
        employers=employers,
        fleet=fleet,
        workers=workers,
        rules=Rules(),
        distance=DistanceSettings(),
    )


def make_tiny_plan() -> Plan:
    """A plan for the tiny scenario: two coaches, W5 unassigned (yellow code)."""
    sc = make_tiny_scenario()
    d, g1, g2 = sc.depots[0], sc.dropoffs[0], sc.dropoffs[1]
    yz, xj = sc.pickup_points
    b1 = BusPlan(
        id="C45-1", type="C45", type_name="45座大客车", plate="宁A·D8101", seats=45, capacity=18, depot="D1",
        drivers=2, km=700.0, cost=6900.0, driving_minutes=560,
        stops=(
            Stop(0, "depot", d.id, d.name, d.lat, d.lon, at(6, 30), at(6, 30)),
            Stop(1, "break", "", "休息 rest", 37.3, 106.2, at(9, 0), at(9, 20), note="rest 20 min"),
            Stop(2, "pickup", yz.id, yz.name, yz.lat, yz.lon, at(10, 50), at(10, 57), board=("W1", "W1/1", "W2")),
            Stop(3, "dropoff", g1.id, g1.name, g1.lat, g1.lon, at(15, 40), at(15, 46), alight=("W1", "W1/1")),
            Stop(4, "dropoff", g2.id, g2.name, g2.lat, g2.lon, at(15, 55), at(16, 0), alight=("W2",)),
            Stop(5, "depot", d.id, d.name, d.lat, d.lon, at(16, 10), at(16, 10)),
        ),
    )
    b2 = BusPlan(
        id="C45-2", type="C45", type_name="45座大客车", plate="宁A·D8102", seats=45, capacity=18, depot="D1",
        drivers=2, km=790.0, cost=7620.0, driving_minutes=600,
        stops=(
            Stop(0, "depot", d.id, d.name, d.lat, d.lon, at(6, 30), at(6, 30)),
            Stop(1, "pickup", xj.id, xj.name, xj.lat, xj.lon, at(11, 40), at(11, 46), board=("W3", "W4")),
            Stop(2, "dropoff", g1.id, g1.name, g1.lat, g1.lon, at(17, 0), at(17, 6), alight=("W3",)),
            Stop(3, "dropoff", g2.id, g2.name, g2.lat, g2.lon, at(17, 15), at(17, 21), alight=("W4",)),
            Stop(4, "depot", d.id, d.name, d.lat, d.lon, at(17, 30), at(17, 30)),
        ),
    )
    return Plan(
        scenario=ScenarioInfo("tiny", dt.date(2020, 2, 21), 0, 0.5, 30.0, "Asia/Shanghai", 2),
        summary=Summary(5, 4, 1, 5, 2, 1490.0, 14520.0, 5 / 36, 0.5, 2, 1),
        pickup_points=(
            PickupUse(yz.id, yz.name, yz.lat, yz.lon, 2, 3),
            PickupUse(xj.id, xj.name, xj.lat, xj.lon, 2, 2),
        ),
        buses=(b1, b2),
        assignments=(
            Assignment("W1", "C45-1", 1, "P-YZ", "G1", 1.2, employer_id="E1"),
            Assignment("W1/1", "C45-1", 2, "P-YZ", "G1", 1.2, companion_of="W1", employer_id="E1"),
            Assignment("W2", "C45-1", 8, "P-YZ", "G2", 2.3, employer_id="E2"),
            Assignment("W3", "C45-2", 1, "P-XJ", "G1", 0.9, employer_id="E1"),
            Assignment("W4", "C45-2", 4, "P-XJ", "G2", 0.5, employer_id="E2"),
        ),
        unassigned=(Unassigned("W5", "code_not_green", "health code is yellow"),),
        places=(
            PlaceRef(d.id, d.name, d.lat, d.lon, "depot"),
            PlaceRef(g1.id, g1.name, g1.lat, g1.lon, "dropoff"),
            PlaceRef(g2.id, g2.name, g2.lat, g2.lon, "dropoff"),
        ),
        employers=tuple(EmployerRef(e.id, e.name, e.dropoff_id) for e in sc.employers),
        home_areas=home_areas(sc.workers, {"W1", "W2", "W3", "W4"},
                              (Unassigned("W5", "code_not_green", "health code is yellow"),)),
    )
