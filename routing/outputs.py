"""Write a plan's files: plan.json, manifests, schedule.csv, index.html (the map is the caller's)."""

from __future__ import annotations

from pathlib import Path

from .index_page import render_index
from .manifest import write_manifests
from .model import Scenario
from .plan import Plan
from .plan_json import write_plan
from .timetable import write_schedule_csv

PLAN_FILE = "plan.json"
SCHEDULE_FILE = "schedule.csv"
MAP_FILE = "map.html"
INDEX_FILE = "index.html"
MANIFEST_DIR = "manifests"


def write_tables(plan: Plan, scenario: Scenario, out_dir: Path, full_id: bool = False) -> list[Path]:
    """Write plan.json, one manifest per coach (CSV and A4 HTML) and schedule.csv into ``out_dir``."""
    out_dir.mkdir(parents=True, exist_ok=True)
    write_plan(plan, out_dir / PLAN_FILE)
    manifests = write_manifests(plan, scenario, out_dir / MANIFEST_DIR, full_id=full_id)
    write_schedule_csv(plan, out_dir / SCHEDULE_FILE)
    return [out_dir / PLAN_FILE, *manifests, out_dir / SCHEDULE_FILE]


def write_index(plan: Plan, out_dir: Path) -> Path:
    """Write index.html linking to the map, the timetable, plan.json and every manifest."""
    links = {"地图 Map": MAP_FILE, "时刻表 Schedule (CSV)": SCHEDULE_FILE, "plan.json": PLAN_FILE}
    path = out_dir / INDEX_FILE
    path.write_text(render_index(plan, links), encoding="utf-8")
    return path
