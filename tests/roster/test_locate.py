"""routing.roster.locate: homes placed from an address, a township, a county or the ID number's region."""

from __future__ import annotations

import pytest

from routing.geo import gazetteer
from routing.roster.idcard import check_char
from routing.roster.locate import (
    HomeRegion,
    Location,
    home_region,
    in_home_region,
    locate,
    parse_address,
    region_around,
)

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
    ("", "", "", ""), ("某地某村", "不存在县", "无名镇", "110199199001010011"), ("同心村", "", "", "x"),
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


# Anywhere in China: the national gazetteer, and the region a scenario covers.

def _id(region: str, born: str = "19900101") -> str:
    return region + born + "001" + check_char(region + born + "001")


NINGXIA = HomeRegion(35.0, 39.5, 104.0, 107.5)
GUIZHOU = region_around([(26.6, 106.7), (27.7, 106.9)], 300)


def test_an_id_number_from_anywhere_finds_its_county() -> None:
    """A Beijing, a Guizhou and a Shandong ID number, nothing else: their counties' centres."""
    for region, adcode, name in (("110101", "110101", "东城区"), ("520302", "520302", "红花岗区"),
                                 ("371721", "371721", "曹县")):
        loc = locate("", "", "", _id(region))
        place = gazetteer.by_adcode(adcode)
        assert place is not None and loc == Location(place.lat, place.lon, adcode, "id_region", name)


def test_a_former_id_code_finds_todays_county_and_says_so() -> None:
    """郫县 (510124) has been 郫都区 (510117) since 2016: the label names both."""
    loc = locate("", "", "", _id("510124", "19850505"))
    assert loc is not None and (loc.adcode, loc.how) == ("510117", "id_region")
    assert loc.label == "郫都区 (ID code 510124: 郫县 until 2015)"


def test_a_region_keeps_places_outside_it_out() -> None:
    """An ID number from Beijing gives no home in a Ningxia scenario; a Ningxia one does."""
    assert locate("", "", "", _id("110101"), NINGXIA) is None
    loc = locate("", "", "", XIJI_ID, NINGXIA)
    assert loc is not None and loc.adcode == "640422"
    assert locate("", "红花岗区", "", "", NINGXIA) is None
    assert locate("", "红花岗区", "", "", GUIZHOU) is not None


def test_a_name_shared_over_china_is_the_one_in_the_region() -> None:
    """城关区 is Lanzhou's without a region (as before), Lhasa's in a Tibet scenario."""
    lhasa = region_around([(29.65, 91.13)], 50)
    assert locate("", "城关区", "", "").adcode == "620102"  # type: ignore[union-attr]
    assert locate("", "城关区", "", "", lhasa).adcode == "540102"  # type: ignore[union-attr]


@pytest.mark.parametrize(("address", "adcode"), [
    ("贵州省遵义市红花岗区中华路街道某村", "520302"),
    ("山东省菏泽市曹县青菏街道", "371721"),
    ("贵州松桃县盘信镇", "520628"),  # the informal <short>县 of 松桃苗族自治县
    ("江苏省南京市鼓楼区", "320106"),  # one of four 鼓楼区: the city says which
    ("福建省福州市鼓楼区", "350102"),
    ("宁夏银川市金凤区阅海万家东区3号楼", "640106"),  # 东区 is Panzhihua's, not in 银川市
    ("四川省郫县犀浦镇", "510117"),  # a former name
    ("甘肃省天水市麦积区", "620503"),  # the curated 天水市 stands for 秦州区 only when no county is named
    ("贵州省遵义市某村", "520303"),  # the city alone: its seat, 汇川区
])
def test_addresses_anywhere_in_china(address: str, adcode: str) -> None:
    found = parse_address(address).county
    assert found is not None and found.adcode == adcode


@pytest.mark.parametrize("address", ["鼓楼区", "江苏省鼓楼区", "阅海万家东区", "城区", "某地某村", "新城区路18号"])
def test_addresses_that_name_no_one_county(address: str) -> None:
    """A shared name without its city, a two-character district without its city."""
    assert parse_address(address).county is None


def test_the_curated_reading_of_an_address_wins() -> None:
    """Where the curated places name a county, the national reading is not asked: the old results stand."""
    assert parse_address("宁夏固原市西吉县吉强镇龙王坝村").county == gazetteer.by_adcode("640422")
    assert parse_address("西吉县新城区").county == gazetteer.by_adcode("640422")


def test_region_around_widens_by_the_access_limit() -> None:
    """30 km: 0.27 degrees of latitude, more degrees of longitude at the poleward edge."""
    r = region_around([(36.0, 106.0), (38.5, 106.2)], 30)
    assert r is not None
    assert r.lat_min == pytest.approx(36.0 - 30 / 111.195) and r.lat_max == pytest.approx(38.5 + 30 / 111.195)
    assert 30 / 111.195 < 106.0 - r.lon_min < 0.36
    assert r.contains(36.0, 106.0) and not r.contains(35.6, 106.0)
    assert region_around([], 30) is None
    assert in_home_region(36.0, 106.0, r) and not in_home_region(39.9, 116.4, r)
