"""Tests of routing.synthetic.people: valid, reproducible synthetic people and homes."""

from __future__ import annotations

import datetime as dt
import math
import random

import pytest

from routing.roster.idcard import birth_date, id_number_problem, phone_problem, sex_of
from routing.synthetic import people as syn

COUNTIES = ("640402", "640422", "640423", "640424", "640425", "640105")
CENTRES = [
    ("640402", 36.003906, 106.283551, 50.0),
    ("640422", 35.964131, 105.725049, 40.0),
    ("640423", 35.626052, 106.107238, 20.0),
    ("640424", 35.498464, 106.326355, 15.0),
    ("640425", 35.859199, 106.62766, 25.0),
]
EMPLOYERS = [("E1", 5.0), ("E2", 3.0), ("E3", 2.0)]


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Independent great-circle distance (mean Earth radius), not the library's."""
    r = 6371.0088
    f1, f2 = math.radians(lat1), math.radians(lat2)
    a = math.sin((f2 - f1) / 2) ** 2 + math.cos(f1) * math.cos(f2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    return 2 * r * math.asin(math.sqrt(a))


@pytest.mark.parametrize("seed", range(20))
def test_person_id_number_is_valid_with_region_birth_and_sex(seed: int) -> None:
    rng = random.Random(seed)
    for county in COUNTIES:
        for wanted in ("M", "F", None):
            p = syn.make_person(rng, county, sex=wanted)
            assert id_number_problem(p["id_number"]) is None, p
            assert p["id_number"][:6] == county
            assert p["sex"] in ("M", "F")
            if wanted:
                assert p["sex"] == wanted
            assert sex_of(p["id_number"]) == p["sex"]
            assert int(p["id_number"][16]) % 2 == (1 if p["sex"] == "M" else 0)
            born = birth_date(p["id_number"])
            assert born.isoformat() == p["birth_date"]
            assert dt.date(1965, 1, 1) <= born <= dt.date(2002, 12, 31)
            assert phone_problem(p["phone"]) is None, p["phone"]
            assert len(p["phone"]) == 11
            assert 2 <= len(p["name"]) <= 3


def test_id_number_rejects_bad_input() -> None:
    rng = random.Random(0)
    with pytest.raises(ValueError):
        syn.make_id_number(rng, "6404", "M")
    with pytest.raises(ValueError):
        syn.make_id_number(rng, "640402", "X")


def test_id_number_uses_given_birth_date() -> None:
    idn = syn.make_id_number(random.Random(3), "640425", "F", dt.date(1990, 2, 28))
    assert idn[6:14] == "19900228"
    assert id_number_problem(idn) is None


def test_wrong_check_digit_is_caught() -> None:
    rng = random.Random(5)
    for _ in range(200):
        good = syn.make_id_number(rng, "640422", rng.choice("MF"))
        bad = syn.with_wrong_check_digit(good)
        assert bad[:17] == good[:17] and bad[17] != good[17]
        assert "check digit" in (id_number_problem(bad) or "")


def test_both_sexes_and_many_surnames_occur() -> None:
    rng = random.Random(11)
    people = [syn.make_person(rng, "640402") for _ in range(400)]
    sexes = {p["sex"] for p in people}
    assert sexes == {"M", "F"}
    surnames = {p["name"][0] for p in people}
    assert {"马", "杨", "李", "王"} <= surnames
    assert len(surnames) >= 15


def test_same_seed_same_output_and_different_seed_different() -> None:
    def run(seed: int) -> list[dict[str, str | int | float]]:
        return syn.make_roster(random.Random(seed), 60, CENTRES, EMPLOYERS, companion_workers=5)

    assert run(7) == run(7)
    assert run(7) != run(8)
    assert syn.make_person(random.Random(1), "640402") == syn.make_person(random.Random(1), "640402")
    assert syn.make_person(random.Random(1), "640402") != syn.make_person(random.Random(2), "640402")
    assert syn.scatter_point(random.Random(4), 36.0, 106.0, 10) == syn.scatter_point(random.Random(4), 36.0, 106.0, 10)
    assert syn.scatter_point(random.Random(4), 36.0, 106.0, 10) != syn.scatter_point(random.Random(5), 36.0, 106.0, 10)


@pytest.mark.parametrize("max_km,min_km", [(18.0, 0.0), (35.0, 28.0), (0.5, 0.0), (3.0, 3.0)])
def test_scattered_points_lie_within_the_ring(max_km: float, min_km: float) -> None:
    rng = random.Random(42)
    lat0, lon0 = 36.003739, 106.287781
    dists = [haversine_km(lat0, lon0, *syn.scatter_point(rng, lat0, lon0, max_km, min_km)) for _ in range(2000)]
    assert max(dists) <= max_km + 1e-6
    assert min(dists) >= min_km - 1e-6
    if min_km == 0.0:
        # uniform over the disc: about a quarter of the points fall within half the radius
        inner = sum(d <= max_km / 2 for d in dists) / len(dists)
        assert 0.2 < inner < 0.3


def test_scatter_rejects_bad_ring() -> None:
    with pytest.raises(ValueError):
        syn.scatter_point(random.Random(0), 36.0, 106.0, 5.0, 6.0)


def test_destination_distance_matches_haversine() -> None:
    for bearing in range(0, 360, 15):
        lat, lon = syn.destination(35.9, 105.7, bearing, 31.0)
        assert haversine_km(35.9, 105.7, lat, lon) == pytest.approx(31.0, abs=1e-6)


def test_apportion_sums_and_is_proportional() -> None:
    assert syn.apportion(150, [50, 40, 25, 20, 15]) == [50, 40, 25, 20, 15]
    assert syn.apportion(10, [1, 1, 1]) == [4, 3, 3]
    counts = syn.apportion(97, [3.3, 1.1, 7.0, 0.2])
    assert sum(counts) == 97
    assert counts[2] > counts[0] > counts[1] >= counts[3]


def test_roster_rows_are_valid_and_follow_the_weights() -> None:
    rows = syn.make_roster(random.Random(2020), 150, CENTRES, EMPLOYERS, max_km=18.0, companion_workers=12)
    assert len(rows) == 150
    assert all(tuple(r) == syn.WORKER_COLUMNS for r in rows)
    assert [r["id"] for r in rows] == [f"W{i:04d}" for i in range(1, 151)]
    assert len({r["id_number"] for r in rows}) == 150
    assert len({r["phone"] for r in rows}) == 150
    by_county = {c[0]: sum(r["county"] == c[0] for r in rows) for c in CENTRES}
    assert by_county == {"640402": 50, "640422": 40, "640423": 20, "640424": 15, "640425": 25}
    by_employer = {e: sum(r["employer"] == e for r in rows) for e, _ in EMPLOYERS}
    assert by_employer == {"E1": 75, "E2": 45, "E3": 30}
    centre = {c[0]: c for c in CENTRES}
    for r in rows:
        assert id_number_problem(str(r["id_number"])) is None
        assert str(r["id_number"])[:6] == r["county"]
        assert sex_of(str(r["id_number"])) == r["sex"]
        assert phone_problem(str(r["phone"])) is None
        lat, lon = float(r["lat"]), float(r["lon"])
        own = haversine_km(lat, lon, centre[str(r["county"])][1], centre[str(r["county"])][2])
        assert own <= 18.0 + 1e-3
        assert all(own <= haversine_km(lat, lon, c[1], c[2]) + 1e-3 for c in CENTRES)
        names = [n for n in str(r["companion_names"]).split(";") if n]
        assert len(names) == r["companions"]
    family = [r for r in rows if int(r["companions"]) > 0]
    assert len(family) == 12
    assert all(1 <= int(r["companions"]) <= 2 for r in family)
