"""From an employer's Excel roster to a checked plan: returnbus new, validate, plan, check, with no hand editing."""

from __future__ import annotations

import json
from pathlib import Path

import xlsxwriter
from click.testing import CliRunner

from routing.cli import main
from routing.roster.idcard import check_char

TOWNS = ["吉强镇", "兴隆镇", "平峰镇", "将台堡镇"]
EMPLOYERS = ["银川隆基硅材料有限公司", "共享集团股份有限公司"]


def _roster(path: Path, n: int = 60) -> Path:
    """An XLSX as a village committee sends it: a title row, Chinese headers, ID numbers of 西吉县, no coordinates."""
    wb = xlsxwriter.Workbook(str(path))
    ws = wb.add_worksheet("名单")
    text = wb.add_format({"num_format": "@"})
    ws.write_row(0, 0, ["西吉县返岗复工人员登记表（2020年2月）"])
    ws.write_row(1, 0, ["序号", "姓名", "性别", "身份证号码", "联系电话", "乡镇", "用工单位", "健康码", "无外出证明",
                        "随行人数"])
    for i in range(1, n + 1):
        first17 = f"640422{1980 + i % 20}{i % 12 + 1:02d}{i % 27 + 1:02d}{i:03d}"
        cells = [str(i), f"马{'明红强伟芳'[i % 5]}{i}", "男" if i % 2 else "女", first17 + check_char(first17),
                 f"139951{i:05d}", TOWNS[i % 4], EMPLOYERS[i % 2], "绿码", "有", "1" if i % 10 == 0 else "0"]
        for c, value in enumerate(cells):
            ws.write_string(i + 1, c, value, text)
    wb.close()
    return path


def test_new_then_validate_plan_and_check(tmp_path: Path) -> None:
    """The folder new writes validates, plans every worker and passes the checker as it is."""
    runner = CliRunner()
    roster = _roster(tmp_path / "西吉县返岗人员名单.xlsx")
    folder = tmp_path / "xiji"
    made = runner.invoke(main, ["new", str(folder), "--roster", str(roster), "--zone", "金凤区",
                                "--date", "2020-02-21"])
    assert made.exit_code == 0, made.output
    assert made.output.splitlines()[0] == f"Wrote {folder}/: 60 roster records, 2 employers, 1 pickup points, 5 coaches"
    assert "Confirm before planning:" in made.output and "  1. fleet: 5 coaches of 55 seats" in made.output
    assert (folder / "roster" / roster.name).read_bytes() == roster.read_bytes()
    validated = runner.invoke(main, ["validate", str(folder)])
    assert validated.exit_code == 0 and "60 may board" in validated.output, validated.output
    planned = runner.invoke(main, ["plan", str(folder), "-o", str(folder / "out"), "--silent"])
    assert planned.exit_code == 0, planned.output
    plan = json.loads((folder / "out" / "plan.json").read_text(encoding="utf-8"))
    assert plan["summary"]["workers_assigned"] == 60 and plan["summary"]["passengers"] == 66
    checked = runner.invoke(main, ["check", str(folder / "out" / "plan.json"), "--scenario", str(folder)])
    assert checked.exit_code == 0, checked.output


def test_new_refuses_a_folder_that_holds_files_and_an_unknown_zone(tmp_path: Path) -> None:
    """A folder with files in it, or a zone no gazetteer place or point names, exit 2 with the reason."""
    runner = CliRunner()
    roster = _roster(tmp_path / "r.xlsx", n=3)
    (tmp_path / "full").mkdir()
    (tmp_path / "full" / "x.txt").write_text("x", encoding="utf-8")
    busy = runner.invoke(main, ["new", str(tmp_path / "full"), "--roster", str(roster), "--zone", "38.5,106.1"])
    assert busy.exit_code == 2 and f"{tmp_path / 'full'}: is not empty; give returnbus new a new folder" in busy.output
    nowhere = runner.invoke(main, ["new", str(tmp_path / "n"), "--roster", str(roster), "--zone", "亚特兰蒂斯"])
    assert nowhere.exit_code == 2 and "--zone 亚特兰蒂斯: no such place in the gazetteer" in nowhere.output
    paris = runner.invoke(main, ["new", str(tmp_path / "p"), "--roster", str(roster), "--zone", "48.85,2.35"])
    assert paris.exit_code == 2 and "is not a point in China" in paris.output


def test_a_certificate_only_roster_gets_the_certificate_policy_and_plans(tmp_path: Path) -> None:
    """A roster of the first batch (village certificate, no health code): new sets rules.screening to certificate,
    says so, and the folder plans everyone."""
    import openpyxl

    roster = _roster(tmp_path / "r.xlsx", n=8)
    book = openpyxl.load_workbook(roster)
    book.active.delete_cols(8)  # the 健康码 column
    book.save(roster)
    folder = tmp_path / "cert"
    runner = CliRunner()
    made = runner.invoke(main, ["new", str(folder), "--roster", str(roster), "--zone", "金凤区", "--date", "2020-02-21"])
    assert made.exit_code == 0, made.output
    assert "screening: rules.screening is 'certificate': only the certificate is required" in made.output
    planned = runner.invoke(main, ["plan", str(folder), "-o", str(folder / "out"), "--silent"])
    assert planned.exit_code == 0, planned.output
    assert json.loads((folder / "out" / "plan.json").read_text(encoding="utf-8"))["summary"]["workers_assigned"] == 8
