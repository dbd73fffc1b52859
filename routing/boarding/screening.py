"""Eligibility screening: who may board (valid record, certificate, green code)."""

from __future__ import annotations

from routing.model import Scenario, Worker
from routing.plan.model import Unassigned
from routing.roster.idcard import id_number_problem


def screen_worker(worker: Worker) -> Unassigned | None:
    """Return why a worker may not board, or None when they may.

    Checks in order: a valid 18-character ID number (GB 11643), a health
    certificate, a green health code. The first failing check is the reason.
    """
    if (why := id_number_problem(worker.id_number)) is not None:
        return Unassigned(worker.id, "invalid_record", f"id_number {why}", worker.companions)
    if not worker.health_cert:
        return Unassigned(worker.id, "no_health_cert", "no certificate of 14 days at home", worker.companions)
    if worker.health_code != "green":
        return Unassigned(worker.id, "code_not_green", f"health code is {worker.health_code}", worker.companions)
    return None


def screen(scenario: Scenario) -> tuple[tuple[Worker, ...], tuple[Unassigned, ...]]:
    """Split the roster into eligible workers and exceptions (roster order kept)."""
    eligible: list[Worker] = []
    exceptions: list[Unassigned] = []
    for w in scenario.workers:
        problem = screen_worker(w)
        if problem is None:
            eligible.append(w)
        else:
            exceptions.append(problem)
    return tuple(eligible), tuple(exceptions)
