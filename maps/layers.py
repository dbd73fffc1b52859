"""What a map draws, as data: coach routes, pickups, gates and depots, homes and exceptions.

:func:`layer_data` turns a plan (or some of its coaches, see :func:`select`) into plain
lists of points, radii, colours and escaped HTML, already in the basemap's datum.
``maps.draw`` hands them to one script in the page that makes the Leaflet layers, so a
map costs a handful of folium elements whatever the number of coaches.

Privacy: workers appear only as counts per grid cell of ``Plan.home_areas`` (the cell's
centre), never at their home.
"""

from __future__ import annotations

import itertools
import math
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from maps.palette import (
    HOME_COLOUR,
    NEUTRAL,
    REACH_COLOUR,
    arrow_svg,
    coach_colour,
    reason_colour,
    swatch,
)
from maps.popups import (
    Clock,
    Visit,
    break_tooltip,
    clock,
    coach_popup,
    coach_title,
    depot_popup,
    employer_table,
    exception_popup,
    gate_popup,
    home_tooltip,
    pickup_popup,
    place_label,
    text,
)
from routing.plan.display import REASON_LABELS
from routing.plan.model import BusPlan, EmployerRef, HomeArea, PlaceRef, Plan

Project = Callable[[float, float], tuple[float, float]]
LatLon = tuple[float, float]

COACH_LAYERS_UP_TO = 60  # more coaches than this: one layer per depot instead of one per coach
LABELS_UP_TO = 60  # pickups named on the map (the page hides labels that overlap)
ARROW_MIN_SHARE = 0.04  # legs shorter than this share of the map's extent get no arrow
PICKUPS_LABEL = "上车点 Pickup points"
PLACES_LABEL = "下车点与车场 Gates &amp; depot"
HOMES_LABEL = "工人居住地 Homes (per ~10 km cell)"
EXCEPTIONS_LABEL = "未安排 Not seated"


@dataclass(frozen=True)
class Selection:
    """The coaches one map draws.

    Attributes
    ----------
    plan : Plan
        The whole plan (colours, names and counts come from it).
    buses : tuple of (int, BusPlan)
        The coaches drawn, each with its position in ``plan.buses`` (which fixes its colour).
    whole : bool
        Every coach is drawn: the map also shows every gate, the homes and the exceptions.
    """

    plan: Plan
    buses: tuple[tuple[int, BusPlan], ...]
    whole: bool


def select(plan: Plan, bus_ids: Iterable[str] | None = None) -> Selection:
    """The whole batch, or only the coaches named (in the plan's order).

    Raises
    ------
    KeyError
        Naming the coach ids not in the plan, and the plan's coaches.
    """
    if bus_ids is None:
        return Selection(plan, tuple(enumerate(plan.buses)), True)
    wanted = set(bus_ids)
    unknown = sorted(wanted - {b.id for b in plan.buses})
    if unknown:
        raise KeyError(f"no coach {', '.join(unknown)} in the plan; its coaches are {coach_list(plan)}")
    return Selection(plan, tuple((i, b) for i, b in enumerate(plan.buses) if b.id in wanted), False)


def coach_list(plan: Plan, most: int = 30) -> str:
    """The plan's coach ids for a message: all of them, or the first ``most`` and how many in all."""
    ids = [b.id for b in plan.buses]
    if not ids:
        return "none (the plan has no coach)"
    if len(ids) <= most:
        return ", ".join(ids)
    return f"{', '.join(ids[:most])}, … ({len(ids):,} in all)"


def _mercator_y(lat: float) -> float:
    return math.degrees(math.log(math.tan(math.pi / 4 + math.radians(lat) / 2)))


def _mercator_lat(y: float) -> float:
    return math.degrees(2 * math.atan(math.exp(math.radians(y))) - math.pi / 2)


def _pt(p: LatLon) -> list[float]:
    return [round(p[0], 6), round(p[1], 6)]


def legs(bus: BusPlan) -> list[list[LatLon]]:
    """The trip leg by leg, WGS-84: road geometry where the plan has it, else a straight segment.

    A stop may carry ``geometry``, the road from the previous stop as ``((lat, lon), …)``;
    returnbus plans made with the built-in distances have none, so legs are straight.
    """
    out = []
    for prev, stop in itertools.pairwise(bus.stops):
        road = [(float(lat), float(lon)) for lat, lon in getattr(stop, "geometry", ()) or ()]
        out.append([(prev.lat, prev.lon), *road, (stop.lat, stop.lon)])
    return out


