"""Tests of the synthetic scenario generator: roster spec, rows, zone, fleet and written files."""

from __future__ import annotations

import csv
import dataclasses
import hashlib
import json
import os
import subprocess
import sys
from collections import Counter
from pathlib import Path

import openpyxl
import pytest
import yaml

from routing.coach.seating import effective_capacity
from routing.errors import GenerateError
from routing.geo import gazetteer
from routing.geo.distance import great_circle_m
from routing.model import BusType, Rules, Scenario, Worker
from routing.roster.idcard import id_number_problem, sex_of
from routing.scenario.load import load_scenario
from routing.synthetic import people as syn
from routing.synthetic.files import scenario_roster, scenario_yaml, write_scenario
from routing.synthetic.fleet import COACH_TYPES, SLACK, ZONE_DEPOT, depot_of, size_fleet
from routing.synthetic.origins import find_origin, origin_weights, places_of
from routing.synthetic.roster import RosterSpec, generate_worker_rows, roster_spec, spec_mapping
from routing.synthetic.scenario import GeneratedScenario, generate_scenario, make_params
from routing.synthetic.zone import GATE_RADIUS_KM, ZONE_LAT, ZONE_LON, make_zone

EMPLOYERS = [("E1", 50.0), ("E2", 30.0), ("E3", 15.0), ("E4", 5.0)]
N = 4000


@pytest.fixture(scope="module")
def spec() -> RosterSpec:
    """4,000 workers from every bundled origin, seed 7."""
    return roster_spec({"workers": N, "seed": 7})


@pytest.fixture(scope="module")
def rows(spec: RosterSpec) -> list[dict[str, str]]:
    """The roster of ``spec`` with four employers."""
    return generate_worker_rows(spec, EMPLOYERS)


@pytest.fixture(scope="module")
def small() -> GeneratedScenario:
    """A 600-worker scenario from three Zhongwei counties and Tianshui (a far origin)."""
    return generate_scenario(make_params(roster_spec({"workers": 600, "seed": 3,
                                                      "origins": "沙坡头区,中宁,海原,秦州区:2"})))


# --- the spec ------------------------------------------------------------------------


def test_spec_defaults_and_text_numbers() -> None:
    """Numbers may come as text; every other key takes its default; origins default to the bundle."""
    s = roster_spec({"workers": "250", "seed": "9"})
    assert (s.workers, s.seed, s.companion_share, s.max_companions, s.id_prefix, s.radius_km) == (
        250, 9, 0.09, 2, "W", 15.0)
    assert s.origins == tuple(sorted((o.adcode, o.weight) for o in origin_weights()))


@pytest.mark.parametrize(("mapping", "message"), [
    ({"workers": "abc"}, "workers: must be a whole number from 1 to 10,000,000, got 'abc'"),
    ({"workers": 0}, "workers: must be a whole number from 1 to 10,000,000, got 0"),
    ({"workers": 2.5}, "workers: must be a whole number from 1 to 10,000,000, got 2.5"),
    ({}, "workers: missing"),
    ({"workers": 5, "seed": -1}, "seed: must be a whole number from 0 to 2,147,483,647, got -1"),
    ({"workers": 5, "companion_share": 1.5}, "companion_share: must be a share from 0 to 1, got 1.5"),
    ({"workers": 5, "max_companions": 0}, "max_companions: must be a whole number from 1 to 20, got 0"),
    ({"workers": 5, "radius_km": "far"}, "radius_km: must be a number from 0.1 to 100, got 'far'"),
    ({"workers": 5, "id_prefix": "W/"}, "id_prefix: must be up to 16 letters"),
    ({"workers": 5, "no_cert_rate": 0.6, "red_code_rate": 0.6}, "no_cert_rate: with the other exception rates"),
    ({"workers": 5, "wrokers": 5}, "wrokers: unknown key"),
    ({"workers": 5, "origins": "火星县"}, "origins: '火星县' is not a county or district of the bundled gazetteer"),
    ({"workers": 5, "origins": ["海原", "海原县"]}, "origins: '海原县' is listed more than once"),
    ({"workers": 5, "origins": {"海原": -2}}, "origins: weight of '海原' must be a positive number"),
    ({"workers": 5, "origins": "银川市"}, "origins: '银川市' is not a county or district of the bundled gazetteer"),
    ({"workers": 5, "origins": ""}, "origins: names no place"),
])
def test_spec_errors_name_the_key(mapping: dict[str, object], message: str) -> None:
    """A bad value raises a ValueError whose message starts with the bad key."""
    with pytest.raises(ValueError, match="^" + message.replace("(", r"\(").replace(")", r"\)")):
        roster_spec(mapping)


