"""The limits of routing.scenario.limits: each a problem naming the file and the field, each in the README."""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest

from routing.scenario import limits
from tests.helpers import DATA, ROOT
from tests.scenario.folders import loads, problems_of, variant

ANOTHER_TYPE = "  - {{id: T{n}, seats: 45, count: {count}, cost_per_km: 8, fixed_cost: 7, depot: D1}}\n"
PICKUP_ROW = "P{n},点{n},640402,36.0,106.28,no,\n"
EMPLOYER_ROW = "E{n},单位{n},G1,no,\n"
CREW = "plate,role,name,phone\n"


def test_the_alias_bomb_folder_is_refused_at_once() -> None:
    """tests/data/alias_bomb: "billion laughs" (9^9 items) is refused at its first anchor, in no time."""
    t0 = time.perf_counter()
    found = problems_of(DATA / "alias_bomb")
    assert found == [(f"{DATA / 'alias_bomb' / 'scenario.yaml'}: YAML anchors are not allowed (&x1 on line 2); "
                     "write the value out")]
    assert time.perf_counter() - t0 < 5


def test_an_alias_alone_is_refused(tmp_path: Path) -> None:
    folder = variant(tmp_path, old="name: 小样 (tiny test batch)", new="name: *x")
    assert problems_of(folder) == [(f"{folder / 'scenario.yaml'}: YAML aliases are not allowed (*x on line 2); "
                                   "write the value out")]


def test_a_key_given_twice_is_refused(tmp_path: Path) -> None:
    """PyYAML keeps the last of two equal keys without a word; the loader names the line of the second."""
    folder = variant(tmp_path, append="seed: 1\n")
    assert problems_of(folder) == [f"{folder / 'scenario.yaml'}: key 'seed' is given twice in one mapping (line 16)"]


def test_nesting_deeper_than_the_limit_is_refused(tmp_path: Path) -> None:
    folder = variant(tmp_path, append="rules: " + "[" * 30 + "]" * 30 + "\n")
    assert problems_of(folder) == [f"{folder / 'scenario.yaml'}: nested more than 16 levels deep (line 16)"]


def test_a_scenario_yaml_over_1_mb_is_not_read(tmp_path: Path) -> None:
    folder = variant(tmp_path, append="# " + "x" * limits.MAX_YAML_BYTES + "\n")
    assert problems_of(folder) == [
        f"{folder / 'scenario.yaml'}: is larger than 1,048,576 bytes (1 MB), the most that is read"]


def test_a_scenario_yaml_that_is_a_folder(tmp_path: Path) -> None:
    folder = variant(tmp_path)
    (folder / "scenario.yaml").unlink()
    (folder / "scenario.yaml").mkdir()
    assert problems_of(folder) == [f"{folder / 'scenario.yaml'}: is not a file"]


def test_python_tags_are_not_constructed(tmp_path: Path) -> None:
    folder = variant(tmp_path, append="x: !!python/object/apply:os.system [echo hi]\n")
    assert problems_of(folder) == [
        (f"{folder / 'scenario.yaml'}: not valid YAML (could not determine a constructor for the tag "
        "'tag:yaml.org,2002:python/object/apply:os.system')")]


