"""Values of scenario.yaml are checked by type and range: booleans are not numbers, counts are whole numbers,
text is text, days and times exist."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from click.testing import CliRunner

from routing.cli import main
from tests.helpers import DATA
from tests.scenario.folders import loads, problems_of, variant

FLEET_ITEM = "scenario.yaml fleet item 1"

# (change to valid_small, the one problem it must give)
CASES = {
    # booleans are not numbers (true became 1.0: 36 people on a 55-seat coach)
    "load_factor true": (
        {"append": "rules: {load_factor: true}\n"},
        "scenario.yaml rules.load_factor: true is not a number between 0.01 and 1"),
    "load_factor in quotes": (
        {"append": "rules: {load_factor: '0.5'}\n"},
        "scenario.yaml rules.load_factor: '0.5' is not a number between 0.01 and 1; write it without quotes"),
    "load_factor above 1": (
        {"append": "rules: {load_factor: 1.5}\n"},
        "scenario.yaml rules.load_factor: 1.5 is not a number between 0.01 and 1"),
    "max_access_km .nan": (
        {"append": "rules: {max_access_km: .nan}\n"},
        "scenario.yaml rules.max_access_km: nan is not a number between 0 and 1,000"),
    "cost_per_km true": (
        {"old": "cost_per_km: 8.0", "new": "cost_per_km: true"},
        f"{FLEET_ITEM} cost_per_km: true is not a number between 0 and 10,000"),
    "drivers.max_daily_h false": (
        {"append": "rules: {drivers: {max_daily_h: false}}\n"},
        "scenario.yaml rules.drivers.max_daily_h: false is not a number between 1 and 24"),
    # counts are whole numbers (2.5 became 2)
    "count 2.5": (
        {"old": "count: 2,", "new": "count: 2.5,"},
        f"{FLEET_ITEM} count: 2.5 is not a whole number between 0 and 100,000"),
    "count true": (
        {"old": "count: 2,", "new": "count: true,"},
        f"{FLEET_ITEM} count: true is not a whole number between 0 and 100,000"),
    "seats 45.0": (
        {"old": "seats: 45,", "new": "seats: 45.0,"},
        f"{FLEET_ITEM} seats: 45.0 is not a whole number between 1 and 200"),
    "observation_rows 1.5": (
        {"append": "rules: {observation_rows: 1.5}\n"},
        "scenario.yaml rules.observation_rows: 1.5 is not a whole number between 0 and 10"),
    "max_pickup_stops '2'": (
        {"append": "rules: {max_pickup_stops: '2'}\n"},
        "scenario.yaml rules.max_pickup_stops: '2' is not a whole number between 1 and 100; write it without quotes"),
    # the seed is an integer (plan.json's contract), and one the solvers take
    "seed true": (
        {"old": "seed: 0", "new": "seed: true"},
        "scenario.yaml seed: true is not a whole number between 0 and 2,147,483,647"),
    "seed 2^32": (
        {"old": "seed: 0", "new": "seed: 4294967296"},
        "scenario.yaml seed: 4294967296 is not a whole number between 0 and 2,147,483,647"),
    "seed -1": (
        {"old": "seed: 0", "new": "seed: -1"},
        "scenario.yaml seed: -1 is not a whole number between 0 and 2,147,483,647"),
    # flags and choices
    "cross_county 1": (
        {"append": "rules: {cross_county: 1}\n"},
        "scenario.yaml rules.cross_county: 1 is not true or false"),
    "calibrated maybe": (
        {"append": "distance: {calibrated: maybe}\n"},
        "scenario.yaml distance.calibrated: 'maybe' is not true or false"),
    "approximate 1": (
        {"old": 'region: "640105", approximate: true}\ndropoffs', "new": 'region: "640105", approximate: 1}\ndropoffs'},
        "scenario.yaml depots item 1 approximate: 1 is not true or false"),
    "pickup_choice best": (
        {"append": "rules: {pickup_choice: best}\n"},
        "scenario.yaml rules.pickup_choice: 'best' is not one of optimized, nearest"),
    "coord_system 4326": (
        {"old": "coord_system: WGS84", "new": "coord_system: 4326"},
        "scenario.yaml coord_system: 4326 is not one of WGS84, GCJ02"),
    # strings where strings belong
    "name a number": (
        {"old": "name: 小样 (tiny test batch)", "new": "name: 2020"},
        "scenario.yaml name: 2020 is not text; write it in quotes"),
    "name empty": (
        {"old": "name: 小样 (tiny test batch)", "new": "name:"},
        "scenario.yaml name: is empty"),
    "fleet name true": (
        {"old": "name: 45座大客车", "new": "name: yes"},
        f"{FLEET_ITEM} name: true is not text; write it in quotes"),
    "region not in quotes": (
        {"old": 'lat: 38.51, lon: 106.17, region: "640105"', "new": "lat: 38.51, lon: 106.17, region: 640105"},
        "scenario.yaml dropoffs item 2 region: 640105 is not text; write it in quotes"),
    "region not an adcode": (
        {"old": 'lat: 38.51, lon: 106.17, region: "640105"', "new": 'lat: 38.51, lon: 106.17, region: "6401"'},
        "scenario.yaml dropoffs item 2 region: '6401' is not a 6-digit county adcode"),
    "timezone a number": (
        {"append": "timezone: 8\n"},
        "scenario.yaml timezone: 8 is not text; write it in quotes"),
    "timezone unknown": (
        {"append": "timezone: ../../etc/passwd\n"},
        "scenario.yaml timezone: '../../etc/passwd' is not a known time zone, e.g. Asia/Shanghai"),
    "rules a list": (
        {"append": "rules: [0.5]\n"},
        "scenario.yaml rules: must be a mapping of keys to values, not a list"),
    "depots a name": (
        {"old": "depots:\n  - {id: D1, name: 经开区车场, lat: 38.502029, lon: 106.156577, region: \"640105\", "
                "approximate: true}", "new": "depots: D1"},
        "scenario.yaml depots: must be a list, not 'D1'"),
    # days and times that do not exist (a ValueError and exit 1 before)
    "date 2020-02-30": (
        {"old": "date: 2020-02-21", "new": "date: 2020-02-30"},
        "scenario.yaml date: '2020-02-30' is not a date that exists (day is out of range for month)"),
    "date 2020-13-01": (
        {"old": "date: 2020-02-21", "new": "date: 2020-13-01"},
        "scenario.yaml date: '2020-13-01' is not a date that exists (month must be in 1..12)"),
    "date in words": (
        {"old": "date: 2020-02-21", "new": "date: tomorrow"},
        "scenario.yaml date: 'tomorrow' is not a date YYYY-MM-DD"),
    "date 9999-12-31": (
        {"old": "date: 2020-02-21", "new": "date: 9999-12-31"},
        "scenario.yaml date: '9999-12-31' is not a date from 2000-01-01 to 2099-12-31"),
    "start 25:00": (
        {"old": 'start: "06:30"', "new": 'start: "25:00"'},
        ("scenario.yaml start: '25:00' is neither a time HH:MM (00:00 to 23:59) nor an ISO date-time; "
        "write it in quotes, e.g. \"06:30\"")),
    "start 25:00 without quotes (YAML 1.1 reads 1500)": (
        {"old": 'start: "06:30"', "new": "start: 25:00"},
        ("scenario.yaml start: 1500 is neither a time HH:MM (00:00 to 23:59) nor an ISO date-time; "
        "write it in quotes, e.g. \"06:30\"")),
    "deadline 2020-02-30T21:00": (
        {"old": 'deadline: "21:00"', "new": "deadline: 2020-02-30T21:00"},
        "scenario.yaml deadline: '2020-02-30T21:00' is not a date-time that exists (day is out of range for month)"),
    "deadline four days later": (
        {"old": 'deadline: "21:00"', "new": 'deadline: "2020-02-25T21:00"'},
        "scenario.yaml deadline: 2020-02-25 21:00 is more than 48 hours after start 2020-02-21 06:30"),
    "night 22:00-25:00": (
        {"append": "rules: {drivers: {night: '22:00-25:00'}}\n"},
        "scenario.yaml rules.drivers.night: '22:00-25:00' is not a period like \"22:00-06:00\""),
    "curfew a number": (
        {"append": "rules: {drivers: {curfew: 2}}\n"},
        "scenario.yaml rules.drivers.curfew: 2 is not a period like \"22:00-06:00\""),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_a_bad_value_is_named_with_its_field(case: str, tmp_path: Path) -> None:
    change, expected = CASES[case]
    assert problems_of(variant(tmp_path, **change)) == [expected]


def test_the_nonexistent_date_folder_exits_2() -> None:
    """tests/data/nonexistent_date: 2020-02-30 is a scenario problem (exit 2), not an internal error (exit 1)."""
    result = CliRunner().invoke(main, ["validate", str(DATA / "nonexistent_date")])
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        "Error: the scenario has 1 problem(s):",
        "  scenario.yaml date: '2020-02-30' is not a date that exists (day is out of range for month)"]


def test_times_as_yaml_writes_them(tmp_path: Path) -> None:
    """Unquoted 21:00 (YAML 1.1: 1260), H:MM, and a full date-time written without quotes all read as meant."""
    tz = ZoneInfo("Asia/Shanghai")
    sc = loads(variant(tmp_path, old='start: "06:30"\ndeadline: "21:00"',
                       new='start: "6:30"\ndeadline: 2020-02-22 01:30:00'))
    assert sc.start == dt.datetime(2020, 2, 21, 6, 30, tzinfo=tz)
    assert sc.deadline == dt.datetime(2020, 2, 22, 1, 30, tzinfo=tz)
    assert sc.date == dt.date(2020, 2, 21)


def test_unquoted_sexagesimal_deadline(tmp_path: Path) -> None:
    sc = loads(variant(tmp_path, old='deadline: "21:00"', new="deadline: 21:00"))
    assert sc.deadline.hour == 21 and sc.deadline.minute == 0


def test_flags_take_yaml_booleans_and_the_words_for_them(tmp_path: Path) -> None:
    """yes/no are YAML booleans; quoted '是' and 'no' are the words the CSV tables take too."""
    sc = loads(variant(tmp_path, append="rules: {cross_county: no}\ndistance: {calibrated: '否'}\n"))
    assert sc.rules.cross_county is False
    assert sc.distance.circuity_by_region == ()


def test_every_value_problem_is_reported_at_once(tmp_path: Path) -> None:
    folder = variant(tmp_path, old="count: 2,", new="count: 2.5,", append="rules: {load_factor: true}\n")
    assert problems_of(folder) == [
        f"{FLEET_ITEM} count: 2.5 is not a whole number between 0 and 100,000",
        "scenario.yaml rules.load_factor: true is not a number between 0.01 and 1",
    ]


def test_whole_numbers_and_numbers_that_are_right_still_load(tmp_path: Path) -> None:
    """An integer where a number belongs is a number; the values come through unchanged."""
    sc = loads(variant(tmp_path, append="rules: {load_factor: 1, max_access_km: 25.5, observation_rows: 0}\n"))
    assert (sc.rules.load_factor, sc.rules.max_access_m, sc.rules.observation_rows) == (1.0, 25_500, 0)
