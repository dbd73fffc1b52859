"""ID numbers and phones typed into the wrong fields never come out in full, in any file or message, without
--full-id; and a masked run leaves no -full-id file of an earlier run behind."""

from __future__ import annotations

import csv
import io
import shutil
import subprocess
from pathlib import Path

import openpyxl
from click.testing import CliRunner

from routing.cli import main
from routing.roster.idcard import check_char
from tests.helpers import DATA


def _id_number(serial: int) -> str:
    first17 = f"64042219900101{serial:03d}"
    return first17 + check_char(first17)


# field -> (worker, what is typed there): a valid ID number or a mobile number, each its own
PLANTED = {
    "name": ("W2", f"李娟 {_id_number(101)}"),
    "companion_names": ("W1", f"马小红 {_id_number(102)}"),
    "companions": ("W1", _id_number(103)),
    "employer": ("W3", _id_number(104)),
    "health_code": ("W4", "13912345601"),
    "health_cert": ("W5", "13912345602"),
    "sex": ("W6", _id_number(105)),
    "lat": ("W5", "13912345603"),
    "township": ("W3", f"吉强镇 {_id_number(106)}"),
    "county": ("W6", "139 1234 5604"),
}


def _scenario(tmp: Path) -> Path:
    folder = tmp / "planted"
    shutil.copytree(DATA / "valid_small", folder)
    path = folder / "workers.csv"
    rows = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))
    for field, (worker, value) in PLANTED.items():
        next(r for r in rows if r["id"] == worker)[field] = value
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=list(rows[0]))
    writer.writeheader()
    writer.writerows(rows)
    path.write_text(buf.getvalue(), encoding="utf-8")
    return folder


def _texts(folder: Path) -> dict[str, str]:
    """Every file's text as a reader gets it: PDFs through pdftotext, workbooks cell by cell, the rest as text."""
    out: dict[str, str] = {}
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        if path.suffix == ".pdf":
            out[str(path)] = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True,
                                            check=True).stdout
        elif path.suffix == ".xlsx":
            book = openpyxl.load_workbook(path)
            out[str(path)] = " ".join(str(c.value) for ws in book.worksheets for row in ws.iter_rows() for c in row)
        elif path.suffix != ".png":
            out[str(path)] = path.read_text(encoding="utf-8-sig", errors="replace")
    return out


def _digits(text: str) -> str:
    return "".join(c for c in text if c.isdigit() or c in "Xx")


def test_numbers_typed_into_any_field_are_masked_everywhere(tmp_path: Path) -> None:
    """validate and plan (after a --full-id run into the same folder): no planted number whole, anywhere."""
    scenario = _scenario(tmp_path)
    runner = CliRunner()
    out = tmp_path / "out"
    assert runner.invoke(main, ["plan", str(scenario), "-o", str(out), "--silent", "--full-id"]).exit_code == 0
    validated = runner.invoke(main, ["validate", str(scenario), "-o", str(tmp_path / "validation")])
    planned = runner.invoke(main, ["plan", str(scenario), "-o", str(out), "--silent"])
    assert validated.exit_code == 0 and planned.exit_code == 0, planned.output
    assert not [p.name for p in out.rglob("*") if "full-id" in p.name]
    texts = {**_texts(out), **_texts(tmp_path / "validation"), "validate output": validated.output,
             "plan output": planned.output}
    flat = {name: text.replace(" ", "").replace("-", "") for name, text in texts.items()}
    for field, (_, value) in PLANTED.items():
        number = _digits(value)
        leaks = [name for name, text in flat.items() if number in text]
        assert leaks == [], f"{field}: {value} in full in {leaks}"
