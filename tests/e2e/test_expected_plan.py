"""The Guyuan batch's plan, as a checked-in file: any change to the plan shows as a diff.

After a change that is meant to change the plan, write the new expected file and review the diff:

    .venv/bin/python -m tests.e2e.test_expected_plan
"""

from __future__ import annotations

import difflib
import json
from typing import Any

from routing.pipeline import make_plan
from routing.plan.codec import plan_to_dict
from routing.scenario.load import load_scenario
from tests.helpers import DATA, GUYUAN

EXPECTED = DATA / "expected" / "guyuan-2020-02-21.plan.json"


def normalised(plan_dict: dict[str, Any]) -> str:
    """plan.json with what changes from run to run or machine to machine blanked: the solve time, the folder."""
    d = json.loads(json.dumps(plan_dict))
    d["summary"]["solve_seconds"] = 0.0
    d["scenario"]["folder"] = ""
    return json.dumps(d, ensure_ascii=False, indent=1) + "\n"


def _guyuan() -> str:
    return normalised(plan_to_dict(make_plan(load_scenario(GUYUAN))))


def test_guyuan_plan_is_the_expected_one() -> None:
    """The bundled Guyuan scenario plans to the checked-in plan, timings and folder aside."""
    got, want = _guyuan(), EXPECTED.read_text(encoding="utf-8")
    diff = list(difflib.unified_diff(want.splitlines(), got.splitlines(), "expected", "now", lineterm="", n=2))
    assert not diff, "the plan changed (update with: python -m tests.e2e.test_expected_plan):\n" + "\n".join(diff[:60])


def test_normalising_blanks_only_timings_and_folder() -> None:
    """Two dicts that differ only in solve time and folder normalise alike; any other difference shows."""
    a = {"scenario": {"folder": "/a", "name": "x"}, "summary": {"solve_seconds": 1.5, "buses_used": 7}}
    b = {"scenario": {"folder": "/b", "name": "x"}, "summary": {"solve_seconds": 9.0, "buses_used": 7}}
    c = {"scenario": {"folder": "/b", "name": "x"}, "summary": {"solve_seconds": 9.0, "buses_used": 8}}
    assert normalised(a) == normalised(b) != normalised(c)


if __name__ == "__main__":
    EXPECTED.write_text(_guyuan(), encoding="utf-8")
    print(f"wrote {EXPECTED}")
