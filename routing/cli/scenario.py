"""``returnbus scenario``: make synthetic scenario folders and export rosters (thin layer over
``routing.synthetic.scenario`` and ``routing.synthetic.files``).
"""

from __future__ import annotations

from pathlib import Path

import click

from routing.cli.common import debug_option, handle_errors
from routing.synthetic.files import ROSTER_MODES, export_roster, write_scenario
from routing.synthetic.fleet import COACH_TYPES, ORIGIN_DEPOT_KM
from routing.synthetic.origins import short_name
from routing.synthetic.roster import roster_spec
from routing.synthetic.scenario import GeneratedScenario, generate_scenario, make_params


@click.group("scenario")
def scenario_group() -> None:
    """Make synthetic scenario folders and export their rosters."""


def _summary(gen: GeneratedScenario, out_dir: Path, files: list[Path]) -> list[str]:
    """The lines printed after a scenario is written."""
    counties: dict[str, int] = {}
    for r in gen.rows:
        counties[r["county"]] = counties.get(r["county"], 0) + 1
    companions = sum(int(r["companions"]) for r in gen.rows)
    origins = ", ".join(f"{short_name(a)} {k:,}" for a, k in sorted(counties.items(), key=lambda kv: (-kv[1], kv[0])))
    lines = [
        f"Wrote {out_dir}/: {gen.name}",
        f"  {len(gen.rows):,} workers and {companions:,} companions from {len(counties)} origins: {origins}",
        (f"  {sum(gen.passengers.values()):,} passengers can board (exceptions left out); "
         f"{len(gen.employers)} employers at {len(gen.gates)} gates; {len(gen.pickups)} pickup points"),
        f"  {'coaches':<9}" + "".join(f"{c.id:>7}" for c in COACH_TYPES) + "   total  passengers",
    ]
    for depot in gen.depots:
        counts = {f.coach.id: f.count for f in gen.fleet if f.depot == depot.id}
        lines.append(f"  {depot.id:<9}" + "".join(f"{counts.get(c.id, 0):>7,}" for c in COACH_TYPES)
                     + f"{sum(counts.values()):>8,}{gen.passengers.get(depot.id, 0):>12,}")
    lines.append(f"  {'all':<9}" + "".join(f"{sum(f.count for f in gen.fleet if f.coach.id == c.id):>7,}"
                                          for c in COACH_TYPES) + f"{sum(f.count for f in gen.fleet):>8,}")
    lines.append("  files: " + ", ".join(f.name for f in files))
    return lines


@scenario_group.command()
@click.argument("out_dir", metavar="OUT_DIR", type=click.Path(path_type=Path))
@click.option("--workers", default="1000", show_default=True, metavar="N", help="Number of workers to generate (≥ 1).")
@click.option("--seed", default="0", show_default=True, metavar="S",
              help="Seed of every random draw: the same options give byte-identical files.")
@click.option("--origins", default=None, metavar="PLACES",
              help="Home counties, comma-separated, by name or adcode, each optionally with a weight "
                   "(沙坡头区,中宁:3,海原); default: every bundled origin with its weight "
                   "(routing/data/origin_weights.csv).")
@click.option("--name", default=None, help="Name of the batch; default: made from size, seed and date.")
@click.option("--date", default="2020-02-21", show_default=True, metavar="YYYY-MM-DD", help="Trip day, YYYY-MM-DD.")
@click.option("--start", default="05:00", show_default=True, metavar="HH:MM", help="Earliest departure from a depot, HH:MM.")
@click.option("--deadline", default="22:00", show_default=True, metavar="TIME",
              help="Latest arrival at the last gate: HH:MM, or an ISO date-time for the next day.")
@click.option("--depot-km", default=f"{ORIGIN_DEPOT_KM:g}", show_default=True, metavar="KM",
              help="Origins farther than this (straight line, km) from the zone get coaches from a depot at "
                   "their prefecture seat.")
@click.option("--roster", type=click.Choice(ROSTER_MODES), default="spec", show_default=True,
              help="spec: the roster spec in scenario.yaml (workers: {generate: ...}), no workers.csv; "
                   "csv: workers.csv; xlsx: workers.csv and workers.xlsx (ID and phone cells as text).")
@click.option("--force", is_flag=True, help="Write into OUT_DIR even if it is not empty: replaces scenario.yaml and the CSV files, and removes a workers.csv or workers.xlsx this --roster does not write.")
@debug_option
@handle_errors
def generate(out_dir: Path, workers: str, seed: str, origins: str | None, name: str | None, date: str, start: str,
             deadline: str, depot_km: str, roster: str, force: bool) -> None:
    """Write a synthetic scenario folder of any size to OUT_DIR.

    Workers live around the county seats of the origin counties (Guyuan,
    Zhongwei, Gansu, Shaanxi), work for employers sized like the zone's, and a few of
    them bring family or fail a check. The fleet is sized to the passengers, at the zone
    depot and, for far origins, at their prefecture seats.

    \b
    Examples:
      returnbus scenario generate out/z70 --workers 70000 --seed 1
      returnbus scenario generate out/zw --workers 400 --origins 沙坡头区,中宁,海原 --roster csv
    """
    spec = roster_spec({"seed": seed, "workers": workers, "origins": origins})
    params = make_params(spec, name=name, date=date, start=start, deadline=deadline, origin_depot_km=depot_km)
    gen = generate_scenario(params)
    files = write_scenario(gen, out_dir, roster=roster, force=force)
    click.echo("\n".join(_summary(gen, out_dir, files)))


@scenario_group.command()
@click.argument("scenario_dir", metavar="SCENARIO_DIR", type=click.Path(path_type=Path))
@click.option("-o", "--out", "out_file", type=click.Path(path_type=Path), required=True,
              help="FILE.csv (UTF-8 with BOM) or FILE.xlsx (every cell text).")
@debug_option
@handle_errors
def roster(scenario_dir: Path, out_file: Path) -> None:
    """Write the roster of SCENARIO_DIR to a CSV or XLSX file.

    The roster is SCENARIO_DIR's workers.csv when it has one, else the rows made from
    scenario.yaml's workers: {generate: ...} spec and employers.csv.

    \b
    Example:
      returnbus scenario roster out/z70 -o z70-workers.xlsx
    """
    path, n = export_roster(scenario_dir, out_file)
    click.echo(f"Wrote {n:,} workers to {path}")
