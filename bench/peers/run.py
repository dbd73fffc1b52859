"""Compare returnbus with general solvers (PyVRP, OR-Tools, VROOM) on whole scenarios, given the same wall time.

    python -m bench.peers.run [--scenarios guyuan-2020-02-21,...,generate:2000] [--solvers pyvrp,ortools,vroom]
        [--time SECONDS] [--more-time 60] [--max-matrix-gb 8] [--out bench/peers/results.csv]

For each scenario: returnbus plans it first (``returnbus plan DIR -o TMP --silent --jobs 1``,
timed from outside); that wall time is every general solver's budget (``--time`` overrides
it; ``--more-time`` runs every solver once more with that many seconds, shown apart and not
used in the verdict). Each solver then gets the whole batch as one plain VRP (``export.scenario_vrp`` and
``export.plain``) in a fresh process, one at a time. returnbus' plan is read back as routes of
the same VRP (``export.plan_routes``), so every row is scored by one yardstick on the full VRP:
coaches used, km and cost (``solution_cost`` without penalties, in CNY), parties left out, and
routes breaking a rule of ours (``route_problems``: capacity, deadline, driving, places
called at, counties). A scenario whose three dense matrices would need more than
``--max-matrix-gb`` is not exported; its solver rows say how much memory they would need.
A scenario ``generate:N`` is made with ``returnbus scenario generate DIR --workers N --seed 1``.
"""

from __future__ import annotations

import argparse
import csv
import itertools
import multiprocessing as mp
import os
import subprocess
import sys
import tempfile
import time
import traceback
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from routing.solve.vrp import COST_UNIT, VRP, Route, route_problems, solution_cost

from .export import MATRICES
from .solvers import PEERS, SOLVERS

ROOT = Path(__file__).resolve().parents[2]
RETURNBUS = [sys.executable, "-c", "from routing.cli import main; main()"]
SCENARIOS = ("guyuan-2020-02-21", "zhongwei-2020-02-22", "gansu-shaanxi-2020-02-25", "zone-70k", "generate:2000")
PYTHON_ENTRY_BYTES = 36  # a tuple slot (8) and an int object (28): a Python matrix entry, small ints aside
FIELDS = ("scenario", "workers", "parties", "nodes", "coaches_available", "solver", "budget", "status", "time_limit_s",
          "seconds", "coaches", "coaches_lower_bound", "km", "cost_cny", "dropped", "broken_routes",
          "broken_by_rule", "broken_plain", "repaired_coaches", "repaired_cost_cny", "repaired_dropped", "plan_km",
          "plan_cost_cny", "message")
RULES = (("capacity", "load "), ("deadline", "after"), ("duration", "lasts"), ("driving", "drives"),
         ("counties", "mixes groups"), ("places", "calls at"))


def load(folder: Path) -> Any:
    """The scenario in ``folder`` (imported here so a child process pays for it, not the parent)."""
    from routing.scenario.load import load_scenario

    return load_scenario(folder)


def size_of(folder: Path) -> dict[str, Any]:
    """Workers, servable parties, VRP nodes and fleet of a scenario, without building its matrices."""
    from .export import dense_bytes, nodes, scenario_batch

    scenario = load(folder)
    batch = scenario_batch(scenario)
    n = nodes(batch)
    return {"workers": len(scenario.workers), "parties": len(batch.parties), "nodes": n,
            "coaches_available": len(batch.fleet), "int64_bytes": dense_bytes(n),
            "python_bytes": dense_bytes(n, item_bytes=PYTHON_ENTRY_BYTES)}


def score(vrp: VRP, routes: tuple[Route, ...], dropped: tuple[int, ...], plain_vrp: VRP | None = None) -> dict[str, Any]:
    """The yardstick: coaches, km, cost in CNY (no penalties), parties left out, routes breaking rules.

    With ``plain_vrp`` (a general solver's answer) also: routes breaking the plain VRP's own rules, and the
    coaches, cost and parties left out once ``routing.solve.repair.repair`` has cut the routes breaking ours.
    """
    from routing.solve.repair import repair

    broken = [route_problems(vrp, r) for r in routes]
    by_rule = {name: sum(1 for ps in broken if any(key in p for p in ps)) for name, key in RULES}
    km = sum(_route_m(vrp, r) for r in routes) / 1000
    row = {"coaches": len(routes), "km": round(km, 1), "cost_cny": _cny(vrp, routes), "dropped": len(dropped),
           "broken_routes": sum(1 for ps in broken if ps),
           "broken_by_rule": "; ".join(f"{k} {v}" for k, v in by_rule.items() if v)}
    if plain_vrp is not None:
        fixed, more = repair(vrp, routes)
        row.update(broken_plain=sum(1 for r in routes if route_problems(plain_vrp, r)), repaired_coaches=len(fixed),
                   repaired_cost_cny=_cny(vrp, fixed), repaired_dropped=len(dropped) + len(more))
    return row


