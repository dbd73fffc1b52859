"""Eligibility screening: who may board (valid record, and what ``rules.screening`` asks to be shown).

The policy of the day (``routing.model.SCREENINGS``) is ``certificate`` (the village committee's
certificate of days at home), ``code`` (a green health code), ``both`` (the default), ``either``
(a green code or a certificate) or ``none``. Companions whose ID numbers or health data the roster
gives are screened too; one who fails keeps the whole party off (a party is never split).

A roster file without a column the policy needs would turn every worker of it away without a word,
so it stops the scenario instead (``column_problems``, a ``ScenarioError`` from ``screen``).
"""

from __future__ import annotations

from collections.abc import Collection, Iterable

from routing.errors import ScenarioError
from routing.model import SCREENING_COLUMNS, Scenario, Worker
from routing.plan.model import Unassigned
from routing.roster.idcard import id_number_problem

NO_CERT = "no certificate of 14 days at home"
# A policy's columns as people call them, for messages.
COLUMN_LABELS = {"health_cert": "certificate column (无外出证明)", "health_code": "health-code column (健康码)"}


def _health(policy: str, cert: bool | None, code: str | None) -> tuple[str, str] | None:
    """(reason, detail) when a certificate and a code fail ``policy``; None (not given) is held against nobody."""
    no_cert = cert is False and policy in ("certificate", "both", "either")
    not_green = code is not None and code != "green" and policy in ("code", "both", "either")
    if policy == "either":
        if cert is True or code == "green" or not (no_cert or not_green):
            return None  # one of the two shown, or nothing given
        if code in ("yellow", "red"):
            return "code_not_green", f"health code is {code}" + (f", and {NO_CERT}" if no_cert else "")
        if no_cert:
            return "no_health_cert", NO_CERT + (f", and no green health code (health code is {code})"
                                                if code is not None else "")
        return "code_not_green", f"health code is {code}"
    if no_cert:
        return "no_health_cert", NO_CERT
    if not_green:
        return "code_not_green", f"health code is {code}"
    return None


def _companion_label(worker: Worker, k: int) -> str:
    """``马小红 (W1/1)``, or ``W1/1`` when the roster gives no name."""
    pid = f"{worker.id}/{k}"
    names = worker.companion_names
    name = names[k - 1].strip() if k <= len(names) else ""
    return f"{name} ({pid})" if name else pid


def _companion_problem(worker: Worker, policy: str) -> tuple[str, str] | None:
    """(reason, detail) for the first companion of ``worker`` who may not board, naming them."""
    for k in range(1, worker.companions + 1):
        why: tuple[str, str] | None = None
        if k <= len(worker.companion_id_numbers) and (bad := id_number_problem(worker.companion_id_numbers[k - 1])):
            why = "invalid_record", f"id_number {bad}"
        else:
            cert = worker.companion_health_certs[k - 1] if k <= len(worker.companion_health_certs) else None
            code = worker.companion_health_codes[k - 1] if k <= len(worker.companion_health_codes) else None
            why = _health(policy, cert, code)
        if why is not None:
            reason, detail = why
            return reason, f"companion {_companion_label(worker, k)}: {detail}; the party travels together"
    return None


def screen_worker(worker: Worker, policy: str = "both") -> Unassigned | None:
    """Return why a worker (and their party) may not board under ``policy``, or None when they may.

    Checks in order: a valid 18-character ID number (GB 11643); what the policy asks (``both``: a
    certificate, then a green code; ``either``: one of them); then each companion whose data the
    roster gives, the same way. The first failing check is the reason; a companion's names them.
    """
    if (why := id_number_problem(worker.id_number)) is not None:
        return Unassigned(worker.id, "invalid_record", f"id_number {why}", worker.companions)
    found = _health(policy, worker.health_cert, worker.health_code) or _companion_problem(worker, policy)
    if found is not None:
        return Unassigned(worker.id, found[0], found[1], worker.companions)
    return None


def column_problems(policy: str, files: Iterable[tuple[str, Collection[str]]]) -> list[str]:
    """A sentence for every roster file (name, canonical fields it has a column for) that lacks a column
    ``policy`` needs (``either``: one of the two), saying what to do."""
    needed = SCREENING_COLUMNS[policy]
    out = []
    for file, present in files:
        missing = [c for c in needed if c not in present]
        if not missing or (policy == "either" and len(missing) < len(needed)):
            continue
        instead = "certificate" if "health_cert" in present else "code" if "health_code" in present else "none"
        cert, code = COLUMN_LABELS["health_cert"], COLUMN_LABELS["health_code"]
        if len(missing) == 1:
            what, add = f"has no {COLUMN_LABELS[missing[0]]}, which", "add the column"
        elif policy == "either":
            what, add = f"has neither a {cert} nor a {code}, one of which", "add one of them"
        else:
            what, add = f"has no {cert} and no {code}, which", "add the columns"
        out.append(f"{file}: {what} rules.screening {policy!r} requires; {add}, or set rules.screening to "
                   f"{instead!r}")
    return out


def roster_columns(scenario: Scenario) -> list[tuple[str, set[str]]]:
    """Each roster file with records, and the screening fields it has a column for (the loader notes a missing
    one as a file-level finding ``no <field> column``; a generated roster has every column)."""
    lacking: dict[str, set[str]] = {}
    for p in scenario.roster_problems:
        if p.row == 0 and p.column in COLUMN_LABELS and p.problem == f"no {p.column} column":
            lacking.setdefault(p.file, set()).add(p.column)
    return [(file, set(COLUMN_LABELS) - lacking.get(file, set())) for file, _, n in scenario.roster_files if n]


def screen(scenario: Scenario) -> tuple[tuple[Worker, ...], tuple[Unassigned, ...]]:
    """Split the roster into eligible workers and exceptions (roster order kept) under ``rules.screening``.

    Raises
    ------
    ScenarioError
        When a roster file lacks a column the policy needs (``column_problems``).
    """
    policy = scenario.rules.screening
    problems = column_problems(policy, roster_columns(scenario))
    if problems:
        raise ScenarioError(problems)
    eligible: list[Worker] = []
    exceptions: list[Unassigned] = []
    for w in scenario.workers:
        problem = screen_worker(w, policy)
        if problem is None:
            eligible.append(w)
        else:
            exceptions.append(problem)
    return tuple(eligible), tuple(exceptions)
