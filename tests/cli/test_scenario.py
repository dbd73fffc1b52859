"""Tests of ``returnbus scenario generate`` and ``returnbus scenario roster`` through click's CliRunner."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner, Result

from routing.cli import main
from routing.model import Scenario
from routing.scenario.load import load_scenario
from tests.helpers import DATA, GUYUAN

GENERATE_OPTIONS = ("--workers", "--seed", "--origins", "--name", "--date", "--start", "--deadline", "--depot-km",
                    "--roster", "--force", "--debug")


def run(*args: str | Path) -> Result:
    """Invoke returnbus with these arguments; stdout and stderr kept apart."""
    return CliRunner().invoke(main, [str(a) for a in args], prog_name="returnbus")


@pytest.fixture(scope="module")
def zhongwei(tmp_path_factory: pytest.TempPathFactory) -> tuple[Result, Path]:
    """A 300-worker Zhongwei batch written with the roster as workers.csv."""
    out = tmp_path_factory.mktemp("gen") / "zw"
    return run("scenario", "generate", out, "--workers", "300", "--seed", "2", "--origins", "沙坡头区,中宁,海原",
               "--roster", "csv", "--name", "中卫第二批"), out


def test_help_lists_the_commands_and_explains_every_option() -> None:
    """returnbus lists scenario; scenario lists generate and roster; generate's help names every option."""
    assert "\n  scenario " in run("--help").stdout
    group = run("scenario", "--help")
    assert group.exit_code == 0 and "\n  generate " in group.stdout and "\n  roster " in group.stdout
    result = run("scenario", "generate", "--help")
    assert result.exit_code == 0
    for option in GENERATE_OPTIONS:
        assert option in result.stdout
    assert "returnbus scenario generate out/z70 --workers 70000 --seed 1" in result.stdout
    roster = run("scenario", "roster", "--help")
    assert roster.exit_code == 0 and "returnbus scenario roster out/z70 -o z70-workers.xlsx" in roster.stdout


def test_generate_writes_a_loadable_folder(zhongwei: tuple[Result, Path]) -> None:
    """A good run exits 0, prints the summary and writes a folder the loader reads."""
    result, out = zhongwei
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0] == f"Wrote {out}/: 中卫第二批"
    assert lines[1].startswith("  300 workers and ") and "from 3 origins: 海原县 " in lines[1]
    assert any(line.startswith("  D-ETDZ ") for line in lines) and any(line.startswith("  all ") for line in lines)
    assert lines[-1] == "  files: scenario.yaml, employers.csv, pickup_points.csv, workers.csv"
    sc = load_scenario(out)
    assert sc.name == "中卫第二批" and len(sc.workers) + len(sc.rejected) == 300
    assert {w.county for w in sc.workers} == {"640502", "640521", "640522"}
    assert [d.id for d in sc.depots] == ["D-ETDZ"]


def test_refuses_to_overwrite_without_force(zhongwei: tuple[Result, Path]) -> None:
    """A non-empty folder is refused with exit 2; --force writes into it."""
    _, out = zhongwei
    result = run("scenario", "generate", out, "--workers", "300")
    assert result.exit_code == 2
    assert result.stderr == f"Error: output: {out} exists and is not empty; use --force to write into it\n"
    forced = run("scenario", "generate", out, "--workers", "300", "--seed", "2", "--origins", "沙坡头区,中宁,海原",
                 "--roster", "csv", "--name", "中卫第二批", "--force")
    assert forced.exit_code == 0, forced.output


@pytest.mark.parametrize(("args", "message"), [
    (("--workers", "abc"), "Error: workers: must be a whole number from 1 to 10,000,000, got 'abc'\n"),
    (("--workers", "0"), "Error: workers: must be a whole number from 1 to 10,000,000, got '0'\n"),
    (("--origins", "沙坡头区,火星县"), ("Error: origins: '火星县' is not a county or district of the bundled gazetteer "
                                  "(or names more than one); give its name as 西吉县 or its 6-digit adcode\n")),
    (("--date", "21.02.2020"), "Error: date: must be YYYY-MM-DD, got '21.02.2020'\n"),
    (("--seed", "-3"), "Error: seed: must be a whole number from 0 to 2,147,483,647, got '-3'\n"),
])
def test_bad_parameters_exit_2_naming_them(tmp_path: Path, args: tuple[str, ...], message: str) -> None:
    """A bad parameter gives one clear line on stderr, exit 2, no traceback, and writes nothing."""
    result = run("scenario", "generate", tmp_path / "out", *args)
    assert result.exit_code == 2
    assert result.stderr == message
    assert not (tmp_path / "out").exists()