def _cny(vrp: VRP, routes: tuple[Route, ...]) -> float:
    return round(solution_cost(vrp, routes, ()) * COST_UNIT, 2)


def _route_m(vrp: VRP, route: Route) -> int:
    vt = vrp.vehicle_types[route.vehicle_type]
    path = [vt.start_depot, *(vrp.node(c) for c in route.clients), vt.end_depot]
    return sum(vrp.distance[a][b] for a, b in itertools.pairwise(path))


def score_plan(folder: Path, plan_json: Path, exported: bool) -> dict[str, Any]:
    """returnbus' plan: its own summary, and (when the VRP is exported) its routes scored on the VRP."""
    from routing.plan.codec import read_plan

    from .export import plan_routes, scenario_vrp

    plan = read_plan(plan_json)
    s = plan.summary
    row: dict[str, Any] = {"plan_km": s.total_km, "plan_cost_cny": s.total_cost, "coaches": s.buses_used,
                           "coaches_lower_bound": s.buses_lower_bound,
                           "message": f"routing {s.solve_seconds} s inside the plan; plan.json cost includes "
                                      f"second drivers and calls only at the gates needed"}
    if exported:
        problem = scenario_vrp(load(folder))
        routes, dropped = plan_routes(problem, plan)
        row.update(score(problem.vrp, routes, dropped))
    else:
        row["km"], row["cost_cny"] = s.total_km, s.total_cost
        row["message"] = "not exported: km and cost are plan.json's; " + row["message"]
    return row


def run_peer(folder: Path, solver: str, time_limit_s: float, seed: int) -> dict[str, Any]:
    """One general solver on the scenario's plain VRP, scored on the full VRP."""
    from routing.errors import SolverError

    from .export import plain, scenario_vrp

    problem = scenario_vrp(load(folder))
    plain_vrp = plain(problem.vrp)
    try:
        found = SOLVERS[solver](plain_vrp, time_limit_s, seed)
    except SolverError as e:
        return {"status": "no_solution", "message": str(e)[:300]}
    row = {"status": "ok", "seconds": round(found.seconds, 1),
           **score(problem.vrp, found.routes, found.dropped, plain_vrp)}
    row["message"] = "; ".join(m for m in (found.note, "" if found.feasible else "the solver calls it infeasible") if m)
    return row


def _child(func: Callable[..., dict[str, Any]], args: tuple[Any, ...], conn: Any) -> None:
    try:
        conn.send(func(*args))
    except Exception as e:  # noqa: BLE001 - reported on the row
        conn.send({"status": "error", "message": f"{type(e).__name__}: {e}"[:300],
                   "traceback": traceback.format_exc()})
    conn.close()


def in_child(func: Callable[..., dict[str, Any]], args: tuple[Any, ...], timeout_s: float) -> dict[str, Any]:
    """``func(*args)`` in a fresh process; a crash or a run past ``timeout_s`` gives a row saying so."""
    ctx = mp.get_context("spawn")
    recv, send = ctx.Pipe(duplex=False)
    proc = ctx.Process(target=_child, args=(func, args, send), daemon=True)
    proc.start()
    send.close()
    try:
        if not recv.poll(timeout_s):
            proc.kill()
            return {"status": "timeout", "message": f"no answer after {timeout_s:.0f} s; killed"}
        return recv.recv()
    except EOFError:
        return {"status": "crash", "message": "the process died without an answer"}
    finally:
        proc.join(5)
        recv.close()
        if proc.exitcode is None:
            proc.kill()


def plan_with_returnbus(folder: Path, out: Path) -> float:
    """Wall seconds of ``returnbus plan FOLDER -o OUT --silent --jobs 1``."""
    t0 = time.perf_counter()
    done = subprocess.run([*RETURNBUS, "plan", str(folder), "-o", str(out), "--silent", "--jobs", "1"],
                          capture_output=True, text=True, check=False)
    wall = time.perf_counter() - t0
    if done.returncode != 0:
        raise RuntimeError(f"returnbus plan {folder} failed ({done.returncode}): {done.stderr[-1000:]}")
    return wall


