"""Excel-friendly CSV: UTF-8 with a BOM, text kept as text, formulas defused."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from routing.tables import TableError, read_table, write_excel_csv


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


@pytest.mark.parametrize(("encoding", "delimiter"), [("utf-8", ","), ("utf-8-sig", ";"), ("gb18030", "\t"),
                                                     ("utf-16", "\t"), ("utf-16", ",")])
def test_read_table_takes_every_encoding_and_delimiter(tmp_path: Path, encoding: str, delimiter: str) -> None:
    """UTF-8 (BOM or not), GB18030 and UTF-16 text, split by comma, semicolon or tab, reads to the same rows."""
    path = tmp_path / "t.csv"
    text = delimiter.join(["id", "name", "note"]) + "\r\n" + delimiter.join(["P1", " 西吉县城 ", '"a, b; c"']) + "\r\n\r\n"
    text += delimiter.join(["P2", "隆德"]) + "\r\n"
    path.write_bytes(text.encode(encoding))
    table = read_table(path)
    assert (table.header, table.delimiter) == (("id", "name", "note"), delimiter)
    assert table.rows == ((2, {"id": "P1", "name": "西吉县城", "note": "a, b; c"}), (4, {"id": "P2", "name": "隆德", "note": ""}))
    assert table.long_rows == ()


def test_read_table_names_what_it_cannot_read(tmp_path: Path) -> None:
    """Bytes in no accepted encoding give a TableError; a record with a cell too many is listed by line."""
    bad = tmp_path / "bad.csv"
    bad.write_bytes(b"\x80\x81\xff\xfe\xfd" * 10)
    with pytest.raises(TableError, match="is not text in UTF-8, GB18030/GBK or UTF-16"):
        read_table(bad)
    long = tmp_path / "long.csv"
    long.write_text("a,b\n1,2\n1,2,3\n", encoding="utf-8")
    assert read_table(long).long_rows == (3,)
