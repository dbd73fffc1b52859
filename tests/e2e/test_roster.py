"""Rosters as a new user brings them: an XLSX from one employer and a GBK CSV from another, with
Chinese headers and a mix of good and bad rows, through `returnbus validate` and `returnbus plan`."""

from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from click.testing import CliRunner, Result

from routing.cli import main
from routing.roster.idcard import check_char
from tests.helpers import DATA

VALID = DATA / "valid_small"


def ident(region: str, birth: str, seq: str) -> str:
    """A valid 18-character ID number."""
    first = region + birth + seq
    return first + check_char(first)


GOOD = [ident("640422", "19900101", "001"), ident("640422", "19910202", "012"), ident("640402", "19850505", "023"),
        ident("640402", "19920303", "034"), ident("640422", "19930404", "045"), ident("640402", "19940505", "056")]
BAD_CHECK = GOOD[0][:17] + ("0" if GOOD[0][17] != "0" else "1")

# (row as the spreadsheet shows it, what is wrong) for every row that must be reported
XLSX_BAD = {5: "Excel number", 6: "check digit", 8: "no location at all"}
CSV_BAD = {4: "duplicate ID number", 6: "unknown employer"}


def _xlsx(path: Path) -> None:
    book = openpyxl.Workbook()
    ws = book.active
    ws.append(["银川隆基硅材料有限公司 返岗人员名单"])  # row 1: a title above the header
    ws.append(["序号", "姓名", "性别", "身份证号码", "联系电话", "家庭住址", "健康码", "健康证明", "随行家属"])  # row 2
    ws.append([1, "马小明", "男", GOOD[0], "13995123456", "宁夏固原市西吉县吉强镇", "绿码", "有", "马小红"])  # 3
    ws.append([2, "李娟", "女", GOOD[1], "13995123457", "西吉县兴隆镇", "绿码", "有", ""])  # 4
    ws.append([3, "王强", "男", int(GOOD[2][:17] + "0"), "13995123458", "原州区", "绿码", "有", ""])  # 5: ID as a number
    ws.append([4, "张伟", "男", BAD_CHECK, "13995123459", "西吉县", "绿码", "有", ""])  # 6: wrong check digit
    ws.append([])  # 7: empty row
    ws.append([5, "赵敏", "女", "110101199001011234"[:17] + check_char("11010119900101123"), "13995123460", "",
               "绿码", "有", ""])  # 8: Beijing ID, no address: located from the ID? Beijing is outside the region
    book.save(path)


def _gbk_csv(path: Path) -> None:
    rows = [
        ["工号", "姓名", "性别", "身份证号", "手机号", "纬度", "经度", "用工单位", "健康码", "无外出证明"],  # line 1
        ["G1", "杨红雪", "女", GOOD[3], "15033972895", "36.02", "106.28", "共享集团", "绿码", "有"],  # 2
        ["G2", "陈海义", "男", GOOD[4], "19994680537", "106.14", "35.65", "共享集团", "绿码", "有"],  # 3: lat/lon swapped
        ["G3", "马莉", "女", GOOD[0], "15844808284", "35.96", "105.72", "共享集团", "绿码", "有"],  # 4: duplicate of xlsx row 3
        ["G4", "丁玉红", "女", GOOD[5], "1503397", "36.01", "106.29", "共享集团", "黄码", "有"],  # 5: bad phone, yellow
        ["G5", "刘金凤", "女", ident("640402", "19960606", "067"), "15033972811", "36.0", "106.3", "不存在的公司",
         "绿码", "有"],  # 6: unknown employer
    ]
    with path.open("w", encoding="gbk", newline="") as f:
        csv.writer(f).writerows(rows)


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """valid_small with its workers.csv replaced by two rosters named in scenario.yaml."""
    sc = tmp_path_factory.mktemp("roster") / "sc"
    shutil.copytree(VALID, sc)
    (sc / "workers.csv").unlink()
    (sc / "roster").mkdir()
    _xlsx(sc / "roster" / "隆基.xlsx")
    _gbk_csv(sc / "roster" / "共享.csv")
    yaml = (sc / "scenario.yaml").read_text(encoding="utf-8")
    yaml += "workers:\n  - {file: roster/隆基.xlsx, employer: E1}\n  - roster/共享.csv\n"
    (sc / "scenario.yaml").write_text(yaml, encoding="utf-8")
    return sc


