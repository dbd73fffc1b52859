"""Re-check a plan against its scenario, from the plan's own data only.

Nothing here uses the optimizer's bookkeeping: capacities come again from the fleet
and rules, who is where comes from the stops' board/alight lists and the
assignments, times and drivers from the stops. Each violation is one sentence.
"""

from __future__ import annotations

import datetime as dt
import itertools
import math
from collections import Counter

import numpy as np

from routing.coach.fleet import coaches
from routing.coach.seating import observation_seats, seat_pairs
from routing.geo.distance import access_m, drive_s, great_circle_m, road_m
from routing.model import DriverRules, Place, Scenario, Worker, screening_passes
from routing.plan.model import STOP_KINDS, UNASSIGNED_REASONS, Assignment, BusPlan, Plan
from routing.roster.idcard import id_number_problem

SLACK_S = 1  # rounding tolerance on times


def _overlap_s(a: dt.datetime, b: dt.datetime, start: dt.time, end: dt.time) -> float:
    """Seconds of [a, b) that fall in the daily period start..end (which may wrap midnight)."""
    total = 0.0
    day = a.date() - dt.timedelta(days=1)
    while dt.datetime.combine(day, dt.time(0), tzinfo=a.tzinfo) < b:
        s = dt.datetime.combine(day, start, tzinfo=a.tzinfo)
        e = dt.datetime.combine(day if start < end else day + dt.timedelta(days=1), end, tzinfo=a.tzinfo)
        total += max(0.0, (min(b, e) - max(a, s)).total_seconds())
        day += dt.timedelta(days=1)
    return total


def _in_period(t: dt.datetime, start: dt.time, end: dt.time) -> bool:
    """Whether the clock time of ``t`` lies in the daily period start..end (which may wrap midnight)."""
    clock = t.timetz().replace(tzinfo=None)
    return start <= clock < end if start < end else clock >= start or clock < end


def _worst_spell(a: dt.datetime, e: dt.datetime, spell_s: float, r: DriverRules) -> tuple[float, int] | None:
    """(spell, limit) at the first moment of driving a..e when the spell exceeds the limit of that moment.

    The spell is checked minute by minute (and at ``e``), each moment against the night limit when
    the second before it is at night, else the day limit. Minutes before the spell can exceed the
    lower of the two limits are skipped.
    """
    step = 60
    length = (e - a).total_seconds()
    need = min(r.max_continuous_night_s, r.max_continuous_day_s) + SLACK_S - spell_s
    if length <= 0 or length <= need:
        return None
    secs = min(max(step, step * math.floor(need / step)), length)
    while True:
        t = a + dt.timedelta(seconds=secs)
        night = _in_period(t - dt.timedelta(seconds=1), r.night_start, r.night_end)
        limit = r.max_continuous_night_s if night else r.max_continuous_day_s
        if spell_s + secs > limit + SLACK_S:
            return spell_s + secs, limit
        if secs == length:
            return None
        secs = min(secs + step, length)


SPHERE_ERROR = 1.01  # a great circle on the mean sphere is within 0.6 % of the WGS-84 geodesic


def _surely_within_reach(scenario: Scenario, boarding: list[tuple[Worker, str]]) -> set[str]:
    """Ids of workers whose home is so close to their pickup point on a sphere that the exact check can be skipped."""
    if not boarding:
        return set()
    lat1, lon1 = np.array([[w.lat, w.lon] for w, _ in boarding]).T
    lat2, lon2 = np.array([[scenario.place(p).lat, scenario.place(p).lon] for _, p in boarding]).T
    sphere_m = great_circle_m(lat1, lon1, lat2, lon2)
    bound = sphere_m * SPHERE_ERROR * scenario.distance.access_circuity
    return {w.id for (w, _), b in zip(boarding, bound, strict=True) if b < scenario.rules.max_access_m - 1}


