"""Tests for maps.basemap: --tiles values, base layers and datums, the offline places layer, in Chromium."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import folium
import numpy as np
import pytest
from geographiclib.geodesic import Geodesic
from PIL import Image
from playwright.sync_api import Browser, Page, Route, expect

from maps.assets import make_offline
from maps.basemap import (
    DEFAULT_TILES,
    NONE_LABEL,
    REFERENCE_LABEL,
    Basemap,
    add_basemaps,
    add_reference_layer,
    html_text,
    parse_tiles,
    reference_places,
)
from routing.geo.coords import wgs84_to_gcj02

GUYUAN_BOUNDS = ((35.4, 105.3), (36.3, 106.9))
YINCHUAN = (38.4867, 106.2265)
TILE_RGB = (170, 200, 230)
TILE_HOSTS = re.compile(r"^https://(tile\.openstreetmap\.org|webrd0\{s\}\.is\.autonavi\.com)/")


def write_tile(folder: Path, z: int = 5, x: int = 25, y: int = 12, ext: str = "png") -> Path:
    """A real 256×256 one-colour tile at folder/z/x/y.ext (z5 25/12 covers Ningxia)."""
    path = folder / str(z) / str(x) / f"{y}.{ext}"
    path.parent.mkdir(parents=True, exist_ok=True)
    Image.new("RGB", (256, 256), TILE_RGB).save(path)
    return path


@pytest.fixture
def tiles(tmp_path: Path) -> Path:
    """A tile folder tmp_path/site/tiles holding one PNG tile, 5/25/12.png."""
    folder = tmp_path / "site" / "tiles"
    write_tile(folder)
    return folder


def new_map(location: tuple[float, float] = (35.9, 106.1), zoom: int = 8) -> folium.Map:
    """A bare offline folium map, as maps.plan_map makes it."""
    return make_offline(folium.Map(location=location, zoom_start=zoom, tiles=None, control_scale=True))


def base_layers(m: folium.Map) -> dict[str, folium.map.Layer]:
    """The map's base layers (radio buttons of the layer control) by label, in order."""
    return {
        item.layer_name: item
        for item in m._children.values()
        if isinstance(item, folium.map.Layer) and not item.overlay and item.control
    }


def shown(m: folium.Map, html: str) -> list[str]:
    """Labels of the base layers added to the map when the page opens."""
    name = m.get_name()
    return [label for label, layer in base_layers(m).items() if f"{layer.get_name()}.addTo({name})" in html]


def rendered(chosen: Basemap) -> tuple[folium.Map, str]:
    """A map with every basemap, the places layer and a layer control, and its HTML."""
    m = new_map()
    project = add_basemaps(m, chosen)
    add_reference_layer(m, GUYUAN_BOUNDS, project, show=chosen.name == "none")
    folium.LayerControl().add_to(m)
    return m, m.get_root().render()


def distance_m(a: tuple[float, float], b: tuple[float, float]) -> float:
    return float(Geodesic.WGS84.Inverse(a[0], a[1], b[0], b[1])["s12"])


# --- parse_tiles --------------------------------------------------------------------------


def test_default_is_the_offline_basemap() -> None:
    """DEFAULT_TILES is none, and none has no tile URL."""
    assert DEFAULT_TILES == "none"
    chosen = parse_tiles(DEFAULT_TILES)
    assert chosen.name == "none" and chosen.url == "" and chosen.label == NONE_LABEL and not chosen.gcj02


@pytest.mark.parametrize(("value", "name", "gcj02"), [("none", "none", False), ("osm", "osm", False),
                                                     ("amap", "amap", True), (" AMap ", "amap", True)])
def test_names(value: str, name: str, gcj02: bool) -> None:
    """The three names, in any case, give their basemap and datum."""
    chosen = parse_tiles(value)
    assert chosen.name == name and chosen.gcj02 is gcj02 and chosen.folder is None


def test_folder_next_to_the_map_gets_a_relative_url(tiles: Path) -> None:
    """A map in the tile folder's parent addresses the tiles as tiles/{z}/{x}/{y}.png; zooms from the z folders."""
    write_tile(tiles, z=7, x=101, y=50)
    chosen = parse_tiles(str(tiles), map_path=tiles.parent / "map.html")
    assert chosen.name == "local" and chosen.url == "tiles/{z}/{x}/{y}.png"
    assert (chosen.min_zoom, chosen.max_zoom) == (5, 7) and chosen.folder == tiles.resolve()
    assert not chosen.gcj02 and "WGS-84" in chosen.label


def test_folder_elsewhere_gets_a_relative_path_up(tiles: Path) -> None:
    """A map in a sibling folder goes up one level to the tiles; odd characters are quoted."""
    odd = tiles.parent / "瓦片 #1"
    tiles.rename(odd)
    chosen = parse_tiles(str(odd), map_path=tiles.parent / "out" / "map.html")
    assert chosen.url == "../%E7%93%A6%E7%89%87%20%231/{z}/{x}/{y}.png"


