"""Timetables: every stop of every coach as a table row, and its CSV."""

from __future__ import annotations

import itertools
from pathlib import Path

from routing.geo.distance import geodesic_m
from routing.plan.display import clock
from routing.plan.files import file_stem
from routing.plan.model import BusPlan, Plan, Stop
from routing.tables import write_excel_csv

SCHEDULE_COLUMNS = (
    "bus_id",
    "plate",
    "seq",
    "kind",
    "place_id",
    "name",
    "arrive",
    "depart",
    "dwell_min",
    "board",
    "alight",
    "on_board",
    "driver",
    "note",
)



def _bus_rows(plan: Plan, bus: BusPlan) -> list[dict[str, object]]:
    rows: list[dict[str, object]] = []
    on_board = 0
    for stop in bus.stops:
        on_board += len(stop.board) - len(stop.alight)
        rows.append(
            {
                "bus_id": bus.id,
                "plate": bus.plate,
                "seq": stop.seq,
                "kind": stop.kind,
                "place_id": stop.place_id,
                "name": stop.name,
                "arrive": clock(plan, stop.arrive),
                "depart": clock(plan, stop.depart),
                "dwell_min": round((stop.depart - stop.arrive).total_seconds() / 60),
                "board": len(stop.board),
                "alight": len(stop.alight),
                "on_board": on_board,
                "driver": stop.driver or "",
                "note": stop.note,
            }
        )
    return rows


def schedule_rows(plan: Plan) -> list[dict[str, object]]:
    """Return the timetable: one row per stop per coach, ordered by coach id, stops as stored (in calling order).

    Parameters
    ----------
    plan : Plan
        The plan to tabulate.

    Returns
    -------
    list of dict
        Keys as in ``SCHEDULE_COLUMNS``. ``arrive``/``depart`` are local ``HH:MM``
        (prefixed with the date when not on the plan date); ``dwell_min`` is the
        whole minutes spent at the stop; ``board``/``alight`` count people;
        ``on_board`` counts people on the coach after the stop.
    """
    rows: list[dict[str, object]] = []
    for bus in sorted(plan.buses, key=lambda b: b.id):
        rows.extend(_bus_rows(plan, bus))
    return rows


def write_schedule_csv(plan: Plan, path: Path | str) -> Path:
    """Write the timetable as CSV in UTF-8 with a BOM (so Excel shows Chinese names).

    Parameters
    ----------
    plan : Plan
        The plan to tabulate.
    path : pathlib.Path or str
        The CSV file to write; its folder must exist.

    Returns
    -------
    pathlib.Path
        The path written.
    """
    return write_excel_csv(schedule_rows(plan), SCHEDULE_COLUMNS, path)


# A coach's own timetable, for its drivers: one file per coach.

TIMETABLE_COLUMNS = (
    "seq",
    "arrive",
    "depart",
    "place",
    "place_id",
    "kind",
    "event",
    "board",
    "alight",
    "on_board",
    "km_from_prev_approx",
    "driver",
)

ACTIVITIES = ("drive", "pickup", "dropoff", "rest", "swap", "wait")
"""What a coach does in a stretch of its day: driving, a stop to board or set down people,
a rest, a driver swap, standing still (curfew or early), in the order charts stack them."""


def break_activity(stop: Stop) -> str:
    """What a stop of kind ``break`` is, from its note: ``"rest"``, ``"swap"`` or ``"wait"``.

    ``"driver swap"`` is a swap; a curfew or any wait is ``"wait"``; everything else
    (``"rest 20 min"``, a note-less break) is a rest.
    """
    note = stop.note.lower()
    if "swap" in note:
        return "swap"
    if "curfew" in note or "wait" in note:
        return "wait"
    return "rest"


def _minutes(stop: Stop) -> int:
    return round((stop.depart - stop.arrive).total_seconds() / 60)


def _duration_zh(minutes: int) -> str:
    hours, mins = divmod(minutes, 60)
    if hours and mins:
        return f"{hours} 小时 {mins} 分钟"
    return f"{hours} 小时" if hours else f"{mins} 分钟"


