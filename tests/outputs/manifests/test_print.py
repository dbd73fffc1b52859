"""Print a manifest to PDF with real headless Chromium and read it back with poppler."""

from __future__ import annotations

import dataclasses
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from routing.model import Scenario
from routing.outputs.manifests.rows import manifest_rows, render_manifest_html
from routing.plan.model import Assignment, Plan


def _tool(name: str) -> str:
    """Return the path of a poppler tool, failing with the Debian package to install."""
    path = shutil.which(name)
    if path is None:
        pytest.fail(f"{name} not found: install the Debian package poppler-utils (apt-get install poppler-utils)")
    return path


def _print(browser: Any, html: str, path: Path) -> Path:
    page = browser.new_page()
    page.set_content(html, wait_until="load")
    page.pdf(path=str(path), format="A4", prefer_css_page_size=True)
    page.close()
    return path


def _pdfinfo(path: Path) -> str:
    return subprocess.run([_tool("pdfinfo"), str(path)], check=True, capture_output=True, text=True).stdout


def _pdftext(path: Path, page: int | None = None) -> str:
    pages = ["-f", str(page), "-l", str(page)] if page else []
    cmd = [_tool("pdftotext"), "-layout", *pages, str(path), "-"]
    return subprocess.run(cmd, check=True, capture_output=True, text=True).stdout


def _big(plan: Plan, scenario: Scenario, n: int) -> tuple[Plan, Scenario]:
    """The tiny plan with n more workers on coach C45-2, each with a distinct ID number."""
    template = scenario.workers[2]
    new = [
        dataclasses.replace(
            template,
            id=f"Q{100 + i}",
            name=f"欧阳{'一二三四五六七八九十'[i % 10]}",
            id_number=f"64042219900101{1000 + i}",
        )
        for i in range(n)
    ]
    seats = [Assignment(w.id, "C45-2", 10 + i, "P-XJ", "G1", 1.0) for i, w in enumerate(new)]
    bus = plan.bus("C45-2")
    stops = tuple(
        dataclasses.replace(s, board=s.board + tuple(w.id for w in new)) if s.kind == "pickup" else s for s in bus.stops
    )
    plan = dataclasses.replace(
        plan,
        buses=(plan.buses[0], dataclasses.replace(bus, stops=stops)),
        assignments=plan.assignments + tuple(seats),
    )
    return plan, dataclasses.replace(scenario, workers=scenario.workers + tuple(new))


def test_manifest_prints_on_a4(browser: Any, tiny_plan: Plan, tiny_scenario: Scenario, tmp_path: Path) -> None:
    """The printed manifest is A4 and its text holds every passenger and the plate."""
    pdf = _print(browser, render_manifest_html(tiny_plan, tiny_scenario, "C45-1"), tmp_path / "C45-1.pdf")
    info = _pdfinfo(pdf)
    size = re.search(r"Page size:\s+([\d.]+) x ([\d.]+) pts", info)
    assert size is not None, info
    assert (round(float(size.group(1))), round(float(size.group(2)))) == (595, 842)
    assert re.search(r"Pages:\s+1\b", info), info
    text = _pdftext(pdf)
    for name in ("马小明", "马小红", "李娟"):
        assert name in text
    assert "宁A·D8101" in text
    assert "640402********0011" in text
    assert "640402199001010011" not in text


def test_long_manifest_repeats_header(browser: Any, tiny_plan: Plan, tiny_scenario: Scenario, tmp_path: Path) -> None:
    """A manifest over several pages repeats the table header and never splits a passenger's row."""
    plan, scenario = _big(tiny_plan, tiny_scenario, 40)
    pdf = _print(browser, render_manifest_html(plan, scenario, "C45-2", full_id=True), tmp_path / "C45-2.pdf")
    pages = int(re.search(r"Pages:\s+(\d+)", _pdfinfo(pdf)).group(1))  # type: ignore[union-attr]
    assert pages >= 2
    texts = [_pdftext(pdf, i) for i in range(1, pages + 1)]
    for number, text in enumerate(texts, start=1):
        assert "签名 Signature" in text and "身份证号" in text
        assert "C45-2" in text and "宁A·D8102" in text  # the page footer names the coach
        lines = [line for line in text.splitlines() if line.strip()]
        below_header = lines[next(i for i, line in enumerate(lines) if "Seat" in line and "Sex" in line) + 1]
        assert re.match(r"\s*\d+\s+\S", below_header), f"page {number} starts inside a row: {below_header!r}"
    for row in manifest_rows(plan, scenario, "C45-2", full_id=True):
        if row["worker_id"].startswith("Q"):
            on = [i for i, t in enumerate(texts) if row["worker_id"] in t]
            assert len(on) == 1, row["worker_id"]
            assert row["id_number"] in texts[on[0]], f"row of {row['worker_id']} split across pages"
