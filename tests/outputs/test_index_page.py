"""Tests for routing.outputs.index_page: the plan at a glance."""

from __future__ import annotations

import dataclasses

from routing.model import Scenario
from routing.outputs.index_page import render_index
from routing.plan.model import Plan
from routing.privacy import mask_id_number, mask_phone

LINKS = {"地图 Map": "map.html", "时刻表 Schedule": "schedule.csv", "plan.json": "plan.json"}


def test_links_present(tiny_plan: Plan) -> None:
    """Links to the map, schedule, plan.json and each coach's manifests are on the page."""
    page = render_index(tiny_plan, LINKS)
    for label, path in LINKS.items():
        assert f"href='{path}'>{label}</a>" in page
    for bus in tiny_plan.buses:
        assert f"href='manifests/{bus.id}.html'" in page
        assert f"href='manifests/{bus.id}.csv'" in page


def test_summary_and_tables(tiny_plan: Plan) -> None:
    """Summary figures, coaches, pickup points and the unassigned worker are shown."""
    page = render_index(tiny_plan, LINKS)
    assert "tiny" in page and "2020-02-21" in page
    assert "¥14,520" in page and "1,490.0" in page and "13.9 %" in page and "2 / 2" in page
    for text in ("宁A·D8101", "宁A·D8102", "3 / 18", "2 / 18", "15:55", "17:15", "10:57 原州区 &amp; 客运站 (3)"):
        assert text in page
    assert "P-XJ" in page and "西吉县城" in page
    assert "code_not_green" in page and ">W5<" in page and "health code is yellow" in page


def test_unassigned_grouped_by_reason(tiny_plan: Plan) -> None:
    """Unassigned workers are grouped under one heading per reason."""
    extra = tiny_plan.unassigned + (
        dataclasses.replace(
            tiny_plan.unassigned[0], worker_id="W9", reason="out_of_reach", detail="41 km", companions=2
        ),
        dataclasses.replace(tiny_plan.unassigned[0], worker_id="W10", reason="code_not_green", detail="red"),
    )
    page = render_index(dataclasses.replace(tiny_plan, unassigned=extra), LINKS)
    assert page.count("<h3>") == 2
    assert "<code>code_not_green</code> — 2 人 workers, 2 人 people" in page
    assert "<code>out_of_reach</code> — 1 人 workers, 3 人 people" in page
    assert page.index(">W5<") < page.index(">W10<") < page.index(">W9<")


def test_no_personal_data(tiny_plan: Plan, tiny_scenario: Scenario) -> None:
    """No worker's name, ID number or phone, full or masked, reaches the index page."""
    page = render_index(tiny_plan, LINKS)
    for w in tiny_scenario.workers:
        for secret in (w.id_number, mask_id_number(w.id_number), w.phone, mask_phone(w.phone), w.name):
            assert secret not in page
        for name in w.companion_names:
            assert name not in page


def test_escaped(tiny_plan: Plan) -> None:
    """Text from the plan and the link labels is escaped."""
    page = render_index(tiny_plan, {"<b>bad</b>": "a&b.html"})
    assert "<b>bad</b>" not in page and "&lt;b&gt;bad&lt;/b&gt;" in page
    assert "href='a&amp;b.html'" in page
    assert "原州区 & 客运站" not in page and "原州区 &amp; 客运站" in page


def test_self_contained_and_printable(tiny_plan: Plan) -> None:
    """The page loads nothing from outside and has print rules."""
    page = render_index(tiny_plan, LINKS)
    for marker in ("<script", "<link", "http://", "https://", "@import", "url("):
        assert marker not in page
    assert "@page" in page and "@media print" in page
