"""``returnbus validate``: check a scenario's files and every roster record without planning."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import click

from routing.boarding.screening import screen
from routing.cli.common import debug_option, full_id_option, handle_errors
from routing.outputs.problems import CLEAN_FILE, PROBLEMS_FILE, summarise, write_clean_roster, write_problems_csv
from routing.privacy import mask_in_text
from routing.scenario.load import load_scenario

VALIDATE_LISTS = 30  # exceptions validate lists one by one; the rest are counted


@click.command("validate")
@click.argument("scenario", type=click.Path(path_type=Path))
@click.option("-o", "--out", "out_dir", type=click.Path(path_type=Path), default=None,
              help="Folder for problems.csv and roster_clean.csv; default: SCENARIO/validation.")
@full_id_option
@debug_option
@handle_errors
def validate_command(scenario: Path, out_dir: Path | None, full_id: bool) -> None:
    """Check SCENARIO's files without planning (exit 0 when it can be planned, 2 when not).

    Every roster record is checked (ID number, phone, duplicates, employer, location…); records
    that cannot be used are reported and later planned as invalid_record. problems.csv lists every
    finding with file, row, column, value, problem and what to do; roster_clean.csv is the roster as
    returnbus reads it (ID numbers and phones masked unless --full-id).
    """
    sc = load_scenario(scenario)
    for w in sc.warnings:
        click.echo(f"Warning: {mask_in_text(w)}")
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
