"""A scenario's roster: which files it comes from, read, checked, and turned into workers.

``scenario.yaml`` names the roster with ``workers:``:

- left out: ``workers.csv`` (or ``workers.xlsx``) in the scenario folder;
- a file or a folder (every ``.xlsx`` and ``.csv`` in it, by name), or a list of them;
  a list item may be ``{file: roster/longi.xlsx, employer: E-LONGI}`` for a file from one
  employer that has no employer column;
- ``{generate: {...}}``: a synthetic roster made from parameters (``routing.synthetic.roster``).

Every record ends up as a ``Worker`` or a ``RejectedRecord`` (planned as ``invalid_record``);
every finding is a ``RecordProblem`` for ``problems.csv``. Worker ids are the roster's own when
they are unique; an id that repeats in a later file (序号 restarting at 1 in every employer's
list) becomes ``<file stem>-<id>``, and a record without an id gets ``<file stem>-r<row>``.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from routing.geo.geocode import Geocoder
from routing.model import REPAIR, WARN, Employer, RecordProblem, RejectedRecord, Worker
from routing.roster.model import CheckedRoster, CleanRecord, RosterFile, RosterRow

ROSTER_SUFFIXES = (".xlsx", ".csv")
DEFAULT_FILES = ("workers.csv", "workers.xlsx")


@dataclass(frozen=True)
class RosterSource:
    """A roster file of the scenario and the employer its records default to ("" for none)."""

    path: Path
    name: str  # as the user wrote it, relative to the scenario folder
    employer: str = ""


@dataclass(frozen=True)
class Roster:
    """The roster of a scenario, read and checked."""

    files: tuple[RosterFile, ...]
    workers: tuple[Worker, ...]
    rejected: tuple[RejectedRecord, ...]
    problems: tuple[RecordProblem, ...]

    @property
    def records(self) -> int:
        """Records read (empty rows not counted)."""
        return len(self.workers) + len(self.rejected)


GEOCODERS = ("baidu",)


def geocoder_of(spec: Any) -> tuple[Geocoder | None, list[str]]:
    """The online geocoder ``geocoder:`` in scenario.yaml asks for (none by default), and problems with it.

    ``geocoder: {provider: baidu, key_env: BAIDU_AK}`` reads the user's API key from that
    environment variable (a key never belongs in a scenario file). Addresses are personal data:
    they leave the machine only when a scenario asks for this.
    """
    if spec is None:
        return None, []
    where = "scenario.yaml geocoder"
    if not isinstance(spec, dict) or spec.get("provider") not in GEOCODERS or not spec.get("key_env"):
        return None, [f"{where}: give {{provider: baidu, key_env: NAME_OF_THE_VARIABLE_HOLDING_THE_KEY}}"]
    key = os.environ.get(str(spec["key_env"]), "")
    if not key:
        return None, [f"{where}: the environment variable {spec['key_env']} holding the API key is not set"]
    from routing.geo.geocode import baidu_geocoder

    return baidu_geocoder(key), []


def roster_sources(spec: Any, folder: Path) -> tuple[list[RosterSource], list[str]]:
    """The roster files ``workers:`` names (see the module), and problems with the spec itself."""
    if spec is None:
        found = [RosterSource(folder / n, n) for n in DEFAULT_FILES if (folder / n).is_file()]
        missing = "workers.csv: file is missing (or name the roster files with 'workers:' in scenario.yaml)"
        return (found[:1], []) if found else ([], [missing])
    items = spec if isinstance(spec, list) else [spec]
    sources: list[RosterSource] = []
    problems: list[str] = []
    for k, item in enumerate(items, 1):
        where = "scenario.yaml workers" + (f" item {k}" if isinstance(spec, list) else "")
        employer = ""
        if isinstance(item, dict):
            if "file" not in item or not set(item) <= {"file", "employer"}:
                problems.append(f"{where}: give 'file' (and optionally 'employer'), not {sorted(item)}")
                continue
            employer = str(item.get("employer") or "")
            item = item["file"]
        if not isinstance(item, str) or not item.strip():
            problems.append(f"{where}: {item!r} is not a file or folder name")
            continue
        path = folder / item
        if path.is_dir():
            files = sorted(p for p in path.iterdir() if p.suffix.lower() in ROSTER_SUFFIXES and p.is_file()
                           and not p.name.startswith(("~$", ".")))
            if not files:
                problems.append(f"{where}: folder {item!r} holds no .xlsx or .csv file")
            sources += [RosterSource(p, str(Path(item) / p.name), employer) for p in files]
        elif path.is_file():
            sources.append(RosterSource(path, item, employer))
        else:
            problems.append(f"{where}: {item!r} does not exist in {folder}")
    return sources, problems


def with_default_employer(rows: Sequence[RosterRow], employer: str) -> list[RosterRow]:
    """Rows with ``employer`` filled in where the file gives none."""
    if not employer:
        return list(rows)
    return [r if r.values.get("employer") else RosterRow(r.file, r.row, {**r.values, "employer": employer},
                                                         r.numeric, r.columns) for r in rows]


def _stem(file: str) -> str:
    return Path(file).stem or "roster"


def unique_ids(records: Sequence[CleanRecord | RejectedRecord]) -> tuple[list[str], list[RecordProblem]]:
    """A unique worker id per record (see the module), and a repair problem for every id changed."""
    taken: dict[str, tuple[str, int]] = {}
    ids: list[str] = []
    problems: list[RecordProblem] = []
    for rec in records:
        given = rec.id.strip().replace("/", "-")
        new = given or f"{_stem(rec.file)}-r{rec.row}"
        if new in taken:
            new = f"{_stem(rec.file)}-{given}" if given else new
        n = 1
        while new in taken:
            n += 1
            new = f"{_stem(rec.file)}-r{rec.row}" + (f"-{n}" if n > 2 else "")
        if given and new != given:
            file, row = taken.get(given, ("", 0))
            why = f"id {given!r} is also used by {file} row {row}" if file else f"id {given!r} contains '/'"
            problems.append(RecordProblem(rec.file, rec.row, "id", given, why,
                                          f"this worker is called {new} in the plan; give unique ids to avoid this",
                                          REPAIR))
        taken[new] = (rec.file, rec.row)
        ids.append(new)
    return ids, problems


def to_workers(checked: CheckedRoster) -> tuple[tuple[Worker, ...], tuple[RejectedRecord, ...], list[RecordProblem]]:
    """Workers from the kept records, rejected records with unique ids, and the id repairs made."""
    everyone: list[CleanRecord | RejectedRecord] = sorted((*checked.records, *checked.rejected),
                                                          key=lambda r: (r.file, r.row))
    ids, problems = unique_ids(everyone)
    id_of = {(r.file, r.row): i for r, i in zip(everyone, ids, strict=True)}
    workers = tuple(
        Worker(id_of[(c.file, c.row)], c.name, c.id_number, c.phone, c.sex, c.lat, c.lon, c.county, c.township,
               c.employer_id, c.health_code, c.health_cert, c.companions, c.companion_names, row=c.row,
               source=c.file, approximate_home=c.approximate)
        for c in checked.records
    )
    rejected = tuple(RejectedRecord(r.file, r.row, id_of[(r.file, r.row)], r.name, r.companions, r.reasons)
                     for r in checked.rejected)
    return workers, rejected, problems


# Columns a roster may lack, and what happens to every worker of the file then.
WITHOUT = {
    "health_cert": "every worker of this file counts as without a certificate (no_health_cert)",
    "health_code": "every worker of this file counts as without a green code (code_not_green)",
    "employer": "every record of this file is rejected (no employer); or give the file's employer in scenario.yaml",
    "phone": "no worker of this file can be sent a notice",
}


def missing_columns(f: RosterFile, has_employer: bool) -> list[RecordProblem]:
    """A warning (row 0: the whole file) for each column in ``WITHOUT`` the file lacks."""
    present = set(f.columns.values())
    return [RecordProblem(f.file, 0, field, "", f"no {field} column", f"add one; until then {consequence}", WARN)
            for field, consequence in WITHOUT.items()
            if field not in present and not (field == "employer" and has_employer)]


def load_roster(sources: Sequence[RosterSource], employers: Sequence[Employer], gcj02: bool,
                read: Callable[[Path, str], RosterFile] | None = None,
                generated: list[RosterRow] | None = None, geocoder: Geocoder | None = None) -> Roster:
    """Read every source (or take ``generated`` rows), check the records, and make the workers.

    Raises
    ------
    routing.roster.read.RosterFileError
        When a file cannot be read as a roster at all.
    """
    from routing.roster.check import check_roster
    from routing.roster.read import read_roster

    reader = read or (lambda path, name: read_roster(path, name))
    files: list[RosterFile] = []
    rows: list[RosterRow] = list(generated or [])
    missing: list[RecordProblem] = []
    for s in sources:
        f = reader(s.path, s.name)
        files.append(f)
        rows += with_default_employer(f.rows, s.employer)
        missing += missing_columns(f, has_employer=bool(s.employer))
    checked = check_roster(rows, employers, gcj02=gcj02, geocoder=geocoder)
    workers, rejected, id_problems = to_workers(checked)
    empty = [RecordProblem(f.file, n, "", "", "empty row", "nothing to do; the row is skipped", WARN)
             for f in files for n in f.empty_rows]
    derived = [RecordProblem(f.file, 0, "sex", "", "no sex column", "nothing to do: each worker's sex is taken from "
                             "the ID number (its 17th digit)", WARN) for f in files if "sex" not in f.columns.values()]
    no_sex_column = {f.file for f in derived}
    found = [p for p in checked.problems if not (p.file in no_sex_column and p.column == "sex" and p.severity == REPAIR)]
    problems = sorted((*missing, *derived, *found, *id_problems, *empty), key=lambda p: (p.file, p.row))
    return Roster(tuple(files), workers, rejected, tuple(problems))
