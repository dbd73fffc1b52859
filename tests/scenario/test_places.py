"""Places far outside the scenario's region: in China's bounding box, within 1,500 km of a drop-off; and the region
homes may be in, derived from the scenario's own places."""

from __future__ import annotations

from pathlib import Path

import pytest

from routing.roster.idcard import check_char
from routing.scenario.limits import CHINA_LAT, CHINA_LON
from tests.helpers import DATA
from tests.scenario.folders import loads, problems_of, variant

YZ = "36.003906,106.283551"  # pickup point P-YZ, row 1
DEPOT = "lat: 38.502029, lon: 106.156577"
LAT = "is not a latitude in China (a number between 18 and 54)"
LON = "is not a longitude in China (a number between 73 and 136)"

# (change to valid_small, the problems it must give)
CASES = {
    "county abc": (
        {"file": "pickup_points.csv", "old": "640402,36.003906", "new": "abc,36.003906"},
        "pickup_points.csv row 1 county: 'abc' is not a 6-digit county adcode"),
    "county a name": (
        {"file": "pickup_points.csv", "old": "640402,36.003906", "new": "原州区,36.003906"},
        "pickup_points.csv row 1 county: '原州区' is not a 6-digit county adcode"),
    "county empty": (
        {"file": "pickup_points.csv", "old": "640402,36.003906", "new": ",36.003906"},
        "pickup_points.csv row 1 county: is empty"),
    "pickup point in Paris": (
        {"file": "pickup_points.csv", "old": YZ, "new": "48.8566,2.3522"},
        f"pickup_points.csv row 1 lon: '2.3522' {LON}"),
    "pickup point at 0,0": (
        {"file": "pickup_points.csv", "old": YZ, "new": "0,0"},
        f"pickup_points.csv row 1 lat: '0' {LAT}",
        f"pickup_points.csv row 1 lon: '0' {LON}"),
    "pickup point with lat and lon swapped": (
        {"file": "pickup_points.csv", "old": YZ, "new": "106.283551,36.003906"},
        ("pickup_points.csv row 1 lat: '106.283551' and lon '36.003906' are swapped: lat is between 18 and 54 in "
        "China, lon between 73 and 136")),
    "pickup point lat not a number": (
        {"file": "pickup_points.csv", "old": YZ, "new": "36.0N,106.28"},
        "pickup_points.csv row 1 lat: '36.0N' is not a number"),
    "pickup point at nan, inf": (
        {"file": "pickup_points.csv", "old": YZ, "new": "nan,inf"},
        "pickup_points.csv row 1 lat: 'nan' is not a number",
        "pickup_points.csv row 1 lon: 'inf' is not a number"),
    "pickup point in Harbin, 1,862 km from the gates": (
        {"file": "pickup_points.csv", "old": YZ, "new": "45.75,126.63"},
        ("pickup_points.csv row 1 lat/lon: is 1,862 km from the nearest drop-off (G2), farther than the 1,500 km "
        "allowed: check lat and lon")),
    "depot in Harbin": (
        {"old": DEPOT, "new": "lat: 45.75, lon: 126.63"},
        ("scenario.yaml depots item 1 lat/lon: is 1,862 km from the nearest drop-off (G2), farther than the 1,500 km "
        "allowed: check lat and lon")),
    "dropoff in Paris": (
        {"old": "lat: 38.495, lon: 106.15", "new": "lat: 48.8566, lon: 2.3522"},
        f"scenario.yaml dropoffs item 1 lon: 2.3522 {LON}"),
    "depot lat true": (
        {"old": DEPOT, "new": "lat: true, lon: 106.156577"},
        "scenario.yaml depots item 1 lat: true is not a number",
        "scenario.yaml depots: no usable depot"),
    "depot lat in quotes": (
        {"old": DEPOT, "new": "lat: '38.5', lon: 106.156577"},
        "scenario.yaml depots item 1 lat: '38.5' is not a number; write it without quotes",
        "scenario.yaml depots: no usable depot"),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_a_place_far_away_is_a_problem(case: str, tmp_path: Path) -> None:
    change, *expected = CASES[case]
    assert problems_of(variant(tmp_path, **change)) == expected


def _worker(folder: Path, wid: str, region: str, lat: float, lon: float) -> None:
    """Add a worker with a home at (lat, lon) and an ID number of ``region`` to a scenario's workers.csv."""
    base = region + "19900101" + wid[-3:].zfill(3)
    with (folder / "workers.csv").open("a", encoding="utf-8") as f:
        f.write(f"{wid},测试{wid},{base}{check_char(base)},13995120000,M,{lat},{lon},,,E1,green,yes,0,\n")


def test_the_region_homes_may_be_in_comes_from_the_scenario(tmp_path: Path) -> None:
    """A pickup point in Chengdu, 870 km from the gates: the scenario covers Chengdu too (its places widened by
    rules.max_access_km), so a home there is kept, with no warning; the region is no fixed box any more."""
    folder = variant(tmp_path, file="pickup_points.csv", old=YZ, new="30.66,104.07")
    _worker(folder, "W901", "510104", 30.65, 104.08)
    sc = loads(folder)
    assert sc.warnings == ()
    assert "W901" in {w.id for w in sc.workers}


def test_a_home_outside_the_region_the_scenario_covers_is_rejected(tmp_path: Path) -> None:
    """valid_small covers 原州区, 西吉 and the zone, plus the access limit (30 km) and a slack (50 km): a home in
    Lanzhou (36.06 N, 103.82 E), inside the old box of the zone's origins, is outside it; one 60 km from 西吉's
    pickup point is inside (a worker out of reach, not a wrong record)."""
    folder = variant(tmp_path, file="scenario.yaml", append="")
    _worker(folder, "W902", "620102", 36.06, 103.82)
    _worker(folder, "W903", "640422", 35.96, 105.06)
    sc = loads(folder)
    rejected = {r.id: r.reasons for r in sc.rejected}
    assert rejected["W902"] == ("home coordinates are outside the region the scenario covers",)
    assert "W903" in {w.id for w in sc.workers}


def test_gcj02_places_are_checked_as_written() -> None:
    """The GCJ-02 twin of valid_small loads: the box and the distances hold in either system."""
    sc = loads(DATA / "gcj02_coordinates")
    assert sc.warnings == () and len(sc.pickup_points) == 2


def test_the_box_is_china() -> None:
    """Mohe (53.5 N), Sanya (18.3 N), Kashgar's west (73.5 E), Fuyuan's east (134.8 E) are inside."""
    for lat in (53.5, 18.3):
        assert CHINA_LAT[0] <= lat <= CHINA_LAT[1]
    for lon in (73.5, 134.8):
        assert CHINA_LON[0] <= lon <= CHINA_LON[1]
