"""A Plan drawn as a self-contained folium map: one layer per coach, pickups, gates.

Only the Plan is read. Everything drawn goes through one projection: identity for
WGS-84 tiles (OpenStreetMap, or none), ``wgs84_to_gcj02`` for AMap's GCJ-02 tiles.
Text from the plan reaches the page only through :func:`_text`, which escapes it for
HTML that folium places inside JavaScript template literals.
"""

from __future__ import annotations

import datetime as dt
import html
import itertools
import math
from collections.abc import Callable, Iterable
from pathlib import Path
from zoneinfo import ZoneInfo

import folium

from maps.assets import TILES, make_offline
from maps.palette import NEUTRAL, PAGE_CSS, Legend, arrow_svg, coach_colour, legend_html, swatch
from routing.coords import wgs84_to_gcj02
from routing.plan import BusPlan, PlaceRef, Plan, Stop

Project = Callable[[float, float], tuple[float, float]]
Visit = tuple[int, BusPlan, Stop]


_ARROW_MIN_SHARE = 0.04  # segments shorter than this share of the map's extent get no arrow


def _text(value: object) -> str:
    """Escape for HTML, and for the JS template literals folium wraps tooltips and popups in."""
    return html.escape(str(value)).replace("\\", "&#92;").replace("`", "&#96;").replace("$", "&#36;")


def _place_label(place: object) -> str:
    """Escaped name, marked when the plan says the coordinates are approximate."""
    label = _text(getattr(place, "name", ""))
    return label + " (approximate)" if getattr(place, "approximate", False) else label


def _identity(lat: float, lon: float) -> tuple[float, float]:
    return lat, lon


def _mercator_y(lat: float) -> float:
    return math.degrees(math.log(math.tan(math.pi / 4 + math.radians(lat) / 2)))


def _mercator_lat(y: float) -> float:
    return math.degrees(2 * math.atan(math.exp(math.radians(y))) - math.pi / 2)


def _coach_title(bus: BusPlan) -> str:
    parts = [bus.id, bus.plate] if bus.plate else [bus.id]
    return " · ".join(_text(p) for p in parts) + f" · {bus.passengers}/{bus.capacity}"


def _span(t0: dt.datetime, t1: dt.datetime, tz: ZoneInfo) -> str:
    a, d = t0.astimezone(tz).strftime("%H:%M"), t1.astimezone(tz).strftime("%H:%M")
    return a if a == d else f"{a}–{d}"


def _visits(plan: Plan) -> dict[str, list[Visit]]:
    """Stops of every coach, grouped by the place they are at."""
    out: dict[str, list[Visit]] = {}
    for i, bus in enumerate(plan.buses):
        for stop in bus.stops:
            if stop.place_id:
                out.setdefault(stop.place_id, []).append((i, bus, stop))
    return out


def _places(plan: Plan) -> tuple[PlaceRef, ...]:
    """Depots and gates: the plan's list, or (older plans) the coaches' stops."""
    if plan.places:
        return plan.places
    seen: dict[str, PlaceRef] = {}
    for bus in plan.buses:
        for s in bus.stops:
            if s.kind in ("depot", "dropoff") and s.place_id not in seen:
                seen[s.place_id] = PlaceRef(s.place_id, s.name, s.lat, s.lon, s.kind)
    return tuple(seen.values())


def _visit_table(visits: Iterable[Visit], tz: ZoneInfo) -> str:
    rows = []
    for _, bus, s in visits:
        people = f"上车 {len(s.board)} boarding" if s.board else f"下车 {len(s.alight)} alighting" if s.alight else ""
        rows.append(f"<tr><td>{_coach_title(bus)}</td><td>{_span(s.arrive, s.depart, tz)}</td><td>{people}</td></tr>")
    return f"<table>{''.join(rows)}</table>" if rows else ""


def _coach_popup(bus: BusPlan, tz: ZoneInfo) -> str:
    rows = "".join(
        f"<tr><td>{s.seq}</td><td>{_span(s.arrive, s.depart, tz)}</td><td>{_text(s.name)}</td>"
        f"<td>{'+' + str(len(s.board)) if s.board else ''}{'−' + str(len(s.alight)) if s.alight else ''}</td></tr>"
        for s in bus.stops
    )
    head = f"{_text(bus.type_name or bus.type)}, {bus.seats} seats, capacity {bus.capacity}, {bus.drivers} driver(s)"
    return (
        f'<div class="rb-popup"><b>{_coach_title(bus)}</b><br>{head}<br>'
        f"{bus.km:.0f} km · driving {bus.driving_minutes // 60} h {bus.driving_minutes % 60:02d} min"
        f"<table>{rows}</table></div>"
    )


