"""Tests for maps: the folium map built from a Plan, its offline assets and escaping."""

from __future__ import annotations

import dataclasses
import json
import math
import re
from collections.abc import Iterator
from pathlib import Path

import folium
import pytest
from branca.element import Element

from maps import TILES, build_map, write_map
from maps.assets import make_offline
from maps.palette import COACH_COLOURS, coach_colour
from routing.coords import wgs84_to_gcj02
from routing.plan import PickupUse, PlaceRef, Plan

URL = re.compile(r"https?://[^\s\"'<>`)]+")


def walk(element: Element) -> Iterator[Element]:
    """Every element below this one in folium's tree, depth first."""
    for child in element._children.values():
        yield child
        yield from walk(child)


def render(plan: Plan, tiles: str = "osm") -> str:
    """The full HTML page for a plan."""
    return build_map(plan, tiles).get_root().render()


def metres(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Great-circle distance in metres between two (lat, lon) points."""
    la1, lo1, la2, lo2 = map(math.radians, (*a, *b))
    h = math.sin((la2 - la1) / 2) ** 2 + math.cos(la1) * math.cos(la2) * math.sin((lo2 - lo1) / 2) ** 2
    return 2 * 6371000 * math.asin(math.sqrt(h))


def pickup_locations(m: folium.Map) -> list[tuple[float, float]]:
    """Locations of the pickup circle markers, in drawing order."""
    return [
        tuple(e.location)
        for e in walk(m)
        if isinstance(e, folium.CircleMarker) and e.options.get("className") == "rb-pickup"
    ]


def test_one_polyline_per_coach_each_in_its_own_layer(tiny_plan: Plan) -> None:
    """Each coach is a FeatureGroup holding exactly one polyline through its stops in order."""
    m = build_map(tiny_plan)
    groups = [g for g in m._children.values() if isinstance(g, folium.FeatureGroup)]
    lines_per_group = [[e for e in walk(g) if isinstance(e, folium.PolyLine)] for g in groups]
    with_lines = [(g, lines) for g, lines in zip(groups, lines_per_group) if lines]
    assert len(with_lines) == len(tiny_plan.buses) == 2
    for (group, lines), bus in zip(with_lines, tiny_plan.buses):
        assert len(lines) == 1
        assert bus.id in group.layer_name and bus.plate in group.layer_name
        assert f"{bus.passengers}/{bus.capacity}" in group.layer_name
        assert [tuple(p) for p in lines[0].locations] == [(s.lat, s.lon) for s in bus.stops]
    page = m.get_root().render()
    assert page.count("L.polyline(") == 2
    assert '"rb-route rb-route-0"' in page and '"rb-route rb-route-1"' in page


def test_coaches_get_distinct_colours_from_a_cycling_palette(tiny_plan: Plan) -> None:
    """At least ten distinct colours, cycling; the two coaches' routes differ in colour."""
    assert len(set(COACH_COLOURS)) >= 10
    assert coach_colour(len(COACH_COLOURS)) == coach_colour(0)
    colours = [e.options["color"] for e in walk(build_map(tiny_plan)) if isinstance(e, folium.PolyLine)]
    assert len(set(colours)) == 2


@pytest.mark.parametrize("tiles", sorted(TILES))
def test_no_remote_scripts_or_stylesheets(tiny_plan: Plan, tiles: str) -> None:
    """Scripts and stylesheets are inlined; the only remote URL on the page is the tile template."""
    page = render(tiny_plan, tiles)
    srcs = re.findall(r"<script[^>]*\ssrc=\"([^\"]*)\"", page)
    hrefs = re.findall(r"<link[^>]*\shref=\"([^\"]*)\"", page)
    assert srcs and hrefs
    assert all(u.startswith("data:") for u in srcs + hrefs), [u[:60] for u in srcs + hrefs]
    source = TILES[tiles]
    found = {u.replace("\\u0026", "&") for u in URL.findall(page)}  # tojson writes & as \u0026
    assert found == ({source.url} if source else set())


def test_assets_hold_leaflet_jquery_and_inlined_images(tiny_plan: Plan) -> None:
    """The inlined assets are the real Leaflet and jQuery, with Leaflet's CSS images inlined too."""
    import base64

    m = build_map(tiny_plan)
    js = {name: base64.b64decode(uri.split(",", 1)[1]).decode() for name, uri in m.default_js}
    css = {name: base64.b64decode(uri.split(",", 1)[1]).decode() for name, uri in m.default_css}
    assert set(js) == {"leaflet", "jquery"} and set(css) == {"leaflet_css"}
    assert 'version="1.9.3"' in js["leaflet"] and "jQuery" in js["jquery"]
    assert "sourceMappingURL" not in js["leaflet"] + js["jquery"]
    assert "url(images/" not in css["leaflet_css"] and "data:image/png;base64," in css["leaflet_css"]


def test_maps_do_not_share_mutated_asset_lists(tiny_plan: Plan) -> None:
    """Each map gets its own asset lists; folium's class-level CDN lists are left alone."""
    before = list(folium.Map.default_js), list(folium.Map.default_css)
    m1, m2 = build_map(tiny_plan), build_map(tiny_plan, "none")
    assert m1.default_js is not m2.default_js and m1.default_css is not m2.default_css
    m1.default_js.append(("extra", "data:text/javascript,"))
    assert [n for n, _ in m2.default_js] == ["leaflet", "jquery"]
    assert (list(folium.Map.default_js), list(folium.Map.default_css)) == before
    plain = folium.Map(tiles=None)
    assert plain.default_js[0][1].startswith("https://")
    assert make_offline(plain).default_js is not m2.default_js


def test_names_are_html_escaped(tiny_plan: Plan) -> None:
    """A gate called '隆基 门岗 <main>' and a pickup with '&' arrive escaped, never as markup."""
    page = render(tiny_plan)
    assert "<main>" not in page
    assert "隆基 门岗 &lt;main&gt;" in page
    assert "原州区 &amp; 客运站" in page


def test_hostile_text_cannot_leave_the_template_literals(tiny_plan: Plan) -> None:
    """Backticks, ${...}, backslashes and </script> in names and ids are escaped as HTML entities."""
    evil = "`${alert(1)}` \\x </script><main>"
    bus = dataclasses.replace(tiny_plan.buses[0], id="C<main>", plate=evil)
    plan = dataclasses.replace(
        tiny_plan,
        buses=(bus, tiny_plan.buses[1]),
        pickup_points=(dataclasses.replace(tiny_plan.pickup_points[0], name=evil), tiny_plan.pickup_points[1]),
    )
    page = render(plan)
    assert "${alert" not in page and "`${" not in page
    assert "</script><main>" not in page and "<main>" not in page
    assert "&#96;&#36;{alert(1)}&#96; &#92;x &lt;/script&gt;&lt;main&gt;" in page


def test_amap_tiles_get_gcj02_coordinates(tiny_plan: Plan) -> None:
    """With AMap tiles every point is shifted by the GCJ-02 offset (a few hundred metres); OSM/none are not."""
    osm, amap, none = (build_map(tiny_plan, t) for t in ("osm", "amap", "none"))
    wgs = [(p.lat, p.lon) for p in tiny_plan.pickup_points]
    assert pickup_locations(osm) == pickup_locations(none) == wgs
    shifted = pickup_locations(amap)
    assert shifted == [wgs84_to_gcj02(*p) for p in wgs]
    assert all(200 < metres(a, b) < 800 for a, b in zip(wgs, shifted))
    osm_line = next(e for e in walk(osm) if isinstance(e, folium.PolyLine)).locations
    amap_line = next(e for e in walk(amap) if isinstance(e, folium.PolyLine)).locations
    assert all(200 < metres(tuple(a), tuple(b)) < 800 for a, b in zip(osm_line, amap_line))
    assert "autonavi.com" in amap.get_root().render()


def test_pickup_popup_lists_coach_times_and_boarding(tiny_plan: Plan) -> None:
    """The pickup popup names the place, its head-count, and per coach arrival–departure and boarding."""
    m = build_map(tiny_plan)
    pickup = next(e for e in walk(m) if isinstance(e, folium.CircleMarker) and e.options["className"] == "rb-pickup")
    popup = "".join(h.data for h in walk(next(e for e in walk(pickup) if isinstance(e, folium.Popup)).html))
    assert "原州区 &amp; 客运站" in popup and "2 workers, 3 passengers" in popup
    assert "C45-1 · 宁A·D8101" in popup and "10:50–10:57" in popup and "上车 3 boarding" in popup


def test_pickup_markers_are_sized_by_head_count(tiny_plan: Plan) -> None:
    """More people boarding gives a bigger circle."""
    big = dataclasses.replace(tiny_plan.pickup_points[1], passengers=40)
    plan = dataclasses.replace(tiny_plan, pickup_points=(tiny_plan.pickup_points[0], big))
    radii = [
        e.options["radius"]
        for e in walk(build_map(plan))
        if isinstance(e, folium.CircleMarker) and e.options["className"] == "rb-pickup"
    ]
    assert radii[1] > radii[0] > 0


def test_break_gates_depot_and_legend_are_drawn(tiny_plan: Plan) -> None:
    """Break stop with its note, gates and depot as distinct markers, and the legend's totals."""
    page = render(tiny_plan)
    assert page.count('"className": "rb-break"') == 1 and "rest 20 min" in page
    assert page.count('"className": "rb-gate"') == 2 and page.count('"className": "rb-depot"') == 1
    assert "下车 2 alighting" in page
    legend = re.search(r"div\.innerHTML = (\".*?\");", page)
    assert legend is not None
    text = json.loads(legend.group(1))
    assert "<h4>tiny · 2020-02-21</h4>" in text
    assert "coaches <b>2</b>" in text and "passengers <b>5</b>" in text and "unassigned workers <b>1</b>" in text
    assert page.count("L.control.layers(") == 1
    assert "fitBounds" in page


def test_approximate_places_are_marked(tiny_plan: Plan) -> None:
    """A place whose coordinates are approximate says '(approximate)' in its label."""

    @dataclasses.dataclass(frozen=True)
    class ApproxPlace(PlaceRef):
        approximate: bool = True

    @dataclasses.dataclass(frozen=True)
    class ApproxPickup(PickupUse):
        approximate: bool = True

    gate = tiny_plan.places[1]
    yz = tiny_plan.pickup_points[0]
    plan = dataclasses.replace(
        tiny_plan,
        places=(
            tiny_plan.places[0],
            ApproxPlace(gate.id, gate.name, gate.lat, gate.lon, gate.kind),
            tiny_plan.places[2],
        ),
        pickup_points=(
            ApproxPickup(yz.id, yz.name, yz.lat, yz.lon, yz.workers, yz.passengers),
            tiny_plan.pickup_points[1],
        ),
    )
    page = render(plan)
    assert "隆基 门岗 &lt;main&gt; (approximate)" in page
    assert "原州区 &amp; 客运站 (approximate)" in page
    assert "西吉县城 (approximate)" not in render(tiny_plan) and "(approximate)" not in render(tiny_plan)


def test_empty_plan_still_builds(tiny_plan: Plan) -> None:
    """A plan with no coaches and no places gives a map of the zone, not an error."""
    empty = dataclasses.replace(tiny_plan, buses=(), pickup_points=(), places=())
    page = render(empty)
    assert "L.polyline(" not in page and "fitBounds" in page


def test_unknown_tiles_are_refused(tiny_plan: Plan) -> None:
    """Only osm, amap and none are known basemaps."""
    with pytest.raises(ValueError, match="osm, amap, none"):
        build_map(tiny_plan, "google")


def test_write_map_writes_one_self_contained_file(tiny_plan: Plan, tmp_path: Path) -> None:
    """write_map creates parent folders and returns the path of a UTF-8 page with everything inlined."""
    out = write_map(tiny_plan, tmp_path / "out" / "map.html", tiles="none")
    assert out == tmp_path / "out" / "map.html"
    page = out.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and "<title>tiny 2020-02-21 · returnbus</title>" in page
    assert not URL.findall(page)
    assert 100_000 < out.stat().st_size < 1_000_000
