"""Timetables: every stop of every coach as a table row, and its CSV."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from zoneinfo import ZoneInfo

from .excel_csv import write_excel_csv
from .plan import BusPlan, Plan

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


def format_clock(t: dt.datetime, plan_date: dt.date, timezone: str) -> str:
    """Format a stop time for people: ``HH:MM``, with the date in front when it is another day.

    Parameters
    ----------
    t : datetime.datetime
        An aware time (naive times are taken as already local).
    plan_date : datetime.date
        The day of the plan; times on this day show no date.
    timezone : str
        IANA zone the plan runs in, e.g. ``"Asia/Shanghai"``.

    Returns
    -------
    str
        ``"06:30"`` or ``"2020-02-22 01:10"``.
    """
    local = t.astimezone(ZoneInfo(timezone)) if t.tzinfo is not None else t
    if local.date() == plan_date:
        return local.strftime("%H:%M")
    return local.strftime("%Y-%m-%d %H:%M")


def _bus_rows(plan: Plan, bus: BusPlan) -> list[dict[str, object]]:
    rows: list[dict[str, object]] = []
    on_board = 0
    sc = plan.scenario
    for stop in sorted(bus.stops, key=lambda s: s.seq):
        on_board += len(stop.board) - len(stop.alight)
        rows.append(
            {
                "bus_id": bus.id,
                "plate": bus.plate,
                "seq": stop.seq,
                "kind": stop.kind,
                "place_id": stop.place_id,
                "name": stop.name,
                "arrive": format_clock(stop.arrive, sc.date, sc.timezone),
                "depart": format_clock(stop.depart, sc.date, sc.timezone),
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
    """Return the timetable: one row per stop per coach, ordered by coach id then stop sequence.

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
        File to write; its folder must exist.

    Returns
    -------
    pathlib.Path
        The path written.
    """
    return write_excel_csv(schedule_rows(plan), SCHEDULE_COLUMNS, path)
