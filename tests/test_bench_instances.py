"""Benchmark instance readers (bench/cvrplib/instances.py): CVRPLIB, Solomon, solutions and BKS."""

from __future__ import annotations

import math
from pathlib import Path

import pytest

import bench
from bench.cvrplib.instances import (
    BENCH_DIR,
    BKS_FILES,
    SETS,
    InstanceError,
    find_instances,
    read_cvrplib,
    read_solomon,
    read_solution,
)
from routing.solve.vrp import route_problems

# The public instances bundled in bench/instances (bench/instances/README.md): set -> instance names.
BUNDLED = {
    "cvrp_X": {"X-n101-k25", "X-n157-k13", "X-n209-k16", "X-n303-k21", "X-n401-k29", "X-n502-k39", "X-n701-k44",
               "X-n1001-k43"},
    "vrptw_solomon": {"C101", "R101", "RC101", "C201", "R201", "RC201"},
    "vrptw_solomon_hierarchical": {"C101", "R101", "RC101", "C201", "R201", "RC201"},
}

TINY_VRP = """NAME : tiny-n4
TYPE : CVRP
DIMENSION : 4
EDGE_WEIGHT_TYPE : EUC_2D
CAPACITY : 10
NODE_COORD_SECTION
1 0 0
2 3 4
3 6 8
4 0 7
DEMAND_SECTION
1 0
2 4
3 5
4 6
DEPOT_SECTION
1
-1
EOF
"""
TINY_SOLOMON = """T3

VEHICLE
NUMBER     CAPACITY
  2         10

CUSTOMER
CUST NO.  XCOORD.   YCOORD.    DEMAND   READY TIME  DUE DATE   SERVICE   TIME

    0      0         0          0          0       100          0
    1      1         1          4          0        50          2
    2      2         0          5          5        50          2
    3      0         3          6          0         5          1
"""
BKS_HEAD = "instance,set,n,vehicles_bks,cost_bks,source\n"


def write_tiny_bench(root: Path) -> Path:
    """A bench folder with one tiny CVRP and one tiny VRPTW instance, their best solutions and BKS files."""
    (root / "cvrp").mkdir(parents=True)
    (root / "vrptw").mkdir()
    (root / "cvrp" / "tiny-n4.vrp").write_text(TINY_VRP)
    (root / "cvrp" / "tiny-n4.sol").write_text("Route #1: 1 2\nRoute #2: 3\nCost 34\n")
    (root / "vrptw" / "T3.txt").write_text(TINY_SOLOMON)
    (root / "vrptw" / "T3.sol").write_text("Route #1: 3 1\nRoute #2: 2\nCost 10.6\n")
    (root / "BKS.csv").write_text(BKS_HEAD + "tiny-n4,cvrp_X,3,2,34,hand\nT3,vrptw_solomon,3,2,10.6,hand\n")
    (root / "BKS_solomon_hierarchical.csv").write_text(BKS_HEAD + "T3,vrptw_solomon_hierarchical,3,2,10.65,hand\n")
    return root


@pytest.fixture
def tiny_bench(tmp_path: Path) -> Path:
    """The tiny bench folder."""
    return write_tiny_bench(tmp_path / "bench")


@pytest.fixture(params=["bundled", "tiny"])
def bench_dir(request: pytest.FixtureRequest, tmp_path: Path) -> Path:
    """The instances bundled in bench/instances, and the tiny bench folder."""
    return BENCH_DIR if request.param == "bundled" else write_tiny_bench(tmp_path / "bench")


def test_bundled_instances_are_in_the_repository() -> None:
    """The benchmarks read bench/instances of this checkout; it holds every instance with its .sol, nothing unread."""
    assert BENCH_DIR == Path(bench.__file__).resolve().parent / "instances"
    found = find_instances(BENCH_DIR)
    assert {s: {i.name for i in found if i.set == s} for s in BUNDLED} == BUNDLED
    assert all(i.path.parent.parent == BENCH_DIR for i in found)
    named = {f"{SETS[i.set][0]}/{i.name}{suffix}" for i in found for suffix in (SETS[i.set][1], ".sol")}
    files = {p.relative_to(BENCH_DIR).as_posix() for p in BENCH_DIR.rglob("*") if p.is_file()
             and "__pycache__" not in p.parts}
    sbrp = {f"sbrp/sbr{k}.txt" for k in range(1, 11)} | {"sbrp/SOURCE.txt"}  # kept with their provenance note
    assert files == named | {*BKS_FILES, "README.md"} | sbrp


