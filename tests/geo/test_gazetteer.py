"""The bundled gazetteer: its rows, positions and lookups."""

from __future__ import annotations

import csv
from importlib import resources

import pytest

from routing.geo import gazetteer
from routing.geo.coords import gcj02_to_wgs84
from routing.geo.distance import geodesic_m
from routing.geo.gazetteer import GazetteerPlace


def _data_rows() -> list[dict[str, str]]:
    text = resources.files("routing").joinpath("data/places.csv").read_text(encoding="utf-8")
    return list(csv.DictReader(text.splitlines()))


def _code(place: GazetteerPlace | None) -> str | None:
    return place.adcode if place else None


def test_first_fields_are_kept_for_existing_callers() -> None:
    """name, adcode, kind, lat, lon stay the first five fields; the new ones have defaults."""
    assert list(GazetteerPlace.__dataclass_fields__)[:5] == ["name", "adcode", "kind", "lat", "lon"]
    assert GazetteerPlace("x", "640422", "county_seat", 1.0, 2.0).province == ""


def test_rows_kinds_and_unique_adcodes() -> None:
    """33 counties, 13 towns, 2 destinations, every adcode once."""
    kinds = [p.kind for p in gazetteer.places()]
    assert (len(gazetteer.counties()), kinds.count("township"), kinds.count("destination")) == (33, 13, 2)
    codes = [p.adcode for p in gazetteer.places()]
    assert len(codes) == len(set(codes))
    assert all(len(c) in (6, 12) and c.isdigit() for c in codes)


def test_new_fields_are_filled() -> None:
    """Province, prefecture and English name come from the data; seat districts know their city."""
    p = gazetteer.by_adcode("640402")
    assert p is not None
    assert (p.province, p.prefecture, p.seat_of) == ("宁夏回族自治区", "固原市", "固原市")
    assert p.name_en.startswith("Yuanzhou")
    assert all(p.province and p.prefecture and p.name_en for p in gazetteer.places())


def test_every_county_row_sits_a_gcj02_offset_from_its_published_point() -> None:
    """WGS-84 is 100-700 m from GCJ-02 and agrees with routing.geo.coords within 1e-5 degrees."""
    rows = [r for r in _data_rows() if len(r["adcode"]) == 6]
    assert len(rows) == 35
    for r in rows:
        gcj = float(r["lat_gcj02"]), float(r["lon_gcj02"])
        wgs = float(r["lat_wgs84"]), float(r["lon_wgs84"])
        assert 100 <= geodesic_m(*gcj, *wgs) <= 700, r["name_zh"]
        assert gcj02_to_wgs84(*gcj) == pytest.approx(wgs, abs=1e-5), r["name_zh"]


def test_rows_keep_their_source() -> None:
    """Every row names its source and confidence."""
    assert all(r["source"] and r["confidence"] for r in _data_rows())


def test_by_adcode_finds_counties_and_towns() -> None:
    """6-digit and 12-digit codes both resolve; unknown codes give None."""
    found = [gazetteer.by_adcode(c) for c in ("640422", "640422100000", " 620802 ")]
    assert [p.name if p else None for p in found] == ["西吉县", "西吉县吉强镇", "崆峒区(平凉市)"]
    assert gazetteer.by_adcode("640499") is None
    assert gazetteer.by_adcode("") is None


@pytest.mark.parametrize(("text", "adcode"), [
    ("西吉县", "640422"), ("西吉", "640422"), (" 西吉 ", "640422"),
    ("平凉", "620802"), ("平凉市", "620802"), ("崆峒区", "620802"), ("崆峒", "620802"), ("崆峒区(平凉市)", "620802"),
    ("固原", "640402"), ("固原市", "640402"), ("原州区", "640402"), ("原州", "640402"),
    ("中卫", "640502"), ("中卫市", "640502"), ("沙坡头", "640502"),
    ("吴忠", "640302"), ("吴忠市", "640302"),
    ("张家川回族自治县", "620525"), ("张家川", "620525"), ("张家川县", "620525"), ("张家川自治县", "620525"),
    ("泾源县", "640424"), ("泾源", "640424"), ("靖远县", "620421"), ("靖远", "620421"),
    ("环县", "621022"), ("陇县", "610327"),
    ("吉强镇", "640422100000"), ("吉强", "640422100000"), ("西吉县吉强镇", "640422100000"),
    ("南关街道办事处", "640402001000"), ("南关街道", "640402001000"), ("南关", "640402001000"),
    ("原州区(固原)", "640402"), ("平凉(崆峒区)", "620802"), ("天水（秦州区）", "620502"),
    ("银川", "640100"),
])
def test_find_name(text: str, adcode: str) -> None:
    """Names with or without suffix, city names of seat districts and 'name(city)' forms."""
    assert _code(gazetteer.find_name(text)) == adcode


