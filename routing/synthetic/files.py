"""Files of a generated scenario: scenario.yaml, the CSV tables, and the roster as CSV or XLSX.

The roster goes into the folder in one of three ways (``ROSTER_MODES``):

- ``spec`` (default): scenario.yaml carries ``workers: {generate: {...}}``, the roster
  spec, and there is no workers.csv; the folder stays a few KB whatever its size, and
  the roster is made again, identically, from the spec when the scenario is loaded.
- ``csv``: workers.csv (UTF-8 with BOM), and no ``generate`` key.
- ``xlsx``: workers.csv as for ``csv`` (the loader reads that one), and the same rows in
  workers.xlsx for people who open the roster in Excel (ID and phone cells are text).

Every file is byte-identical for the same parameters: CSV through
``excel_csv.write_excel_csv``, and the XLSX zip rewritten with fixed timestamps.
"""

from __future__ import annotations

import io
import json
import math
import re
import shutil
import zipfile
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import yaml

from routing.errors import GenerateError, ScenarioError
from routing.geo.coords import gcj02_to_wgs84
from routing.model import Employer, Rules, Worker
from routing.roster.check import coordinates_gcj02, split_aliases
from routing.roster.load import load_roster, roster_sources, with_default_employer
from routing.roster.model import RosterRow
from routing.synthetic.fleet import SLACK, Depot
from routing.synthetic.origins import short_name
from routing.synthetic.people import WORKER_COLUMNS
from routing.synthetic.roster import employer_weights, generate_worker_rows, roster_spec, spec_mapping
from routing.synthetic.scenario import GeneratedScenario
from routing.synthetic.zone import ZONE_REGION, Gate
from routing.tables import TableError, read_table, write_excel_csv
from routing.yaml_file import read_yaml

ROSTER_MODES = ("spec", "csv", "xlsx")
EMPLOYER_COLUMNS = ("id", "name", "dropoff", "approximate", "note", "expected_workers")
PICKUP_COLUMNS = ("id", "name", "county", "lat", "lon", "approximate", "note")
FILES = ("scenario.yaml", "employers.csv", "pickup_points.csv", "workers.csv", "workers.xlsx")
TEXT_COLUMNS = ("id", "id_number", "phone", "county", "companion_id_numbers", "companion_phones")
_XLSX_TIME = (2020, 1, 1, 0, 0, 0)



def _whole(x: float) -> int | float:
    """A number as an int when it is whole, for tidy YAML."""
    return int(x) if float(x).is_integer() else x


def rules_mapping(rules: Rules) -> dict[str, Any]:
    """The ``rules`` section of scenario.yaml that the loader reads back as ``rules`` (``screening`` only when it is
    not the default)."""
    d = rules.drivers
    screening = {"screening": rules.screening} if rules.screening != Rules().screening else {}
    return {
        "load_factor": rules.load_factor, "observation_rows": rules.observation_rows,
        "max_access_km": _whole(rules.max_access_m / 1000),
        "dwell": {"base_min": _whole(rules.dwell_base_s / 60), "per_person_s": rules.dwell_per_person_s},
        "max_pickup_stops": rules.max_pickup_stops, "cross_county": rules.cross_county,
        "drivers": {
            "max_continuous_day_h": _whole(d.max_continuous_day_s / 3600),
            "max_continuous_night_h": _whole(d.max_continuous_night_s / 3600),
            "min_break_min": _whole(d.min_break_s / 60), "min_swap_min": _whole(d.min_swap_s / 60),
            "max_daily_h": _whole(d.max_daily_driving_s / 3600), "max_one_way_km": _whole(d.max_one_way_m / 1000),
            "night": f"{d.night_start:%H:%M}-{d.night_end:%H:%M}", "curfew": f"{d.curfew_start:%H:%M}-{d.curfew_end:%H:%M}",
            "second_driver_cost": _whole(d.second_driver_cost),
        },
        **screening,
    }


def _q(value: object) -> str:
    """A YAML scalar: JSON text, which YAML reads back as the same string or number."""
    return json.dumps(value, ensure_ascii=False)


def _place_yaml(item: Depot | Gate, region: str, note: str) -> str:
    """One flow-mapping line of a depot or a gate."""
    return (f"  - {{id: {item.id}, name: {_q(item.name)}, lat: {item.lat}, lon: {item.lon}, region: {_q(region)}, "
            f"approximate: true, note: {_q(note)}}}")


def spec_yaml(spec_map: Mapping[str, Any], indent: str = "    ") -> str:
    """The lines of a roster spec mapping as block YAML, one origin a line with its name as a comment."""
    lines = []
    for key, value in spec_map.items():
        if key == "origins":
            lines.append(f"{indent}origins:")
            lines += [f"{indent}  {_q(a)}: {_q(w)}  # {short_name(a)}" for a, w in value.items()]
        else:
            lines.append(f"{indent}{key}: {_q(value)}")
    return "\n".join(lines) + "\n"


