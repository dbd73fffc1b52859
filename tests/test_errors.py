"""Tests for routing.errors: the error classes and their exit codes."""

from __future__ import annotations

import pytest

from routing.errors import PlanFileError, ReturnbusError, ScenarioError, SolverError


@pytest.mark.parametrize(("cls", "code", "builtin"), [
    (ReturnbusError, 1, Exception),
    (PlanFileError, 2, ValueError),
    (SolverError, 4, RuntimeError),
])
def test_exit_codes(cls: type[ReturnbusError], code: int, builtin: type[Exception]) -> None:
    """Internal 1, bad input 2, solver failure 4; each also subclasses a builtin."""
    err = cls("message")
    assert err.exit_code == code
    assert isinstance(err, ReturnbusError)
    assert isinstance(err, builtin)
    assert str(err) == "message"


def test_scenario_error_carries_every_problem() -> None:
    """ScenarioError exits 2, keeps its problems as a list and prints them one per line."""
    problems = ["workers.csv row 1: id is empty", "employers.csv row 2: id is empty"]
    err = ScenarioError(problems)
    assert err.exit_code == 2
    assert isinstance(err, ValueError)
    assert err.problems == problems
    assert err.problems is not problems  # a copy: the caller's list may change
    assert str(err) == "workers.csv row 1: id is empty\nemployers.csv row 2: id is empty"
