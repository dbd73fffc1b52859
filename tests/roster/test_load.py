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
    """A folder gives every file in it by name (Excel's ~$ lock files skipped with a note; notes.txt is read,
    or refused, as a roster); a file named again is one source, taking the employer given; a missing file is named."""
    (tmp_path / "r").mkdir()
    for name in ("b.csv", "a.xlsx", "~$a.xlsx", "notes.txt"):
        (tmp_path / "r" / name).write_text("x", encoding="utf-8")
    sources, problems = roster_sources(["r", {"file": "r/b.csv", "employer": "E1"}, "gone.csv"], tmp_path)
    assert [(s.name, s.employer) for s in sources] == [("r/a.xlsx", ""), ("r/b.csv", "E1"), ("r/notes.txt", "")]
    assert problems == [f"scenario.yaml workers item 3: 'gone.csv' does not exist in {tmp_path}"]
    assert [(p.file, p.value, p.problem, p.severity) for s in sources for p in s.notes] == [
        ("r/", "r/~$a.xlsx", ("not read: a hidden or temporary file (such as Excel's ~$ lock file or .DS_Store), not a "
                             "roster"), "warn"),
        ("r/b.csv", "r/b.csv", ("the same file is named twice in scenario.yaml workers: in folder 'r' and as 'r/b.csv'; "
                               "it is read once, with employer E1"), "warn")]


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


def test_subfolders_are_read_and_mac_leftovers_named(tmp_path: Path) -> None:
    """Files in subfolders are sources too, by name at each level; __MACOSX and Thumbs.db are named as skipped."""
    for name in ("村委会/西吉/b.csv", "村委会/a.xlsx", "村委会/__MACOSX/._a.xlsx", "村委会/Thumbs.db",
                 "村委会/海原/c.xls"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("x", encoding="utf-8")
    sources, problems = roster_sources("村委会/", tmp_path)
    assert problems == []
    assert [s.name for s in sources] == ["村委会/a.xlsx", "村委会/海原/c.xls", "村委会/西吉/b.csv"]
    assert [(p.file, p.value) for p in sources[0].notes] == [("村委会/", "村委会/Thumbs.db"), ("村委会/", "村委会/__MACOSX")]


def test_workers_csv_and_workers_xlsx_side_by_side(tmp_path: Path) -> None:
    """Without 'workers:' the folder's workers.csv is the roster; a workers.xlsx beside it is named as not read."""
    for name in ("workers.csv", "workers.xlsx"):
        (tmp_path / name).write_text("x", encoding="utf-8")
    sources, problems = roster_sources(None, tmp_path)
    assert problems == [] and [s.name for s in sources] == ["workers.csv"]
    assert [(p.file, p.problem, p.fix) for p in sources[0].notes] == [
        ("workers.xlsx", "not read: the folder has workers.csv too, which is the roster",
         "delete one of them, or name both with 'workers:' in scenario.yaml")]


def test_an_empty_roster_folder_is_a_problem(tmp_path: Path) -> None:
    """A folder holding only hidden files names no roster."""
    (tmp_path / "r").mkdir()
    (tmp_path / "r" / ".DS_Store").write_bytes(b"\x00")
    assert roster_sources("r", tmp_path) == ([], [
        "scenario.yaml workers: folder 'r' holds no roster file (.xlsx, .xlsm, .xls, .csv, .txt)"])


def test_a_broken_link_in_a_roster_folder_is_refused_by_name(tmp_path: Path) -> None:
    """A link to a file that is gone is not skipped: reading it names it."""
    (tmp_path / "sc").mkdir()
    shutil.copytree(VALID, tmp_path / "sc", dirs_exist_ok=True)
    (tmp_path / "sc" / "r").mkdir()
    shutil.copy(VALID / "workers.csv", tmp_path / "sc" / "r" / "a.csv")
    (tmp_path / "sc" / "r" / "b.csv").symlink_to(tmp_path / "gone.csv")
    (tmp_path / "sc" / "workers.csv").unlink()
    with (tmp_path / "sc" / "scenario.yaml").open("a", encoding="utf-8") as f:
        f.write("workers: r/\n")
    with pytest.raises(ScenarioError) as info:
        load_scenario(tmp_path / "sc")
    assert info.value.problems == [("r/b.csv: cannot be read (No such file or directory); check that the file exists "
                                   "and that you may read it.")]
