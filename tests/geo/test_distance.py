"""Offline distance model and coordinate conversion."""

import pytest

from routing.geo.coords import gcj02_to_wgs84, wgs84_to_gcj02
from routing.geo.distance import access_m, circuity, drive_s, geodesic_m, matrix, road_m
from routing.model import DistanceSettings, Place

ETDZ = Place("E", "ETDZ", 38.502029, 106.156577, "640105")
YUANZHOU = Place("Y", "原州区", 36.003906, 106.283551, "640402")
XIJI = Place("X", "西吉县", 35.964131, 105.725049, "640422")
SETTINGS = DistanceSettings(circuity_default=1.19, circuity_by_region=(("640422", 1.375), ("64", 1.2)))


def test_geodesic_yinchuan_guyuan_matches_published_straight_line():
    assert geodesic_m(ETDZ.lat, ETDZ.lon, YUANZHOU.lat, YUANZHOU.lon) == pytest.approx(277_600, rel=0.005)


def test_circuity_prefers_longest_prefix():
    assert circuity(SETTINGS, "640422") == 1.375
    assert circuity(SETTINGS, "640402") == 1.2
    assert circuity(SETTINGS, "620802") == 1.19


def test_road_distance_takes_the_larger_factor_and_matches_sources():
    assert road_m(SETTINGS, ETDZ, XIJI) == pytest.approx(391_000, rel=0.01)  # county profile: 391 km
    assert road_m(SETTINGS, XIJI, ETDZ) == road_m(SETTINGS, ETDZ, XIJI)


def test_drive_time_uses_local_speed_on_short_legs():
    s = DistanceSettings(expressway_kph=80, local_kph=50, local_below_m=60_000)
    assert drive_s(s, 40_000) == 2880
    assert drive_s(s, 320_000) == 14_400


def test_access_distance_uses_access_circuity():
    s = DistanceSettings(access_circuity=1.5)
    straight = geodesic_m(36.1, 106.2835, YUANZHOU.lat, YUANZHOU.lon)
    assert access_m(s, 36.1, 106.2835, YUANZHOU) == round(straight * 1.5)


def test_matrix_is_symmetric_with_zero_diagonal():
    mx = matrix(SETTINGS, [ETDZ, YUANZHOU, XIJI])
    assert mx.m("E", "E") == 0 and mx.m("E", "X") == mx.m("X", "E") > 0
    assert mx.s("Y", "X") == drive_s(SETTINGS, mx.m("Y", "X"))


def test_gcj02_round_trip_under_a_millimetre():
    lat, lon = 38.487193, 106.230909
    wlat, wlon = gcj02_to_wgs84(lat, lon)
    back = wgs84_to_gcj02(wlat, wlon)
    assert back == pytest.approx((lat, lon), abs=1e-8)
    assert geodesic_m(lat, lon, wlat, wlon) == pytest.approx(390, abs=40)  # the Yinchuan offset


def test_gcj02_matches_the_bundled_gazetteer():
    # 西吉县: GCJ-02 35.963912,105.729085 -> WGS-84 35.964131,105.725049 (gazetteer)
    assert gcj02_to_wgs84(35.963912, 105.729085) == pytest.approx((35.964131, 105.725049), abs=1e-6)


def test_outside_china_is_unchanged():
    assert wgs84_to_gcj02(48.85, 2.35) == (48.85, 2.35)
