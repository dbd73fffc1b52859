"""Browser tests for maps: the written map.html in real headless Chromium with no network."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Dialog, Page, Route
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from maps import TILES, write_map
from routing.plan import Plan

EVIL = "`${alert(1)}` \\x </script><main>"


@dataclass
class OfflinePage:
    """A page whose every network request is aborted, with what it tried and what went wrong."""

    page: Page
    requests: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
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

    page.route("**/*", handle)
    page.on("pageerror", lambda e: out.errors.append(str(e)))
    page.on("dialog", on_dialog)
    yield out
    context.close()


def tile_pattern(template: str) -> re.Pattern[str]:
    """A regex matching the URLs a Leaflet tile template expands to."""
    return re.compile(re.sub(r"\\\{[sxyz]\\\}", r"\\w+", re.escape(template)) + "$")


@pytest.mark.parametrize("tiles", sorted(TILES))
def test_map_opens_offline_and_draws_every_coach(
    tiny_plan: Plan, offline: OfflinePage, tmp_path: Path, tiles: str
) -> None:
    """No page errors, one SVG route per coach, every coach in the layer control, only tile requests."""
    offline.open(write_map(tiny_plan, tmp_path / "map.html", tiles=tiles))
    page = offline.page
    assert offline.errors == []
    assert page.evaluate("typeof L") == "object" and page.evaluate("typeof jQuery") == "function"
    assert page.locator("path.leaflet-interactive.rb-route").count() == len(tiny_plan.buses)
    for i in range(len(tiny_plan.buses)):
        assert page.locator(f"path.rb-route-{i}").count() == 1
    labels = page.locator(".leaflet-control-layers-overlays label").all_inner_texts()
    for bus in tiny_plan.buses:
        assert sum(bus.id in t and bus.plate in t for t in labels) == 1, labels
    assert page.locator("path.rb-pickup").count() == 2 and page.locator("path.rb-break").count() == 1
    assert page.locator(".rb-gate").count() == 2 and page.locator(".rb-depot").count() == 1
    legend = page.locator(".rb-legend").inner_text()
    assert "tiny · 2020-02-21" in legend and "unassigned workers 1" in legend
    source = TILES[tiles]
    if source is None:
        assert offline.requests == []
    else:
        assert offline.requests, "the basemap should at least try to load tiles"
        pattern = tile_pattern(source.url)
        assert all(pattern.match(u) for u in offline.requests), offline.requests[:5]
    shot = tmp_path / f"map-{tiles}.png"
    page.screenshot(path=str(shot))
    assert shot.stat().st_size > 10_000


def test_routes_can_be_hidden_from_the_layer_control(tiny_plan: Plan, offline: OfflinePage, tmp_path: Path) -> None:
    """Unticking a coach in the layer control removes its route and nothing else."""
    offline.open(write_map(tiny_plan, tmp_path / "map.html", tiles="none"))
    page = offline.page
    page.locator(".leaflet-control-layers-overlays label", has_text="C45-1").locator("input").uncheck()
    assert page.locator("path.rb-route-0").count() == 0
    assert page.locator("path.rb-route-1").count() == 1 and page.locator("path.rb-pickup").count() == 2


def test_escaped_gate_name_shows_as_text(tiny_plan: Plan, offline: OfflinePage, tmp_path: Path) -> None:
    """The gate named '隆基 门岗 <main>' shows '<main>' as text in its popup, and no <main> element exists."""
    offline.open(write_map(tiny_plan, tmp_path / "map.html", tiles="none"))
    page = offline.page
    texts = []
    for k in range(page.locator(".rb-gate").count()):
        page.locator(".rb-gate").nth(k).dispatch_event("click")
        texts += page.locator(".leaflet-popup-content").all_inner_texts()  # the last one may still be fading out
    assert any("隆基 门岗 <main>" in t and "15:40–15:46" in t and "下车 2 alighting" in t for t in texts), texts
    assert page.evaluate("document.querySelectorAll('main').length") == 0
    assert offline.errors == []


def test_hostile_names_do_not_break_or_script_the_page(tiny_plan: Plan, offline: OfflinePage, tmp_path: Path) -> None:
    """Backticks, ${...}, backslashes and </script> in names and ids render as text and run nothing."""
    bus = dataclasses.replace(tiny_plan.buses[0], id="C<main>", plate=EVIL)
    plan = dataclasses.replace(
        tiny_plan,
        buses=(bus, tiny_plan.buses[1]),
        pickup_points=(dataclasses.replace(tiny_plan.pickup_points[0], name=EVIL), tiny_plan.pickup_points[1]),
    )
    offline.open(write_map(plan, tmp_path / "map.html", tiles="none"))
    page = offline.page
    assert offline.errors == [] and offline.dialogs == []
    assert page.locator("path.rb-route").count() == 2
    labels = page.locator(".leaflet-control-layers-overlays label").all_inner_texts()
    assert any("C<main>" in t and EVIL in t for t in labels), labels
    assert any(EVIL in t for t in page.locator(".rb-label").all_inner_texts())
    assert page.evaluate("document.querySelectorAll('main').length") == 0
