"""Tests for routing.outputs.manifests.rows: passenger rows, CSV and the printable HTML page."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pandas as pd
import pytest

from routing.model import Scenario
from routing.outputs.manifests.rows import (
    MANIFEST_COLUMNS,
    manifest_rows,
    render_manifest_html,
    write_manifest_csv,
)
from routing.plan.display import FONT_STACK
from routing.plan.model import Plan
from routing.privacy import mask_id_number, mask_phone


def test_rows_have_every_column(tiny_plan: Plan, tiny_scenario: Scenario) -> None:
    """Every row carries exactly the manifest columns, all strings."""
    for row in manifest_rows(tiny_plan, tiny_scenario, "C45-1"):
        assert tuple(row) == MANIFEST_COLUMNS
        assert all(isinstance(v, str) for v in row.values())


def test_rows_in_seat_order(tiny_plan: Plan, tiny_scenario: Scenario) -> None:
    """Rows come in seat order even when the plan lists assignments backwards."""
    shuffled = dataclasses.replace(tiny_plan, assignments=tuple(reversed(tiny_plan.assignments)))
    rows = manifest_rows(shuffled, tiny_scenario, "C45-1")
    assert [r["seat"] for r in rows] == ["1", "2", "8"]
    assert [r["worker_id"] for r in rows] == ["W1", "W1/1", "W2"]
    assert [r["seat"] for r in manifest_rows(tiny_plan, tiny_scenario, "C45-2")] == ["1", "4"]


def test_worker_row_fields(tiny_plan: Plan, tiny_scenario: Scenario) -> None:
    """A worker's row names pickup, boarding time, employer, gate and health status."""
    row = manifest_rows(tiny_plan, tiny_scenario, "C45-1")[0]
    assert row["name"] == "马小明"
    assert row["sex"] == "男"
    assert row["pickup"] == "原州区 & 客运站"
    assert row["pickup_time"] == "10:57"
    assert row["employer"] == "银川隆基硅材料有限公司"
    assert row["dropoff"] == "隆基 门岗 <main>"
    assert row["health"] == "绿码 / 有证明"
    assert row["temperature"] == "" and row["signature"] == ""
    second = manifest_rows(tiny_plan, tiny_scenario, "C45-2")
    assert [r["pickup_time"] for r in second] == ["11:46", "11:46"]
    assert [r["dropoff"] for r in second] == ["隆基 门岗 <main>", "共享集团 门岗"]


def test_companion_named_and_marked(tiny_plan: Plan, tiny_scenario: Scenario) -> None:
    """A companion has their own name, is marked as the worker's and carries the worker's phone."""
    row = manifest_rows(tiny_plan, tiny_scenario, "C45-1")[1]
    assert row["worker_id"] == "W1/1"
    assert "马小红" in row["name"] and "W1" in row["name"]
    assert row["sex"] == "" and row["id_number"] == "" and row["health"] == ""
    assert row["phone"] == mask_phone("13995123456")
    assert row["pickup_time"] == "10:57"


def test_companion_without_name(tiny_plan: Plan, tiny_scenario: Scenario) -> None:
    """A companion whose name is missing is called '<worker name> 家属 n'."""
    workers = tuple(dataclasses.replace(w, companion_names=()) if w.id == "W1" else w for w in tiny_scenario.workers)
    scenario = dataclasses.replace(tiny_scenario, workers=workers)
    row = manifest_rows(tiny_plan, scenario, "C45-1")[1]
    assert row["name"].startswith("马小明 家属 1")


def test_masked_by_default(tiny_plan: Plan, tiny_scenario: Scenario) -> None:
    """ID numbers and phones are masked unless full_id is asked for."""
    worker = tiny_scenario.workers[0]
    row = manifest_rows(tiny_plan, tiny_scenario, "C45-1")[0]
    assert row["id_number"] == mask_id_number(worker.id_number) != worker.id_number
    assert row["phone"] == mask_phone(worker.phone) != worker.phone
    full = manifest_rows(tiny_plan, tiny_scenario, "C45-1", full_id=True)
    assert full[0]["id_number"] == worker.id_number
    assert full[0]["phone"] == worker.phone
    assert full[1]["phone"] == worker.phone and full[1]["id_number"] == ""


def test_html_masked_by_default(tiny_plan: Plan, tiny_scenario: Scenario) -> None:
    """The HTML page carries no full ID number or phone unless full_id is asked for."""
    page = render_manifest_html(tiny_plan, tiny_scenario, "C45-1")
    for w in tiny_scenario.workers:
        assert w.id_number not in page
        assert w.phone not in page
    assert "脱敏" in page
    full = render_manifest_html(tiny_plan, tiny_scenario, "C45-1", full_id=True)
    assert tiny_scenario.workers[0].id_number in full


def test_unknown_passenger_raises(tiny_plan: Plan, tiny_scenario: Scenario) -> None:
    """A passenger missing from the scenario is an error naming coach and passenger."""
    scenario = dataclasses.replace(tiny_scenario, workers=tiny_scenario.workers[1:])
    with pytest.raises(ValueError, match="W1"):
        manifest_rows(tiny_plan, scenario, "C45-1")


