"""The bundled road-distance table and the circuity factors derived from it."""

from __future__ import annotations

import statistics

import pytest

from routing.geo import gazetteer
from routing.geo.calibration import (
    ZONE_ADCODE,
    RoadRow,
    calibrated_circuity,
    calibration_rows,
    circuity_table,
    county_factors,
)
from routing.geo.distance import circuity, road_m
from routing.model import DistanceSettings, Place

ZONE = Place("ZONE", "银川经开区 (proxy)", 38.502029, 106.156577, "640105")


@pytest.fixture(scope="module")
def calibrated() -> DistanceSettings:
    """Distance settings with the bundled factors and nothing else."""
    return DistanceSettings(circuity_by_region=calibrated_circuity())


def _centre(adcode: str) -> Place:
    p = gazetteer.by_adcode(adcode)
    assert p is not None, adcode
    return Place(adcode, p.name, p.lat, p.lon, adcode)


def _factor(prefix: str) -> float:
    return dict(calibrated_circuity())[prefix]


def _row(origin: str, destination: str, road_km: float, circuity: float = 1.151) -> RoadRow:
    return RoadRow(origin, origin, destination, destination, 0.0, road_km, road_km, circuity, "estimate", "", "")


def test_rows_resolve_through_the_gazetteer() -> None:
    """Every row's adcodes are gazetteer counties, and its origin label finds the same county."""
    rows = calibration_rows()
    assert len(rows) == 39
    for r in rows:
        assert _code_of(r.origin) == r.origin_adcode, r.origin
        assert gazetteer.by_adcode(r.destination_adcode) is not None
    assert _code_of("原州区(固原)") == "640402" and _code_of("平凉(崆峒区)") == "620802"


def _code_of(text: str) -> str | None:
    p = gazetteer.find_name(text)
    return p.adcode if p else None


def test_only_the_two_published_figures_are_sourced() -> None:
    """原州 -> zone 330 km and 西吉 -> zone 391 km are sourced; everything else is an estimate."""
    sourced = {(r.origin_adcode, r.road_km) for r in calibration_rows() if r.basis == "sourced"}
    assert sourced == {("640402", 330.0), ("640422", 391.0)}
    assert {r.basis for r in calibration_rows()} == {"sourced", "estimate"}
    assert all(r.source for r in calibration_rows())
    assert all(r.to_zone for r in calibration_rows() if r.basis == "sourced")


def test_each_county_has_at_most_one_row_to_the_zone() -> None:
    """32 origin counties, each once."""
    origins = [r.origin_adcode for r in calibration_rows() if r.to_zone]
    assert len(origins) == len(set(origins)) == 32
    assert all(r.destination_adcode == ZONE_ADCODE for r in calibration_rows() if r.to_zone)


def test_factors_reproduce_every_road_distance_to_the_zone(calibrated: DistanceSettings) -> None:
    """road_m with the bundled factors gives each row's road_km within 3 % (in fact within 0.1 %)."""
    for r in calibration_rows():
        if r.to_zone:
            got_km = road_m(calibrated, _centre(r.origin_adcode), ZONE) / 1000
            assert got_km == pytest.approx(r.road_km, rel=0.001), r.origin


def test_xiji_to_the_zone_is_391_km(calibrated: DistanceSettings) -> None:
    """The county profile's 391 km comes back."""
    assert road_m(calibrated, _centre("640422"), ZONE) == pytest.approx(391_000, rel=0.03)
    assert road_m(calibrated, ZONE, _centre("640422")) == pytest.approx(391_000, rel=0.03)


def test_recomputed_factors_agree_with_the_file_column() -> None:
    """Recomputing against the gazetteer's centres moves no factor by more than 0.002."""
    factors = dict(calibrated_circuity())
    for r in calibration_rows():
        if r.to_zone:
            assert factors[r.origin_adcode] == pytest.approx(r.circuity, abs=0.002), r.origin


def test_a_county_not_in_the_table_gets_its_province_median() -> None:
    """A made-up Gansu county falls to the median of the Gansu counties."""
    gansu = [f for code, f in county_factors(calibration_rows()).items() if code.startswith("62")]
    assert len(gansu) == 15
    settings = DistanceSettings(circuity_by_region=calibrated_circuity())
    assert circuity(settings, "620999") == _factor("62") == round(statistics.median(gansu), 3)


def test_a_county_not_in_the_table_gets_its_prefecture_median() -> None:
    """利通区 (吴忠) has no row: it takes the 吴忠 prefecture's factor, that of 同心县."""
    settings = DistanceSettings(circuity_by_region=calibrated_circuity())
    assert circuity(settings, "640302") == _factor("6403") == _factor("640324")


def test_zone_end_never_outweighs_the_origin() -> None:
    """The zone's prefecture gets K = 1.151, below every county factor."""
    table = dict(calibrated_circuity())
    assert table["6401"] == 1.151
    assert min(f for p, f in table.items() if len(p) == 6) > table["6401"]


def test_prefixes_are_unique_and_longest_first() -> None:
    """Ready for DistanceSettings.circuity_by_region: unique prefixes, longest first, then sorted."""
    table = calibrated_circuity()
    prefixes = [p for p, _ in table]
    assert len(prefixes) == len(set(prefixes))
    assert prefixes == sorted(prefixes, key=lambda p: (-len(p), p))
    assert {len(p) for p in prefixes} == {6, 4, 2}
    assert {p for p in prefixes if len(p) == 2} == {"61", "62", "64"}
    assert all(1.0 < f < 2.0 for _, f in table)


def test_county_to_county_rows_do_not_override_zone_factors() -> None:
    """A leg between two counties, whatever its circuity, gives neither county a factor."""
    rows = (_row("640402", ZONE_ADCODE, 330.0), _row("640402", "640422", 1000.0, circuity=9.9))
    table = dict(circuity_table(rows))
    assert table["640402"] == 1.189
    assert "640422" not in table and table["64"] == table["6404"] == 1.189


def test_a_county_twice_to_the_zone_is_an_error() -> None:
    """Two rows from one county to the zone raise instead of silently picking one."""
    rows = (_row("640402", ZONE_ADCODE, 330.0), _row("640402", ZONE_ADCODE, 340.0))
    with pytest.raises(ValueError, match="more than one row"):
        county_factors(rows)
