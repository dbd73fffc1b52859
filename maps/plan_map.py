"""A Plan drawn as a folium map that opens with no network: the batch, or one coach.

The map shows a layer per coach (its route from the depot through its pickups to the
gates, arrows, roadside stops), the pickup points sized by the people boarding, the
gates and depots, the workers' home cells and the cells of workers not seated; every
layer toggles in the layer control. What is drawn comes from ``maps.layers``; the page
draws it with one script (``maps.draw``), so a map of 2,900 coaches builds in seconds.

The basemap (``--tiles``: none, osm, amap or a tile folder) and the offline layer of place
names come from ``maps.basemap``; everything drawn goes through its projection: identity
for WGS-84 tiles, ``wgs84_to_gcj02`` for AMap's GCJ-02 tiles.
"""

from __future__ import annotations

import base64
import multiprocessing
from collections.abc import Callable, Iterable
from pathlib import Path

import folium

from maps.assets import jquery_js, leaflet_css, leaflet_js, make_offline
from maps.basemap import DEFAULT_TILES, Basemap, add_basemaps, add_reference_layer, parse_tiles
from maps.draw import Legend, PlanLayers, stable_ids
from maps.layers import Selection, layer_data, points_of, select
from maps.palette import PAGE_CSS, coach_colour, legend_html, swatch
from maps.popups import coach_title, text
from routing.plan.files import file_stem
from routing.plan.model import Plan

ZONE = (38.49, 106.20)  # the zone: the centre of a map with nothing on it
ASSET_DIR = "map-assets"  # next to the coach maps: Leaflet and jQuery, written once
_ASSET_FILES = {"leaflet": "leaflet.js", "jquery": "jquery.min.js", "leaflet_css": "leaflet.css"}


def _legend(sel: Selection, basemap: str) -> str:
    sc, su = sel.plan.scenario, sel.plan.summary
    day = sc.date.isoformat()
    title = text(sc.name) if day in sc.name else f"{text(sc.name)} · {day}"
    if sel.whole:
        unassigned = any(a.unassigned for a in sel.plan.home_areas)
        return legend_html(title, su.buses_used, su.passengers, su.workers_unassigned, basemap,
                           homes=bool(sel.plan.home_areas), exceptions=unassigned)
    coaches = "".join(f"<br>{swatch(coach_colour(i))}{coach_title(b)}" for i, b in sel.buses[:5])
    passengers = sum(b.passengers for _, b in sel.buses)
    return legend_html(title + coaches, len(sel.buses), passengers, None, basemap)


def _page_title(sel: Selection) -> str:
    sc = sel.plan.scenario
    who = "" if sel.whole or len(sel.buses) != 1 else f"{sel.buses[0][1].id} "
    return text(f"{who}{sc.name} {sc.date.isoformat()} · returnbus")


def _build(sel: Selection, basemap: Basemap, assets: dict[str, str] | None = None) -> folium.Map:
    m = folium.Map(location=ZONE, zoom_start=9, tiles=None, control_scale=True)
    make_offline(m)
    if assets is not None:
        m.default_js = [(name, assets[name]) for name, _ in m.default_js]
        m.default_css = [(name, assets[name]) for name, _ in m.default_css]
    root = m.get_root()
    assert isinstance(root, folium.Figure)
    root.title = _page_title(sel)
    root.header.add_child(folium.Element(PAGE_CSS), name="returnbus_css")
    wgs = points_of(sel) or [ZONE]
    box = (min(p[0] for p in wgs), min(p[1] for p in wgs)), (max(p[0] for p in wgs), max(p[1] for p in wgs))
    m.location = [(box[0][0] + box[1][0]) / 2, (box[0][1] + box[1][1]) / 2]
    project = add_basemaps(m, basemap)
    add_reference_layer(m, box, project, show=basemap.name == "none")
    points = [project(*p) for p in wgs]
    south, north = min(p[0] for p in points), max(p[0] for p in points)
    west, east = min(p[1] for p in points), max(p[1] for p in points)
    data = layer_data(sel, project)
    overlays = len(data["groups"]) + 5
    control = folium.LayerControl(collapsed=overlays > 14)
    control.add_to(m)
    PlanLayers(data, control).add_to(m)
    Legend(_legend(sel, basemap.label)).add_to(m)
    m.fit_bounds([(south, west), (north, east)], padding=(40, 40), max_zoom=14)
    stable_ids(m)
    return m


