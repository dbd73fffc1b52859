"""Tests for routing.scenario.load: loading scenario folders and reporting every problem at once."""

from __future__ import annotations

import csv
import datetime as dt
import io
import math
import shutil
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from routing.errors import ScenarioError
from routing.geo import gazetteer
from routing.geo.calibration import calibrated_circuity
from routing.geo.coords import gcj02_to_wgs84
from routing.geo.distance import circuity
from routing.model import DistanceSettings, DriverRules, Rules, Scenario
from routing.scenario.load import load_scenario
from tests.helpers import DATA, GUYUAN

TOWNSHIP = "home placed at the centre of 原州区 from the county; township '三营镇' is not in the gazetteer"

# Each bad folder and the exact sentences the loader must report for it (problems outside the roster).
BAD_FOLDERS = {
    "bad_coordinates": ["pickup_points.csv row 1 lon: '200' is not a longitude in China (a number between 73 and 136)"],
    "missing_depot_ref": ["scenario.yaml fleet item 1: depot 'D9' is not one of the depots"],
    "deadline_before_start": ["scenario.yaml deadline: 2020-02-21 05:00 is not after start 06:30"],
}
# Roster folders that load: (file, spreadsheet row, column, severity) each must report, and the ids rejected.
ROSTER_FOLDERS = {
    "duplicate_worker_id": ([("workers.csv", 6, "id", "repair")], []),
    "missing_column": ([("workers.csv", 0, "health_cert", "warn")], []),
    "bad_coordinates": ([("workers.csv", 3, "lat", "reject")], ["W2"]),
    "unknown_employer": ([("workers.csv", 5, "employer", "reject")], ["W4"]),
}
MANY_PROBLEMS = [
    "scenario.yaml deadline: 2020-02-21 08:00 is not after start 18:00",
    "scenario.yaml fleet item 1: depot 'D9' is not one of the depots",
    "pickup_points.csv row 2 lat: '91' is not a latitude in China (a number between 18 and 54)",
    "employers.csv row 2 dropoff: 'G7' is not one of the dropoffs in scenario.yaml",
]


def problems_of(folder: Path) -> list[str]:
    """The problems load_scenario reports for a folder (fails if it loads)."""
    with pytest.raises(ScenarioError) as info:
        load_scenario(folder)
    return info.value.problems


