"""Tests for routing.timetable: one row per stop, loads and times for people."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

import pandas as pd

from routing.plan import Plan
from routing.timetable import SCHEDULE_COLUMNS, format_clock, schedule_rows, write_schedule_csv


def test_one_row_per_stop_in_order(tiny_plan: Plan) -> None:
    """Rows are ordered by coach, then stop sequence, with every column present."""
    rows = schedule_rows(tiny_plan)
    assert len(rows) == sum(len(b.stops) for b in tiny_plan.buses) == 11
    assert [(r["bus_id"], r["seq"]) for r in rows] == [("C45-1", i) for i in range(6)] + [
        ("C45-2", i) for i in range(5)
    ]
    assert all(tuple(r) == SCHEDULE_COLUMNS for r in rows)


def test_order_does_not_depend_on_plan_order(tiny_plan: Plan) -> None:
    """Coaches and stops listed backwards in the plan still come out in order."""
    backwards = dataclasses.replace(
        tiny_plan,
        buses=tuple(dataclasses.replace(b, stops=tuple(reversed(b.stops))) for b in reversed(tiny_plan.buses)),
    )
    assert schedule_rows(backwards) == schedule_rows(tiny_plan)


def test_loads_and_dwell(tiny_plan: Plan) -> None:
    """Board, alight and on-board counts follow the stops; dwell is in whole minutes."""
    rows = [r for r in schedule_rows(tiny_plan) if r["bus_id"] == "C45-1"]
    assert [r["board"] for r in rows] == [0, 0, 3, 0, 0, 0]
    assert [r["alight"] for r in rows] == [0, 0, 0, 2, 1, 0]
    assert [r["on_board"] for r in rows] == [0, 0, 3, 1, 0, 0]
    assert [r["dwell_min"] for r in rows] == [0, 20, 7, 6, 5, 0]
    pickup = rows[2]
    assert (pickup["kind"], pickup["place_id"], pickup["name"]) == ("pickup", "P-YZ", "原州区 & 客运站")
    assert (pickup["arrive"], pickup["depart"]) == ("10:50", "10:57")
    assert rows[1]["note"] == "rest 20 min"
    assert all(r["plate"] == "宁A·D8101" for r in rows)


def test_other_day_shows_date(tiny_plan: Plan) -> None:
    """A time after midnight carries its date; a time on the plan date does not."""
    bus = tiny_plan.buses[0]
    last = bus.stops[-1]
    late = dataclasses.replace(
        last, arrive=last.arrive + dt.timedelta(hours=9), depart=last.depart + dt.timedelta(hours=9)
    )
    plan = dataclasses.replace(
        tiny_plan, buses=(dataclasses.replace(bus, stops=bus.stops[:-1] + (late,)),) + tiny_plan.buses[1:]
    )
    row = [r for r in schedule_rows(plan) if r["bus_id"] == "C45-1"][-1]
    assert row["arrive"] == "2020-02-22 01:10"
    assert row["depart"] == "2020-02-22 01:10"


def test_times_are_local() -> None:
    """Aware times in another zone are shown in the plan's zone."""
    utc = dt.datetime(2020, 2, 20, 22, 30, tzinfo=dt.UTC)
    assert format_clock(utc, dt.date(2020, 2, 21), "Asia/Shanghai") == "06:30"
    assert format_clock(utc, dt.date(2020, 2, 20), "Asia/Shanghai") == "2020-02-21 06:30"


def test_csv_round_trip(tiny_plan: Plan, tmp_path: Path) -> None:
    """The CSV has a BOM and reads back with the same values."""
    path = write_schedule_csv(tiny_plan, tmp_path / "schedule.csv")
    assert path.read_bytes().startswith(b"\xef\xbb\xbf")
    frame = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    assert list(frame.columns) == list(SCHEDULE_COLUMNS)
    expected = [{k: str(v) for k, v in r.items()} for r in schedule_rows(tiny_plan)]
    assert frame.to_dict(orient="records") == expected


def test_driver_at_the_wheel_after_each_stop(tiny_plan: Plan) -> None:
    """A swap shows as the other driver leaving the stop; the last stop has nobody driving on."""
    bus = dataclasses.replace(tiny_plan.buses[0], stops=tuple(
        dataclasses.replace(s, driver=d) for s, d in zip(tiny_plan.buses[0].stops, (1, 2, 2, 2, 2, 0))))
    rows = schedule_rows(dataclasses.replace(tiny_plan, buses=(bus,)))
    assert [r["driver"] for r in rows] == [1, 2, 2, 2, 2, ""]
