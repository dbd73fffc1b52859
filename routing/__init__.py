"""returnbus: plan point-to-point charter coaches that bring workers back to their jobs.

The few calls a script needs, imported only when first used (``import routing`` stays light)::

    import routing

    scenario = routing.load_scenario("scenarios/guyuan-2020-02-21")
    plan = routing.make_plan(scenario)
    assert routing.check_plan(plan, scenario) == []
    routing.write_outputs(plan, scenario, "out")        # plan.json, manifests, timetables, notices, index.html
    same = routing.read_plan("out/plan.json")

Maps are drawn by the separate ``maps`` package (``maps.write_map(plan, "out/map.html")``).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

# public name -> (module, attribute)
_PUBLIC = {
    "load_scenario": ("routing.scenario.load", "load_scenario"),
    "make_plan": ("routing.pipeline", "make_plan"),
    "check_plan": ("routing.check", "check_plan"),
    "read_plan": ("routing.plan.codec", "read_plan"),
    "write_plan": ("routing.plan.codec", "write_plan"),
    "write_outputs": ("routing.outputs.writer", "write_outputs"),
    "Scenario": ("routing.model", "Scenario"),
    "Plan": ("routing.plan.model", "Plan"),
    "ReturnbusError": ("routing.errors", "ReturnbusError"),
}
__all__ = ["Plan", "ReturnbusError", "Scenario", "check_plan", "load_scenario", "make_plan", "read_plan",
           "write_outputs", "write_plan"]

if TYPE_CHECKING:
    from routing.check import check_plan
    from routing.errors import ReturnbusError
    from routing.model import Scenario
    from routing.outputs.writer import write_outputs
    from routing.pipeline import make_plan
    from routing.plan.codec import read_plan, write_plan
    from routing.plan.model import Plan
    from routing.scenario.load import load_scenario


def __getattr__(name: str) -> Any:
    """Import a public name on first use."""
    try:
        module, attribute = _PUBLIC[name]
    except KeyError:
        raise AttributeError(f"module 'routing' has no attribute {name!r}") from None
    value = getattr(importlib.import_module(module), attribute)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *_PUBLIC])
