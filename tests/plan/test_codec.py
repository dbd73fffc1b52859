"""plan.json: round trip, the contract's keys, the documented example, read errors, no personal data."""

from __future__ import annotations

import dataclasses
import json
import re
from pathlib import Path
from typing import Any

import pytest

from routing.errors import PlanFileError
from routing.model import Scenario
from routing.pipeline import make_plan
from routing.plan.codec import plan_from_dict, plan_to_dict, plan_to_json, read_plan, write_plan
from routing.plan.model import SCHEMA, Plan
from tests.helpers import ROOT

DOC = ROOT / "docs" / "plan-json.md"

# The contract's keys, transcribed from DESIGN.md ("plan.json — the contract"), by section.
CONTRACT: dict[str, set[str]] = {
    "": {"schema", "scenario", "summary", "pickup_points", "buses", "assignments", "unassigned"},
    "scenario": {"name", "date", "seed", "load_factor", "max_access_km"},
    "summary": {"workers_total", "workers_assigned", "workers_unassigned", "passengers", "buses_used",
                "total_km", "total_cost", "seat_utilization", "solve_seconds"},
    "pickup_points[]": {"id", "name", "lat", "lon", "workers"},
    "buses[]": {"id", "type", "seats", "capacity", "depot", "drivers", "km", "cost", "driving_minutes", "stops"},
    "buses[].stops[]": {"seq", "kind", "place_id", "name", "lat", "lon", "arrive", "depart", "board", "alight"},
    "assignments[]": {"worker_id", "bus_id", "seat", "pickup_point_id", "dropoff_place_id", "access_km",
                      "companion_of"},
    "unassigned[]": {"worker_id", "reason", "detail"},
}

MAPS = {"home_areas[].unassigned"}  # reason code -> count
ISO_WITH_OFFSET = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d$")


def key_paths(data: Any, path: str = "") -> dict[str, tuple[str, ...]]:
    """Ordered keys of every object in ``data``, by section path (``buses[].stops[]``).

    All items of a list must have the same keys, in the same order. Objects that map codes to
    counts (``MAPS``) are values, not sections.
    """
    out: dict[str, tuple[str, ...]] = {}
    if isinstance(data, dict) and path not in MAPS:
        out[path] = tuple(data)
        for k, v in data.items():
            out.update(key_paths(v, f"{path}.{k}" if path else k))
    elif isinstance(data, list):
        found = [key_paths(item, f"{path}[]") for item in data]
        for f in found[1:]:
            assert f == found[0], f"items of {path} have different keys"
        if found:
            out.update(found[0])
    return out


def doc_example() -> dict[str, Any]:
    """The worked example: the one ```json block of docs/plan-json.md."""
    blocks = re.findall(r"```json\n(.*?)```", DOC.read_text(encoding="utf-8"), flags=re.DOTALL)
    assert len(blocks) == 1, f"expected one json block in {DOC.name}, found {len(blocks)}"
    data: dict[str, Any] = json.loads(blocks[0])
    return data


def doc_tables() -> dict[str, dict[str, str]]:
    """Keys the doc's tables describe, by section path, each with its 'fixed' column (contract or extra)."""
    sections: dict[str, dict[str, str]] = {}
    current: dict[str, str] | None = None
    fixed_col = -1
    for line in DOC.read_text(encoding="utf-8").splitlines():
        if line.startswith("#"):
            title = line.lstrip("#").strip()
            m = re.match(r"`([^`]+)`", title)
            path = "" if title == "Top level" else (m.group(1) if m and line.startswith("### ") else None)
            current = sections.setdefault(path, {}) if path is not None else None
            fixed_col = -1
        elif current is not None and line.startswith("|"):
            cells = [c.strip() for c in line.strip("|").split("|")]
            if cells[0] == "key":
                fixed_col = cells.index("fixed")
            elif not set(cells[0]) <= set("-") and fixed_col >= 0:
                for key in re.findall(r"`([^`]+)`", cells[0]):
                    current[key] = cells[fixed_col].split()[0]
    return sections


@pytest.fixture(scope="module")
def pipeline_plan(tiny_scenario: Scenario) -> Plan:
    """A plan for the tiny scenario made by the real pipeline."""
    return make_plan(tiny_scenario, solution_limit=20)


def test_round_trip_through_json_text(tiny_plan: Plan) -> None:
    """Plan -> dict -> JSON text -> Plan gives back the same plan."""
    text = json.dumps(plan_to_dict(tiny_plan), ensure_ascii=False)
    assert plan_from_dict(json.loads(text)) == tiny_plan


