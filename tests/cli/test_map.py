"""Tests for routing.cli.map: ``returnbus map PLAN.json -o map.html [--tiles] [--bus]``."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from routing.cli import main
from routing.plan.codec import write_plan
from routing.plan.model import Plan

DATA = re.compile(r"\}\)\(map_\w+, layer_control_\w+, (\{.*\})\);\n")


def run(*args: str | Path) -> Result:
    """Invoke returnbus with these arguments."""
    return CliRunner().invoke(main, [str(a) for a in args], prog_name="returnbus")


@pytest.fixture
def plan_file(tiny_plan: Plan, tmp_path: Path) -> Path:
    """The tiny plan written as plan.json."""
    path = tmp_path / "plan.json"
    write_plan(tiny_plan, path)
    return path


def drawn(path: Path) -> dict[str, Any]:
    """The layer data of a written map."""
    found = DATA.search(path.read_text(encoding="utf-8"))
    assert found
    data: dict[str, Any] = json.loads(found.group(1))
    return data


def test_help_says_what_it_does() -> None:
    """returnbus map --help shows the usage and every option; the group lists the command."""
    result = run("map", "--help")
    assert result.exit_code == 0
    assert "Usage: returnbus map [OPTIONS] PLAN.json" in result.output
    assert "--tiles" in result.output and "--bus" in result.output and "no network" in result.output
    assert "map " in run("--help").output


def test_batch_map(plan_file: Path, tmp_path: Path) -> None:
    """The whole batch: every coach, the home cells, and a line saying what was written."""
    out = tmp_path / "site" / "map.html"
    result = run("map", plan_file, "-o", out)
    assert result.exit_code == 0, result.output
    assert result.output == f"Wrote {out} (2 coaches; basemap none); it opens with no network.\n"
    data = drawn(out)
    assert len(data["coaches"]) == 2 and len(data["homes"]) > 0


def test_one_coach(plan_file: Path, tmp_path: Path) -> None:
    """--bus C45-2 draws only that coach."""
    out = tmp_path / "c.html"
    result = run("map", plan_file, "-o", out, "--bus", "C45-2", "--tiles", "amap")
    assert result.exit_code == 0, result.output
    data = drawn(out)
    assert [c["cls"] for c in data["coaches"]] == ["rb-route rb-route-1"]
    assert "C45-1" not in json.dumps(data, ensure_ascii=False)


def test_unknown_coach_exits_2_naming_the_coaches(plan_file: Path, tmp_path: Path) -> None:
    """An unknown --bus is refused with the plan's coach ids; nothing is written."""
    result = run("map", plan_file, "-o", tmp_path / "m.html", "--bus", "C99")
    assert result.exit_code == 2
    assert result.output == f"Error: no coach C99 in {plan_file}; its coaches are C45-1, C45-2.\n"
    assert not (tmp_path / "m.html").exists()


def test_missing_plan_exits_2(tmp_path: Path) -> None:
    """A plan file that does not exist is named in the error."""
    result = run("map", tmp_path / "nope.json", "-o", tmp_path / "m.html")
    assert result.exit_code == 2
    assert result.output == f"Error: {tmp_path / 'nope.json'}: no such file.\n"


def test_bad_plan_exits_2(tmp_path: Path) -> None:
    """A file that is not a plan is refused with exit 2."""
    bad = tmp_path / "plan.json"
    bad.write_text("{not json", encoding="utf-8")
    result = run("map", bad, "-o", tmp_path / "m.html")
    assert result.exit_code == 2 and result.output.startswith(f"Error: {bad}")


def test_bad_tiles_exit_2(plan_file: Path, tmp_path: Path) -> None:
    """An unknown basemap is refused with exit 2, naming the choices."""
    result = run("map", plan_file, "-o", tmp_path / "m.html", "--tiles", "google")
    assert result.exit_code == 2
    assert "Invalid value for '--tiles': unknown basemap 'google': use none, osm, amap" in result.output
