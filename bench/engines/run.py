"""Engines on the bundled scenarios: which one plans the bus problem better at equal time.

For each scenario it plans with every engine through the command line (`returnbus plan
--engine E --silent`), each run alone, and reads coaches, km, cost and solve time from
plan.json. First every engine runs at its default stop (a solution or iteration count,
repeatable); then PyVRP runs again with only a clock limit equal to OR-Tools' solve time
(equal time). Run by hand:

    .venv/bin/python -m bench.engines.run [--scenarios guyuan-2020-02-21,...] [--out bench/engines/results.csv]
"""

from __future__ import annotations

import argparse
import csv
import json
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SCENARIOS = ("guyuan-2020-02-21", "zhongwei-2020-02-22", "gansu-shaanxi-2020-02-25", "zone-70k")
RETURNBUS = [sys.executable, "-c", "from routing.cli import main; main()"]


def plan(scenario: str, engine: str, out: Path, extra: list[str]) -> dict[str, str]:
    """Plan one scenario with one engine and read the summary back."""
    args = [*RETURNBUS, "plan", str(ROOT / "scenarios" / scenario), "-o", str(out), "--silent", "--engine", engine,
            *extra]
    done = subprocess.run(args, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        return {"scenario": scenario, "engine": engine, "run": " ".join(extra) or "default",
                "error": done.stderr.strip()[-300:]}
    s = json.loads((out / "plan.json").read_text(encoding="utf-8"))["summary"]
    return {"scenario": scenario, "engine": engine, "run": " ".join(extra) or "default",
            "coaches": str(s["buses_used"]), "lower_bound": str(s["buses_lower_bound"]), "km": f"{s['total_km']:.1f}",
            "cost": f"{s['total_cost']:.2f}", "seated": str(s["workers_assigned"]),
            "solve_s": f"{s['solve_seconds']:.1f}", "error": ""}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--scenarios", default=",".join(SCENARIOS))
    ap.add_argument("--out", type=Path, default=ROOT / "bench" / "engines" / "results.csv")
    args = ap.parse_args()
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for scenario in args.scenarios.split(","):
            runs = {e: plan(scenario, e, Path(tmp) / f"{scenario}-{e}", []) for e in ("ortools", "pyvrp", "portfolio")}
            rows += runs.values()
            seconds = runs["ortools"].get("solve_s") or "10"
            rows.append(plan(scenario, "pyvrp", Path(tmp) / f"{scenario}-pyvrp-eq",
                             ["--time-limit", seconds, "--solutions", "1000000"]))
            for r in rows[-4:]:
                print(", ".join(f"{k} {v}" for k, v in r.items() if v), flush=True)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    fields = ["scenario", "engine", "run", "coaches", "lower_bound", "km", "cost", "seated", "solve_s", "error"]
    with args.out.open("w", newline="", encoding="utf-8") as f:
        w = csv.DictWriter(f, fieldnames=fields)
        w.writeheader()
        w.writerows(rows)


if __name__ == "__main__":
    main()
