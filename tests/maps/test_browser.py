"""Browser tests for maps: the written pages in real headless Chromium with every network request aborted."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pytest
from PIL import Image
from playwright.sync_api import Browser, ConsoleMessage, Dialog, Page, Route
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from maps import TILES, write_map
from maps.layers import EXCEPTIONS_LABEL, HOMES_LABEL
from maps.plan_map import write_coach_maps
from routing.plan.model import PickupUse, Plan

EVIL = "`${alert(1)}` \\x </script><main>"


@dataclass
class OfflinePage:
    """A page whose every network request is aborted, with what it tried and what went wrong."""

    page: Page
    requests: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    console: list[tuple[str, str]] = field(default_factory=list)  # (text, url) of console errors
    dialogs: list[str] = field(default_factory=list)

    def open(self, path: Path) -> None:
        """Open a local file and let the map settle."""
        self.page.goto(path.resolve().as_uri())
        ready = "() => typeof L !== 'undefined' && document.querySelector('.leaflet-pane') !== null"
        try:
            self.page.wait_for_function(ready, timeout=5_000)
        except PlaywrightTimeout:
            pytest.fail(f"the map did not start: page errors {self.errors}")
        self.page.wait_for_timeout(300)  # let fitBounds' zoom animation finish

    def console_errors(self) -> list[str]:
        """Console errors other than the failed loads of the requests the test aborted."""
        return [t for t, url in self.console if not (t.startswith("Failed to load resource") and url in self.requests)]

    def popup_after_click(self, selector: str, index: int = 0) -> str:
        """Click the index-th element matching selector and return the text of the popup it opens."""
        self.page.locator(selector).nth(index).dispatch_event("click")
        popup = self.page.locator(".leaflet-popup-content").last
        popup.wait_for(timeout=2_000)
        return popup.inner_text()


@pytest.fixture
def offline(browser: Browser) -> Iterator[OfflinePage]:
    """A fresh page with the network cut off: only file: and data: URLs load."""
    context = browser.new_context(viewport={"width": 1100, "height": 750})
    page = context.new_page()
    out = OfflinePage(page)

    def handle(route: Route) -> None:
        url = route.request.url
        if url.startswith(("file:", "data:")):
            route.continue_()
        else:
            out.requests.append(url)
            route.abort()

    def on_dialog(dialog: Dialog) -> None:
        out.dialogs.append(dialog.message)
        dialog.dismiss()

    def on_console(msg: ConsoleMessage) -> None:
        if msg.type == "error":
            out.console.append((msg.text, msg.location.get("url", "")))

    page.route("**/*", handle)
    page.on("pageerror", lambda e: out.errors.append(str(e)))
    page.on("console", on_console)
    page.on("dialog", on_dialog)
    yield out
    context.close()


def tile_pattern(template: str) -> re.Pattern[str]:
    """A regex matching the URLs a Leaflet tile template expands to."""
    return re.compile(re.sub(r"\\\{[sxyz]\\\}", r"\\w+", re.escape(template)) + "$")


def drawn_share(png: Path) -> tuple[float, float]:
    """Share of pixels that are not white, and share that are strongly coloured (routes, markers)."""
    rgb = np.asarray(Image.open(png).convert("RGB")).astype(int)
    not_white = float((rgb.min(axis=2) < 245).mean())
    coloured = float((rgb.max(axis=2) - rgb.min(axis=2) > 60).mean())
    return not_white, coloured


def overlay_labels(page: Page) -> list[str]:
    """Texts of the overlay entries of the layer control."""
    return page.locator(".leaflet-control-layers-overlays label").all_inner_texts()


@pytest.mark.parametrize("tiles", sorted(TILES))
def test_map_opens_offline_and_draws_the_plan(tiny_plan: Plan, offline: OfflinePage, tmp_path: Path, tiles: str) -> None:
    """No errors; one route per coach, a marker per pickup used, gate and depot, home cell and exception cell."""
    offline.open(write_map(tiny_plan, tmp_path / "map.html", tiles=tiles))
    page = offline.page
    assert offline.errors == [] and offline.console_errors() == []
    assert page.evaluate("typeof L") == "object"
    assert page.locator("path.leaflet-interactive.rb-route").count() == len(tiny_plan.buses)
    for i in range(len(tiny_plan.buses)):
        assert page.locator(f"path.rb-route-{i}").count() == 1
    labels = overlay_labels(page)
    for bus in tiny_plan.buses:
        assert sum(bus.id in t and bus.plate in t for t in labels) == 1, labels
    used = [p for p in tiny_plan.pickup_points if p.passengers]
    assert page.locator("path.rb-pickup").count() == len(used) and page.locator("path.rb-break").count() == 1
    assert page.locator(".rb-gate").count() == 2 and page.locator(".rb-depot").count() == 1
    assert page.locator("path.rb-home").count() == len(tiny_plan.home_areas)
    assert page.locator("path.rb-exception").count() == sum(1 for a in tiny_plan.home_areas if a.unassigned) == 1
    assert any(HOMES_LABEL in t for t in labels) and any(EXCEPTIONS_LABEL in t for t in labels)
    legend = page.locator(".rb-legend").inner_text()
    assert "tiny · 2020-02-21" in legend and "not seated 1" in legend
    source = TILES[tiles]
    if source is None:
        assert offline.requests == []
    else:
        assert offline.requests, "the basemap should at least try to load tiles"
        pattern = tile_pattern(source.url)
        assert all(pattern.match(u) for u in offline.requests), offline.requests[:5]
    shot = tmp_path / f"map-{tiles}.png"
    page.screenshot(path=str(shot))
    not_white, coloured = drawn_share(shot)
    assert not_white > 0.5 and coloured > 0.002, (not_white, coloured)


def test_clicking_a_pickup_opens_its_popup(tiny_plan: Plan, offline: OfflinePage, tmp_path: Path) -> None:
    """The 原州区 marker's popup names it, the coach and its time, and the passengers per employer."""
    offline.open(write_map(tiny_plan, tmp_path / "map.html", tiles="none"))
    text = offline.popup_after_click("path.rb-pickup", 0)
    assert "原州区 & 客运站" in text and "上车 3 人 boarding" in text
    assert "C45-1 · 宁A·D8101" in text and "10:50–10:57" in text
    assert re.search(r"银川隆基硅材料有限公司\s+2 人", text) and re.search(r"共享集团\s+1 人", text)
    assert offline.errors == [] and offline.console_errors() == []


