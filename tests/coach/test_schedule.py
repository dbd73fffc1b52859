"""Timetables: dwell, rests, driver swaps, night limits and the curfew."""

import dataclasses
import datetime as dt
import itertools

from routing.check import _check_driving
from routing.coach.schedule import Call, schedule_coach
from routing.plan.model import BusPlan
from routing.solve.solver import places_matrix
from tests.helpers import TZ, make_tiny_scenario

SC = make_tiny_scenario()
MX = places_matrix(SC)
DEPOT, GATE = SC.depots[0], SC.dropoffs[0]
YZ = SC.pickup_points[0]


def round_trip(scenario=SC, board=("W1", "W1/1", "W2")):
    calls = [Call("depot", DEPOT), Call("pickup", YZ, board=board), Call("dropoff", GATE, alight=board),
             Call("depot", DEPOT)]
    return schedule_coach(scenario, calls, places_matrix(scenario))


def as_bus(t) -> BusPlan:
    return BusPlan("B", "C45", 45, 22, "D1", t.drivers, t.distance_m / 1000, 0.0, round(t.driving_s / 60), t.stops)


def test_guyuan_round_trip_needs_two_drivers_who_swap_after_four_hours():
    t = round_trip()
    assert t.drivers == 2
    swaps = [s for s in t.stops if s.note == "driver swap"]
    assert swaps and swaps[0].arrive == dt.datetime(2020, 2, 21, 10, 30, tzinfo=TZ)
    assert (swaps[0].depart - swaps[0].arrive).total_seconds() == 300
    assert _check_driving(SC, as_bus(t)) == []


def test_dwell_grows_with_people_boarding():
    t3 = round_trip(board=("A", "B", "C"))
    t1 = round_trip(board=("A",))
    stand = [(s.depart - s.arrive).total_seconds() for t in (t3, t1) for s in t.stops if s.kind == "pickup"]
    assert stand == [300 + 3 * 30, 300 + 30]


def test_times_never_go_backwards():
    stops = round_trip().stops
    assert all(s.arrive <= s.depart for s in stops)
    assert all(a.depart <= b.arrive for a, b in itertools.pairwise(stops))
    assert [s.seq for s in stops] == list(range(len(stops)))


def test_short_trip_has_one_driver_and_no_rest():
    near = dataclasses.replace(YZ, lat=DEPOT.lat - 0.5, lon=DEPOT.lon)
    calls = [Call("depot", DEPOT), Call("pickup", near, board=("A",)), Call("dropoff", GATE, alight=("A",)),
             Call("depot", DEPOT)]
    sc = dataclasses.replace(SC, pickup_points=(near, SC.pickup_points[1]))
    t = schedule_coach(sc, calls, places_matrix(sc))
    assert t.drivers == 1
    assert not [s for s in t.stops if s.kind == "break"]


def test_single_driver_rests_twenty_minutes_after_four_hours():
    rules = dataclasses.replace(SC.rules, drivers=dataclasses.replace(SC.rules.drivers, max_daily_driving_s=24 * 3600,
                                                                     max_one_way_m=10**7))
    t = round_trip(dataclasses.replace(SC, rules=rules))
    assert t.drivers == 1
    rests = [s for s in t.stops if s.kind == "break"]
    assert rests and all((s.depart - s.arrive).total_seconds() == 1200 for s in rests)
    assert _check_driving(dataclasses.replace(SC, rules=rules), as_bus(t)) == []


def test_night_departure_waits_out_the_curfew_and_keeps_night_limits():
    night = dataclasses.replace(SC, start=dt.datetime(2020, 2, 21, 21, 0, tzinfo=TZ),
                                deadline=dt.datetime(2020, 2, 22, 21, 0, tzinfo=TZ))
    t = round_trip(night)
    curfew = [s for s in t.stops if s.note.startswith("curfew")]
    assert curfew and curfew[0].depart.time() == dt.time(5, 0)
    assert _check_driving(night, as_bus(t)) == []


def test_no_driver_passes_the_days_limit_on_long_hauls_with_several_gates():
    """Far pickups (up to ~560 km) and calls at both gates: two drivers share the wheel, neither drives more than
    the day's limit (a driver who has driven 8 h is never handed the wheel back at a gate).
    """
    g1, g2 = SC.dropoffs
    for km in range(300, 480, 10):
        far = dataclasses.replace(YZ, lat=DEPOT.lat - km / 111.0, lon=DEPOT.lon - 0.8)
        sc = dataclasses.replace(SC, pickup_points=(far, SC.pickup_points[1]))
        board = ("A", "B")
        calls = [Call("depot", DEPOT), Call("pickup", far, board=board), Call("dropoff", g1, alight=("A",)),
                 Call("dropoff", g2, alight=("B",)), Call("depot", DEPOT)]
        t = schedule_coach(sc, calls, places_matrix(sc))
        assert t.drivers == 2
        assert t.driving_s <= 2 * sc.rules.drivers.max_daily_driving_s, km  # within what two drivers may do
        assert _check_driving(sc, as_bus(t)) == [], km
