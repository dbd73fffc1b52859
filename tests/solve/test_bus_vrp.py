"""The bus problem written as a plain VRP: parties as clients, a start and an end node per depot.

Every expectation is worked out by hand from a hand-made road matrix over the tiny scenario's
places (round numbers, so the sums can be checked on paper), never by calling the code under test.
"""

from __future__ import annotations

import dataclasses

from routing.coach.fleet import Coach
from routing.geo.distance import Matrix
from routing.model import BusType, DriverRules
from routing.solve.bus_vrp import DROP_PENALTY_PER_PERSON, Party, bus_vrp, rest_allowance_s, tour_m_s, zone_tour
from tests.helpers import make_tiny_scenario
from tests.solve.roads import MX, hand_matrix

SC = make_tiny_scenario()
C45 = SC.fleet[0]
COACHES = (Coach("C45-1", C45, "宁A·D8101", 22), Coach("C45-2", C45, "宁A·D8102", 22))
# the tiny scenario's green workers as parties (W1 travels with one companion)
PARTIES = (
    Party("W1", 2, "P-YZ", "640402", "G1"),
    Party("W2", 1, "P-YZ", "640402", "G2"),
    Party("W3", 1, "P-XJ", "640422", "G1"),
    Party("W4", 1, "P-XJ", "640422", "G2"),
)


def test_zone_tour_calls_at_the_nearest_gate_first() -> None:
    """From P-YZ the nearer gate is G1 (299 km against 301 km), from P-XJ it is G2 (351 km against 352 km)."""
    assert zone_tour(SC, MX, "P-YZ", ["G1", "G2"], "D1") == ["G1", "G2"]
    assert zone_tour(SC, MX, "P-XJ", ["G1", "G2"], "D1") == ["G2", "G1"]


def test_zone_tour_visits_each_gate_once_and_breaks_ties_by_id() -> None:
    """Repeated gate ids are called at once; two gates at the same distance go in id order."""
    assert zone_tour(SC, MX, "P-XJ", ["G1", "G2", "G1", "G2"], "D1") == ["G2", "G1"]
    assert zone_tour(SC, MX, "P-YZ", [], "D1") == []
    equal = Matrix(("P", "GB", "GA"), ((0, 5, 5), (5, 0, 1), (5, 1, 0)), ((0, 5, 5), (5, 0, 1), (5, 1, 0)))
    assert zone_tour(SC, equal, "P", ["GB", "GA"], "D1") == ["GA", "GB"]


def test_tour_m_s_adds_up_the_legs_in_order() -> None:
    """P-YZ -> G1 -> G2 -> D1 is 299 + 1.5 + 2 km and 14340 + 90 + 120 s; no gates is the direct leg."""
    assert tour_m_s(MX, "P-YZ", ["G1", "G2"], "D1") == (302_500, 14_550)
    assert tour_m_s(MX, "P-XJ", ["G2", "G1"], "D1") == (353_500, 17_010)
    assert tour_m_s(MX, "P-YZ", [], "D1") == (300_000, 14_400)


def test_rest_allowance_is_one_break_per_spell_rounded_up() -> None:
    """Default rules: 20 min of rest per 4 h of driving, pro rata, rounded up to the second."""
    assert [rest_allowance_s(SC, s) for s in (0, 1, 12, 13, 7_200, 14_400, 14_401, 28_800)] == [
        0, 1, 1, 2, 600, 1_200, 1_201, 2_400]


def test_rest_allowance_grows_with_driving_and_follows_the_rules() -> None:
    """Never shrinks as driving grows; 30 min per 2 h spell gives a quarter of the driving time."""
    steps = [rest_allowance_s(SC, s) for s in range(0, 40_000, 997)]
    assert steps == sorted(steps) and steps[-1] > steps[1] > 0
    strict = dataclasses.replace(SC, rules=dataclasses.replace(
        SC.rules, drivers=DriverRules(min_break_s=1_800, max_continuous_day_s=7_200)))
    assert rest_allowance_s(strict, 7_200) == 1_800 and rest_allowance_s(strict, 1_001) == 251