def scenario_yaml(gen: GeneratedScenario, with_spec: bool) -> str:
    """Return the text of scenario.yaml; the ``workers: {generate: ...}`` key only when ``with_spec``."""
    p, spec = gen.params, gen.params.spec
    caps = ", ".join(f"{c.coach.seats} seats -> {c.capacity}" for c in gen.fleet if c.depot == gen.depots[0].id)
    fleet = [f"  - {{id: {f.id}, name: {_q(f.coach.name)}, seats: {f.coach.seats}, count: {f.count}, "
             f"cost_per_km: {f.coach.cost_per_km}, fixed_cost: {f.coach.fixed_cost:g}, depot: {f.depot}, "
             f"seats_per_row: {f.coach.seats_per_row}" + (f", plates: [{', '.join(f.plates)}]}}" if f.plates else "}")
             for f in gen.fleet]
    text = (
        f"# Generated by `returnbus scenario generate` (seed {spec.seed}, {spec.workers} workers): synthetic.\n"
        "# People, employer sizes, gates, depot yards, plates and costs are invented; county and town\n"
        "# centres come from the bundled gazetteer. Coordinates are WGS-84.\n"
        f"name: {_q(gen.name)}\ndate: {p.date.isoformat()}\ntimezone: Asia/Shanghai\nseed: {spec.seed}\n"
        f"coord_system: WGS84\nstart: {_q(p.start)}\ndeadline: {_q(p.deadline)}\ndepots:\n"
        + "\n".join(_place_yaml(d, d.region, d.note) for d in gen.depots)
        + "\ndropoffs:\n"
        + "\n".join(_place_yaml(g, ZONE_REGION, "synthetic gate in the zone") for g in gen.gates)
        + f"\n# Sized to {sum(gen.passengers.values())} passengers who can board, +{SLACK:.0%}; effective capacity "
        f"at load factor {p.rules.load_factor:g}\n# with {p.rules.observation_rows} empty rows: {caps}.\nfleet:\n"
        + "\n".join(fleet) + "\n"
        + yaml.safe_dump({"rules": rules_mapping(p.rules)}, sort_keys=False, allow_unicode=True)
        + "distance:\n  access_circuity: 1.4\n"
    )
    if with_spec:
        text += "workers:\n  generate:\n" + spec_yaml(spec_mapping(spec))
    return text


def _xlsx_bytes(rows: Sequence[Mapping[str, str]], columns: Sequence[str]) -> bytes:
    """An XLSX workbook of the rows, every cell a string (empty ones left out), the digit columns of ``TEXT_COLUMNS`` formatted as
    text ("@") so that Excel keeps them as typed; fixed timestamps inside, so the bytes repeat.
    """
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.utils import get_column_letter

    wb = Workbook(write_only=True)
    ws = wb.create_sheet("workers")
    for i, col in enumerate(columns):
        ws.column_dimensions[get_column_letter(i + 1)].width = 20 if col in ("id_number", "companion_names") else 12
    ws.freeze_panes = "A2"

    def cell(value: str, text: bool = True) -> WriteOnlyCell:
        c = WriteOnlyCell(ws, value=value)
        c.data_type = "s"  # a string even when it starts with "=" (openpyxl would write a formula Excel runs)
        if text:
            c.number_format = "@"
        return c

    ws.append(list(columns))
    text = [c in TEXT_COLUMNS for c in columns]
    for r in rows:
        ws.append([cell(v, t) if (t or v.startswith("=")) else v or None
                   for v, t in zip((str(r.get(c, "")) for c in columns), text)])
    raw = io.BytesIO()
    wb.save(raw)
    out = io.BytesIO()
    with zipfile.ZipFile(raw) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                data = re.sub(rb"(<dcterms:(created|modified)[^>]*>)[^<]*", rb"\g<1>2020-01-01T00:00:00Z", data)
            dst.writestr(zipfile.ZipInfo(info.filename, _XLSX_TIME), data, zipfile.ZIP_DEFLATED)
    return out.getvalue()


def write_roster(rows: Sequence[Mapping[str, str]], path: Path, columns: Sequence[str] = WORKER_COLUMNS) -> Path:
    """Write a roster to ``path``: CSV (UTF-8 with BOM) or XLSX by the suffix; returns the path."""
    suffix = path.suffix.lower()
    if suffix == ".csv":
        return write_excel_csv(rows, columns, path)
    if suffix == ".xlsx":
        path.write_bytes(_xlsx_bytes(rows, columns))
        return path
    raise GenerateError(f"output: {path.name} must end in .csv or .xlsx")


