"""What ``validate`` (and ``plan``) report about a roster: a summary, problems.csv, the cleaned roster."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from routing.model import REJECT, REPAIR, WARN, Scenario, Worker
from routing.privacy import mask_id_number, mask_phone
from routing.tables import write_excel_csv

PROBLEMS_FILE = "problems.csv"
CLEAN_FILE = "roster_clean.csv"
PROBLEM_COLUMNS = ("file", "row", "column", "value", "problem", "fix", "severity")
# lat_wgs84 and lon_wgs84 name their coordinate system, so that the roster reader takes them as WGS-84 whatever the
# coord_system of the scenario the file is used in again (routing.roster.check reads a system a header names)
CLEAN_COLUMNS = ("id", "name", "sex", "id_number", "phone", "lat_wgs84", "lon_wgs84", "located_by", "county",
                 "township", "employer", "health_code", "health_cert", "companions", "companion_names",
                 "companion_id_numbers", "companion_phones", "companion_health_codes", "companion_health_certs",
                 "source_file", "source_row")


@dataclass(frozen=True)
class RosterSummary:
    """Counts of a scenario's roster check."""

    records: int
    valid: int
    repaired: int  # valid records with at least one repair
    rejected: int
    by_reason: tuple[tuple[str, int], ...]  # the first reason of each rejected record, most frequent first
    findings: tuple[tuple[str, int], ...]  # problems by severity


def summarise(scenario: Scenario) -> RosterSummary:
    """Counts of records, valid, repaired and rejected (by reason) for ``scenario``'s roster."""
    repaired = {(p.file, p.row) for p in scenario.roster_problems if p.severity == REPAIR}
    valid_rows = {(w.source, w.row) for w in scenario.workers}
    reasons = Counter(r.reasons[0] if r.reasons else "rejected" for r in scenario.rejected)
    severities = Counter(p.severity for p in scenario.roster_problems)
    return RosterSummary(
        records=len(scenario.workers) + len(scenario.rejected), valid=len(scenario.workers),
        repaired=len(repaired & valid_rows), rejected=len(scenario.rejected),
        by_reason=tuple(reasons.most_common()),
        findings=tuple((s, severities[s]) for s in (REJECT, REPAIR, WARN) if severities[s]))


def write_problems_csv(scenario: Scenario, path: Path) -> Path:
    """Every finding about the roster: file, row, column, value (ID numbers and phones masked), problem, fix."""
    rows = [{"file": p.file, "row": str(p.row or ""), "column": p.column, "value": p.value, "problem": p.problem,
             "fix": p.fix, "severity": p.severity} for p in scenario.roster_problems]
    return write_excel_csv(rows, PROBLEM_COLUMNS, path)


def clean_row(w: Worker, full_id: bool = False) -> dict[str, str]:
    """A worker as ``roster_clean.csv`` writes them (``CLEAN_COLUMNS``): values normalised, the home in WGS-84;
    ID numbers and phones, the companions' too, masked unless ``full_id``."""
    def idn(x: str) -> str:
        return x if full_id else mask_id_number(x)

    def tel(x: str) -> str:
        return x if full_id else mask_phone(x)

    return {
        "id": w.id, "name": w.name, "sex": w.sex, "id_number": idn(w.id_number), "phone": tel(w.phone),
        "lat_wgs84": f"{w.lat:.6f}", "lon_wgs84": f"{w.lon:.6f}",
        "located_by": "approximate" if w.approximate_home else "coordinates",
        "county": w.county, "township": w.township, "employer": w.employer_id, "health_code": w.health_code,
        "health_cert": "yes" if w.health_cert else "no", "companions": str(w.companions),
        "companion_names": ";".join(w.companion_names),
        "companion_id_numbers": ";".join(idn(x) for x in w.companion_id_numbers),
        "companion_phones": ";".join(tel(x) for x in w.companion_phones),
        "companion_health_codes": ";".join(w.companion_health_codes),
        "companion_health_certs": ";".join("yes" if c else "no" for c in w.companion_health_certs),
        "source_file": w.source, "source_row": str(w.row),
    }


def write_clean_roster(scenario: Scenario, path: Path, full_id: bool = False) -> Path:
    """The roster as returnbus reads it: one row per usable worker, values normalised, homes located (WGS-84, in
    columns that say so).

    ID numbers and phones are masked unless ``full_id`` (then the file can be used as a roster again, in a scenario
    of either coordinate system).
    """
    return write_excel_csv([clean_row(w, full_id) for w in scenario.workers], CLEAN_COLUMNS, path)
