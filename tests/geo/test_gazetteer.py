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
