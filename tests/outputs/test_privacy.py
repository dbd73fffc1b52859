"""Every output of a plan run, read back in its own format: no full ID number or phone unless
--full-id, and a name full of HTML and spreadsheet syntax comes out as text everywhere."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from click.testing import CliRunner

from routing.cli import main
from routing.scenario.load import load_scenario
from tests.helpers import DATA

VALID = DATA / "valid_small"
NASTY = "<script>alert('马')</script>\"&"


def _plan(tmp: Path, *extra: str) -> Path:
    """valid_small with worker W2 renamed to NASTY, planned into tmp/out; returns the output folder."""
    folder = tmp / "sc"
    if not folder.exists():
        shutil.copytree(VALID, folder)
        workers = pd.read_csv(folder / "workers.csv", dtype=str, keep_default_na=False)
        workers.loc[workers["id"] == "W2", "name"] = NASTY
        workers.to_csv(folder / "workers.csv", index=False)
    out = tmp / ("out" + "".join(extra))
    result = CliRunner().invoke(main, ["plan", str(folder), "-o", str(out), "--solutions", "20", "--silent", *extra])
    assert result.exit_code == 0, result.output
    return out


def _texts(out: Path) -> dict[str, str]:
    """Every output file's text as a reader gets it: PDFs through pdftotext, workbooks cell by cell."""
    texts: dict[str, str] = {}
    for path in sorted(p for p in out.rglob("*") if p.is_file()):
        name = str(path.relative_to(out))
        if path.suffix == ".pdf":
            texts[name] = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True,
                                         check=True).stdout
        elif path.suffix == ".xlsx":
            book = openpyxl.load_workbook(path)
            texts[name] = "\n".join(str(c.value) for ws in book.worksheets for row in ws.iter_rows() for c in row
                                    if c.value is not None)
        elif path.suffix in (".png",):
            continue
        else:
            texts[name] = path.read_text(encoding="utf-8-sig")
    return texts


@pytest.fixture(scope="module")
def outputs(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The run without and with --full-id."""
    tmp = tmp_path_factory.mktemp("privacy")
    return _plan(tmp), _plan(tmp, "--full-id")


def test_no_full_id_number_or_phone_anywhere_by_default(outputs: tuple[Path, Path]) -> None:
    """Masked run: no seated worker's 18-digit ID number or 11-digit phone in any file, PDFs and workbook included."""
    sc = load_scenario(VALID)
    texts = _texts(outputs[0])
    assert {"plan.json", "index.html", "map.html", "notices.csv", "manifests.xlsx", "manifests/C45-1.pdf",
            "manifests/C45-1.html", "manifests/C45-1.csv", "timetable.html"} <= set(texts)
    for name, text in texts.items():
        for w in sc.workers:
            assert w.id_number not in text, (name, w.id)
            assert w.phone not in text, (name, w.id)


def test_full_id_run_prints_them_only_on_manifests_and_notices(outputs: tuple[Path, Path]) -> None:
    """--full-id: the full numbers are on the -full-id manifests (PDF, CSV, workbook); phones also in notices."""
    sc = load_scenario(VALID)
    texts = _texts(outputs[1])
    number = next(w for w in sc.workers if w.id == "W3").id_number
    for name in ("manifests/C45-1-full-id.pdf", "manifests/C45-1-full-id.csv", "manifests-full-id.xlsx"):
        assert number in re.sub(r"\s", "", texts[name]), name
    for name in ("plan.json", "index.html", "map.html", "timetable.html", "schedule.csv"):
        assert number not in texts[name], name


def test_nasty_name_is_text_in_every_html_file(outputs: tuple[Path, Path]) -> None:
    """The <script> name never appears raw in HTML; the manifest page shows it escaped."""
    texts = _texts(outputs[0])
    for name, text in texts.items():
        if name.endswith(".html"):
            assert "<script>alert(" not in text, name
    assert "&lt;script&gt;alert(&#x27;马&#x27;)&lt;/script&gt;&quot;&amp;" in texts["manifests/C45-1.html"]


def test_nasty_name_comes_back_whole_from_pdf_workbook_and_csv(outputs: tuple[Path, Path]) -> None:
    """pdftotext, openpyxl and the CSV reader give the name back as written (CSV: a leading apostrophe only
    when Excel would take it for a formula, which '<' is not)."""
    texts = _texts(outputs[0])
    pdf = re.sub(r"\s", "", texts["manifests/C45-1.pdf"])  # wrapped over two lines in its cell
    assert "<script>alert('马')" in pdf and '/script>"&' in pdf
    assert NASTY in texts["manifests.xlsx"]
    assert NASTY in texts["manifests/C45-1.csv"] or NASTY.replace('"', '""') in texts["manifests/C45-1.csv"]