def test_clients_are_the_parties_with_their_sizes_places_and_names() -> None:
    """One client per party in order: demand = size, boarding + alighting 30 s per person, drop penalty per person."""
    p = bus_vrp(SC, COACHES, PARTIES, MX)
    v = p.vrp
    assert p.parties == PARTIES and v.n_clients == 4 and v.n_depots == 2
    assert v.demand == (2, 1, 1, 1)
    assert v.service == (120, 60, 60, 60)
    assert v.penalty == (2 * 10**10, 10**10, 10**10, 10**10) and DROP_PENALTY_PER_PERSON == 10**10
    assert v.place == ("P-YZ", "P-YZ", "P-XJ", "P-XJ") and v.max_places == 3
    assert v.names == ("W1", "W2", "W3", "W4")
    assert v.group == ()  # the tiny scenario lets coaches cross county lines


def test_one_vehicle_type_per_coach_type_with_its_costs_and_limits() -> None:
    """Two C45 coaches of 22: one type, 800 CNY fixed and 8 CNY/km in 0.0001 CNY, deadline 14.5 h after the start."""
    p = bus_vrp(SC, COACHES, PARTIES, MX)
    (vt,) = p.vrp.vehicle_types
    assert (vt.count, vt.capacity, vt.start_depot, vt.end_depot, vt.name) == (2, 22, 0, 1, "C45")
    assert (vt.fixed_cost, vt.unit_cost) == (8_000_000, 80)
    assert (vt.tw_early, vt.tw_late, vt.max_duration) == (0, 14 * 3600 + 1800, None)
    assert vt.max_drive == 2 * 8 * 3600
    assert p.coaches_of_type == (COACHES,)


def test_distance_counts_the_way_to_the_gates_and_home() -> None:
    """Start -> pickup is the road, pickup -> end the zone tour and home; depot-to-depot and same-place legs are 0."""
    yz_end, xj_end = 299_000 + 1_500 + 2_000, 351_000 + 1_500 + 1_000
    assert bus_vrp(SC, COACHES, PARTIES, MX).vrp.distance == (
        (0, 0, 300_000, 300_000, 350_000, 350_000),
        (0, 0, 0, 0, 0, 0),
        (0, yz_end, 0, 0, 60_000, 60_000),
        (0, yz_end, 0, 0, 60_000, 60_000),
        (0, xj_end, 60_000, 60_000, 0, 0),
        (0, xj_end, 60_000, 60_000, 0, 0),
    )


def test_driving_is_paid_all_the_way_home() -> None:
    """The driving matrix holds plain road time, including the way from the last gate to the depot."""
    yz_end, xj_end = 14_340 + 90 + 120, 16_860 + 90 + 60
    assert bus_vrp(SC, COACHES, PARTIES, MX).vrp.drive == (
        (0, 0, 14_400, 14_400, 16_800, 16_800),
        (0, 0, 0, 0, 0, 0),
        (0, yz_end, 0, 0, 3_000, 3_000),
        (0, yz_end, 0, 0, 3_000, 3_000),
        (0, xj_end, 3_000, 3_000, 0, 0),
        (0, xj_end, 3_000, 3_000, 0, 0),
    )


def test_duration_adds_rests_and_standing_and_stops_at_the_last_gate() -> None:
    """Duration = driving + rests (1/12, rounded up) + 300 s at a new stop; into the end only to the last gate."""
    # into the end node: to the last gate, 300 s standing at each of the two gates; none between parties at one place
    from_depot_yz = 14_400 + 1_200 + 300
    from_depot_xj = 16_800 + 1_400 + 300
    between = 3_000 + 250 + 300
    yz_end = (14_340 + 90) + 1_203 + 2 * 300  # 14430 s to G2, ceil(14430 / 12) = 1203 s of rest
    xj_end = (16_860 + 90) + 1_413 + 2 * 300  # 16950 s to G1, ceil(16950 / 12) = 1413 s of rest
    assert bus_vrp(SC, COACHES, PARTIES, MX).vrp.duration == (
        (0, 0, from_depot_yz, from_depot_yz, from_depot_xj, from_depot_xj),
        (0, 0, 0, 0, 0, 0),
        (0, yz_end, 0, 0, between, between),
        (0, yz_end, 0, 0, between, between),
        (0, xj_end, between, between, 0, 0),
        (0, xj_end, between, between, 0, 0),
    )