def run(*args: str | Path) -> Result:
    return CliRunner().invoke(main, [str(a) for a in args], prog_name="returnbus")


@pytest.fixture(scope="module")
def validated(folder: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Result, Path]:
    out = tmp_path_factory.mktemp("validation")
    return run("validate", folder, "-o", out), out


def _problems(out: Path) -> list[dict[str, str]]:
    with (out / "problems.csv").open(encoding="utf-8-sig") as f:
        return list(csv.DictReader(f))


def test_validate_says_it_can_be_planned_and_counts(validated: tuple[Result, Path]) -> None:
    """Exit 0; 10 records read from both files (encodings named), the bad ones counted as rejected."""
    result, _ = validated
    assert result.exit_code == 0, result.output
    assert "10 roster records" in result.stdout
    assert "roster/隆基.xlsx (xlsx, 5 records)" in result.stdout and "roster/共享.csv (gb18030, 5 records)" in result.stdout
    assert f"{10 - len(XLSX_BAD) - len(CSV_BAD)} valid" in result.stdout
    assert "rejected (planned as invalid_record)" in result.stdout
    assert "Traceback" not in result.output


def test_every_bad_row_is_named_with_a_fix(validated: tuple[Result, Path]) -> None:
    """problems.csv has a reject line for each bad row, with file, row, column and what to do."""
    problems = _problems(validated[1])
    rejects = {(p["file"], int(p["row"])) for p in problems if p["severity"] == "reject"}
    for row in XLSX_BAD:
        assert ("roster/隆基.xlsx", row) in rejects, row
    for row in CSV_BAD:
        assert ("roster/共享.csv", row) in rejects, row
    assert all(p["fix"] and p["problem"] for p in problems)
    excel = [p for p in problems if p["file"] == "roster/隆基.xlsx" and p["row"] == "5"]
    assert any(p["column"] == "身份证号码" and "Excel" in p["problem"] + p["fix"] for p in excel), excel


def test_repairs_and_warnings_are_reported(validated: tuple[Result, Path]) -> None:
    """The swapped coordinates are repaired (kept), the short phone is a warning, the empty row is listed."""
    problems = _problems(validated[1])
    assert any(p["file"] == "roster/共享.csv" and p["row"] == "3" and p["severity"] == "repair" for p in problems)
    assert any(p["file"] == "roster/共享.csv" and p["row"] == "5" and p["severity"] == "warn" for p in problems)
    assert any(p["file"] == "roster/隆基.xlsx" and p["row"] == "7" for p in problems)


def test_no_full_id_number_in_the_report(validated: tuple[Result, Path]) -> None:
    """problems.csv and the cleaned roster carry no full ID number (masked 6 + 4)."""
    out = validated[1]
    text = (out / "problems.csv").read_text(encoding="utf-8-sig") + (out / "roster_clean.csv").read_text(
        encoding="utf-8-sig")
    for number in (*GOOD, BAD_CHECK):
        assert number not in text


def test_plan_accounts_for_every_row(folder: Path, tmp_path: Path) -> None:
    """plan: every record of both files is seated or unassigned; the rejected ones are invalid_record with why."""
    result = run("plan", folder, "-o", tmp_path / "out", "--solutions", "20", "--silent", "--formats", "csv")
    assert result.exit_code == 0, result.output
    data: dict[str, Any] = json.loads((tmp_path / "out" / "plan.json").read_text(encoding="utf-8"))
    seated = {a["worker_id"] for a in data["assignments"] if a["companion_of"] is None}
    unassigned = {u["worker_id"]: u for u in data["unassigned"]}
    assert len(seated) + len(unassigned) == 10 == data["summary"]["workers_total"]
    invalid = [u for u in unassigned.values() if u["reason"] == "invalid_record"]
    assert len(invalid) == len(XLSX_BAD) + len(CSV_BAD)
    assert all(u["detail"] for u in invalid)
    assert (tmp_path / "out" / "problems.csv").is_file()
    assert f"{len(XLSX_BAD) + len(CSV_BAD)} reject" in result.stdout and "problems.csv" in result.stdout
    check = run("check", tmp_path / "out" / "plan.json", "--scenario", folder)
    assert check.exit_code == 0, check.output