def test_origins_in_every_form() -> None:
    """Text, a list with weighted items and a mapping name the same origins; names resolve to adcodes."""
    text = roster_spec({"workers": 1, "origins": "沙坡头区, 中宁:3，海原"}).origins
    listed = roster_spec({"workers": 1, "origins": ["沙坡头区", {"中宁县": 3}, 640522]}).origins
    mapped = roster_spec({"workers": 1, "origins": {"640522": None, "沙坡头": None, "中宁": "3"}}).origins
    assert text == listed == mapped == (("640502", 5.0), ("640521", 3.0), ("640522", 10.0))
    assert find_origin("平凉") == "620802" and find_origin("张家川") == "620525"


def test_spec_mapping_reads_back_equal(spec: RosterSpec) -> None:
    """The mapping written to scenario.yaml, through YAML and back, gives the same spec."""
    text = yaml.safe_dump({"generate": spec_mapping(spec)}, allow_unicode=True)
    assert roster_spec(yaml.safe_load(text)["generate"]) == spec


def test_origin_weights_cover_the_gazetteer_origins() -> None:
    """One row per gazetteer county except Yinchuan and the zone; names match; weights add up to 100."""
    counties = {p.adcode: p.name for p in gazetteer.places() if len(p.adcode) == 6}
    rows = origin_weights()
    assert sorted(o.adcode for o in rows) == sorted(set(counties) - {"640100", "640105"})
    for o in rows:
        assert counties[o.adcode].startswith(o.name) and o.weight > 0 and o.basis
    assert sum(o.weight for o in rows) == pytest.approx(100.0)
    guyuan = sum(o.weight for o in rows if o.adcode.startswith("6404"))
    assert guyuan == max(sum(o.weight for o in rows if o.adcode.startswith(p)) for p in ("6404", "6405", "62", "61"))


# --- the rows ------------------------------------------------------------------------


def test_rows_have_the_columns_of_workers_csv(rows: list[dict[str, str]]) -> None:
    """Every row has exactly the workers.csv columns, every value a str, ids W0001 ... in order."""
    assert len(rows) == N
    assert all(tuple(r) == syn.WORKER_COLUMNS and all(isinstance(v, str) for v in r.values()) for r in rows)
    assert [r["id"] for r in rows[:2]] == ["W0001", "W0002"] and rows[-1]["id"] == f"W{N}"
    assert all(len(r["lat"].split(".")[1]) == 6 and len(r["lon"].split(".")[1]) == 6 for r in rows)


def test_same_spec_same_rows_other_seed_other_rows(spec: RosterSpec, rows: list[dict[str, str]]) -> None:
    """The same spec gives identical rows; another seed gives another roster."""
    assert generate_worker_rows(spec, EMPLOYERS) == rows
    other = generate_worker_rows(roster_spec({**spec_mapping(spec), "seed": 8}), EMPLOYERS)
    assert other != rows
    assert {r["id_number"] for r in other}.isdisjoint({r["id_number"] for r in rows[:50]})


def test_rows_do_not_depend_on_the_hash_seed() -> None:
    """Two interpreters with different hash seeds make the same roster."""
    code = ("import hashlib, json; from routing.synthetic.roster import roster_spec, generate_worker_rows; "
            "rows = generate_worker_rows(roster_spec({'workers': 300, 'seed': 5, 'origins': '海原,西吉,会宁'}), "
            "[('A', 2), ('B', 1)]); print(hashlib.sha256(json.dumps(rows).encode()).hexdigest())")
    digests = {subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                              env={**os.environ, "PYTHONHASHSEED": seed}).stdout for seed in ("1", "2")}
    assert len(digests) == 1


def test_id_numbers_valid_of_the_home_county(spec: RosterSpec, rows: list[dict[str, str]]) -> None:
    """Valid ID numbers start with the row's county, an origin adcode, and carry the row's sex."""
    origins = {a for a, _ in spec.origins}
    valid = [r for r in rows if id_number_problem(r["id_number"]) is None]
    assert len(valid) == N - round(N * spec.bad_record_rate)
    for r in valid:
        assert r["id_number"][:6] == r["county"] and r["county"] in origins
        assert sex_of(r["id_number"]) == r["sex"]
    for r in rows:
        if r not in valid:
            assert "check digit" in str(id_number_problem(r["id_number"]))


