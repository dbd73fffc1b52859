"""The printable timetable: the whole batch on one A4 landscape page, then every coach stop by stop."""

from __future__ import annotations

import itertools

from routing.outputs.timetable import timetable_rows
from routing.plan.display import FONT_STACK, clock, escape
from routing.plan.model import BusPlan, Plan, Stop

_CSS = """
@page { size: A4 landscape; margin: 10mm; }
* { box-sizing: border-box; }
html { font-family: %(fonts)s; font-size: 9pt; color: #000; line-height: 1.3; }
body { margin: 0 auto; max-width: 277mm; }
h1 { font-size: 14pt; margin: 0 0 1mm; }
h1 small, h2 small { font-size: 9pt; font-weight: normal; color: #333; }
h2 { font-size: 11.5pt; margin: 0 0 1mm; }
.meta { margin: 0 0 2mm; color: #333; }
table { border-collapse: collapse; width: 100%%; }
th, td { border: 0.5pt solid #555; padding: 0.6mm 1.2mm; text-align: left; vertical-align: top; }
th { background: #e4e4e4; font-size: 8pt; line-height: 1.2; vertical-align: bottom; }
thead { display: table-header-group; }
tr { break-inside: avoid; page-break-inside: avoid; }
.n { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
.t { font-variant-numeric: tabular-nums; white-space: nowrap; }
.sub { color: #333; font-size: 7.5pt; }
.coach { margin-top: 5mm; break-inside: avoid; page-break-inside: avoid; }
.batch td:first-child { font-weight: bold; white-space: nowrap; }
.batch td:nth-child(3) { white-space: nowrap; }
.stops { table-layout: fixed; }
.stops td { overflow-wrap: anywhere; }
.stops td.t { white-space: normal; }
.stops tr.break td { background: #f3f3f3; }
.stops tr.pickup td:nth-child(5), .stops tr.dropoff td:nth-child(5) { font-weight: bold; }
.note { font-size: 7.5pt; color: #333; margin-top: 2mm; }
@media screen { body { padding: 8mm; } }
@media print { .batch-page { break-after: page; page-break-after: always; } }
"""

_BATCH_COLS = (
    "车次 Coach",
    "车牌 Plate",
    "车场 Depot",
    "发车 Leaves",
    "首个上车点 First pickup",
    "末个上车点 Last pickup",
    "到达园区 / 最后门岗<br>Arrives zone / last gate",
    "回场 Back at depot",
    "司机 Drivers",
    "乘客 Pass.",
    "公里 km",
)

# (header, cell class, width in mm of the 277 mm between A4 landscape margins; written as shares of the width)
_STOP_COLS = (
    ("序号<br>Seq", "n", 11),
    ("到达<br>Arrive", "t", 21),
    ("出发<br>Depart", "t", 21),
    ("地点 Place", "", 78),
    ("事项 What happens", "", 76),
    ("上车<br>On", "n", 12),
    ("下车<br>Off", "n", 12),
    ("车上<br>Aboard", "n", 14),
    ("约公里<br>≈ km", "n", 16),
    ("续驾<br>Driver on", "n", 16),
)


def _time_at(plan: Plan, stop: Stop | None, depart: bool) -> str:
    """The stop's departure (or arrival) time, ``—`` when there is no such stop."""
    return "—" if stop is None else clock(plan, stop.depart if depart else stop.arrive)


def _depot_name(plan: Plan, bus: BusPlan) -> str:
    for ref in plan.places:
        if ref.id == bus.depot:
            return ref.name
    first = (bus.stops[0] if bus.stops else None)
    return first.name if first is not None and first.kind == "depot" else bus.depot


def _swaps(bus: BusPlan) -> int:
    stops = bus.stops
    return sum(1 for a, b in itertools.pairwise(stops) if a.driver and b.driver and a.driver != b.driver)


def batch_rows(plan: Plan) -> list[dict[str, str]]:
    """Return the batch at a glance: one row per coach, in the plan's order.

    Parameters
    ----------
    plan : Plan
        The plan.

    Returns
    -------
    list of dict of str to str
        Keys ``bus_id``, ``plate``, ``depot`` (name), ``leaves`` (departure from the first
        stop), ``first_pickup`` and ``last_pickup`` (``"<time> <place>"``, arrival at the
        first, departure from the last), ``arrives_zone`` (arrival at the first gate),
        ``last_gate`` (departure from the last gate), ``back_at_depot`` (arrival at the last
        stop when it is a depot), ``drivers``, ``swaps`` (times another driver takes the
        wheel), ``passengers``, ``km``. Times as ``format_clock`` gives them; ``"—"`` where
        the coach has no such stop.
    """
    rows: list[dict[str, str]] = []
    for bus in plan.buses:
        stops = bus.stops
        pickups = [s for s in stops if s.kind == "pickup"]
        gates = [s for s in stops if s.kind == "dropoff"]
        last = stops[-1] if stops else None
        rows.append(
            {
                "bus_id": bus.id,
                "plate": bus.plate or "—",
                "depot": _depot_name(plan, bus),
                "leaves": _time_at(plan, stops[0] if stops else None, depart=True),
                "first_pickup": f"{_time_at(plan, pickups[0], False)} {pickups[0].name}" if pickups else "—",
                "last_pickup": f"{_time_at(plan, pickups[-1], True)} {pickups[-1].name}" if pickups else "—",
                "arrives_zone": _time_at(plan, gates[0] if gates else None, depart=False),
                "last_gate": _time_at(plan, gates[-1] if gates else None, depart=True),
                "back_at_depot": _time_at(plan, last if last is not None and last.kind == "depot" else None, False),
                "drivers": str(bus.drivers),
                "swaps": str(_swaps(bus)),
                "passengers": str(bus.passengers),
                "km": f"{bus.km:,.1f}",
            }
        )
    return rows