def _screening_violations(w: Worker, policy: str) -> list[str]:
    """What a seated worker, or a companion whose data the roster gives, lacks of what rules.screening asks."""
    out = []
    if policy in ("certificate", "both") and not w.health_cert:
        out.append(f"worker {w.id} is seated without a health certificate")
    if policy in ("code", "both") and w.health_code != "green":
        out.append(f"worker {w.id} is seated with a {w.health_code} health code")
    if policy == "either" and not w.health_cert and w.health_code != "green":
        out.append(f"worker {w.id} is seated with neither a certificate nor a green health code "
                   f"(health code {w.health_code})")
    for k in range(1, w.companions + 1):
        if k <= len(w.companion_id_numbers) and (why := id_number_problem(w.companion_id_numbers[k - 1])):
            out.append(f"companion {w.id}/{k} is seated but the id_number {why}")
        cert = w.companion_health_certs[k - 1] if k <= len(w.companion_health_certs) else None
        code = w.companion_health_codes[k - 1] if k <= len(w.companion_health_codes) else None
        if not screening_passes(policy, cert, code):
            out.append(f"companion {w.id}/{k} is seated without what rules.screening {policy!r} asks "
                       f"(certificate: {cert}, health code: {code})")
    return out


def _check_people(plan: Plan, scenario: Scenario) -> list[str]:
    out: list[str] = []
    roster = {w.id: w for w in scenario.workers}
    seated = Counter(a.worker_id for a in plan.assignments)
    listed = Counter(u.worker_id for u in plan.unassigned)
    for pid, n in sorted((seated + listed).items()):
        if n > 1:
            out.append(f"passenger {pid} appears {n} times (seats and unassigned together)")
    lead_of = {a.worker_id: a for a in plan.assignments}
    pickups = {p.id: p for p in scenario.pickup_points}
    near = _surely_within_reach(scenario, [(roster[a.worker_id], a.pickup_point_id) for a in plan.assignments
                                           if a.companion_of is None and a.worker_id in roster
                                           and a.pickup_point_id in pickups])
    party_of: dict[str, dict[str, Assignment]] = {}
    for a in plan.assignments:
        if a.companion_of is not None:
            party_of.setdefault(a.companion_of, {})[a.worker_id] = a
    for wid, w in roster.items():
        if seated[wid] + listed[wid] == 0:
            out.append(f"worker {wid} is neither on a seat nor unassigned")
        expected = {f"{wid}/{k}" for k in range(1, w.companions + 1)}
        if seated[wid]:
            mine = party_of.get(wid, {})
            if set(mine) != expected:
                out.append(f"worker {wid} has companions {sorted(mine)} on seats, expected {sorted(expected)}")
            lead = lead_of[wid]
            for c in mine.values():
                if c.bus_id != lead.bus_id or c.pickup_point_id != lead.pickup_point_id:
                    out.append(f"companion {c.worker_id} rides {c.bus_id} from {c.pickup_point_id}, "
                               f"apart from worker {wid} ({lead.bus_id} from {lead.pickup_point_id})")
            if (why := id_number_problem(w.id_number)) is not None:
                out.append(f"worker {wid} is seated but the id_number {why}")
            out += _screening_violations(w, scenario.rules.screening)
            pickup = pickups.get(lead.pickup_point_id)
            if pickup is None:
                out.append(f"worker {wid} boards at {lead.pickup_point_id}, which is not a pickup point of the scenario")
                continue
            d = 0 if wid in near else access_m(scenario.distance, w.lat, w.lon, pickup)
            if d > scenario.rules.max_access_m:
                out.append(f"worker {wid} boards at {pickup.id}, {d / 1000:.1f} km from home, beyond "
                           f"{scenario.rules.max_access_m / 1000:g} km")
            gate = scenario.employer(w.employer_id).dropoff_id
            if lead.dropoff_place_id != gate:
                out.append(f"worker {wid} gets off at {lead.dropoff_place_id}, but their employer's gate is {gate}")
    coach_ids = {b.id for b in plan.buses}
    for a in plan.assignments:
        base = a.companion_of or a.worker_id
        if base not in roster:
            out.append(f"passenger {a.worker_id} on {a.bus_id} is not in workers.csv")
        elif a.companion_of and not seated[a.companion_of]:
            out.append(f"companion {a.worker_id} has a seat but worker {a.companion_of} does not")
        if a.bus_id not in coach_ids:
            out.append(f"passenger {a.worker_id} has a seat on {a.bus_id}, which is not a coach of the plan")
    rejected = {r.id: r for r in scenario.rejected}
    listed_ids = {u.worker_id: u for u in plan.unassigned}
    for rid in rejected:
        if rid not in listed_ids or listed_ids[rid].reason != "invalid_record":
            out.append(f"roster record {rid} could not be used, but is not unassigned as invalid_record")
    for u in plan.unassigned:
        if u.worker_id not in roster and u.worker_id not in rejected:
            out.append(f"unassigned {u.worker_id} is not in the roster")
        if u.reason not in UNASSIGNED_REASONS:
            out.append(f"unassigned {u.worker_id} has unknown reason {u.reason!r}")
    return out