# (change to valid_small, the problems it must give)
CASES = {
    "count 100,000 for six workers (plan ran past 4 minutes)": (
        {"old": "count: 2,", "new": "count: 100000,"},
        ("scenario.yaml fleet: charters 100,000 coaches for 7 people; above 10,000 coaches a scenario may charter "
         "one per person at most")),
    "count 100,001": (
        {"old": "count: 2,", "new": "count: 100001,"},
        "scenario.yaml fleet item 1 count: 100001 is not a whole number between 0 and 100,000"),
    "10,002 coaches for seven people": (
        {"append": ANOTHER_TYPE.format(n=1, count=5000) + ANOTHER_TYPE.format(n=2, count=5000)},
        ("scenario.yaml fleet: charters 10,002 coaches for 7 people; above 10,000 coaches a scenario may charter "
         "one per person at most")),
    "200,002 coaches in all": (
        {"append": ANOTHER_TYPE.format(n=1, count=100000) + ANOTHER_TYPE.format(n=2, count=100000)},
        "scenario.yaml fleet: charters 200,002 coaches in all, at most 200,000 are allowed",
        ("scenario.yaml fleet: charters 200,002 coaches for 7 people; above 10,000 coaches a scenario may charter "
         "one per person at most")),
    "201 seats": (
        {"old": "seats: 45,", "new": "seats: 201,"},
        "scenario.yaml fleet item 1 seats: 201 is not a whole number between 1 and 200"),
    "501 depots": (
        {"old": "depots:\n", "new": "depots:\n" + "".join(
            f"  - {{id: X{n}, name: 车场, lat: 38.5, lon: 106.15}}\n" for n in range(500))},
        "scenario.yaml depots: lists 501 items, at most 500 are allowed"),
    "1,001 fleet types": (
        {"append": "".join(ANOTHER_TYPE.format(n=n, count=0) for n in range(1000))},
        "scenario.yaml fleet: lists 1,001 items, at most 1,000 are allowed"),
    "5,001 pickup points": (
        {"file": "pickup_points.csv", "append": "".join(PICKUP_ROW.format(n=n) for n in range(4999))},
        "pickup_points.csv: has 5,001 rows, at most 5,000 are allowed"),
    "10,001 employers": (
        {"file": "employers.csv", "append": "".join(EMPLOYER_ROW.format(n=n) for n in range(9999))},
        "employers.csv: has 10,001 rows, at most 10,000 are allowed"),
    "30,001 crew rows": (
        {"file": "crew.csv", "append": CREW + "宁A·T0001,driver,甲,\n" * 30_001},
        "crew.csv: has 30,001 rows, at most 30,000 are allowed"),
    "pickup_points.csv over 5 MB": (
        {"file": "pickup_points.csv", "append": "P9,点,640402,36.0,106.28,no," + "x" * limits.MAX_TABLE_BYTES + "\n"},
        "pickup_points.csv: is 5,243,067 bytes, at most 5,242,880 (5 MB) are read"),
    # field lengths
    "scenario name of 101 characters": (
        {"old": "name: 小样 (tiny test batch)", "new": "name: " + "名" * 101},
        f"scenario.yaml name: '{'名' * 40}…' has 101 characters, at most 100 are allowed"),
    "depot name of 101 characters": (
        {"old": "name: 经开区车场", "new": "name: " + "场" * 101},
        f"scenario.yaml depots item 1 name: '{'场' * 40}…' has 101 characters, at most 100 are allowed",
        "scenario.yaml depots: no usable depot"),
    "dropoff note of 501 characters": (
        {"old": 'region: "640105"}', "new": f'region: "640105", note: {"n" * 501}}}'},
        f"scenario.yaml dropoffs item 2 note: '{'n' * 40}…' has 501 characters, at most 500 are allowed"),
    "fleet type name of 101 characters": (
        {"old": "name: 45座大客车", "new": "name: " + "车" * 101},
        f"scenario.yaml fleet item 1 name: '{'车' * 40}…' has 101 characters, at most 100 are allowed"),
    "pickup point name of 101 characters": (
        {"file": "pickup_points.csv", "old": "原州区城区", "new": "城" * 101},
        f"pickup_points.csv row 1 name: '{'城' * 40}…' has 101 characters, at most 100 are allowed"),
    "pickup point address of 201 characters": (
        {"file": "pickup_points.csv", "old": "approximate,note\n", "new": "approximate,note,address\n",
         "append": "P-X,点,640402,36.0,106.28,no,," + "址" * 201 + "\n"},
        f"pickup_points.csv row 3 address: '{'址' * 40}…' has 201 characters, at most 200 are allowed"),
    "pickup point note of 501 characters": (
        {"file": "pickup_points.csv", "old": "guessed point", "new": "n" * 501},
        f"pickup_points.csv row 2 note: '{'n' * 40}…' has 501 characters, at most 500 are allowed"),
    "employer name of 101 characters": (
        {"file": "employers.csv", "old": "共享集团", "new": "企" * 101},
        f"employers.csv row 2 name: '{'企' * 40}…' has 101 characters, at most 100 are allowed"),
    "employer note of 501 characters": (
        {"file": "employers.csv", "old": "E2,共享集团,G2,no,", "new": "E2,共享集团,G2,no," + "n" * 501},
        f"employers.csv row 2 note: '{'n' * 40}…' has 501 characters, at most 500 are allowed"),
    "crew name of 101 characters": (
        {"file": "crew.csv", "append": CREW + "宁A·T0001,driver," + "甲" * 101 + ",\n"},
        f"crew.csv row 1 name: '{'甲' * 40}…' has 101 characters, at most 100 are allowed"),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_a_value_past_a_limit_is_named(case: str, tmp_path: Path) -> None:
    change, *expected = CASES[case]
    assert problems_of(variant(tmp_path, **change)) == expected


def test_a_crew_csv_that_is_a_folder(tmp_path: Path) -> None:
    folder = variant(tmp_path)
    (folder / "crew.csv").mkdir()
    assert problems_of(folder) == ["crew.csv: is not a file"]


def test_notes_and_addresses_may_break_lines(tmp_path: Path) -> None:
    """A line break is a control character in a name, not in a note (a quoted CSV cell may hold one)."""
    folder = variant(tmp_path, file="pickup_points.csv", old="guessed point", new='"guessed\npoint"')
    assert loads(folder).pickup_points[1].note == "guessed\npoint"


def _limits_section() -> str:
    text = (ROOT / "scenarios" / "README.md").read_text(encoding="utf-8")
    return text.split("\n## Limits\n", 1)[1].split("\n## ", 1)[0]


@pytest.mark.parametrize("name", sorted(n for n in vars(limits) if n.isupper()))
def test_every_limit_is_in_the_readme(name: str) -> None:
    """scenarios/README.md's Limits section gives every number of routing.scenario.limits."""
    value = getattr(limits, name)
    numbers = value if isinstance(value, tuple) else (value,)
    section = _limits_section()
    for x in numbers:
        shown = {f"{x:,}", f"{x:g}", f"{x:,.0f}"} if isinstance(x, float) else {f"{x:,}", str(x)}
        if x == limits.MAX_YAML_BYTES or x == limits.MAX_TABLE_BYTES:
            shown.add(f"{x // 1_048_576} MB")
        assert any(re.search(rf"(?<![\d,.]){re.escape(s)}(?![\d]|[,.]\d)", section) for s in shown), (name, x)