def route_path(bus: BusPlan) -> list[LatLon]:
    """The whole trip as one line, WGS-84 (see :func:`legs`)."""
    path: list[LatLon] = [(bus.stops[0].lat, bus.stops[0].lon)] if bus.stops else []
    for leg in legs(bus):
        path += leg[1:]
    return path


def _arrow(leg: list[LatLon], extent: float) -> tuple[LatLon, float] | None:
    """Where and which way an arrow goes on a leg: 40 % along it (so an out-and-back pair of
    legs gets its arrows apart), pointing along the leg on screen; None when the leg is short."""
    xy = [(lon, _mercator_y(lat)) for lat, lon in leg]
    pieces = [math.dist(a, b) for a, b in itertools.pairwise(xy)]
    total = sum(pieces)
    if total < ARROW_MIN_SHARE * extent or total == 0:
        return None
    left = 0.4 * total
    for ((x1, y1), (x2, y2)), length in zip(itertools.pairwise(xy), pieces, strict=True):
        if length > 0 and left <= length:
            f = left / length
            angle = math.degrees(math.atan2(-(y2 - y1), x2 - x1))
            return (_mercator_lat(y1 + f * (y2 - y1)), x1 + f * (x2 - x1)), angle
        left -= length
    return None


def extent_of(points: list[LatLon]) -> float:
    """Diagonal of the points' box in Web-Mercator degrees (0 for fewer than two points)."""
    if len(points) < 2:
        return 0.0
    lats, lons = [p[0] for p in points], [p[1] for p in points]
    return math.hypot(max(lons) - min(lons), _mercator_y(max(lats)) - _mercator_y(min(lats)))


def _depot_names(plan: Plan) -> dict[str, str]:
    return {p.id: p.name for p in places_of(plan) if p.kind == "depot"}


def _coaches(sel: Selection, project: Project, fmt: Clock, extent: float) -> tuple[list[dict[str, Any]], list[Any]]:
    """Coach layers (one per coach, or per depot above ``COACH_LAYERS_UP_TO``) and each coach's drawing."""
    per_coach = len(sel.buses) <= COACH_LAYERS_UP_TO
    groups: list[dict[str, Any]] = []
    group_of: dict[str, int] = {}
    if not per_coach:
        names = _depot_names(sel.plan)
        count = Counter(b.depot for _, b in sel.buses)
        for depot in count:
            group_of[depot] = len(groups)
            name = text(names.get(depot, depot))
            groups.append({"name": f"车场 {name} 发车 · {count[depot]:,} 辆 coaches", "show": True})
    coaches = []
    for i, bus in sel.buses:
        colour = coach_colour(i)
        if per_coach:
            group_of[bus.id] = len(groups)
            groups.append({"name": swatch(colour) + coach_title(bus), "show": True})
        arrows = []
        if per_coach:
            for leg in legs(bus):
                found = _arrow([project(*p) for p in leg], extent)
                if found:
                    arrows.append([*_pt(found[0]), arrow_svg(colour, found[1])])
        coaches.append({
            "g": group_of[bus.id if per_coach else bus.depot],
            "c": colour,
            "cls": f"rb-route rb-route-{i}",
            "path": [_pt(project(*p)) for p in route_path(bus)],
            "tip": coach_title(bus),
            "pop": coach_popup(bus, fmt),
            "arrows": arrows,
            "breaks": [
                [*_pt(project(s.lat, s.lon)), break_tooltip(s, bus, fmt)] for s in bus.stops if s.kind == "break"
            ],
        })
    return groups, coaches


@dataclass
class _Counts:
    """Who the drawn coaches carry, counted by pickup point, gate and employer."""

    visits: dict[str, list[Visit]]
    boarding: Counter[str]
    workers: Counter[str]
    alighting: Counter[str]
    by_pickup: dict[str, Counter[str]]
    by_gate: dict[str, Counter[str]]