def _check_stops(plan: Plan, scenario: Scenario, bus: BusPlan) -> list[str]:
    out: list[str] = []
    rules = scenario.rules
    b = bus.id
    stops = bus.stops
    end_kind = "dropoff" if rules.duty_end == "zone" else "depot"  # zone: the duty ends at the last gate
    if not stops or stops[0].kind != "depot" or stops[-1].kind != end_kind:
        return [f"{b}: the trip must start at a depot and end at a {'gate' if end_kind == 'dropoff' else 'depot'}"]
    if stops[0].place_id != bus.depot or (end_kind == "depot" and stops[-1].place_id != bus.depot):
        out.append(f"{b}: starts at {stops[0].place_id} and ends at {stops[-1].place_id}, not at its depot {bus.depot}")
    out += [f"{b} stop {s.seq}: is numbered {s.seq} at position {i}" for i, s in enumerate(stops) if s.seq != i]
    for s in stops:
        if s.kind not in STOP_KINDS:
            out.append(f"{b} stop {s.seq}: unknown kind {s.kind!r}")
        if s.depart < s.arrive:
            out.append(f"{b} stop {s.seq}: departs {s.depart:%H:%M:%S} before it arrives {s.arrive:%H:%M:%S}")
        people = len(s.board) + len(s.alight)
        need = rules.dwell_base_s + rules.dwell_per_person_s * people if s.kind in ("pickup", "dropoff") else 0
        if (s.depart - s.arrive).total_seconds() + SLACK_S < need:
            out.append(f"{b} stop {s.seq}: stands {(s.depart - s.arrive).total_seconds():.0f} s, "
                       f"less than the {need} s needed for {people} people")
    for s, t in itertools.pairwise(stops):
        if t.arrive < s.depart:
            out.append(f"{b} stop {t.seq}: arrives before stop {s.seq} departs (time goes backwards)")
    if stops[0].depart < scenario.start:
        out.append(f"{b}: leaves at {stops[0].depart:%H:%M}, before the start {scenario.start:%H:%M}")
    drops = [s for s in stops if s.kind == "dropoff"]
    if drops and drops[-1].arrive > scenario.deadline:
        out.append(f"{b}: reaches its last gate at {drops[-1].arrive:%Y-%m-%d %H:%M}, after the deadline")
    kinds = [s.kind for s in stops if s.kind != "break"]
    last_pickup = max((i for i, k in enumerate(kinds) if k == "pickup"), default=-1)
    if any(k == "pickup" for k in kinds[last_pickup + 1 :]) or any(k == "dropoff" for k in kinds[:last_pickup]):
        out.append(f"{b}: gets people off before its last pickup (not a closed loop)")
    pickups = [s for s in stops if s.kind == "pickup"]
    if len(pickups) > rules.max_pickup_stops:
        out.append(f"{b}: calls at {len(pickups)} pickup stops, more than {rules.max_pickup_stops}")
    counties = {scenario.place(s.place_id).region for s in pickups}
    if not rules.cross_county and len(counties) > 1:
        out.append(f"{b}: picks up in {len(counties)} counties {sorted(counties)} but cross_county is false")
    # load along the way and who boards where
    seats = {a.worker_id: a for a in plan.assignments_of(b)}
    on: set[str] = set()
    boarded: set[str] = set()
    for s in stops:
        for pid in s.board:
            a = seats.get(pid)
            if a is None:
                out.append(f"{b} stop {s.seq}: {pid} boards but has no seat on this coach")
            elif s.place_id != a.pickup_point_id:
                out.append(f"{b} stop {s.seq}: {pid} boards at {s.place_id}, assigned to {a.pickup_point_id}")
            if pid in boarded:
                out.append(f"{b} stop {s.seq}: {pid} boards twice")
            boarded.add(pid)
            on.add(pid)
        for pid in s.alight:
            seat = seats.get(pid)
            if pid not in on:
                out.append(f"{b} stop {s.seq}: {pid} gets off without being on board")
            elif seat is not None and s.place_id != seat.dropoff_place_id:
                out.append(f"{b} stop {s.seq}: {pid} gets off at {s.place_id}, not at {seat.dropoff_place_id}")
            on.discard(pid)
        if s.kind in ("break", "depot") and (s.board or s.alight):
            out.append(f"{b} stop {s.seq}: people board or get off at a {s.kind} stop")
        if len(on) > bus.capacity:
            out.append(f"{b} stop {s.seq}: {len(on)} on board, more than the capacity {bus.capacity}")
    if on:
        out.append(f"{b}: {sorted(on)} never get off")
    for pid in sorted(set(seats) - boarded):
        out.append(f"{b}: {pid} has a seat but never boards")
    return out


