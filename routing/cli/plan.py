"""``returnbus plan``: plan a scenario and write every output (a thin layer over ``routing.pipeline`` and
``routing.outputs.writer``; the maps come from ``maps``)."""

from __future__ import annotations

import dataclasses
import sys
from collections import Counter
from pathlib import Path

import click

from maps.plan_map import write_coach_maps, write_map
from routing.check import check_plan
from routing.cli.common import (
    debug_option,
    fail,
    formats_option,
    full_id_option,
    handle_errors,
    jobs_or_cores,
    tiles_option,
)
from routing.outputs.folder import output_folder
from routing.outputs.writer import (
    COACH_MAP_DIR,
    MAP_FILE,
    auto_formats,
    output_steps,
    usable_formats,
    write_index,
    write_tables,
)
from routing.pipeline import PLAN_STEPS, make_plan
from routing.privacy import mask_in_text
from routing.scenario.load import load_scenario
from routing.solve.engines import DEFAULT_ENGINE, ENGINES


def cli_steps(formats: tuple[str, ...]) -> tuple[str, ...]:
    """The steps ``plan`` reports, in order: the library's planning steps, the check, the outputs' steps for
    ``formats`` (``("auto",)``: the most it may write), the maps."""
    return (*PLAN_STEPS, "check", *output_steps(formats), "map")


@click.command("plan")
@click.argument("scenario", type=click.Path(path_type=Path))
@click.option("-o", "--out", "out_dir", type=click.Path(path_type=Path), required=True,
              help="Folder for the outputs (created if missing).")
@click.option("--seed", type=int, default=None, help="Optimizer seed; default: the scenario's seed.")
@click.option("--time-limit", type=click.FloatRange(min=0.1), default=30.0, show_default=True,
              help="Safety limit on the optimizer's run time, in seconds.")
@click.option("--solutions", type=click.IntRange(min=1), default=200, show_default=True,
              help="Solutions the optimizer's local search visits; more can find a cheaper plan.")
@click.option("--engine", type=click.Choice(ENGINES), default=DEFAULT_ENGINE, show_default=True,
              help="Routing engine: portfolio (OR-Tools, PyVRP and VROOM at once, the cheapest plan wins), OR-Tools "
                   "routing (guided local search), PyVRP (iterated local search) or VROOM.")
@click.option("--jobs", type=click.IntRange(min=1), default=None,
              help="Processes that route parts of a large batch at once; default: one per CPU core.")
@tiles_option
@full_id_option
@formats_option
@click.option("--silent", is_flag=True, help="No progress bar.")
@debug_option
@handle_errors
def plan_command(scenario: Path, out_dir: Path, seed: int | None, time_limit: float, solutions: int, engine: str,
                 jobs: int | None, tiles: str, full_id: bool, formats: tuple[str, ...], silent: bool) -> None:
    """Plan SCENARIO and write every output to OUT.

    OUT is replaced whole when every file is written (a run that stops half-way leaves the
    previous OUT as it was); it must be new, empty or an earlier returnbus output folder.
    OUT gets plan.json, index.html (start here), map.html, maps/ (a map per coach),
    manifests/ (PDF, HTML and CSV per coach), manifests.xlsx, timetable.html,
    schedule.csv, timetables/ (CSV per coach), dispatch.svg/.png, notices.csv (one
    message per party, for SMS or WeChat) and problems.csv (every finding about the
    roster, with what to do).
    """
    sc = load_scenario(scenario)
    if seed is not None:
        sc = dataclasses.replace(sc, seed=seed)
    for w in sc.warnings:
        click.echo(f"Warning: {mask_in_text(w)}", err=True)
    warnings: list[str] = []
    if formats != ("auto",):
        formats, warnings = usable_formats(formats)
    # "auto" depends on the number of coaches: the bar counts the most it may write, then its true length
    bar = None if silent else click.progressbar(length=len(cli_steps(formats)), label="Planning",
                                                   file=sys.stderr, show_pos=True, item_show_func=lambda s: s)

    def step(label: str) -> None:
        if bar is not None:
            bar.update(1, label)

    def detail(label: str) -> None:
        if bar is not None:
            bar.update(0, label)

    with output_folder(out_dir) as folder:  # written whole into a hidden sibling, then renamed into place
        result = make_plan(sc, time_limit_s=time_limit, solution_limit=solutions, progress=step,
                           jobs=jobs_or_cores(jobs), detail=detail, engine=engine)
        step("check")
        violations = check_plan(result, sc)
        if formats == ("auto",):
            formats, warnings = usable_formats(auto_formats(len(result.buses)))
            if bar is not None:
                bar.length = len(cli_steps(formats))
        write_tables(result, sc, folder, full_id=full_id, formats=formats, step=step, jobs=jobs_or_cores(jobs))
        step("map")
        write_map(result, folder / MAP_FILE, tiles=tiles)
        write_coach_maps(result, folder / COACH_MAP_DIR, tiles=tiles, jobs=jobs_or_cores(jobs))
        write_index(result, folder, formats, full_id=full_id)
    if bar is not None:
        bar.render_finish()
    s = result.summary
    reasons = Counter(u.reason for u in result.unassigned)
    click.echo(f"{sc.name}: {s.workers_assigned} of {s.workers_total} workers seated, "
               f"{s.passengers} passengers on {s.buses_used} coaches (lower bound {s.buses_lower_bound}, "
               f"+{s.buses_gap:.1%}; {s.buses_available} chartered)")
    click.echo(f"  {s.total_km:,.1f} km (bound {s.km_lower_bound:,.1f}, +{s.km_gap:.1%}), CNY {s.total_cost:,.2f}, "
               f"seats used {s.seat_utilization:.0%} of capacity, solved in {s.solve_seconds:.1f} s")
    if reasons:
        click.echo("  unassigned: " + ", ".join(f"{n} {r}" for r, n in sorted(reasons.items())))
    findings = Counter(p.severity for p in sc.roster_problems)
    if findings:
        click.echo("  roster findings: " + ", ".join(f"{n} {s}" for s, n in sorted(findings.items()))
                   + f" (each with file, row and what to do in {out_dir / 'problems.csv'})")
    for w in warnings:
        click.echo(f"Warning: {mask_in_text(w)}", err=True)
    if "pdf" not in formats:
        click.echo(f"  PDF manifests not written (--formats {','.join(formats)}); for printing run: "
                   f"returnbus manifest {out_dir / 'plan.json'} --format pdf [--bus ID ...]")
    click.echo(f"Outputs in {out_dir}/: open index.html (map, manifests, timetables, dispatch chart, notices)")
    if violations:
        for v in violations:
            click.echo(f"Violation: {v}", err=True)
        fail(f"Error: the plan breaks {len(violations)} rule(s); this is a bug, please report it.", 1)
