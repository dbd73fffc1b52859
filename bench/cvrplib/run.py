"""Run routing engines on the CVRPLIB X and Solomon instances and compare with the best-known costs.

    python -m bench.cvrplib.run [--engines ortools,pyvrp] [--instances X-n101-k25,C101] [--time 30]
        [--time-large 60] [--seed 0] [--jobs 2] [--bench-dir bench/instances] [--out bench/cvrplib/results.csv]

Every (instance, engine) pair is solved in a fresh process (OR-Tools must not solve two
models in one process), at most ``--jobs`` at once: give each one a core of its own. Each
solution is checked (every client served once, every route keeps capacity and windows, the
fleet is not exceeded) and scored in the instance's own units against the best-known
cost. An engine that fails, crashes or overruns is reported on its row and the run goes on.
Rows are written to the CSV as they finish; a markdown table and the mean gaps
are printed at the end.
"""

from __future__ import annotations

import argparse
import csv
import multiprocessing as mp
import sys
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from pathlib import Path
from statistics import mean
from typing import Any

from routing.solve.engines import ENGINES, engine
from routing.solve.vrp import VRP, VRPSolution, route_problems, solution_cost

from .instances import BENCH_DIR, HIERARCHICAL, SETS, Instance, find_instances

SMALL_NODES = 209  # instances with up to this many nodes (depot included) get --time, larger ones --time-large
FIELDS = ("set", "instance", "n", "engine", "status", "cost", "bks", "gap_pct", "vehicles", "bks_vehicles",
          "seconds", "time_limit_s", "seed", "message")


@dataclass(frozen=True)
class Task:
    """One engine on one instance."""

    instance: Instance
    engine: str
    time_limit_s: float
    seed: int


def check(vrp: VRP, solution: VRPSolution) -> list[str]:
    """Every way ``solution`` fails ``vrp``: clients left out or served twice, broken routes, too many vehicles."""
    problems = []
    if solution.dropped:
        problems.append(f"{len(solution.dropped)} clients left out, first {list(solution.dropped[:5])}")
    served = [c for r in solution.routes for c in r.clients]
    missing = set(range(vrp.n_clients)) - set(served) - set(solution.dropped)
    if missing:
        problems.append(f"{len(missing)} clients neither served nor left out, first {sorted(missing)[:5]}")
    if len(served) != len(set(served)):
        problems.append(f"{len(served) - len(set(served))} visits repeat a client")
    for k, route in enumerate(solution.routes):
        problems += [f"route {k}: {p}" for p in route_problems(vrp, route)]
    for t, vt in enumerate(vrp.vehicle_types):
        used = sum(1 for r in solution.routes if r.vehicle_type == t and r.clients)
        if used > vt.count:
            problems.append(f"{used} vehicles of type {t} used, {vt.count} available")
    return problems


def run_task(task: Task) -> dict[str, Any]:
    """Solve one task in this process and score it: a CSV row (status ok, infeasible or error)."""
    inst = task.instance
    row = _row(task, "error", "")
    try:
        vrp = inst.load()
        solve = engine(task.engine)
        t0 = time.perf_counter()
        solution = solve(vrp, time_limit_s=task.time_limit_s, seed=task.seed, solution_limit=None)
        row["seconds"] = round(time.perf_counter() - t0, 1)
    except Exception as exc:  # noqa: BLE001 - an engine failure is a result of the benchmark, not its end
        row["message"] = f"{type(exc).__name__}: {exc}"[:300]
        return row
    cost = inst.distance(vrp, solution.routes)
    row["cost"] = round(cost, 2)
    row["gap_pct"] = round(100 * (cost - inst.bks_cost) / inst.bks_cost, 2) + 0.0  # no "-0.0"
    row["vehicles"] = sum(1 for r in solution.routes if r.clients)
    problems = check(vrp, solution)
    recomputed = solution_cost(vrp, solution.routes, solution.dropped)
    if recomputed != solution.cost:
        problems.append(f"the engine reports cost {solution.cost}, the routes cost {recomputed}")
    row["status"] = "infeasible" if problems else "ok"
    won = [f"answer from {solution.engine}"] if solution.engine not in ("", task.engine) else []  # a portfolio's
    row["message"] = "; ".join(won + problems)[:300]
    return row


def _child(task: Task, conn: Connection) -> None:
    """Process entry: run one task and send its row back."""
    conn.send(run_task(task))
    conn.close()


