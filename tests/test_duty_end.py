"""A coach's duty may end at the zone: long cross-province trips plan, the empty drive home is paid for."""

from __future__ import annotations

import dataclasses
import datetime as dt
import itertools
from zoneinfo import ZoneInfo

from routing.check import check_plan
from routing.geo.distance import road_m
from routing.model import BusType, Place, Scenario
from routing.pipeline import make_plan
from tests.helpers import make_tiny_scenario

TZ = ZoneInfo("Asia/Shanghai")


def _far(duty_end: str) -> Scenario:
    """The tiny scenario's workers living about 1,100 road km away (Zhoukou, Henan), coaches from an operator there."""
    sc = make_tiny_scenario()
    depot = Place("D-ZK", "周口客运公司车场", 33.62, 114.65, region="411602")
    pickups = (Place("P-YZ", "川汇区客运站", 33.63, 114.64, region="411602"),
               Place("P-XJ", "淮阳县城", 33.73, 114.89, region="411603"))
    fleet = (BusType("C45", "45座大客车", 45, 2, 8.0, 800.0, "D-ZK", plates=("豫P·11001", "豫P·11002")),)
    workers = tuple(dataclasses.replace(w, lat=p.lat + 0.01, lon=p.lon, county=p.region)
                    for w, p in zip(sc.workers, [pickups[0], pickups[0], pickups[1], pickups[1], pickups[1]], strict=True))
    return dataclasses.replace(
        sc, depots=(depot,), pickup_points=pickups, fleet=fleet, workers=workers,
        start=dt.datetime(2020, 2, 21, 12, 0, tzinfo=TZ), deadline=dt.datetime(2020, 2, 22, 12, 0, tzinfo=TZ),
        rules=dataclasses.replace(sc.rules, duty_end=duty_end))


def test_back_at_the_depot_a_trip_of_two_days_cannot_be_driven() -> None:
    """With the duty ending at the depot, 2,200 km there and back is more than two drivers may drive: nobody rides."""
    plan = make_plan(_far("depot"), solution_limit=20)
    assert plan.buses == () and {u.reason for u in plan.unassigned if u.worker_id != "W5"} == {"out_of_reach"}


def test_ending_at_the_zone_the_batch_rides_and_the_way_home_is_paid() -> None:
    """Ending at the zone: everyone eligible rides with two drivers, stops end at a gate, km and cost count the way
    home, and the checker passes the plan."""
    sc = _far("zone")
    plan = make_plan(sc, solution_limit=20)
    assert plan.summary.workers_assigned == 4 and [u.worker_id for u in plan.unassigned] == ["W5"]
    assert check_plan(plan, sc) == []  # rests, the 02:00-05:00 stop, each driver's hours: every rule holds
    for bus in plan.buses:
        last = bus.stops[-1]
        assert last.kind == "dropoff" and bus.drivers == 2
        calls = [s for s in bus.stops if s.kind != "break"]
        driven_m = sum(road_m(sc.distance, sc.place(a.place_id), sc.place(b.place_id))
                       for a, b in itertools.pairwise(calls))
        home_m = road_m(sc.distance, sc.place(last.place_id), sc.place(bus.depot))
        assert home_m > 1_000_000
        assert abs(bus.km - (driven_m + home_m) / 1000) < 0.1
        assert last.arrive.date() == dt.date(2020, 2, 22)  # arrives the next day