def test_clicking_an_exception_cell_gives_the_reasons(tiny_plan: Plan, offline: OfflinePage, tmp_path: Path) -> None:
    """The not-seated cell's popup counts its workers by reason, in Chinese."""
    offline.open(write_map(tiny_plan, tmp_path / "map.html", tiles="none"))
    text = offline.popup_after_click("path.rb-exception")
    assert "未安排 Not seated: 1 名工人 workers" in text and re.search(r"健康码非绿码 Health code not green\s+1 人", text)


def test_layer_control_toggles_coaches_and_home_layers(tiny_plan: Plan, offline: OfflinePage, tmp_path: Path) -> None:
    """Unticking a coach removes its route and nothing else; homes and exceptions toggle too."""
    offline.open(write_map(tiny_plan, tmp_path / "map.html", tiles="none"))
    page = offline.page
    control = page.locator(".leaflet-control-layers-overlays label")
    control.filter(has_text="C45-1").locator("input").uncheck()
    assert page.locator("path.rb-route-0").count() == 0
    assert page.locator("path.rb-route-1").count() == 1 and page.locator("path.rb-pickup").count() == 2
    control.filter(has_text="C45-1").locator("input").check()
    assert page.locator("path.rb-route-0").count() == 1
    control.filter(has_text=HOMES_LABEL).locator("input").uncheck()
    control.filter(has_text=EXCEPTIONS_LABEL).locator("input").uncheck()
    assert page.locator("path.rb-home").count() == 0 and page.locator("path.rb-exception").count() == 0
    assert page.locator("path.rb-route").count() == 2
    assert offline.errors == []


def test_one_coach_map(tiny_plan: Plan, offline: OfflinePage, tmp_path: Path) -> None:
    """--bus C45-2: one route, its pickup, its gates and depot, nothing of the other coach."""
    offline.open(write_map(tiny_plan, tmp_path / "c.html", tiles="none", buses=["C45-2"]))
    page = offline.page
    assert page.locator("path.rb-route").count() == 1 and page.locator("path.rb-route-1").count() == 1
    assert page.locator("path.rb-pickup").count() == 1 and page.locator(".rb-gate").count() == 2
    assert page.locator("path.rb-home").count() == 0
    assert not any("C45-1" in t for t in overlay_labels(page))
    assert offline.errors == [] and offline.console_errors() == []