def resolve(spec: str, tmp: Path) -> Path:
    """A scenario folder: ``generate:N`` is generated into ``tmp``, a bare name is under scenarios/."""
    if spec.startswith("generate:"):
        n = int(spec.split(":", 1)[1])
        folder = tmp / (f"z{n // 1000}k" if n % 1000 == 0 else f"z{n}")
        if not folder.exists():
            subprocess.run([*RETURNBUS, "scenario", "generate", str(folder), "--workers", str(n), "--seed", "1"],
                           capture_output=True, check=True)
        return folder
    path = Path(spec)
    return path if path.exists() else ROOT / "scenarios" / spec


def too_large(size: dict[str, Any]) -> str:
    """Why a scenario's VRP is not exported: the memory its dense matrices would take."""
    one = size["int64_bytes"] / MATRICES / 1e9
    ram = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 1e9
    return (f"not run: {size['nodes']:,} nodes; one dense int64 node-by-node matrix takes {one:,.0f} GB, so a "
            f"solver's own distance and duration matrices alone {2 * one:,.0f} GB, and the VRP's {MATRICES} "
            f"matrices as Python tuples about {size['python_bytes'] / 1e9:,.0f} GB; this machine has {ram:,.0f} GB")


def run_scenario(folder: Path, solvers: Sequence[str], time_s: float | None, more_s: Sequence[float], seed: int,
                 max_bytes: float, tmp: Path) -> list[dict[str, Any]]:
    """returnbus, then each solver in turn with returnbus' time (budget ``same``), then with each of ``more_s``."""
    size = in_child(size_of, (folder,), 3600)
    if "status" in size:
        raise RuntimeError(f"{folder}: {size['message']}\n{size.get('traceback', '')}")
    base = {"scenario": folder.name, **{k: size[k] for k in ("workers", "parties", "nodes", "coaches_available")}}
    exported = size["int64_bytes"] <= max_bytes
    wall = plan_with_returnbus(folder, tmp / f"plan-{folder.name}")
    rows = [{**base, "solver": "returnbus", "budget": "", "status": "ok", "seconds": round(wall, 1),
             **in_child(score_plan, (folder, tmp / f"plan-{folder.name}" / "plan.json", exported), 3600)}]
    _say(rows[-1])
    budget = time_s if time_s is not None else round(wall, 1)
    runs = [("same", budget), *((f"{s:g} s", s) for s in more_s)]
    for (label, limit), solver in ((run, solver) for run in runs for solver in solvers):
        if not exported and label != "same":
            continue
        if not exported:
            row = {**base, "solver": solver, "budget": label, "status": "too_large", "time_limit_s": limit,
                   "message": too_large(size)}
        else:
            row = {**base, "solver": solver, "budget": label, "time_limit_s": limit,
                   **in_child(run_peer, (folder, solver, limit, seed), 3 * limit + 600)}
        rows.append(row)
        _say(row)
    return rows


def _say(row: dict[str, Any]) -> None:
    print(f"{row['scenario']:>26} {row['solver']:>9} {row.get('status', '')}: {row.get('coaches', '')} coaches, "
          f"{row.get('km', '')} km, {row.get('cost_cny', '')} CNY, dropped {row.get('dropped', '')}, "
          f"broken {row.get('broken_routes', '')} ({row.get('broken_by_rule', '')}), {row.get('seconds', '')} s "
          f"{row.get('message', '')}", file=sys.stderr, flush=True)


def table(rows: Sequence[dict[str, Any]]) -> str:
    """A markdown table: one line per scenario and solver (budget in brackets after the wall time)."""
    head = ("scenario", "parties", "solver", "coaches", "km", "cost CNY", "dropped", "routes breaking rules",
            "after our repair: coaches, CNY, dropped", "wall s (budget)")
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for r in rows:
        limit = f" ({r['time_limit_s']})" if r.get("time_limit_s") not in (None, "") else ""
        if r.get("status") != "ok":
            cells = [r["scenario"], str(r["parties"]), r["solver"], str(r.get("status", "")), "", "", "", "", "",
                     limit.strip()]
            lines.append("| " + " | ".join(cells) + " |")
            continue
        broken = str(r.get("broken_routes", ""))
        if r.get("broken_by_rule"):
            broken += f" ({r['broken_by_rule']})"
        repaired = ""
        if r.get("repaired_cost_cny") not in (None, "") and int(r["broken_routes"]):
            repaired = f"{r['repaired_coaches']}, {float(r['repaired_cost_cny']):,.0f}, {r['repaired_dropped']}"
        cost = f"{float(r['cost_cny']):,.0f}" if r.get("cost_cny") not in (None, "") else ""
        cells = [r["scenario"], str(r["parties"]), r["solver"], str(r.get("coaches", "")), f"{r.get('km', '')}", cost,
                 str(r.get("dropped", "")), broken, repaired, f"{r.get('seconds', '')}{limit}"]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def in_time(row: dict[str, Any]) -> bool:
    """Whether a solver answered within its budget (10 % and half a second of slack for stopping)."""
    return float(row["seconds"]) <= 1.1 * float(row["time_limit_s"]) + 0.5