def test_phones_and_id_numbers_unique(rows: list[dict[str, str]]) -> None:
    """No two workers share an ID number or a phone; phones are 11-digit mobiles."""
    assert len({r["id_number"] for r in rows}) == len({r["phone"] for r in rows}) == N
    assert all(len(r["phone"]) == 11 and r["phone"].startswith("1") and r["phone"].isdigit() for r in rows)


def test_counts_follow_the_weights_exactly(spec: RosterSpec, rows: list[dict[str, str]]) -> None:
    """Workers per origin and per employer are the largest-remainder apportionment of the weights."""
    by_county = Counter(r["county"] for r in rows)
    expected = syn.apportion(N, [w for _, w in spec.origins])
    assert [by_county[a] for a, _ in spec.origins] == expected
    by_employer = Counter(r["employer"] for r in rows)
    assert [by_employer[e] for e, _ in EMPLOYERS] == syn.apportion(N, [w for _, w in EMPLOYERS])


def test_companion_and_exception_shares(spec: RosterSpec, rows: list[dict[str, str]]) -> None:
    """Companions and each kind of exception come at the spec's rates, on distinct workers."""
    family = [r for r in rows if r["companions"] != "0"]
    assert len(family) == round(N * spec.companion_share)
    assert all(1 <= int(r["companions"]) <= spec.max_companions and len(r["companion_names"].split(";")) == int(r["companions"])
               for r in family)
    assert {r["companions"] for r in family} == {"1", "2"}
    no_cert = [r for r in rows if r["health_cert"] == "no"]
    codes = Counter(r["health_code"] for r in rows)
    assert len(no_cert) == round(N * spec.no_cert_rate)
    assert (codes["yellow"], codes["red"]) == (round(N * spec.yellow_code_rate), round(N * spec.red_code_rate))
    assert all(r["health_code"] == "green" for r in no_cert)
    assert set(codes) == {"green", "yellow", "red"}


def test_homes_within_the_radius_of_their_places(spec: RosterSpec, rows: list[dict[str, str]]) -> None:
    """Every home lies within radius_km of a gazetteer place of its county, and some lie near the edge."""
    nearest = [min(great_circle_m(float(r["lat"]), float(r["lon"]), p.lat, p.lon) / 1000 for p in places_of(r["county"])) for r in rows]
    assert max(nearest) <= spec.radius_km + 1e-3
    assert max(nearest) > 0.9 * spec.radius_km


def test_ids_take_the_prefix_and_the_width_of_the_count() -> None:
    """id_prefix and zero padding to the digits of the count."""
    rows = generate_worker_rows(roster_spec({"workers": 12, "id_prefix": "ZW-", "origins": "中宁"}), [("E", 1)])
    assert [r["id"] for r in rows][:2] == ["ZW-01", "ZW-02"] and rows[-1]["id"] == "ZW-12"


def test_no_employers_is_an_error(spec: RosterSpec) -> None:
    """Employers must exist and have a positive total weight."""
    with pytest.raises(GenerateError, match="^employers:"):
        generate_worker_rows(spec, [])


# --- zone, depots and fleet ------------------------------------------------------------


def test_employers_sized_like_the_zone() -> None:
    """For 70,000 workers: 150-250 employers, the largest ~6.9 % (LONGi), heavy tail, gates within 6 km."""
    employers, gates = make_zone(70_000, 1)
    sizes = [e.expected_workers for e in employers]
    assert 150 <= len(employers) <= 250 and sum(sizes) == 70_000
    assert employers[0].id == "E-LONGI" and 4_500 <= sizes[0] <= 5_100
    assert sizes == sorted(sizes, reverse=True) and sizes[-1] < sizes[0] / 20
    assert len({e.name for e in employers}) == len(employers) and len({e.id for e in employers}) == len(employers)
    assert 2 <= len(gates) <= 20 and {e.dropoff for e in employers} == {g.id for g in gates}
    assert all(great_circle_m(g.lat, g.lon, ZONE_LAT, ZONE_LON) / 1000 <= GATE_RADIUS_KM + 1e-6 for g in gates)
    assert make_zone(70_000, 1) == (employers, gates)


def test_far_origins_get_depots_at_their_prefecture_seat() -> None:
    """Tianshui and Xiji are far (own prefecture depots); Zhongning and Yuanzhou start from the zone."""
    assert depot_of("620502") == "D-620502" and depot_of("620525") == "D-620502"
    assert depot_of("640422") == "D-640402"
    assert depot_of("640521") == ZONE_DEPOT and depot_of("640402") == ZONE_DEPOT
    assert depot_of("620502", far_km=1000) == ZONE_DEPOT


