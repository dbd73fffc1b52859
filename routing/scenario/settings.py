"""The keys of scenario.yaml and their values: the batch itself, depots and drop-offs, the fleet, the rules
and the distance model (scenarios/README.md describes every key).

Every mapping takes only its own keys; an unknown one is a problem that suggests the key it
resembles. Every value is checked by type and range (``routing.scenario.values``).
"""

from __future__ import annotations

import datetime as dt
import difflib
import itertools
import re
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from routing.geo.calibration import calibrated_circuity
from routing.geo.coords import gcj02_to_wgs84
from routing.model import SCREENINGS, BusType, DistanceSettings, DriverRules, Place, Rules
from routing.scenario import values as v
from routing.scenario.limits import (
    MAX_COACHES,
    MAX_COUNT,
    MAX_DEPOTS,
    MAX_DROPOFFS,
    MAX_FLEET_TYPES,
    MAX_HORIZON_H,
    MAX_NAME_CHARS,
    MAX_NOTE_CHARS,
    MAX_SCREENING_PERIODS,
    MAX_SEATS,
    MAX_SEATS_PER_ROW,
    MAX_SEED,
)
from routing.scenario.values import Problems, at

Y = "scenario.yaml"
TOP_KEYS = ("name", "date", "timezone", "seed", "coord_system", "start", "deadline", "depots", "dropoffs", "fleet",
            "rules", "distance", "workers", "geocoder")
REQUIRED = ("name", "date", "start", "deadline", "depots", "dropoffs", "fleet")
PLACE_KEYS = ("id", "name", "lat", "lon", "region", "approximate", "note")
FLEET_KEYS = ("id", "name", "seats", "count", "cost_per_km", "fixed_cost", "depot", "seats_per_row", "plates")
FLEET_REQUIRED = ("id", "seats", "count", "cost_per_km", "fixed_cost", "depot")
RULES_KEYS = ("load_factor", "observation_rows", "max_access_km", "dwell", "max_pickup_stops", "cross_county",
              "pickup_choice", "drivers", "duty_end", "screening")
SCREENING_KEYS = ("from", "to", "require")
DWELL_KEYS = ("base_min", "per_person_s")
DRIVER_KEYS = ("max_continuous_day_h", "max_continuous_night_h", "min_break_min", "min_swap_min", "max_daily_h",
               "max_one_way_km", "night", "curfew", "second_driver_cost")
DISTANCE_KEYS = ("circuity", "calibrated", "access_circuity", "speed_kph")
SPEED_KEYS = ("expressway", "local", "local_below_km")
COORD_SYSTEMS = ("WGS84", "GCJ02")
PICKUP_CHOICES = ("optimized", "nearest")
DUTY_ENDS = ("depot", "zone")
_PREFIX = re.compile(r"[1-9]\d(\d\d){0,2}")  # a province, prefecture or county adcode


@dataclass(frozen=True)
class Batch:
    """The top-level values of scenario.yaml (None where a value is unusable; the problem is recorded)."""

    name: str | None
    date: dt.date
    timezone: str
    start: dt.datetime | None
    deadline: dt.datetime | None
    seed: int
    coord_system: str


