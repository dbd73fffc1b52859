"""Tests for routing.cli: help, validate, plan and check through click's CliRunner."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from routing.cli import main
from routing.errors import ScenarioError, SolverError
from routing.plan.model import SCHEMA
from routing.scenario.load import load_scenario
from tests.helpers import DATA

VALID = DATA / "valid_small"
BAD_FOLDERS = ["bad_coordinates", "bad_yaml", "deadline_before_start", "many_problems", "missing_depot_ref"]
ROSTER_ONLY = ["duplicate_worker_id", "unknown_county", "unknown_employer"]  # these plan
SUMMARY = ": 5 of 6 workers seated, 6 passengers on 1 coaches (lower bound 1, +0.0%; 2 chartered)"


def run(*args: str | Path) -> Result:
    """Invoke returnbus with these arguments; stdout and stderr kept apart."""
    return CliRunner().invoke(main, [str(a) for a in args], prog_name="returnbus")


@pytest.fixture(scope="module")
def planned(tmp_path_factory: pytest.TempPathFactory) -> tuple[Result, Path]:
    """valid_small planned once into a fresh output folder (kept quick with --solutions 20)."""
    out = tmp_path_factory.mktemp("cli") / "out"
    return run("plan", VALID, "-o", out, "--solutions", "20", "--silent"), out


@pytest.fixture
def plan_data(planned: tuple[Result, Path]) -> dict[str, Any]:
    """A fresh copy of the planned plan.json's data, for tampering."""
    return json.loads((planned[1] / "plan.json").read_text(encoding="utf-8"))


def write_json(path: Path, data: dict[str, Any]) -> Path:
    """Write data as a plan.json-like file and return its path."""
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


# --- help -------------------------------------------------------------------------------


def test_group_help_lists_every_command() -> None:
    """returnbus --help says what the tool does and lists plan, validate and check."""
    result = run("--help")
    assert result.exit_code == 0
    assert "Plan point-to-point charter coaches that bring workers back to their jobs." in result.stdout
    for name in ("plan", "validate", "check", "manifest"):
        assert f"\n  {name} " in result.stdout


@pytest.mark.parametrize(("command", "says"), [
    ("plan", "Plan SCENARIO and write every output to OUT."),
    ("manifest", "Write the passenger manifests of PLAN.json"),
    ("validate", "Check SCENARIO's files without planning"),
    ("check", "Re-check every rule of PLAN.json against its scenario"),
])
def test_command_help(command: str, says: str) -> None:
    """Each command's --help exits 0, shows its usage and says what it does."""
    result = run(command, "--help")
    assert result.exit_code == 0
    assert result.stdout.startswith(f"Usage: returnbus {command} [OPTIONS] ")
    assert says in " ".join(result.stdout.split())
    assert "--debug" in result.stdout


def test_every_command_has_help() -> None:
    """No command is left without a help text."""
    assert sorted(main.commands) == ["check", "manifest", "map", "new", "plan", "scenario", "validate"]
    for name, command in main.commands.items():
        assert command.help and len(command.help) > 20, name


def test_plan_help_lists_its_options() -> None:
    """plan --help documents the output folder, seed and solution limit."""
    text = run("plan", "--help").stdout
    for option in ("-o, --out", "--seed", "--time-limit", "--solutions", "--tiles", "--full-id", "--formats",
                   "--silent"):
        assert option in text


def test_version() -> None:
    """--version prints the package version."""
    result = run("--version")
    assert result.exit_code == 0
    assert result.stdout == "returnbus, version 0.1.0\n"


# --- validate ---------------------------------------------------------------------------


def test_validate_valid_small(tmp_path: Path) -> None:
    """validate on the tiny folder exits 0, sums up the roster and who may board, and writes its two files."""
    result = run("validate", VALID, "-o", tmp_path)
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [
        f"{VALID}: OK - 6 roster records from workers.csv (utf-8, 6 records)",
        "  6 valid (0 repaired), 0 rejected (planned as invalid_record)",
        f"  findings: 2 warn -> {tmp_path / 'problems.csv'}; cleaned roster -> {tmp_path / 'roster_clean.csv'}",
        "  6 workers (7 people with companions), 2 pickup points, 2 coaches, 2 employers",
        "  5 may board; 1 will be exceptions at screening",
        "    1 code_not_green",
        "  W5: code_not_green - health code is yellow",
    ]
    assert result.stderr == ""


