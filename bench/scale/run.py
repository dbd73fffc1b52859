"""Scale benchmark: `returnbus plan` end to end on synthetic zones of growing size.

For each size it generates a scenario (`returnbus scenario generate`, seed 1, the
bundled origin weights), or takes `scenarios/zone-70k` for 70,000, and times
`returnbus plan DIR -o OUT --silent` under `/usr/bin/time -v`: wall time and peak
memory (maximum resident set size, including the cluster processes' own peaks as
`time` reports the largest), coaches used and the lower bound. Run by hand:

    .venv/bin/python -m bench.scale.run [--sizes 7000,20000,70000,200000] [--jobs 2] [--out bench/scale/results.csv]
"""

from __future__ import annotations

import argparse
import csv
import re
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
RETURNBUS = [sys.executable, "-c", "from routing.cli import main; main()"]


def _run(args: list[str]) -> str:
    done = subprocess.run(args, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(args)} failed ({done.returncode}): {done.stderr[-2000:]}")
    return done.stdout + done.stderr


def measure(scenario: Path, out: Path, jobs: int) -> dict[str, str]:
    """Plan one scenario under /usr/bin/time -v and read the figures back."""
    text = _run(["/usr/bin/time", "-v", *RETURNBUS, "plan", str(scenario), "-o", str(out), "--silent",
                 "--jobs", str(jobs)])
    wall = re.search(r"Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): (\S+)", text)
    rss = re.search(r"Maximum resident set size \(kbytes\): (\d+)", text)
    seated = re.search(r": (\d+) of (\d+) workers seated, (\d+) passengers on (\d+) coaches \(lower bound (\d+)", text)
    if not (wall and rss and seated):
        raise RuntimeError(f"could not read the figures from:\n{text[-2000:]}")
    parts = [float(p) for p in wall.group(1).split(":")]
    seconds = parts[-1] + 60 * parts[-2] + (3600 * parts[-3] if len(parts) == 3 else 0)
    return {"workers": seated.group(2), "seated": seated.group(1), "passengers": seated.group(3),
            "coaches": seated.group(4), "lower_bound": seated.group(5), "wall_s": f"{seconds:.1f}",
            "peak_mb": f"{int(rss.group(1)) / 1024:.0f}"}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="7000,20000,70000,200000")
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--out", type=Path, default=ROOT / "bench" / "scale" / "results.csv")
    args = ap.parse_args()
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for size in (int(s) for s in args.sizes.split(",")):
            if size == 70_000:
                folder = ROOT / "scenarios" / "zone-70k"
            else:
                folder = Path(tmp) / f"z{size}"
                _run([*RETURNBUS, "scenario", "generate", str(folder), "--workers", str(size), "--seed", "1"])
            row = {"scenario": folder.name, **measure(folder, Path(tmp) / f"out{size}", args.jobs)}
            rows.append(row)
            print(", ".join(f"{k} {v}" for k, v in row.items()), flush=True)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    with args.out.open("w", newline="", encoding="utf-8") as f:
        w = csv.DictWriter(f, fieldnames=list(rows[0]))
        w.writeheader()
        w.writerows(rows)


if __name__ == "__main__":
    main()