def batch(doc: dict[str, Any], problems: Problems) -> Batch:
    """Name, day, time zone, times, seed and coordinate system; unknown top-level keys are problems."""
    suggested = v.unknown_keys(doc, TOP_KEYS, Y, problems)
    for key in REQUIRED:
        if key not in doc and key not in suggested:
            problems.add(Y, f"missing key {key!r}")
    name = v.text(doc["name"], MAX_NAME_CHARS, at(Y, "name"), problems) if "name" in doc else None
    raw_cs = doc.get("coord_system", "WGS84")
    coord_system = raw_cs.strip().upper().replace("-", "") if isinstance(raw_cs, str) else ""
    if coord_system not in COORD_SYSTEMS:
        problems.add(at(Y, "coord_system"), f"{v.shown(raw_cs)} is not one of WGS84, GCJ02")
        coord_system = "WGS84"
    tzname = doc.get("timezone", "Asia/Shanghai")
    tz: dt.tzinfo = ZoneInfo("Asia/Shanghai")
    if not isinstance(tzname, str):
        problems.add(at(Y, "timezone"), f"{v.shown(tzname)} is not text; write it in quotes")
        tzname = "Asia/Shanghai"
    else:
        try:
            tz = ZoneInfo(tzname)
        except (ZoneInfoNotFoundError, ValueError, OSError):
            problems.add(at(Y, "timezone"), f"{v.shown(tzname)} is not a known time zone, e.g. Asia/Shanghai")
            tzname = "Asia/Shanghai"
    day = v.date(doc["date"], at(Y, "date"), problems) if "date" in doc else None
    on = day or dt.date(2000, 1, 1)
    start = v.clock(doc["start"], on, tz, at(Y, "start"), problems) if "start" in doc else None
    deadline = v.clock(doc["deadline"], on, tz, at(Y, "deadline"), problems) if "deadline" in doc else None
    if start and deadline and deadline <= start:
        problems.add(at(Y, "deadline"), f"{deadline:%Y-%m-%d %H:%M} is not after start {start:%H:%M}")
    elif start and deadline and deadline - start > dt.timedelta(hours=MAX_HORIZON_H):
        problems.add(at(Y, "deadline"), f"{deadline:%Y-%m-%d %H:%M} is more than {MAX_HORIZON_H} hours after start "
                                        f"{start:%Y-%m-%d %H:%M}")
    seed = v.whole(doc.get("seed", 0), 0, MAX_SEED, at(Y, "seed"), problems)
    return Batch(name, on, tzname, start, deadline, 0 if seed is None else seed, coord_system)


def places(doc: dict[str, Any], key: str, gcj: bool, problems: Problems) -> list[tuple[Place, str]]:
    """The depots or drop-offs (``key``), each with where it is written; items with a problem are left out."""
    most = MAX_DEPOTS if key == "depots" else MAX_DROPOFFS
    out = []
    listed = v.items(doc.get(key), most, at(Y, key), problems)
    for i, item in enumerate(listed, 1):
        where = f"{Y} {key} item {i}"
        if not isinstance(item, dict):
            problems.add(where, f"must be a mapping with id, name, lat, lon, not {v.shown(item)}")
            continue
        suggested = v.unknown_keys(item, PLACE_KEYS, where, problems)
        missing = [k for k in ("id", "name", "lat", "lon") if k not in item]
        if missing:
            if set(missing) - suggested:
                problems.add(where, f"missing {', '.join(k for k in missing if k not in suggested)}")
            continue
        pid = v.ident(item["id"], at(where, "id"), problems)
        name = v.text(item["name"], MAX_NAME_CHARS, at(where, "name"), problems)
        ll = v.latlon(item["lat"], item["lon"], where, problems)
        region = v.adcode(item.get("region"), at(where, "region"), problems, required=False)
        approximate = v.flag(item.get("approximate", False), at(where, "approximate"), problems)
        note = v.text(item.get("note"), MAX_NOTE_CHARS, at(where, "note"), problems, required=False, lines=True)
        if pid is None or name is None or ll is None or region is None or note is None:
            continue
        lat, lon = gcj02_to_wgs84(*ll) if gcj else ll
        out.append((Place(pid, name, lat, lon, region, approximate, note), where))
    if key in doc and (listed or not doc[key]) and not out:
        problems.add(at(Y, key), "no usable depot" if key == "depots" else "no usable drop-off")
    return out


def written_ids(doc: dict[str, Any], key: str) -> set[str] | None:
    """The ids written in the list ``key`` (usable places or not), so that a reference to a bad place is not a
    second problem; None when ``key`` is no list at all (references to it cannot be checked)."""
    listed = doc.get(key)
    if not isinstance(listed, list):
        return None
    return {str(it["id"]) for it in listed if isinstance(it, dict) and "id" in it}