@pytest.mark.parametrize("folder", BAD_FOLDERS)
def test_validate_bad_folder_exits_2(folder: str) -> None:
    """validate on a bad folder exits 2 and lists every problem on stderr, without a traceback."""
    with pytest.raises(ScenarioError) as info:
        load_scenario(DATA / folder)
    problems = info.value.problems
    result = run("validate", DATA / folder)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.splitlines() == [f"Error: the scenario has {len(problems)} problem(s):",
                                          *(f"  {p}" for p in problems)]
    assert "Traceback" not in result.output


def test_validate_many_problems_lists_all_four() -> None:
    """All four problems outside the roster of many_problems come out in one run."""
    result = run("validate", DATA / "many_problems")
    assert result.exit_code == 2
    assert result.stderr.splitlines()[0] == "Error: the scenario has 4 problem(s):"
    assert "  scenario.yaml fleet item 1: depot 'D9' is not one of the depots" in result.stderr.splitlines()


@pytest.mark.parametrize("folder", ROSTER_ONLY)
def test_validate_a_folder_with_roster_problems_exits_0(folder: str, tmp_path: Path) -> None:
    """Roster problems do not stop a scenario: exit 0, and problems.csv lists them with a fix each."""
    result = run("validate", DATA / folder, "-o", tmp_path)
    assert result.exit_code == 0, result.output
    with (tmp_path / "problems.csv").open(encoding="utf-8-sig") as f:
        rows = list(csv.DictReader(f))
    assert rows and all(r["file"] == "workers.csv" and r["problem"] and r["fix"] for r in rows)


def test_validate_a_roster_without_a_column_the_policy_needs_exits_2() -> None:
    """missing_column has no certificate column, which the default rules.screening 'both' needs: exit 2."""
    result = run("validate", DATA / "missing_column")
    assert result.exit_code == 2
    assert result.stderr == ("Error: the scenario has 1 problem(s):\n  workers.csv: has no certificate column "
                             "(无外出证明), which rules.screening 'both' requires; add the column, or set "
                             "rules.screening to 'code'\n")


def test_validate_missing_folder(tmp_path: Path) -> None:
    """A scenario folder that does not exist exits 2 naming it."""
    missing = tmp_path / "no-such-scenario"
    result = run("validate", missing)
    assert result.exit_code == 2
    assert result.stderr == f"Error: the scenario has 1 problem(s):\n  {missing}: not a folder\n"


def test_validate_internal_error_exit_1(monkeypatch: pytest.MonkeyPatch) -> None:
    """An unexpected exception exits 1 with a one-line message; --debug adds the traceback."""
    def boom(*_: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr("routing.cli.validate.screen", boom)
    result = run("validate", VALID)
    assert result.exit_code == 1
    assert result.stderr == "Internal error: RuntimeError: boom (run with --debug for the traceback)\n"
    debug = run("validate", VALID, "--debug")
    assert debug.exit_code == 1
    assert "Traceback (most recent call last)" in debug.stderr
    assert "RuntimeError: boom" in debug.stderr


# --- plan -------------------------------------------------------------------------------


def test_plan_exits_0_with_a_summary(planned: tuple[Result, Path]) -> None:
    """plan prints the summary on stdout: who is seated, on how many coaches, who is not."""
    result, out = planned
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0].startswith("小样 (tiny test batch)")
    assert lines[0].endswith(SUMMARY)
    assert lines[1].startswith("  ") and " km (bound " in lines[1] and "), CNY " in lines[1]
    assert "  unassigned: 1 code_not_green" in lines
    assert lines[-1] == f"Outputs in {out}/: open index.html (map, manifests, timetables, dispatch chart, notices)"
    assert "PDF manifests not written" not in result.stdout
    assert "Traceback" not in result.output


OUTPUT_FILES = ("index.html", "map.html", "schedule.csv", "plan.json", "timetable.html", "dispatch.svg",
                "dispatch.png", "notices.csv", "manifests.xlsx")