def distance_m(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in metres (haversine, mean Earth radius)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    a = math.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    return 2 * 6_371_000 * math.asin(math.sqrt(a))


@pytest.fixture(scope="module")
def valid_small() -> Scenario:
    """The tiny valid scenario (WGS-84, no rules or distance sections)."""
    return load_scenario(DATA / "valid_small")


@pytest.fixture(scope="module")
def gcj02_small() -> Scenario:
    """valid_small's places written in GCJ-02, with rules and distance sections."""
    return load_scenario(DATA / "gcj02_coordinates")


def test_valid_small_loads(valid_small: Scenario) -> None:
    """The tiny folder loads with its places, fleet and six workers."""
    sc = valid_small
    assert sc.name == "小样 (tiny test batch)"
    assert sc.date == dt.date(2020, 2, 21)
    assert sc.seed == 0
    assert sc.coord_system == "WGS84"
    assert sc.folder == str(DATA / "valid_small")
    assert [d.id for d in sc.depots] == ["D1"]
    assert [(g.id, g.approximate) for g in sc.dropoffs] == [("G1", True), ("G2", False)]
    assert [(p.id, p.region, p.approximate, p.note) for p in sc.pickup_points] == [
        ("P-YZ", "640402", False, ""), ("P-XJ", "640422", True, "guessed point")]
    assert [(e.id, e.dropoff_id, e.approximate) for e in sc.employers] == [("E1", "G1", True), ("E2", "G2", False)]
    (bus,) = sc.fleet
    assert (bus.id, bus.name, bus.seats, bus.count, bus.depot_id, bus.seats_per_row) == ("C45", "45座大客车", 45, 2, "D1", 4)
    assert (bus.cost_per_km, bus.fixed_cost, bus.plates) == (8.0, 700.0, ("宁A·T0001", "宁A·T0002"))
    assert [w.id for w in sc.workers] == ["W1", "W2", "W3", "W4", "W5", "W6"]
    assert [w.row for w in sc.workers] == [2, 3, 4, 5, 6, 7]  # as a spreadsheet numbers them
    assert sc.warnings == ()
    assert [(p.row, p.column, p.severity) for p in sc.roster_problems] == [(4, "township", "warn"),
                                                                            (5, "county", "warn")]


def test_worker_fields_are_normalised(valid_small: Scenario) -> None:
    """Sex, health code, certificate and companions are read in their English and Chinese spellings."""
    w = {x.id: x for x in valid_small.workers}
    assert [w[i].sex for i in ("W1", "W2", "W3", "W5")] == ["M", "F", "M", "F"]  # M, 女, 男, F
    assert [w[i].health_code for i in ("W1", "W3", "W5")] == ["green", "green", "yellow"]  # green, 绿, yellow
    assert [w[i].health_cert for i in ("W1", "W3", "W4")] == [True, True, True]  # yes, 有, 1
    assert (w["W1"].companions, w["W1"].companion_names, w["W1"].party_size) == (1, ("马小红",), 2)
    assert (w["W2"].companions, w["W2"].companion_names) == (0, ())  # empty companions cell
    assert w["W4"].id_number == "64040219951212001X"
    assert w["W1"].phone == "13995123456"
    assert (w["W1"].lat, w["W1"].lon, w["W1"].county) == (36.01, 106.29, "")
    assert (w["W2"].lat, w["W2"].lon, w["W2"].county) == (36.02, 106.28, "640402")


def test_defaults_when_rules_and_distance_are_absent(valid_small: Scenario) -> None:
    """Without rules/distance sections every default of the README applies."""
    r, d = valid_small.rules, valid_small.distance
    assert r == Rules()
    assert (r.load_factor, r.observation_rows, r.max_access_m, r.max_pickup_stops, r.cross_county) == (0.5, 2, 30_000, 3, True)
    assert (r.dwell_base_s, r.dwell_per_person_s) == (300, 30)
    assert (r.drivers.max_continuous_day_s, r.drivers.max_continuous_night_s) == (4 * 3600, 2 * 3600)
    assert (r.drivers.min_break_s, r.drivers.min_swap_s, r.drivers.max_daily_driving_s) == (1200, 300, 8 * 3600)
    assert (r.drivers.max_one_way_m, r.drivers.second_driver_cost) == (400_000, 500.0)
    assert (r.drivers.night_start, r.drivers.night_end) == (dt.time(22, 0), dt.time(6, 0))
    assert (r.drivers.curfew_start, r.drivers.curfew_end) == (dt.time(2, 0), dt.time(5, 0))
    assert d == DistanceSettings(circuity_by_region=calibrated_circuity())
    assert (d.circuity_default, d.access_circuity) == (1.25, 1.4)
    assert (d.expressway_kph, d.local_kph, d.local_below_m) == (80.0, 50.0, 60_000)
    tz = ZoneInfo("Asia/Shanghai")
    assert valid_small.timezone == "Asia/Shanghai"
    assert valid_small.start == dt.datetime(2020, 2, 21, 6, 30, tzinfo=tz)
    assert valid_small.deadline == dt.datetime(2020, 2, 21, 21, 0, tzinfo=tz)


def test_rules_and_distance_sections_are_read(gcj02_small: Scenario) -> None:
    """Given keys override the defaults; keys left out keep them."""
    r, d = gcj02_small.rules, gcj02_small.distance
    assert (r.load_factor, r.observation_rows, r.max_access_m, r.max_pickup_stops, r.cross_county) == (0.4, 1, 25_000, 2, False)
    assert (r.dwell_base_s, r.dwell_per_person_s) == (240, 20)
    assert r.drivers == DriverRules(max_continuous_day_s=12_600, night_start=dt.time(23, 0),
                                    night_end=dt.time(5, 0), second_driver_cost=450.0)
    assert d == DistanceSettings(circuity_default=1.19, circuity_by_region=(("640422", 1.375), *calibrated_circuity()),
                                 access_circuity=1.5, expressway_kph=75.0, local_kph=45.0, local_below_m=50_000)


def test_the_scenarios_own_circuity_wins_over_the_calibration(gcj02_small: Scenario) -> None:
    """A factor the scenario gives applies even where the bundled calibration has a longer prefix."""
    calibrated = dict(calibrated_circuity())
    assert calibrated["640422"] != 1.375
    assert circuity(gcj02_small.distance, "640422") == 1.375
    assert circuity(gcj02_small.distance, "620502") == calibrated["620502"]


def test_the_calibration_can_be_switched_off(tmp_path: Path) -> None:
    """``distance.calibrated: no`` leaves only the scenario's own factors and the default."""
    folder = tmp_path / "s"
    shutil.copytree(DATA / "valid_small", folder)
    text = (folder / "scenario.yaml").read_text(encoding="utf-8")
    (folder / "scenario.yaml").write_text(text + "\ndistance: {calibrated: no}\n", encoding="utf-8")
    d = load_scenario(folder).distance
    assert d.circuity_by_region == ()
    assert circuity(d, "620502") == 1.25


def test_homes_by_county_and_township_use_the_gazetteer(valid_small: Scenario) -> None:
    """A county name with a known town lands on the town; an unknown town falls back to the county centre."""
    w = {x.id: x for x in valid_small.workers}
    town = gazetteer.find_town("640422", "吉强镇")
    assert town is not None
    assert (w["W3"].lat, w["W3"].lon, w["W3"].county, w["W3"].township) == (35.96455, 105.747917, "640422", "吉强镇")
    assert (w["W3"].lat, w["W3"].lon) == (town.lat, town.lon)
    # 三营镇 is not in the gazetteer: home at the 原州区 centre (given by adcode), with a warning
    assert (w["W4"].lat, w["W4"].lon, w["W4"].county, w["W4"].township) == (36.003906, 106.283551, "640402", "三营镇")
    assert any(p.row == 5 and TOWNSHIP in p.problem for p in valid_small.roster_problems)


def test_gcj02_places_are_converted_to_wgs84(gcj02_small: Scenario) -> None:
    """The county centres written in GCJ-02 load at the gazetteer's WGS-84 positions."""
    p = {x.id: x for x in gcj02_small.pickup_points}
    # gazetteer rows: 原州区 GCJ-02 36.003739,106.287781 = WGS-84 36.003906,106.283551
    assert p["P-YZ"].lat == pytest.approx(36.003906, abs=2e-6)
    assert p["P-YZ"].lon == pytest.approx(106.283551, abs=2e-6)
    # 西吉县 GCJ-02 35.963912,105.729085 = WGS-84 35.964131,105.725049
    assert p["P-XJ"].lat == pytest.approx(35.964131, abs=2e-6)
    assert p["P-XJ"].lon == pytest.approx(105.725049, abs=2e-6)
    assert gcj02_small.coord_system == "GCJ02"


def test_gcj02_offset_is_a_few_hundred_metres(gcj02_small: Scenario) -> None:
    """Every loaded point moved from its file value by the GCJ-02 offset (200-800 m in Ningxia)."""
    written = {"P-YZ": (36.003739, 106.287781), "P-XJ": (35.963912, 105.729085), "D1": (38.502605, 106.161106),
               "W1": (36.009843, 106.294242), "W5": (35.949745, 105.703984)}
    workers = {w.id: w for w in gcj02_small.workers}
    for pid, (lat, lon) in written.items():
        loaded = workers[pid] if pid in workers else gcj02_small.place(pid)
        moved = distance_m(lat, lon, loaded.lat, loaded.lon)
        assert 200 < moved < 800, (pid, moved)
        assert (loaded.lat, loaded.lon) == pytest.approx(gcj02_to_wgs84(lat, lon), abs=1e-9)


def test_gcj02_folder_matches_its_wgs84_twin(valid_small: Scenario, gcj02_small: Scenario) -> None:
    """The same places written in GCJ-02 load within a metre of the WGS-84 folder's."""
    for group in ("depots", "dropoffs", "pickup_points"):
        for a, b in zip(getattr(valid_small, group), getattr(gcj02_small, group), strict=True):
            assert a.id == b.id
            assert distance_m(a.lat, a.lon, b.lat, b.lon) < 1.0, a.id
    for a, b in zip(valid_small.workers, gcj02_small.workers, strict=True):
        assert distance_m(a.lat, a.lon, b.lat, b.lon) < 1.0, a.id


def test_gcj02_does_not_shift_gazetteer_homes(valid_small: Scenario, gcj02_small: Scenario) -> None:
    """Homes looked up by county/township are already WGS-84 and are not converted again."""
    a = {w.id: w for w in valid_small.workers}
    b = {w.id: w for w in gcj02_small.workers}
    for wid in ("W3", "W4"):
        assert (b[wid].lat, b[wid].lon) == (a[wid].lat, a[wid].lon)


def test_gb18030_workers_file_loads(valid_small: Scenario) -> None:
    """A workers.csv saved by Chinese Excel (GB18030) loads with the same names as the UTF-8 one."""
    raw = (DATA / "gb18030_encoding" / "workers.csv").read_bytes()
    with pytest.raises(UnicodeDecodeError):
        raw.decode("utf-8")  # the fixture really is GB18030
    sc = load_scenario(DATA / "gb18030_encoding")
    assert [(w.id, w.name, w.sex, w.township) for w in sc.workers] == [
        (w.id, w.name, w.sex, w.township) for w in valid_small.workers]
    assert sc.workers[0].name == "马小明"
    assert sc.workers[0].companion_names == ("马小红",)
    assert sc.workers[2].township == "吉强镇"


@pytest.mark.parametrize("folder", sorted(BAD_FOLDERS))
def test_bad_folder_reports_its_problem(folder: str) -> None:
    """Each bad folder raises ScenarioError naming file, row and field, and nothing else."""
    assert problems_of(DATA / folder) == BAD_FOLDERS[folder]


def test_bad_yaml_names_the_file() -> None:
    """A YAML syntax error stops loading with one sentence naming scenario.yaml."""
    folder = DATA / "bad_yaml"
    assert problems_of(folder) == [f"{folder / 'scenario.yaml'}: not valid YAML (while parsing a flow mapping)"]


def test_many_problems_are_reported_together() -> None:
    """Problems in scenario.yaml and every CSV but the roster come in one ScenarioError, in file order."""
    with pytest.raises(ScenarioError) as info:
        load_scenario(DATA / "many_problems")
    assert info.value.problems == MANY_PROBLEMS
    assert str(info.value) == "\n".join(MANY_PROBLEMS)
    files = {p.split(" ")[0].rstrip(":") for p in info.value.problems}
    assert files == {"scenario.yaml", "pickup_points.csv", "employers.csv"}


@pytest.mark.parametrize("folder", sorted(ROSTER_FOLDERS))
def test_roster_problems_take_out_records_not_the_scenario(folder: str, tmp_path: Path) -> None:
    """A bad roster record is reported with file, row and column, and only that record is rejected."""
    source = DATA / folder
    if folder == "bad_coordinates":  # its pickup point is bad too: mend that to reach the roster
        shutil.copytree(source, tmp_path / folder)
        source = tmp_path / folder
        text = (source / "pickup_points.csv").read_text(encoding="utf-8")
        (source / "pickup_points.csv").write_text(text.replace(",200,", ",106.28,"), encoding="utf-8")
    sc = load_scenario(source)
    expected, rejected = ROSTER_FOLDERS[folder]
    found = {(p.file, p.row, p.column, p.severity) for p in sc.roster_problems}
    assert set(expected) <= found, sorted(found)
    assert [r.id for r in sc.rejected] == rejected
    assert all(p.problem and p.fix for p in sc.roster_problems)


def test_not_a_folder(tmp_path: Path) -> None:
    """A path that is not a directory is one problem naming the path."""
    missing = tmp_path / "nowhere"
    assert problems_of(missing) == [f"{missing}: not a folder"]


def test_missing_scenario_yaml(tmp_path: Path) -> None:
    """A folder without scenario.yaml says so."""
    folder = tmp_path / "sc"
    shutil.copytree(DATA / "valid_small", folder)
    (folder / "scenario.yaml").unlink()
    assert problems_of(folder) == [f"{folder / 'scenario.yaml'}: file is missing"]


def test_missing_csv_file(tmp_path: Path) -> None:
    """A missing pickup_points.csv is reported by name."""
    folder = tmp_path / "sc"
    shutil.copytree(DATA / "valid_small", folder)
    (folder / "pickup_points.csv").unlink()
    assert problems_of(folder) == ["pickup_points.csv: file is missing"]


def test_bom_and_extra_columns_are_accepted(tmp_path: Path) -> None:
    """A UTF-8 BOM, reordered columns and unknown columns do not matter."""
    folder = tmp_path / "sc"
    shutil.copytree(DATA / "valid_small", folder)
    lines = (folder / "employers.csv").read_text(encoding="utf-8").splitlines()
    rows = [line.split(",") for line in lines]
    reordered = [[r[2], r[0], r[1], "x"] for r in rows]
    reordered[0][3] = "remark"
    (folder / "employers.csv").write_text("\ufeff" + "\n".join(",".join(r) for r in reordered) + "\n", encoding="utf-8")
    sc = load_scenario(folder)
    assert [(e.id, e.name, e.dropoff_id) for e in sc.employers] == [
        ("E1", "银川隆基硅材料有限公司", "G1"), ("E2", "共享集团", "G2")]


def test_crew_csv_gives_drivers_and_escorts_per_plate() -> None:
    """The bundled Guyuan crew.csv: two drivers and one escort on each of the seven plates."""
    sc = load_scenario(GUYUAN)
    plates = [p for t in sc.fleet for p in t.plates]
    assert [len(sc.crew_of(p, "driver")) for p in plates] == [2] * 7
    assert [len(sc.crew_of(p, "escort")) for p in plates] == [1] * 7
    assert sc.crew_of("宁A·D8101", "escort")[0].name


def test_bad_crew_rows_are_reported(tmp_path: Path) -> None:
    """An unknown plate, an unknown role and a bad phone each name crew.csv, the row and the field."""
    folder = tmp_path / "sc"
    shutil.copytree(GUYUAN, folder)
    (folder / "crew.csv").write_text("plate,role,name,phone\n宁A·X0000,driver,甲,13900000000\n"
                                     "宁A·D8101,cook,乙,13900000001\n宁A·D8101,司机,丙,123\n", encoding="utf-8")
    found = problems_of(folder)
    assert any("crew.csv row 1 plate" in p and "宁A·X0000" in p for p in found)
    assert any("crew.csv row 2 role" in p and "cook" in p for p in found)
    assert any("crew.csv row 3 phone" in p for p in found)


def test_bundled_guyuan_scenario_loads() -> None:
    """The bundled Guyuan batch loads: 150 workers, six pickup points, five gates, seven coaches."""
    sc = load_scenario(GUYUAN)
    assert len(sc.workers) + len(sc.rejected) == 150
    assert [r.id for r in sc.rejected] == ["W0104"]  # a planted wrong check digit
    assert len({w.id for w in sc.workers}) == 149
    assert sc.coord_system == "GCJ02"
    assert [p.id for p in sc.pickup_points] == ["P-YZ", "P-XJ", "P-PY", "P-LD", "P-JY", "P-GYZ"]
    assert len(sc.dropoffs) == 5
    assert [(b.id, b.count) for b in sc.fleet] == [("C55", 4), ("C45", 3)]
    assert sc.rules.max_pickup_stops == 2
    assert sc.distance.circuity_default == 1.19
    # GCJ-02 converted: P-YZ sits at the gazetteer's WGS-84 centre of 原州区
    yz = sc.place("P-YZ")
    assert (yz.lat, yz.lon) == pytest.approx((36.003906, 106.283551), abs=2e-6)


def _resave(path: Path, encoding: str, delimiter: str) -> None:
    """Save a CSV again as Excel would in another format: another encoding and delimiter."""
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig"), newline="")))
    buf = io.StringIO()
    csv.writer(buf, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    path.write_bytes(buf.getvalue().encode(encoding))


@pytest.mark.parametrize(("encoding", "delimiter"), [("utf-16", "\t"), ("gb18030", ";"), ("utf-8-sig", "\t")],
                         ids=["unicode-text", "gbk-semicolon", "utf8-tab"])
def test_scenario_tables_read_as_rosters_are(tmp_path: Path, encoding: str, delimiter: str) -> None:
    """pickup_points.csv and employers.csv saved as Excel's "Unicode text", GBK with ';' or tabs load the same."""
    folder = tmp_path / "guyuan"
    shutil.copytree(GUYUAN, folder)
    for name in ("pickup_points.csv", "employers.csv"):
        _resave(folder / name, encoding, delimiter)
    again, original = load_scenario(folder), load_scenario(GUYUAN)
    assert again.pickup_points == original.pickup_points and len(again.pickup_points) > 0
    assert again.employers == original.employers and len(again.employers) > 0


def test_a_row_longer_than_the_header_is_named(tmp_path: Path) -> None:
    """A pickup_points.csv row with a cell too many is reported with its line, not dropped or shifted."""
    folder = tmp_path / "guyuan"
    shutil.copytree(GUYUAN, folder)
    path = folder / "pickup_points.csv"
    lines = path.read_text(encoding="utf-8-sig").splitlines()
    lines[2] += ",extra"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(ScenarioError) as e:
        load_scenario(folder)
    assert "pickup_points.csv line 3: has more cells than the header's" in str(e.value)