def test_round_trip_through_file(tiny_plan: Plan, pipeline_plan: Plan, tmp_path: Path) -> None:
    """write_plan then read_plan gives back the same plan, for a hand-made and a solved plan."""
    for k, plan in enumerate((tiny_plan, pipeline_plan)):
        path = tmp_path / f"plan{k}.json"
        write_plan(plan, path)
        assert read_plan(path) == plan


def test_json_text_is_stable_and_readable(tiny_plan: Plan) -> None:
    """Same plan, same bytes; Chinese kept as it is; schema first."""
    text = plan_to_json(tiny_plan)
    assert text == plan_to_json(plan_from_dict(json.loads(text)))
    assert "原州区" in text and "\\u" not in text
    assert next(iter(json.loads(text))) == "schema"
    assert json.loads(text)["schema"] == SCHEMA == "returnbus.plan/1"


def test_every_contract_key_is_written(tiny_plan: Plan) -> None:
    """Every key of the DESIGN contract is present in plan_to_dict(tiny_plan), at every level."""
    written = key_paths(plan_to_dict(tiny_plan))
    for path, keys in CONTRACT.items():
        assert path in written, f"section {path!r} missing (an empty list?)"
        missing = keys - set(written[path])
        assert not missing, f"{path or 'top level'} lacks contract keys {sorted(missing)}"


def test_times_are_iso_8601_with_offset(tiny_plan: Plan) -> None:
    """Every stop time is ISO 8601 with a UTC offset (+08:00 for Asia/Shanghai)."""
    data = plan_to_dict(tiny_plan)
    times = [s[k] for b in data["buses"] for s in b["stops"] for k in ("arrive", "depart")]
    assert times and all(ISO_WITH_OFFSET.match(t) and t.endswith("+08:00") for t in times), times


def test_doc_example_parses_and_matches_what_returnbus_writes(tiny_plan: Plan) -> None:
    """The worked example parses, writes back unchanged, and has exactly the keys plan_to_dict writes."""
    example = doc_example()
    parsed = plan_from_dict(example)
    assert plan_to_dict(parsed) == example
    assert key_paths(example) == key_paths(plan_to_dict(tiny_plan))


def test_doc_example_shows_a_companion_and_an_unassigned_worker() -> None:
    """The example has one coach, a companion seated with their worker, and an unassigned worker."""
    plan = plan_from_dict(doc_example())
    (bus,) = plan.buses
    companions = [a for a in plan.assignments if a.companion_of]
    assert companions and all(a.worker_id.startswith(f"{a.companion_of}/") for a in companions)
    assert plan.unassigned and all(u.worker_id not in {a.worker_id for a in plan.assignments} for u in plan.unassigned)
    assert sorted(p for s in bus.stops for p in s.board) == sorted(a.worker_id for a in plan.assignments)
    assert sorted(p for s in bus.stops for p in s.alight) == sorted(a.worker_id for a in plan.assignments)


def test_doc_example_figures_add_up() -> None:
    """The example's summary and pickup counts agree with its coaches and passengers."""
    plan = plan_from_dict(doc_example())
    s = plan.summary
    assert s.passengers == len(plan.assignments)
    assert s.workers_assigned == sum(1 for a in plan.assignments if a.companion_of is None)
    assert s.workers_unassigned == len(plan.unassigned)
    assert s.workers_total == s.workers_assigned + s.workers_unassigned
    assert s.buses_used == len(plan.buses)
    assert s.total_km == pytest.approx(sum(b.km for b in plan.buses))
    assert s.total_cost == pytest.approx(sum(b.cost for b in plan.buses))
    assert s.seat_utilization == round(s.passengers / sum(b.capacity for b in plan.buses), 4)
    for p in plan.pickup_points:
        here = [a for a in plan.assignments if a.pickup_point_id == p.id]
        assert (p.workers, p.passengers) == (sum(1 for a in here if a.companion_of is None), len(here)), p.id
    for b in plan.buses:
        times = [t for st in b.stops for t in (st.arrive, st.depart)]
        assert times == sorted(times) and [st.seq for st in b.stops] == list(range(len(b.stops)))


def test_doc_tables_describe_every_key_and_mark_the_contract(tiny_plan: Plan) -> None:
    """The doc's tables list the keys returnbus writes in its order, 'contract' exactly for the contract's keys."""
    tables = doc_tables()
    assert {p: tuple(k) for p, k in tables.items()} == key_paths(plan_to_dict(tiny_plan))
    marked = {p: {k for k, fixed in keys.items() if fixed == "contract"} for p, keys in tables.items()}
    assert {p: k for p, k in marked.items() if k} == CONTRACT