def build_map(
    plan: Plan, tiles: str | Basemap = DEFAULT_TILES, buses: Iterable[str] | None = None, map_path: Path | None = None
) -> folium.Map:
    """Draw a plan, or some of its coaches, as a folium map that opens with no network.

    Parameters
    ----------
    plan : Plan
        The plan to draw; nothing else is read.
    tiles : str or Basemap, default "none"
        Basemap, as ``maps.basemap.parse_tiles`` reads it (or what it returned): ``"none"`` (no tiles, a plain
        background and the place names; works offline), ``"osm"`` (OpenStreetMap, WGS-84),
        ``"amap"`` (AMap/高德, GCJ-02: every point drawn is converted with
        ``wgs84_to_gcj02``) or the path of a ``{z}/{x}/{y}.png`` tile folder. Web tiles are
        the only thing the page fetches; without network they fail quietly.
    buses : iterable of str, optional
        Only these coaches (their routes, pickups, gates and depot, fitted to them); by
        default the whole batch, with every gate, the home cells and the workers not seated.
    map_path : Path, optional
        Where the page will be written, so that a tile folder is addressed relative to it.

    Returns
    -------
    folium.Map
        Layers: one per coach (one per depot above ``maps.layers.COACH_LAYERS_UP_TO``
        coaches), pickup points, gates and depots, homes and not seated; a layer control,
        a legend, fitted to what is drawn. Element ids are numbered, so the same plan gives
        the same HTML.

    Raises
    ------
    ValueError
        If ``tiles`` names no basemap or no usable tile folder (the message says which).
    KeyError
        If a coach of ``buses`` is not in the plan (the message names the plan's coaches).
    """
    basemap = tiles if isinstance(tiles, Basemap) else parse_tiles(tiles, map_path)
    return _build(select(plan, buses), basemap)


def write_map(
    plan: Plan, path: Path, tiles: str | Basemap = DEFAULT_TILES, buses: Iterable[str] | None = None
) -> Path:
    """Write :func:`build_map`'s map as one self-contained HTML file.

    Parameters
    ----------
    plan : Plan
        The plan to draw.
    path : Path
        Output file (e.g. ``out/map.html``); parent folders are created.
    tiles : str or Basemap, default "none"
        Basemap, as in :func:`build_map`; a tile folder named by ``tiles`` is linked
        relative to ``path``.
    buses : iterable of str, optional
        Only these coaches, as in :func:`build_map`.

    Returns
    -------
    Path
        The path written.
    """
    path = Path(path)
    m = build_map(plan, tiles, buses, map_path=path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(m.get_root().render(), encoding="utf-8")
    return path


def write_map_assets(folder: Path) -> dict[str, str]:
    """Write Leaflet and jQuery (the inlined copies, decoded) into ``folder/map-assets/``.

    Returns
    -------
    dict
        Asset name (as in ``folium.Map.default_js``/``default_css``) to its URL relative
        to ``folder``.
    """
    target = Path(folder) / ASSET_DIR
    target.mkdir(parents=True, exist_ok=True)
    sources: dict[str, Callable[[], str]] = {"leaflet": leaflet_js, "jquery": jquery_js, "leaflet_css": leaflet_css}
    for name, source in sources.items():
        payload = base64.b64decode(source().split(",", 1)[1])
        (target / _ASSET_FILES[name]).write_bytes(payload)
    return {name: f"{ASSET_DIR}/{file}" for name, file in _ASSET_FILES.items()}


PARALLEL_FROM = 40  # coaches; fewer coach maps are written in this process
_WORK: tuple[Plan, Basemap, dict[str, str], list[Path]] | None = None  # what forked workers write


def _write_coach_map(k: int) -> None:
    """Write the map of coach ``k`` of ``_WORK`` (in this process or a forked worker)."""
    assert _WORK is not None
    plan, basemap, assets, paths = _WORK
    m = _build(Selection(plan, ((k, plan.buses[k]),), False), basemap, assets)
    paths[k].write_text(m.get_root().render(), encoding="utf-8")


def write_coach_maps(plan: Plan, out_dir: Path, tiles: str | Basemap = DEFAULT_TILES, jobs: int = 1) -> list[Path]:
    """Write one map per coach, ``out_dir/<coach id>.html``, sharing ``out_dir/map-assets/``.

    Each page shows one coach's route, its pickups, gates and depot, fitted to them. Leaflet
    and jQuery are written once into ``out_dir/map-assets/`` and linked relatively (inlined
    they would add ~230 kB to every page), so the folder opens with no network as long as it
    is moved whole. A page takes about 12 ms (half of it the basemap layers); with ``jobs`` > 1
    and at least ``PARALLEL_FROM`` coaches, that many forked processes write them.

    Parameters
    ----------
    plan : Plan
        The plan.
    out_dir : Path
        Folder for the pages (created), e.g. ``OUT/maps``.
    tiles : str or Basemap, default "none"
        Basemap, as in :func:`build_map`.
    jobs : int, default 1
        Processes writing at once (where the platform can fork).

    Returns
    -------
    list of Path
        The pages, in the plan's coach order.

    Raises
    ------
    ValueError
        If ``tiles`` names no basemap or no usable tile folder.
    """
    global _WORK
    out_dir = Path(out_dir)
    basemap = tiles if isinstance(tiles, Basemap) else parse_tiles(tiles, out_dir / "coach.html")
    assets = write_map_assets(out_dir)
    paths = [out_dir / f"{file_stem(bus.id)}.html" for bus in plan.buses]
    plan.assignments_of("")  # index the passengers once, before any fork
    _WORK = (plan, basemap, assets, paths)
    try:
        if jobs > 1 and len(paths) >= PARALLEL_FROM and "fork" in multiprocessing.get_all_start_methods():
            with multiprocessing.get_context("fork").Pool(jobs) as pool:
                pool.map(_write_coach_map, range(len(paths)), chunksize=max(1, len(paths) // (4 * jobs)))
        else:
            for k in range(len(paths)):
                _write_coach_map(k)
    finally:
        _WORK = None
    return paths


__all__ = ["ASSET_DIR", "build_map", "write_coach_maps", "write_map", "write_map_assets"]