VERDICT_COLUMNS = (
    ("in time, keeping our rules", lambda r: in_time(r) and not int(r["broken_routes"]), ""),
    ("in time, after our repair", in_time, "repaired_"),
    ("in time, our rules ignored", in_time, ""),
    ("late answers too, our rules ignored", lambda r: True, ""),
)


def verdict(rows: Sequence[dict[str, Any]]) -> str:
    """A markdown table: per scenario, returnbus' cost and coaches, and in each ``VERDICT_COLUMNS`` pool of
    same-budget answers that leave out no more parties than returnbus, the cheapest (with returnbus' cost
    above or below it) and the fewest coaches.
    """
    head = ["scenario", "returnbus CNY, coaches", *(label for label, _, _ in VERDICT_COLUMNS)]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for name in dict.fromkeys(r["scenario"] for r in rows):
        mine = [r for r in rows if r["scenario"] == name]
        ours = next((r for r in mine if r["solver"] == "returnbus"), None)
        if ours is None or ours.get("dropped") in (None, ""):
            continue
        peers = [r for r in mine if r["solver"] != "returnbus" and r.get("budget") == "same" and r.get("status") == "ok"]
        cells = [name, f"{float(ours['cost_cny']):,.0f}, {ours['coaches']}"]
        for _, keep, prefix in VERDICT_COLUMNS:
            pool = [r for r in peers if keep(r) and int(r[f"{prefix}dropped"]) <= int(ours["dropped"])]
            if not pool:
                cells.append("none")
                continue
            best = min(pool, key=lambda r: float(r[f"{prefix}cost_cny"]))
            gap = 100 * (float(ours["cost_cny"]) / float(best[f"{prefix}cost_cny"]) - 1)
            fewest = min(pool, key=lambda r: (int(r[f"{prefix}coaches"]), float(r[f"{prefix}cost_cny"])))
            cells.append(f"{best['solver']} {float(best[f'{prefix}cost_cny']):,.0f} (returnbus {gap:+.2f} %); "
                         f"fewest coaches {fewest[f'{prefix}coaches']} ({fewest['solver']})")
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def write_csv(path: Path, rows: Sequence[dict[str, Any]]) -> None:
    """Rows to a CSV with the ``FIELDS`` columns."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, FIELDS, extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)


def main(argv: Sequence[str] | None = None) -> int:
    """Command line: run returnbus and the solvers, write the CSV, print the table and the verdicts."""
    p = argparse.ArgumentParser(prog="python -m bench.peers.run", description=__doc__.splitlines()[0])
    p.add_argument("--scenarios", default=",".join(SCENARIOS),
                   help="comma-separated scenario folders, names under scenarios/, or generate:N (default: all)")
    p.add_argument("--solvers", default=",".join(PEERS), help="comma-separated solvers (default: all)")
    p.add_argument("--time", type=float, default=None, help="seconds per solver (default: returnbus' wall time)")
    p.add_argument("--more-time", default="", help="comma-separated extra budgets in seconds (default: none)")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--max-matrix-gb", type=float, default=8.0,
                   help="export no VRP whose three int64 matrices need more (default 8)")
    p.add_argument("--out", type=Path, default=ROOT / "bench" / "peers" / "results.csv")
    args = p.parse_args(argv)
    solvers = [s for s in args.solvers.split(",") if s]
    if unknown := [s for s in solvers if s not in SOLVERS]:
        p.error(f"unknown solver: {', '.join(unknown)}")
    rows: list[dict[str, Any]] = []
    with tempfile.TemporaryDirectory(prefix="peers-") as tmp:
        for spec in (s for s in args.scenarios.split(",") if s):
            folder = resolve(spec, Path(tmp))
            rows += run_scenario(folder, solvers, args.time, [float(s) for s in args.more_time.split(",") if s],
                                 args.seed, args.max_matrix_gb * 1e9, Path(tmp))
            write_csv(args.out, rows)
    print(table(rows))
    print()
    print(verdict(rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())
