"""Writing a plan's files: manifests by format, full-ID copies named apart, one coach at a time."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from routing.errors import UnknownCoachError
from routing.model import Scenario
from routing.outputs.writer import auto_formats, manifest_name, only_buses, write_manifests
from routing.plan.model import Plan


def test_csv_and_html_manifests_per_coach(tiny_plan: Plan, tiny_scenario: Scenario, tmp_path: Path) -> None:
    """write_manifests with csv and html writes both per coach under manifests/, creating the folder."""
    paths = write_manifests(tiny_plan, tiny_scenario, tmp_path, formats=("csv", "html"))
    out = tmp_path / "manifests"
    assert sorted(p.name for p in paths) == ["C45-1.csv", "C45-1.html", "C45-2.csv", "C45-2.html"]
    assert all(p.is_file() and p.parent == out for p in paths)
    assert "王强" in (out / "C45-2.html").read_text(encoding="utf-8")
    frame = pd.read_csv(out / "C45-2.csv", dtype=str, keep_default_na=False)
    assert frame["name"].tolist() == ["王强", "张伟"]


def test_full_id_copies_never_overwrite_the_masked_ones(tiny_plan: Plan, tiny_scenario: Scenario,
                                                        tmp_path: Path) -> None:
    """A masked and a full-ID run into one folder leave both copies, the full numbers only in -full-id files."""
    write_manifests(tiny_plan, tiny_scenario, tmp_path, formats=("csv",))
    write_manifests(tiny_plan, tiny_scenario, tmp_path, formats=("csv",), full_id=True)
    out = tmp_path / "manifests"
    assert sorted(p.name for p in out.iterdir()) == ["C45-1-full-id.csv", "C45-1.csv", "C45-2-full-id.csv",
                                                     "C45-2.csv"]
    number = tiny_scenario.worker("W3").id_number  # type: ignore[union-attr]
    assert number in (out / "C45-2-full-id.csv").read_text(encoding="utf-8-sig")
    assert number not in (out / "C45-2.csv").read_text(encoding="utf-8-sig")
    assert manifest_name("C45-2", True) == "C45-2-full-id"


def test_only_buses_keeps_the_coach_and_its_passengers(tiny_plan: Plan) -> None:
    """only_buses(plan, ["C45-2"]) keeps that coach and its two passengers."""
    one = only_buses(tiny_plan, ["C45-2"])
    assert [b.id for b in one.buses] == ["C45-2"]
    assert sorted(a.worker_id for a in one.assignments) == ["W3", "W4"]


def test_only_buses_names_an_unknown_coach(tiny_plan: Plan) -> None:
    """An unknown id is named with the coaches the plan has."""
    with pytest.raises(UnknownCoachError, match=r"no coach C9 in the plan \(coaches: C45-1, C45-2\)"):
        only_buses(tiny_plan, ["C45-1", "C9"])


def test_auto_formats_leave_pdf_and_xlsx_to_the_manifest_command_above_300_coaches() -> None:
    """auto: every format up to 300 coaches, HTML and CSV above."""
    assert auto_formats(300) == ("pdf", "xlsx", "html", "csv")
    assert auto_formats(301) == ("html", "csv")


def test_without_a_chinese_font_everything_but_the_pdfs_is_written(
        tiny_plan: Plan, tiny_scenario: Scenario, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """No font anywhere: write_outputs writes the other formats once and says why the PDFs are missing."""
    from routing.outputs import fonts
    from routing.outputs.writer import write_outputs

    monkeypatch.delenv(fonts.ENV_VAR, raising=False)
    monkeypatch.setattr(fonts, "KNOWN_FONTS", ())
    monkeypatch.setattr(fonts.shutil, "which", lambda name: None)
    fonts.find_cjk_font.cache_clear()
    try:
        paths, warnings = write_outputs(tiny_plan, tiny_scenario, tmp_path, formats=("pdf", "csv"))
    finally:
        fonts.find_cjk_font.cache_clear()
    assert len(warnings) == 1 and warnings[0].startswith("PDF manifests not written:")
    assert "fonts-noto-cjk" in warnings[0]
    assert sorted(p.name for p in (tmp_path / "manifests").iterdir()) == ["C45-1.csv", "C45-2.csv"]
    assert len(paths) == len(set(paths))  # nothing written twice