def write_scenario(gen: GeneratedScenario, folder: Path, roster: str = "spec", force: bool = False) -> list[Path]:
    """Write the scenario folder and return the files written.

    Parameters
    ----------
    gen
        The generated scenario.
    folder
        Created when missing; must be empty unless ``force``.
    roster
        ``spec``, ``csv`` or ``xlsx`` (see the module docstring).
    force
        Write into a non-empty folder; roster files of an earlier run that this mode does
        not write (workers.csv, workers.xlsx) are removed so that they cannot mislead.

    Raises
    ------
    GenerateError
        For an unknown roster mode, or a non-empty folder without ``force``.
    """
    if roster not in ROSTER_MODES:
        raise GenerateError(f"roster: must be one of {', '.join(ROSTER_MODES)}, got {roster!r}")
    if folder.exists() and not folder.is_dir():
        raise GenerateError(f"output: {folder} is a file, not a folder")
    if folder.is_dir() and any(folder.iterdir()) and not force:
        raise GenerateError(f"output: {folder} exists and is not empty; use --force to write into it")
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "scenario.yaml").write_text(scenario_yaml(gen, roster == "spec"), encoding="utf-8")
    write_excel_csv([{"id": e.id, "name": e.name, "dropoff": e.dropoff, "approximate": "yes",
                      "note": "real zone firm; size and gate invented" if e.real_name else "synthetic employer",
                      "expected_workers": str(e.expected_workers)} for e in gen.employers],
                    EMPLOYER_COLUMNS, folder / "employers.csv")
    write_excel_csv([{"id": p.id, "name": p.name, "county": p.county, "lat": f"{p.lat:.6f}", "lon": f"{p.lon:.6f}",
                      "approximate": "no", "note": p.note} for p in gen.pickups],
                    PICKUP_COLUMNS, folder / "pickup_points.csv")
    written = [folder / f for f in FILES[:3]]
    if roster in ("csv", "xlsx"):
        written.append(write_roster(gen.rows, folder / "workers.csv"))
    if roster == "xlsx":
        written.append(write_roster(gen.rows, folder / "workers.xlsx"))
    for stale in (folder / f for f in FILES[3:]):
        if stale not in written and stale.exists():
            stale.unlink()
    return written