def test_doc_lists_every_reason_code() -> None:
    """Each reason code the plan model knows has a row in the doc's reason table."""
    from routing.plan.model import UNASSIGNED_REASONS

    text = DOC.read_text(encoding="utf-8")
    for code in UNASSIGNED_REASONS:
        assert f"| `{code}` |" in text, code


def _bad_file(tmp_path: Path, tiny_plan: Plan, edit: Any) -> Path:
    data = plan_to_dict(tiny_plan)
    edit(data)
    path = tmp_path / "plan.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def test_read_plan_missing_file(tmp_path: Path) -> None:
    """A missing file is a PlanFileError naming it."""
    path = tmp_path / "nowhere" / "plan.json"
    with pytest.raises(PlanFileError, match=re.escape(str(path))):
        read_plan(path)


@pytest.mark.parametrize("text", ['{"schema": "returnbus.plan/1",', "", "plan.json\n"])
def test_read_plan_invalid_json(tmp_path: Path, text: str) -> None:
    """A file that is not JSON is a PlanFileError naming it."""
    path = tmp_path / "plan.json"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(PlanFileError, match=re.escape(str(path))):
        read_plan(path)


@pytest.mark.parametrize("schema", ["returnbus.plan/0", "returnbus.plan/2", None])
def test_read_plan_wrong_schema(tmp_path: Path, tiny_plan: Plan, schema: str | None) -> None:
    """Another schema (or none) is a PlanFileError naming the file and both schemas."""
    path = _bad_file(tmp_path, tiny_plan, lambda d: d.update(schema=schema))
    with pytest.raises(PlanFileError) as err:
        read_plan(path)
    assert str(path) in str(err.value) and repr(schema) in str(err.value) and SCHEMA in str(err.value)


def test_read_plan_not_an_object(tmp_path: Path) -> None:
    """A JSON list instead of an object is a PlanFileError naming the file."""
    path = tmp_path / "plan.json"
    path.write_text("[]", encoding="utf-8")
    with pytest.raises(PlanFileError, match=re.escape(str(path))):
        read_plan(path)


@pytest.mark.parametrize(
    ("field", "edit"),
    [
        ("summary", lambda d: d.pop("summary")),
        ("workers_total", lambda d: d["summary"].pop("workers_total")),
        ("seats", lambda d: d["buses"][0].pop("seats")),
        ("arrive", lambda d: d["buses"][0]["stops"][1].pop("arrive")),
        ("seat", lambda d: d["assignments"][0].pop("seat")),
        ("reason", lambda d: d["unassigned"][0].pop("reason")),
    ],
)
def test_read_plan_missing_field(tmp_path: Path, tiny_plan: Plan, field: str, edit: Any) -> None:
    """A missing contract field is a PlanFileError naming the file and the field."""
    path = _bad_file(tmp_path, tiny_plan, edit)
    with pytest.raises(PlanFileError) as err:
        read_plan(path)
    assert str(path) in str(err.value) and field in str(err.value)


def test_read_plan_malformed_time(tmp_path: Path, tiny_plan: Plan) -> None:
    """A time that is not ISO 8601 is a PlanFileError naming the file."""
    path = _bad_file(tmp_path, tiny_plan, lambda d: d["buses"][0]["stops"][0].update(arrive="6:30"))
    with pytest.raises(PlanFileError, match=re.escape(str(path))):
        read_plan(path)


def _personal_data(scenario: Scenario) -> list[str]:
    out = []
    for w in scenario.workers:
        out += [w.id_number, w.phone, w.name, *w.companion_names]
    return [s for s in out if s]


def test_no_personal_data_in_plan_json(tiny_scenario: Scenario, tiny_plan: Plan, pipeline_plan: Plan) -> None:
    """No worker's ID number, phone or name appears in plan.json text."""
    data = _personal_data(tiny_scenario)
    assert len(data) >= 15
    for plan in (tiny_plan, pipeline_plan):
        text = plan_to_json(plan)
        leaked = [s for s in data if s in text]
        assert not leaked, leaked


def test_no_id_number_in_plan_json_when_excel_mangled_it(tiny_scenario: Scenario) -> None:
    """An ID number Excel turned into a number does not appear in plan.json either."""
    mangled = "6.40422199001010E+17"
    w5 = dataclasses.replace(tiny_scenario.workers[4], id_number=mangled)
    scenario = dataclasses.replace(tiny_scenario, workers=(*tiny_scenario.workers[:4], w5))
    plan = make_plan(scenario, solution_limit=20)
    assert [u.reason for u in plan.unassigned] == ["invalid_record"]
    assert mangled not in plan_to_json(plan)
