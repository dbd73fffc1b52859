"""Unknown keys in scenario.yaml are problems at every level, and a near miss suggests the key meant."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers import DATA
from tests.scenario.folders import problems_of, variant

FLEET = "depot: D1, seats_per_row: 4"
RULE_KEYS = ("load_factor, observation_rows, max_access_km, dwell, max_pickup_stops, cross_county, pickup_choice, "
             "drivers, duty_end, screening")

# (change to valid_small, the one problem it must give)
CASES = {
    "top level, near miss": (
        {"old": "seed: 0", "new": "sed: 0"},
        "scenario.yaml: unknown key 'sed' (did you mean 'seed'?)"),
    "top level, required key misspelt: no second 'missing key' problem": (
        {"old": "name: 小样", "new": "nmae: 小样"},
        "scenario.yaml: unknown key 'nmae' (did you mean 'name'?)"),
    "top level, nothing like it": (
        {"append": "colour: red\n"},
        ("scenario.yaml: unknown key 'colour' (the keys are name, date, timezone, seed, coord_system, start, deadline, "
        "depots, dropoffs, fleet, rules, distance, workers, geocoder)")),
    "rules": (
        {"append": "rules: {load_facter: 0.5}\n"},
        "scenario.yaml rules: unknown key 'load_facter' (did you mean 'load_factor'?)"),
    "rules, a key YAML reads as a boolean": (
        {"append": "rules: {on: 1}\n"},
        ("scenario.yaml rules: unknown key 'true' (YAML reads an unquoted yes, no, on or off as a boolean: quote the "
        "key)")),
    "rules.dwell": (
        {"append": "rules: {dwell: {base: 5}}\n"},
        "scenario.yaml rules.dwell: unknown key 'base' (did you mean 'base_min'?)"),
    "rules.drivers": (
        {"append": "rules: {drivers: {max_daily: 8}}\n"},
        "scenario.yaml rules.drivers: unknown key 'max_daily' (did you mean 'max_daily_h'?)"),
    "distance": (
        {"append": "distance: {speed: {local: 50}}\n"},
        "scenario.yaml distance: unknown key 'speed' (did you mean 'speed_kph'?)"),
    "distance.speed_kph": (
        {"append": "distance: {speed_kph: {locl: 50}}\n"},
        "scenario.yaml distance.speed_kph: unknown key 'locl' (did you mean 'local'?)"),
    "distance.circuity: neither default nor an adcode": (
        {"append": "distance: {circuity: {defualt: 1.3}}\n"},
        ("scenario.yaml distance.circuity: key 'defualt' is neither 'default' nor a 2-, 4- or 6-digit adcode prefix "
        "(did you mean 'default'?)")),
    "distance.circuity: an adcode not in quotes": (
        {"append": "distance: {circuity: {640422: 1.3}}\n"},
        ("scenario.yaml distance.circuity: key 640422 is neither 'default' nor a 2-, 4- or 6-digit adcode prefix; "
        "write it in quotes")),
    "fleet item": (
        {"old": FLEET, "new": "depot: D1, seat_per_row: 4"},
        "scenario.yaml fleet item 1: unknown key 'seat_per_row' (did you mean 'seats_per_row'?)"),
    "fleet item, required key misspelt": (
        {"old": "seats: 45,", "new": "seat: 45,"},
        "scenario.yaml fleet item 1: unknown key 'seat' (did you mean 'seats'?)"),
    "depots item": (
        {"old": 'approximate: true}\ndropoffs', "new": 'aproximate: true}\ndropoffs'},
        "scenario.yaml depots item 1: unknown key 'aproximate' (did you mean 'approximate'?)"),
    "dropoffs item": (
        {"old": 'lon: 106.17, region: "640105"}', "new": 'lon: 106.17, regoin: "640105"}'},
        "scenario.yaml dropoffs item 2: unknown key 'regoin' (did you mean 'region'?)"),
    "geocoder": (
        {"append": "geocoder: {provider: baidu, keyenv: BAIDU_AK}\n"},
        "scenario.yaml geocoder: unknown key 'keyenv' (did you mean 'key_env'?)"),
    "workers item": (
        {"append": "workers: [{file: workers.csv, employr: E1}]\n"},
        "scenario.yaml workers item 1: unknown key 'employr' (did you mean 'employer'?)"),
    "workers, one file": (
        {"append": "workers: {fiel: workers.csv}\n"},
        "scenario.yaml workers: unknown key 'fiel' (did you mean 'file'?)"),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_an_unknown_key_is_named_with_the_key_meant(case: str, tmp_path: Path) -> None:
    change, expected = CASES[case]
    assert problems_of(variant(tmp_path, **change)) == [expected]


def test_the_unknown_key_folder() -> None:
    """tests/data/unknown_key: load_facter under rules."""
    assert problems_of(DATA / "unknown_key") == [
        "scenario.yaml rules: unknown key 'load_facter' (did you mean 'load_factor'?)"]


def test_keys_of_a_generated_roster(tmp_path: Path) -> None:
    """workers.generate takes only the generator's keys (routing.synthetic.spec.SPEC_KEYS)."""
    folder = variant(tmp_path, append="workers: {generate: {workers: 10, seeds: 1}}\n")
    (folder / "workers.csv").unlink()
    assert problems_of(folder) == ["scenario.yaml workers.generate: unknown key 'seeds' (did you mean 'seed'?)"]


def test_a_generator_value_names_its_key(tmp_path: Path) -> None:
    """A bad value of the generator is named by its key under workers.generate."""
    folder = variant(tmp_path, append="workers: {generate: {workers: 10, seed: true}}\n")
    (folder / "workers.csv").unlink()
    assert problems_of(folder) == [
        "scenario.yaml workers.generate.seed: must be a whole number from 0 to 2,147,483,647, got True"]


def test_every_unknown_key_is_reported_at_once(tmp_path: Path) -> None:
    """Three levels, three problems, in the order of the file."""
    folder = variant(tmp_path, old="seed: 0", new="sed: 0",
                     append="rules: {load_facter: 0.5, drivers: {nigth: '22:00-06:00'}}\n")
    assert problems_of(folder) == [
        "scenario.yaml: unknown key 'sed' (did you mean 'seed'?)",
        "scenario.yaml rules: unknown key 'load_facter' (did you mean 'load_factor'?)",
        "scenario.yaml rules.drivers: unknown key 'nigth' (did you mean 'night'?)",
    ]


def test_the_rules_keys_are_listed_when_nothing_is_near(tmp_path: Path) -> None:
    folder = variant(tmp_path, append="rules: {zzz: 1}\n")
    assert problems_of(folder) == [f"scenario.yaml rules: unknown key 'zzz' (the keys are {RULE_KEYS})"]