def _add_arrows(group: folium.FeatureGroup, path: list[tuple[float, float]], colour: str, extent: float) -> None:
    """Arrowheads on each segment long enough to be seen at the fitted zoom.

    They sit 40 % of the way along, so the arrows of an out-and-back pair of segments
    (depot to pickup and back) land at different places instead of on top of each other.
    """
    for (lat1, lon1), (lat2, lon2) in itertools.pairwise(path):
        y1, y2 = _mercator_y(lat1), _mercator_y(lat2)
        if math.hypot(lon2 - lon1, y2 - y1) < _ARROW_MIN_SHARE * extent:
            continue
        angle = math.degrees(math.atan2(-(y2 - y1), lon2 - lon1))
        icon = folium.DivIcon(
            html=arrow_svg(colour, angle), icon_size=(18, 18), icon_anchor=(9, 9), class_name="rb-arrow"
        )
        at = (_mercator_lat(y1 + 0.4 * (y2 - y1)), lon1 + 0.4 * (lon2 - lon1))
        folium.Marker(at, icon=icon, interactive=False).add_to(group)


def _add_coach(m: folium.Map, index: int, bus: BusPlan, project: Project, tz: ZoneInfo, extent: float) -> None:
    """One layer: the route through the stops in order, its arrows and break stops."""
    colour = coach_colour(index)
    group = folium.FeatureGroup(name=swatch(colour) + _coach_title(bus))
    group.add_to(m)
    path = [project(s.lat, s.lon) for s in bus.stops]
    if len(path) >= 2:
        folium.PolyLine(
            path,
            color=colour,
            weight=4,
            opacity=0.85,
            className=f"rb-route rb-route-{index}",
            tooltip=folium.Tooltip(_coach_title(bus), sticky=True),
            popup=folium.Popup(_coach_popup(bus, tz), max_width=420),
        ).add_to(group)
        _add_arrows(group, path, colour, extent)
    for s in bus.stops:
        if s.kind == "break":
            note = f" — {_text(s.note)}" if s.note else ""
            folium.CircleMarker(
                project(s.lat, s.lon),
                radius=4,
                color=colour,
                weight=2,
                fill=True,
                fill_color="#ffffff",
                fill_opacity=1.0,
                className="rb-break",
                tooltip=folium.Tooltip(f"{_text(s.name)}{note}<br>{_coach_title(bus)} {_span(s.arrive, s.depart, tz)}"),
            ).add_to(group)


def _add_pickups(m: folium.Map, plan: Plan, visits: dict[str, list[Visit]], project: Project, tz: ZoneInfo) -> None:
    """Pickup points sized by the people boarding, coloured by their coach when only one serves them."""
    group = folium.FeatureGroup(name="上车点 Pickup points")
    group.add_to(m)
    labelled = len(plan.pickup_points) <= 15  # more permanent labels than this pile up
    for p in plan.pickup_points:
        served = visits.get(p.id, [])
        coaches = {i for i, _, _ in served}
        colour = coach_colour(coaches.pop()) if len(coaches) == 1 else NEUTRAL
        popup = (
            f'<div class="rb-popup"><b>{_place_label(p)}</b><br>上车点 pickup · '
            f"{p.workers} workers, {p.passengers} passengers{_visit_table(served, tz)}</div>"
        )
        folium.CircleMarker(
            project(p.lat, p.lon),
            radius=min(28.0, 5.0 + 2.5 * math.sqrt(max(p.passengers, 0))),
            color=colour,
            weight=2,
            fill=True,
            fill_color=colour,
            fill_opacity=0.35,
            className="rb-pickup",
            popup=folium.Popup(popup, max_width=420),
            tooltip=folium.Tooltip(
                f"{_place_label(p)} ({p.passengers})",
                permanent=labelled,
                direction="right",
                offset=(8, 0),
                class_name="rb-label",
            ),
        ).add_to(group)