def fleet(doc: dict[str, Any], depot_ids: set[str] | None, problems: Problems) -> tuple[BusType, ...]:
    """The coach types; ids and plates unique, at most ``MAX_COUNT`` coaches a type and ``MAX_COACHES`` in all.

    ``depot_ids`` are those written in ``depots`` (``written_ids``; None: not checked)."""
    listed = v.items(doc.get("fleet"), MAX_FLEET_TYPES, at(Y, "fleet"), problems)
    if "fleet" in doc and not doc["fleet"]:
        problems.add(at(Y, "fleet"), "must list at least one bus type")
    out: list[BusType] = []
    ids: dict[str, tuple[str, str]] = {}  # type id in lower case -> (the id, where it is)
    plates: dict[str, str] = {}
    for i, item in enumerate(listed, 1):
        where = f"{Y} fleet item {i}"
        if not isinstance(item, dict):
            problems.add(where, f"must be a mapping, not {v.shown(item)}")
            continue
        suggested = v.unknown_keys(item, FLEET_KEYS, where, problems)
        missing = [k for k in FLEET_REQUIRED if k not in item]
        if missing:
            if set(missing) - suggested:
                problems.add(where, f"missing {', '.join(k for k in missing if k not in suggested)}")
            continue
        tid = v.ident(item["id"], at(where, "id"), problems)
        if tid is not None and tid.lower() in ids:
            same, first = ids[tid.lower()]
            problems.add(at(where, "id"), f"{tid!r} is also the id of {first}" if same == tid else
                         f"{tid!r} differs from {same!r} of {first} only in letter case (the coaches' files "
                         "would have the same name on Windows and macOS)")
            tid = None
        elif tid is not None:
            ids[tid.lower()] = (tid, f"fleet item {i}")
        name = v.text(item.get("name", tid or "-"), MAX_NAME_CHARS, at(where, "name"), problems)
        seats = v.whole(item["seats"], 1, MAX_SEATS, at(where, "seats"), problems)
        count = v.whole(item["count"], 0, MAX_COUNT, at(where, "count"), problems)
        per_row = v.whole(item.get("seats_per_row", 4), 1, MAX_SEATS_PER_ROW, at(where, "seats_per_row"), problems)
        cost_per_km = v.number(item["cost_per_km"], 0, 10_000, at(where, "cost_per_km"), problems)
        fixed_cost = v.number(item["fixed_cost"], 0, 1_000_000, at(where, "fixed_cost"), problems)
        depot = item["depot"]
        if not isinstance(depot, str) or (depot_ids is not None and depot not in depot_ids):
            problems.add(where, f"depot {v.shown(depot)} is not one of the depots")
        own = _plates(item.get("plates"), count, at(where, "plates"), plates, problems)
        if (tid is None or name is None or seats is None or count is None or per_row is None or cost_per_km is None
                or fixed_cost is None or own is None):
            continue
        out.append(BusType(id=tid, name=name, seats=seats, count=count, cost_per_km=cost_per_km, fixed_cost=fixed_cost,
                           depot_id=str(depot), seats_per_row=per_row, plates=own))
    total = sum(b.count for b in out)
    if total > MAX_COACHES:
        problems.add(at(Y, "fleet"), f"charters {total:,} coaches in all, at most {MAX_COACHES:,} are allowed")
    return tuple(out)


def _plates(value: Any, count: int | None, where: str, seen: dict[str, str],
            problems: Problems) -> tuple[str, ...] | None:
    """A coach type's plates (one plate or a list), each unique across the fleet, no more than its coaches."""
    if value is None:
        return ()
    listed = [value] if isinstance(value, str) else value
    if not isinstance(listed, list):
        problems.add(where, f"must be a list of number plates, not {v.shown(value)}")
        return None
    ok = True
    for k, item in enumerate(listed, 1):
        here = f"{where} item {k}" if not isinstance(value, str) else where
        p = v.plate(item, here, problems)
        if p is None:
            ok = False
        elif p in seen:
            problems.add(here, f"{p!r} is also the plate of {seen[p].removeprefix(Y + ' ')}")
            ok = False
        else:
            seen[p] = here
    if count is not None and len(listed) > count:
        problems.add(where, f"lists {len(listed)} plates for {count} coaches")
        ok = False
    return tuple(listed) if ok else None


def _get(section: dict[str, Any], key: str, default: float, lo: float, hi: float, where: str,
         problems: Problems) -> float:
    if key not in section:
        return default
    x = v.number(section[key], lo, hi, at(where, key), problems)
    return default if x is None else x


