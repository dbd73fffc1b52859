"""plan.json: turn a Plan into the contract's JSON and back."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

from routing.errors import PlanFileError
from routing.plan.model import (
    SCHEMA,
    Assignment,
    BusPlan,
    EmployerRef,
    HomeArea,
    PickupUse,
    PlaceRef,
    Plan,
    ScenarioInfo,
    Stop,
    Summary,
    Unassigned,
)


def _stop_to_dict(s: Stop) -> dict[str, Any]:
    return {
        "seq": s.seq,
        "kind": s.kind,
        "place_id": s.place_id,
        "name": s.name,
        "lat": s.lat,
        "lon": s.lon,
        "arrive": s.arrive.isoformat(),
        "depart": s.depart.isoformat(),
        "board": list(s.board),
        "alight": list(s.alight),
        "note": s.note,
        "driver": s.driver,
    }


def plan_to_dict(plan: Plan) -> dict[str, Any]:
    """Return the plan as plain JSON-ready data, keys in contract order."""
    sc, sm = plan.scenario, plan.summary
    return {
        "schema": plan.schema,
        "scenario": {
            "name": sc.name,
            "date": sc.date.isoformat(),
            "seed": sc.seed,
            "load_factor": sc.load_factor,
            "max_access_km": sc.max_access_km,
            "timezone": sc.timezone,
            "observation_rows": sc.observation_rows,
            "folder": sc.folder,
        },
        "summary": {
            "workers_total": sm.workers_total,
            "workers_assigned": sm.workers_assigned,
            "workers_unassigned": sm.workers_unassigned,
            "passengers": sm.passengers,
            "buses_used": sm.buses_used,
            "total_km": sm.total_km,
            "total_cost": sm.total_cost,
            "seat_utilization": sm.seat_utilization,
            "solve_seconds": sm.solve_seconds,
            "buses_available": sm.buses_available,
            "buses_lower_bound": sm.buses_lower_bound,
            "buses_gap": sm.buses_gap,
            "km_lower_bound": sm.km_lower_bound,
            "km_gap": sm.km_gap,
        },
        "pickup_points": [
            {"id": p.id, "name": p.name, "lat": p.lat, "lon": p.lon, "workers": p.workers, "passengers": p.passengers,
             "approximate": p.approximate}
            for p in plan.pickup_points
        ],
        "places": [
            {"id": p.id, "name": p.name, "lat": p.lat, "lon": p.lon, "kind": p.kind, "approximate": p.approximate}
            for p in plan.places
        ],
        "employers": [{"id": e.id, "name": e.name, "dropoff_id": e.dropoff_id} for e in plan.employers],
        "home_areas": [
            {"lat": h.lat, "lon": h.lon, "workers": h.workers, "seated": h.seated, "unassigned": dict(h.unassigned)}
            for h in plan.home_areas
        ],
        "buses": [
            {
                "id": b.id,
                "type": b.type,
                "type_name": b.type_name,
                "plate": b.plate,
                "seats": b.seats,
                "capacity": b.capacity,
                "depot": b.depot,
                "drivers": b.drivers,
                "km": b.km,
                "cost": b.cost,
                "driving_minutes": b.driving_minutes,
                "stops": [_stop_to_dict(s) for s in b.stops],
            }
            for b in plan.buses
        ],
        "assignments": [
            {
                "worker_id": a.worker_id,
                "bus_id": a.bus_id,
                "seat": a.seat,
                "pickup_point_id": a.pickup_point_id,
                "dropoff_place_id": a.dropoff_place_id,
                "access_km": a.access_km,
                "companion_of": a.companion_of,
                "employer_id": a.employer_id,
            }
            for a in plan.assignments
        ],
        "unassigned": [
            {"worker_id": u.worker_id, "reason": u.reason, "detail": u.detail, "companions": u.companions}
            for u in plan.unassigned
        ],
    }


def plan_to_json(plan: Plan) -> str:
    """Return plan.json text (UTF-8, Chinese kept readable, stable key order)."""
    return json.dumps(plan_to_dict(plan), ensure_ascii=False, indent=1) + "\n"


def write_plan(plan: Plan, path: Path) -> None:
    """Write plan.json to ``path``."""
    Path(path).write_text(plan_to_json(plan), encoding="utf-8")


def _stop_from_dict(d: dict[str, Any]) -> Stop:
    return Stop(
        seq=int(d["seq"]),
        kind=str(d["kind"]),
        place_id=str(d["place_id"]),
        name=str(d["name"]),
        lat=float(d["lat"]),
        lon=float(d["lon"]),
        arrive=dt.datetime.fromisoformat(d["arrive"]),
        depart=dt.datetime.fromisoformat(d["depart"]),
        board=tuple(d["board"]),
        alight=tuple(d["alight"]),
        note=str(d.get("note", "")),
        driver=int(d.get("driver", 0)),
    )


def plan_from_dict(d: dict[str, Any]) -> Plan:
    """Build a Plan from plan.json data; raises KeyError/ValueError on bad data."""
    sc, sm = d["scenario"], d["summary"]
    return Plan(
        schema=d["schema"],
        scenario=ScenarioInfo(
            name=sc["name"],
            date=dt.date.fromisoformat(sc["date"]),
            seed=int(sc["seed"]),
            load_factor=float(sc["load_factor"]),
            max_access_km=float(sc["max_access_km"]),
            timezone=sc.get("timezone", "Asia/Shanghai"),
            observation_rows=int(sc.get("observation_rows", 2)),
            folder=str(sc.get("folder", "")),
        ),
        summary=Summary(
            workers_total=int(sm["workers_total"]),
            workers_assigned=int(sm["workers_assigned"]),
            workers_unassigned=int(sm["workers_unassigned"]),
            passengers=int(sm["passengers"]),
            buses_used=int(sm["buses_used"]),
            total_km=float(sm["total_km"]),
            total_cost=float(sm["total_cost"]),
            seat_utilization=float(sm["seat_utilization"]),
            solve_seconds=float(sm["solve_seconds"]),
            buses_available=int(sm.get("buses_available", 0)),
            buses_lower_bound=int(sm.get("buses_lower_bound", 0)),
            km_lower_bound=float(sm.get("km_lower_bound", 0.0)),
        ),
        pickup_points=tuple(
            PickupUse(p["id"], p["name"], float(p["lat"]), float(p["lon"]), int(p["workers"]), int(p.get("passengers", 0)),
                      bool(p.get("approximate", False)))
            for p in d["pickup_points"]
        ),
        places=tuple(
            PlaceRef(p["id"], p["name"], float(p["lat"]), float(p["lon"]), p["kind"], bool(p.get("approximate", False)))
            for p in d.get("places", [])
        ),
        buses=tuple(
            BusPlan(
                id=b["id"],
                type=b["type"],
                type_name=b.get("type_name", ""),
                plate=b.get("plate", ""),
                seats=int(b["seats"]),
                capacity=int(b["capacity"]),
                depot=b["depot"],
                drivers=int(b["drivers"]),
                km=float(b["km"]),
                cost=float(b["cost"]),
                driving_minutes=int(b["driving_minutes"]),
                stops=tuple(_stop_from_dict(s) for s in b["stops"]),
            )
            for b in d["buses"]
        ),
        assignments=tuple(
            Assignment(
                worker_id=a["worker_id"],
                bus_id=a["bus_id"],
                seat=int(a["seat"]),
                pickup_point_id=a["pickup_point_id"],
                dropoff_place_id=a["dropoff_place_id"],
                access_km=float(a["access_km"]),
                companion_of=a.get("companion_of"),
                employer_id=str(a.get("employer_id", "")),
            )
            for a in d["assignments"]
        ),
        employers=tuple(EmployerRef(e["id"], e["name"], e["dropoff_id"]) for e in d.get("employers", [])),
        home_areas=tuple(
            HomeArea(float(h["lat"]), float(h["lon"]), int(h["workers"]), int(h["seated"]),
                     tuple((str(r), int(n)) for r, n in h.get("unassigned", {}).items()))
            for h in d.get("home_areas", [])
        ),
        unassigned=tuple(
            Unassigned(u["worker_id"], u["reason"], u.get("detail", ""), int(u.get("companions", 0)))
            for u in d["unassigned"]
        ),
    )


def read_plan(path: Path) -> Plan:
    """Read plan.json; raises PlanFileError naming the file on any problem."""
    path = Path(path)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise PlanFileError(f"{path}: no such file.") from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as e:
        raise PlanFileError(f"{path}: not a readable JSON file ({e}).") from None
    if not isinstance(data, dict) or data.get("schema") != SCHEMA:
        found = data.get("schema") if isinstance(data, dict) else type(data).__name__
        raise PlanFileError(f"{path}: schema is {found!r}, expected {SCHEMA!r}.")
    try:
        return plan_from_dict(data)
    except (KeyError, TypeError, ValueError) as e:
        raise PlanFileError(f"{path}: missing or malformed field {e}.") from None