def test_best_known_solutions_are_feasible_and_cost_the_bks(bench_dir: Path) -> None:
    """Each .sol serves every client once, keeps every rule, and costs exactly the BKS."""
    checked = 0
    for inst in find_instances(bench_dir):
        if inst.hierarchical:
            continue
        sol = inst.path.with_suffix(".sol")
        assert sol.exists(), inst.name
        vrp = inst.load()
        routes, cost = read_solution(sol)
        assert sorted(c for r in routes for c in r.clients) == list(range(vrp.n_clients)), inst.name
        assert [p for r in routes for p in route_problems(vrp, r)] == [], inst.name
        assert inst.distance(vrp, routes) == pytest.approx(cost, abs=1e-9) == inst.bks_cost, inst.name
        checked += 1
    assert checked == (len(BUNDLED["cvrp_X"]) + len(BUNDLED["vrptw_solomon"]) if bench_dir == BENCH_DIR else 2)


def test_hierarchical_fixed_cost_outweighs_any_distance(bench_dir: Path) -> None:
    """One vehicle costs more than the longest possible solution; reported distances are unrounded."""
    hierarchical = [i for i in find_instances(bench_dir) if i.hierarchical]
    assert len(hierarchical) == (len(BUNDLED["vrptw_solomon_hierarchical"]) if bench_dir == BENCH_DIR else 1)
    for inst in hierarchical:
        vrp = inst.load()
        vt = vrp.vehicle_types[0]
        longest = (vrp.n_clients + vt.count) * max(map(max, vrp.distance))
        assert vt.fixed_cost > longest, inst.name
        routes, truncated = read_solution(inst.path.with_suffix(".sol"))
        unrounded = inst.distance(vrp, routes)
        rounded = sum(vrp.distance[a][b] for r in routes
                      for a, b in zip([0, *map(vrp.node, r.clients)], [*map(vrp.node, r.clients), 0])) / inst.scale
        arcs = vrp.n_clients + len(routes)
        assert truncated <= unrounded <= truncated + 0.1 * arcs, inst.name
        assert abs(rounded - unrounded) <= 0.05 * arcs, inst.name


def test_cvrplib_tiny_instance(tiny_bench: Path) -> None:
    """Nint distances, demands, capacity and an unlimited fleet of the tiny CVRP instance."""
    vrp = read_cvrplib(tiny_bench / "cvrp" / "tiny-n4.vrp")
    assert vrp.n_depots == 1 and vrp.demand == (4, 5, 6) and vrp.names == ("2", "3", "4")
    assert vrp.distance[0] == (0, 5, 10, 7)
    assert vrp.distance[1][3] == 4 and vrp.distance[2][3] == 6  # 4.24 and 6.08
    assert vrp.duration == vrp.distance
    (vt,) = vrp.vehicle_types
    assert (vt.count, vt.capacity, vt.fixed_cost, vt.unit_cost) == (3, 10, 0, 1)


def test_cvrplib_depot_becomes_node_zero(tmp_path: Path) -> None:
    """A depot listed last is node 0 and the other nodes keep their order."""
    path = tmp_path / "late-depot.vrp"
    path.write_text(TINY_VRP.replace("DEPOT_SECTION\n1\n", "DEPOT_SECTION\n4\n").replace("4 6\n", "4 0\n")
                    .replace("1 0\n2 4", "1 6\n2 4"))
    vrp = read_cvrplib(path)
    assert vrp.names == ("1", "2", "3") and vrp.demand == (6, 4, 5)
    assert vrp.distance[0] == (0, 7, 4, 6)


def test_cvrplib_problems_are_collected(tmp_path: Path) -> None:
    """A file with several faults raises once, naming each of them."""
    path = tmp_path / "bad.vrp"
    path.write_text(TINY_VRP.replace("EUC_2D", "GEO").replace("CAPACITY : 10", "CAPACITY : ten"))
    with pytest.raises(InstanceError, match="EDGE_WEIGHT_TYPE is 'GEO'.*CAPACITY is 'ten'"):
        read_cvrplib(path)


def test_solomon_dimacs_and_hierarchical(tiny_bench: Path) -> None:
    """Scaled windows and service; DIMACS truncates arcs, hierarchical rounds them and rounds travel times up."""
    path = tiny_bench / "vrptw" / "T3.txt"
    dimacs = read_solomon(path, hierarchical=False)
    assert dimacs.distance[0] == (0, 14, 20, 30) and dimacs.distance[2][3] == 36  # 1.41, 2, 3, 3.61
    assert dimacs.duration == dimacs.distance
    assert dimacs.tw_early == (0, 50, 0) and dimacs.tw_late == (500, 500, 50) and dimacs.service == (20, 20, 10)
    (vt,) = dimacs.vehicle_types
    assert (vt.count, vt.capacity, vt.fixed_cost, vt.tw_early, vt.tw_late) == (2, 10, 0, 0, 1000)
    h = read_solomon(path)
    assert h.distance[1][3] == 22 and h.duration[1][3] == 23  # 22.36
    assert h.vehicle_types[0].fixed_cost == (3 + 2) * 36 + 1
    assert math.isclose(read_solomon(path, scale=100).distance[2][3], 361)