def test_csv_round_trip(tiny_plan: Plan, tiny_scenario: Scenario, tmp_path: Path) -> None:
    """The CSV starts with a BOM and reads back unchanged with pandas as strings."""
    rows = manifest_rows(tiny_plan, tiny_scenario, "C45-1")
    path = write_manifest_csv(rows, tmp_path / "C45-1.csv")
    assert path.read_bytes().startswith(b"\xef\xbb\xbf")
    frame = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    assert list(frame.columns) == list(MANIFEST_COLUMNS)
    assert frame.to_dict(orient="records") == rows


def test_html_escaped(tiny_plan: Plan, tiny_scenario: Scenario) -> None:
    """Place names with markup characters are escaped, not interpreted."""
    page = render_manifest_html(tiny_plan, tiny_scenario, "C45-1")
    assert "<main>" not in page
    assert "隆基 门岗 &lt;main&gt;" in page
    assert "原州区 &amp; 客运站" in page
    assert "原州区 & 客运站" not in page


def test_html_lists_every_passenger(tiny_plan: Plan, tiny_scenario: Scenario) -> None:
    """Every passenger's name, seat and id appear, and the header names the coach."""
    page = render_manifest_html(tiny_plan, tiny_scenario, "C45-1")
    for name in ("马小明", "马小红", "李娟"):
        assert name in page
    for wid in ("W1", "W1/1", "W2"):
        assert f">{wid}<" in page
    assert "王强" not in page
    assert "宁A·D8101" in page and "C45-1" in page and "45 / 18" in page
    assert "经开区车场" in page and "06:30" in page
    assert page.count("电话 <span class=blank>") == 2  # one line per driver


def test_html_is_printable_and_self_contained(tiny_plan: Plan, tiny_scenario: Scenario) -> None:
    """The page sets A4 portrait, repeats the table header and loads nothing from outside."""
    page = render_manifest_html(tiny_plan, tiny_scenario, "C45-2")
    assert "size: A4 portrait; margin: 12mm" in page
    assert "thead { display: table-header-group; }" in page
    assert "break-inside: avoid" in page
    assert FONT_STACK in page and FONT_STACK.startswith('"Noto Sans CJK SC"')
    for marker in ("<script", "<link", "http://", "https://", "@import", "url("):
        assert marker not in page




def _with_companion_data(scenario: Scenario, **data: object) -> Scenario:
    """The tiny scenario with W1's companion's own data (``companion_id_numbers``, …) given."""
    workers = tuple(dataclasses.replace(w, **data) if w.id == "W1" else w for w in scenario.workers)  # type: ignore[arg-type]
    return dataclasses.replace(scenario, workers=workers)


COMPANION_ID = "640402201503030020"  # a girl's (17th digit even)


def test_a_companions_own_id_number_phone_and_health_are_shown_masked(tiny_plan: Plan, tiny_scenario: Scenario) -> None:
    """When the roster gives them: the companion's ID number and phone masked like everyone's, sex from the ID
    number, their code and certificate."""
    sc = _with_companion_data(tiny_scenario, companion_id_numbers=(COMPANION_ID,), companion_phones=("13995120001",),
                              companion_health_codes=("green",), companion_health_certs=(True,))
    row = manifest_rows(tiny_plan, sc, "C45-1")[1]
    assert (row["worker_id"], row["sex"], row["id_number"], row["phone"], row["health"]) == (
        "W1/1", "女", mask_id_number(COMPANION_ID), mask_phone("13995120001"), "绿码 / 有证明")
    assert COMPANION_ID not in str(manifest_rows(tiny_plan, sc, "C45-1"))
    full = manifest_rows(tiny_plan, sc, "C45-1", full_id=True)[1]
    assert (full["id_number"], full["phone"]) == (COMPANION_ID, "13995120001")


def test_a_companion_with_only_a_code_given_shows_the_code_and_the_workers_phone(tiny_plan: Plan,
                                                                                 tiny_scenario: Scenario) -> None:
    """Only the code given: no ID number, no sex, the worker's phone (masked), the code alone."""
    sc = _with_companion_data(tiny_scenario, companion_health_codes=("yellow",))
    row = manifest_rows(tiny_plan, sc, "C45-1")[1]
    assert (row["sex"], row["id_number"], row["phone"], row["health"]) == ("", "", mask_phone("13995123456"), "黄码")


def test_companion_ids_reach_the_html_and_csv_manifests_masked(tiny_plan: Plan, tiny_scenario: Scenario,
                                                               tmp_path: Path) -> None:
    """The HTML page and the CSV carry the companion's masked ID number, never the full one."""
    sc = _with_companion_data(tiny_scenario, companion_id_numbers=(COMPANION_ID,))
    rows = manifest_rows(tiny_plan, sc, "C45-1")
    html = render_manifest_html(tiny_plan, sc, "C45-1", rows=rows)
    text = write_manifest_csv(rows, tmp_path / "m.csv").read_text(encoding="utf-8-sig")
    for page in (html, text):
        assert mask_id_number(COMPANION_ID) in page and COMPANION_ID not in page
