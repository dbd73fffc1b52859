"""Excel-friendly CSV: UTF-8 with a BOM, text kept as text, formulas defused."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from routing.tables import write_excel_csv


def test_bom_and_digits_survive(tmp_path: Path) -> None:
    """The file starts with a BOM; an 18-digit number with a leading zero reads back unchanged."""
    path = write_excel_csv([{"a": "064042219900101002", "b": "马莉"}], ("a", "b"), tmp_path / "x.csv")
    assert path.read_bytes()[:3] == b"\xef\xbb\xbf"
    back = pd.read_csv(path, dtype=str, encoding="utf-8-sig")
    assert back.to_dict("records") == [{"a": "064042219900101002", "b": "马莉"}]


def test_values_excel_would_run_as_formulas_get_an_apostrophe(tmp_path: Path) -> None:
    """=, +, -, @ at the start are quoted with an apostrophe; other text is untouched."""
    rows = [{"v": "=cmd|' /C calc'!A0"}, {"v": "+86 139"}, {"v": "-1"}, {"v": "@SUM(A1)"}, {"v": "王=强"}]
    path = write_excel_csv(rows, ("v",), tmp_path / "x.csv")
    back = pd.read_csv(path, dtype=str, encoding="utf-8-sig")["v"].tolist()
    assert back == ["'=cmd|' /C calc'!A0", "'+86 139", "'-1", "'@SUM(A1)", "王=强"]