def _count(section: dict[str, Any], key: str, default: int, lo: int, hi: int, where: str, problems: Problems) -> int:
    if key not in section:
        return default
    x = v.whole(section[key], lo, hi, at(where, key), problems)
    return default if x is None else x


def rules(doc: dict[str, Any], problems: Problems) -> Rules:
    """The ``rules`` section; every key left out keeps the default of ``routing.model.Rules``."""
    w = at(Y, "rules")
    r = v.mapping(doc.get("rules"), RULES_KEYS, w, problems)
    dwell = v.mapping(r.get("dwell"), DWELL_KEYS, at(w, "dwell"), problems)
    wd = at(w, "drivers")
    drv = v.mapping(r.get("drivers"), DRIVER_KEYS, wd, problems)
    d0, r0 = DriverRules(), Rules()
    night = v.period(drv.get("night"), (d0.night_start, d0.night_end), at(wd, "night"), problems)
    curfew = v.period(drv.get("curfew"), (d0.curfew_start, d0.curfew_end), at(wd, "curfew"), problems)
    drivers = DriverRules(
        max_continuous_day_s=round(_get(drv, "max_continuous_day_h", 4, 0.5, 24, wd, problems) * 3600),
        max_continuous_night_s=round(_get(drv, "max_continuous_night_h", 2, 0.5, 24, wd, problems) * 3600),
        min_break_s=round(_get(drv, "min_break_min", 20, 1, 600, wd, problems) * 60),
        min_swap_s=round(_get(drv, "min_swap_min", 5, 1, 600, wd, problems) * 60),
        max_daily_driving_s=round(_get(drv, "max_daily_h", 8, 1, 24, wd, problems) * 3600),
        max_one_way_m=round(_get(drv, "max_one_way_km", 400, 1, 5000, wd, problems) * 1000),
        night_start=night[0], night_end=night[1], curfew_start=curfew[0], curfew_end=curfew[1],
        second_driver_cost=_get(drv, "second_driver_cost", d0.second_driver_cost, 0, 1_000_000, wd, problems),
    )
    cross_county = v.flag(r["cross_county"], at(w, "cross_county"), problems) if "cross_county" in r else True
    choice = v.choice(r["pickup_choice"], PICKUP_CHOICES, at(w, "pickup_choice"), problems) if "pickup_choice" in r \
        else None
    duty_end = v.choice(r["duty_end"], DUTY_ENDS, at(w, "duty_end"), problems) if "duty_end" in r else None
    return Rules(
        load_factor=_get(r, "load_factor", r0.load_factor, 0.01, 1.0, w, problems),
        observation_rows=_count(r, "observation_rows", r0.observation_rows, 0, 10, w, problems),
        max_access_m=round(_get(r, "max_access_km", 30, 0, 1000, w, problems) * 1000),
        dwell_base_s=round(_get(dwell, "base_min", 5, 0, 240, at(w, "dwell"), problems) * 60),
        dwell_per_person_s=round(_get(dwell, "per_person_s", 30, 0, 3600, at(w, "dwell"), problems)),
        max_pickup_stops=_count(r, "max_pickup_stops", r0.max_pickup_stops, 1, 100, w, problems),
        cross_county=cross_county,
        pickup_choice=choice or r0.pickup_choice,
        drivers=drivers,
        duty_end=duty_end or r0.duty_end,
        screening=screening(r.get("screening"), _day(doc), at(w, "screening"), problems) or r0.screening,
    )


def _day(doc: dict[str, Any]) -> dt.date | None:
    """The scenario's date when it is one (``batch`` reports it when it is not)."""
    return v.date(doc["date"], "", Problems()) if "date" in doc else None