@pytest.mark.parametrize("text", [
    "", "   ", "原", "州", "固", "西", "吉", "环", "凉", "海西县", "吉强县", "城关镇", "西吉吉强", "西吉县县", "城关区县",
    "银川经开区(proxy)", "原州区(平凉)", "640422",
])
def test_find_name_returns_none_for_unknown_short_or_ambiguous_names(text: str) -> None:
    """No substring matches, no town found under a county suffix, ambiguous town names find nothing."""
    assert gazetteer.find_name(text) is None


def test_county_level_names_win_over_towns() -> None:
    """城关 is 城关区 of Lanzhou, not one of the three 城关镇; 城关镇 alone is ambiguous."""
    assert _code(gazetteer.find_name("城关")) == "620102"
    assert _code(gazetteer.find_name("城关区")) == "620102"
    assert gazetteer.find_name("城关镇") is None


def test_every_place_is_found_by_its_own_names() -> None:
    """Each county by its name and short name; each town by its name without the county."""
    for p in gazetteer.counties():
        base = p.name.split("(")[0]
        assert gazetteer.find_name(base) == p
        assert gazetteer.find_name(gazetteer.strip_suffix(base)) == p
    for p in gazetteer.places():
        assert gazetteer.find_name(p.name) == p


def test_name_index_is_ambiguous_on_duplicates() -> None:
    """Two county-level places with the same short name make that name find nothing."""
    a = GazetteerPlace("甲乙县", "111111", "county_seat", 0.0, 0.0)
    b = GazetteerPlace("甲乙区", "222222", "district", 0.0, 0.0)
    t = GazetteerPlace("甲乙县甲乙镇", "111111100000", "township", 0.0, 0.0)
    index = gazetteer.build_name_index((a, b, t))
    assert gazetteer.pick(gazetteer.name_hits("甲乙", index)) is None
    assert gazetteer.pick(gazetteer.name_hits("甲乙县", index)) == a
    assert gazetteer.pick(gazetteer.name_hits("甲乙镇", index)) == t


def test_strip_suffix_keeps_two_characters() -> None:
    """Suffixes are cut longest first, never down to one character."""
    assert [gazetteer.strip_suffix(n) for n in ("西吉县", "张家川回族自治县", "南关街道办事处", "环县", "吉强镇")] == [
        "西吉", "张家川", "南关", "环县", "吉强"]


def test_county_of_id_number() -> None:
    """The first six characters of an 18-character ID number name the county."""
    assert _code(gazetteer.county_of_id_number("640422198807070030")) == "640422"
    assert _code(gazetteer.county_of_id_number("64040219951212001X")) == "640402"
    assert _code(gazetteer.county_of_id_number(" 620802199001010011 ")) == "620802"


@pytest.mark.parametrize("id_number", [
    "64042219880707003",  # 17 characters
    "6404221988070700301",  # 19 characters
    "640499199001010011",  # county not in the gazetteer
    "640100199001010011",  # the Yinchuan city row is a destination, not a county
    "",
])
def test_county_of_id_number_returns_none(id_number: str) -> None:
    """Wrong length, an unknown county or a destination row give None."""
    assert gazetteer.county_of_id_number(id_number) is None


def test_counties_and_towns_of() -> None:
    """counties() holds 6-digit rows only, sorted; towns_of() the towns under one county."""
    codes = [p.adcode for p in gazetteer.counties()]
    assert codes == sorted(codes) and all(len(c) == 6 for c in codes)
    assert "640105" not in codes and "640100" not in codes
    assert [p.name for p in gazetteer.towns_of("640422")] == ["西吉县吉强镇"]
    assert [p.adcode for p in gazetteer.towns_of("640402")] == ["640402001000"]
    assert gazetteer.towns_of("620102") == ()
    assert gazetteer.towns_of("6404") == ()


def test_find_county_by_adcode_or_name() -> None:
    """Adcodes, names and short names; towns and unknown names are not counties."""
    assert _code(gazetteer.find_county("640422")) == "640422"
    assert _code(gazetteer.find_county("西吉县")) == "640422"
    assert _code(gazetteer.find_county(" 西吉 ")) == "640422"
    assert _code(gazetteer.find_county("平凉")) == "620802"
    assert _code(gazetteer.find_county("原州区(固原)")) == "640402"
    assert _code(gazetteer.find_county("640100")) == "640100"  # destination rows resolve as before
    for text in ("吉强镇", "640422100000", "海西县", "640499", ""):
        assert gazetteer.find_county(text) is None, text


