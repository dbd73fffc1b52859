"""Imports run one way: no cycles between modules or rooms, maps only from the CLI, maps reads only plan and geo."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("routing", "maps")
MAPS_MAY_IMPORT = ("routing.plan", "routing.geo")


def _modules() -> dict[str, Path]:
    """Every module of the packages by dotted name (a package by its own name)."""
    out = {}
    for pkg in PACKAGES:
        for path in sorted((ROOT / pkg).rglob("*.py")):
            parts = path.relative_to(ROOT).with_suffix("").parts
            out[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    return out


MODULES = _modules()


def _imports(name: str, path: Path) -> set[str]:
    """The modules of the packages that ``name`` imports anywhere in its file (functions included)."""
    is_package = path.name == "__init__.py"
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = name.split(".") if is_package else name.split(".")[:-1]
                anchor = anchor[: len(anchor) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            for alias in node.names:
                sub = f"{base}.{alias.name}"
                found.add(sub if sub in MODULES else base)
    return {m for m in found if m in MODULES and m != name}


GRAPH = {name: _imports(name, path) for name, path in MODULES.items()}


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one member (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on: set[str] = set()
    out: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on.add(v)
        for w in sorted(graph.get(v, ())):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                out.append(sorted(comp))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return out


def _room(module: str) -> str:
    """The room a module stands in: ``routing.<room>`` for a subpackage, the module itself on the ground floor."""
    parts = module.split(".")
    return ".".join(parts[:2]) if parts[0] == "routing" else parts[0]


def test_the_graph_sees_the_known_edges() -> None:
    """The parser finds imports of every form: absolute, of a submodule, and inside a function."""
    assert "routing.pipeline" in GRAPH["routing.cli.plan"]
    assert "maps.plan_map" in GRAPH["routing.cli.plan"]
    assert "routing.solve.engines.portfolio" in GRAPH["routing.solve.engines"]  # imported inside engine()
    assert "routing.geo.gazetteer" in GRAPH["routing.geo.calibration"]


def test_no_module_cycles() -> None:
    """No module imports itself through others."""
    assert _cycles(GRAPH) == []


def test_no_room_cycles() -> None:
    """Rooms (routing's subpackages and ground-floor modules) import one way too."""
    rooms: dict[str, set[str]] = {}
    for module, deps in GRAPH.items():
        if module.startswith("routing"):
            rooms.setdefault(_room(module), set()).update(_room(d) for d in deps if d.startswith("routing"))
    for room, deps in rooms.items():
        deps.discard(room)
    assert _cycles(rooms) == []


def test_routing_imports_maps_only_in_the_cli() -> None:
    """Only routing.cli draws maps; the library never imports them."""
    offenders = sorted(f"{m} -> {d}" for m, deps in GRAPH.items() if m.startswith("routing")
                       and not m.startswith("routing.cli") for d in deps if d.startswith("maps"))
    assert offenders == []


def test_maps_reads_only_the_plan_and_geography() -> None:
    """maps reads a Plan and geography, nothing else of routing."""
    offenders = sorted(f"{m} -> {d}" for m, deps in GRAPH.items() if m.startswith("maps")
                       for d in deps if d.startswith("routing") and not d.startswith(MAPS_MAY_IMPORT))
    assert offenders == []


def test_a_cycle_is_found() -> None:
    """The cycle finder finds a made-up cycle, so the tests above can fail."""
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
