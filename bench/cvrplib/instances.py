"""Public benchmark instances read into a plain ``VRP``, with their best-known solutions.

- ``read_cvrplib``: a CVRPLIB instance in TSPLIB format (the X set): one depot, EUC_2D
  distances rounded to the nearest integer ("nint"), an unlimited fleet of one capacity.
- ``read_solomon``: a Solomon VRPTW instance, either as the DIMACS convention scores it
  (distance only, arcs truncated to one decimal) or hierarchically (fewest vehicles first,
  then distance).
- ``read_solution``: the routes and cost of a CVRPLIB ``.sol`` file.
- ``read_bks`` and ``find_instances``: the best-known costs and the instance files of a
  bench folder laid out as ``BKS.csv``, ``BKS_solomon_hierarchical.csv``, ``cvrp/`` and
  ``vrptw/`` (``BENCH_DIR``, the instances bundled in ``bench/instances/``, is one).
"""

from __future__ import annotations

import csv
import itertools
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from routing.solve.vrp import VRP, Route, VehicleType, route_cost

BENCH_DIR = Path(__file__).resolve().parent.parent / "instances"  # bench/instances: the bundled public instances
SOLOMON_SCALE = 10  # one decimal, the precision Solomon results are quoted in
BKS_FILES = ("BKS.csv", "BKS_solomon_hierarchical.csv")
# set name in the BKS files -> (instance folder, file suffix)
SETS = {
    "cvrp_X": ("cvrp", ".vrp"),
    "vrptw_solomon": ("vrptw", ".txt"),
    "vrptw_solomon_hierarchical": ("vrptw", ".txt"),
}
HIERARCHICAL = "vrptw_solomon_hierarchical"  # the set that ranks vehicles before distance


class InstanceError(ValueError):
    """An instance, solution or BKS file cannot be read; the message names the file and every problem."""

    def __init__(self, path: Path, problems: Sequence[str]) -> None:
        self.problems = list(problems)
        super().__init__(f"{path}: " + "; ".join(self.problems))


def _nint(x: float) -> int:
    """Nearest integer as TSPLIB's ``nint`` (halves up; a Euclidean distance between integer points is never a half)."""
    return int(x + 0.5)


def _matrix(xy: Sequence[tuple[float, float]], scale: int, to_int: Callable[[float], int]) -> tuple[tuple[int, ...], ...]:
    """Euclidean distances between all points, times ``scale``, made whole by ``to_int``."""
    return tuple(tuple(to_int(scale * math.hypot(ax - bx, ay - by)) for bx, by in xy) for ax, ay in xy)


def read_cvrplib(path: str | Path) -> VRP:
    """A CVRPLIB instance (TSPLIB format, EUC_2D, one depot) as a ``VRP``.

    Node 0 is the depot and the other nodes follow in file order, so client ``k`` is the
    ``k + 1``-th non-depot node (for the X set, whose depot is node 1: TSPLIB node ``k + 2``,
    customer ``k + 1`` of a ``.sol`` file). Distance and duration are the Euclidean distance
    rounded to the nearest integer, as the CVRPLIB best-known costs are computed. The fleet
    is one vehicle type with the file's ``CAPACITY``, one vehicle per client (the X set puts
    no limit on the fleet), no fixed cost and unit cost 1; every client must be served.

    Raises
    ------
    InstanceError
        With every problem found (missing section, other edge weight type, several depots...).
    """
    path = Path(path)
    header: dict[str, str] = {}
    coords: dict[int, tuple[float, float]] = {}
    demand: dict[int, int] = {}
    depots: list[int] = []
    problems: list[str] = []
    section = ""
    for lineno, line in enumerate(path.read_text().splitlines(), 1):
        words = line.split()
        if not words:
            continue
        if words[0] == "EOF":
            break
        if words[0].endswith("_SECTION"):
            section = words[0]
        elif ":" in line:
            key, _, value = line.partition(":")
            header[key.strip()] = value.strip()
            section = ""
        elif section == "NODE_COORD_SECTION" and len(words) == 3:
            coords[int(words[0])] = (float(words[1]), float(words[2]))
        elif section == "DEMAND_SECTION" and len(words) == 2:
            demand[int(words[0])] = int(words[1])
        elif section == "DEPOT_SECTION" and len(words) == 1:
            if int(words[0]) >= 0:
                depots.append(int(words[0]))
        else:
            problems.append(f"line {lineno}: cannot read {line.strip()!r}")
    if header.get("EDGE_WEIGHT_TYPE") != "EUC_2D":
        problems.append(f"EDGE_WEIGHT_TYPE is {header.get('EDGE_WEIGHT_TYPE')!r}, expected 'EUC_2D'")
    if not header.get("CAPACITY", "").isdigit():
        problems.append(f"CAPACITY is {header.get('CAPACITY')!r}, expected a whole number")
    if len(depots) != 1:
        problems.append(f"{len(depots)} depots in DEPOT_SECTION, expected 1")
    if not coords:
        problems.append("no NODE_COORD_SECTION")
    if header.get("DIMENSION", "").isdigit() and int(header["DIMENSION"]) != len(coords):
        problems.append(f"DIMENSION is {header['DIMENSION']} but {len(coords)} nodes have coordinates")
    if set(demand) != set(coords):
        problems.append(f"{len(set(coords) ^ set(demand))} nodes lack either a coordinate or a demand")
    if problems:
        raise InstanceError(path, problems)
    depot = depots[0]
    ids = [depot, *(i for i in coords if i != depot)]
    dist = _matrix([coords[i] for i in ids], 1, _nint)
    n_clients = len(ids) - 1
    fleet = VehicleType(count=n_clients, capacity=int(header["CAPACITY"]), start_depot=0, end_depot=0,
                        name=header.get("NAME", path.stem))
    return VRP(n_depots=1, distance=dist, duration=dist, demand=tuple(demand[i] for i in ids[1:]),
               vehicle_types=(fleet,), names=tuple(str(i) for i in ids[1:]))