def test_find_town_within_a_county() -> None:
    """A town is found by name with or without suffix, only under its own county."""
    assert _code(gazetteer.find_town("640422", "吉强镇")) == "640422100000"
    assert _code(gazetteer.find_town("640422", "吉强")) == "640422100000"
    assert _code(gazetteer.find_town("640423", "城关镇")) == "640423100000"
    assert _code(gazetteer.find_town("620826", "城关")) == "620826100000"
    assert _code(gazetteer.find_town("640402", "南关街道")) == "640402001000"
    assert gazetteer.find_town("640402", "吉强镇") is None  # another county's town
    assert gazetteer.find_town("640402", "三营镇") is None  # not in the gazetteer
    assert gazetteer.find_town("640422", "西吉") is None  # the county, not a town
    assert gazetteer.find_town("640422", "") is None


# The national layer: counties.csv and region_codes.csv.

def _national_rows() -> list[dict[str, str]]:
    text = resources.files("routing").joinpath("data/counties.csv").read_text(encoding="utf-8")
    return list(csv.DictReader(text.splitlines()))


def _code_rows() -> list[dict[str, str]]:
    text = resources.files("routing").joinpath("data/region_codes.csv").read_text(encoding="utf-8")
    return list(csv.DictReader(text.splitlines()))


def test_every_county_of_china_is_there_once() -> None:
    """2,846 county-level divisions of 2024 (less the 7 newest 兵团 cities no source places), the 4 cities
    without counties, Hong Kong, Macao and Taiwan; every province; codes unique."""
    rows = _national_rows()
    codes = [r["adcode"] for r in rows]
    assert len(codes) == len(set(codes)) == 2846
    assert {"441900", "442000", "460400", "620200", "810000", "820000", "710000"} <= set(codes)
    assert len({c[:2] for c in codes}) == 34
    assert all(len(c) == 6 and c.isdigit() and r["name"] and r["province"] for c, r in zip(codes, rows, strict=True))
    assert len(gazetteer.national()) == 2846


def test_national_positions_are_gcj02_converted_to_wgs84() -> None:
    """Every row's WGS-84 point is routing.geo.coords' inverse of its GCJ-02 point, inside China."""
    for r in _national_rows():
        gcj = float(r["lat_gcj02"]), float(r["lon_gcj02"])
        wgs = float(r["lat_wgs84"]), float(r["lon_wgs84"])
        assert gcj02_to_wgs84(*gcj) == pytest.approx(wgs, abs=2e-6), r["name"]
        assert 3 < wgs[0] < 54 and 73 < wgs[1] < 136, r["name"]


def test_curated_rows_keep_precedence_and_agree_with_the_national_ones() -> None:
    """A curated county is its curated place nationally too, at the same GCJ-02 point as its counties.csv row."""
    national = {r["adcode"]: r for r in _national_rows()}
    for p in gazetteer.counties():
        assert gazetteer.by_adcode(p.adcode) is p
        assert gazetteer.county_of_region_code(p.adcode) is p
        row = next(r for r in _data_rows() if r["adcode"] == p.adcode)
        n = national[p.adcode]
        assert (n["lat_gcj02"], n["lon_gcj02"]) == (f"{float(row['lat_gcj02']):.6f}", f"{float(row['lon_gcj02']):.6f}")
    zone = gazetteer.by_adcode("640105")
    assert zone is not None and zone.kind == "destination"  # the curated zone proxy, not 西夏区's row


def test_the_curated_seat_districts_are_the_national_seats() -> None:
    """The seat rule of counties.csv (nearest to the AMap city centre) gives back every curated seat_of."""
    national = {r["adcode"]: r for r in _national_rows()}
    for p in gazetteer.counties():
        assert national[p.adcode]["seat_of"] == p.seat_of, p.name


@pytest.mark.parametrize(("text", "adcode"), [
    ("红花岗区", "520302"), ("红花岗", "520302"), ("曹县", "371721"), ("松桃苗族自治县", "520628"), ("松桃", "520628"),
    ("松桃县", "520628"), ("达拉特旗", "150621"), ("达拉特", "150621"), ("浦东新区", "310115"), ("浦东", "310115"),
    ("六枝特区", "520203"), ("神农架林区", "429021"), ("东莞", "441900"), ("东莞市", "441900"), ("香港", "810000"),
    ("遵义", "520303"), ("杭州", "330102"), ("黔东南州", "522601"), ("黔东南苗族侗族自治州", "522601"),
    ("郫县", "510117"), ("崇文区", "110101"), ("那曲县", "540602"),
])
def test_find_name_anywhere_in_china(text: str, adcode: str) -> None:
    """Today's names, short forms, autonomous counties, banners, prefectures for their seats, former names."""
    assert _code(gazetteer.find_name(text)) == adcode