def test_bad_roster_mode_is_a_usage_error(tmp_path: Path) -> None:
    """--roster takes spec, csv or xlsx."""
    result = run("scenario", "generate", tmp_path / "out", "--roster", "pdf")
    assert result.exit_code == 2 and "Invalid value for '--roster'" in result.stderr


def test_roster_of_a_spec_folder_equals_the_csv_roster(zhongwei: tuple[Result, Path], tmp_path: Path) -> None:
    """The roster exported from a spec-mode folder is byte for byte the csv-mode workers.csv; XLSX too."""
    _, csv_folder = zhongwei
    spec_folder = tmp_path / "spec"
    made = run("scenario", "generate", spec_folder, "--workers", "300", "--seed", "2", "--origins",
               "沙坡头区,中宁,海原", "--name", "中卫第二批")
    assert made.exit_code == 0, made.output
    assert not (spec_folder / "workers.csv").exists()
    result = run("scenario", "roster", spec_folder, "-o", tmp_path / "w.csv")
    assert result.exit_code == 0 and result.stdout == f"Wrote 300 workers to {tmp_path / 'w.csv'}\n"
    assert (tmp_path / "w.csv").read_bytes() == (csv_folder / "workers.csv").read_bytes()
    assert run("scenario", "roster", csv_folder, "-o", tmp_path / "w.xlsx").exit_code == 0
    ws = openpyxl.load_workbook(tmp_path / "w.xlsx", read_only=True).active
    assert ws is not None
    rows = list(ws.iter_rows(values_only=True))
    assert len(rows) == 301 and rows[0][2] == "id_number"
    assert all(isinstance(r[2], str) and len(r[2]) == 18 for r in rows[1:])


def test_roster_errors_exit_2(tmp_path: Path) -> None:
    """A folder without a roster, or an output that is neither .csv nor .xlsx, exits 2 with a message."""
    (tmp_path / "empty").mkdir()
    (tmp_path / "empty" / "scenario.yaml").write_text("name: x\n", encoding="utf-8")
    result = run("scenario", "roster", tmp_path / "empty", "-o", tmp_path / "w.csv")
    assert result.exit_code == 2 and result.stderr == (f"Error: scenario: {tmp_path / 'empty'} has no roster: no workers.csv or "
                                                        "workers.xlsx, and no workers: in scenario.yaml\n")
    folder = tmp_path / "zw"
    assert run("scenario", "generate", folder, "--workers", "20", "--origins", "中宁").exit_code == 0
    bad = run("scenario", "roster", folder, "-o", tmp_path / "w.pdf")
    assert bad.exit_code == 2 and bad.stderr == "Error: output: w.pdf must end in .csv or .xlsx\n"


MIXED = DATA / "roster_mixed_formats"  # workers: roster/ (a.csv, b.xls, c.txt, d.xlsm: 30 records)
EXPORTED = ("id,name,sex,id_number,phone,address,county,township,lat_wgs84,lon_wgs84,employer,health_code,health_cert,"
            "companions,companion_names")


def _csv_rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as f:
        return list(csv.DictReader(f))


def _as_workers_csv(folder: Path, exported: Path, tmp_path: Path) -> Path:
    """A copy of ``folder`` whose roster is ``exported``, as workers.csv (the workers: key and files taken out)."""
    again = tmp_path / "again"
    shutil.copytree(folder, again)
    yaml = (again / "scenario.yaml").read_text(encoding="utf-8")
    (again / "scenario.yaml").write_text("\n".join(line for line in yaml.splitlines() if not line.startswith(
        "workers:")) + "\n", encoding="utf-8")
    shutil.rmtree(again / "roster", ignore_errors=True)
    (again / "workers.xlsx").unlink(missing_ok=True)
    shutil.copyfile(exported, again / "workers.csv")
    return again


def _same_workers(a: Scenario, b: Scenario) -> None:
    assert [w.id for w in a.workers] == [w.id for w in b.workers] and len(a.rejected) == len(b.rejected)
    for x, y in zip(a.workers, b.workers, strict=True):
        assert (x.name, x.id_number, x.phone, x.sex, x.employer_id, x.health_code, x.health_cert, x.companions) == (
            y.name, y.id_number, y.phone, y.sex, y.employer_id, y.health_code, y.health_cert, y.companions)
        assert abs(x.lat - y.lat) < 1e-6 and abs(x.lon - y.lon) < 1e-6, x.id


