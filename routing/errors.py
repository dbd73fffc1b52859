"""Every typed error returnbus raises on purpose, with the exit code the CLI maps it to.

======  ==============================================================================
exit    meaning
======  ==============================================================================
0       success
1       internal error (a bug; ``--debug`` shows the traceback), or a plan that breaks a rule
2       bad input: scenario folder, roster file, plan.json, generator parameter, coach id
3       no Chinese font on the machine for the PDF manifests (``FontNotFound``)
4       the optimizer found no solution (``SolverError``)
5       the outputs cannot be written: disk full, no permission, folder busy or not returnbus's (``OutputError``)
======  ==============================================================================

Workers who cannot be served are not errors: they are ``unassigned`` with a reason code.
"""

from __future__ import annotations

from routing.privacy import mask_in_text

INTERNAL = 1
BAD_INPUT = 2
NO_FONT = 3
SOLVER_FAILED = 4
CANNOT_WRITE = 5


class ReturnbusError(Exception):
    """Base of every error returnbus raises on purpose."""

    exit_code = INTERNAL


class ScenarioError(ReturnbusError, ValueError):
    """The scenario folder cannot be planned; carries every problem found."""

    exit_code = BAD_INPUT

    def __init__(self, problems: list[str]) -> None:
        self.problems = [mask_in_text(p) for p in problems]
        super().__init__("\n".join(self.problems))


class RosterFileError(ReturnbusError, ValueError):
    """A roster file cannot be read at all (unreadable, wrong format, damaged, no usable header)."""

    exit_code = BAD_INPUT


class DamagedWorkbook(ReturnbusError, ValueError):
    """The file cannot be read as an XLSX workbook (the roster reader reports it as a ``RosterFileError``)."""

    exit_code = BAD_INPUT


class GenerateError(ReturnbusError, ValueError):
    """A parameter of a generated scenario or roster is wrong; the message names it."""

    exit_code = BAD_INPUT


class PlanFileError(ReturnbusError, ValueError):
    """A plan.json file cannot be read."""

    exit_code = BAD_INPUT


class UnknownCoachError(ReturnbusError, ValueError):
    """A coach id asked for (``--bus``) is not in the plan; the message lists the plan's coaches."""

    exit_code = BAD_INPUT


class PlanMismatchError(ReturnbusError, ValueError):
    """A plan names people or places its scenario does not have (the plan was made from another scenario)."""

    exit_code = BAD_INPUT


class FontNotFound(ReturnbusError):
    """No font file with Chinese characters was found (PDF manifests need one to embed)."""

    exit_code = NO_FONT


class SolverError(ReturnbusError, RuntimeError):
    """The optimizer failed to return any solution."""

    exit_code = SOLVER_FAILED


class OutputError(ReturnbusError):
    """The outputs cannot be written where asked (disk full, no permission, another run, a folder of other files)."""

    exit_code = CANNOT_WRITE