def run_tasks(tasks: Iterable[Task], jobs: int = 2, out: Path | None = None, keep: Sequence[dict[str, Any]] = (),
              verbose: bool = True) -> list[dict[str, Any]]:
    """Run every task in a fresh process, ``jobs`` at a time; the rows of ``keep`` and one per task, sorted.

    The rows so far are rewritten to the CSV ``out`` (if given) as each task finishes.

    A process that dies without an answer gives a ``crash`` row; one still running at three times
    its time limit plus a minute is killed and gives a ``timeout`` row.
    """
    ctx = mp.get_context("spawn")
    queue = list(tasks)
    running: dict[Connection, tuple[Any, Task, float]] = {}
    rows = list(keep)
    try:
        while queue or running:
            while queue and len(running) < jobs:
                task = queue.pop(0)
                recv, send = ctx.Pipe(duplex=False)
                # not a daemon: an engine may start processes of its own (the portfolio does)
                proc = ctx.Process(target=_child, args=(task, send))
                proc.start()
                send.close()
                running[recv] = (proc, task, time.monotonic() + 3 * task.time_limit_s + 60)
            ready = wait(list(running), timeout=5)
            for recv in list(running):
                proc, task, deadline = running[recv]
                if recv in ready:
                    try:
                        row = recv.recv()
                    except EOFError:
                        proc.join(5)
                        row = _row(task, "crash", f"the engine process died (exit code {proc.exitcode})")
                elif time.monotonic() > deadline:
                    proc.kill()
                    row = _row(task, "timeout", f"no answer after {3 * task.time_limit_s + 60:.0f} s; killed")
                else:
                    continue
                proc.join(5)
                recv.close()
                del running[recv]
                rows.append(row)
                rows.sort(key=_order)
                if out is not None:
                    write_csv(out, rows)
                if verbose:
                    print(f"{row['instance']:>12} {row['engine']:>9} {row['status']:>10} cost {row['cost']} "
                          f"gap {row['gap_pct']} % veh {row['vehicles']} {row['seconds']} s {row['message']}",
                          file=sys.stderr, flush=True)
    finally:
        for proc, _, _ in running.values():
            proc.kill()
    return rows


def _row(task: Task, status: str, message: str) -> dict[str, Any]:
    """A CSV row of ``task`` with no solution yet."""
    inst = task.instance
    return {"set": inst.set, "instance": inst.name, "n": inst.n_clients, "engine": task.engine, "status": status,
            "cost": "", "bks": inst.bks_cost, "gap_pct": "", "vehicles": "", "bks_vehicles": inst.bks_vehicles,
            "seconds": "", "time_limit_s": task.time_limit_s, "seed": task.seed, "message": message}


def _order(row: dict[str, Any]) -> tuple[int, int, str, str]:
    """Rows by set, size, instance and engine."""
    return list(SETS).index(row["set"]), int(row["n"]), row["instance"], row["engine"]


def table(rows: Sequence[dict[str, Any]], engines: Sequence[str]) -> str:
    """A markdown table: one line per instance, cost, gap %, vehicles and seconds for each engine."""
    head = ["set", "instance", "n", "BKS", "BKS veh"]
    for e in engines:
        head += [f"{e} cost", "gap %", "veh", "s"]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    by_key = {(r["set"], r["instance"], r["engine"]): r for r in rows}
    for key in dict.fromkeys((r["set"], r["instance"]) for r in sorted(rows, key=_order)):
        first = next(by_key[(*key, e)] for e in engines if (*key, e) in by_key)
        cells = [key[0], key[1], str(first["n"]), f"{float(first['bks']):g}", str(first["bks_vehicles"])]
        for e in engines:
            r = by_key.get((*key, e))
            if r is None:
                cells += ["", "", "", ""]
            elif r["status"] != "ok":
                cells += [str(r["status"]), "", str(r["vehicles"]), str(r["seconds"])]
            else:
                cells += [f"{float(r['cost']):g}", f"{float(r['gap_pct']):.2f}", str(r["vehicles"]), str(r["seconds"])]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def summary(rows: Sequence[dict[str, Any]], engines: Sequence[str]) -> str:
    """Mean gap per engine and set, over the instances solved feasibly, with how many those are.

    In the hierarchical set a solution with more vehicles than the BKS is worse whatever its
    distance, so its distance gap stays out of the mean (it is counted as above BKS).
    """
    lines = ["| set | engine | mean gap % | solved | vehicles above BKS |", "|---|---|---|---|---|"]
    for s in SETS:
        for e in engines:
            mine = [r for r in rows if r["set"] == s and r["engine"] == e]
            ok = [r for r in mine if r["status"] == "ok"]
            if not mine:
                continue
            above = [r for r in ok if int(r["vehicles"]) > int(r["bks_vehicles"])]
            scored = [r for r in ok if s != HIERARCHICAL or r not in above]
            gap = f"{mean(float(r['gap_pct']) for r in scored):.2f}" if scored else "-"
            if len(scored) < len(ok):
                gap += f" (over {len(scored)})"
            lines.append(f"| {s} | {e} | {gap} | {len(ok)}/{len(mine)} | {len(above)} |")
    return "\n".join(lines)


