"""Reading roster files as they arrive: XLSX and CSV, encodings, header variants, file-level errors."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import zipfile
from pathlib import Path

import openpyxl
import pytest
import xlsxwriter
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl.styles import Font

from routing.errors import ReturnbusError, RosterFileError
from routing.roster import xlsx as xlsx_rows
from routing.roster.model import FIELDS
from routing.roster.read import HEADERS, read_roster
from routing.roster.xlsx import OpenpyxlWorkbook, StreamedWorkbook

ID = 640422199001010011  # typed into Excel as a number, it keeps 15 significant digits
BASE = "姓名,身份证号,联系电话\n"


def _csv(tmp_path: Path, text: str | bytes, name: str = "roster.csv", encoding: str = "utf-8") -> Path:
    path = tmp_path / name
    path.write_bytes(text if isinstance(text, bytes) else text.encode(encoding))
    return path


def _error(path: Path) -> str:
    with pytest.raises(RosterFileError) as info:
        read_roster(path)
    assert info.value.exit_code == 2 and isinstance(info.value, ReturnbusError)
    return str(info.value)


@pytest.fixture
def titled_xlsx(tmp_path: Path) -> Path:
    """A workbook as offices send it: merged title, Chinese headers, numbers typed as numbers, an empty row."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["宁夏XX公司返岗人员名单"])
    ws.merge_cells("A1:I1")
    ws.append(["序号", "姓名", "性别", "身份证号码", "联系电话", "家庭住址", "用工单位", "健康码", "随行家属"])
    ws.append([1, "马小军", "男", ID, 13912345678, "西吉县吉强镇", "隆基", "绿码", "马小红、马小明"])
    ws.append([None] * 9)
    ws.append([2, " 杨\u3000丽\u00a0", "女", "６４０４２２１９９００１０１００２Ｘ", "１３９１２３４５６７９", "海原县", "宁夏共享",
               "绿码", "2"])
    for row in range(6, 60):  # formatted, empty: Excel reports these rows
        ws.cell(row=row, column=2).font = Font(bold=True)
    path = tmp_path / "名单.xlsx"
    wb.save(path)
    return path


def test_xlsx_title_row_numbers_empty_rows_and_full_width(titled_xlsx: Path) -> None:
    """Header under a title; an ID typed as a number keeps the digits the file holds; empties listed, trailing dropped."""
    roster = read_roster(titled_xlsx)
    assert (roster.file, roster.encoding, roster.header_row) == ("名单.xlsx", "xlsx", 2)
    assert [r.row for r in roster.rows] == [3, 5]
    assert roster.empty_rows == (4,)
    assert roster.ignored == ()
    assert roster.columns == {"序号": "id", "姓名": "name", "性别": "sex", "身份证号码": "id_number", "联系电话": "phone",
                              "家庭住址": "address", "用工单位": "employer", "健康码": "health_code", "随行家属": "companions"}
    first, second = roster.rows
    excel_kept = f"{ID:.15g}"  # what Excel keeps of the number: 15 significant digits
    assert first.values["id_number"] == str(int(float(ID))) == "640422199001010048"
    assert first.values["id_number"][:15] == str(ID)[:15] and first.values["id_number"] != str(ID)
    assert float(first.values["id_number"]) == float(excel_kept)
    assert first.numeric == {"id", "id_number", "phone"}
    assert first.values["phone"] == "13912345678"
    assert first.values["companions"] == "" and first.values["companion_names"] == "马小红、马小明"
    assert first.columns["companion_names"] == "随行家属" and first.columns["id_number"] == "身份证号码"
    assert second.values["name"] == "杨\u3000丽"
    assert second.values["id_number"] == "64042219900101002X" and second.values["phone"] == "13912345679"
    assert second.values["companions"] == "2" and "companion_names" not in second.values
    assert second.numeric == {"id"}
    assert set(first.values) == {"id", "name", "sex", "id_number", "phone", "address", "employer", "health_code",
                                 "companions", "companion_names"}


def test_xlsx_first_sheet_with_a_header_is_read(tmp_path: Path) -> None:
    """A notes sheet before the roster is passed over; a sheet without an ID column yields to one with it."""
    wb = openpyxl.Workbook()
    wb.active.title = "说明"
    wb.active.append(["请按模板填写，身份证号设为文本格式"])
    partial = wb.create_sheet("草稿")
    partial.append(["姓名", "电话"])
    partial.append(["张三", "139"])
    roster_sheet = wb.create_sheet("名单")
    roster_sheet.append(["姓名", "身份证号", "电话", "备注"])
    roster_sheet.append(["马小军", "640422199001010011", "13912345678", "先到"])
    path = tmp_path / "r.xlsx"
    wb.save(path)
    roster = read_roster(path, name="batch/r.xlsx")
    assert roster.file == "batch/r.xlsx" and roster.rows[0].file == "batch/r.xlsx"
    assert roster.rows[0].values == {"name": "马小军", "id_number": "640422199001010011", "phone": "13912345678"}
    assert roster.rows[0].numeric == frozenset() and roster.ignored == ("备注",)


