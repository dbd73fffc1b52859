"""What every command shares: turning library errors into messages and exit codes, and shared options.

Exit codes are those of ``routing.errors``: 0 success, 1 internal error or a plan that breaks a
rule, 2 bad input, 3 no Chinese font for the PDF manifests, 4 solver failure, 5 the outputs
cannot be written.
"""

from __future__ import annotations

import functools
import os
import sys
import traceback
from collections.abc import Callable
from typing import Any, NoReturn, TypeVar

import click

from routing.errors import INTERNAL, ReturnbusError, ScenarioError
from routing.privacy import mask_in_text

F = TypeVar("F", bound=Callable[..., Any])
FORMAT_HELP = ("Manifest formats, comma-separated: pdf (A4 per coach, fonts embedded), xlsx (one workbook), "
               "html (printable page per coach), csv (per coach).")


def fail(message: str, code: int) -> NoReturn:
    """Print ``message`` to stderr and exit with ``code``."""
    click.echo(message, err=True)
    sys.exit(code)


def jobs_or_cores(jobs: int | None) -> int:
    """The ``--jobs`` asked for, else one process per CPU core."""
    return jobs or os.cpu_count() or 1


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
            fail(f"Error: the scenario has {len(e.problems)} problem(s):\n{lines}", e.exit_code)
        except ReturnbusError as e:
            if debug:
                traceback.print_exc()
            fail(f"Error: {mask_in_text(str(e))}", e.exit_code)
        except Exception as e:  # noqa: BLE001 - the one place internal errors are reported
            if debug:
                traceback.print_exc()
            fail(f"Internal error: {type(e).__name__}: {mask_in_text(str(e))} (run with --debug for the traceback)",
                 INTERNAL)

    return wrapper  # type: ignore[return-value]


def _formats(ctx: click.Context, param: click.Parameter, value: str) -> tuple[str, ...]:
    from routing.outputs.writer import MANIFEST_FORMATS

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


debug_option = click.option("--debug", is_flag=True, help="Show the traceback of an internal error.")
tiles_option = click.option(
    "--tiles", default="none", show_default=True, callback=_tiles, metavar="none|osm|amap|DIR",
    help="Map background: none (works offline: plain, with county-seat names), OpenStreetMap, AMap (高德, "
         "GCJ-02: every overlay converted) or a folder of z/x/y tiles. The others are a layer switch away.")
formats_option = click.option(
    "--formats", default="auto", show_default=True, callback=_formats,
    help=FORMAT_HELP + " auto: all four for up to 300 coaches, html,csv above (then make the PDFs and the "
                       "workbook with `returnbus manifest`, e.g. one depot's coaches with --bus).")
format_option = click.option("--format", "formats", default="pdf", show_default=True, callback=_formats,
                             help=FORMAT_HELP)
full_id_option = click.option(
    "--full-id", is_flag=True,
    help="Boarding copy: full ID numbers and phones on the manifests (files named …-full-id) and full phones in "
         "notices.csv. Keep them safe; by default both are masked.")