def read_solomon(path: str | Path, scale: int = SOLOMON_SCALE, hierarchical: bool = True) -> VRP:
    """A Solomon VRPTW instance as a ``VRP``, every number multiplied by ``scale``.

    Engines work in whole numbers, so distances, travel times (equal to distances), service
    times and time windows are multiplied by ``scale`` (default 10: one decimal, the
    precision results are quoted in) before they are made whole; divide a cost by ``scale``
    to get the instance's own units.

    Parameters
    ----------
    path
        The instance (``.txt``: name, ``VEHICLE NUMBER CAPACITY``, then one row per customer,
        customer 0 being the depot).
    scale
        Multiplier applied before rounding.
    hierarchical
        True (default): the literature's objective, fewest vehicles first and then distance,
        on unrounded Euclidean lengths. Distances are rounded to the nearest whole number, an
        error that averages out over a solution (its cost stays within a fraction of a unit of
        its unrounded length, which ``Instance.distance`` reports); travel times are rounded up, so a route that keeps the windows
        here keeps them in unrounded time too. Every vehicle pays a fixed cost larger than any
        solution's distance ((clients + vehicles) × longest arc + 1), so one vehicle fewer
        always wins.
        False: the DIMACS convention, distance only with no fixed cost; arcs are truncated
        (rounded down) to ``1 / scale``, which for ``scale=10`` gives exactly the DIMACS arc
        lengths and travel times, so costs compare with those best-known costs exactly.

    The fleet is the file's ``NUMBER`` of vehicles with its ``CAPACITY``; a route leaves the
    depot no earlier than its ready time and returns by its due date; a client's window
    bounds the start of its service.
    """
    path = Path(path)
    count, capacity, rows = _solomon_table(path)
    xy = [(r[1], r[2]) for r in rows]
    dist = _matrix(xy, scale, _nint if hierarchical else math.floor)
    duration = _matrix(xy, scale, math.ceil) if hierarchical else dist
    clients = rows[1:]
    fixed_cost = (len(clients) + count) * max(map(max, dist)) + 1 if hierarchical else 0
    depot = rows[0]
    fleet = VehicleType(count=count, capacity=capacity, start_depot=0, end_depot=0, fixed_cost=fixed_cost,
                        tw_early=round(depot[4] * scale), tw_late=round(depot[5] * scale),
                        name=path.stem)
    return VRP(n_depots=1, distance=dist, duration=duration,
               demand=tuple(int(r[3]) for r in clients),
               vehicle_types=(fleet,),
               service=tuple(round(r[6] * scale) for r in clients),
               tw_early=tuple(round(r[4] * scale) for r in clients),
               tw_late=tuple(round(r[5] * scale) for r in clients),
               names=tuple(str(int(r[0])) for r in clients))


def _solomon_table(path: Path) -> tuple[int, int, list[list[float]]]:
    """Fleet size, capacity and customer rows (number, x, y, demand, ready, due, service) of a Solomon file."""
    fleet_size: tuple[int, int] | None = None
    rows: list[list[float]] = []
    after_vehicle = False
    for line in path.read_text().splitlines():
        words = line.split()
        if words and words[0] == "VEHICLE":
            after_vehicle = True
        elif after_vehicle and len(words) == 2 and all(w.isdigit() for w in words):
            fleet_size = (int(words[0]), int(words[1]))
            after_vehicle = False
        elif len(words) == 7 and all(w.replace(".", "", 1).isdigit() for w in words):
            rows.append([float(w) for w in words])
    problems = []
    if fleet_size is None:
        problems.append("no VEHICLE NUMBER CAPACITY line")
    if len(rows) < 2 or rows[0][0] != 0:
        problems.append("the customer table must start with the depot, customer 0, and list at least one client")
    if [int(r[0]) for r in rows] != list(range(len(rows))):
        problems.append("customers must be numbered 0, 1, 2... in order")
    if problems or fleet_size is None:
        raise InstanceError(path, problems)
    return fleet_size[0], fleet_size[1], rows