def test_xlsx_with_shared_strings_dates_and_booleans(tmp_path: Path) -> None:
    """xlsxwriter's shared strings, a date, a boolean and a formula's cached value read as text."""
    path = tmp_path / "r.xlsx"
    book = xlsxwriter.Workbook(path)
    ws = book.add_worksheet()
    ws.write_row(0, 0, ["姓名", "身份证号", "健康证明", "纬度", "备注"])
    ws.write_string(1, 0, "马小军")
    ws.write_string(1, 1, "640422199001010011")
    ws.write_boolean(1, 2, True)
    ws.write_formula(1, 3, "=36+0.01", None, 36.01)
    ws.write_datetime(1, 4, dt.datetime(2020, 2, 21), book.add_format({"num_format": "yyyy-mm-dd"}))
    book.close()
    roster = read_roster(path)
    assert roster.rows[0].values == {"name": "马小军", "id_number": "640422199001010011", "health_cert": "TRUE",
                                     "lat": "36.01"}
    assert roster.rows[0].numeric == {"lat"}


def test_streamed_sheet_reads_as_openpyxl_reads_it(tmp_path: Path) -> None:
    """The expat reader types every cell as openpyxl's own read-only reader does."""
    path = tmp_path / "r.xlsx"
    book = xlsxwriter.Workbook(path)
    ws = book.add_worksheet()
    date = book.add_format({"num_format": "yyyy-mm-dd hh:mm"})
    ws.write_row(0, 0, ["姓名", "身份证号", 1.5, 640422199001010011, -3, 1e-7, 2.5e300])
    ws.write_rich_string(1, 0, "马", book.add_format({"bold": True}), "小军", " ")
    ws.write_datetime(1, 1, dt.datetime(2020, 2, 21, 6, 30), date)
    ws.write_number(1, 2, 0.25, book.add_format({"num_format": "hh:mm"}))
    ws.write_boolean(1, 3, False)
    ws.write_formula(1, 4, "=NA()", None, "#N/A")
    ws.write_formula(1, 5, '="a"&"b"', None, "ab")
    ws.write_string(4, 6, "跳过两行后 & <tag> \"quoted\"")
    ws.write_blank(6, 2, None, date)
    book.close()

    def trimmed(rows: list[tuple[int, list[object]]]) -> list[tuple[int, list[object]]]:
        out = [(n, cells[: max((i + 1 for i, v in enumerate(cells) if v is not None), default=0)])
               for n, cells in rows]
        while out and not out[-1][1]:
            out.pop()
        return out

    streamed, plain = StreamedWorkbook(path), OpenpyxlWorkbook(path)
    try:
        assert streamed.titles == plain.titles == ["Sheet1"]
        fast = trimmed(list(streamed.rows(0)))
        assert fast == trimmed(list(plain.rows(0)))
        assert [n for n, _ in fast] == [1, 2, 3, 4, 5]
        assert fast[1][1][:4] == ["马小军 ", dt.datetime(2020, 2, 21, 6, 30), dt.time(6, 0), False]
    finally:
        streamed.close()
        plain.close()


def test_xlsx_with_prefixed_tags(tmp_path: Path, titled_xlsx: Path) -> None:
    """Sheet XML written with a namespace prefix (<x:row>, as the .NET OpenXML SDK writes it) reads the same."""
    prefixed = tmp_path / "prefixed.xlsx"
    with zipfile.ZipFile(titled_xlsx) as src, zipfile.ZipFile(prefixed, "w") as dst:
        for item in src.infolist():
            data = src.read(item)
            if item.filename.endswith("sheet1.xml"):
                text = re.sub(r"<(/?)(?=[A-Za-z])", r"<\1x:", data.decode()).replace("xmlns=", "xmlns:x=")
                assert "<x:row" in text
                data = text.encode()
            dst.writestr(item, data)
    assert read_roster(prefixed, name="名单.xlsx") == read_roster(titled_xlsx)