def _check_seats(plan: Plan, scenario: Scenario, bus: BusPlan) -> list[str]:
    out: list[str] = []
    bt = next((t for t in scenario.fleet if t.id == bus.type), None)
    if bt is None:
        return [f"{bus.id}: bus type {bus.type!r} is not in the fleet"]
    cap = min(math.floor(bt.seats * scenario.rules.load_factor + 1e-9),
              bt.seats - len(observation_seats(bt.seats, bt.seats_per_row, scenario.rules.observation_rows)))
    if bus.capacity != cap or bus.seats != bt.seats:
        out.append(f"{bus.id}: states {bus.seats} seats / capacity {bus.capacity}, the fleet gives {bt.seats} / {cap}")
    mine = plan.assignments_of(bus.id)
    if len(mine) > cap:
        out.append(f"{bus.id}: {len(mine)} passengers, more than the capacity {cap}")
    taken = Counter(a.seat for a in mine)
    for seat, n in taken.items():
        if n > 1:
            out.append(f"{bus.id}: seat {seat} is given {n} times")
    closed = observation_seats(bt.seats, bt.seats_per_row, scenario.rules.observation_rows)
    for a in mine:
        if not 1 <= a.seat <= bt.seats:
            out.append(f"{bus.id}: {a.worker_id} has seat {a.seat}, outside 1..{bt.seats}")
        elif a.seat in closed:
            out.append(f"{bus.id}: {a.worker_id} sits in seat {a.seat}, in the observation rows")
    pairs = seat_pairs(bt.seats, bt.seats_per_row, scenario.rules.observation_rows)
    if len(mine) <= len(pairs):
        party = {a.seat: a.companion_of or a.worker_id for a in mine}
        for pair in pairs:
            owners = {party[s] for s in pair if s in party}
            if len(owners) > 1:
                out.append(f"{bus.id}: seats {pair} hold people of different parties while pairs are free")
    return out


def _check_driving(scenario: Scenario, bus: BusPlan) -> list[str]:
    out: list[str] = []
    r = scenario.rules.drivers
    spell: dict[int, float] = {}
    total: dict[int, float] = {}
    last_end: dict[int, dt.datetime] = {}
    stops = bus.stops
    for i, (s, t) in enumerate(itertools.pairwise(stops)):
        d = s.driver
        if d not in (1, 2) or d > bus.drivers:
            out.append(f"{bus.id} stop {s.seq}: driver {d} leaves the stop, the coach has {bus.drivers}")
            continue
        a, e = s.depart, t.arrive
        secs = (e - a).total_seconds()
        if d in last_end and (a - last_end[d]).total_seconds() >= r.min_break_s:
            spell[d] = 0
        start_spell = spell.get(d, 0)
        spell[d] = start_spell + secs
        total[d] = total.get(d, 0) + secs
        last_end[d] = e
        worst = _worst_spell(a, e, start_spell, r)
        if worst:
            out.append(f"{bus.id}: driver {d} drives {worst[0] / 3600:.2f} h without a rest by stop {t.seq} "
                       f"(limit {worst[1] / 3600:g} h)")
        if _overlap_s(a, e, r.curfew_start, r.curfew_end) > 0:
            out.append(f"{bus.id}: drives between stops {s.seq} and {t.seq} during the curfew")
        swapped = i > 0 and s.driver != stops[i - 1].driver
        if swapped and (s.depart - s.arrive).total_seconds() + SLACK_S < r.min_swap_s:
            out.append(f"{bus.id} stop {s.seq}: drivers swap in less than {r.min_swap_s // 60} min")
    for d, secs in total.items():
        if secs > r.max_daily_driving_s + SLACK_S:
            out.append(f"{bus.id}: driver {d} drives {secs / 3600:.2f} h in the day (limit {r.max_daily_driving_s / 3600:g} h)")
    driving = sum(total.values())
    if abs(driving / 60 - bus.driving_minutes) > 1:
        out.append(f"{bus.id}: states {bus.driving_minutes} min of driving, the stops give {driving / 60:.0f}")
    return out


