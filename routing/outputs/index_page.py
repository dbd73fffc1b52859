"""index.html: the plan at a glance, with links to every other output.

The page reads only the Plan, so it never carries names, ID numbers or phones;
unassigned workers appear by id, reason and detail.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable
from urllib.parse import quote

from routing.plan.display import FONT_STACK, REASON_LABELS, clock, escape
from routing.plan.files import file_stem
from routing.plan.model import BusPlan, Plan, Unassigned

_CSS = """
@page { size: A4 landscape; margin: 12mm; }
* { box-sizing: border-box; }
html { font-family: %(fonts)s; font-size: 10pt; color: #111; line-height: 1.35; }
body { margin: 0 auto; max-width: 1200px; padding: 16px; }
h1 { font-size: 17pt; margin: 0 0 4px; }
h2 { font-size: 12.5pt; margin: 18px 0 6px; border-bottom: 1.5px solid #333; padding-bottom: 2px; }
h3 { font-size: 10.5pt; margin: 10px 0 4px; }
.meta { color: #444; margin: 0 0 8px; }
nav ul { list-style: none; padding: 0; margin: 6px 0; display: flex; flex-wrap: wrap; gap: 8px; }
nav a { display: inline-block; padding: 3px 10px; border: 1px solid #2a5db0; border-radius: 4px;
  color: #2a5db0; text-decoration: none; }
.figures { display: grid; grid-template-columns: repeat(auto-fill, minmax(150px, 1fr)); gap: 6px; }
.fig { border: 1px solid #bbb; border-radius: 4px; padding: 4px 8px; break-inside: avoid; }
.fig .v { font-size: 14pt; font-weight: bold; white-space: nowrap; }
.fig .k { font-size: 8.5pt; color: #444; }
table { border-collapse: collapse; width: 100%%; }
th, td { border: 1px solid #999; padding: 3px 5px; text-align: left; vertical-align: top; }
th { background: #e8e8e8; font-size: 9pt; }
td.n, th.n { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
td.nw { white-space: nowrap; }
thead { display: table-header-group; }
tr { break-inside: avoid; page-break-inside: avoid; }
.empty { color: #666; font-style: italic; }
figure.chart { margin: 6px 0; overflow-x: auto; }
figure.chart img { max-width: 100%%; height: auto; border: 1px solid #ccc; }
@media print {
  body { max-width: none; padding: 0; }
  nav a { border: none; padding: 0 6px 0 0; color: #000; }
  a { color: #000; }
}
"""


def _href(path: str) -> str:
    return escape(quote(path, safe="/#?=&.:-_~%"))


def _natural(text: str) -> tuple[tuple[int, int | str], ...]:
    """Sort key putting W2 before W10."""
    return tuple((0, int(part)) if part.isdigit() else (1, part) for part in re.split(r"(\d+)", text) if part)


def _money(value: float) -> str:
    return f"{value:,.0f}"


def _figures(plan: Plan) -> str:
    s = plan.summary
    items = (
        ("工人总数 Workers total", f"{s.workers_total}"),
        ("已安排 Assigned", f"{s.workers_assigned}"),
        ("未安排 Unassigned", f"{s.workers_unassigned}"),
        ("乘客 Passengers", f"{s.passengers}"),
        ("车辆 Coaches used / available", f"{s.buses_used} / {s.buses_available}"),
        ("车辆下界 Lower bound (coaches)", f"{s.buses_lower_bound} (+{s.buses_gap:.1%})"),
        ("总里程 Total km", f"{s.total_km:,.1f}"),
        ("里程下界 Lower bound (km)", f"{s.km_lower_bound:,.1f} (+{s.km_gap:.1%})"),
        ("总费用 Total cost (CNY)", f"¥{_money(s.total_cost)}"),
        ("座位利用率 Seat utilisation", f"{s.seat_utilization * 100:.1f} %"),
        ("求解 Solve time (s)", f"{s.solve_seconds:.1f}"),
    )
    cells = "".join(f"<div class=fig><div class=k>{escape(k)}</div><div class=v>{escape(v)}</div></div>" for k, v in items)
    return f"<div class=figures>{cells}</div>"


def _bus_row(plan: Plan, bus: BusPlan, formats: tuple[str, ...], stem: Callable[[str], str],
             maps_dir: str | None) -> str:
    stops = bus.stops
    depart = clock(plan, stops[0].depart) if stops else ""
    drops = [s for s in stops if s.kind == "dropoff"]
    last = clock(plan, drops[-1].arrive) if drops else ""
    pickups = "<br>".join(
        f"{escape(clock(plan, s.depart))} {escape(s.name)} ({len(s.board)})"
        for s in stops
        if s.kind == "pickup"
    )
    base = f"manifests/{stem(bus.id)}"
    links = " · ".join(f"<a href='{_href(f'{base}.{f}')}'>{f.upper()}</a>" for f in formats)
    links += f" · <a href='{_href(f'timetables/{file_stem(bus.id)}.csv')}'>时刻 Times</a>"
    if maps_dir is not None:
        links += f" · <a href='{_href(f'{maps_dir}/{file_stem(bus.id)}.html')}'>地图 Map</a>"
    type_name = bus.type_name or bus.type
    return (
        f"<tr><td class=nw>{escape(bus.id)}</td><td class=nw>{escape(bus.plate)}</td><td class=nw>{escape(type_name)}</td>"
        f"<td class=n>{bus.drivers}</td><td class=n>{escape(depart)}</td><td>{pickups}</td>"
        f"<td class=n>{escape(last)}</td><td class=n>{bus.passengers} / {bus.capacity}</td>"
        f"<td class=n>{bus.km:,.1f}</td><td class=n>{_money(bus.cost)}</td><td class=nw>{links}</td></tr>"
    )


def _bus_table(plan: Plan, formats: tuple[str, ...], stem: Callable[[str], str], maps_dir: str | None) -> str:
    if not plan.buses:
        return "<p class=empty>没有车辆 No coaches.</p>"
    head = (
        "<tr><th>车次 Coach</th><th>车牌 Plate</th><th>车型 Type</th><th class=n>司机 Drivers</th>"
        "<th class=n>发车 Depart</th><th>上车点 Pickups (上车人数)</th><th class=n>末站到达 Last drop-off</th>"
        "<th class=n>乘客 / 限载 Pax / cap.</th><th class=n>km</th><th class=n>费用 Cost (CNY)</th>"
        "<th>名单 Manifest</th></tr>"
    )
    body = "".join(_bus_row(plan, b, formats, stem, maps_dir) for b in plan.buses)
    return f"<table><thead>{head}</thead><tbody>{body}</tbody></table>"


def _pickup_table(plan: Plan) -> str:
    if not plan.pickup_points:
        return "<p class=empty>没有上车点 No pickup points.</p>"
    serving: dict[str, list[str]] = defaultdict(list)
    for bus in plan.buses:
        for stop in bus.stops:
            if stop.kind == "pickup" and bus.id not in serving[stop.place_id]:
                serving[stop.place_id].append(bus.id)
    head = (
        "<tr><th>编号 ID</th><th>上车点 Pickup point</th><th class=n>工人 Workers</th>"
        "<th class=n>乘客 Passengers</th><th>车次 Coaches</th><th class=n>纬度 Lat</th><th class=n>经度 Lon</th></tr>"
    )
    body = "".join(
        f"<tr><td>{escape(p.id)}</td><td>{escape(p.name)}</td><td class=n>{p.workers}</td><td class=n>{p.passengers}</td>"
        f"<td>{escape(', '.join(serving.get(p.id, [])))}</td><td class=n>{p.lat:.5f}</td><td class=n>{p.lon:.5f}</td></tr>"
        for p in plan.pickup_points
    )
    return f"<table><thead>{head}</thead><tbody>{body}</tbody></table>"


def _unassigned(plan: Plan) -> str:
    if not plan.unassigned:
        return "<p class=empty>全部已安排 Everyone has a seat.</p>"
    groups: dict[str, list[Unassigned]] = defaultdict(list)
    for u in plan.unassigned:
        groups[u.reason].append(u)
    order = [r for r in REASON_LABELS if r in groups] + sorted(r for r in groups if r not in REASON_LABELS)
    parts = []
    for reason in order:
        items = sorted(groups[reason], key=lambda u: _natural(u.worker_id))
        people = sum(1 + u.companions for u in items)
        label = REASON_LABELS.get(reason, reason)
        rows = "".join(
            f"<tr><td>{escape(u.worker_id)}</td><td class=n>{u.companions}</td><td>{escape(u.detail)}</td></tr>" for u in items
        )
        parts.append(
            f"<h3>{escape(label)} <code>{escape(reason)}</code> — {len(items)} 人 workers, {people} 人 people</h3>"
            "<table><thead><tr><th style='width:9em'>工号 Worker id</th><th class=n style='width:7em'>"
            "随行 Companions</th><th>说明 Detail</th></tr></thead>"
            f"<tbody>{rows}</tbody></table>"
        )
    return "".join(parts)


def _chart(chart: str | None, coaches: int) -> str:
    if chart is None:
        return ""
    return (f"<h2>调度图 Dispatch overview</h2><figure class=chart><img src='{_href(chart)}' "
            f"alt='每辆车一天的行程 Every coach&#39;s day ({coaches} coaches)'></figure>")


def render_index(plan: Plan, links: dict[str, str], manifest_formats: tuple[str, ...] = ("html", "csv"),
                 chart: str | None = None, manifest_stem: Callable[[str], str] | None = None,
                 coach_maps: str | None = None) -> str:
    """Return index.html: the plan at a glance as one self-contained, printable page.

    Parameters
    ----------
    plan : Plan
        The plan to summarise. Only the plan is read, so no names, ID numbers or
        phones can reach the page.
    links : dict of str to str
        Label to relative path of the other outputs, e.g.
        ``{"地图 Map": "map.html", "时刻表 Schedule": "schedule.csv", "plan.json": "plan.json"}``.
    manifest_formats : tuple of str
        Coach manifests linked per coach, as ``manifests/<stem>.<format>``; each coach's
        timetable is linked as ``timetables/<bus_id>.csv``.
    chart : str or None
        Relative path of the dispatch chart image to show, if any.
    manifest_stem : callable, optional
        File stem of a coach's manifest from its id (default: ``routing.ids.file_stem``).
    coach_maps : str or None
        Folder of the one-coach maps (``<folder>/<bus_id>.html``), linked per coach; None for none.

    Returns
    -------
    str
        HTML with inline CSS only; every text from the plan is escaped.
    """
    sc = plan.scenario
    stem = manifest_stem or file_stem
    nav = "".join(f"<li><a href='{_href(path)}'>{escape(label)}</a></li>" for label, path in links.items())
    title = f"returnbus — {sc.name} {sc.date.isoformat()}"
    return f"""<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{escape(title)}</title><style>{_CSS % {"fonts": FONT_STACK}}</style></head><body>
<h1>返岗包车计划 Return-to-work bus plan</h1>
<p class=meta>批次 Scenario <b>{escape(sc.name)}</b> · 日期 Date <b>{escape(sc.date.isoformat())}</b> ·
限载率 Load factor {sc.load_factor:.0%} · 上车距离 Max access {sc.max_access_km:g} km · seed {sc.seed}</p>
<nav><ul>{nav}</ul></nav>
<h2>概况 Summary</h2>
{_figures(plan)}
{_chart(chart, len(plan.buses))}
<h2>车辆 Coaches ({len(plan.buses)})</h2>
{_bus_table(plan, manifest_formats, stem, coach_maps)}
<h2>上车点 Pickup points ({len(plan.pickup_points)})</h2>
{_pickup_table(plan)}
<h2>未安排 Unassigned ({plan.summary.workers_unassigned})</h2>
{_unassigned(plan)}
</body></html>
"""