def screening(value: Any, day: dt.date | None, where: str, problems: Problems) -> str | None:
    """The screening policy of ``day``: ``rules.screening`` is one of ``SCREENINGS``, or a list of
    ``{from: YYYY-MM-DD, to: YYYY-MM-DD, require: policy}`` (either end may be left open), of which exactly one
    covers the scenario's date; None when absent or unusable (the problem is recorded)."""
    if value is None:
        return None
    if not isinstance(value, list):
        if isinstance(value, str):
            return v.choice(value, SCREENINGS, where, problems)
        problems.add(where, f"{v.shown(value)} is neither one of {', '.join(SCREENINGS)} nor a list of "
                            "{from: YYYY-MM-DD, to: YYYY-MM-DD, require: policy}")
        return None
    if not value:
        problems.add(where, "lists no period; give a policy, or at least one {from, to, require}")
        return None
    periods: list[tuple[dt.date, dt.date, str, int]] = []
    ok = True
    listed = v.items(value, MAX_SCREENING_PERIODS, where, problems)
    if not listed:  # too many: said
        return None
    for i, item in enumerate(listed, 1):
        here = f"{where} item {i}"
        if not isinstance(item, dict):
            problems.add(here, f"must be a mapping {{from: YYYY-MM-DD, to: YYYY-MM-DD, require: policy}}, not "
                               f"{v.shown(item)}")
            ok = False
            continue
        suggested = v.unknown_keys(item, SCREENING_KEYS, here, problems)
        if "require" not in item:
            if "require" not in suggested:
                problems.add(here, f"missing require (one of {', '.join(SCREENINGS)})")
            ok = False
            continue
        require = v.choice(item["require"], SCREENINGS, at(here, "require"), problems)
        start = v.date(item["from"], at(here, "from"), problems) if "from" in item else dt.date.min
        end = v.date(item["to"], at(here, "to"), problems) if "to" in item else dt.date.max
        if require is None or start is None or end is None or suggested:
            ok = False
            continue
        if end < start:
            problems.add(at(here, "to"), f"{end} is before from {start}")
            ok = False
            continue
        periods.append((start, end, require, i))
    if not ok:
        return None
    periods.sort()
    for (_, end, _, i), (start, _, _, k) in itertools.pairwise(periods):
        if start <= end:
            problems.add(f"{where} item {k}", f"overlaps item {i}: a day may have only one policy")
            ok = False
    if not ok or day is None:
        return None
    found = [require for start, end, require, _ in periods if start <= day <= end]
    if not found:
        problems.add(where, f"no item covers the scenario's date {day}; add one (an item without from or to is "
                            "open on that side)")
        return None
    return found[0]


def distance(doc: dict[str, Any], problems: Problems) -> DistanceSettings:
    """The ``distance`` section; circuity keys are ``default`` or a 2-, 4- or 6-digit adcode prefix."""
    w = at(Y, "distance")
    d = v.mapping(doc.get("distance"), DISTANCE_KEYS, w, problems)
    wc = at(w, "circuity")
    circ = v.mapping(d.get("circuity"), None, wc, problems)
    by_region = []
    for key, value in circ.items():
        if key == "default":
            continue
        if not isinstance(key, str) or not _PREFIX.fullmatch(key):
            hint = "; write it in quotes" if isinstance(key, int) and not isinstance(key, bool) else \
                " (did you mean 'default'?)" if difflib.get_close_matches(str(key), ["default"]) else ""
            problems.add(wc, f"key {v.shown(key)} is neither 'default' nor a 2-, 4- or 6-digit adcode prefix{hint}")
            continue
        x = v.number(value, 1.0, 5.0, at(wc, key), problems)
        if x is not None:
            by_region.append((key, x))
    speed = v.mapping(d.get("speed_kph"), SPEED_KEYS, at(w, "speed_kph"), problems)
    own = tuple(sorted(by_region, key=lambda kv: (-len(kv[0]), kv[0])))
    calibrated = v.flag(d["calibrated"], at(w, "calibrated"), problems) if "calibrated" in d else True
    return DistanceSettings(
        circuity_default=_get(circ, "default", 1.25, 1.0, 5.0, wc, problems),
        circuity_by_region=own + (calibrated_circuity() if calibrated else ()),
        access_circuity=_get(d, "access_circuity", 1.4, 1.0, 5.0, w, problems),
        expressway_kph=_get(speed, "expressway", 80, 5, 200, at(w, "speed_kph"), problems),
        local_kph=_get(speed, "local", 50, 5, 200, at(w, "speed_kph"), problems),
        local_below_m=round(_get(speed, "local_below_km", 60, 0, 10000, at(w, "speed_kph"), problems) * 1000),
    )