def stop_event(stop: Stop, first: bool, last: bool, driver_before: int) -> str:
    """What happens at a stop, in words for the driver, Chinese then English.

    Parameters
    ----------
    stop : Stop
        The stop.
    first, last : bool
        Whether it is the coach's first (leaving the depot) or last stop.
    driver_before : int
        Driver at the wheel on the way to the stop (0 for the first stop); a different
        driver leaving a stop that is not a break is a swap there.

    Returns
    -------
    str
        E.g. ``"发车 depart"``, ``"上车 22 人 board 22"``, ``"休息 20 分钟 rest 20 min"``,
        ``"换司机 driver swap"``, ``"宵禁等待 2 小时 50 分钟 curfew wait 170 min"``; several
        events are joined with ``"; "``.
    """
    minutes = _minutes(stop)
    parts: list[str] = []
    if stop.kind == "break":
        activity = break_activity(stop)
        if activity == "swap":
            parts.append("换司机 driver swap")
        elif activity == "wait":
            if "curfew" in stop.note.lower():
                parts.append(f"宵禁等待 {_duration_zh(minutes)} curfew wait {minutes} min")
            else:
                parts.append(f"等待 {_duration_zh(minutes)} wait {minutes} min")
        else:
            parts.append(f"休息 {_duration_zh(minutes)} rest {minutes} min")
    else:
        if first and stop.kind == "depot":
            parts.append("发车 depart")
        if stop.board:
            parts.append(f"上车 {len(stop.board)} 人 board {len(stop.board)}")
        if stop.alight:
            parts.append(f"下车 {len(stop.alight)} 人 alight {len(stop.alight)}")
        if stop.kind == "pickup" and not stop.board:
            parts.append("上车点 pickup")
        if stop.kind == "dropoff" and not stop.alight:
            parts.append("下车点 drop-off")
        if last and stop.kind == "depot":
            parts.append("回车场 back at depot")
        if driver_before and stop.driver and stop.driver != driver_before:
            parts.append("换司机 driver swap")
    return "; ".join(parts)


def leg_km_approx(bus: BusPlan) -> list[float | None]:
    """Kilometres from the previous stop for each stop of a coach, approximately.

    The plan holds only the coach's road kilometres for the day (``bus.km``), not each
    leg's; they are shared over the legs in proportion to the straight-line (geodesic)
    distance between consecutive stops, so they add up to ``bus.km`` (to rounding).

    Returns
    -------
    list of float or None
        One entry per stop in ``seq`` order, rounded to 0.1 km; ``None`` for the first
        stop, and for every stop when the stops are all at one place.
    """
    stops = bus.stops
    legs = [geodesic_m(a.lat, a.lon, b.lat, b.lon) for a, b in itertools.pairwise(stops)]
    total = sum(legs)
    if total <= 0:
        return [None] * len(stops)
    return [None] + [round(bus.km * m / total, 1) for m in legs]


def timetable_rows(plan: Plan, bus: BusPlan) -> list[dict[str, object]]:
    """Return one coach's timetable for its drivers: one row per stop in ``seq`` order.

    Parameters
    ----------
    plan : Plan
        The plan (for its date and time zone).
    bus : BusPlan
        The coach whose drivers read it.

    Returns
    -------
    list of dict
        Keys as in ``TIMETABLE_COLUMNS``: ``arrive``/``depart`` as ``format_clock`` gives
        them; ``place`` the stop's name; ``event`` what happens there (``stop_event``);
        ``board``/``alight``/``on_board`` count people; ``km_from_prev_approx`` the leg's
        share of the coach's kilometres (``leg_km_approx``, ``""`` for the first stop);
        ``driver`` who drives on after the stop (``""`` at the last stop).
    """
    stops = bus.stops
    kms = leg_km_approx(bus)
    rows: list[dict[str, object]] = []
    on_board = 0
    driver_before = 0
    for i, (stop, km) in enumerate(zip(stops, kms)):
        on_board += len(stop.board) - len(stop.alight)
        rows.append(
            {
                "seq": stop.seq,
                "arrive": clock(plan, stop.arrive),
                "depart": clock(plan, stop.depart),
                "place": stop.name,
                "place_id": stop.place_id,
                "kind": stop.kind,
                "event": stop_event(stop, i == 0, i == len(stops) - 1, driver_before),
                "board": len(stop.board),
                "alight": len(stop.alight),
                "on_board": on_board,
                "km_from_prev_approx": "" if km is None else f"{km:.1f}",
                "driver": stop.driver or "",
            }
        )
        driver_before = stop.driver
    return rows


def write_timetables(plan: Plan, out_dir: Path) -> list[Path]:
    """Write ``<out_dir>/<bus_id>.csv``, one coach's timetable (``timetable_rows``), for every coach.

    CSV in UTF-8 with a BOM, so Excel shows the Chinese text. The batch-wide timetable is
    ``write_schedule_csv``'s ``schedule.csv``.

    Parameters
    ----------
    plan : Plan
        The plan.
    out_dir : pathlib.Path
        Folder to write into; created when missing. Give it a folder of its own: the
        manifests also write ``<bus_id>.csv``.

    Returns
    -------
    list of pathlib.Path
        The files written, in the plan's coach order.
    """
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    return [write_excel_csv(timetable_rows(plan, bus), TIMETABLE_COLUMNS, out / f"{file_stem(bus.id)}.csv") for bus in plan.buses]