@pytest.mark.parametrize("text", ["朝阳区", "鼓楼区", "鼓楼", "海西县", "遵义县县", "新区", "郊区", "城区", "火星县"])
def test_national_names_shared_or_unknown_find_nothing(text: str) -> None:
    """A name several counties share (two 朝阳区, four 鼓楼区), a prefecture plus 县, a generic former name."""
    assert gazetteer.find_name(text) is None


def test_a_where_filter_picks_the_place_of_a_shared_name() -> None:
    """城关区 is Lanzhou's as before; in Tibet it is Lhasa's; 朝阳区 in Beijing's box is Beijing's."""
    assert _code(gazetteer.find_name("城关区")) == "620102"
    assert _code(gazetteer.find_name("城关区", where=lambda p: p.lat < 32)) == "540102"
    assert _code(gazetteer.find_county("朝阳区", where=lambda p: 39 < p.lat < 41 and 115 < p.lon < 118)) == "110105"
    assert gazetteer.find_name("西吉县", where=lambda p: p.lat > 40) is None


@pytest.mark.parametrize(("id_region", "born", "adcode", "how"), [
    ("510124", "1990", "510117", "renamed"),  # 郫县 -> 郫都区 (2016)
    ("110103", "1980", "110101", "merged, by a change event"),  # 崇文区 -> 东城区 (2010)
    ("310119", "2005", "310115", "merged, by a change event"),  # 南汇区 -> 浦东新区 (2009)
    ("642221", "1975", "640402", "merged, by a change event"),  # 固原县 -> 原州区 (2002)
    ("542421", "1995", "540602", "merged, by a change event"),  # 那曲县 -> 色尼区 (2017)
    ("513523", "1990", "500114", "renamed"),  # 黔江 (Sichuan) recoded to Chongqing in 1997, a district in 2000
    ("130223", "1988", "130284", "renamed"),  # 滦县 -> 滦州市 (2018)
    ("440301", "1992", "440304", "city proper"),  # 深圳市辖区: the seat, 福田区
])
def test_a_former_region_code_finds_todays_county(id_region: str, born: str, adcode: str, how: str) -> None:
    """An ID number keeps the code it was issued with; the gazetteer follows the county to today."""
    number = id_region + born + "0101001" + "0"
    found = gazetteer.county_of_id_number(number)
    assert found is not None and found.adcode == adcode
    meaning = gazetteer.region_code(id_region, int(born))
    assert meaning is not None and (meaning.adcode, meaning.how) == (adcode, how)


def test_a_code_handed_to_another_county_is_read_by_the_year_of_birth() -> None:
    """142121 was 大同县 until 1981 and 阳高县 from 1982 (Shanxi's codes moved up by one): an ID number of
    someone born in 1950 was issued in 1984 or later, so it is 阳高县; 1981 counts as 1984 too."""
    old, new = gazetteer.region_code("142121", 1950), gazetteer.region_code("142121", 1981)
    assert old is not None and old.name == "阳高县" and new is not None and new.name == "阳高县"
    spans = [s for s in (gazetteer.region_code("142121", y) for y in (1980, 1990)) if s]
    assert {s.name for s in spans} == {"阳高县"}
    first = next(r for r in _code_rows() if r["code"] == "142121")
    assert (first["name"], first["first_year"]) == ("大同县", "1980")


def test_every_former_code_leads_to_a_county_of_today() -> None:
    """region_codes.csv: each row's county is in counties.csv (or one of the 7 cities without a centre), its years
    in order; no row for a code that only ever meant its own county."""
    national = {r["adcode"] for r in _national_rows()}
    unplaced = {"659005", "659007", "659008", "659009", "659010", "659011", "659012"}
    rows = _code_rows()
    assert len({r["code"] for r in rows}) > 3900
    for r in rows:
        assert r["adcode"] in national | unplaced, r
        assert 1980 <= int(r["first_year"]) <= int(r["last_year"]) <= 2024, r
    assert not any(r["code"] == r["adcode"] == "640422" for r in rows)


def test_unknown_codes_find_nothing() -> None:
    """Codes GB/T 2260 never had, prefecture codes, wrong lengths."""
    for code in ("640499", "110199", "640100", "999999", "64042", ""):
        assert gazetteer.county_of_region_code(code) is None, code
    assert gazetteer.county_of_id_number("110199199001010011") is None


def test_the_bundled_data_stays_small() -> None:
    """A few hundred kB of plain CSV, read with the standard library."""
    data = resources.files("routing").joinpath("data")
    assert sum(len(data.joinpath(n).read_bytes()) for n in ("counties.csv", "region_codes.csv")) < 1_000_000
