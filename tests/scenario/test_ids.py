"""Ids at the door (``routing.ids.id_problem``), ids and plates unique, plates and names without control
characters."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from routing.cli import main
from tests.helpers import DATA
from tests.scenario.folders import loads, problems_of, variant

ID_RULE = "may hold only letters, digits, '_', '-', '.' and '·', and may not start with '.' or '-'"
PLATE_RULE = "may hold only letters, digits, '·', '-', '.' and spaces"
FLEET_ITEM = "scenario.yaml fleet item 1"
ANOTHER_TYPE = "  - {{id: {id}, seats: 45, count: 1, cost_per_km: 8, fixed_cost: 7, depot: D1{extra}}}\n"

# (change to valid_small, the problems it must give: one, or one and what follows from it)
CASES = {
    # coach type ids become file names: no path may come out of one (OSError, or files outside the output folder)
    "fleet id a/b": (
        {"old": "id: C45", "new": "id: a/b"},
        f"{FLEET_ITEM} id: 'a/b' {ID_RULE} (found '/')"),
    "fleet id ../../escaped": (
        {"old": "id: C45", "new": 'id: "../../escaped"'},
        f"{FLEET_ITEM} id: '../../escaped' {ID_RULE} (found '/')"),
    "fleet id /some/where/evil": (
        {"old": "id: C45", "new": "id: /some/where/evil"},
        f"{FLEET_ITEM} id: '/some/where/evil' {ID_RULE} (found '/')"),
    "fleet id of 300 characters": (
        {"old": "id: C45", "new": "id: " + "C" * 300},
        f"{FLEET_ITEM} id: '{'C' * 40}…' has 300 characters, at most 64 are allowed"),
    "fleet id with NUL": (
        {"old": "id: C45", "new": 'id: "C\\0"'},
        f"{FLEET_ITEM} id: 'C\\x00' {ID_RULE} (found '\\x00')"),
    "fleet id a number": (
        {"old": "id: C45", "new": "id: 45"},
        f"{FLEET_ITEM} id: 45 is not text; write it in quotes"),
    "depot id with a space": (  # and the fleet's depot D1 is then none of those written
        {"old": "id: D1,", "new": "id: D 1,"},
        f"scenario.yaml depots item 1 id: 'D 1' {ID_RULE} (found ' ')",
        "scenario.yaml depots: no usable depot",
        "scenario.yaml fleet item 1: depot 'D1' is not one of the depots"),
    "dropoff id empty": (  # and employer E1's gate G1 is then none of those written
        {"old": "id: G1,", "new": "id: '',"},
        "scenario.yaml dropoffs item 1 id: is empty",
        "employers.csv row 1 dropoff: 'G1' is not one of the dropoffs in scenario.yaml"),
    "pickup point id with a slash": (
        {"file": "pickup_points.csv", "old": "P-YZ,", "new": "P/YZ,"},
        f"pickup_points.csv row 1 id: 'P/YZ' {ID_RULE} (found '/')"),
    "pickup point id starting with a dot": (
        {"file": "pickup_points.csv", "old": "P-YZ,", "new": ".P-YZ,"},
        f"pickup_points.csv row 1 id: '.P-YZ' {ID_RULE} (found its first character)"),
    "employer id ../E2": (
        {"file": "employers.csv", "old": "E2,", "new": "../E2,"},
        f"employers.csv row 2 id: '../E2' {ID_RULE} (found '/')"),
    # duplicates (the first employer's gate was used before)
    "employer id twice": (
        {"file": "employers.csv", "old": "E2,共享集团,G2", "new": "E1,共享集团,G2"},
        "employers.csv row 2 id: 'E1' is also the id of employers.csv row 1"),
    "pickup point id twice": (
        {"file": "pickup_points.csv", "old": "P-XJ,", "new": "P-YZ,"},
        "pickup_points.csv row 2 id: 'P-YZ' is also the id of pickup_points.csv row 1"),
    "pickup point with a depot's id": (
        {"file": "pickup_points.csv", "old": "P-XJ,", "new": "D1,"},
        "pickup_points.csv row 2 id: 'D1' is also the id of scenario.yaml depots item 1"),
    "depot id twice": (
        {"old": "depots:\n", "new": "depots:\n  - {id: D1, name: 车场, lat: 38.5, lon: 106.15}\n"},
        "scenario.yaml depots item 2 id: 'D1' is also the id of scenario.yaml depots item 1"),
    "dropoff id twice": (  # and employer E2's gate G2 is then none of those written
        {"old": "id: G2,", "new": "id: G1,"},
        "employers.csv row 2 dropoff: 'G2' is not one of the dropoffs in scenario.yaml",
        "scenario.yaml dropoffs item 2 id: 'G1' is also the id of scenario.yaml dropoffs item 1"),
    "fleet type id twice": (
        {"append": ANOTHER_TYPE.format(id="C45", extra="")},
        "scenario.yaml fleet item 2 id: 'C45' is also the id of fleet item 1"),
    "fleet type ids equal but for case": (
        {"append": ANOTHER_TYPE.format(id="c45", extra="")},
        ("scenario.yaml fleet item 2 id: 'c45' differs from 'C45' of fleet item 1 only in letter case (the coaches' "
        "files would have the same name on Windows and macOS)")),
    # plates
    "plate twice in the fleet": (
        {"append": ANOTHER_TYPE.format(id="C46", extra=", plates: [宁A·T0001]")},
        "scenario.yaml fleet item 2 plates item 1: '宁A·T0001' is also the plate of fleet item 1 plates item 1"),
    "plate twice in one type": (
        {"old": "[宁A·T0001, 宁A·T0002]", "new": "[宁A·T0001, 宁A·T0001]"},
        f"{FLEET_ITEM} plates item 2: '宁A·T0001' is also the plate of fleet item 1 plates item 1"),
    "plate with mathtext": (
        {"old": "宁A·T0002", "new": "$\\undefined$"},
        f"{FLEET_ITEM} plates item 2: '$\\\\undefined$' {PLATE_RULE} (found '$', '\\\\')"),
    "plate with a tab": (
        {"old": "宁A·T0002", "new": '"宁A\\tT0002"'},
        f"{FLEET_ITEM} plates item 2: '宁A\\tT0002' {PLATE_RULE} (found '\\t')"),
    "plate of 17 characters": (
        {"old": "宁A·T0002", "new": "宁A·T0002000000000"},
        f"{FLEET_ITEM} plates item 2: '宁A·T0002000000000' has 17 characters, at most 16 are allowed"),
    "plate a number": (
        {"old": "宁A·T0002", "new": "12345"},
        f"{FLEET_ITEM} plates item 2: 12345 is not text; write it in quotes"),
    "plate with a space at the end": (
        {"old": "宁A·T0002", "new": "'宁A T0002 '"},
        f"{FLEET_ITEM} plates item 2: '宁A T0002 ' begins or ends with a space"),
    "more plates than coaches": (
        {"old": "宁A·T0002]", "new": "宁A·T0002, 宁A·T0003]"},
        f"{FLEET_ITEM} plates: lists 3 plates for 2 coaches"),
    # names without control characters (the name is in every output, and in the dispatch chart's title)
    "name with a bell": (
        {"old": "name: 小样 (tiny test batch)", "new": 'name: "小样\\a"'},
        "scenario.yaml name: '小样\\x07' contains the control character U+0007; remove it"),
    "name with a line break": (
        {"old": "name: 小样 (tiny test batch)", "new": 'name: "小样\\n第二行"'},
        "scenario.yaml name: '小样\\n第二行' contains the control character U+000A; remove it"),
    "name with a right-to-left override": (
        {"old": "name: 小样 (tiny test batch)", "new": 'name: "小样\\u202e"'},
        "scenario.yaml name: '小样\\u202e' contains the control character U+202E; remove it"),
    "fleet type name with NUL": (
        {"old": "name: 45座大客车", "new": 'name: "45座\\0"'},
        f"{FLEET_ITEM} name: '45座\\x00' contains the control character U+0000; remove it"),
    "pickup point name with a bell": (
        {"file": "pickup_points.csv", "old": "原州区城区", "new": "原州\x07区"},
        "pickup_points.csv row 1 name: '原州\\x07区' contains the control character U+0007; remove it"),
    "crew name with an escape": (
        {"file": "crew.csv", "append": "plate,role,name,phone\n宁A·T0001,driver,甲\x1b,13900000000\n"},
        "crew.csv row 1 name: '甲\\x1b' contains the control character U+001B; remove it"),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_a_bad_or_repeated_id_or_plate_is_named(case: str, tmp_path: Path) -> None:
    change, *expected = CASES[case]
    assert problems_of(variant(tmp_path, **change)) == expected


def test_an_escaping_fleet_id_writes_nothing(tmp_path: Path) -> None:
    """tests/data/escaping_fleet_id: plan exits 2 naming the field, and writes no file anywhere."""
    out = tmp_path / "deep" / "out"
    result = CliRunner().invoke(main, ["plan", str(DATA / "escaping_fleet_id"), "-o", str(out), "--solutions", "5"])
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        "Error: the scenario has 1 problem(s):",
        f"  scenario.yaml fleet item 1 id: '../../escaped' {ID_RULE} (found '/')"]
    assert list(tmp_path.rglob("*")) == []


def test_good_ids_and_plates_load(tmp_path: Path) -> None:
    """Chinese ids, '·' and '.', plates with a space, a hyphen or a dot, all as written."""
    folder = variant(tmp_path, old="id: C45, name: 45座大客车", new="id: 大客车_45·A.1, name: 45座大客车",
                     append="")
    text = (folder / "scenario.yaml").read_text(encoding="utf-8")
    (folder / "scenario.yaml").write_text(text.replace("[宁A·T0001, 宁A·T0002]", "['宁A T0001', 宁A-T0002.学]"),
                                          encoding="utf-8")
    (bus,) = loads(folder).fleet
    assert (bus.id, bus.plates) == ("大客车_45·A.1", ("宁A T0001", "宁A-T0002.学"))
