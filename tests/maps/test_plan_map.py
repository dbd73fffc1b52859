"""Tests for maps: what the map of a Plan draws (maps.layers), its page (maps.plan_map), escaping."""

from __future__ import annotations

import base64
import dataclasses
import json
import math
import re
from pathlib import Path
from typing import Any

import folium
import pytest

from maps import TILES, build_map, write_map
from maps.assets import make_offline
from maps.layers import COACH_LAYERS_UP_TO, HOMES_LABEL, layer_data, legs, main_reason, select
from maps.palette import COACH_COLOURS, REACH_COLOUR, coach_colour
from maps.plan_map import ASSET_DIR, write_coach_maps
from maps.popups import text
from routing.geo.coords import wgs84_to_gcj02
from routing.model import Scenario
from routing.plan.model import HomeArea, PickupUse, Plan, Stop

URL = re.compile(r"https?://[^\s\"'<>`)\\]+")
DATA = re.compile(r"\}\)\(map_\w+, layer_control_\w+, (\{.*\})\);\n")
EVIL = "`${alert(1)}` \\x </script><main>"


def identity(lat: float, lon: float) -> tuple[float, float]:
    """No projection (WGS-84 basemaps)."""
    return lat, lon


def data_of(plan: Plan, buses: list[str] | None = None, project: Any = identity) -> dict[str, Any]:
    """What the map of the plan (or of some coaches) draws."""
    return layer_data(select(plan, buses), project)


def render(plan: Plan, tiles: str = "osm", buses: list[str] | None = None) -> str:
    """The full HTML page for a plan."""
    return build_map(plan, tiles, buses).get_root().render()


def page_data(page: str) -> dict[str, Any]:
    """The layer data handed to the drawing script in a page."""
    found = DATA.search(page)
    assert found, "no drawing script in the page"
    data: dict[str, Any] = json.loads(found.group(1))
    return data


def decoded(page: str) -> str:
    """The page with the JSON escapes of <, > and & read back (text as the browser gets it)."""
    return page.replace("\\u003c", "<").replace("\\u003e", ">").replace("\\u0026", "&")


def remote_urls(page: str) -> set[str]:
    """Every http(s) URL in a page that is not a basemap's tile template."""
    tile_urls = {s.url for s in TILES.values() if s is not None}
    return set(URL.findall(decoded(page))) - tile_urls