def _batch_table(plan: Plan) -> str:
    head = "".join(f"<th>{label}</th>" for label in _BATCH_COLS)
    body = []
    for r in batch_rows(plan):
        swaps = f"<br><span class=sub>换班 {escape(r['swaps'])} 次 swaps</span>" if r["swaps"] != "0" else ""
        body.append(
            f"<tr><td><a href='#{escape(r['bus_id'])}'>{escape(r['bus_id'])}</a></td><td class=t>{escape(r['plate'])}</td>"
            f"<td>{escape(r['depot'])}</td><td class=t>{escape(r['leaves'])}</td>"
            f"<td>{escape(r['first_pickup'])}</td><td>{escape(r['last_pickup'])}</td>"
            f"<td class=t>{escape(r['arrives_zone'])} / {escape(r['last_gate'])}</td><td class=t>{escape(r['back_at_depot'])}</td>"
            f"<td>{escape(r['drivers'])}{swaps}</td><td class=n>{escape(r['passengers'])}</td><td class=n>{escape(r['km'])}</td></tr>"
        )
    rows = "".join(body) or f"<tr><td colspan={len(_BATCH_COLS)}>— 无车辆 no coaches —</td></tr>"
    return f"<table class=batch><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>"


def _coach_section(plan: Plan, bus: BusPlan) -> str:
    cols = "".join(f"<col style='width:{w / 2.77:.1f}%'>" for _, _, w in _STOP_COLS)
    head = "".join(f"<th class={cls}>{label}</th>" if cls == "n" else f"<th>{label}</th>" for label, cls, _ in _STOP_COLS)
    body = []
    for r in timetable_rows(plan, bus):
        cells = (r["seq"], r["arrive"], r["depart"], r["place"], r["event"], r["board"] or "", r["alight"] or "",
                 r["on_board"], r["km_from_prev_approx"], r["driver"])
        tds = "".join(f"<td class={cls}>{escape(v)}</td>" if cls else f"<td>{escape(v)}</td>"
                      for v, (_, cls, _) in zip(cells, _STOP_COLS))
        body.append(f"<tr class={escape(r['kind'])}>{tds}</tr>")
    type_name = f"{bus.type_name} ({bus.type})" if bus.type_name else bus.type
    meta = (
        f"车型 Type {escape(type_name)} · 座位/限载 Seats/cap. {bus.seats}/{bus.capacity} · "
        f"车场 Depot {escape(_depot_name(plan, bus))} · 司机 Drivers {bus.drivers} · "
        f"乘客 Passengers {bus.passengers} · {bus.km:,.1f} km · 驾驶 Driving {bus.driving_minutes // 60} h "
        f"{bus.driving_minutes % 60:02d} min"
    )
    return (
        f"<section class=coach id='{escape(bus.id)}'><h2>{escape(bus.id)} <small>{escape(bus.plate or '')}</small></h2>"
        f"<p class=meta>{meta}</p>"
        f"<table class=stops><colgroup>{cols}</colgroup><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table></section>"
    )


def render_timetable_page(plan: Plan) -> str:
    """Return the batch's timetable as one self-contained, printable HTML page (A4 landscape).

    Parameters
    ----------
    plan : Plan
        The plan, every coach with its stops.

    Returns
    -------
    str
        HTML with inline CSS only: no scripts, no external fonts, styles or links. First the
        batch table (``batch_rows``: one row per coach), then each coach's stops
        (``timetable.timetable_rows``), a coach never split over two printed pages when it
        fits on one. Every text from the plan is escaped.
    """
    sc = plan.scenario
    passengers = sum(b.passengers for b in plan.buses)
    km = sum(b.km for b in plan.buses)
    title = f"时刻表 Timetable {sc.name} {sc.date.isoformat()}"
    sections = "\n".join(_coach_section(plan, bus) for bus in plan.buses)
    return f"""<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>{escape(title)}</title>
<style>{_CSS % {"fonts": FONT_STACK}}</style></head><body>
<div class=batch-page>
<h1>时刻表 Timetable <small>{escape(sc.name)} · {escape(sc.date.isoformat())}</small></h1>
<p class=meta>{len(plan.buses)} 辆车 coaches · {passengers} 名乘客 passengers · {km:,.1f} km ·
时间为 {escape(sc.timezone)} 当地时间 local times; 非当日时间带日期 times on another day show their date.</p>
{_batch_table(plan)}
<p class=note>约公里：按直线距离分摊全程公里数，供参考。≈ km: the coach's road km shared over its legs by
straight-line distance, a guide only. 续驾：离开该站时驾驶的司机。Driver on: who drives when the coach leaves.</p>
</div>
{sections}
</body></html>
"""
