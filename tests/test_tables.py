"""Excel-friendly CSV: UTF-8 with a BOM, text kept as text, formulas defused."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from routing.tables import CsvRecord, TableError, csv_records, decode_text, read_table, split_records, write_excel_csv


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


def test_a_lone_carriage_return_in_a_value_is_quoted(tmp_path: Path) -> None:
    """A value holding a lone \\r (pasted from old Mac text) is quoted, so it reads back as one value, not two records."""
    path = write_excel_csv([{"a": "x\ry", "b": "c\nd"}, {"a": "=1", "b": "e"}], ("a", "b"), tmp_path / "x.csv")
    assert path.read_bytes() == b'\xef\xbb\xbfa,b\n"x\ry","c\nd"\n\'=1,e\n'
    text = path.read_bytes().decode("utf-8-sig")
    assert [(r.line, r.cells) for r in split_records(text, ",")] == [(1, ["a", "b"]), (2, ["x\ry", "c\nd"]),
                                                                       (4, ["'=1", "e"])]


def test_split_records_reads_csv_as_the_csv_module_does() -> None:
    """Quoted delimiters, doubled quotes, quoted line ends, blank lines and a trailing empty cell."""
    text = 'a,"b,c","say ""hi"""\r\n\r\n"multi\nline",x,\r\n'
    assert list(split_records(text, ",")) == [CsvRecord(1, ["a", "b,c", 'say "hi"']), CsvRecord(2, []),
                                              CsvRecord(3, ["multi\nline", "x", ""])]
    assert [(r.line, r.cells) for r in split_records(text, ",")] == list(csv_records(text, ","))


def test_a_stray_quote_costs_only_its_own_row() -> None:
    """A cell opened by a quote that never closes (or closes inside a cell) is read as it stands, on its line."""
    text = 'n,id\r\n"马小军,1\r\n王强,2\r\n"李"四,3\r\n"ok, fine",4\r\n"tail'
    assert list(split_records(text, ",")) == [
        CsvRecord(1, ["n", "id"]), CsvRecord(2, ['"马小军', "1"], (0,)), CsvRecord(3, ["王强", "2"]),
        CsvRecord(4, ['"李"四', "3"], (0,)), CsvRecord(5, ["ok, fine", "4"]), CsvRecord(6, ['"tail'], (0,))]


def test_a_lone_carriage_return_ends_lines_only_in_old_mac_text() -> None:
    """Where the first line ends in \\r alone every \\r ends a line; elsewhere a lone \\r is part of its cell."""
    assert [r.cells for r in split_records("a,b\rc,d\r", ",")] == [["a", "b"], ["c", "d"]]
    assert [(r.line, r.cells) for r in split_records("a,b\nc\r,d\n", ",")] == [(1, ["a", "b"]), (2, ["c\r", "d"])]


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_utf16_without_its_bom(encoding: str) -> None:
    """Excel's "Unicode text" stripped of its BOM: the NUL bytes of its ASCII give it away."""
    text = "姓名\t身份证号\r\n马小军\t640422199001010011\r\n"
    assert decode_text(text.encode(encoding)) == (text, encoding)
    assert decode_text(b"a\x00b\x00c,d\n") == ("a\x00b\x00c,d\n", "utf-8")  # a few NULs in UTF-8 text stay
