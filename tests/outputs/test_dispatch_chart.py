"""Tests for routing.outputs.dispatch_chart: a lane per coach on the clock of the day, or an aggregate."""

from __future__ import annotations

import dataclasses
import datetime as dt
import itertools
import warnings
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import NoReturn

import numpy as np
import pytest
from PIL import Image

import routing.outputs.dispatch_chart as dc
from routing.errors import FontNotFound
from routing.outputs.timetable import ACTIVITIES
from routing.pipeline import make_plan
from routing.plan.model import Plan
from routing.scenario.load import load_scenario
from tests.helpers import GUYUAN


@pytest.fixture(scope="module")
def guyuan_plan() -> Plan:
    """The bundled Guyuan batch (7 coaches), planned with a short search."""
    return make_plan(load_scenario(GUYUAN), solution_limit=20)


def _ids(svg: str, prefix: str) -> list[str]:
    root = ET.fromstring(svg)
    return [el.get("id", "") for el in root.iter() if el.get("id", "").startswith(prefix)]


def _no_font() -> NoReturn:
    raise FontNotFound("no font on this machine")


def test_segments_cover_the_day_in_order(tiny_plan: Plan) -> None:
    """A coach's segments run without gap from leaving the depot to coming back, each stop by its kind."""
    segs = dc.coach_segments(tiny_plan, tiny_plan.bus("C45-1"))
    assert [s.activity for s in segs] == [
        "drive", "rest", "drive", "pickup", "drive", "dropoff", "drive", "dropoff", "drive"
    ]
    assert segs[0].start_h == 6.5 and segs[-1].end_h == pytest.approx(16 + 10 / 60)
    assert all(a.end_h == b.start_h for a, b in itertools.pairwise(segs))
    assert segs[1].end_h - segs[1].start_h == pytest.approx(20 / 60)


def test_segments_are_local_clock_hours_past_midnight(tiny_plan: Plan) -> None:
    """Times given in UTC are placed on the plan's local clock; after midnight counts on past 24."""
    bus = tiny_plan.bus("C45-2")
    utc = dt.UTC
    late = dataclasses.replace(bus, stops=tuple(
        dataclasses.replace(s, arrive=(s.arrive + dt.timedelta(hours=8)).astimezone(utc),
                            depart=(s.depart + dt.timedelta(hours=8)).astimezone(utc)) for s in bus.stops))
    segs = dc.coach_segments(tiny_plan, late)
    assert segs[0].start_h == 14.5 and segs[-1].end_h == 25.5
    fig = dc.dispatch_figure(dataclasses.replace(tiny_plan, buses=(late,)))
    assert fig.axes[0].get_xlim() == (14.0, 26.0)
    labels = [t.get_text() for t in fig.axes[0].get_xticklabels()]
    assert labels == [f"{h}:00" for h in range(14, 24)] + ["00:00\n02-22", "01:00", "02:00"]


def test_svg_has_a_lane_per_coach_and_parses(guyuan_plan: Plan) -> None:
    """The SVG is XML with one labelled lane and its bars for every coach of the Guyuan plan."""
    svg = dc.render_dispatch_svg(guyuan_plan)
    lanes = _ids(svg, "lane-")
    assert sorted(lanes) == sorted(f"lane-{b.id}" for b in guyuan_plan.buses)
    assert len(guyuan_plan.buses) == 7
    bars = _ids(svg, "bars-")
    assert {f"bars-{b.id}-drive" for b in guyuan_plan.buses} <= set(bars)
    assert {f"bars-{b.id}-pickup" for b in guyuan_plan.buses} <= set(bars)
    assert not _ids(svg, "aggregate")
    assert "<text" not in svg  # text drawn as paths: Chinese shows without the font


def test_lane_labels_are_coach_and_plate(guyuan_plan: Plan) -> None:
    """Each lane is labelled with the coach id and its plate, in plan order from the top."""
    ax = dc.dispatch_figure(guyuan_plan).axes[0]
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert labels == [f"{b.id}  {b.plate}" for b in guyuan_plan.buses]


def test_same_plan_same_svg_bytes(guyuan_plan: Plan, tmp_path: Path) -> None:
    """Rendering twice, or writing the file, gives the same SVG text."""
    first = dc.render_dispatch_svg(guyuan_plan)
    assert dc.render_dispatch_svg(guyuan_plan) == first
    svg, _ = dc.write_dispatch_chart(guyuan_plan, tmp_path)
    assert svg.read_text(encoding="utf-8") == first