def metres(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Great-circle distance in metres between two (lat, lon) points."""
    la1, lo1, la2, lo2 = map(math.radians, (*a, *b))
    h = math.sin((la2 - la1) / 2) ** 2 + math.cos(la1) * math.cos(la2) * math.sin((lo2 - lo1) / 2) ** 2
    return 2 * 6371000 * math.asin(math.sqrt(h))


def pt(lat: float, lon: float) -> list[float]:
    """A point as the layer data writes it."""
    return [round(lat, 6), round(lon, 6)]


# --- coaches --------------------------------------------------------------------------------


def test_one_route_per_coach_each_in_its_own_layer(tiny_plan: Plan) -> None:
    """Each coach is a layer named by id, plate and load, holding one line through its stops in order."""
    data = data_of(tiny_plan)
    assert len(data["groups"]) == len(data["coaches"]) == len(tiny_plan.buses) == 2
    for i, (coach, bus) in enumerate(zip(data["coaches"], tiny_plan.buses, strict=True)):
        name = data["groups"][coach["g"]]["name"]
        assert coach["g"] == i and bus.id in name and bus.plate in name and f"{bus.passengers}/{bus.capacity}" in name
        assert coach["path"] == [pt(s.lat, s.lon) for s in bus.stops]
        assert coach["cls"] == f"rb-route rb-route-{i}"
        assert len(coach["breaks"]) == sum(s.kind == "break" for s in bus.stops)
    assert data["coaches"][0]["arrows"] and "<svg" in data["coaches"][0]["arrows"][0][2]


def test_coaches_get_distinct_colours_from_a_cycling_palette(tiny_plan: Plan) -> None:
    """At least ten distinct colours, cycling; the two coaches' routes differ in colour."""
    assert len(set(COACH_COLOURS)) >= 10
    assert coach_colour(len(COACH_COLOURS)) == coach_colour(0)
    assert len({c["c"] for c in data_of(tiny_plan)["coaches"]}) == 2


def test_road_geometry_is_drawn_when_the_plan_has_it(tiny_plan: Plan) -> None:
    """A stop carrying the road from the previous stop puts those points into the route line."""

    @dataclasses.dataclass(frozen=True)
    class RoadStop(Stop):
        geometry: tuple[tuple[float, float], ...] = ((37.0, 106.5), (36.5, 106.4))

    bus = tiny_plan.buses[1]
    s = bus.stops[1]
    road = RoadStop(s.seq, s.kind, s.place_id, s.name, s.lat, s.lon, s.arrive, s.depart, s.board, s.alight)
    plan = dataclasses.replace(
        tiny_plan, buses=(tiny_plan.buses[0], dataclasses.replace(bus, stops=(bus.stops[0], road, *bus.stops[2:])))
    )
    assert legs(plan.buses[1])[0] == [(bus.stops[0].lat, bus.stops[0].lon), (37.0, 106.5), (36.5, 106.4),
                                      (s.lat, s.lon)]
    path = data_of(plan)["coaches"][1]["path"]
    assert path[:4] == [pt(bus.stops[0].lat, bus.stops[0].lon), [37.0, 106.5], [36.5, 106.4], pt(s.lat, s.lon)]
    assert len(path) == len(bus.stops) + 2


def test_above_the_limit_coaches_are_grouped_by_depot(tiny_plan: Plan, monkeypatch: pytest.MonkeyPatch) -> None:
    """Past COACH_LAYERS_UP_TO coaches, one layer per depot (coaches keep their colours), no arrows."""
    assert COACH_LAYERS_UP_TO >= 40
    monkeypatch.setattr("maps.layers.COACH_LAYERS_UP_TO", 1)
    data = data_of(tiny_plan)
    assert len(data["groups"]) == 1 and "经开区车场" in data["groups"][0]["name"] and "2 辆" in data["groups"][0]["name"]
    assert [c["g"] for c in data["coaches"]] == [0, 0]
    assert len({c["c"] for c in data["coaches"]}) == 2
    assert all(not c["arrows"] for c in data["coaches"])


# --- pickups, gates, depots -------------------------------------------------------------------


def test_pickup_popup_lists_coaches_times_and_employers(tiny_plan: Plan) -> None:
    """The pickup popup: name, people boarding, each coach with its time, passengers per employer."""
    pickups = data_of(tiny_plan)["pickups"]
    assert len(pickups) == 2
    yz = pickups[0]["pop"]
    assert "原州区 &amp; 客运站" in yz and "上车 <b>3</b> 人 boarding (2 名工人 workers)" in yz
    assert "C45-1 · 宁A·D8101 · 3/18" in yz and "10:50–10:57" in yz and "上车 3 人" in yz
    assert re.search(r"银川隆基硅材料有限公司</td><td class=rb-n>2 人.*共享集团</td><td class=rb-n>1 人", yz)
    assert "C45-2" not in yz
    assert pickups[0]["tip"] == "原州区 &amp; 客运站 (3)" and pickups[0]["label"]


def test_pickup_markers_are_sized_by_the_people_boarding(tiny_plan: Plan) -> None:
    """Three boarding at 原州区 give a bigger circle than two at 西吉; one coach each, its colour."""
    yz, xj = data_of(tiny_plan)["pickups"]
    assert yz["r"] > xj["r"] > 0
    assert (yz["c"], xj["c"]) == (coach_colour(0), coach_colour(1))


def test_only_pickup_points_someone_boards_at_are_drawn(tiny_plan: Plan) -> None:
    """A pickup point of the scenario nobody uses gets no marker."""
    unused = PickupUse("P-X", "没人上车", 36.5, 106.0, 0, 0)
    plan = dataclasses.replace(tiny_plan, pickup_points=(*tiny_plan.pickup_points, unused))
    assert [p["tip"] for p in data_of(plan)["pickups"]] == ["原州区 &amp; 客运站 (3)", "西吉县城 (2)"]


def test_gates_list_their_employers_with_passengers(tiny_plan: Plan) -> None:
    """Each gate's popup names its employers and how many get off for each, and the coaches calling."""
    places = data_of(tiny_plan)["places"]
    assert [p["kind"] for p in places] == ["depot", "gate", "gate"]
    g1, g2 = places[1]["pop"], places[2]["pop"]
    assert "隆基 门岗 &lt;main&gt;" in g1 and "下车 <b>3</b> 人" in g1
    assert "银川隆基硅材料有限公司</td><td class=rb-n>3 人" in g1 and "共享集团" not in g1
    assert "C45-1 · 宁A·D8101 · 3/18</td><td>15:40–15:46</td><td>下车 2 人" in g1
    assert "共享集团</td><td class=rb-n>2 人" in g2
    assert places[1]["tip"] == "隆基 门岗 &lt;main&gt;" and places[1]["label"]


def test_gate_with_no_passengers_still_names_its_employers(tiny_plan: Plan) -> None:
    """In the batch map a gate nobody gets off at lists its employers with 0."""
    plan = dataclasses.replace(tiny_plan, assignments=tuple(a for a in tiny_plan.assignments if a.dropoff_place_id != "G2"))
    g2 = data_of(plan)["places"][2]["pop"]
    assert "下车 <b>0</b> 人" in g2 and "共享集团</td><td class=rb-n>0 人" in g2


def test_depot_is_named_and_lists_departures_and_returns(tiny_plan: Plan) -> None:
    """The depot label is permanent; its popup gives each coach's departure and return."""
    depot = data_of(tiny_plan)["places"][0]
    assert depot["label"] and depot["tip"] == "经开区车场"
    assert "发车 2 辆 coaches" in depot["pop"] and "发车 06:30" in depot["pop"] and "回场 16:10" in depot["pop"]


def test_approximate_places_are_marked(tiny_plan: Plan) -> None:
    """A place whose coordinates are approximate says so in its label."""
    gate = tiny_plan.places[1]
    yz = tiny_plan.pickup_points[0]
    plan = dataclasses.replace(
        tiny_plan,
        places=(tiny_plan.places[0], dataclasses.replace(gate, approximate=True), tiny_plan.places[2]),
        pickup_points=(dataclasses.replace(yz, approximate=True), tiny_plan.pickup_points[1]),
    )
    data = data_of(plan)
    assert data["places"][1]["tip"] == "隆基 门岗 &lt;main&gt; (约)"
    assert data["pickups"][0]["tip"] == "原州区 &amp; 客运站 (约) (3)"
    assert "<b>原州区 &amp; 客运站 (位置约略 approximate position)</b>" in data["pickups"][0]["pop"]
    assert "(约)" not in json.dumps(data_of(tiny_plan), ensure_ascii=False)


# --- homes and exceptions ----------------------------------------------------------------------


def test_home_cells_are_circles_with_counts(tiny_plan: Plan) -> None:
    """One circle per home cell at its centre, bigger for more workers, tooltip with the counts."""
    homes = data_of(tiny_plan)["homes"]
    assert len(homes) == len(tiny_plan.home_areas) > 0
    assert [h["at"] for h in homes] == [pt(a.lat, a.lon) for a in tiny_plan.home_areas]
    by_workers = sorted(zip(tiny_plan.home_areas, homes, strict=True), key=lambda ah: ah[0].workers)
    assert by_workers[0][1]["r"] <= by_workers[-1][1]["r"]
    most = by_workers[-1]
    assert f"工人 <b>{most[0].workers}</b> workers" in most[1]["tip"]


def test_exception_cells_by_main_reason_with_out_of_reach_ringed(tiny_plan: Plan) -> None:
    """Cells with workers not seated: coloured by the main reason, popup per reason in Chinese."""
    areas = (
        HomeArea(36.05, 106.25, 10, 7, (("code_not_green", 1), ("out_of_reach", 2))),
        HomeArea(35.95, 105.75, 4, 3, (("no_health_cert", 1),)),
        HomeArea(35.85, 105.65, 5, 5),
    )
    data = data_of(dataclasses.replace(tiny_plan, home_areas=areas))
    assert len(data["homes"]) == 3 and len(data["exceptions"]) == 2
    reach, cert = data["exceptions"]
    assert reach["reach"] and reach["c"] == REACH_COLOUR and not cert["reach"]
    assert "超出上车点范围 Out of reach of pickup points</td><td class=rb-n>2 人" in reach["pop"]
    assert "健康码非绿码 Health code not green</td><td class=rb-n>1 人" in reach["pop"]
    assert "未安排 Not seated: 3 名工人 workers" in reach["pop"] and "无健康证明" in cert["pop"]
    assert main_reason(areas[0]) == "out_of_reach"
    assert main_reason(HomeArea(0, 0, 2, 0, (("no_capacity", 1), ("no_health_cert", 1)))) == "no_health_cert"


def test_no_home_is_ever_drawn(tiny_plan: Plan, tiny_scenario: Scenario) -> None:
    """No worker's home coordinates appear in the page, on any basemap: only cell centres."""
    for tiles in ("none", "amap"):
        page = render(tiny_plan, tiles)
        pairs = {(float(a), float(b)) for a, b in re.findall(r"\[(-?\d+\.\d+),\s*(-?\d+\.\d+)", page)}
        assert pairs
        for w in tiny_scenario.workers:
            for lat, lon in {(w.lat, w.lon), wgs84_to_gcj02(w.lat, w.lon)}:
                assert not any(abs(lat - a) < 1e-6 and abs(lon - b) < 1e-6 for a, b in pairs), w.id
        assert HOMES_LABEL in decoded(page)


def test_plan_without_home_areas_has_no_home_layers(tiny_plan: Plan) -> None:
    """An older plan (no home_areas) draws neither homes nor exceptions."""
    data = data_of(dataclasses.replace(tiny_plan, home_areas=()))
    assert data["homes"] == [] and data["exceptions"] == []


# --- one coach ----------------------------------------------------------------------------------


def test_one_coach_map_draws_only_that_coach(tiny_plan: Plan) -> None:
    """--bus C45-2: its route, its pickup (counts of its own passengers), its gates and depot, no homes."""
    data = data_of(tiny_plan, ["C45-2"])
    assert len(data["groups"]) == len(data["coaches"]) == 1 and data["coaches"][0]["cls"] == "rb-route rb-route-1"
    assert [p["tip"] for p in data["pickups"]] == ["西吉县城 (2)"]
    assert [p["kind"] for p in data["places"]] == ["depot", "gate", "gate"]
    assert "C45-1" not in json.dumps(data, ensure_ascii=False)
    assert data["homes"] == [] and data["exceptions"] == []


def test_one_coach_map_is_fitted_to_it(tiny_plan: Plan) -> None:
    """The view fits the coach's stops only."""
    page = render(tiny_plan, "none", ["C45-2"])
    bus = tiny_plan.buses[1]
    fit = re.search(r"fitBounds\(\s*\[\[([\d.]+), ([\d.]+)\], \[([\d.]+), ([\d.]+)\]\]", page)
    assert fit
    south, west, north, east = map(float, fit.groups())
    assert (south, north) == (min(s.lat for s in bus.stops), max(s.lat for s in bus.stops))
    assert (west, east) == (min(s.lon for s in bus.stops), max(s.lon for s in bus.stops))
    assert "<title>C45-2 tiny 2020-02-21 · returnbus</title>" in page


def test_unknown_coach_names_the_plans_coaches(tiny_plan: Plan) -> None:
    """Asking for a coach the plan lacks raises KeyError naming it and the coaches there are."""
    with pytest.raises(KeyError, match="no coach C99 in the plan; its coaches are C45-1, C45-2"):
        build_map(tiny_plan, "none", ["C99"])


# --- the page -------------------------------------------------------------------------------------


@pytest.mark.parametrize("tiles", sorted(TILES))
def test_no_remote_scripts_or_stylesheets(tiny_plan: Plan, tiles: str) -> None:
    """Scripts and stylesheets are inlined; the only remote URLs on the page are tile templates."""
    page = render(tiny_plan, tiles)
    srcs = re.findall(r"<script[^>]*\ssrc=\"([^\"]*)\"", page)
    hrefs = re.findall(r"<link[^>]*\shref=\"([^\"]*)\"", page)
    assert srcs and hrefs
    assert all(u.startswith("data:") for u in srcs + hrefs), [u[:60] for u in srcs + hrefs]
    assert remote_urls(page) == set()


def test_assets_hold_leaflet_jquery_and_inlined_images(tiny_plan: Plan) -> None:
    """The inlined assets are the real Leaflet and jQuery, with Leaflet's CSS images inlined too."""
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
    assert "<main>" not in page and "<main>" not in decoded(page)
    assert "隆基 门岗 &lt;main&gt;" in decoded(page)
    assert "原州区 &amp; 客运站" in decoded(page)


def test_hostile_text_cannot_leave_the_script(tiny_plan: Plan) -> None:
    """Backticks, ${...}, backslashes and </script> in names and ids stay text inside the JSON."""
    bus = dataclasses.replace(tiny_plan.buses[0], id="C<main>", plate=EVIL)
    plan = dataclasses.replace(
        tiny_plan,
        buses=(bus, tiny_plan.buses[1]),
        pickup_points=(dataclasses.replace(tiny_plan.pickup_points[0], name=EVIL), tiny_plan.pickup_points[1]),
    )
    page = render(plan)
    assert "${alert" not in page and "</script><main>" not in page and "<main>" not in page
    assert page.count("</script>") == page.count("<script")
    data = page_data(page)
    assert "&#96;&#36;&#123;alert(1)&#125;&#96; &#92;x &lt;/script&gt;&lt;main&gt;" in data["pickups"][0]["tip"]
    assert data["groups"][0]["name"].endswith("C&lt;main&gt; · " + text(EVIL) + " · 3/18")


def test_template_syntax_in_names_is_not_run(tiny_plan: Plan) -> None:
    """'{{ 7*7 }}' in a name is shown as written: no template engine evaluates plan text."""
    plan = dataclasses.replace(
        tiny_plan,
        pickup_points=(dataclasses.replace(tiny_plan.pickup_points[0], name="X{{ 7*7 }}{% if 1 %}Y{% endif %}"),
                       tiny_plan.pickup_points[1]),
        scenario=dataclasses.replace(tiny_plan.scenario, name="批次 {{ 6*7 }}"),
    )
    page = decoded(render(plan))
    assert "X49" not in page and "批次 42" not in page
    assert "X&#123;&#123; 7*7 &#125;&#125;&#123;% if 1 %&#125;Y" in page
    assert "批次 &#123;&#123; 6*7 &#125;&#125;" in page


def test_amap_puts_every_point_a_few_hundred_metres_off_for_gcj02(tiny_plan: Plan) -> None:
    """With AMap tiles every point drawn is the GCJ-02 one (~400 m at Guyuan); OSM and none keep WGS-84."""
    osm, none = page_data(render(tiny_plan, "osm")), page_data(render(tiny_plan, "none"))
    amap = page_data(render(tiny_plan, "amap"))
    wgs = [pt(p.lat, p.lon) for p in tiny_plan.pickup_points]
    assert [p["at"] for p in osm["pickups"]] == [p["at"] for p in none["pickups"]] == wgs
    assert [p["at"] for p in amap["pickups"]] == [pt(*wgs84_to_gcj02(*p)) for p in wgs]
    moved = [metres(tuple(a), tuple(b["at"])) for a, b in zip(wgs, amap["pickups"], strict=True)]
    assert all(300 < d < 500 for d in moved), moved
    for a, b in zip(osm["coaches"][0]["path"], amap["coaches"][0]["path"], strict=True):
        assert 300 < metres(tuple(a), tuple(b)) < 500
    for a, b in zip(osm["homes"] + osm["places"], amap["homes"] + amap["places"], strict=True):
        assert 300 < metres(tuple(a["at"]), tuple(b["at"])) < 500


def test_legend_layer_control_and_fit(tiny_plan: Plan) -> None:
    """The legend's totals and keys, one layer control, the view fitted to what is drawn."""
    page = render(tiny_plan)
    legend = re.search(r"div\.innerHTML = (\".*?\");", page)
    assert legend is not None
    html = json.loads(legend.group(1))
    assert "<h4>tiny · 2020-02-21</h4>" in html
    assert "coaches <b>2</b>" in html and "passengers <b>5</b>" in html and "not seated <b>1</b>" in html
    assert "工人居住地 homes" in html and "未安排 not seated (红圈" in html
    assert page.count("L.control.layers(") == 1 and "fitBounds" in page


def test_same_plan_same_html(tiny_plan: Plan) -> None:
    """Element ids are numbered, not random: two renders of one plan are byte-identical."""
    assert render(tiny_plan) == render(tiny_plan)
    assert re.search(r"\bmap_[0-9a-f]{32}\b", render(tiny_plan)) is None


def test_empty_plan_still_builds(tiny_plan: Plan) -> None:
    """A plan with no coaches and no places gives a map of the zone, not an error."""
    empty = dataclasses.replace(tiny_plan, buses=(), pickup_points=(), places=(), assignments=(), home_areas=())
    data = page_data(render(empty))
    assert data["coaches"] == [] and data["pickups"] == [] and data["places"] == []


def test_unknown_tiles_are_refused(tiny_plan: Plan) -> None:
    """A basemap that is neither a name nor a tile folder is refused, naming the choices."""
    with pytest.raises(ValueError, match="none, osm, amap"):
        build_map(tiny_plan, "google")


def test_write_map_writes_one_self_contained_file(tiny_plan: Plan, tmp_path: Path) -> None:
    """write_map creates parent folders and returns the path of a UTF-8 page with everything inlined."""
    out = write_map(tiny_plan, tmp_path / "out" / "map.html", tiles="none")
    assert out == tmp_path / "out" / "map.html"
    page = out.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and "<title>tiny 2020-02-21 · returnbus</title>" in page
    assert remote_urls(page) == set()
    assert 100_000 < out.stat().st_size < 1_000_000


def test_coach_maps_share_one_asset_folder(tiny_plan: Plan, tmp_path: Path) -> None:
    """One small page per coach, each showing only its coach, linking Leaflet from map-assets/."""
    paths = write_coach_maps(tiny_plan, tmp_path / "maps", tiles="none")
    assert paths == [tmp_path / "maps" / "C45-1.html", tmp_path / "maps" / "C45-2.html"]
    assets = sorted(p.name for p in (tmp_path / "maps" / ASSET_DIR).iterdir())
    assert assets == ["jquery.min.js", "leaflet.css", "leaflet.js"]
    assert 'version="1.9.3"' in (tmp_path / "maps" / ASSET_DIR / "leaflet.js").read_text()
    for path, bus in zip(paths, tiny_plan.buses, strict=True):
        page = path.read_text(encoding="utf-8")
        assert f'src="{ASSET_DIR}/leaflet.js"' in page and f'href="{ASSET_DIR}/leaflet.css"' in page
        assert path.stat().st_size < 60_000 and remote_urls(page) == set()
        coaches = page_data(page)["coaches"]
        assert len(coaches) == 1 and bus.id in coaches[0]["tip"]


def test_manifest_page_links_the_coach_map(tiny_plan: Plan, tiny_scenario: Scenario, tmp_path: Path) -> None:
    """render_manifest_html(map_href=...) links the coach's map page, which exists where it points."""
    from urllib.parse import quote

    from routing.outputs.manifests.rows import render_manifest_html

    write_coach_maps(tiny_plan, tmp_path / "maps", tiles="none")
    (tmp_path / "manifests").mkdir()
    href = f"../maps/{quote('C45-1')}.html"
    page = render_manifest_html(tiny_plan, tiny_scenario, "C45-1", map_href=href)
    assert f'<a class=maplink href="{href}">路线图 Route map</a>' in page
    assert (tmp_path / "manifests" / href).resolve() == (tmp_path / "maps" / "C45-1.html").resolve()
    assert (tmp_path / "maps" / "C45-1.html").exists()
    assert "maplink" not in render_manifest_html(tiny_plan, tiny_scenario, "C45-1").split("</style>")[1]


def test_coach_maps_from_forked_workers_are_the_same(tiny_plan: Plan, tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    """jobs=2 writes the same pages as one process."""
    one = write_coach_maps(tiny_plan, tmp_path / "one", tiles="none")
    monkeypatch.setattr("maps.plan_map.PARALLEL_FROM", 1)
    two = write_coach_maps(tiny_plan, tmp_path / "two", tiles="none", jobs=2)
    assert [p.read_bytes() for p in one] == [p.read_bytes() for p in two]