def _add_places(m: folium.Map, plan: Plan, visits: dict[str, list[Visit]], project: Project, tz: ZoneInfo) -> None:
    """Depots (squares) and drop-off gates (diamonds) in their own layer."""
    group = folium.FeatureGroup(name="下车点与车场 Gates &amp; depot")
    group.add_to(m)
    for place in _places(plan):
        is_depot = place.kind == "depot"
        kind = "车场 depot" if is_depot else "下车点 drop-off gate"
        size = 14 if is_depot else 12
        icon = folium.DivIcon(  # the shape is inside: Leaflet positions the icon itself with a CSS transform
            html=f'<div class="{"rb-depot-mark" if is_depot else "rb-gate-mark"}"></div>',
            icon_size=(size, size),
            icon_anchor=(size // 2, size // 2),
            class_name="rb-depot" if is_depot else "rb-gate",
        )
        popup = f'<div class="rb-popup"><b>{_place_label(place)}</b><br>{kind}{_visit_table(visits.get(place.id, []), tz)}</div>'
        folium.Marker(
            project(place.lat, place.lon),
            icon=icon,
            tooltip=folium.Tooltip(  # depots are few: name them on the map, gates only on hover
                _place_label(place) if is_depot else f"{_place_label(place)} · {kind}",
                permanent=is_depot,
                direction="left",
                offset=(-8, 0),
                class_name="rb-label",
            ),
            popup=folium.Popup(popup, max_width=420),
        ).add_to(group)


def _all_points(plan: Plan, project: Project) -> list[tuple[float, float]]:
    points = [project(s.lat, s.lon) for b in plan.buses for s in b.stops]
    points += [project(p.lat, p.lon) for p in plan.pickup_points]
    points += [project(p.lat, p.lon) for p in plan.places]
    return points


def build_map(plan: Plan, tiles: str = "osm") -> folium.Map:
    """Draw a plan as a folium map that opens with no network.

    Parameters
    ----------
    plan : Plan
        The plan to draw; nothing else is read.
    tiles : {"osm", "amap", "none"}, default "osm"
        Basemap. ``"osm"``: OpenStreetMap (WGS-84). ``"amap"``: AMap/高德 (GCJ-02; every
        coordinate drawn is converted with ``wgs84_to_gcj02``). ``"none"``: no basemap.
        Tiles are the only thing the page fetches; without network they fail quietly.

    Returns
    -------
    folium.Map
        One layer per coach (route, direction arrows, break stops), a pickup-point layer,
        a gates-and-depot layer, a layer control and a legend, fitted to all points.

    Raises
    ------
    ValueError
        If ``tiles`` is not one of the names above.
    """
    if tiles not in TILES:
        raise ValueError(f"tiles must be one of {', '.join(TILES)}, not {tiles!r}")
    source = TILES[tiles]
    project: Project = wgs84_to_gcj02 if source is not None and source.gcj02 else _identity
    tz = ZoneInfo(plan.scenario.timezone)
    points = _all_points(plan, project) or [project(38.49, 106.20)]  # the zone, for an empty plan
    south, north = min(p[0] for p in points), max(p[0] for p in points)
    west, east = min(p[1] for p in points), max(p[1] for p in points)
    extent = math.hypot(east - west, _mercator_y(north) - _mercator_y(south))

    m = folium.Map(location=((south + north) / 2, (west + east) / 2), zoom_start=9, tiles=None, control_scale=True)
    make_offline(m)
    root = m.get_root()
    assert isinstance(root, folium.Figure)
    root.title = _text(f"{plan.scenario.name} {plan.scenario.date.isoformat()} · returnbus")
    root.header.add_child(folium.Element(PAGE_CSS), name="returnbus_css")
    if source is not None:
        folium.TileLayer(
            tiles=source.url,
            attr=source.attribution,
            name=tiles,
            subdomains=source.subdomains,
            max_zoom=source.max_zoom,
            control=False,
        ).add_to(m)

    visits = _visits(plan)
    for i, bus in enumerate(plan.buses):
        _add_coach(m, i, bus, project, tz, extent)
    _add_pickups(m, plan, visits, project, tz)
    _add_places(m, plan, visits, project, tz)
    folium.LayerControl(collapsed=len(plan.buses) > 12).add_to(m)
    sc, su = plan.scenario, plan.summary
    title = f"{_text(sc.name)} · {sc.date.isoformat()}"
    basemap = source.label if source else "none"
    Legend(legend_html(title, su.buses_used, su.passengers, su.workers_unassigned, basemap)).add_to(m)
    m.fit_bounds([(south, west), (north, east)], padding=(30, 30), max_zoom=14)
    return m


def write_map(plan: Plan, path: Path, tiles: str = "osm") -> Path:
    """Write :func:`build_map`'s map as one self-contained HTML file.

    Parameters
    ----------
    plan : Plan
        The plan to draw.
    path : Path
        Output file (e.g. ``out/map.html``); parent folders are created.
    tiles : {"osm", "amap", "none"}, default "osm"
        Basemap, as in :func:`build_map`.

    Returns
    -------
    Path
        The path written.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    build_map(plan, tiles).save(str(path))
    return path


__all__ = ["build_map", "write_map"]
