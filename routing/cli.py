"""The ``returnbus`` command: a thin layer over the library.

Exit codes: 0 success, 1 internal error or a plan that breaks a rule, 2 bad input,
4 solver failure.
"""

from __future__ import annotations

import functools
import os
import sys
import traceback
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any, NoReturn, TypeVar

import click

from .check import check_plan
from .engines import ENGINES
from .errors import ReturnbusError, ScenarioError
from .pipeline import make_plan
from .plan_json import read_plan
from .scenario import load_scenario
from .screening import screen
from .solver import DEFAULT_ENGINE

F = TypeVar("F", bound=Callable[..., Any])
VALIDATE_LISTS = 30  # exceptions validate lists one by one; the rest are counted
STEPS = ("screening", "pickup points", "distances", "routing", "schedule and seats", "check", "manifests",
         "timetables", "dispatch chart", "notices", "map")
FORMAT_HELP = ("Manifest formats, comma-separated: pdf (A4 per coach, fonts embedded), xlsx (one workbook), "
               "html (printable page per coach), csv (per coach).")


def _formats(ctx: click.Context, param: click.Parameter, value: str) -> tuple[str, ...]:
    from .outputs import MANIFEST_FORMATS

    chosen = tuple(dict.fromkeys(f.strip().lower() for f in value.split(",") if f.strip()))
    if chosen == ("auto",) and "--formats" in param.opts:  # plan's option; plan resolves it by coach count
        return chosen
    unknown = [f for f in chosen if f not in MANIFEST_FORMATS]
    if unknown or not chosen:
        raise click.BadParameter(f"{value!r}: choose from {', '.join(MANIFEST_FORMATS)} (comma-separated)")
    return chosen


def _tiles(ctx: click.Context, param: click.Parameter, value: str) -> str:
    from maps.basemap import parse_tiles

    try:
        parse_tiles(value)
    except ValueError as e:
        raise click.BadParameter(str(e)) from None
    return value


tiles_option = click.option(
    "--tiles", default="none", show_default=True, callback=_tiles, metavar="none|osm|amap|DIR",
    help="Map background: none (works offline: plain, with county-seat names), OpenStreetMap, AMap (高德, "
         "GCJ-02: every overlay converted) or a folder of z/x/y tiles. The others are a layer switch away.")
formats_option = click.option(
    "--formats", default="auto", show_default=True, callback=_formats,
    help=FORMAT_HELP + " auto: all four for up to 300 coaches, html,csv above (then make the PDFs and the "
                       "workbook with `returnbus manifest`, e.g. one depot's coaches with --bus).")
full_id_option = click.option(
    "--full-id", is_flag=True,
    help="Boarding copy: full ID numbers and phones on the manifests (files named …-full-id) and full phones in "
         "notices.csv. Keep them safe; by default both are masked.")


def _fail(message: str, code: int) -> NoReturn:
    click.echo(message, err=True)
    sys.exit(code)


