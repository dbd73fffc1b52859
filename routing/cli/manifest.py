"""``returnbus manifest``: the passenger manifests of a plan.json again, e.g. boarding copies with full ID numbers."""

from __future__ import annotations

from pathlib import Path

import click

from routing.cli.common import debug_option, fail, format_option, full_id_option, handle_errors, jobs_or_cores
from routing.errors import BAD_INPUT
from routing.outputs.folder import write_failure
from routing.outputs.writer import only_buses, write_manifests
from routing.plan.codec import read_plan
from routing.scenario.load import load_scenario


@click.command("manifest")
@click.argument("plan_file", metavar="PLAN.json", type=click.Path(path_type=Path))
@click.option("--scenario", "scenario_dir", type=click.Path(path_type=Path), default=None,
              help="The scenario folder the plan was made from; default: the folder plan.json names.")
@click.option("-o", "--out", "out_dir", type=click.Path(path_type=Path), default=None,
              help="Folder to write into (manifests/ and manifests.xlsx inside); default: plan.json's folder.")
@format_option
@click.option("--bus", "buses", multiple=True, metavar="ID", help="Only this coach (repeat for several).")
@click.option("--jobs", type=click.IntRange(min=1), default=None,
              help="Processes drawing PDFs at once (from 40 coaches on); default: one per CPU core.")
@full_id_option
@debug_option
@handle_errors
def manifest_command(plan_file: Path, scenario_dir: Path | None, out_dir: Path | None, formats: tuple[str, ...],
                     buses: tuple[str, ...], jobs: int | None, full_id: bool) -> None:
    """Write the passenger manifests of PLAN.json (by default masked PDFs, one per coach)."""
    plan_ = read_plan(plan_file)
    folder = scenario_dir or (Path(plan_.scenario.folder) if plan_.scenario.folder else None)
    if folder is None:
        fail(f"Error: {plan_file} does not say which scenario it was made from; give --scenario DIR.", BAD_INPUT)
    sc = load_scenario(folder)
    if buses:
        plan_ = only_buses(plan_, buses)
    target = out_dir or plan_file.parent
    try:
        paths = write_manifests(plan_, sc, target, formats, full_id=full_id, jobs=jobs_or_cores(jobs))
    except OSError as e:
        raise write_failure(target, e) from None
    copy = "boarding copies with FULL ID numbers and phones - keep them safe" if full_id else "ID numbers masked"
    click.echo(f"{len(paths)} file(s) written for {len(plan_.buses)} coach(es) ({copy}):")
    for p in paths[:12]:
        click.echo(f"  {p}")
    if len(paths) > 12:
        click.echo(f"  … and {len(paths) - 12} more in {paths[-1].parent}")