def test_roster_of_a_folder_of_files_is_exported_as_loaded(tmp_path: Path) -> None:
    """workers: roster/ (four formats): every record exported, cleaned; read back it gives the same workers."""
    result = run("scenario", "roster", MIXED, "-o", tmp_path / "w.csv")
    assert result.exit_code == 0 and result.stdout == f"Wrote 30 workers to {tmp_path / 'w.csv'}\n", result.output
    assert (tmp_path / "w.csv").read_text(encoding="utf-8-sig").splitlines()[0] == EXPORTED
    rows = _csv_rows(tmp_path / "w.csv")
    assert [r["id"] for r in rows] == [w.id for w in load_scenario(MIXED).workers]
    _same_workers(load_scenario(MIXED), load_scenario(_as_workers_csv(MIXED, tmp_path / "w.csv", tmp_path)))


def test_roster_of_a_workers_xlsx_is_exported(tmp_path: Path) -> None:
    """A folder whose roster is workers.xlsx (no workers.csv): exported to XLSX, ID numbers as text."""
    folder = tmp_path / "x"
    assert run("scenario", "generate", folder, "--workers", "40", "--seed", "3", "--origins", "中宁",
               "--roster", "xlsx").exit_code == 0
    (folder / "workers.csv").unlink()
    result = run("scenario", "roster", folder, "-o", tmp_path / "w.xlsx")
    assert result.exit_code == 0 and result.stdout == f"Wrote 40 workers to {tmp_path / 'w.xlsx'}\n", result.output
    ws = openpyxl.load_workbook(tmp_path / "w.xlsx", read_only=True).active
    assert ws is not None
    rows = list(ws.iter_rows(values_only=True))
    assert len(rows) == 41 and rows[0][3] == "id_number" and rows[0][8] == "lat_wgs84"
    assert all(isinstance(r[3], str) and len(r[3]) == 18 for r in rows[1:])


def test_a_rejected_record_is_exported_as_written(tmp_path: Path) -> None:
    """A record the loader rejects (an ID number with a wrong digit) is in the export as its file has it."""
    folder = tmp_path / "mixed"
    shutil.copytree(MIXED, folder)
    with (folder / "roster" / "a.csv").open("a", encoding="utf-8", newline="") as f:  # 序号,姓名,身份证号码,联系电话,县区,…
        f.write("W99,马错号,640402199001010012,13995100099,原州区,E1,绿码,有\r\n")
    assert run("scenario", "roster", folder, "-o", tmp_path / "w.csv").exit_code == 0
    (bad,) = [r for r in _csv_rows(tmp_path / "w.csv") if r["id"] == "W99"]
    assert (bad["name"], bad["id_number"], bad["employer"]) == ("马错号", "640402199001010012", "E1")
    assert len(_csv_rows(tmp_path / "w.csv")) == 31


def test_roster_of_a_gcj02_scenario_reads_back_at_the_same_homes(tmp_path: Path) -> None:
    """Guyuan (GCJ-02) with its roster moved to roster/: the export's lat_wgs84/lon_wgs84 read back unshifted."""
    folder = tmp_path / "gy"
    shutil.copytree(GUYUAN, folder)
    (folder / "roster").mkdir()
    shutil.move(folder / "workers.csv", folder / "roster" / "workers.csv")
    with (folder / "scenario.yaml").open("a", encoding="utf-8") as f:
        f.write("workers: roster/\n")
    assert run("scenario", "roster", folder, "-o", tmp_path / "w.csv").exit_code == 0
    again = load_scenario(_as_workers_csv(folder, tmp_path / "w.csv", tmp_path))
    assert again.coord_system == "GCJ02"
    _same_workers(load_scenario(GUYUAN), again)


def test_roster_of_a_folder_naming_a_missing_file_exits_2(tmp_path: Path) -> None:
    """workers: names a file that is not there: exit 2, the problem as the loader words it."""
    folder = tmp_path / "mixed"
    shutil.copytree(MIXED, folder)
    yaml = (folder / "scenario.yaml").read_text(encoding="utf-8").replace("workers: roster/", "workers: gone.xlsx")
    (folder / "scenario.yaml").write_text(yaml, encoding="utf-8")
    result = run("scenario", "roster", folder, "-o", tmp_path / "w.csv")
    assert result.exit_code == 2
    assert result.stderr == f"Error: scenario: scenario.yaml workers: 'gone.xlsx' does not exist in {folder}\n"
