"""Tests for routing.outputs.timetable_page: the batch and every coach's stops on a printable page."""

from __future__ import annotations

import dataclasses
import html
import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

from routing.outputs.timetable_page import batch_rows, render_timetable_page
from routing.pipeline import make_plan
from routing.plan.model import Plan
from routing.scenario.load import load_scenario
from tests.helpers import GUYUAN


@pytest.fixture(scope="module")
def guyuan_plan() -> Plan:
    """The bundled Guyuan batch (7 coaches), planned with a short search."""
    return make_plan(load_scenario(GUYUAN), solution_limit=20)


class _Tags(HTMLParser):
    """Every start tag with its attributes, and the text."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def _parse(page: str) -> _Tags:
    parser = _Tags()
    parser.feed(page)
    parser.close()
    return parser


def test_batch_rows_of_the_tiny_plan(tiny_plan: Plan) -> None:
    """The batch table gives each coach's departure, pickups, gates, return, drivers and km."""
    rows = batch_rows(tiny_plan)
    assert rows[0] == {
        "bus_id": "C45-1", "plate": "宁A·D8101", "depot": "经开区车场", "leaves": "06:30",
        "first_pickup": "10:50 原州区 & 客运站", "last_pickup": "10:57 原州区 & 客运站",
        "arrives_zone": "15:40", "last_gate": "16:00", "back_at_depot": "16:10",
        "drivers": "2", "swaps": "0", "passengers": "3", "km": "700.0",
    }
    assert (rows[1]["first_pickup"], rows[1]["back_at_depot"]) == ("11:40 西吉县城", "17:30")


def test_a_coach_without_pickups_or_return(tiny_plan: Plan) -> None:
    """Stops a coach does not make show as a dash; a driver change counts as a swap."""
    bus = tiny_plan.bus("C45-1")
    stops = tuple(dataclasses.replace(s, driver=2 if s.seq >= 3 else 1) for s in bus.stops if s.kind != "pickup")
    row = batch_rows(dataclasses.replace(tiny_plan, buses=(dataclasses.replace(bus, stops=stops[:-1]),)))[0]
    assert (row["first_pickup"], row["last_pickup"], row["back_at_depot"]) == ("—", "—", "—")
    assert row["swaps"] == "1"


def test_page_holds_every_coach_and_stop(guyuan_plan: Plan) -> None:
    """Every coach id, plate and stop name is on the page, with one section per coach."""
    page = render_timetable_page(guyuan_plan)
    parsed = _parse(page)
    text = "".join(parsed.text)
    sections = [a.get("id") for tag, a in parsed.tags if tag == "section"]
    assert sections == [b.id for b in guyuan_plan.buses]
    for bus in guyuan_plan.buses:
        assert bus.id in text and bus.plate in text
        for stop in bus.stops:
            assert stop.name in text
    tables = [a.get("class") for tag, a in parsed.tags if tag == "table"]
    assert tables == ["batch"] + ["stops"] * len(guyuan_plan.buses)
    rows = sum(1 for tag, _ in parsed.tags if tag == "tr")
    assert rows == 1 + len(guyuan_plan.buses) + sum(1 + len(b.stops) for b in guyuan_plan.buses)


def test_page_is_self_contained_and_printable(tiny_plan: Plan) -> None:
    """Inline CSS only, A4 landscape, a coach kept on one page; no script, link, image or URL."""
    page = render_timetable_page(tiny_plan)
    assert page.startswith("<!DOCTYPE html>")
    assert "size: A4 landscape" in page
    assert re.search(r"\.coach \{[^}]*page-break-inside: avoid", page)
    assert not re.search(r"https?://", page)
    tags = {tag for tag, _ in _parse(page).tags}
    assert tags.isdisjoint({"script", "link", "img", "iframe", "object"})
    assert "@import" not in page and "url(" not in page


def test_everything_from_the_plan_is_escaped(tiny_plan: Plan) -> None:
    """A stop, coach or batch name holding markup shows as text, never as a tag."""
    evil = "<script>alert('x')</script>"
    bus = tiny_plan.bus("C45-1")
    stops = tuple(dataclasses.replace(s, name=f"西吉 & {evil}") if s.kind == "pickup" else s for s in bus.stops)
    plan = dataclasses.replace(
        tiny_plan,
        scenario=dataclasses.replace(tiny_plan.scenario, name=f"batch {evil}"),
        buses=(dataclasses.replace(bus, stops=stops, plate=f"宁A<b>{evil}"), tiny_plan.buses[1]),
    )
    page = render_timetable_page(plan)
    assert "<script" not in page.lower()
    assert html.escape(f"西吉 & {evil}") in page
    assert html.escape(f"batch {evil}") in page
    assert "隆基 门岗 &lt;main&gt;" in page and "西吉 &amp; &lt;script&gt;" in page
    assert "西吉 & " + evil in "".join(_parse(page).text)


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        pytest.fail(f"{name} not found: install the Debian package poppler-utils (apt-get install poppler-utils)")
    return path


def test_printed_in_chromium_on_a4_landscape_without_splitting_a_coach(browser: Any, guyuan_plan: Plan,
                                                                       tmp_path: Path) -> None:
    """Printed by Chromium: landscape A4 pages, the batch first, each coach's table whole on one page."""
    pdf = tmp_path / "timetable.pdf"
    page = browser.new_page()
    page.set_content(render_timetable_page(guyuan_plan), wait_until="load")
    page.pdf(path=str(pdf), format="A4", prefer_css_page_size=True)
    page.close()
    info = subprocess.run([_tool("pdfinfo"), str(pdf)], check=True, capture_output=True, text=True).stdout
    size = re.search(r"Page size:\s+([\d.]+) x ([\d.]+) pts", info)
    assert size is not None, info
    assert (round(float(size.group(1))), round(float(size.group(2)))) == (842, 595)
    pages = int(re.search(r"Pages:\s+(\d+)", info).group(1))  # type: ignore[union-attr]
    assert pages >= 2
    texts = [subprocess.run([_tool("pdftotext"), "-layout", "-f", str(i), "-l", str(i), str(pdf), "-"], check=True,
                            capture_output=True, text=True).stdout for i in range(1, pages + 1)]
    assert "时刻表 Timetable" in texts[0] and all(b.id in texts[0] for b in guyuan_plan.buses)
    assert "序号" not in texts[0]  # the coaches start on the next page
    heads = [len(re.findall(r"车型 Type", t)) for t in texts]
    ends = [t.count("回车场 back at depot") for t in texts]
    assert heads == ends and sum(heads) == len(guyuan_plan.buses)
