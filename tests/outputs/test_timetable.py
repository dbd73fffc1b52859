"""Tests for routing.outputs.timetable: one row per stop, loads and times for people."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

import pandas as pd
import pytest

from routing.outputs.timetable import (
    SCHEDULE_COLUMNS,
    TIMETABLE_COLUMNS,
    break_activity,
    leg_km_approx,
    schedule_rows,
    stop_event,
    timetable_rows,
    write_schedule_csv,
    write_timetables,
)
from routing.pipeline import make_plan
from routing.plan.display import format_clock
from routing.plan.model import Plan, Stop
from routing.scenario.load import load_scenario
from tests.helpers import GUYUAN


def test_one_row_per_stop_in_order(tiny_plan: Plan) -> None:
    """Rows are ordered by coach, then stop sequence, with every column present."""
    rows = schedule_rows(tiny_plan)
    assert len(rows) == sum(len(b.stops) for b in tiny_plan.buses) == 11
    assert [(r["bus_id"], r["seq"]) for r in rows] == [("C45-1", i) for i in range(6)] + [
        ("C45-2", i) for i in range(5)
    ]
    assert all(tuple(r) == SCHEDULE_COLUMNS for r in rows)


def test_coach_order_does_not_depend_on_plan_order_and_stops_read_as_stored(tiny_plan: Plan) -> None:
    """Coaches listed backwards still come out by id; stops come out as the plan stores them (calling order)."""
    backwards = dataclasses.replace(tiny_plan, buses=tuple(reversed(tiny_plan.buses)))
    assert schedule_rows(backwards) == schedule_rows(tiny_plan)
    assert [r["seq"] for r in schedule_rows(tiny_plan) if r["bus_id"] == "C45-1"] == list(range(6))


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


@pytest.fixture(scope="module")
def guyuan_plan() -> Plan:
    """The bundled Guyuan batch, planned with a short search."""
    return make_plan(load_scenario(GUYUAN), solution_limit=20)


def _read(path: Path) -> list[dict[str, str]]:
    frame = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    assert list(frame.columns) == list(TIMETABLE_COLUMNS)
    return frame.to_dict(orient="records")  # type: ignore[return-value]


def test_one_timetable_per_coach_with_a_row_per_stop(guyuan_plan: Plan, tmp_path: Path) -> None:
    """write_timetables writes <bus>.csv for every coach, rows = stops in order, times never go back."""
    paths = write_timetables(guyuan_plan, tmp_path / "tt")
    assert sorted(p.name for p in paths) == sorted(f"{b.id}.csv" for b in guyuan_plan.buses)
    assert sorted(p.name for p in (tmp_path / "tt").iterdir()) == sorted(p.name for p in paths)
    for bus, path in zip(guyuan_plan.buses, paths):
        assert path.read_bytes().startswith(b"\xef\xbb\xbf")
        rows = _read(path)
        stops = sorted(bus.stops, key=lambda s: s.seq)
        assert [r["seq"] for r in rows] == [str(s.seq) for s in stops]
        assert [r["place"] for r in rows] == [s.name for s in stops]
        times = [t for r in rows for t in (r["arrive"], r["depart"])]
        assert all(len(t) == 5 for t in times)  # the whole day on the plan date: HH:MM
        assert times == sorted(times)
        assert sum(int(r["board"]) for r in rows) == bus.passengers == sum(int(r["alight"]) for r in rows)
        assert [int(r["on_board"]) for r in rows][-1] == 0
        assert rows[0]["event"] == "发车 depart" and rows[-1]["event"] == "回车场 back at depot"
        assert rows[0]["km_from_prev_approx"] == ""
        assert sum(float(r["km_from_prev_approx"]) for r in rows[1:]) == pytest.approx(bus.km, abs=0.1 * len(rows))
        assert rows[-1]["driver"] == "" and all(r["driver"] in ("1", "2") for r in rows[:-1])


def test_timetable_events_name_boarding_rests_and_swaps(tiny_plan: Plan) -> None:
    """Each stop says what happens there: departure, boarding, rest, drop-off, back at the depot."""
    rows = timetable_rows(tiny_plan, tiny_plan.bus("C45-1"))
    assert [r["event"] for r in rows] == [
        "发车 depart",
        "休息 20 分钟 rest 20 min",
        "上车 3 人 board 3",
        "下车 2 人 alight 2",
        "下车 1 人 alight 1",
        "回车场 back at depot",
    ]
    assert [r["on_board"] for r in rows] == [0, 0, 3, 1, 0, 0]


def _break(note: str, minutes: int) -> Stop:
    t = dt.datetime(2020, 2, 22, 2, 0, tzinfo=dt.UTC)
    return Stop(3, "break", "", "途中停车 roadside stop", 37.0, 106.0, t, t + dt.timedelta(minutes=minutes), note=note,
                driver=2)


def test_break_notes_become_rest_swap_or_wait() -> None:
    """The schedule's notes are read as a rest, a driver swap or a curfew wait, and said so."""
    rest, swap = _break("rest 20 min", 20), _break("driver swap", 5)
    curfew = _break("curfew: coaches stand 02:00-05:00", 170)
    assert [break_activity(s) for s in (rest, swap, curfew, _break("", 30))] == ["rest", "swap", "wait", "rest"]
    assert stop_event(swap, False, False, 1) == "换司机 driver swap"
    assert stop_event(curfew, False, False, 1) == "宵禁等待 2 小时 50 分钟 curfew wait 170 min"


def test_a_swap_at_a_pickup_is_said(tiny_plan: Plan) -> None:
    """Another driver leaving a pickup than the one who drove there is a swap at that stop."""
    pickup = tiny_plan.bus("C45-1").stops[2]
    assert stop_event(dataclasses.replace(pickup, driver=2), False, False, 1) == "上车 3 人 board 3; 换司机 driver swap"
    assert stop_event(dataclasses.replace(pickup, driver=1), False, False, 1) == "上车 3 人 board 3"


def test_leg_km_share_the_coach_km_by_straight_line(tiny_plan: Plan) -> None:
    """Leg kilometres add up to the coach's; the long legs get most; one place only gives none."""
    bus = tiny_plan.bus("C45-2")
    kms = leg_km_approx(bus)
    assert kms[0] is None
    legs = [k for k in kms[1:] if k is not None]
    assert len(legs) == 4 and sum(legs) == pytest.approx(bus.km, abs=0.2)
    assert legs[0] > 100 and legs[-1] < 10  # depot to Xiji is far, the last gate to the depot is near
    same = dataclasses.replace(bus, stops=tuple(dataclasses.replace(s, lat=38.0, lon=106.0) for s in bus.stops))
    assert leg_km_approx(same) == [None] * 5
