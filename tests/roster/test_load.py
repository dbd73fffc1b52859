"""The roster as the scenario loader sees it: sources, ids, the geocoder switch, and junk that never
crashes the loader and never loses a row."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from routing.errors import ScenarioError
from routing.model import RejectedRecord
from routing.roster.load import geocoder_of, roster_sources, unique_ids
from routing.roster.model import CleanRecord
from routing.scenario.load import load_scenario
from tests.helpers import DATA

VALID = DATA / "valid_small"


def test_no_geocoder_unless_the_scenario_asks() -> None:
    """No geocoder key: none is used."""
    assert geocoder_of(None) == (None, [])


def test_a_geocoder_needs_its_key_in_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """The key is read from the variable named; a missing variable or a bad spec is a scenario problem."""
    monkeypatch.delenv("RB_TEST_AK", raising=False)
    assert geocoder_of({"provider": "baidu", "key_env": "RB_TEST_AK"})[1] == [
        "scenario.yaml geocoder: the environment variable RB_TEST_AK holding the API key is not set"]
    assert geocoder_of({"provider": "google"})[0] is None and geocoder_of({"provider": "google"})[1]
    monkeypatch.setenv("RB_TEST_AK", "k")
    found, problems = geocoder_of({"provider": "baidu", "key_env": "RB_TEST_AK"})
    assert problems == [] and callable(found)


def test_sources_from_a_folder_a_file_and_a_list(tmp_path: Path) -> None:
    """A folder gives its .xlsx and .csv files by name (not Excel's ~$ lock files); a missing file is named."""
    (tmp_path / "r").mkdir()
    for name in ("b.csv", "a.xlsx", "~$a.xlsx", "notes.txt"):
        (tmp_path / "r" / name).write_text("x", encoding="utf-8")
    sources, problems = roster_sources(["r", {"file": "r/b.csv", "employer": "E1"}, "gone.csv"], tmp_path)
    assert [(s.name, s.employer) for s in sources] == [("r/a.xlsx", ""), ("r/b.csv", ""), ("r/b.csv", "E1")]
    assert problems == [f"scenario.yaml workers item 3: 'gone.csv' does not exist in {tmp_path}"]


def _rec(file: str, row: int, rid: str) -> CleanRecord:
    return CleanRecord(file, row, rid, "n", "M", "", "", 36.0, 106.0, "", "", "E1", "green", True)


def test_ids_repeating_across_files_are_renamed_and_reported() -> None:
    """序号 1 in two files: the second becomes <stem>-1; a record without an id gets <stem>-r<row>."""
    ids, problems = unique_ids([_rec("a.xlsx", 3, "1"), _rec("b.csv", 2, "1"), _rec("b.csv", 3, ""),
                                RejectedRecord("b.csv", 4, "1", "x", 0, ("bad",))])
    assert ids == ["1", "b-1", "b-r3", "b-r4"]
    assert [(p.file, p.row, p.severity) for p in problems] == [("b.csv", 2, "repair"), ("b.csv", 4, "repair")]


JUNK = st.one_of(st.text(max_size=25), st.integers(-10**20, 10**20).map(str),
                 st.floats(allow_nan=True, allow_infinity=True).map(str), st.sampled_from(["", " ", "绿码", "有", "E1",
                                                                                         "640422199001010011"]))
COLUMNS = ["序号", "姓名", "性别", "身份证号码", "联系电话", "家庭住址", "纬度", "经度", "用工单位", "健康码", "健康证明",
           "随行家属"]


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=st.lists(st.lists(JUNK, min_size=len(COLUMNS), max_size=len(COLUMNS)), min_size=1, max_size=12))
def test_junk_in_every_field_never_crashes_and_loses_no_row(tmp_path_factory: pytest.TempPathFactory,
                                                          rows: list[list[str]]) -> None:
    """Any junk under Chinese headers: the scenario loads, and every non-empty row is a worker or rejected."""
    folder = tmp_path_factory.mktemp("junk") / "sc"
    shutil.copytree(VALID, folder)
    with (folder / "workers.csv").open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(COLUMNS)
        writer.writerows([[c.replace("\r", " ").replace("\n", " ").replace("\x00", "") for c in r] for r in rows])
    written = sum(1 for r in rows if any(c.replace("\r", " ").replace("\n", " ").replace("\x00", "").strip()
                                         for c in r))
    if written == 0:  # only empty rows: the roster holds nobody, which stops the scenario
        with pytest.raises(ScenarioError, match="holds no workers"):
            load_scenario(folder)
        return
    sc = load_scenario(folder)
    assert len(sc.workers) + len(sc.rejected) == written
    assert len({w.id for w in sc.workers} | {r.id for r in sc.rejected}) == written
    reported = {(p.file, p.row) for p in sc.roster_problems}
    assert all((r.file, r.row) in reported for r in sc.rejected)