def read_csv(path: Path) -> list[dict[str, Any]]:
    """Rows of a results CSV."""
    with path.open(newline="") as f:
        return list(csv.DictReader(f))


def _engines(rows: Sequence[dict[str, Any]]) -> list[str]:
    """Engines of the rows, in the registry's order."""
    names = {r["engine"] for r in rows}
    return [e for e in ENGINES if e in names] + sorted(names - set(ENGINES))


def write_csv(path: Path, rows: Sequence[dict[str, Any]]) -> None:
    """Rows to a CSV with the ``FIELDS`` columns."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", newline="") as f:
        writer = csv.DictWriter(f, FIELDS)
        writer.writeheader()
        writer.writerows(rows)


def main(argv: Sequence[str] | None = None) -> int:
    """Command line: run the benchmark, write the CSV, print the table and the mean gaps."""
    p = argparse.ArgumentParser(prog="python -m bench.cvrplib.run", description=__doc__.splitlines()[0])
    p.add_argument("--engines", default=",".join(ENGINES), help="comma-separated engine names (default: all)")
    p.add_argument("--instances", default="", help="comma-separated instance names (default: all)")
    p.add_argument("--sets", default=",".join(SETS), help="comma-separated sets (default: all)")
    p.add_argument("--max-nodes", type=int, default=701,
                   help="leave out larger instances (default 701; 1001 takes X-n1001-k43 in)")
    p.add_argument("--time", type=float, default=30, help=f"seconds per instance up to {SMALL_NODES} nodes")
    p.add_argument("--time-large", type=float, default=60, help="seconds per larger instance")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--jobs", type=int, default=2, help="engine processes at once, at most one per core (default 2)")
    p.add_argument("--bench-dir", type=Path, default=BENCH_DIR,
                   help="folder of the BKS files and the cvrp/ and vrptw/ instances (default: bench/instances)")
    p.add_argument("--out", type=Path, default=Path("bench/cvrplib/results.csv"))
    p.add_argument("--update", action="store_true",
                   help="keep the rows of --out for other engines and instances; replace only those run now")
    p.add_argument("--report", action="store_true", help="print the table and mean gaps of --out; solve nothing")
    args = p.parse_args(argv)
    if args.report:
        rows = read_csv(args.out)
        print(table(rows, _engines(rows)) + "\n\n" + summary(rows, _engines(rows)))
        return 0

    engines = [e for e in args.engines.split(",") if e]
    sets = [s for s in args.sets.split(",") if s]
    names = {n for n in args.instances.split(",") if n}
    unknown = [e for e in engines if e not in ENGINES] + [s for s in sets if s not in SETS]
    if unknown:
        p.error(f"unknown engine or set: {', '.join(unknown)}")
    chosen = [i for i in find_instances(args.bench_dir)
              if i.set in sets and (i.name in names if names else i.n_clients + 1 <= args.max_nodes)]
    if names - {i.name for i in chosen}:
        p.error(f"no such instance in the chosen sets: {', '.join(sorted(names - {i.name for i in chosen}))}")
    tasks = [Task(i, e, args.time if i.n_clients + 1 <= SMALL_NODES else args.time_large, args.seed)
             for i in chosen for e in engines]
    print(f"{len(tasks)} runs, {args.jobs} at a time", file=sys.stderr)

    now = {(t.instance.set, t.instance.name, t.engine) for t in tasks}
    keep = [r for r in read_csv(args.out) if (r["set"], r["instance"], r["engine"]) not in now] \
        if args.update and args.out.exists() else []
    rows = run_tasks(tasks, args.jobs, args.out, keep)
    print(table(rows, _engines(rows)) + "\n\n" + summary(rows, _engines(rows)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
