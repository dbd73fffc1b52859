"""Timetable of one coach: arrival and departure at every stop, rests and drivers.

The coach leaves its depot at the scenario's start, calls at its pickup points,
drives to the zone, calls at the drop-off gates and returns to the depot. Dwell at a
stop is ``dwell_base_s`` plus ``dwell_per_person_s`` per person boarding or getting
off. On the road the driving rules are applied as the coach goes:

- a driver drives at most ``max_continuous_day_s`` (by night ``max_continuous_night_s``)
  without a rest of ``min_break_s``; with two drivers they swap at a stop of at least
  ``min_swap_s`` instead, provided the one taking over has rested ``min_break_s``;
- a stop of ``min_break_s`` or more anywhere is a rest for the driver at the wheel;
- nobody drives during the curfew (02:00-05:00 by default): the coach waits;
- a second driver comes when the day's driving exceeds ``max_daily_driving_s`` or
  the trip one way exceeds ``max_one_way_m``.
"""

from __future__ import annotations

import datetime as dt
import itertools
from dataclasses import dataclass

from routing.geo.distance import Matrix
from routing.model import DriverRules, Place, Scenario
from routing.plan.model import Stop


@dataclass(frozen=True)
class Call:
    """A planned call at a place: who boards and who gets off there."""

    kind: str  # depot | pickup | dropoff
    place: Place
    board: tuple[str, ...] = ()
    alight: tuple[str, ...] = ()


@dataclass(frozen=True)
class Timeline:
    """A coach's scheduled stops and what the day costs in driving."""

    stops: tuple[Stop, ...]
    drivers: int
    distance_m: int
    driving_s: int
    one_way_m: int


def _in_period(t: dt.time, start: dt.time, end: dt.time) -> bool:
    if start <= end:
        return start <= t < end
    return t >= start or t < end


def _next_at(now: dt.datetime, clock: dt.time) -> dt.datetime:
    """The next moment after ``now`` at which the wall clock reads ``clock``."""
    cand = now.replace(hour=clock.hour, minute=clock.minute, second=0, microsecond=0)
    return cand if cand > now else cand + dt.timedelta(days=1)


def needs_second_driver(rules: DriverRules, driving_s: int, one_way_m: int) -> bool:
    """Whether the trip needs two drivers."""
    return driving_s > rules.max_daily_driving_s or one_way_m > rules.max_one_way_m


class _Road:
    """Drives a coach along legs, inserting rests, swaps and curfew waits."""

    def __init__(self, rules: DriverRules, drivers: int, start: dt.datetime) -> None:
        self.r = rules
        self.drivers = drivers
        self.now = start
        self.wheel = 1  # driver at the wheel
        self.spell = {1: 0, 2: 0}  # continuous driving since the driver's last rest
        self.off_since: dict[int, dt.datetime | None] = {1: None, 2: start - dt.timedelta(days=1)}
        self.total = {1: 0, 2: 0}
        self.breaks: list[tuple[dt.datetime, dt.datetime, float, str, int]] = []  # arrive, depart, fraction, note, wheel

    def limit(self) -> int:
        night = _in_period(self.now.time(), self.r.night_start, self.r.night_end)
        return self.r.max_continuous_night_s if night else self.r.max_continuous_day_s

    def stand(self, seconds: int) -> None:
        """The coach stands still: a long enough stop is a rest; two drivers may swap."""
        if seconds >= self.r.min_break_s:
            self.spell[self.wheel] = 0
        other = 2 if self.wheel == 1 else 1
        tired = self.spell[self.wheel] >= self.limit() // 2 or self.total[self.wheel] > self.total[other]
        fresh = self.total[other] < self.r.max_daily_driving_s
        if self.drivers == 2 and seconds >= self.r.min_swap_s and self._rested(other, seconds) and tired and fresh:
            self._swap()
        self.now += dt.timedelta(seconds=seconds)

    def _rested(self, driver: int, extra_s: int = 0) -> bool:
        since = self.off_since[driver]
        return since is not None and (self.now - since).total_seconds() + extra_s >= self.r.min_break_s

    def _swap(self) -> None:
        other = 2 if self.wheel == 1 else 1
        self.off_since[self.wheel] = self.now
        self.spell[other] = 0
        self.off_since[other] = None
        self.wheel = other

    def _pause(self, seconds: int, fraction: float, note: str, swap: bool = False) -> None:
        arrive = self.now
        if swap:
            self._swap()
        self.now += dt.timedelta(seconds=seconds)
        self.breaks.append((arrive, self.now, fraction, note, self.wheel))

    def drive(self, duration_s: int) -> None:
        """Drive a leg of ``duration_s``; rests go into ``self.breaks`` with the leg fraction driven."""
        done = 0
        while done < duration_s:
            if _in_period(self.now.time(), self.r.curfew_start, self.r.curfew_end):
                wait = int((_next_at(self.now, self.r.curfew_end) - self.now).total_seconds())
                self._pause(wait, done / duration_s, "curfew: coaches stand 02:00-05:00")
                self.spell = {1: 0, 2: 0}
                continue
            other = 2 if self.wheel == 1 else 1
            allowed = self.limit() - self.spell[self.wheel]
            can_swap = self.drivers == 2 and self.total[other] < self.r.max_daily_driving_s
            if can_swap:  # the other driver can take over when this one has driven the day's limit
                allowed = min(allowed, self.r.max_daily_driving_s - self.total[self.wheel])
            if allowed <= 0:
                if can_swap and self._rested(other, self.r.min_swap_s):
                    self._pause(self.r.min_swap_s, done / duration_s, "driver swap", swap=True)
                else:
                    self._pause(self.r.min_break_s, done / duration_s, f"rest {self.r.min_break_s // 60} min")
                    self.spell[self.wheel] = 0
                continue
            boundaries = [_next_at(self.now, c) for c in (self.r.curfew_start, self.r.night_start, self.r.night_end)]
            to_boundary = int(min((b - self.now).total_seconds() for b in boundaries))
            chunk = max(1, min(duration_s - done, allowed, to_boundary))
            self.now += dt.timedelta(seconds=chunk)
            self.spell[self.wheel] += chunk
            self.total[self.wheel] += chunk
            done += chunk


