"""The ``returnbus`` command: one thin module per command over the library.

Exit codes (``routing.errors``): 0 success, 1 internal error or a plan that breaks a rule,
2 bad input, 3 no Chinese font for the PDF manifests, 4 solver failure, 5 the outputs cannot
be written.

The only part of ``routing`` that imports ``maps``.
"""

from __future__ import annotations

import click

from routing.cli.check import check_command
from routing.cli.manifest import manifest_command
from routing.cli.map import map_command
from routing.cli.new import new_command
from routing.cli.plan import plan_command
from routing.cli.scenario import scenario_group
from routing.cli.validate import validate_command


@click.group()
@click.version_option(package_name="returnbus")
def main() -> None:
    """Plan point-to-point charter coaches that bring workers back to their jobs.

    A scenario folder (scenario.yaml; the roster as workers.csv or as the XLSX and CSV
    files employers send; pickup_points.csv, employers.csv; see scenarios/README.md)
    goes in; plan.json, manifests, timetables, notices, maps and an index page come out.

    Exit codes: 0 success, 1 internal error or a plan that breaks a rule, 2 bad input,
    3 no Chinese font for the PDF manifests, 4 solver failure, 5 the outputs cannot be written
    (disk full, no permission, a folder of other files, another run writing it).
    """


for command in (new_command, plan_command, validate_command, check_command, manifest_command, map_command,
                scenario_group):
    main.add_command(command)

__all__ = ["main"]