def test_coach_maps_open_offline_with_shared_assets(tiny_plan: Plan, offline: OfflinePage, tmp_path: Path) -> None:
    """A per-coach page loads Leaflet from map-assets/ next to it and draws its coach."""
    paths = write_coach_maps(tiny_plan, tmp_path / "maps", tiles="none")
    offline.open(paths[0])
    assert offline.page.locator("path.rb-route").count() == 1
    assert offline.errors == [] and offline.console_errors() == [] and offline.requests == []


def test_labels_that_would_overlap_are_moved_or_hidden(tiny_plan: Plan, offline: OfflinePage, tmp_path: Path) -> None:
    """Five pickups a few hundred metres apart: the labels shown never cover each other."""
    base = tiny_plan.pickup_points[0]
    crowd = tuple(
        dataclasses.replace(base, id=f"P{k}", name=f"很长的上车点名字 {k} 号", lat=base.lat + 0.004 * k) for k in range(5)
    )
    plan = dataclasses.replace(tiny_plan, pickup_points=(*crowd, *tiny_plan.pickup_points))
    plan = dataclasses.replace(plan, assignments=tuple(
        dataclasses.replace(a, pickup_point_id=f"P{k}") for k, a in enumerate(plan.assignments)))
    offline.open(write_map(plan, tmp_path / "map.html", tiles="none", buses=["C45-1"]))
    page = offline.page
    boxes = page.evaluate(
        """() => Array.from(document.querySelectorAll('.leaflet-tooltip.rb-label'))
                 .filter(e => !e.classList.contains('rb-hidden'))
                 .map(e => { const r = e.getBoundingClientRect(); return [r.left, r.top, r.right, r.bottom]; })"""
    )
    hidden = page.locator(".leaflet-tooltip.rb-label.rb-hidden").count()
    assert len(boxes) >= 2 and hidden >= 1, (boxes, hidden)
    for i, a in enumerate(boxes):
        for b in boxes[i + 1:]:
            assert not (a[0] < b[2] and a[2] > b[0] and a[1] < b[3] and a[3] > b[1]), (a, b)
    assert offline.errors == []


def test_escaped_gate_name_shows_as_text(tiny_plan: Plan, offline: OfflinePage, tmp_path: Path) -> None:
    """The gate named '隆基 门岗 <main>' shows '<main>' as text in its popup, with its employers."""
    offline.open(write_map(tiny_plan, tmp_path / "map.html", tiles="none"))
    page = offline.page
    text = offline.popup_after_click(".rb-gate", 0)
    assert "隆基 门岗 <main>" in text and "15:40–15:46" in text and "下车 2 人" in text
    assert re.search(r"银川隆基硅材料有限公司\s+3 人", text)
    assert page.evaluate("document.querySelectorAll('main').length") == 0
    assert offline.errors == []


def test_hostile_names_do_not_break_or_script_the_page(tiny_plan: Plan, offline: OfflinePage, tmp_path: Path) -> None:
    """Backticks, ${...}, backslashes, </script> and {{ }} in names and ids render as text and run nothing."""
    bus = dataclasses.replace(tiny_plan.buses[0], id="C<main>", plate=EVIL)
    evil_pickup: PickupUse = dataclasses.replace(tiny_plan.pickup_points[0], name=EVIL + "{{ 7*7 }}")
    plan = dataclasses.replace(tiny_plan, buses=(bus, tiny_plan.buses[1]),
                               pickup_points=(evil_pickup, tiny_plan.pickup_points[1]))
    offline.open(write_map(plan, tmp_path / "map.html", tiles="none"))
    page = offline.page
    assert offline.errors == [] and offline.dialogs == []
    assert page.locator("path.rb-route").count() == 2
    assert any("C<main>" in t and EVIL in t for t in overlay_labels(page))
    assert any(EVIL + "{{ 7*7 }}" in t for t in page.locator(".rb-label").all_inner_texts())
    assert page.evaluate("document.querySelectorAll('main').length") == 0
