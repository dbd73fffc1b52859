"""What a map page loads: Leaflet and jQuery inlined as ``data:`` URIs, and tiles.

folium links Leaflet, jQuery, Bootstrap and Font Awesome from CDNs by default, so a
map written to disk shows a blank grey page without network (``L is not defined``).
The maps in this package only use circle markers, polylines, div icons and the layer
control (base layers as radio buttons, overlays as check boxes), which need Leaflet (JS,
CSS and its layer-control images) and jQuery (folium's popups call ``$()``) and nothing
else. Both come from the installed ``xstatic-leaflet`` and ``xstatic-jquery`` packages and
are embedded in the page; so are Leaflet's default marker images, which Leaflet would
otherwise look for next to the page. Web basemap tiles (:data:`TILES`) are the one thing a
page fetches from the network; a local tile folder (``maps.basemap``) is read from disk.
"""

from __future__ import annotations

import base64
import json
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import folium
import xstatic.pkg.jquery as xs_jquery
import xstatic.pkg.leaflet as xs_leaflet

LEAFLET_VERSION: str = xs_leaflet.VERSION
JQUERY_VERSION: str = xs_jquery.VERSION

_LEAFLET_DIR = Path(xs_leaflet.BASE_DIR)
_JQUERY_DIR = Path(xs_jquery.BASE_DIR)
_SOURCE_MAP = re.compile(rb"^\s*//# sourceMappingURL=.*$", re.MULTILINE)
_CSS_URL = re.compile(r"url\((['\"]?)(images/[^)'\"]+)\1\)")


@dataclass(frozen=True)
class TileSource:
    """A web tile service: URL template, attribution, and whether it is drawn in GCJ-02."""

    url: str
    attribution: str
    label: str
    subdomains: str
    max_zoom: int
    gcj02: bool


TILES: dict[str, TileSource | None] = {
    "osm": TileSource(
        "https://tile.openstreetmap.org/{z}/{x}/{y}.png",
        "© OpenStreetMap contributors",
        "OpenStreetMap",
        "abc",
        19,
        False,
    ),
    "amap": TileSource(
        "https://webrd0{s}.is.autonavi.com/appmaptile?lang=zh_cn&size=1&scale=1&style=8&x={x}&y={y}&z={z}",
        "© 高德地图 AutoNavi",
        "高德 AMap (GCJ-02)",
        "1234",
        18,
        True,
    ),
    "none": None,  # no basemap: Leaflet's plain background
}


def data_uri(payload: bytes, mime: str) -> str:
    """Encode bytes as a base64 ``data:`` URI.

    Parameters
    ----------
    payload : bytes
        The file contents.
    mime : str
        Media type, e.g. ``"text/javascript"``.

    Returns
    -------
    str
        ``data:<mime>;base64,<payload>``.
    """
    return f"data:{mime};base64,{base64.b64encode(payload).decode('ascii')}"


def _script(path: Path) -> str:
    # A sourceMappingURL relative to a data: URI points nowhere; drop it.
    return data_uri(_SOURCE_MAP.sub(b"", path.read_bytes()), "text/javascript")


@lru_cache(maxsize=1)
def leaflet_js() -> str:
    """Leaflet's minified script as a ``data:`` URI."""
    return _script(_LEAFLET_DIR / "leaflet.js")


@lru_cache(maxsize=1)
def jquery_js() -> str:
    """jQuery's minified script as a ``data:`` URI."""
    return _script(_JQUERY_DIR / "jquery.min.js")


@lru_cache(maxsize=1)
def leaflet_css() -> str:
    """Leaflet's stylesheet, with its images inlined, as a ``data:`` URI."""
    css = (_LEAFLET_DIR / "leaflet.css").read_text(encoding="utf-8")

    def inline(match: re.Match[str]) -> str:
        image = _LEAFLET_DIR / match.group(2)
        return f'url("{data_uri(image.read_bytes(), "image/png")}")'

    return data_uri(_CSS_URL.sub(inline, css).encode("utf-8"), "text/css")


@lru_cache(maxsize=1)
def default_icon_script() -> str:
    """A script pointing Leaflet's default marker at inlined images.

    Leaflet finds its marker images by reading the path of ``marker-icon.png`` out of its
    stylesheet; once that is a ``data:`` URI it finds none and asks for
    ``nullmarker-icon.png`` next to the page. The script sets the three images directly.
    """
    urls = {
        key: data_uri((_LEAFLET_DIR / "images" / name).read_bytes(), "image/png")
        for key, name in (
            ("iconUrl", "marker-icon.png"),
            ("iconRetinaUrl", "marker-icon-2x.png"),
            ("shadowUrl", "marker-shadow.png"),
        )
    }
    return f"L.Icon.Default.imagePath = '';\nL.Icon.Default.mergeOptions({json.dumps(urls)});"


def offline_js() -> list[tuple[str, str]]:
    """A new ``default_js`` list: Leaflet then jQuery, both inlined."""
    return [("leaflet", leaflet_js()), ("jquery", jquery_js())]


def offline_css() -> list[tuple[str, str]]:
    """A new ``default_css`` list: Leaflet's stylesheet, inlined."""
    return [("leaflet_css", leaflet_css())]


def make_offline(m: folium.Map) -> folium.Map:
    """Make one map self-contained by replacing its CDN links with inlined assets.

    Only this map instance changes: new lists are assigned on the instance, so the
    class-level defaults (and every other map in the process) keep folium's own.

    Parameters
    ----------
    m : folium.Map
        The map to change in place.

    Returns
    -------
    folium.Map
        The same map, for chaining.
    """
    m.default_js = offline_js()
    m.default_css = offline_css()
    root = m.get_root()
    if isinstance(root, folium.Figure):  # runs after the head's Leaflet, before any marker
        root.script.add_child(folium.Element(default_icon_script()), name="returnbus_default_icon", index=0)
    return m
