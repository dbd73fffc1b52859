"""``returnbus check``: re-check every rule of a plan.json against its scenario (the independent checker)."""

from __future__ import annotations

from pathlib import Path

import click

from routing.check import check_plan
from routing.cli.common import debug_option, fail, handle_errors
from routing.errors import PlanFileError
from routing.plan.codec import read_plan
from routing.scenario.load import load_scenario


@click.command("check")
@click.argument("plan_file", metavar="PLAN.json", type=click.Path(path_type=Path))
@click.option("--scenario", "scenario_dir", type=click.Path(path_type=Path), required=True,
              help="The scenario folder the plan was made from.")
@debug_option
@handle_errors
def check_command(plan_file: Path, scenario_dir: Path) -> None:
    """Re-check every rule of PLAN.json against its scenario (exit 1 if any is broken).

    A plan.json that cannot be read as the contract says (not JSON, a field missing or of the wrong
    type) is a broken plan too: reported as a violation, exit 1. A file that is not there is exit 2.
    """
    try:
        plan_ = read_plan(plan_file)
    except PlanFileError as e:
        if not plan_file.is_file():
            raise
        click.echo(f"Violation: {e}")
        fail(f"{plan_file}: 1 violation(s): it is not a plan.json as docs/plan-json.md describes.", 1)
    sc = load_scenario(scenario_dir)
    violations = check_plan(plan_, sc)
    for v in violations:
        click.echo(f"Violation: {v}")
    if violations:
        fail(f"{plan_file}: {len(violations)} violation(s).", 1)
    click.echo(f"{plan_file}: OK - {plan_.summary.passengers} passengers on {plan_.summary.buses_used} coaches, "
               f"every worker accounted for, no rule broken.")
