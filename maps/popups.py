"""What the map says: labels, tooltips and popups, in Chinese first, every plan text escaped.

Text from the plan reaches a page only through :func:`text`. Its output is safe as HTML,
inside JavaScript template literals (folium's tooltips) and inside a jinja template
(branca compiles every element's output once more, so ``{{`` in a name would run).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable, Mapping
from typing import Protocol

from routing.plan.display import REASON_LABELS, escape, format_clock, join_span
from routing.plan.model import BusPlan, EmployerRef, HomeArea, PickupUse, PlaceRef, Stop

VISIT_ROWS = 20  # coaches listed in a place's popup; the rest are counted
_ENTITIES = str.maketrans({"\\": "&#92;", "`": "&#96;", "$": "&#36;", "{": "&#123;", "}": "&#125;"})

Visit = tuple[int, BusPlan, Stop]  # (position of the coach in the plan, coach, its stop here)


class Clock(Protocol):
    """Formats a stop time as people read it (see :func:`clock`)."""

    def __call__(self, t: dt.datetime) -> str: ...


def text(value: object) -> str:
    """Escape plan text for HTML, JS template literals and jinja (``& < > " ' \\ ` $ { }``)."""
    return escape(value).translate(_ENTITIES)


def place_label(place: PickupUse | PlaceRef, long: bool = False) -> str:
    """Escaped name, marked ``(约)`` when the plan says the coordinates are approximate (``long``: in words)."""
    label = text(place.name)
    if not place.approximate:
        return label
    return label + (" (位置约略 approximate position)" if long else " (约)")


def coach_title(bus: BusPlan) -> str:
    """``C55-1 · 宁A·D8101 · 27/27``: id, plate, passengers/capacity (escaped)."""
    parts = [bus.id, bus.plate] if bus.plate else [bus.id]
    return " · ".join(text(p) for p in parts) + f" · {bus.passengers}/{bus.capacity}"


def clock(plan_date: dt.date, timezone: str) -> Clock:
    """A formatter of stop times: ``HH:MM`` on the plan's day, with the date on another day."""

    def fmt(t: dt.datetime) -> str:
        return format_clock(t, plan_date, timezone)

    return fmt


def span(stop: Stop, fmt: Clock) -> str:
    """``10:50–10:57``, or one time when the coach does not stand (the date only once)."""
    return join_span(fmt(stop.arrive), fmt(stop.depart))


def _table(rows: Iterable[str]) -> str:
    body = "".join(rows)
    return f"<table>{body}</table>" if body else ""


def visit_table(visits: Iterable[Visit], fmt: Clock, limit: int = VISIT_ROWS) -> str:
    """Coaches calling at a place, by arrival: coach, time, boarding or getting off."""
    ordered = sorted(visits, key=lambda v: (v[2].arrive, v[0]))
    rows = []
    for _, bus, s in ordered[:limit]:
        people = f"上车 {len(s.board):,} 人" if s.board else f"下车 {len(s.alight):,} 人" if s.alight else ""
        rows.append(f"<tr><td>{coach_title(bus)}</td><td>{span(s, fmt)}</td><td>{people}</td></tr>")
    more = len(ordered) - limit
    tail = f"<div>… 另有 {more:,} 辆车 more coaches</div>" if more > 0 else ""
    return _table(rows) + tail


def employer_table(counts: Mapping[str, int], employers: Mapping[str, EmployerRef], keep: Iterable[str] = ()) -> str:
    """Passengers per employer (most first); ``keep`` lists employers shown even with none."""
    shown = Counter({e: 0 for e in keep})
    shown.update(counts)
    rows = [
        f"<tr><td>{text(employers[e].name) if e in employers else text(e or '单位未知 unknown')}</td>"
        f"<td class=rb-n>{n:,} 人</td></tr>"
        for e, n in sorted(shown.items(), key=lambda kv: (-kv[1], kv[0]))
    ]
    return _table(rows)


def coach_popup(bus: BusPlan, fmt: Clock) -> str:
    """A coach: type, crew, distance and time at the wheel, then every stop with its time."""
    rows = "".join(
        f"<tr><td>{s.seq}</td><td>{span(s, fmt)}</td><td>{text(s.name)}</td>"
        f"<td>{'+' + str(len(s.board)) if s.board else ''}{'−' + str(len(s.alight)) if s.alight else ''}</td></tr>"
        for s in bus.stops
    )
    head = (
        f"{text(bus.type_name or bus.type)} · {bus.seats} 座 seats · 限载 capacity {bus.capacity} · "
        f"司机 {bus.drivers} 名 driver(s)"
    )
    return (
        f'<div class="rb-popup"><b>{coach_title(bus)}</b><br>{head}<br>'
        f"{bus.km:,.0f} km · 行驶 driving {bus.driving_minutes // 60} h {bus.driving_minutes % 60:02d} min"
        f"<table>{rows}</table></div>"
    )


def pickup_popup(
    pickup: PickupUse, workers: int, passengers: int, visits: list[Visit], by_employer: str, fmt: Clock
) -> str:
    """A pickup point: who boards (workers and everyone), which coaches call and when, per employer."""
    employers = f"<b>单位 Employers</b>{by_employer}" if by_employer else ""
    return (
        f'<div class="rb-popup"><b>{place_label(pickup, long=True)}</b><br>上车点 Pickup point · '
        f"上车 <b>{passengers:,}</b> 人 boarding ({workers:,} 名工人 workers)<br>"
        f"<b>车辆 Coaches</b>{visit_table(visits, fmt)}{employers}</div>"
    )


def gate_popup(gate: PlaceRef, passengers: int, visits: list[Visit], by_employer: str, fmt: Clock) -> str:
    """A drop-off gate: the employers whose workers get off there and how many, and the coaches."""
    employers = f"<b>单位 Employers</b>{by_employer}" if by_employer else ""
    return (
        f'<div class="rb-popup"><b>{place_label(gate, long=True)}</b><br>下车点 Drop-off gate · '
        f"下车 <b>{passengers:,}</b> 人 getting off<br>{employers}<b>车辆 Coaches</b>{visit_table(visits, fmt)}</div>"
    )


def depot_popup(depot: PlaceRef, trips: list[tuple[int, BusPlan]], fmt: Clock, limit: int = VISIT_ROWS) -> str:
    """A depot: how many coaches leave it, and when each leaves and comes back."""
    ordered = sorted((t for t in trips if t[1].stops), key=lambda t: (t[1].stops[0].depart, t[0]))
    rows = (
        f"<tr><td>{coach_title(bus)}</td><td>发车 {fmt(bus.stops[0].depart)}</td>"
        f"<td>回场 {fmt(bus.stops[-1].arrive)}</td></tr>"
        for _, bus in ordered[:limit]
    )
    more = len(ordered) - limit
    tail = f"<div>… 另有 {more:,} 辆车 more coaches</div>" if more > 0 else ""
    return (
        f'<div class="rb-popup"><b>{place_label(depot, long=True)}</b><br>车场 Depot · 发车 {len(trips):,} 辆 coaches'
        f"{_table(rows)}{tail}</div>"
    )


def break_tooltip(stop: Stop, bus: BusPlan, fmt: Clock) -> str:
    """A roadside stop: why it is there, which coach, when."""
    note = f" — {text(stop.note)}" if stop.note else ""
    return f"{text(stop.name)}{note}<br>{coach_title(bus)} {span(stop, fmt)}"


def reason_label(reason: str) -> str:
    """The Chinese and English label of a reason code (the code itself when unknown), escaped."""
    return text(REASON_LABELS.get(reason, reason))


def home_tooltip(area: HomeArea) -> str:
    """Workers living in a grid cell: how many, seated, not seated."""
    missing = area.workers - area.seated
    rest = f" · 未安排 <b>{missing:,}</b> not seated" if missing else ""
    return (
        f"居住地 Homes (约 10 km 网格 cell)<br>工人 <b>{area.workers:,}</b> workers · "
        f"已安排 <b>{area.seated:,}</b> seated{rest}"
    )


def exception_popup(area: HomeArea) -> str:
    """Workers of a grid cell not seated, per reason (Chinese labels)."""
    total = sum(n for _, n in area.unassigned)
    rows = (
        f"<tr><td>{reason_label(r)}</td><td class=rb-n>{n:,} 人</td></tr>"
        for r, n in sorted(area.unassigned, key=lambda rn: (-rn[1], rn[0]))
    )
    return (
        f'<div class="rb-popup"><b>未安排 Not seated: {total:,} 名工人 workers</b><br>'
        f"约 10 km 网格 cell · 共 {area.workers:,} 名工人 workers, {area.seated:,} 已安排 seated{_table(rows)}</div>"
    )


__all__ = [
    "VISIT_ROWS",
    "Clock",
    "Visit",
    "break_tooltip",
    "clock",
    "coach_popup",
    "coach_title",
    "depot_popup",
    "employer_table",
    "exception_popup",
    "gate_popup",
    "home_tooltip",
    "pickup_popup",
    "place_label",
    "reason_label",
    "span",
    "text",
    "visit_table",
]