def test_openpyxl_reads_when_streaming_cannot(titled_xlsx: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """With openpyxl internals other than expected, openpyxl's own reader gives the same roster."""
    streamed = read_roster(titled_xlsx)

    def cannot(path: Path) -> None:
        raise xlsx_rows._CannotStream("internals differ")

    monkeypatch.setattr(xlsx_rows, "StreamedWorkbook", cannot)
    assert read_roster(titled_xlsx) == streamed


def test_gbk_csv_with_chinese_headers(tmp_path: Path) -> None:
    """CSV saved by Chinese Excel (GBK) is read as GB18030."""
    text = "序号,姓名,性别,身份证号,手机号,县,乡镇,随行人员\r\n1,马小军,男,64042219900101001X,13912345678,西吉县,吉强镇,1\r\n"
    roster = read_roster(_csv(tmp_path, text, encoding="gbk"))
    assert roster.encoding == "gb18030"
    assert roster.rows[0].values == {"id": "1", "name": "马小军", "sex": "男", "id_number": "64042219900101001X",
                                     "phone": "13912345678", "county": "西吉县", "township": "吉强镇", "companions": "1"}
    assert roster.rows[0].row == 2 and roster.rows[0].numeric == frozenset()


@pytest.mark.parametrize(("prefix", "encoding"), [(b"\xef\xbb\xbf", "utf-8-sig"), (b"", "utf-8")])
def test_utf8_csv_with_and_without_bom(tmp_path: Path, prefix: bytes, encoding: str) -> None:
    """The BOM is not part of the first header."""
    roster = read_roster(_csv(tmp_path, prefix + (BASE + "马小军,640422199001010011,139\n").encode()))
    assert roster.encoding == encoding
    assert roster.columns == {"姓名": "name", "身份证号": "id_number", "联系电话": "phone"}


def test_utf16_csv(tmp_path: Path) -> None:
    """Excel's "Unicode text" (UTF-16 with a BOM, tabs) renamed to .csv is read too."""
    roster = read_roster(_csv(tmp_path, "姓名\t身份证号\n马小军\t640422199001010011\n", encoding="utf-16"))
    assert roster.encoding == "utf-16" and roster.rows[0].values["name"] == "马小军"


@pytest.mark.parametrize("delimiter", [";", "\t"])
def test_semicolon_and_tab_csv(tmp_path: Path, delimiter: str) -> None:
    """The delimiter that gives a header wins, even with commas inside the values."""
    text = delimiter.join(["姓名", "身份证号", "地址"]) + "\n" + delimiter.join(["马小军", "6404", "宁夏,固原,西吉"]) + "\n"
    roster = read_roster(_csv(tmp_path, text))
    assert roster.rows[0].values == {"name": "马小军", "id_number": "6404", "address": "宁夏,固原,西吉"}


def test_csv_scientific_notation_id_is_numeric(tmp_path: Path) -> None:
    """An ID Excel exported as "6.40422E+17" is kept as written and flagged numeric."""
    roster = read_roster(_csv(tmp_path, BASE + "马小军,6.40422E+17,1.39123E+10\n王强,640422199001010011,e5\n"))
    first, second = roster.rows
    assert first.values["id_number"] == "6.40422E+17" and first.numeric == {"id_number", "phone"}
    assert second.numeric == frozenset()


def test_csv_row_numbers_are_line_numbers(tmp_path: Path) -> None:
    """Multi-line cells count as the lines they take; blank lines between records are listed, trailing ones not."""
    text = "名单\n" + BASE + '马小军,6404,"139\n备用 138"\n\n,,\n王强,6405,137\n\n\n'
    roster = read_roster(_csv(tmp_path, text))
    assert roster.header_row == 2
    assert [r.row for r in roster.rows] == [3, 7]
    assert roster.empty_rows == (5, 6)
    assert roster.rows[0].values["phone"] == "139\n备用 138"


def test_bundled_scenario_workers_csv() -> None:
    """The English headers of the bundled scenarios map every field."""
    roster = read_roster(Path("scenarios/guyuan-2020-02-21/workers.csv"))
    assert len(roster.rows) == 150 and roster.ignored == () and roster.empty_rows == ()
    header = Path("scenarios/guyuan-2020-02-21/workers.csv").read_text(encoding="utf-8").splitlines()[0].split(",")
    assert roster.columns == {h: h for h in header} and set(header) == set(FIELDS) - {
        "address", "companion_id_numbers", "companion_phones", "companion_health_codes", "companion_health_certs"}
    assert all(set(r.values) == set(header) for r in roster.rows)
    assert roster.rows[0].values["id"] == "W0001" and roster.rows[-1].row == 151


VARIANTS = [(spelling, field) for field, spellings in HEADERS.items() for spelling in spellings] + [
    ("身份证号码（必填）", "id_number"), (" 姓 名 ", "name"), ("Phone", "phone"), ("手机号*", "phone"),
    ("*姓名", "name"), ("联系电话：", "phone"), ("纬度(lat)", "lat"), ("经度 【GCJ-02】", "lon"), ("Longitude", "lon"),
    ("ID Number", "id_number"), ("ＩＤ", "id"), ("Health Code", "health_code"), ("县（区）", "county"),
    ("随行人员[姓名或人数]", "companions"), ("用工单位 (全称)", "employer"), ("ＮＡＭＥ", "name"),
]


@pytest.mark.parametrize(("header", "field"), VARIANTS)
def test_header_variants(tmp_path: Path, header: str, field: str) -> None:
    """Every accepted spelling, and decorated ones, map to their field."""
    others = {"name": ["身份证号"], "id_number": ["姓名"]}.get(field, ["姓名", "身份证号"])
    out = io.StringIO()
    csv.writer(out).writerows([[header, *others], ["7", *["x"] * len(others)]])
    roster = read_roster(_csv(tmp_path, out.getvalue()))
    assert roster.columns[header.strip()] == field
    assert roster.rows[0].values[field] == "7" and roster.rows[0].columns[field] == header.strip()


def test_header_spellings_are_unambiguous() -> None:
    """No spelling is accepted for two fields, and every field has its English name among its spellings."""
    keys = [re.sub(r"[\s_\-.]", "", s).lower() for spellings in HEADERS.values() for s in spellings]
    assert len(keys) == len(set(keys))
    assert set(HEADERS) == set(FIELDS) and all(f in HEADERS[f] for f in FIELDS)


def test_duplicate_and_unknown_columns_are_ignored(tmp_path: Path) -> None:
    """The first column of a field is read; the second and unknown ones are listed as ignored."""
    roster = read_roster(_csv(tmp_path, "姓名,电话,身份证号,手机号,备注\n马小军,139,6404,138,x\n"))
    assert roster.rows[0].values == {"name": "马小军", "phone": "139", "id_number": "6404"}
    assert roster.ignored == ("手机号", "备注")


def test_missing_name_column_lists_accepted_headers(tmp_path: Path) -> None:
    """The message names the file, the header row and the spellings that would do."""
    message = _error(_csv(tmp_path, "序号,身份证号,联系电话\n1,6404,139\n"))
    assert message.startswith("roster.csv: the header (row 1) has no name (姓名) column")
    assert all(s in message for s in HEADERS["name"])


def test_missing_id_number_column(tmp_path: Path) -> None:
    """A header with a name but no ID column is an error, not a guess."""
    message = _error(_csv(tmp_path, "姓名,联系电话\n马小军,139\n"))
    assert "no ID-number (身份证号码) column" in message and "公民身份号码" in message


@pytest.mark.parametrize("text", ["", "a,b,c\n1,2,3\n", "姓名\n马小军\n", "\n" * 10 + BASE])
def test_no_header(tmp_path: Path, text: str) -> None:
    """No row of the first 10 holds two known headers with the name or ID among them."""
    assert "no header row found in the first 10 rows" in _error(_csv(tmp_path, text))


def test_xlsx_without_header_names_its_sheets(tmp_path: Path) -> None:
    """The message says every sheet was looked at."""
    wb = openpyxl.Workbook()
    wb.active.append(["a", "b"])
    wb.create_sheet("二")
    wb.save(tmp_path / "r.xlsx")
    assert "no header row found in the first 10 rows of any of its 2 sheets" in _error(tmp_path / "r.xlsx")


@pytest.mark.parametrize(("name", "data", "says"), [
    ("r.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600), "old Excel .xls workbook"),
    ("r.xlsx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(100) + "EncryptionInfo".encode("utf-16-le"), "password"),
    ("r.docx", BASE.encode(), "must be an Excel workbook (.xlsx, .xlsm, .xls) or CSV text (.csv, .txt, .tsv), not .docx"),
    ("r", BASE.encode(), "not a file without an extension"),
    ("r.xlsx", bytes(range(256)) * 8, "cannot be read as an Excel workbook"),
    ("r.xlsx", BASE.encode(), "cannot be read as an Excel workbook"),
    ("r.csv", b"\x80\x81\xff\xfe\xfd" * 20, "is not text in UTF-8, GB18030/GBK or UTF-16"),
    ("r.xls", b"<html><table><tr><td>\xe5\xa7\x93\xe5\x90\x8d</td></tr></table></html>", "is a web page (HTML) or XML"),
    ("r.xls", b"\x80\x81\xff\xfe\xfd" * 20, "cannot be read as an old Excel .xls workbook"),
])
def test_file_errors(tmp_path: Path, name: str, data: bytes, says: str) -> None:
    """Wrong formats, encrypted, damaged and undecodable files raise one error naming the file."""
    message = _error(_csv(tmp_path, data, name=name))
    assert message.startswith(f"{name}: ") and says in message


def test_damaged_zip_and_xlsx_renamed_csv(tmp_path: Path, titled_xlsx: Path) -> None:
    """A zip that is no workbook, a workbook whose sheet XML is cut, and a workbook named .csv."""
    with zipfile.ZipFile(tmp_path / "zip.xlsx", "w") as z:
        z.writestr("hello.txt", "hi")
    assert "cannot be read as an Excel workbook" in _error(tmp_path / "zip.xlsx")
    cut = tmp_path / "cut.xlsx"
    with zipfile.ZipFile(titled_xlsx) as src, zipfile.ZipFile(cut, "w") as dst:
        for item in src.infolist():
            data = src.read(item)
            dst.writestr(item, data[: len(data) // 2] if item.filename.endswith("sheet1.xml") else data)
    assert "cannot be read as an Excel workbook" in _error(cut)
    renamed = _csv(tmp_path, titled_xlsx.read_bytes(), name="r.csv")
    assert "is an Excel workbook with a .csv name" in _error(renamed)
    assert "cannot be read" in _error(tmp_path / "missing.csv")


# --- junk never crashes, every non-empty row is one record -----------------------------------

SPACES = "".join(ch for ch in map(chr, range(0x3001)) if ch.isspace()) + "\u200b\u200c\u200d\u2060\ufeff"
XML_TEXT = st.characters(blacklist_categories=("Cs",), blacklist_characters="".join(map(chr, range(32))) + "\ufffe\uffff")
JUNK_TEXT = st.one_of(st.text(max_size=12), st.sampled_from(["", " ", "\u3000", "\xa0", "😀", "=1+1", "'", "６４Ｘ"]))
NUMBERS = st.one_of(st.integers(-10**20, 10**20), st.floats(allow_nan=False, allow_infinity=False))
JUNK_HEADER = ["姓名", "身份证号", "联系电话", "随行人员", "备注"]


def _blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and value.strip(SPACES) == "")


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=st.lists(st.lists(st.one_of(st.none(), st.text(XML_TEXT, max_size=12), NUMBERS, JUNK_TEXT.filter(
    lambda s: not re.search(r"[\x00-\x1f]", s))), max_size=6), max_size=15), title=st.booleans())
def test_junk_xlsx_never_crashes(tmp_path: Path, rows: list[list[object]], title: bool) -> None:
    """Every non-empty row of an xlsx full of junk is exactly one record, with its row number."""
    path = tmp_path / "junk.xlsx"
    book = xlsxwriter.Workbook(path)
    ws = book.add_worksheet()
    first = 1 if title else 0
    if title:
        ws.write_string(0, 0, "返岗人员名单")
    ws.write_row(first, 0, JUNK_HEADER)
    for r, cells in enumerate(rows, start=first + 1):
        for c, value in enumerate(cells):
            if isinstance(value, str):
                ws.write_string(r, c, value)
            elif value is not None:
                ws.write_number(r, c, value)
    book.close()
    roster = read_roster(path)
    expected = [first + 2 + i for i, cells in enumerate(rows) if not all(map(_blank, cells))]
    assert [r.row for r in roster.rows] == expected
    assert roster.header_row == first + 1
    assert all(set(r.values) <= set(FIELDS) and all(isinstance(v, str) for v in r.values.values()) for r in roster.rows)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=st.lists(st.lists(st.one_of(JUNK_TEXT, NUMBERS.map(str)), max_size=7), max_size=15))
def test_junk_csv_never_crashes(tmp_path: Path, rows: list[list[str]]) -> None:
    """Every non-empty record of a CSV full of junk (control characters, newlines, quotes) is one RosterRow.

    Its line is one more than the line ends before it: \r\n or \n (a lone \r, in a quoted cell, is no line end
    in a file whose lines end in \r\n)."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(JUNK_HEADER)
    starts = []
    for cells in rows:
        starts.append(1 + len(re.findall(r"\r\n|\n", out.getvalue())))
        writer.writerow(cells)
    roster = read_roster(_csv(tmp_path, out.getvalue()))
    expected = [line for line, cells in zip(starts, rows, strict=True) if not all(map(_blank, cells))]
    assert [r.row for r in roster.rows] == expected
