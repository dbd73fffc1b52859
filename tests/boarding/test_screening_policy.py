"""rules.screening end to end: validate and plan a roster under the policy of its day, stop a roster that lacks a
column the policy needs, screen companions whose data the roster gives."""

from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from routing.boarding.screening import screen
from routing.cli import main
from routing.pipeline import make_plan
from routing.roster.idcard import check_char
from routing.scenario.load import load_scenario
from tests.helpers import DATA

# The first batch (2020-02-21) asked for the village certificate only; from 2020-03-09 a green code or the
# 健康通行卡 was enough.
BY_DATE = """rules:
  screening:
    - {from: 2020-02-21, to: 2020-03-08, require: certificate}
    - {from: 2020-03-09, require: either}
"""
CODE_MISSING = ("workers.csv: has no health-code column (健康码), which rules.screening '{policy}' requires; add the "
                "column, or set rules.screening to 'certificate'")


def run(*args: str | Path) -> Result:
    """Invoke returnbus with these arguments; stdout and stderr kept apart."""
    return CliRunner().invoke(main, [str(a) for a in args], prog_name="returnbus")


def certificate_only(tmp_path: Path, rules: str = "", date: str = "2020-02-21") -> Path:
    """valid_small whose roster has the certificate column and no health-code column, on ``date``."""
    folder = tmp_path / "cert-only"
    shutil.copytree(DATA / "valid_small", folder)
    with (folder / "workers.csv").open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    with (folder / "workers.csv").open("w", encoding="utf-8", newline="") as f:
        out = csv.DictWriter(f, [c for c in rows[0] if c != "health_code"], extrasaction="ignore")
        out.writeheader()
        out.writerows(rows)
    yaml = (folder / "scenario.yaml").read_text(encoding="utf-8").replace("date: 2020-02-21", f"date: {date}")
    (folder / "scenario.yaml").write_text(yaml + rules, encoding="utf-8")
    return folder


def test_a_certificate_only_roster_validates_under_the_first_batch_policy(tmp_path: Path) -> None:
    """2020-02-21, require certificate: exit 0 and every worker may board (today's both would turn them all away)."""
    result = run("validate", certificate_only(tmp_path, BY_DATE), "-o", tmp_path / "v")
    assert result.exit_code == 0, result.output
    assert "  6 may board; 0 will be exceptions at screening\n" in result.stdout


def test_a_certificate_only_roster_is_planned_under_the_first_batch_policy(tmp_path: Path) -> None:
    """make_plan seats all six workers (W5's yellow code is not in this roster), none as code_not_green."""
    sc = load_scenario(certificate_only(tmp_path, BY_DATE))
    assert sc.rules.screening == "certificate"
    plan = make_plan(sc, jobs=1)
    assert plan.summary.workers_assigned == 6 and plan.unassigned == ()


def test_returnbus_plan_plans_a_certificate_only_roster(tmp_path: Path) -> None:
    """returnbus plan: exit 0, plan.json seats everyone, and the checker finds no broken rule."""
    result = run("plan", certificate_only(tmp_path, BY_DATE), "-o", tmp_path / "out", "--silent", "--formats", "csv")
    assert result.exit_code == 0, result.output
    plan = json.loads((tmp_path / "out" / "plan.json").read_text(encoding="utf-8"))
    assert plan["summary"]["workers_assigned"] == 6 and plan["unassigned"] == []


@pytest.mark.parametrize(("rules", "policy"), [("rules: {screening: code}\n", "code"), ("", "both"),
                                                ("rules: {screening: both}\n", "both")])
def test_the_same_roster_under_a_policy_needing_the_code_exits_2_naming_the_column(tmp_path: Path, rules: str,
                                                                                   policy: str) -> None:
    """validate and plan both exit 2 with one sentence: the file, the column, the policy and what to do."""
    folder = certificate_only(tmp_path, rules)
    expected = f"Error: the scenario has 1 problem(s):\n  {CODE_MISSING.format(policy=policy)}\n"
    result = run("validate", folder, "-o", tmp_path / "v")
    assert (result.exit_code, result.stderr) == (2, expected)
    assert "may board" not in result.stdout
    planned = run("plan", folder, "-o", tmp_path / "out", "--silent")
    assert (planned.exit_code, planned.stderr) == (2, expected)
    assert not (tmp_path / "out").exists()