def test_counties_become_groups_when_coaches_may_not_cross_them() -> None:
    """With ``cross_county`` false each client carries its party's county as its group."""
    sc = dataclasses.replace(SC, rules=dataclasses.replace(SC.rules, cross_county=False))
    assert bus_vrp(sc, COACHES, PARTIES, MX).vrp.group == ("640402", "640402", "640422", "640422")


def test_the_rules_set_the_stop_limit_the_driving_limit_and_the_standing_times() -> None:
    """Two stops at most, 5 h of driving a day, 600 s standing and 10 s a person change the VRP accordingly."""
    rules = dataclasses.replace(SC.rules, max_pickup_stops=2, dwell_base_s=600, dwell_per_person_s=10,
                                drivers=DriverRules(max_daily_driving_s=5 * 3600))
    v = bus_vrp(dataclasses.replace(SC, rules=rules), COACHES, PARTIES, MX).vrp
    assert v.max_places == 2 and v.vehicle_types[0].max_drive == 10 * 3600
    assert v.service == (40, 20, 20, 20)
    assert v.duration[0][2] == 14_400 + 1_200 + 600 and v.duration[2][4] == 3_000 + 250 + 600
    assert v.duration[2][1] == 14_430 + 1_203 + 2 * 600


def test_each_depot_has_a_start_and_an_end_node_and_types_keep_fleet_order() -> None:
    """Depots sorted (D1, D2): starts 0, 1, ends 2, 3; vehicle types in fleet order, one per type and capacity."""
    c55 = BusType("C55", "55座", 55, 2, 9.0, 1000.0, "D2")
    fleet = (Coach("C55-1", c55, "", 27), Coach("C45-1", C45, "", 22), Coach("C55-2", c55, "", 27))
    mx = hand_matrix(("D1", "D2", "G1", "G2", "P-YZ", "P-XJ"))
    p = bus_vrp(SC, fleet, PARTIES[:2], mx)
    v = p.vrp
    assert v.n_depots == 4
    assert [(t.name, t.count, t.capacity, t.start_depot, t.end_depot) for t in v.vehicle_types] == [
        ("C55", 2, 27, 1, 3), ("C45", 1, 22, 0, 2)]
    assert [(t.fixed_cost, t.unit_cost) for t in v.vehicle_types] == [(10_000_000, 90), (8_000_000, 80)]
    assert p.coaches_of_type == ((fleet[0], fleet[2]), (fleet[1],))
    # client 0 (node 4) is at P-YZ: reached from D1's start (node 0) and from D2's start (node 1)
    assert (v.distance[0][4], v.distance[1][4]) == (300_000, 250_000)
    assert v.duration[1][4] == 12_000 + 1_000 + 300
    # ending at D1 (node 2) or at D2 (node 3): same gates, different way home (2 km from G2 to D1, 52 km to D2)
    assert (v.distance[4][2], v.distance[4][3]) == (302_500, 299_000 + 1_500 + 52_000)
    assert (v.drive[4][2], v.drive[4][3]) == (14_550, 14_340 + 90 + 2_600)
    assert v.duration[4][2] == v.duration[4][3] == 14_430 + 1_203 + 600  # the way home takes no time
    assert all(v.distance[i][j] == 0 for i in range(4) for j in range(4))  # no depot-to-depot cost


def test_coaches_of_one_type_with_different_capacities_are_different_vehicle_types() -> None:
    """A coach whose effective capacity differs gets a vehicle type of its own."""
    fleet = (Coach("C45-1", C45, "", 22), Coach("C45-2", C45, "", 20))
    v = bus_vrp(SC, fleet, PARTIES, MX).vrp
    assert [(t.name, t.count, t.capacity) for t in v.vehicle_types] == [("C45", 1, 22), ("C45", 1, 20)]