def test_fleet_holds_the_passengers_with_slack(small: GeneratedScenario) -> None:
    """Each depot has room for its boarding passengers + 15 %, mostly in 55-seaters, at least 3 of them."""
    assert [d.id for d in small.depots] == [ZONE_DEPOT, "D-620502"]
    rules = Rules()
    for depot in small.depots:
        items = [f for f in small.fleet if f.depot == depot.id]
        room = sum(f.count * f.capacity for f in items)
        assert room >= small.passengers[depot.id] * (1 + SLACK)
        big = next(f for f in items if f.coach.id == "C55")
        assert big.count >= 3 and big.count * big.capacity >= 0.75 * room
        for f in items:
            bus = BusType(f.id, f.coach.name, f.coach.seats, f.count, 1.0, 1.0, depot.id, f.coach.seats_per_row)
            assert f.capacity == effective_capacity(bus, rules)
    assert {f.coach.id: f.capacity for f in small.fleet} == {"C55": 27, "C45": 22, "C33": 16, "C19": 9}


def test_fleet_plates_only_for_small_fleets(small: GeneratedScenario) -> None:
    """Plates are synthetic, unique and of the depot's province; a huge fleet gets none."""
    plates = [p for f in small.fleet for p in f.plates]
    assert len(plates) == len(set(plates)) == sum(f.count for f in small.fleet)
    assert all(p.startswith("甘E·K") for f in small.fleet if f.depot == "D-620502" for p in f.plates)
    huge = size_fleet({ZONE_DEPOT: 50_000}, small.depots[:1], Rules())
    assert all(f.plates == () for f in huge) and sum(f.count for f in huge) > 300
    assert [f.coach.id for f in huge] == [c.id for c in COACH_TYPES]


def test_pickup_points_at_every_place_of_the_origins(small: GeneratedScenario) -> None:
    """One pickup point per origin county, P-<adcode>, at its seat town when the gazetteer has it."""
    assert {p.id for p in small.pickups} == {f"P-{a}" for a in ("640502", "640521", "640522", "620502")}
    named = {p.id: p for p in small.pickups}
    assert named["P-640521"].name == "中宁县城" and named["P-640502"].name == "沙坡头区城区"
    assert named["P-640521"].county == "640521"
    town = places_of("640521")[0]
    assert town.adcode == "640521100000" and (named["P-640521"].lat, named["P-640521"].lon) == (town.lat, town.lon)


# --- files ---------------------------------------------------------------------------------


def digest(folder: Path) -> dict[str, str]:
    """SHA-256 of every file in a folder."""
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())}


@pytest.mark.parametrize("roster", ["spec", "csv", "xlsx"])
def test_same_parameters_same_bytes(small: GeneratedScenario, tmp_path: Path, roster: str) -> None:
    """Generating twice into two folders gives byte-identical files."""
    again = generate_scenario(small.params)
    write_scenario(small, tmp_path / "a", roster=roster)
    write_scenario(again, tmp_path / "b", roster=roster)
    assert digest(tmp_path / "a") == digest(tmp_path / "b")
    names = {"scenario.yaml", "employers.csv", "pickup_points.csv"}
    names |= {"spec": set(), "csv": {"workers.csv"}, "xlsx": {"workers.csv", "workers.xlsx"}}[roster]
    assert set(digest(tmp_path / "a")) == names


def test_csv_folder_loads_and_matches_the_rows(small: GeneratedScenario, tmp_path: Path) -> None:
    """The loader reads a csv-mode folder: every worker, place, employer and coach."""
    write_scenario(small, tmp_path, roster="csv")
    sc = load_scenario(tmp_path)
    assert sorted([w.id for w in sc.workers] + [r.id for r in sc.rejected]) == sorted(r["id"] for r in small.rows)
    assert all(id_number_problem(r["id_number"]) for r in small.rows if r["id"] in {x.id for x in sc.rejected})
    assert len(sc.pickup_points) == len(small.pickups) and len(sc.employers) == len(small.employers)
    assert sum(b.count for b in sc.fleet) == sum(f.count for f in small.fleet)
    assert sc.coord_system == "WGS84" and sc.rules == small.params.rules and sc.rules.max_pickup_stops == 3
    assert sc.seed == 3 and sc.distance.access_circuity == 1.4
    assert sc.workers[0].lat == float(small.rows[0]["lat"])
    assert (tmp_path / "workers.csv").read_bytes().startswith(b"\xef\xbb\xbf")