def _read_csv(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    """Header and rows of a CSV as text, read as every table is (``routing.tables.read_table``)."""
    try:
        table = read_table(path)
    except TableError as e:
        raise GenerateError(f"{path.name}: {e}") from None
    if table.long_rows:
        raise GenerateError(f"{path.name} line {table.long_rows[0]}: has more cells than the header's "
                            f"{len(table.header)}")
    return list(table.header), [row for _, row in table.rows]


# The columns of a roster exported from files as the loader reads them: the cleaned values of each record (every
# rejected one as it was written), homes in WGS-84 under headers that say so (read back the same in any scenario).
EXPORT_COLUMNS = ("id", "name", "sex", "id_number", "phone", "address", "county", "township", "lat_wgs84",
                  "lon_wgs84", "employer", "health_code", "health_cert", "companions", "companion_names",
                  "companion_id_numbers", "companion_phones", "companion_health_codes", "companion_health_certs")
# Columns left out of such an export when no roster file has them (a column that is there means something: an
# empty health-code column would turn every worker away under a policy that asks for the code).
OPTIONAL_COLUMNS = ("health_code", "health_cert", "companion_id_numbers", "companion_phones",
                    "companion_health_codes", "companion_health_certs")


def _scenario_doc(folder: Path) -> dict[str, Any]:
    """scenario.yaml as read for the roster; {} when there is none beside a workers.csv (that is the roster)."""
    if not (folder / "scenario.yaml").exists() and (folder / "workers.csv").is_file():
        return {}
    try:
        return read_yaml(folder / "scenario.yaml")
    except ScenarioError as e:
        raise GenerateError(f"scenario: {e.problems[0]}") from None


def _employers(folder: Path) -> list[dict[str, str]]:
    if not (folder / "employers.csv").is_file():
        raise GenerateError(f"scenario: {folder}/employers.csv is missing")
    return _read_csv(folder / "employers.csv")[1]


def _as_written(row: RosterRow, gcj02: bool) -> dict[str, str]:
    """A rejected record as its file has it, lat/lon in WGS-84 when they are numbers (as written otherwise)."""
    out = {k: v for k, v in row.values.items() if k not in ("lat", "lon")}
    lat, lon = row.values.get("lat", ""), row.values.get("lon", "")
    try:
        la, lo = float(lat), float(lon)
    except ValueError:
        return {**out, "lat_wgs84": lat, "lon_wgs84": lon}
    if coordinates_gcj02(row.columns, gcj02) and math.isfinite(la) and math.isfinite(lo):
        la, lo = gcj02_to_wgs84(la, lo)
        return {**out, "lat_wgs84": f"{la:.6f}", "lon_wgs84": f"{lo:.6f}"}
    return {**out, "lat_wgs84": lat, "lon_wgs84": lon}


def _cleaned(w: Worker, row: RosterRow) -> dict[str, str]:
    """A kept record as the loader cleaned it: ids and names as used, home located (WGS-84), employer by id."""
    return {
        "id": w.id, "name": w.name, "sex": w.sex, "id_number": w.id_number, "phone": w.phone,
        "address": row.values.get("address", ""), "county": w.county, "township": w.township,
        "lat_wgs84": f"{w.lat:.6f}", "lon_wgs84": f"{w.lon:.6f}", "employer": w.employer_id,
        "health_code": w.health_code, "health_cert": "yes" if w.health_cert else "no", "companions": str(w.companions),
        "companion_names": ";".join(w.companion_names), "companion_id_numbers": ";".join(w.companion_id_numbers),
        "companion_phones": ";".join(w.companion_phones), "companion_health_codes": ";".join(w.companion_health_codes),
        "companion_health_certs": ";".join("yes" if c else "no" for c in w.companion_health_certs),
    }


def loaded_roster(folder: Path, doc: dict[str, Any]) -> tuple[list[str], list[dict[str, str]]]:
    """The columns and rows of the roster the scenario names (``workers:`` files and folders, or workers.xlsx), read
    and checked as the loader does (offline: no geocoder): a kept record cleaned, a rejected one as written, in file
    and row order (``EXPORT_COLUMNS``)."""
    sources, problems = roster_sources(doc.get("workers"), folder)
    if doc.get("workers") is None and not sources:
        raise GenerateError(f"scenario: {folder} has no roster: no workers.csv or workers.xlsx, and no workers: in "
                            "scenario.yaml")
    if problems:
        raise GenerateError(f"scenario: {problems[0]}")
    raw_cs = doc.get("coord_system", "WGS84")
    gcj02 = isinstance(raw_cs, str) and raw_cs.strip().upper().replace("-", "") == "GCJ02"
    employers = [Employer(r.get("id", ""), r.get("name", ""), r.get("dropoff", ""),
                          aliases=tuple(split_aliases(r.get("aliases", "")))) for r in _employers(folder)]
    roster = load_roster(sources, employers, gcj02)
    kept = {(w.source, w.row): w for w in roster.workers}
    default = {s.name: s.employer for s in sources}
    rows, present = [], set()
    for f in roster.files:
        present |= set(f.columns.values())
        employer = default.get(f.file) or default.get(f.file.rpartition(" [")[0], "")
        for row in with_default_employer(f.rows, employer):
            w = kept.get((row.file, row.row))
            rows.append(_cleaned(w, row) if w is not None else _as_written(row, gcj02))
    columns = [c for c in EXPORT_COLUMNS if c not in OPTIONAL_COLUMNS or c in present]
    return columns, rows


def _copied(folder: Path, doc: dict[str, Any]) -> bool:
    """Whether the roster is the folder's workers.csv, exported as it is."""
    return doc.get("workers") is None and (folder / "workers.csv").is_file()


def scenario_roster(folder: Path) -> tuple[list[str], list[dict[str, str]]]:
    """Return the columns and rows of a scenario's roster: its workers.csv when that is the roster; the rows made
    from scenario.yaml's ``workers: {generate: ...}`` and the employers' ``expected_workers``; else the roster files
    it names (or its workers.xlsx), read and checked as the loader does (``loaded_roster``).

    Raises
    ------
    GenerateError
        When the folder has no roster, or the spec or employers.csv is wrong.
    RosterFileError
        When a roster file cannot be read.
    """
    doc = _scenario_doc(folder)
    if _copied(folder, doc):
        return _read_csv(folder / "workers.csv")
    workers = doc.get("workers")
    if not isinstance(workers, dict) or "generate" not in workers:
        return loaded_roster(folder, doc)
    spec = roster_spec(workers["generate"])
    employers = employer_weights(_employers(folder))
    return list(WORKER_COLUMNS), generate_worker_rows(spec, employers)


def export_roster(folder: Path, out: Path) -> tuple[Path, int]:
    """Write a scenario's roster to ``out`` (.csv or .xlsx); a workers.csv is copied as it is to a .csv.
    Returns the path and the number of rows.
    """
    columns, rows = scenario_roster(folder)
    if out.suffix.lower() == ".csv" and _copied(folder, _scenario_doc(folder)):
        shutil.copyfile(folder / "workers.csv", out)
        return out, len(rows)
    return write_roster(rows, out, columns), len(rows)