def test_plan_writes_every_output(planned: tuple[Result, Path]) -> None:
    """plan writes every output, one PDF, HTML and CSV manifest and one timetable per coach; index links them."""
    _, out = planned
    for name in OUTPUT_FILES:
        assert (out / name).is_file() and (out / name).stat().st_size > 0, name
    data = json.loads((out / "plan.json").read_text(encoding="utf-8"))
    buses = [b["id"] for b in data["buses"]]
    assert buses == ["C45-1"]
    assert sorted(p.name for p in (out / "manifests").iterdir()) == ["C45-1.csv", "C45-1.html", "C45-1.pdf"]
    assert sorted(p.name for p in (out / "timetables").iterdir()) == ["C45-1.csv"]
    assert (out / "maps" / "C45-1.html").is_file() and (out / "maps" / "map-assets").is_dir()
    assert "href=\"../maps/C45-1.html\"" in (out / "manifests" / "C45-1.html").read_text(encoding="utf-8")
    index = (out / "index.html").read_text(encoding="utf-8")
    for target in ("map.html", "schedule.csv", "plan.json", "timetable.html", "notices.csv", "manifests.xlsx",
                   "manifests/C45-1.html", "manifests/C45-1.csv", "manifests/C45-1.pdf", "timetables/C45-1.csv",
                   "maps/C45-1.html"):
        assert f"href='{target}'" in index, target
    assert "<img src='dispatch.svg'" in index


def test_plan_formats_option_limits_the_manifests(tmp_path: Path) -> None:
    """--formats csv writes only CSV manifests (no PDF, HTML or workbook); index links only what exists."""
    result = run("plan", VALID, "-o", tmp_path / "o", "--solutions", "20", "--silent", "--formats", "csv")
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in (tmp_path / "o" / "manifests").iterdir()) == ["C45-1.csv"]
    assert not (tmp_path / "o" / "manifests.xlsx").exists()
    index = (tmp_path / "o" / "index.html").read_text(encoding="utf-8")
    assert "manifests.xlsx" not in index and "C45-1.pdf" not in index and "href='manifests/C45-1.csv'" in index
    assert f"returnbus manifest {tmp_path / 'o' / 'plan.json'} --format pdf" in result.stdout


def test_plan_rejects_an_unknown_format(tmp_path: Path) -> None:
    """--formats doc is refused with the list of formats, before any planning."""
    result = run("plan", VALID, "-o", tmp_path / "o", "--formats", "pdf,doc")
    assert result.exit_code == 2
    assert "choose from pdf, xlsx, html, csv" in result.output
    assert not (tmp_path / "o").exists()


def test_manifest_command_reads_the_scenario_named_in_plan_json(planned: tuple[Result, Path], tmp_path: Path) -> None:
    """manifest PLAN.json --format pdf,xlsx writes them into -o; the scenario comes from plan.json."""
    result = run("manifest", planned[1] / "plan.json", "-o", tmp_path, "--format", "pdf,xlsx")
    assert result.exit_code == 0, result.output
    assert (tmp_path / "manifests" / "C45-1.pdf").read_bytes()[:5] == b"%PDF-"
    assert (tmp_path / "manifests.xlsx").is_file()
    assert "ID numbers masked" in result.stdout


def test_manifest_full_id_copies_are_named_apart(planned: tuple[Result, Path], tmp_path: Path) -> None:
    """--full-id writes C45-1-full-id.csv with the full 18-digit ID number, beside nothing else."""
    result = run("manifest", planned[1] / "plan.json", "-o", tmp_path, "--format", "csv", "--full-id",
                 "--scenario", VALID)
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in (tmp_path / "manifests").iterdir()) == ["C45-1-full-id.csv"]
    sc = load_scenario(VALID)
    text = (tmp_path / "manifests" / "C45-1-full-id.csv").read_text(encoding="utf-8-sig")
    assert sc.workers[0].id_number in text
    assert "FULL ID" in result.stdout


def test_manifest_unknown_bus_exits_2(planned: tuple[Result, Path], tmp_path: Path) -> None:
    """--bus C99-9 is named in the error, with the plan's coaches."""
    result = run("manifest", planned[1] / "plan.json", "-o", tmp_path, "--bus", "C99-9")
    assert result.exit_code == 2
    assert "no coach C99-9 in the plan (coaches: C45-1)" in result.output