def test_spec_folder_carries_the_roster_spec(small: GeneratedScenario, tmp_path: Path) -> None:
    """scenario.yaml holds workers: {generate: ...}, no distance circuity; the rows made from it match."""
    write_scenario(small, tmp_path)
    doc = yaml.safe_load((tmp_path / "scenario.yaml").read_text(encoding="utf-8"))
    assert roster_spec(doc["workers"]["generate"]) == small.params.spec
    assert doc["distance"] == {"access_circuity": 1.4}
    assert (doc["start"], doc["deadline"], doc["timezone"]) == ("05:00", "22:00", "Asia/Shanghai")
    with (tmp_path / "employers.csv").open(encoding="utf-8-sig") as f:
        assert next(csv.reader(f)) == ["id", "name", "dropoff", "approximate", "note", "expected_workers"]
    columns, rows = scenario_roster(tmp_path)
    assert tuple(columns) == syn.WORKER_COLUMNS and rows == list(small.rows)


def test_spec_folder_loads_like_the_csv_folder(small: GeneratedScenario, tmp_path: Path) -> None:
    """The loader makes the same workers from a spec-mode folder as from the csv-mode one."""
    write_scenario(small, tmp_path / "spec")
    write_scenario(small, tmp_path / "csv", roster="csv")
    from_spec, from_csv = load_scenario(tmp_path / "spec"), load_scenario(tmp_path / "csv")
    def unsourced(sc: Scenario) -> list[Worker]:
        return [dataclasses.replace(w, source="") for w in sc.workers]

    assert unsourced(from_spec) == unsourced(from_csv)
    assert len(from_spec.workers) + len(from_spec.rejected) == len(small.rows)
    assert from_spec.fleet == from_csv.fleet and from_spec.pickup_points == from_csv.pickup_points


def test_xlsx_reads_back_with_text_ids(small: GeneratedScenario, tmp_path: Path) -> None:
    """workers.xlsx opens in openpyxl with ID numbers as 18-character strings in text-formatted cells."""
    write_scenario(small, tmp_path, roster="xlsx")
    ws = openpyxl.load_workbook(tmp_path / "workers.xlsx").active
    assert ws is not None
    header = [c.value for c in ws[1]]
    assert tuple(header) == syn.WORKER_COLUMNS
    ids = [row[header.index("id_number")] for row in ws.iter_rows(min_row=2)]
    assert len(ids) == len(small.rows)
    assert all(isinstance(c.value, str) and len(c.value) == 18 and c.number_format == "@" for c in ids)
    assert [c.value for c in ids] == [r["id_number"] for r in small.rows]
    phones = [row[header.index("phone")].value for row in ws.iter_rows(min_row=2)]
    assert phones == [r["phone"] for r in small.rows]


def test_refuses_a_non_empty_folder_and_force_clears_stale_rosters(small: GeneratedScenario, tmp_path: Path) -> None:
    """A non-empty folder needs force; with it a spec-mode run removes an earlier workers.csv."""
    write_scenario(small, tmp_path, roster="csv")
    with pytest.raises(GenerateError, match="exists and is not empty; use --force"):
        write_scenario(small, tmp_path)
    write_scenario(small, tmp_path, force=True)
    assert not (tmp_path / "workers.csv").exists() and (tmp_path / "scenario.yaml").exists()


def test_yaml_of_70000_workers_stays_small() -> None:
    """The scenario.yaml of a 70,000-worker spec folder is under 30 KB and lists no plates."""
    gen = generate_scenario(make_params(roster_spec({"workers": 70_000, "seed": 1})))
    text = scenario_yaml(gen, with_spec=True)
    assert len(text.encode("utf-8")) < 30_000 and "plates:" not in text
    doc = yaml.safe_load(text)
    assert len(doc["workers"]["generate"]["origins"]) == len(origin_weights())
    assert json.dumps(doc["workers"]["generate"]["workers"]) == "70000"


@pytest.mark.parametrize(("kwargs", "message"), [
    ({"date": "2020-02-30"}, "date: must be YYYY-MM-DD"),
    ({"start": "5 am"}, "start: must be HH:MM"),
    ({"deadline": "04:00"}, "deadline: 04:00 is not after start 05:00"),
    ({"origin_depot_km": "far"}, "depot_km: must be a number"),
])
def test_bad_scenario_parameters(spec: RosterSpec, kwargs: dict[str, str], message: str) -> None:
    """Bad day parameters raise GenerateError naming the parameter."""
    with pytest.raises(GenerateError, match="^" + message):
        make_params(spec, **kwargs)  # type: ignore[arg-type]
