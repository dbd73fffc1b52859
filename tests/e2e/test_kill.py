"""A plan killed at any moment leaves its output folder holding one whole plan (the earlier or the new), never a mix."""

from __future__ import annotations

import html
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

from tests.helpers import DATA


def _plan(scenario: Path, out: Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen([sys.executable, "-c", "from routing.cli import main; main()", "plan", str(scenario),
                             "-o", str(out), "--silent"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)


def _batch_of(out: Path) -> str:
    """The batch name every file of the folder agrees on; fails on a missing file or a mix of two runs."""
    plan = json.loads((out / "plan.json").read_text(encoding="utf-8"))
    name = plan["scenario"]["name"]
    pages = [out / "index.html", out / "timetable.html", *(out / "manifests" / f"{b['id']}.html" for b in plan["buses"])]
    for page in pages:
        assert html.escape(name) in page.read_text(encoding="utf-8"), f"{page.name} is not of batch {name}"
    assert (out / "map.html").is_file() and (out / "notices.csv").is_file()
    return str(name)


def test_a_killed_plan_leaves_the_earlier_plan_or_the_new_one(tmp_path: Path) -> None:
    """Killed at five moments while replacing batch A by batch B, the folder is always all A or all B."""
    first, second = DATA / "valid_small", tmp_path / "second"
    shutil.copytree(first, second)
    yaml = second / "scenario.yaml"
    yaml.write_text(yaml.read_text(encoding="utf-8").replace("name: 小样 (tiny test batch)", "name: 第二批 B"),
                    encoding="utf-8")
    out = tmp_path / "out"
    t0 = time.monotonic()
    assert _plan(first, out).wait(timeout=120) == 0
    full_run = time.monotonic() - t0
    seen = {_batch_of(out)}
    for fraction in (0.15, 0.35, 0.55, 0.75, 0.9):
        proc = _plan(second, out)
        time.sleep(full_run * fraction)
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)  # the plan and the processes it started
        proc.wait(timeout=60)
        seen.add(_batch_of(out))
    assert seen <= {"小样 (tiny test batch)", "第二批 B"}
    assert _plan(second, out).wait(timeout=120) == 0 and _batch_of(out) == "第二批 B"
    left = sorted(p.name for p in tmp_path.iterdir() if "returnbus-tmp" in p.name or "returnbus-old" in p.name)
    assert left == []  # the run after the killed ones cleared what they left