def read_solution(path: str | Path) -> tuple[tuple[Route, ...], float]:
    """Routes and cost of a CVRPLIB ``.sol`` file (``Route #1: 3 7 ...`` lines, ``Cost 827.3``).

    Customer ``k`` of the file is client ``k - 1`` of the ``VRP`` the readers build.
    """
    path = Path(path)
    routes: list[Route] = []
    cost: float | None = None
    for line in path.read_text().splitlines():
        if line.startswith("Route"):
            routes.append(Route(0, tuple(int(w) - 1 for w in line.partition(":")[2].split())))
        elif line.startswith("Cost"):
            cost = float(line.split()[1])
    if cost is None or not routes:
        raise InstanceError(path, ["expected 'Route #k: ...' lines and a 'Cost' line"])
    return tuple(routes), cost


@dataclass(frozen=True)
class Instance:
    """One benchmark instance of a set, with its best-known solution.

    ``scale`` divides a ``VRP`` cost back into the instance's units; ``hierarchical`` says
    the set ranks vehicles before distance.
    """

    set: str
    name: str
    path: Path
    n_clients: int
    bks_cost: float
    bks_vehicles: int
    scale: int = 1
    hierarchical: bool = False

    def load(self) -> VRP:
        """The instance as a ``VRP`` (read from its file)."""
        if self.set == "cvrp_X":
            return read_cvrplib(self.path)
        return read_solomon(self.path, self.scale, self.hierarchical)

    def distance(self, vrp: VRP, routes: Sequence[Route]) -> float:
        """Distance of ``routes`` in the instance's units, as its best-known cost counts it.

        The ``VRP``'s own distances divided by ``scale`` (fixed vehicle costs left out), except
        for a hierarchical set, whose best-known costs are unrounded Euclidean lengths: those
        are measured on the file's coordinates.
        """
        if self.hierarchical:
            xy = [(r[1], r[2]) for r in _solomon_table(self.path)[2]]
            return sum(math.dist(xy[a], xy[b]) for r in routes if r.clients
                       for a, b in itertools.pairwise([0, *(vrp.node(c) for c in r.clients), 0]))
        total = sum(route_cost(vrp, r) - vrp.vehicle_types[r.vehicle_type].fixed_cost for r in routes if r.clients)
        return total / self.scale


@dataclass(frozen=True)
class Bks:
    """A best-known solution: its set, instance, number of clients, vehicles and cost."""

    set: str
    instance: str
    n: int
    vehicles: int
    cost: float


def read_bks(path: str | Path) -> list[Bks]:
    """Rows of a BKS file (columns ``instance,set,n,vehicles_bks,cost_bks,source``)."""
    path = Path(path)
    with path.open(newline="") as f:
        try:
            return [Bks(r["set"], r["instance"], int(r["n"]), int(r["vehicles_bks"]), float(r["cost_bks"]))
                    for r in csv.DictReader(f)]
        except (KeyError, ValueError) as exc:
            raise InstanceError(path, [f"cannot read a row: {exc}"]) from exc


def find_instances(bench_dir: str | Path) -> list[Instance]:
    """Every instance named in the bench folder's BKS files, ordered by set, size and name.

    Raises
    ------
    InstanceError
        When a BKS row names an unknown set or an instance whose file is missing.
    """
    bench_dir = Path(bench_dir)
    out: list[Instance] = []
    problems: list[str] = []
    for name in BKS_FILES:
        for b in read_bks(bench_dir / name):
            if b.set not in SETS:
                problems.append(f"{name}: unknown set {b.set!r} for {b.instance}")
                continue
            folder, suffix = SETS[b.set]
            path = bench_dir / folder / f"{b.instance}{suffix}"
            if not path.exists():
                problems.append(f"{name}: {b.instance} has no file {path}")
                continue
            solomon = b.set != "cvrp_X"
            out.append(Instance(b.set, b.instance, path, b.n, b.cost, b.vehicles,
                                scale=SOLOMON_SCALE if solomon else 1,
                                hierarchical=b.set == HIERARCHICAL))
    if problems:
        raise InstanceError(bench_dir, problems)
    return sorted(out, key=lambda i: (list(SETS).index(i.set), i.n_clients, i.name))
