"""A scenario's roster: which files it comes from, read, checked, and turned into workers.

``scenario.yaml`` names the roster with ``workers:``:

- left out: ``workers.csv`` (or ``workers.xlsx``) in the scenario folder;
- a file or a folder (every file in it and in its subfolders, by name: each is read as a roster,
  or refused by name when it is not one; hidden and temporary files such as ``.DS_Store`` and
  Excel's ``~$`` lock files are skipped with a note), or a list of them; a list item may be
  ``{file: roster/longi.xlsx, employer: E-LONGI}`` for a file from one employer that has no
  employer column. A file reached twice (listed twice, or listed and inside a listed folder) is
  read once, with a note;
- ``{generate: {...}}``: a synthetic roster made from parameters (``routing.synthetic.roster``).

Every record ends up as a ``Worker`` or a ``RejectedRecord`` (planned as ``invalid_record``);
every finding is a ``RecordProblem`` for ``problems.csv``. Worker ids are the roster's own when
they are unique and valid ids (``routing.ids.id_problem``; an invalid one rejects its record); an
id that repeats in a later file (序号 restarting at 1 in every employer's list) becomes
``<file stem>-<id>``, and a record without a usable id gets ``<file stem>-r<row>``.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from routing.errors import RosterFileError
from routing.geo.geocode import Geocoder
from routing.ids import id_problem
from routing.model import REPAIR, WARN, Employer, RecordProblem, RejectedRecord, Worker
from routing.roster.locate import HomeRegion
from routing.roster.model import CheckedRoster, CleanRecord, RosterFile, RosterRow

DEFAULT_FILES = ("workers.csv", "workers.xlsx")
SYSTEM_FILES = frozenset({"thumbs.db", "desktop.ini", "__macosx"})  # never rosters; also names starting "." or "~"


@dataclass(frozen=True)
class RosterSource:
    """A roster file of the scenario, the employer its records default to ("" for none), and notes on how
    it was reached (named twice, hidden files beside it skipped) for ``problems.csv``."""

    path: Path
    name: str  # as the user wrote it, relative to the scenario folder
    employer: str = ""
    notes: tuple[RecordProblem, ...] = ()


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
    """The roster files ``workers:`` names (see the module), and problems with the spec itself.

    Every file of a folder is a source (``load_roster`` refuses by name those that are no roster),
    hidden and temporary ones aside (a note on the folder's first file names them). The same file
    (same device and inode, or same resolved path) reached again is not a source again: a note on
    the first says so, and when only the later mention gives an employer, the first takes it; two
    different employers for one file are a problem.
    """
    if spec is None:
        found = [RosterSource(folder / n, n) for n in DEFAULT_FILES if (folder / n).is_file()]
        missing = "workers.csv: file is missing (or name the roster files with 'workers:' in scenario.yaml)"
        if len(found) > 1:
            note = RecordProblem(found[1].name, 0, "", "", f"not read: the folder has {found[0].name} too, which is the "
                                 "roster", "delete one of them, or name both with 'workers:' in scenario.yaml", WARN)
            found[0] = replace(found[0], notes=(note,))
        return (found[:1], []) if found else ([], [missing])
    items = spec if isinstance(spec, list) else [spec]
    sources: list[RosterSource] = []
    problems: list[str] = []
    first_of: dict[object, tuple[int, str]] = {}  # file -> its source's index, and how it was named

    def add(source: RosterSource, named: str, where: str) -> None:
        key = _identity(source.path)
        if key not in first_of:
            first_of[key] = (len(sources), named)
            sources.append(source)
            return
        k, named_first = first_of[key]
        first = sources[k]
        if source.employer and first.employer and source.employer != first.employer:
            problems.append(f"{where}: {source.name!r} is the same file as {first.name!r}, named with employer "
                            f"{first.employer!r} there and {source.employer!r} here; name it once")
            return
        employer = first.employer or source.employer
        taken = f", with employer {employer}" if employer and not first.employer else ""
        note = RecordProblem(first.name, 0, "", source.name, f"the same file is named twice in scenario.yaml workers: "
                             f"{named_first} and {named}; it is read once{taken}", "nothing to do, or name it once", WARN)
        sources[k] = replace(first, employer=employer, notes=(*first.notes, *source.notes, note))

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
            files, skipped = _folder_files(path, Path(item))
            if not files:
                problems.append(f"{where}: folder {item!r} holds no roster file (.xlsx, .xlsm, .xls, .csv, .txt)")
                continue
            notes = tuple(RecordProblem(f"{Path(item)}/", 0, "", name, "not read: a hidden or temporary file (such as "
                                        "Excel's ~$ lock file or .DS_Store), not a roster", "nothing to do", WARN)
                          for name in skipped)
            for n, (p, name) in enumerate(files):
                add(RosterSource(p, name, employer, notes if n == 0 else ()), f"in folder {item!r}", where)
        elif path.is_file():
            add(RosterSource(path, item, employer), f"as {item!r}", where)
        else:
            problems.append(f"{where}: {item!r} does not exist in {folder}")
    return sources, problems


def _identity(path: Path) -> object:
    """What makes two paths one file: device and inode, else the resolved path."""
    try:
        st = path.stat()
    except OSError:
        return str(path.resolve())
    return (st.st_dev, st.st_ino) if st.st_ino else str(path.resolve())


def _hidden(name: str) -> bool:
    return name.startswith((".", "~")) or name.lower() in SYSTEM_FILES


def _folder_files(folder: Path, shown: Path) -> tuple[list[tuple[Path, str]], list[str]]:
    """The files of ``folder`` and its subfolders (by name, each level in name order) as (path, name shown),
    and the names of the hidden and temporary ones left out."""
    files: list[tuple[Path, str]] = []
    skipped: list[str] = []
    visited: set[Path] = set()

    def walk(directory: Path, rel: Path) -> None:
        real = directory.resolve()
        if real in visited:  # a link back up the tree
            return
        visited.add(real)
        for p in sorted(directory.iterdir(), key=lambda p: p.name):
            if _hidden(p.name):
                skipped.append(str(rel / p.name))
            elif p.is_dir():
                walk(p, rel / p.name)
            else:  # a file, or a broken link: the reader reads it or refuses it by name
                files.append((p, str(rel / p.name)))

    walk(folder, shown)
    return files, skipped


def with_default_employer(rows: Sequence[RosterRow], employer: str) -> list[RosterRow]:
    """Rows with ``employer`` filled in where the file gives none."""
    if not employer:
        return list(rows)
    return [r if r.values.get("employer") else RosterRow(r.file, r.row, {**r.values, "employer": employer},
                                                         r.numeric, r.columns) for r in rows]


def _stem(file: str) -> str:
    """The part of a file's name that worker ids made up for its records start with: an id itself.

    ``roster/隆基.xlsx`` -> ``隆基``; a sheet of a workbook, ``roster/隆基.xlsx [二车间]`` -> ``隆基-二车间``.
    """
    base, sheet = file, ""
    if file.endswith("]") and " [" in file:
        base, _, sheet = file[:-1].rpartition(" [")
    stem = Path(base).stem + (f"-{sheet}" if sheet else "")
    return re.sub(r"[^\w.·-]+", "_", stem).strip("_.-")[:40] or "roster"


def unique_ids(records: Sequence[CleanRecord | RejectedRecord]) -> tuple[list[str], list[RecordProblem]]:
    """A unique worker id per record (see the module), and a repair problem for every id changed.

    An id that is no valid id (``routing.ids.id_problem``: its record was rejected for it) is not
    used: such a record gets ``<file stem>-r<row>``.
    """
    taken: dict[str, tuple[str, int]] = {}
    ids: list[str] = []
    problems: list[RecordProblem] = []
    for rec in records:
        given = rec.id.strip()
        if given and id_problem(given):
            given = ""
        new = given or f"{_stem(rec.file)}-r{rec.row}"
        if new in taken:
            new = f"{_stem(rec.file)}-{given}" if given else new
            if id_problem(new):
                new = f"{_stem(rec.file)}-r{rec.row}"
        n = 1
        while new in taken:
            n += 1
            new = f"{_stem(rec.file)}-r{rec.row}" + (f"-{n}" if n > 2 else "")
        if given and new != given:
            file, row = taken.get(given, ("", 0))
            problems.append(RecordProblem(rec.file, rec.row, "id", given, f"id {given!r} is also used by {file} row {row}",
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
               source=c.file, approximate_home=c.approximate, companion_id_numbers=c.companion_id_numbers,
               companion_phones=c.companion_phones, companion_health_codes=c.companion_health_codes,
               companion_health_certs=c.companion_health_certs)
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
                read: Callable[[Path, str], RosterFile | Iterable[RosterFile]] | None = None,
                generated: list[RosterRow] | None = None, geocoder: Geocoder | None = None,
                region: HomeRegion | None = None) -> Roster:
    """Read every source (or take ``generated`` rows), check the records, and make the workers.

    ``read`` gives a file's roster tables (default ``routing.roster.read.read_roster_sheets``: one
    per roster sheet of a workbook).
    ``region`` is the region the scenario covers (``routing.roster.locate.region_around``), homes outside it
    rejected; None: the default of ``routing.roster.check.check_roster``.

    Raises
    ------
    routing.roster.read.RosterFileError
        When a file cannot be read as a roster at all; after every source was tried, one line per
        file refused.
    """
    from routing.roster.check import check_roster
    from routing.roster.read import read_roster_sheets

    reader = read or read_roster_sheets
    files: list[RosterFile] = []
    rows: list[RosterRow] = list(generated or [])
    noted: list[RecordProblem] = []
    refused: list[str] = []
    for s in sources:
        noted += s.notes
        try:
            got = reader(s.path, s.name)
        except RosterFileError as e:
            refused.append(str(e))
            continue
        for f in (got,) if isinstance(got, RosterFile) else got:
            files.append(f)
            rows += with_default_employer(f.rows, s.employer)
            noted += missing_columns(f, has_employer=bool(s.employer))
            noted += f.problems
    if refused:
        raise RosterFileError("\n".join(refused))
    checked = check_roster(rows, employers, gcj02=gcj02, geocoder=geocoder, region=region)
    workers, rejected, id_problems = to_workers(checked)
    empty = [RecordProblem(f.file, n, "", "", "empty row", "nothing to do; the row is skipped", WARN)
             for f in files for n in f.empty_rows]
    derived = [RecordProblem(f.file, 0, "sex", "", "no sex column", "nothing to do: each worker's sex is taken from "
                             "the ID number (its 17th digit)", WARN) for f in files if "sex" not in f.columns.values()]
    no_sex_column = {f.file for f in derived}
    found = [p for p in checked.problems if not (p.file in no_sex_column and p.column == "sex" and p.severity == REPAIR)]
    problems = sorted((*noted, *derived, *found, *id_problems, *empty), key=lambda p: (p.file, p.row))
    return Roster(tuple(files), workers, rejected, tuple(problems))