def test_folder_without_map_path_gets_a_file_url(tiles: Path) -> None:
    """Without a map path the URL is absolute, file://…/{z}/{x}/{y}.png."""
    chosen = parse_tiles(str(tiles))
    assert chosen.url == tiles.resolve().as_uri() + "/{z}/{x}/{y}.png"


def test_jpeg_and_webp_folders(tmp_path: Path) -> None:
    """The extension comes from the files present."""
    for ext in ("jpg", "webp"):
        write_tile(tmp_path / ext, z=3, x=6, y=3, ext=ext)
        assert parse_tiles(str(tmp_path / ext)).url.endswith(f"/{{z}}/{{x}}/{{y}}.{ext}")


def test_gcj02_marker_file_switches_the_datum(tiles: Path) -> None:
    """A file named GCJ02 in the folder makes it a GCJ-02 basemap, projected like AMap."""
    (tiles / "GCJ02").write_text("tiles cut from AMap\n", encoding="utf-8")
    chosen = parse_tiles(str(tiles))
    assert chosen.gcj02 and "GCJ-02" in chosen.label
    assert add_basemaps(new_map(), chosen)(*YINCHUAN) == wgs84_to_gcj02(*YINCHUAN)


def test_unknown_name(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A word that is no basemap and no folder says so, naming it."""
    monkeypatch.chdir(tmp_path)
    with pytest.raises(ValueError, match=r"unknown basemap 'satellite': use none, osm, amap or"):
        parse_tiles("satellite")


def test_missing_folder(tmp_path: Path) -> None:
    """A path that does not exist is named in the message."""
    missing = tmp_path / "no-such-tiles"
    with pytest.raises(ValueError, match=rf"tile folder '{re.escape(str(missing))}' does not exist"):
        parse_tiles(str(missing))


def test_folder_with_no_tiles(tmp_path: Path) -> None:
    """An empty folder, or one with only stray files and non-numeric folders, holds no tiles."""
    empty = tmp_path / "empty"
    (empty / "5" / "abc").mkdir(parents=True)
    (empty / "5" / "25").mkdir(parents=True)
    (empty / "5" / "25" / "readme.txt").write_text("no tiles here", encoding="utf-8")
    with pytest.raises(ValueError, match=rf"tile folder '{re.escape(str(empty))}' holds no tiles laid out"):
        parse_tiles(str(empty))


def test_file_and_mixed_formats(tiles: Path) -> None:
    """A file is not a folder; a folder mixing PNG and JPEG tiles is refused."""
    tile = tiles / "5" / "25" / "12.png"
    with pytest.raises(ValueError, match="is a file, not a folder"):
        parse_tiles(str(tile))
    write_tile(tiles, z=6, x=50, y=24, ext="jpg")
    with pytest.raises(ValueError, match=r"mixes tile formats \(\.jpg, \.png\)"):
        parse_tiles(str(tiles))


# --- add_basemaps -------------------------------------------------------------------------


@pytest.mark.parametrize("value", ["none", "osm", "amap"])
def test_chosen_base_is_shown_and_the_others_are_offered(value: str) -> None:
    """Three base layers in a fixed order, only the chosen one added on opening."""
    chosen = parse_tiles(value)
    m, html = rendered(chosen)
    labels = list(base_layers(m))
    assert len(labels) == 3 and labels[0] == NONE_LABEL
    assert labels[1].startswith("OpenStreetMap") and labels[2].startswith("高德 AMap (GCJ-02")
    assert shown(m, html) == [labels[["none", "osm", "amap"].index(value)]]
    assert "base_layers" in html and all(f"{layer.get_name()}," in html for layer in base_layers(m).values())


def test_other_datum_is_labelled_as_off() -> None:
    """Over WGS-84 overlays AMap says they are ~N m off; over GCJ-02 overlays OSM does; none never does."""
    labels = list(base_layers(rendered(parse_tiles("none"))[0]))
    assert labels[1] == "OpenStreetMap" and re.fullmatch(r"高德 AMap \(GCJ-02: overlays ~[345]\d0 m off\)", labels[2])
    labels = list(base_layers(rendered(parse_tiles("amap"))[0]))
    assert labels[0] == NONE_LABEL and labels[2] == "高德 AMap (GCJ-02)"
    assert re.fullmatch(r"OpenStreetMap \(WGS-84: overlays ~[345]\d0 m off\)", labels[1])


def test_local_folder_is_a_fourth_base(tiles: Path) -> None:
    """A tile folder is offered after the web basemaps, shown, and zooms past its last level."""
    chosen = parse_tiles(str(tiles), map_path=tiles.parent / "map.html")
    m, html = rendered(chosen)
    labels = list(base_layers(m))
    assert labels[3] == chosen.label and shown(m, html) == [chosen.label]
    assert '"tiles/{z}/{x}/{y}.png"' in html and '"maxNativeZoom": 5' in html and '"minZoom": 5' in html


@pytest.mark.parametrize("value", ["none", "osm", "amap"])
def test_no_url_but_the_tile_hosts(value: str) -> None:
    """The rendered page names no http(s) URL other than the OSM and AMap tile templates."""
    _, html = rendered(parse_tiles(value))
    urls = set(re.findall(r"https?://[^\s\"'<>)\\]+", html))
    assert urls and all(TILE_HOSTS.match(u) for u in urls), urls


def test_projection_identity_for_wgs84_and_gcj02_for_amap() -> None:
    """none and osm draw overlays unchanged; amap moves a point at Yinchuan by 300-500 m."""
    for value in ("none", "osm"):
        assert add_basemaps(new_map(), parse_tiles(value))(*YINCHUAN) == YINCHUAN
    moved = add_basemaps(new_map(), parse_tiles("amap"))(*YINCHUAN)
    assert 300 < distance_m(YINCHUAN, moved) < 500


# --- the places layer ---------------------------------------------------------------------


def test_places_in_guyuan_bounds() -> None:
    """Guyuan's bounds hold 西吉县 and 原州区 (a prefecture seat), not Yinchuan or Yulin."""
    names = {p.name for p in reference_places(GUYUAN_BOUNDS)}
    assert {"西吉县", "原州区", "隆德县", "泾源县", "彭阳县"} <= names
    assert not names & {"银川市", "榆阳区(榆林市)", "凉州区(武威市)", "沙坡头区"}


def test_places_layer_in_the_page() -> None:
    """The layer is an overlay named 参考地名 Places; labels are permanent, seats bolder, outsiders absent."""
    m, html = rendered(parse_tiles("none"))
    layer = next(c for c in m._children.values() if getattr(c, "layer_name", "") == REFERENCE_LABEL)
    assert layer.overlay and layer.show
    assert "西吉县" in html and "固原市 原州区" in html and "银川市" not in html and "榆阳区" not in html
    assert '"className": "rb-ref-label rb-ref-seat"' in html and '"permanent": true' in html
    m, html = rendered(parse_tiles("osm"))
    layer = next(c for c in m._children.values() if getattr(c, "layer_name", "") == REFERENCE_LABEL)
    assert not layer.show and f"{layer.get_name()}.addTo(" not in html


def test_places_layer_follows_the_projection() -> None:
    """Over AMap the dots are converted to GCJ-02 like every other overlay."""
    m = new_map()
    add_reference_layer(m, GUYUAN_BOUNDS, wgs84_to_gcj02)
    html = m.get_root().render()
    xiji = next(p for p in reference_places(GUYUAN_BOUNDS) if p.name == "西吉县")
    lat, lon = wgs84_to_gcj02(xiji.lat, xiji.lon)
    assert f"[{lat}, {lon}]" in html and f"[{xiji.lat}, {xiji.lon}]" not in html


def test_html_text_escapes_markup_and_template_literals() -> None:
    """Names reach the page as text, never as HTML or JS."""
    assert html_text("a<b>&`${x}`\\") == "a&lt;b&gt;&amp;&#96;&#36;&#123;x&#125;&#96;&#92;"


# --- in a real browser, with the network cut off ------------------------------------------


class Offline:
    """A Chromium page that aborts every request but file: and data: ones and records them."""

    def __init__(self, page: Page) -> None:
        self.page = page
        self.network: list[str] = []
        self.files: list[str] = []
        self.errors: list[str] = []
        page.route("**/*", self._route)
        page.on("pageerror", lambda e: self.errors.append(str(e)))
        page.on("console", lambda msg: self.errors.append(msg.text) if msg.type == "error" else None)

    def _route(self, route: Route) -> None:
        url = route.request.url
        if url.startswith("data:"):
            route.continue_()
        elif url.startswith("file:"):
            self.files.append(url)
            route.continue_()
        else:
            self.network.append(url)
            route.abort()

    def open(self, path: Path) -> None:
        self.page.goto(path.resolve().as_uri())
        self.page.wait_for_function("() => typeof L !== 'undefined' && document.querySelector('.leaflet-pane')")
        self.page.wait_for_timeout(300)

    def pick_base(self, label: str) -> None:
        self.page.locator(".leaflet-control-layers-base label", has_text=label).locator("input").check()
        self.page.wait_for_timeout(300)

    def loaded_tiles(self) -> int:
        return int(self.page.evaluate(
            "() => [...document.querySelectorAll('img.leaflet-tile')].filter(i => i.complete && i.naturalWidth > 0).length"
        ))


@pytest.fixture
def offline(browser: Browser) -> Iterator[Offline]:
    """A fresh page with no network."""
    context = browser.new_context(viewport={"width": 1000, "height": 700})
    yield Offline(context.new_page())
    context.close()


def write_page(path: Path, chosen: Basemap, collapsed: bool = False) -> Path:
    """A Guyuan map with every basemap, the places layer and a short route, written to path."""
    m = new_map((35.9, 106.0), 8)
    project = add_basemaps(m, chosen)
    add_reference_layer(m, GUYUAN_BOUNDS, project, show=True)
    folium.PolyLine([project(36.0039, 106.2835), project(35.9641, 105.7250)], color="#d62728", weight=4).add_to(m)
    folium.LayerControl(collapsed=collapsed).add_to(m)
    m.save(str(path))
    return path


def count_pixels(shot: Path, rgb: tuple[int, int, int], tolerance: int = 12) -> int:
    """Pixels of a screenshot within ``tolerance`` of a colour in every channel."""
    pixels = np.asarray(Image.open(shot).convert("RGB"), dtype=np.int16)
    return int((np.abs(pixels - np.array(rgb, dtype=np.int16)) <= tolerance).all(axis=2).sum())


def test_offline_page_with_places_and_a_local_tile_base(offline: Offline, tiles: Path) -> None:
    """Local tiles load from disk; switching to no basemap and back works; no request leaves the machine."""
    site = tiles.parent
    offline.open(write_page(site / "map.html", parse_tiles(str(tiles), map_path=site / "map.html")))
    page = offline.page
    bases = page.locator(".leaflet-control-layers-base label").all_inner_texts()
    assert [b.strip().split(" ")[0] for b in bases] == ["无底图", "OpenStreetMap", "高德", "本地瓦片"], bases
    assert offline.loaded_tiles() >= 1
    assert any(u.endswith("/tiles/5/25/12.png") for u in offline.files), offline.files
    shot = site / "local.png"
    page.screenshot(path=str(shot))
    assert count_pixels(shot, TILE_RGB) > 100_000  # the upscaled tile fills most of the view

    offline.pick_base("无底图")
    assert page.locator("img.leaflet-tile").count() == 0
    assert page.locator(".rb-ref-label", has_text="西吉县").count() == 1
    assert page.locator(".rb-ref-seat", has_text="固原市 原州区").count() == 1
    assert page.locator(".leaflet-rb-reference-pane path.rb-ref-dot").count() >= 5  # under the routes' pane
    assert page.locator("path.rb-ref-dot.leaflet-interactive").count() == 0
    page.screenshot(path=str(shot))
    assert count_pixels(shot, TILE_RGB) < 500  # a few pixels of the control's blue radio button
    assert count_pixels(shot, (0xF3, 0xF2, 0xED), tolerance=2) > 300_000  # the plain background
    assert int((np.asarray(Image.open(shot).convert("L")) < 160).sum()) > 500  # dots, names and the route

    offline.pick_base("本地瓦片")
    assert offline.loaded_tiles() >= 1
    assert offline.network == [] and offline.errors == []


def test_default_page_sends_nothing_and_its_controls_work(offline: Offline, tmp_path: Path) -> None:
    """With the default basemap no request is made; the collapsed control's icon is inlined; places toggle."""
    offline.open(write_page(tmp_path / "map.html", parse_tiles(DEFAULT_TILES), collapsed=True))
    page = offline.page
    icon = page.evaluate(
        "() => getComputedStyle(document.querySelector('.leaflet-control-layers-toggle')).backgroundImage"
    )
    assert icon.startswith('url("data:image/png;base64,'), icon[:60]
    page.locator(".leaflet-control-layers").hover()
    overlay = page.locator(".leaflet-control-layers-overlays label", has_text=REFERENCE_LABEL).locator("input")
    assert overlay.is_checked() and page.locator(".rb-ref-label").count() >= 5
    overlay.uncheck()
    expect(page.locator(".rb-ref-label")).to_have_count(0)
    expect(page.locator(".rb-ref-dot")).to_have_count(0)
    assert offline.network == [] and offline.errors == []
    assert [u for u in offline.files if not u.endswith("/map.html")] == []


def test_default_marker_images_are_inlined(offline: Offline, tmp_path: Path) -> None:
    """A plain folium.Marker shows Leaflet's pin from the page itself, with no file or network request."""
    m = new_map()
    folium.Marker((35.9, 106.1)).add_to(m)
    m.save(str(tmp_path / "marker.html"))
    offline.open(tmp_path / "marker.html")
    assert offline.page.evaluate("() => document.querySelector('img.leaflet-marker-icon').naturalWidth") > 0
    assert offline.page.evaluate("() => document.querySelector('img.leaflet-marker-shadow').naturalWidth") > 0
    assert offline.network == [] and [u for u in offline.files if not u.endswith("/marker.html")] == []