def _dwell(scenario: Scenario, call: Call) -> int:
    if call.kind == "depot":
        return 0
    people = len(call.board) + len(call.alight)
    return scenario.rules.dwell_base_s + scenario.rules.dwell_per_person_s * people


def _simulate(scenario: Scenario, calls: list[Call], mx: Matrix, drivers: int) -> tuple[list[Stop], int]:
    road = _Road(scenario.rules.drivers, drivers, scenario.start)
    stops: list[Stop] = []
    seq = 0
    for k, call in enumerate(calls):
        if k > 0:
            prev = calls[k - 1].place
            road.breaks = []
            road.drive(mx.s(prev.id, call.place.id))
            for arrive, depart, frac, note, wheel in road.breaks:
                lat = prev.lat + (call.place.lat - prev.lat) * frac
                lon = prev.lon + (call.place.lon - prev.lon) * frac
                stops.append(Stop(seq, "break", "", "途中停车 roadside stop", round(lat, 6), round(lon, 6), arrive, depart,
                                  note=note, driver=wheel))
                seq += 1
        arrive = road.now
        last = k == len(calls) - 1
        road.stand(_dwell(scenario, call))
        stops.append(Stop(seq, call.kind, call.place.id, call.place.name, call.place.lat, call.place.lon, arrive,
                          road.now, call.board, call.alight, driver=0 if last else road.wheel))
        seq += 1
    return stops, road.total[1] + road.total[2]


def schedule_coach(scenario: Scenario, calls: list[Call], mx: Matrix) -> Timeline:
    """Times, rests and drivers for a coach calling at ``calls`` in order (depot first and last)."""
    legs = [mx.m(a.place.id, b.place.id) for a, b in itertools.pairwise(calls)]
    last_pickup = max((i for i, c in enumerate(calls) if c.kind == "pickup"), default=0)
    last_dropoff = max((i for i, c in enumerate(calls) if c.kind == "dropoff"), default=len(calls) - 1)
    one_way = max(sum(legs[:last_pickup]), sum(legs[last_pickup:last_dropoff]))
    stops, driving = _simulate(scenario, calls, mx, 1)
    drivers = 1
    if needs_second_driver(scenario.rules.drivers, driving, one_way):
        drivers = 2
        stops, driving = _simulate(scenario, calls, mx, 2)
    return Timeline(tuple(stops), drivers, sum(legs), driving, one_way)