def handle_errors(func: F) -> F:
    """Turn library errors into messages and exit codes; tracebacks only with --debug."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        debug = kwargs.pop("debug", False)
        try:
            return func(*args, **kwargs)
        except BrokenPipeError:  # the reader went away (`returnbus validate … | head`): stop quietly
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            sys.exit(0)
        except ScenarioError as e:
            lines = "\n".join(f"  {p}" for p in e.problems)
            _fail(f"Error: the scenario has {len(e.problems)} problem(s):\n{lines}", e.exit_code)
        except ReturnbusError as e:
            if debug:
                traceback.print_exc()
            _fail(f"Error: {e}", e.exit_code)
        except Exception as e:  # noqa: BLE001 - the one place internal errors are reported
            if debug:
                traceback.print_exc()
            _fail(f"Internal error: {type(e).__name__}: {e} (run with --debug for the traceback)", 1)

    return wrapper  # type: ignore[return-value]


debug_option = click.option("--debug", is_flag=True, help="Show the traceback of an internal error.")


@click.group()
@click.version_option(package_name="returnbus")
def main() -> None:
    """Plan point-to-point charter coaches that bring workers back to their jobs.

    A scenario folder (scenario.yaml; the roster as workers.csv or as the XLSX and CSV
    files employers send; pickup_points.csv, employers.csv; see scenarios/README.md)
    goes in; plan.json, manifests, timetables, notices, maps and an index page come out.
    """


@main.command()
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
def plan(scenario: Path, out_dir: Path, seed: int | None, time_limit: float, solutions: int, engine: str,
         jobs: int | None, tiles: str, full_id: bool, formats: tuple[str, ...], silent: bool) -> None:
    """Plan SCENARIO and write every output to OUT.

    OUT gets plan.json, index.html (start here), map.html, maps/ (a map per coach),
    manifests/ (PDF, HTML and CSV per coach), manifests.xlsx, timetable.html,
    schedule.csv, timetables/ (CSV per coach), dispatch.svg/.png, notices.csv (one
    message per party, for SMS or WeChat) and problems.csv (every finding about the
    roster, with what to do).
    """
    import dataclasses

    from maps.plan_map import write_coach_maps, write_map

    from .outputs import COACH_MAP_DIR, MAP_FILE, auto_formats, write_all, write_index

    sc = load_scenario(scenario)
    if seed is not None:
        sc = dataclasses.replace(sc, seed=seed)
    for w in sc.warnings:
        click.echo(f"Warning: {w}", err=True)
    bar = None if silent else click.progressbar(length=len(STEPS), label="Planning", file=sys.stderr,
                                                   show_pos=True, item_show_func=lambda s: s)

    def step(label: str) -> None:
        if bar is not None:
            bar.update(1, label)

    def detail(label: str) -> None:
        if bar is not None:
            bar.update(0, label)

    result = make_plan(sc, time_limit_s=time_limit, solution_limit=solutions, progress=step,
                       jobs=jobs or os.cpu_count() or 1, detail=detail, engine=engine)
    step("check")
    violations = check_plan(result, sc)
    if formats == ("auto",):
        formats = auto_formats(len(result.buses))
    _, warnings = write_all(result, sc, out_dir, full_id=full_id, formats=formats, step=step,
                            jobs=jobs or os.cpu_count() or 1)
    step("map")
    write_map(result, out_dir / MAP_FILE, tiles=tiles)
    write_coach_maps(result, out_dir / COACH_MAP_DIR, tiles=tiles, jobs=jobs or os.cpu_count() or 1)
    write_index(result, out_dir, formats, full_id=full_id)
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
        click.echo(f"Warning: {w}", err=True)
    if "pdf" not in formats:
        click.echo(f"  PDF manifests not written (--formats {','.join(formats)}); for printing run: "
                   f"returnbus manifest {out_dir / 'plan.json'} --format pdf [--bus ID ...]")
    click.echo(f"Outputs in {out_dir}/: open index.html (map, manifests, timetables, dispatch chart, notices)")
    if violations:
        for v in violations:
            click.echo(f"Violation: {v}", err=True)
        _fail(f"Error: the plan breaks {len(violations)} rule(s); this is a bug, please report it.", 1)


@main.command()
@click.argument("scenario", type=click.Path(path_type=Path))
@click.option("-o", "--out", "out_dir", type=click.Path(path_type=Path), default=None,
              help="Folder for problems.csv and roster_clean.csv; default: SCENARIO/validation.")
@full_id_option
@debug_option
@handle_errors
def validate(scenario: Path, out_dir: Path | None, full_id: bool) -> None:
    """Check SCENARIO's files without planning (exit 0 when it can be planned, 2 when not).

    Every roster record is checked (ID number, phone, duplicates, employer, location…); records
    that cannot be used are reported and later planned as invalid_record. problems.csv lists every
    finding with file, row, column, value, problem and what to do; roster_clean.csv is the roster as
    returnbus reads it (ID numbers and phones masked unless --full-id).
    """
    from .roster_report import CLEAN_FILE, PROBLEMS_FILE, summarise, write_clean_roster, write_problems_csv

    sc = load_scenario(scenario)
    for w in sc.warnings:
        click.echo(f"Warning: {w}")
    eligible, excluded = screen(sc)
    people = sum(w.party_size for w in sc.workers)
    r = summarise(sc)
    files = "; ".join(f"{f} ({how}, {n} records)" for f, how, n in sc.roster_files) or "generated"
    click.echo(f"{scenario}: OK - {r.records} roster records from {files}")
    click.echo(f"  {r.valid} valid ({r.repaired} repaired), {r.rejected} rejected (planned as invalid_record)")
    for reason, n in r.by_reason[:VALIDATE_LISTS]:
        click.echo(f"    {n} {reason}")
    folder = out_dir or scenario / "validation"
    folder.mkdir(parents=True, exist_ok=True)
    problems = write_problems_csv(sc, folder / PROBLEMS_FILE)
    clean = write_clean_roster(sc, folder / CLEAN_FILE, full_id=full_id)
    counts = ", ".join(f"{n} {s}" for s, n in r.findings) or "none"
    click.echo(f"  findings: {counts} -> {problems}; cleaned roster -> {clean}")
    click.echo(f"  {len(sc.workers)} workers ({people} people with companions), "
               f"{len(sc.pickup_points)} pickup points, {sum(b.count for b in sc.fleet)} coaches, "
               f"{len(sc.employers)} employers")
    click.echo(f"  {len(eligible)} may board; {len(excluded)} will be exceptions at screening")
    for reason, n in sorted(Counter(u.reason for u in excluded).items()):
        click.echo(f"    {n} {reason}")
    for u in excluded[:VALIDATE_LISTS]:
        click.echo(f"  {u.worker_id}: {u.reason} - {u.detail}")
    if len(excluded) > VALIDATE_LISTS:
        click.echo(f"  … and {len(excluded) - VALIDATE_LISTS} more (plan.json's unassigned list holds them all)")


@main.command()
@click.argument("plan_file", metavar="PLAN.json", type=click.Path(path_type=Path))
@click.option("--scenario", "scenario_dir", type=click.Path(path_type=Path), required=True,
              help="The scenario folder the plan was made from.")
@debug_option
@handle_errors
def check(plan_file: Path, scenario_dir: Path) -> None:
    """Re-check every rule of PLAN.json against its scenario (exit 1 if any is broken)."""
    plan_ = read_plan(plan_file)
    sc = load_scenario(scenario_dir)
    violations = check_plan(plan_, sc)
    for v in violations:
        click.echo(f"Violation: {v}")
    if violations:
        _fail(f"{plan_file}: {len(violations)} violation(s).", 1)
    click.echo(f"{plan_file}: OK - {plan_.summary.passengers} passengers on {plan_.summary.buses_used} coaches, "
               f"every worker accounted for, no rule broken.")


@main.command()
@click.argument("plan_file", metavar="PLAN.json", type=click.Path(path_type=Path))
@click.option("--scenario", "scenario_dir", type=click.Path(path_type=Path), default=None,
              help="The scenario folder the plan was made from; default: the folder plan.json names.")
@click.option("-o", "--out", "out_dir", type=click.Path(path_type=Path), default=None,
              help="Folder to write into (manifests/ and manifests.xlsx inside); default: plan.json's folder.")
@click.option("--format", "formats", default="pdf", show_default=True, callback=_formats, help=FORMAT_HELP)
@click.option("--bus", "buses", multiple=True, metavar="ID", help="Only this coach (repeat for several).")
@click.option("--jobs", type=click.IntRange(min=1), default=None,
              help="Processes drawing PDFs at once (from 40 coaches on); default: one per CPU core.")
@full_id_option
@debug_option
@handle_errors
def manifest(plan_file: Path, scenario_dir: Path | None, out_dir: Path | None, formats: tuple[str, ...],
             buses: tuple[str, ...], jobs: int | None, full_id: bool) -> None:
    """Write the passenger manifests of PLAN.json (by default masked PDFs, one per coach)."""
    from .outputs import only_buses, write_manifests

    plan_ = read_plan(plan_file)
    folder = scenario_dir or (Path(plan_.scenario.folder) if plan_.scenario.folder else None)
    if folder is None:
        _fail(f"Error: {plan_file} does not say which scenario it was made from; give --scenario DIR.", 2)
    sc = load_scenario(folder)
    if buses:
        try:
            plan_ = only_buses(plan_, buses)
        except KeyError as e:
            _fail(f"Error: {e.args[0]}", 2)
    try:
        paths = write_manifests(plan_, sc, out_dir or plan_file.parent, formats, full_id=full_id,
                                jobs=jobs or os.cpu_count() or 1)
    except ValueError as e:
        _fail(f"Error: {e} Is {folder} the scenario {plan_file} was made from?", 2)
    copy = "boarding copies with FULL ID numbers and phones - keep them safe" if full_id else "ID numbers masked"
    click.echo(f"{len(paths)} file(s) written for {len(plan_.buses)} coach(es) ({copy}):")
    for p in paths[:12]:
        click.echo(f"  {p}")
    if len(paths) > 12:
        click.echo(f"  … and {len(paths) - 12} more in {paths[-1].parent}")


# Imported last: the scenario commands use handle_errors from this module.
from .cli_scenario import scenario

main.add_command(scenario)
from . import cli_map  # noqa: F401 - adds `returnbus map` to main
