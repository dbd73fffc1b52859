"""Coach ids never decide where a file goes: a crafted plan.json writes only inside the folder asked for."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from routing.cli import main
from tests.helpers import DATA

RELATIVE = ["../../escaped", "a/b", "x" * 300]


def test_manifest_and_map_of_hostile_coach_ids_stay_in_their_folder(tmp_path: Path) -> None:
    """A plan.json whose coaches are renamed to paths: manifests, maps and check stay inside, and check objects."""
    runner = CliRunner()
    evil = tmp_path / "elsewhere" / "evil"  # an absolute id: where no file of the run may appear
    hostile = [RELATIVE[0], str(evil), *RELATIVE[1:]]
    base = tmp_path / "work" / "plan"
    assert runner.invoke(main, ["plan", str(DATA / "valid_small"), "-o", str(base), "--silent"]).exit_code == 0
    data = json.loads((base / "plan.json").read_text(encoding="utf-8"))
    first = data["buses"][0]  # the one coach, and copies of it under the other ids (carrying nobody)
    data["buses"] = [{**first, "id": hostile[0]}] + [{**first, "id": h, "stops": [
        {**s, "board": [], "alight": []} for s in first["stops"]]} for h in hostile[1:]]
    for a in data["assignments"]:
        a["bus_id"] = hostile[0]
    crafted = tmp_path / "work" / "crafted" / "plan.json"
    crafted.parent.mkdir()
    crafted.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    out = tmp_path / "work" / "out"
    result = runner.invoke(main, ["manifest", str(crafted), "--scenario", str(DATA / "valid_small"), "-o", str(out),
                                  "--format", "pdf,html,csv,xlsx"])
    assert result.exit_code == 0, result.output
    result = runner.invoke(main, ["map", str(crafted), "-o", str(out / "map.html")])
    assert result.exit_code == 0, result.output
    written = [p for p in tmp_path.rglob("*") if p.is_file()]
    assert all(p.resolve().is_relative_to((tmp_path / "work").resolve()) for p in written)
    assert not (tmp_path / "escaped-1.csv").exists() and not evil.parent.exists()
    assert sorted(p.parent.name for p in out.rglob("*.pdf")) == ["manifests"] * len(hostile)
    checked = runner.invoke(main, ["check", str(crafted), "--scenario", str(DATA / "valid_small")])
    assert checked.exit_code == 1
    assert f"Violation: coach {hostile[0]!r} is not a coach the scenario charters" in checked.output
