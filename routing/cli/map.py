"""``returnbus map``: the route map of a plan.json, the whole batch or some coaches (a thin
layer over ``maps.plan_map.write_map``)."""

from __future__ import annotations

from pathlib import Path

import click

from routing.cli.common import debug_option, fail, handle_errors, tiles_option
from routing.errors import BAD_INPUT
from routing.plan.codec import read_plan


@click.command("map")
@click.argument("plan_file", metavar="PLAN.json", type=click.Path(path_type=Path))
@click.option("-o", "--out", "out_file", type=click.Path(path_type=Path), required=True,
              help="The HTML file to write, e.g. map.html (folders are created).")
@tiles_option
@click.option("--bus", "buses", multiple=True, metavar="ID",
              help="Only this coach: its route, pickups and gates, fitted to it (repeat for several).")
@debug_option
@handle_errors
def map_command(plan_file: Path, out_file: Path, tiles: str, buses: tuple[str, ...]) -> None:
    """Write the route map of PLAN.json as one HTML file that opens with no network.

    A layer per coach, pickup points sized by the people boarding (popups: coaches, times,
    passengers per employer), gates with their employers, depots, where the workers live
    (per ~10 km cell) and the cells of workers not seated, by reason.

    \b
    Examples:
      returnbus map out/plan.json -o out/map.html
      returnbus map out/plan.json -o C55-1.html --bus C55-1 --tiles amap
    """
    from maps.layers import coach_list
    from maps.plan_map import write_map

    plan = read_plan(plan_file)
    unknown = sorted(set(buses) - {b.id for b in plan.buses})
    if unknown:
        fail(f"Error: no coach {', '.join(unknown)} in {plan_file}; its coaches are {coach_list(plan)}.", BAD_INPUT)
    path = write_map(plan, out_file, tiles=tiles, buses=buses or None)
    what = f"{len(buses)} coach(es): {', '.join(buses)}" if buses else f"{len(plan.buses)} coaches"
    click.echo(f"Wrote {path} ({what}; basemap {tiles}); it opens with no network.")

