"""Typed errors and the exit codes the CLI maps them to."""

from __future__ import annotations


class ReturnbusError(Exception):
    """Base of every error returnbus raises on purpose."""

    exit_code = 1


class ScenarioError(ReturnbusError, ValueError):
    """The scenario folder cannot be planned; carries every problem found."""

    exit_code = 2

    def __init__(self, problems: list[str]) -> None:
        self.problems = list(problems)
        super().__init__("\n".join(self.problems))


class PlanFileError(ReturnbusError, ValueError):
    """A plan.json file cannot be read."""

    exit_code = 2


class SolverError(ReturnbusError, RuntimeError):
    """The optimizer failed to return any solution."""

    exit_code = 4