def test_from_2020_03_09_either_paper_is_enough(tmp_path: Path) -> None:
    """The same roster on 2020-03-09 falls under 'either': the certificate column alone lets everyone board."""
    folder = certificate_only(tmp_path, BY_DATE, date="2020-03-09")
    sc = load_scenario(folder)
    assert sc.rules.screening == "either" and len(screen(sc)[0]) == 6


def test_a_policy_that_needs_no_paper_plans_a_roster_without_either_column(tmp_path: Path) -> None:
    """none: a roster with neither health column validates, every worker may board."""
    folder = certificate_only(tmp_path, "rules: {screening: none}\n")
    text = (folder / "workers.csv").read_text(encoding="utf-8").splitlines()
    header = text[0].split(",")
    k = header.index("health_cert")
    (folder / "workers.csv").write_text("\n".join(",".join(c for i, c in enumerate(line.split(",")) if i != k)
                                                  for line in text) + "\n", encoding="utf-8")
    result = run("validate", folder, "-o", tmp_path / "v")
    assert result.exit_code == 0, result.output
    assert "  6 may board; 0 will be exceptions at screening\n" in result.stdout


def ident(first17: str) -> str:
    """A valid ID number from its first 17 characters."""
    return first17 + check_char(first17)


def with_companions(tmp_path: Path) -> Path:
    """valid_small whose roster carries companions' ID numbers, phones and health codes (Chinese headers): W1's
    companion is fine, W6 brings two of whom the second has a yellow code."""
    folder = tmp_path / "companions"
    shutil.copytree(DATA / "valid_small", folder)
    lines = (folder / "workers.csv").read_text(encoding="utf-8").splitlines()
    out = [lines[0] + ",随行人员身份证号,随行人员电话,随行人员健康码"]
    for line in lines[1:]:
        cells = line.split(",")
        if cells[0] == "W1":
            cells += [ident("64040220150303002"), "13995120001", "绿码"]
        elif cells[0] == "W6":
            cells[12:14] = ["2", "刘一;刘二"]
            cells += [f"{ident('64042220180505003')};{ident('64042220160606004')}", "", "绿码;黄码"]
        else:
            cells += ["", "", ""]
        out.append(",".join(cells))
    (folder / "workers.csv").write_text("\n".join(out) + "\n", encoding="utf-8")
    return folder


def test_a_companion_with_a_yellow_code_makes_the_party_an_exception(tmp_path: Path) -> None:
    """validate names the party and the companion; the plan leaves all three of W6's party off together."""
    folder = with_companions(tmp_path)
    result = run("validate", folder, "-o", tmp_path / "v")
    assert result.exit_code == 0, result.output
    assert ("  W6: code_not_green - companion 刘二 (W6/2): health code is yellow; the party travels together\n"
            in result.stdout)
    plan = make_plan(load_scenario(folder), jobs=1)
    (w6,) = [u for u in plan.unassigned if u.worker_id == "W6"]
    assert (w6.reason, w6.companions) == ("code_not_green", 2)
    assert not [a for a in plan.assignments if a.worker_id.startswith("W6")]


def test_manifests_show_a_companions_id_number_and_phone_masked(tmp_path: Path) -> None:
    """The companion's own ID number and phone on the manifest: masked, and full only in the --full-id copy."""
    from routing.outputs.manifests.rows import manifest_rows

    sc = load_scenario(with_companions(tmp_path))
    plan = make_plan(sc, jobs=1)
    (a,) = [a for a in plan.assignments if a.worker_id == "W1/1"]
    (row,) = [r for r in manifest_rows(plan, sc, a.bus_id) if r["worker_id"] == "W1/1"]
    assert (row["id_number"], row["phone"], row["sex"], row["health"]) == ("640402********0020", "139****0001", "女",
                                                                           "绿码")
    (full,) = [r for r in manifest_rows(plan, sc, a.bus_id, full_id=True) if r["worker_id"] == "W1/1"]
    assert (full["id_number"], full["phone"]) == (ident("64040220150303002"), "13995120001")
