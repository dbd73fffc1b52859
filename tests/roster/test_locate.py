"""routing.roster.locate: homes placed from an address, a township, a county or the ID number's region."""

from __future__ import annotations

import pytest

from routing.geo import gazetteer
from routing.roster.idcard import check_char
from routing.roster.locate import Location, home_region, in_home_region, locate, parse_address

XIJI_ID = "64042219900101001" + check_char("64042219900101001")
YUANZHOU_ID = "64040219900101001" + check_char("64040219900101001")


def test_town_in_the_address() -> None:
    """The town of a full address, at its centre; how=address."""
    loc = locate("宁夏固原市西吉县吉强镇龙王坝村", "", "", "")
    town = gazetteer.by_adcode("640422100000")
    assert town is not None
    assert loc == Location(town.lat, town.lon, "640422100000", "address", "西吉县吉强镇")


def test_town_in_the_township_column() -> None:
    loc = locate("", "西吉县", "吉强镇", "")
    assert loc is not None and (loc.adcode, loc.how) == ("640422100000", "township")


def test_township_column_resolved_by_the_county() -> None:
    """城关镇 is a town of three counties: the county column says which."""
    loc = locate("", "隆德", "城关", "")
    assert loc is not None and (loc.adcode, loc.how, loc.label) == ("640423100000", "township", "隆德县城关镇")
    assert locate("", "", "城关镇", "") is None


def test_county_column() -> None:
    loc = locate("", "原州区", "", XIJI_ID)
    seat = gazetteer.by_adcode("640402")
    assert seat is not None and loc == Location(seat.lat, seat.lon, "640402", "county", "原州区")


def test_unknown_town_falls_back_to_the_county_in_the_address() -> None:
    """兴隆镇 is not in the gazetteer: the county seat of 西吉县, from the address."""
    loc = locate("西吉县兴隆镇单家集村", "", "", YUANZHOU_ID)
    assert loc is not None and (loc.adcode, loc.how) == ("640422", "address")


def test_id_region() -> None:
    """Nothing else: the county of the ID number's first six digits."""
    loc = locate("", "", "", XIJI_ID)
    assert loc is not None and (loc.adcode, loc.how, loc.label) == ("640422", "id_region", "西吉县")


@pytest.mark.parametrize("address, county, township, id_number", [
    ("", "", "", ""), ("某地某村", "不存在县", "无名镇", "110101199001010011"), ("同心村", "", "", "x"),
    ("安定路18号", "", "", ""), ("城关镇", "", "", ""),
])
def test_unknown_everything(address: str, county: str, township: str, id_number: str) -> None:
    """Names that are not gazetteer places, or a short name inside another word: None."""
    assert locate(address, county, township, id_number) is None


def test_address_names_in_full_only() -> None:
    """A prefecture city stands for its seat only when no county is named; a short name only before its town."""
    assert parse_address("固原市").county == gazetteer.by_adcode("640402")
    assert parse_address("宁夏固原市西吉县").county == gazetteer.by_adcode("640422")
    assert parse_address("西吉吉强镇").county == gazetteer.by_adcode("640422")
    assert parse_address("西吉路").county is None
    assert len(parse_address("静宁县城关镇").towns) == 3  # every 城关镇; the county picks one
    loc = locate("静宁县城关镇", "", "", "")
    assert loc is not None and loc.adcode == "620826100000"


def test_town_named_outright_beats_the_id_region() -> None:
    """The ID says 原州区 (registration), the address names 吉强镇: the town."""
    loc = locate("吉强镇", "", "", YUANZHOU_ID)
    assert loc is not None and (loc.adcode, loc.how) == ("640422100000", "address")


def test_home_region_holds_every_place() -> None:
    lat_min, lat_max, lon_min, lon_max = home_region()
    assert lat_min < lat_max and lon_min < lon_max
    assert all(in_home_region(p.lat, p.lon) for p in gazetteer.places())
    assert not in_home_region(39.9, 116.4) and not in_home_region(106.2, 38.5)


def test_an_address_naming_only_the_city_takes_the_ids_county_within_it() -> None:
    """宁夏固原市某村 with an ID registered in 隆德县 (640423, in 固原市): 隆德县's seat, not 原州区."""
    found = locate("宁夏固原市某村", "", "", "640423199001010011")
    assert found is not None and found.adcode == "640423"
    other = locate("宁夏固原市某村", "", "", "640521199001010011")  # an ID from 中卫 says nothing about 固原市
    assert other is not None and other.adcode == "640402"