def test_manifest_without_a_scenario_folder_exits_2(plan_data: dict[str, Any], tmp_path: Path) -> None:
    """A plan.json that names no scenario folder asks for --scenario."""
    plan_data["scenario"]["folder"] = ""
    result = run("manifest", write_json(tmp_path / "plan.json", plan_data), "-o", tmp_path)
    assert result.exit_code == 2
    assert "give --scenario DIR" in result.output


def test_manifest_with_the_wrong_scenario_exits_2(planned: tuple[Result, Path], tmp_path: Path) -> None:
    """A scenario without the plan's passengers is refused with a clear message, not a traceback."""
    result = run("manifest", planned[1] / "plan.json", "-o", tmp_path, "--format", "csv",
                 "--scenario", "scenarios/guyuan-2020-02-21")
    assert result.exit_code == 2
    assert "is not a worker of the scenario" in result.output and "Traceback" not in result.output


def test_plan_json_accounts_for_everyone(planned: tuple[Result, Path]) -> None:
    """plan.json seats five workers and one companion, and lists the yellow-code worker as unassigned."""
    data = json.loads((planned[1] / "plan.json").read_text(encoding="utf-8"))
    assert data["schema"] == SCHEMA
    seated = {a["worker_id"]: a for a in data["assignments"]}
    assert sorted(seated) == ["W1", "W1/1", "W2", "W3", "W4", "W6"]
    assert seated["W1/1"]["companion_of"] == "W1"
    assert seated["W1/1"]["bus_id"] == seated["W1"]["bus_id"]
    assert [(u["worker_id"], u["reason"]) for u in data["unassigned"]] == [("W5", "code_not_green")]
    assert {a["dropoff_place_id"] for a in data["assignments"] if a["worker_id"] in ("W1", "W3")} == {"G1"}
    assert {a["dropoff_place_id"] for a in data["assignments"] if a["worker_id"] in ("W2", "W4", "W6")} == {"G2"}


def test_plan_schedule_and_manifest_rows(planned: tuple[Result, Path]) -> None:
    """schedule.csv starts and ends at the depot; the manifest lists the six passengers."""
    out = planned[1]
    with (out / "schedule.csv").open(encoding="utf-8-sig") as f:
        stops = list(csv.DictReader(f))
    assert (stops[0]["kind"], stops[0]["place_id"], stops[0]["depart"]) == ("depot", "D1", "06:30")
    assert (stops[-1]["kind"], stops[-1]["place_id"]) == ("depot", "D1")
    with (out / "manifests" / "C45-1.csv").open(encoding="utf-8-sig") as f:
        people = list(csv.DictReader(f))
    assert sorted(p["worker_id"] for p in people) == ["W1", "W1/1", "W2", "W3", "W4", "W6"]
    assert all("*" in p["phone"] for p in people)  # masked without --full-id


def test_plan_seed_option_overrides_the_scenario(tmp_path: Path) -> None:
    """--seed replaces the scenario's seed, and plan.json records it."""
    out = tmp_path / "out"
    result = run("plan", VALID, "-o", out, "--solutions", "20", "--seed", "7", "--tiles", "none", "--silent")
    assert result.exit_code == 0, result.output
    assert json.loads((out / "plan.json").read_text(encoding="utf-8"))["scenario"]["seed"] == 7


def test_plan_bad_folder_exits_2(tmp_path: Path) -> None:
    """plan on a bad folder exits 2 with the problem, and writes nothing."""
    out = tmp_path / "out"
    result = run("plan", DATA / "missing_depot_ref", "-o", out, "--solutions", "20")
    assert result.exit_code == 2
    assert result.stderr == ("Error: the scenario has 1 problem(s):\n"
                             "  scenario.yaml fleet item 1: depot 'D9' is not one of the depots\n")
    assert result.stdout == ""
    assert not out.exists()


def test_plan_missing_folder_exits_2(tmp_path: Path) -> None:
    """plan on a scenario folder that does not exist exits 2 naming it."""
    missing = tmp_path / "missing"
    result = run("plan", missing, "-o", tmp_path / "out", "--solutions", "20")
    assert result.exit_code == 2
    assert f"  {missing}: not a folder" in result.stderr.splitlines()