def _check_speed(scenario: Scenario, bus: BusPlan) -> list[str]:
    """Driving between two calls takes at least the modelled driving time (less 1 %)."""
    out: list[str] = []
    calls = [i for i, s in enumerate(bus.stops) if s.kind != "break"]
    for i, j in itertools.pairwise(calls):
        a, b = bus.stops[i], bus.stops[j]
        driving = sum((t.arrive - s.depart).total_seconds() for s, t in zip(bus.stops[i:j], bus.stops[i + 1 : j + 1]))
        need = drive_s(scenario.distance, road_m(scenario.distance, scenario.place(a.place_id), scenario.place(b.place_id)))
        if driving < need * 0.99 - 60:
            out.append(f"{bus.id} stop {b.seq}: drives from {a.place_id} to {b.place_id} in {driving / 60:.0f} min, "
                       f"the distance model needs {need / 60:.0f} min")
    return out


def _one_way_m(scenario: Scenario, bus: BusPlan) -> int:
    calls = [scenario.place(s.place_id) for s in bus.stops if s.kind != "break"]
    kinds = [s.kind for s in bus.stops if s.kind != "break"]
    legs = [road_m(scenario.distance, p, q) for p, q in itertools.pairwise(calls)]
    last_pickup = max((i for i, k in enumerate(kinds) if k == "pickup"), default=0)
    last_drop = max((i for i, k in enumerate(kinds) if k == "dropoff"), default=len(kinds) - 1)
    return max(sum(legs[:last_pickup]), sum(legs[last_pickup:last_drop]))


def check_plan(plan: Plan, scenario: Scenario) -> list[str]:
    """Every rule the plan breaks, as sentences; an empty list means the plan is valid."""
    out = _check_people(plan, scenario)
    counts = Counter(b.type for b in plan.buses)
    for bt in scenario.fleet:
        if counts[bt.id] > bt.count:
            out.append(f"plan uses {counts[bt.id]} coaches of type {bt.id}, only {bt.count} are chartered")
    ids = Counter(b.id for b in plan.buses)
    out += [f"coach id {i} appears {n} times" for i, n in ids.items() if n > 1]
    chartered = {c.id for c in coaches(scenario)}
    out += [f"coach {b.id!r} is not a coach the scenario charters" for b in plan.buses if b.id not in chartered]
    places: dict[str, Place] = {p.id: p for p in (*scenario.depots, *scenario.dropoffs, *scenario.pickup_points)}
    for bus in plan.buses:
        unknown = [s.place_id for s in bus.stops if s.kind != "break" and s.place_id not in places]
        if unknown:
            out.append(f"{bus.id}: stops at unknown places {unknown}")
            continue
        out += _check_stops(plan, scenario, bus)
        out += _check_seats(plan, scenario, bus)
        out += _check_driving(scenario, bus)
        out += _check_speed(scenario, bus)
        if bus.drivers not in (1, 2):
            out.append(f"{bus.id}: has {bus.drivers} drivers, expected 1 or 2")
        driving_s = bus.driving_minutes * 60
        r = scenario.rules.drivers
        if bus.drivers < 2 and (driving_s > r.max_daily_driving_s or _one_way_m(scenario, bus) > r.max_one_way_m):
            out.append(f"{bus.id}: needs a second driver ({bus.driving_minutes} min driving)")
    s = plan.summary
    seated_workers = sum(1 for a in plan.assignments if a.companion_of is None)
    expect = {
        "workers_total": len(scenario.workers) + len(scenario.rejected), "workers_assigned": seated_workers,
        "workers_unassigned": len(plan.unassigned), "passengers": len(plan.assignments),
        "buses_used": len(plan.buses),
    }
    for key, value in expect.items():
        if getattr(s, key) != value:
            out.append(f"summary.{key} is {getattr(s, key)}, the plan holds {value}")
    return out