def test_png_is_drawn(guyuan_plan: Plan, tmp_path: Path) -> None:
    """dispatch.png exists, grows with the coaches and is mostly bars, not blank."""
    svg, png = dc.write_dispatch_chart(guyuan_plan, tmp_path / "out")
    assert (svg.name, png.name) == ("dispatch.svg", "dispatch.png")
    image = np.asarray(Image.open(png).convert("RGB"))
    height, width, _ = image.shape
    assert width == dc.WIDTH_IN * dc.PNG_DPI
    assert height >= 7 * dc.LANE_IN * dc.PNG_DPI
    ink = (image < 240).any(axis=2).mean()
    assert ink > 0.15
    drive = np.array([int(dc.STYLE["drive"][0][i:i + 2], 16) for i in (1, 3, 5)])
    assert (np.abs(image.astype(int) - drive).sum(axis=2) < 12).mean() > 0.05  # the driving colour is there


def test_aggregate_above_the_threshold(guyuan_plan: Plan, monkeypatch: pytest.MonkeyPatch) -> None:
    """More coaches than MAX_LANES: one stacked chart, no lanes, and the title says so."""
    monkeypatch.setattr(dc, "MAX_LANES", 5)
    svg = dc.render_dispatch_svg(guyuan_plan)
    assert _ids(svg, "aggregate") and not _ids(svg, "lane-")
    ET.fromstring(svg)
    fig = dc.dispatch_figure(guyuan_plan)
    title = next(t.get_text() for t in fig.texts if t.get_gid() == "title")
    assert "汇总" in title and "aggregate: 7 coaches (more than 5" in title


def test_aggregate_counts_add_up(guyuan_plan: Plan) -> None:
    """Coaches per activity never add up to more than the fleet, and add up to the driving hours."""
    edges, counts = dc.activity_counts(guyuan_plan, step_min=5)
    assert set(counts) == set(ACTIVITIES)
    assert all(len(c) == len(edges) - 1 for c in counts.values())
    total = sum(counts.values())
    assert total.max() == pytest.approx(len(guyuan_plan.buses))
    assert total.min() >= 0
    hours = sum(s.end_h - s.start_h for b in guyuan_plan.buses for s in dc.coach_segments(guyuan_plan, b)
                if s.activity == "drive")
    assert counts["drive"].sum() * 5 / 60 == pytest.approx(hours)
    assert counts["pickup"].sum() > 0 and counts["wait"].sum() == 0


def test_without_a_chinese_font_labels_are_ascii(guyuan_plan: Plan, monkeypatch: pytest.MonkeyPatch,
                                                  tmp_path: Path) -> None:
    """No CJK font: the chart is still made, with ASCII labels and no missing-glyph warning."""
    monkeypatch.setattr(dc, "find_cjk_font", _no_font)
    fig = dc.dispatch_figure(guyuan_plan)
    texts = [t.get_text() for t in fig.axes[0].get_yticklabels()] + [t.get_text() for t in fig.texts]
    texts += [t.get_text() for t in fig.legends[0].get_texts()]
    assert all(ord(c) < 0x2000 for text in texts for c in text)
    assert "C55-1  A·D8101" in texts and "driver swap" in texts
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        paths = dc.write_dispatch_chart(guyuan_plan, tmp_path)
    assert all(p.stat().st_size > 1000 for p in paths)


def test_dollar_signs_in_plan_text_are_drawn_not_parsed_as_mathtext(tiny_plan: Plan, tmp_path: Path) -> None:
    """A batch name and plates holding mathtext (``$\\undefined$``) give a chart, not a parser error."""
    plan = dataclasses.replace(
        tiny_plan, scenario=dataclasses.replace(tiny_plan.scenario, name=r"批次 $\undefined$ {{x}}"),
        buses=tuple(dataclasses.replace(b, plate=r"宁A$\frac{1}$") for b in tiny_plan.buses))
    paths = dc.write_dispatch_chart(plan, tmp_path)
    assert [p.name for p in paths] == ["dispatch.svg", "dispatch.png"]
    assert all(p.stat().st_size > 1000 for p in paths)
