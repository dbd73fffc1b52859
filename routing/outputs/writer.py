"""Write a plan's files: plan.json, manifests, timetables, dispatch chart, notices, index.html.

The maps are the caller's: of ``routing``, only the CLI (``routing.cli``) imports ``maps``. Layout of an
output folder::

    plan.json  index.html  map.html  schedule.csv  timetable.html  dispatch.svg  dispatch.png
    notices.csv  manifests.xlsx  problems.csv (every finding about the roster)
    manifests/<coach>.pdf .html .csv      (…-full-id.* for copies with full ID numbers)
    maps/<coach>.html  maps/map-assets/   (written by the caller, e.g. routing.cli.plan)
    timetables/<coach>.csv
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable
from pathlib import Path
from urllib.parse import quote

from routing.errors import FontNotFound, UnknownCoachError
from routing.model import Scenario
from routing.outputs.fonts import find_cjk_font
from routing.outputs.index_page import render_index
from routing.outputs.manifests.rows import manifest_rows, render_manifest_html, write_manifest_csv
from routing.outputs.problems import PROBLEMS_FILE, write_problems_csv
from routing.outputs.timetable import write_schedule_csv, write_timetables
from routing.plan.codec import write_plan
from routing.plan.files import file_stem
from routing.plan.model import Plan

PLAN_FILE = "plan.json"
SCHEDULE_FILE = "schedule.csv"
TIMETABLE_PAGE = "timetable.html"
TIMETABLE_DIR = "timetables"
CHART_FILE = "dispatch.svg"
NOTICES_FILE = "notices.csv"
WORKBOOK_FILE = "manifests.xlsx"
MAP_FILE = "map.html"
INDEX_FILE = "index.html"
MANIFEST_DIR = "manifests"
COACH_MAP_DIR = "maps"  # one map per coach, written by the caller (maps.plan_map.write_coach_maps)
MANIFEST_FORMATS = ("pdf", "xlsx", "html", "csv")
AUTO_ALL_UP_TO = 300  # coaches: "auto" writes every format up to this, only HTML and CSV above
SMALL_FORMATS = ("html", "csv")


def auto_formats(coaches: int) -> tuple[str, ...]:
    """Manifest formats ``plan`` writes by default: all of them for a batch of up to ``AUTO_ALL_UP_TO``
    coaches; above, only HTML and CSV (PDFs of thousands of coaches take minutes and are printed
    depot by depot with ``returnbus manifest --bus``)."""
    return MANIFEST_FORMATS if coaches <= AUTO_ALL_UP_TO else SMALL_FORMATS
FULL_ID_SUFFIX = "-full-id"

Step = Callable[[str], None]


def _quiet(label: str) -> None:
    """A progress callback that reports nothing."""


def manifest_name(bus_id: str, full_id: bool) -> str:
    """File stem of a coach's manifest: the coach's file stem (``routing.ids.file_stem``), marked when it carries
    full ID numbers."""
    return file_stem(bus_id) + (FULL_ID_SUFFIX if full_id else "")


def only_buses(plan: Plan, bus_ids: Iterable[str]) -> Plan:
    """The plan with only the coaches named (in the plan's order) and their passengers.

    Raises
    ------
    UnknownCoachError
        Naming a coach id that is not in the plan.
    """
    wanted = set(bus_ids)
    unknown = sorted(wanted - {b.id for b in plan.buses})
    if unknown:
        raise UnknownCoachError(f"no coach {', '.join(unknown)} in the plan (coaches: {', '.join(b.id for b in plan.buses)})")
    return dataclasses.replace(plan, buses=tuple(b for b in plan.buses if b.id in wanted),
                               assignments=tuple(a for a in plan.assignments if a.bus_id in wanted))


def coach_map_href(bus_id: str) -> str:
    """Link from a manifest page (in ``manifests/``) to its coach's map (in ``maps/``)."""
    return f"../{COACH_MAP_DIR}/{quote(file_stem(bus_id))}.html"


def write_manifests(plan: Plan, scenario: Scenario, out_dir: Path, formats: Iterable[str] = MANIFEST_FORMATS,
                    full_id: bool = False, step: Step = _quiet, jobs: int = 1,
                    coach_maps: bool | None = None) -> list[Path]:
    """Write the manifests of every coach of ``plan`` in the formats asked for.

    PDF, HTML and CSV go to ``out_dir/manifests/<coach>.<ext>``, the workbook to
    ``out_dir/manifests.xlsx``; with ``full_id`` every name carries ``-full-id``. HTML pages link
    to the coach's map in ``maps/`` when ``coach_maps`` is true (None: when that map exists).

    Raises
    ------
    FontNotFound
        For PDF, when the machine has no Chinese font to embed.
    PlanMismatchError
        When a passenger of the plan is not a worker of ``scenario`` or a seat does not fit the coach (the plan
        was made from another scenario).
    """
    formats = tuple(formats)
    folder = out_dir / MANIFEST_DIR
    folder.mkdir(parents=True, exist_ok=True)
    paths: list[Path] = []
    for bus in plan.buses:
        stem = manifest_name(bus.id, full_id)
        if "csv" not in formats and "html" not in formats:
            continue
        rows = manifest_rows(plan, scenario, bus.id, full_id=full_id)
        if "csv" in formats:
            paths.append(write_manifest_csv(rows, folder / f"{stem}.csv"))
        if "html" in formats:
            path = folder / f"{stem}.html"
            linked = (out_dir / COACH_MAP_DIR / f"{file_stem(bus.id)}.html").exists() if coach_maps is None else coach_maps
            path.write_text(render_manifest_html(plan, scenario, bus.id, full_id=full_id,
                                                 map_href=coach_map_href(bus.id) if linked else None, rows=rows),
                            encoding="utf-8")
            paths.append(path)
    if "pdf" in formats:
        from routing.outputs.manifests.pdf import write_manifest_pdfs

        step("PDF manifests")
        paths += write_manifest_pdfs(plan, scenario, folder, full_id=full_id,
                                     stem=lambda bus_id: manifest_name(bus_id, full_id), jobs=jobs)
    if "xlsx" in formats:
        from routing.outputs.manifests.xlsx import write_manifest_xlsx

        step("workbook")
        stem = Path(WORKBOOK_FILE).stem
        paths.append(write_manifest_xlsx(plan, scenario, out_dir / f"{manifest_name(stem, full_id)}.xlsx",
                                         full_id=full_id))
    return paths


def write_tables(plan: Plan, scenario: Scenario, out_dir: Path, full_id: bool = False,
                 formats: Iterable[str] = MANIFEST_FORMATS, step: Step = _quiet, jobs: int = 1) -> list[Path]:
    """Write everything but the map and index.html: plan.json, manifests, timetables, chart, notices.

    Returns the files written.

    Raises
    ------
    FontNotFound
        When PDFs are asked for and the machine has no Chinese font (``write_outputs`` leaves them out).
    """
    from routing.outputs.dispatch_chart import write_dispatch_chart
    from routing.outputs.notices import write_notices_csv
    from routing.outputs.timetable_page import render_timetable_page

    out_dir.mkdir(parents=True, exist_ok=True)
    write_plan(plan, out_dir / PLAN_FILE)
    paths = [out_dir / PLAN_FILE]
    step("manifests")
    paths += write_manifests(plan, scenario, out_dir, formats, full_id=full_id, step=step, jobs=jobs,
                             coach_maps=True)
    step("timetables")
    paths.append(write_schedule_csv(plan, out_dir / SCHEDULE_FILE))
    paths += write_timetables(plan, out_dir / TIMETABLE_DIR)
    page = out_dir / TIMETABLE_PAGE
    page.write_text(render_timetable_page(plan), encoding="utf-8")
    paths.append(page)
    step("dispatch chart")
    paths += write_dispatch_chart(plan, out_dir)
    step("notices")
    paths.append(write_notices_csv(plan, scenario, out_dir / NOTICES_FILE, full_phone=full_id))
    paths.append(write_problems_csv(scenario, out_dir / PROBLEMS_FILE))
    return paths


def output_steps(formats: Iterable[str]) -> tuple[str, ...]:
    """The labels ``write_tables`` reports to its ``step`` callback, in order, for these manifest formats
    (``("auto",)``: the most it may report)."""
    chosen = MANIFEST_FORMATS if tuple(formats) == ("auto",) else tuple(formats)
    return ("manifests", *(("PDF manifests",) if "pdf" in chosen else ()), *(("workbook",) if "xlsx" in chosen else ()),
            "timetables", "dispatch chart", "notices")


def usable_formats(formats: Iterable[str]) -> tuple[tuple[str, ...], list[str]]:
    """The manifest formats this machine can write, and a warning for each left out (PDF without a Chinese font)."""
    formats = tuple(formats)
    if "pdf" in formats:
        try:
            find_cjk_font()
        except FontNotFound as e:
            return tuple(f for f in formats if f != "pdf"), [f"PDF manifests not written: {e}"]
    return formats, []


def write_outputs(plan: Plan, scenario: Scenario, out_dir: Path | str, full_id: bool = False,
                  formats: Iterable[str] = ("auto",), step: Step = _quiet,
                  jobs: int = 1) -> tuple[list[Path], list[str]]:
    """Write every file of a plan but the maps: ``write_tables`` and index.html.

    ``formats`` ``("auto",)`` (the default) chooses by coach count (``auto_formats``); PDFs are left out,
    with a warning, when the machine has no Chinese font. Returns the files written and the warnings. The
    maps are the caller's (``maps.write_map``, ``maps.plan_map.write_coach_maps``): ``routing`` does not
    import ``maps``.
    """
    out = Path(out_dir)
    chosen = auto_formats(len(plan.buses)) if tuple(formats) == ("auto",) else tuple(formats)
    chosen, warnings = usable_formats(chosen)
    paths = write_tables(plan, scenario, out, full_id, chosen, step, jobs)
    paths.append(write_index(plan, out, chosen, full_id=full_id))
    return paths, warnings


def write_index(plan: Plan, out_dir: Path, formats: Iterable[str] = MANIFEST_FORMATS, full_id: bool = False) -> Path:
    """Write index.html linking to the map, timetables, chart, notices, workbook, plan.json and manifests.

    Only files that exist in ``out_dir`` are linked.
    """
    candidates = {
        "地图 Map": MAP_FILE,
        "时刻表 Timetable": TIMETABLE_PAGE,
        "时刻表 Schedule (CSV)": SCHEDULE_FILE,
        "名单汇总 Manifests (XLSX)": f"{manifest_name(Path(WORKBOOK_FILE).stem, full_id)}.xlsx",
        "通知 Notices (CSV)": NOTICES_FILE,
        "名单问题 Roster problems (CSV)": PROBLEMS_FILE,
        "调度图 Dispatch chart": CHART_FILE,
        "plan.json": PLAN_FILE,
    }
    links = {label: path for label, path in candidates.items() if (out_dir / path).exists()}
    first = out_dir / MANIFEST_DIR / manifest_name(plan.buses[0].id, full_id) if plan.buses else None
    manifest_links = tuple(f for f in ("pdf", "html", "csv")
                           if f in tuple(formats) and (first is None or Path(f"{first}.{f}").exists()))
    path = out_dir / INDEX_FILE
    chart = CHART_FILE if (out_dir / CHART_FILE).exists() else None
    maps_dir = (COACH_MAP_DIR if plan.buses and (out_dir / COACH_MAP_DIR / f"{file_stem(plan.buses[0].id)}.html").exists()
                else None)
    path.write_text(render_index(plan, links, manifest_formats=manifest_links, chart=chart,
                                 manifest_stem=lambda bus_id: manifest_name(bus_id, full_id), coach_maps=maps_dir),
                    encoding="utf-8")
    return path


__all__ = ["only_buses", "output_steps", "usable_formats", "write_index", "write_manifests",
           "write_outputs", "write_tables"]