def test_plan_requires_out() -> None:
    """plan without -o is a usage error (exit 2)."""
    result = run("plan", VALID)
    assert result.exit_code == 2
    assert "Missing option '-o' / '--out'" in result.stderr


def test_plan_solver_failure_exits_4(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """A SolverError from the library exits 4 with its message."""
    def fail(*_: object, **__: object) -> None:
        raise SolverError("no solution found within 30 s")

    monkeypatch.setattr("routing.cli.plan.make_plan", fail)
    result = run("plan", VALID, "-o", tmp_path / "out", "--silent")
    assert result.exit_code == 4
    assert result.stderr.splitlines()[-1] == "Error: no solution found within 30 s"
    assert "Traceback" not in result.output


def test_plan_silent_prints_no_progress(planned: tuple[Result, Path]) -> None:
    """--silent leaves only the scenario's warnings on stderr: no progress bar or label."""
    assert planned[0].stderr == ""


# --- check ------------------------------------------------------------------------------


def test_check_fresh_plan_exits_0(planned: tuple[Result, Path]) -> None:
    """check agrees with the plan that plan just wrote."""
    path = planned[1] / "plan.json"
    result = run("check", path, "--scenario", VALID)
    assert result.exit_code == 0, result.output
    assert result.stdout == (f"{path}: OK - 6 passengers on 1 coaches, every worker accounted for, "
                             "no rule broken.\n")


def _drop_worker(data: dict[str, Any], wid: str) -> None:
    data["assignments"] = [a for a in data["assignments"] if a["worker_id"] != wid]
    for bus in data["buses"]:
        for stop in bus["stops"]:
            stop["board"] = [p for p in stop["board"] if p != wid]
            stop["alight"] = [p for p in stop["alight"] if p != wid]


def _seat_in_observation_rows(data: dict[str, Any], wid: str) -> None:
    next(a for a in data["assignments"] if a["worker_id"] == wid)["seat"] = 41  # 45 seats: rows 10-11 are 37..45


def _list_twice(data: dict[str, Any], wid: str) -> None:
    data["unassigned"].append({"worker_id": wid, "reason": "code_not_green", "detail": "", "companions": 0})


def _wrong_gate(data: dict[str, Any], wid: str) -> None:
    for a in data["assignments"]:
        if a["worker_id"] == wid:
            a["dropoff_place_id"] = "G1"


@pytest.mark.parametrize(("tamper", "violation"), [
    (_drop_worker, "worker W2 is neither on a seat nor unassigned"),
    (_seat_in_observation_rows, "C45-1: W2 sits in seat 41, in the observation rows"),
    (_list_twice, "passenger W2 appears 2 times (seats and unassigned together)"),
    (_wrong_gate, "worker W2 gets off at G1, but their employer's gate is G2"),
])
def test_check_tampered_plan_exits_1(tamper: Any, violation: str, plan_data: dict[str, Any], tmp_path: Path) -> None:
    """check finds a tampered plan.json, prints each violation and exits 1."""
    tamper(plan_data, "W2")
    path = write_json(tmp_path / "plan.json", plan_data)
    result = run("check", path, "--scenario", VALID)
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert f"Violation: {violation}" in lines
    assert all(line.startswith("Violation: ") for line in lines)
    assert result.stderr == f"{path}: {len(lines)} violation(s).\n"


def test_check_summary_mismatch(plan_data: dict[str, Any], tmp_path: Path) -> None:
    """A summary that miscounts the passengers is a violation."""
    plan_data["summary"]["passengers"] = 7
    path = write_json(tmp_path / "plan.json", plan_data)
    result = run("check", path, "--scenario", VALID)
    assert result.exit_code == 1
    assert result.stdout == "Violation: summary.passengers is 7, the plan holds 6\n"


def test_check_missing_file(tmp_path: Path) -> None:
    """check on a file that does not exist exits 2 naming it."""
    path = tmp_path / "nope.json"
    result = run("check", path, "--scenario", VALID)
    assert result.exit_code == 2
    assert result.stderr == f"Error: {path}: no such file.\n"


def test_check_not_json(tmp_path: Path) -> None:
    """check on a file that is not JSON reports it as a broken plan (exit 1), naming it."""
    path = tmp_path / "plan.json"
    path.write_text("this is not JSON {", encoding="utf-8")
    result = run("check", path, "--scenario", VALID)
    assert result.exit_code == 1
    assert result.stdout.startswith(f"Violation: {path}: not a readable JSON file (Expecting value")
    assert result.stderr == f"{path}: 1 violation(s): it is not a plan.json as docs/plan-json.md describes.\n"
    assert "Traceback" not in result.output


def test_check_wrong_schema(tmp_path: Path) -> None:
    """check on JSON of another kind is a broken plan (exit 1), saying which schema it found."""
    path = write_json(tmp_path / "other.json", {"schema": "vroom/1"})
    result = run("check", path, "--scenario", VALID)
    assert result.exit_code == 1
    assert result.stdout == f"Violation: {path}: schema is 'vroom/1', expected '{SCHEMA}'.\n"


def test_check_truncated_plan(tmp_path: Path) -> None:
    """A plan.json missing a section is a violation naming the field (exit 1); a missing file is exit 2."""
    path = write_json(tmp_path / "plan.json", {"schema": SCHEMA})
    result = run("check", path, "--scenario", VALID)
    assert result.exit_code == 1
    assert result.stdout == f"Violation: {path}: missing or malformed field 'scenario'.\n"
    gone = run("check", tmp_path / "none.json", "--scenario", VALID)
    assert (gone.exit_code, gone.stderr) == (2, f"Error: {tmp_path / 'none.json'}: no such file.\n")


def test_check_bad_scenario_exits_2(planned: tuple[Result, Path], tmp_path: Path) -> None:
    """check against a scenario folder that does not exist exits 2."""
    missing = tmp_path / "gone"
    result = run("check", planned[1] / "plan.json", "--scenario", missing)
    assert result.exit_code == 2
    assert result.stderr == f"Error: the scenario has 1 problem(s):\n  {missing}: not a folder\n"


def test_check_requires_scenario(planned: tuple[Result, Path]) -> None:
    """check without --scenario is a usage error (exit 2)."""
    result = run("check", planned[1] / "plan.json")
    assert result.exit_code == 2
    assert "Missing option '--scenario'" in result.stderr


def test_validate_counts_a_long_list_of_exceptions_and_lists_only_the_first(tmp_path: Path) -> None:
    """A large roster's exceptions are counted by reason; only the first few are listed one by one."""
    from routing.cli.validate import VALIDATE_LISTS

    folder = tmp_path / "s"
    assert run("scenario", "generate", folder, "--workers", "3000", "--seed", "2").exit_code == 0
    result = run("validate", folder, "-o", tmp_path / "v")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    screening = lines[next(i for i, line in enumerate(lines) if "will be exceptions" in line):]
    listed = [line for line in screening if line.startswith("  W")]
    counted = {line.split()[1]: int(line.split()[0]) for line in screening if line.startswith("    ")}
    total = int(screening[0].split(";")[1].split()[0])
    assert len(listed) == VALIDATE_LISTS < total == sum(counted.values())
    assert set(counted) <= {"no_health_cert", "code_not_green"}  # bad ID numbers are rejected records now
    rejected = int(next(line for line in lines if "rejected (planned as invalid_record)" in line).split(", ")[1].split()[0])
    assert rejected > 0
    assert lines[-1] == f"  … and {total - VALIDATE_LISTS} more (plan.json's unassigned list holds them all)"


def test_a_reader_that_goes_away_is_not_an_error(tmp_path: Path) -> None:
    """`returnbus validate … | head -1`: when the pipe closes early the command stops quietly, exit 0."""
    import subprocess
    import sys

    proc = subprocess.Popen([sys.executable, "-c", "from routing.cli import main; main()", "validate", str(VALID),
                             "-o", str(tmp_path)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert proc.stdout is not None and proc.stderr is not None
    proc.stdout.close()  # before the command writes its first line
    err = proc.stderr.read().decode()
    assert proc.wait(timeout=60) == 0, err
    assert "Error" not in err and "Traceback" not in err