def _count(sel: Selection) -> _Counts:
    c = _Counts({}, Counter(), Counter(), Counter(), {}, {})
    for i, bus in sel.buses:
        for stop in bus.stops:
            if stop.place_id:
                c.visits.setdefault(stop.place_id, []).append((i, bus, stop))
        for a in sel.plan.assignments_of(bus.id):
            c.boarding[a.pickup_point_id] += 1
            c.alighting[a.dropoff_place_id] += 1
            if a.companion_of is None:
                c.workers[a.pickup_point_id] += 1
            c.by_pickup.setdefault(a.pickup_point_id, Counter())[a.employer_id] += 1
            c.by_gate.setdefault(a.dropoff_place_id, Counter())[a.employer_id] += 1
    return c


def _employers(plan: Plan) -> dict[str, EmployerRef]:
    return {e.id: e for e in plan.employers}


def _pickups(sel: Selection, counts: _Counts, project: Project, fmt: Clock) -> list[dict[str, Any]]:
    """Pickup points someone boards at (among the drawn coaches), sized by the people boarding."""
    employers = _employers(sel.plan)
    used = [p for p in sel.plan.pickup_points if counts.boarding[p.id] or any(
        s.kind == "pickup" for _, _, s in counts.visits.get(p.id, ()))]
    labelled = len(used) <= LABELS_UP_TO
    out = []
    for p in used:
        served = [v for v in counts.visits.get(p.id, []) if v[2].kind == "pickup"]
        coaches = {i for i, _, _ in served}
        colour = coach_colour(next(iter(coaches))) if len(coaches) == 1 else NEUTRAL
        people = counts.boarding[p.id]
        by_employer = employer_table(counts.by_pickup.get(p.id, Counter()), employers)
        radius = min(28.0, 5.0 + 2.5 * math.sqrt(people))
        out.append({
            "at": _pt(project(p.lat, p.lon)),
            "r": round(radius, 1),
            "c": colour,
            "tip": f"{place_label(p)} ({people:,})",
            "label": labelled,
            "prio": -people,
            "pop": pickup_popup(p, counts.workers[p.id], people, served, by_employer, fmt),
        })
    return out


def places_of(plan: Plan) -> tuple[PlaceRef, ...]:
    """Depots and gates: the plan's list, or (older plans) the coaches' stops."""
    if plan.places:
        return plan.places
    seen: dict[str, PlaceRef] = {}
    for bus in plan.buses:
        for s in bus.stops:
            if s.kind in ("depot", "dropoff") and s.place_id not in seen:
                seen[s.place_id] = PlaceRef(s.place_id, s.name, s.lat, s.lon, s.kind)
    return tuple(seen.values())


def _places(sel: Selection, counts: _Counts, project: Project, fmt: Clock) -> list[dict[str, Any]]:
    """Depots (named on the map) and gates: all of them for the batch, the coaches' own otherwise."""
    employers = _employers(sel.plan)
    gate_employers: dict[str, list[str]] = {}
    for e in sel.plan.employers:
        gate_employers.setdefault(e.dropoff_id, []).append(e.id)
    depots = {b.depot for _, b in sel.buses}
    out = []
    for place in places_of(sel.plan):
        is_depot = place.kind == "depot"
        if not sel.whole and place.id not in (depots if is_depot else counts.visits):
            continue
        if is_depot:
            trips = [(i, b) for i, b in sel.buses if b.depot == place.id]
            popup = depot_popup(place, trips, fmt)
            tip = place_label(place)
        else:
            keep = gate_employers.get(place.id, []) if sel.whole else []
            by_employer = employer_table(counts.by_gate.get(place.id, Counter()), employers, keep)
            visits = [v for v in counts.visits.get(place.id, []) if v[2].kind == "dropoff"]
            popup = gate_popup(place, counts.alighting[place.id], visits, by_employer, fmt)
            tip = place_label(place)
        out.append({
            "at": _pt(project(place.lat, place.lon)),
            "kind": "depot" if is_depot else "gate",
            "tip": tip,
            "label": True,  # gates yield to depots and pickups when labels collide
            "prio": -1_000_000 if is_depot else 0,
            "pop": popup,
        })
    return out


