"""``returnbus new``: a scenario folder from the rosters as they arrived (a thin layer over
``routing.scenario.new``)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click

from routing.cli.common import debug_option, handle_errors
from routing.scenario.new import find_zone, new_scenario


def _date(ctx: click.Context, param: click.Parameter, value: str | None) -> dt.date:
    if value is None:
        return dt.date.today() + dt.timedelta(days=1)
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a date YYYY-MM-DD that exists") from None


@click.command("new")
@click.argument("out_dir", metavar="DIR", type=click.Path(path_type=Path))
@click.option("--roster", "rosters", multiple=True, required=True, metavar="FILE",
              type=click.Path(path_type=Path, dir_okay=False),
              help="A roster as it arrived: .xlsx, .xls or .csv/.txt, Chinese or English headers (repeat for several).")
@click.option("--zone", required=True, metavar="PLACE|LAT,LON",
              help="Where the workers go: the zone's county (name or 6-digit code) or its point as lat,lon (WGS-84).")
@click.option("--date", callback=_date, default=None, metavar="YYYY-MM-DD", help="Trip day; default: tomorrow.")
@click.option("--name", default=None, help="Name of the batch; default: from the zone and the date.")
@click.option("--employer", default="", help="Employer of the workers of rosters that have no employer column.")
@click.option("--start", default="06:00", show_default=True, metavar="HH:MM", help="Earliest departure.")
@click.option("--deadline", default="22:00", show_default=True, metavar="HH:MM", help="Latest arrival at the zone.")
@debug_option
@handle_errors
def new_command(out_dir: Path, rosters: tuple[Path, ...], zone: str, date: dt.date, name: str | None, employer: str,
                start: str, deadline: str) -> None:
    """Write a scenario folder DIR from the rosters: employers, pickup points, the zone, a fleet, the rules.

    Everything but the rosters is a proposal: the command ends with a checklist of what to
    confirm (fleet, gates, date and times, pickup points). The folder validates and plans as
    it is.

    \b
    Example:
      returnbus new xiji --roster 西吉县返岗人员.xlsx --zone 金凤区 --date 2020-02-21
      returnbus validate xiji && returnbus plan xiji -o xiji/out
    """
    made = new_scenario(out_dir, rosters, find_zone(zone), date, name=name, employer=employer, start=start,
                        deadline=deadline)
    click.echo(f"Wrote {made.folder}/: {made.records} roster records, {len(made.employers)} employers, "
               f"{made.pickup_points} pickup points, {made.coaches} coaches")
    if made.unplaced:
        click.echo(f"  {made.unplaced} record(s) name no place the gazetteer knows: validate lists them")
    click.echo("Confirm before planning:")
    for k, line in enumerate(made.checklist, 1):
        click.echo(f"  {k}. {line}")
    click.echo(f"Then: returnbus validate {made.folder} && returnbus plan {made.folder} -o {made.folder / 'out'}")
