"""The plan command's progress bar, through click's real bar on a terminal, counts to N of N."""

from __future__ import annotations

import os
import pty
import re
import subprocess
import sys
from pathlib import Path

from routing.cli.plan import cli_steps
from routing.outputs.writer import output_steps
from routing.pipeline import PLAN_STEPS
from tests.helpers import DATA


def _run_on_a_terminal(args: list[str]) -> tuple[int, str]:
    """Run ``returnbus ARGS`` with stderr on a pseudo-terminal (so click draws its bar); exit code and stderr."""
    leader, follower = pty.openpty()
    proc = subprocess.Popen([sys.executable, "-c", "from routing.cli import main; main()", *args],
                            stdout=subprocess.DEVNULL, stderr=follower, env={**os.environ, "COLUMNS": "200"})
    os.close(follower)
    chunks = []
    while True:
        try:
            data = os.read(leader, 65536)
        except OSError:  # the child closed the terminal
            break
        if not data:
            break
        chunks.append(data)
    os.close(leader)
    return proc.wait(), b"".join(chunks).decode("utf-8", "replace")


def test_the_steps_are_the_libraries() -> None:
    """The bar's steps are the pipeline's, the check, the writer's for the formats, the map."""
    assert cli_steps(("html", "csv")) == (*PLAN_STEPS, "check", "manifests", "timetables", "dispatch chart",
                                          "notices", "map")
    assert output_steps(("pdf", "xlsx")) == ("manifests", "PDF manifests", "workbook", "timetables",
                                             "dispatch chart", "notices")
    assert output_steps(("auto",)) == output_steps(("pdf", "xlsx", "html", "csv"))


def test_plan_bar_ends_at_n_of_n(tmp_path: Path) -> None:
    """Every count the bar shows is at most its total, and the last one is total of total."""
    code, err = _run_on_a_terminal(["plan", str(DATA / "valid_small"), "-o", str(tmp_path / "out"),
                                    "--formats", "pdf,xlsx,html,csv"])
    assert code == 0, err
    counts = [(int(a), int(b)) for a, b in re.findall(r"(\d+)/(\d+)", err)]
    totals = {b for _, b in counts}
    assert totals == {len(cli_steps(("pdf", "xlsx", "html", "csv")))}, err
    assert all(a <= b for a, b in counts), err
    assert counts[-1][0] == counts[-1][1], err