def _radius(n: int, most: int, smallest: float, largest: float) -> float:
    """Circle radius in pixels with area proportional to ``n`` (``most`` gets ``largest``)."""
    return round(smallest + (largest - smallest) * math.sqrt(n / most), 1) if most else smallest


def _homes(areas: tuple[HomeArea, ...], project: Project) -> list[dict[str, Any]]:
    """One circle per grid cell with workers, at the cell's centre, area by workers."""
    most = max((a.workers for a in areas), default=0)
    return [
        {"at": _pt(project(a.lat, a.lon)), "r": _radius(a.workers, most, 3.0, 16.0), "c": HOME_COLOUR,
         "tip": home_tooltip(a)}
        for a in areas
        if a.workers
    ]


def main_reason(area: HomeArea) -> str:
    """The reason most of a cell's unseated workers share (ties: the order of ``REASON_LABELS``)."""
    order = list(REASON_LABELS)
    return min(area.unassigned, key=lambda rn: (-rn[1], order.index(rn[0]) if rn[0] in order else len(order)))[0]


def _exceptions(areas: tuple[HomeArea, ...], project: Project) -> list[dict[str, Any]]:
    """Cells with workers not seated, coloured by the main reason; out of reach stands out."""
    out = []
    for a in areas:
        n = sum(k for _, k in a.unassigned)
        if not n:
            continue
        reason = main_reason(a)
        reach = any(r == "out_of_reach" for r, _ in a.unassigned)
        out.append({
            "at": _pt(project(a.lat, a.lon)),
            "r": round(5.0 + 2.5 * math.sqrt(n), 1),
            "c": REACH_COLOUR if reach else reason_colour(reason),
            "fill": reason_colour(reason),
            "reach": reach,
            "tip": f"未安排 Not seated: {n:,} 名工人 workers",
            "pop": exception_popup(a),
        })
    return out


def points_of(sel: Selection) -> list[LatLon]:
    """Every WGS-84 point a map of the selection shows, for fitting the view."""
    points = [p for _, bus in sel.buses for p in route_path(bus)]
    if sel.whole:
        points += [(p.lat, p.lon) for p in sel.plan.pickup_points if p.passengers or p.workers]
        points += [(p.lat, p.lon) for p in places_of(sel.plan)]
        points += [(a.lat, a.lon) for a in sel.plan.home_areas]
    return points


def layer_data(sel: Selection, project: Project) -> dict[str, Any]:
    """Everything the page draws, projected for the basemap, text escaped.

    Parameters
    ----------
    sel : Selection
        The plan and the coaches to draw (:func:`select`).
    project : Project
        ``(lat, lon) -> (lat, lon)`` from WGS-84 to the basemap's datum.

    Returns
    -------
    dict
        ``groups`` (coach layers: name, shown), ``coaches`` (per coach: group, colour, CSS
        class, path, tooltip, popup, arrows, breaks), ``pickups``, ``places``, ``homes``,
        ``exceptions`` (points ``[lat, lon]``, radii in pixels, colours, HTML) and
        ``names`` (the layer names).
    """
    plan = sel.plan
    fmt = clock(plan.scenario.date, plan.scenario.timezone)
    extent = extent_of([project(*p) for p in points_of(sel)])
    counts = _count(sel)
    groups, coaches = _coaches(sel, project, fmt, extent)
    return {
        "groups": groups,
        "coaches": coaches,
        "pickups": _pickups(sel, counts, project, fmt),
        "places": _places(sel, counts, project, fmt),
        "homes": _homes(plan.home_areas, project) if sel.whole else [],
        "exceptions": _exceptions(plan.home_areas, project) if sel.whole else [],
        "names": {
            "pickups": PICKUPS_LABEL,
            "places": PLACES_LABEL,
            "homes": HOMES_LABEL,
            "exceptions": EXCEPTIONS_LABEL,
        },
    }


__all__ = [
    "COACH_LAYERS_UP_TO",
    "EXCEPTIONS_LABEL",
    "HOMES_LABEL",
    "LABELS_UP_TO",
    "PICKUPS_LABEL",
    "PLACES_LABEL",
    "Selection",
    "coach_list",
    "extent_of",
    "layer_data",
    "legs",
    "main_reason",
    "places_of",
    "points_of",
    "route_path",
    "select",
]
