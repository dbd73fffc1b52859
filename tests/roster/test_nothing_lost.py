"""Nothing lost under any input (issue 13): every record of a roster is read, or its file refused by name.

One small case per way records used to go missing or appear from nowhere: formats skipped in a
folder, a roster split over sheets, a stray quote in a GBK CSV, a header of two rows, hostile text,
the same file named twice, and the limits at the door. Each checks the exact message and that the
records in are the records kept plus the records rejected.
"""

from __future__ import annotations

import csv
import io
import shutil
import time
import zipfile
from pathlib import Path

import openpyxl
import pytest
import xlsxwriter
from click.testing import CliRunner

from routing.cli import main
from routing.errors import RosterFileError, ScenarioError
from routing.model import REJECT, WARN, RecordProblem, Scenario
from routing.roster import read as roster_read
from routing.roster.idcard import check_char
from routing.roster.read import STRAY_QUOTE, STRAY_QUOTE_FIX, read_roster, read_roster_sheets
from routing.scenario.load import load_scenario
from routing.tables import write_excel_csv
from tests.helpers import DATA

VALID = DATA / "valid_small"
MIXED = DATA / "roster_mixed_formats"
HEAD = ["序号", "姓名", "身份证号码", "联系电话", "县区", "用工单位", "健康码", "健康证明"]
NAMES = ["马小明", "李娟", "王强", "张伟", "杨丽", "赵军", "陈红", "刘海", "丁芳", "海勇", "田霞", "苏斌", "马兰", "李林", "王梅"]


def ident(k: int) -> str:
    """A valid ID number, a different one for every k (0..999)."""
    first = ("640402" if k % 2 else "640422") + f"19{80 + k % 15:02d}{1 + k % 12:02d}{1 + k % 27:02d}" + f"{k:03d}"
    return first + check_char(first)


def person(k: int, sheet_id: int | None = None) -> list[str]:
    """A valid record under ``HEAD``: seated or left for capacity, never rejected."""
    return [str(k + 1 if sheet_id is None else sheet_id), NAMES[k % len(NAMES)], ident(k), f"139951{k:05d}",
            "原州区" if k % 2 else "西吉县", "E1" if k % 2 else "E2", "绿码", "有"]


def scenario(tmp_path: Path, files: dict[str, bytes], workers: str | None) -> Path:
    """valid_small with its workers.csv replaced by ``files`` (paths in the folder) and ``workers:`` as given."""
    folder = tmp_path / "sc"
    shutil.copytree(VALID, folder)
    (folder / "workers.csv").unlink()
    for name, data in files.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_bytes(data)
    if workers is not None:
        with (folder / "scenario.yaml").open("a", encoding="utf-8") as f:
            f.write(f"workers: {workers}\n")
    return folder


def accounted(sc: Scenario) -> int:
    """Records kept plus records rejected: every one the plan will seat or report."""
    return len(sc.workers) + len(sc.rejected)


def csv_bytes(rows: list[list[str]], encoding: str = "utf-8", line_end: str = "\n") -> bytes:
    out = io.StringIO()
    csv.writer(out, lineterminator=line_end).writerows(rows)
    return out.getvalue().encode(encoding)


def xlsx_bytes(sheets: dict[str, list[list[object]]]) -> bytes:
    book = openpyxl.Workbook()
    book.remove(book.active)
    for title, rows in sheets.items():
        ws = book.create_sheet(title)
        for r in rows:
            ws.append(r)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def not_roster_notes(sc: Scenario) -> list[RecordProblem]:
    """The findings that are not about a record's values (file-level ones and stray quotes)."""
    return [p for p in sc.roster_problems if p.row == 0 and p.column != "sex" or p.problem == STRAY_QUOTE]


# --- every format of a roster folder is read, any other file refused by name ----------------------------------

def test_a_folder_of_csv_xls_txt_and_xlsm_is_read_whole() -> None:
    """a.csv, b.xls (old Excel), c.txt (UTF-16 "Unicode text") and d.xlsm: 30 records, 30 workers; the Finder
    file and the Office lock file beside them are named as skipped."""
    sc = load_scenario(MIXED)
    assert sc.roster_files == (("roster/a.csv", "utf-8-sig", 10), ("roster/b.xls", "xls", 10),
                               ("roster/c.txt", "utf-16", 5), ("roster/d.xlsm", "xlsx", 5))
    assert accounted(sc) == 30 == len(sc.workers)
    assert len({w.id_number for w in sc.workers}) == 30
    skipped = "not read: a hidden or temporary file (such as Excel's ~$ lock file or .DS_Store), not a roster"
    assert not_roster_notes(sc) == [RecordProblem("roster/", 0, "", "roster/.DS_Store", skipped, "nothing to do", WARN),
                                    RecordProblem("roster/", 0, "", "roster/~$d.xlsm", skipped, "nothing to do", WARN)]


def test_validate_a_folder_of_four_formats_exits_0(tmp_path: Path) -> None:
    """returnbus validate counts the 30 records of the four files and exits 0."""
    result = CliRunner().invoke(main, ["validate", str(MIXED), "-o", str(tmp_path / "v")], prog_name="returnbus")
    assert result.exit_code == 0, result.output
    assert (f"{MIXED}: OK - 30 roster records from roster/a.csv (utf-8-sig, 10 records); roster/b.xls (xls, 10 records); "
            "roster/c.txt (utf-16, 5 records); roster/d.xlsm (xlsx, 5 records)") in result.stdout
    assert "  30 valid (0 repaired), 0 rejected (planned as invalid_record)" in result.stdout


def test_other_files_in_a_roster_folder_are_refused_by_name(tmp_path: Path) -> None:
    """A Word file and a photo in the roster folder stop the scenario, each named with what to do (exit 2)."""
    folder = tmp_path / "sc"
    shutil.copytree(MIXED, folder)
    (folder / "roster" / "说明.docx").write_bytes(b"PK\x03\x04" + bytes(40))
    (folder / "roster" / "照片.jpg").write_bytes(b"\xff\xd8\xff\xe0" + bytes(40))
    with pytest.raises(ScenarioError) as info:
        load_scenario(folder)
    refused = [line for p in info.value.problems for line in p.splitlines() if "is not read" in line]
    assert refused == [
        f"roster/{name}: is not read: a roster must be an Excel workbook (.xlsx, .xlsm, .xls) or CSV text (.csv, .txt, "
        f".tsv), not {suffix}; save it from Excel or WPS as .xlsx or CSV, or, if it holds no workers, take it out of "
        "the roster folder (or out of 'workers:' in scenario.yaml)." for name, suffix in (("照片.jpg", ".jpg"),
                                                                                        ("说明.docx", ".docx"))]
    result = CliRunner().invoke(main, ["validate", str(folder), "-o", str(tmp_path / "v")], prog_name="returnbus")
    assert result.exit_code == 2 and "roster/说明.docx: is not read" in result.output


def test_xls_cells_read_as_typed() -> None:
    """The old .xls: header under a merged title, numbers typed as numbers read as their digits and flagged."""
    roster = read_roster(MIXED / "roster" / "b.xls")
    assert (roster.encoding, roster.header_row, [r.row for r in roster.rows]) == ("xls", 2, list(range(3, 13)))
    first = roster.rows[0]
    assert first.values == {"id": "11", "name": "苏斌", "id_number": "640402199112121179", "phone": "13995100011",
                            "county": "原州区", "employer": "E1", "health_code": "绿码", "health_cert": "有"}
    assert first.numeric == {"id", "phone"}


def test_xls_without_calamine_says_what_to_do(monkeypatch: pytest.MonkeyPatch) -> None:
    """Without python-calamine an .xls is refused with both ways out."""
    def missing(path: Path) -> None:
        raise ImportError("No module named 'python_calamine'")

    monkeypatch.setattr(roster_read, "CalamineWorkbook", missing)
    with pytest.raises(RosterFileError) as info:
        read_roster(MIXED / "roster" / "b.xls")
    assert str(info.value) == ("b.xls: is an old Excel .xls workbook, and python-calamine, which reads those, is not "
                               "installed (pip install python-calamine); or open it in Excel or WPS and save it as "
                               ".xlsx (Excel 工作簿) or as CSV.")


def test_what_a_file_holds_decides_how_it_is_read(tmp_path: Path) -> None:
    """Tab-separated GBK text exported as .xls is read as text; an .xlsx saved as .xls as a workbook; a web page
    saved as .xls is refused."""
    rows = [HEAD, person(0), person(1)]
    text = tmp_path / "导出.xls"
    text.write_bytes("\r\n".join("\t".join(r) for r in rows).encode("gbk"))
    assert [(r.row, r.values["name"]) for r in read_roster(text).rows] == [(2, "马小明"), (3, "李娟")]
    assert read_roster(text).encoding == "gb18030"
    book = tmp_path / "名单.xls"
    book.write_bytes(xlsx_bytes({"名单": rows}))
    assert [r.values["id_number"] for r in read_roster(book).rows] == [ident(0), ident(1)]
    page = tmp_path / "网页.xls"
    page.write_bytes("<html><table><tr><td>姓名</td></tr></table></html>".encode())
    with pytest.raises(RosterFileError, match=r"^网页\.xls: is a web page \(HTML\) or XML with an \.xls name, not an "
                                              r"Excel workbook; open it in Excel or WPS and save it as \.xlsx"):
        read_roster(page)


# --- a roster split over sheets -------------------------------------------------------------------------------

def test_every_sheet_with_a_roster_header_is_read(tmp_path: Path) -> None:
    """Two workshops' sheets (序号 1..15 in each), a notes sheet and an empty one: 30 records, each sheet
    named in its records; the notes sheet named as not read; ids made unique per sheet."""
    book = xlsx_bytes({"一车间": [HEAD, *[person(k, k + 1) for k in range(15)]],
                       "说明": [["请按模板填写"], ["身份证号设为文本格式"]],
                       "二车间": [["二车间返岗人员"], HEAD, *[person(k, k - 14) for k in range(15, 30)]],
                       "Sheet3": []})
    tables = read_roster_sheets(_write(tmp_path / "r.xlsx", book), "roster/r.xlsx")
    assert [(t.file, t.sheet, t.header_row, len(t.rows)) for t in tables] == [
        ("roster/r.xlsx [一车间]", "一车间", 1, 15), ("roster/r.xlsx [二车间]", "二车间", 2, 15)]
    assert tables[1].rows[0].file == "roster/r.xlsx [二车间]" and tables[1].rows[0].row == 3
    whole = read_roster(tmp_path / "r.xlsx", "roster/r.xlsx")  # the file as one table: both sheets' records
    assert [(r.file, r.row) for r in whole.rows] == [(t.file, r.row) for t in tables for r in t.rows]
    assert tables[0].problems == (RecordProblem(
        "roster/r.xlsx", 0, "", "说明", "sheet '说明' is not read: it has no header row (a name (姓名) or ID-number "
        "(身份证号码) column and one more known column) in its first 10 rows; it holds 2 non-empty rows",
        "nothing to do if it holds no workers (notes, lists); else give it a header row like the roster sheet's",
        WARN),)
    sc = load_scenario(scenario(tmp_path, {"roster/r.xlsx": book}, "roster/r.xlsx"))
    assert accounted(sc) == 30 == len(sc.workers)
    ids = sorted(w.id for w in sc.workers)
    assert len(set(ids)) == 30 and "1" in ids and "r-二车间-1" in ids
    assert sc.roster_files == (("roster/r.xlsx [一车间]", "xlsx", 15), ("roster/r.xlsx [二车间]", "xlsx", 15))


def test_a_sheet_without_an_id_column_is_named_with_its_records(tmp_path: Path) -> None:
    """A draft sheet with names but no ID numbers is not read, and the problem says how many records it holds."""
    book = xlsx_bytes({"草稿": [["姓名", "电话"], ["张三", "139"], ["李四", "138"]], "名单": [HEAD, person(0)]})
    (table,) = read_roster_sheets(_write(tmp_path / "r.xlsx", book))
    assert (table.file, table.sheet, len(table.rows)) == ("r.xlsx", "名单", 1)
    assert table.problems == (RecordProblem(
        "r.xlsx", 0, "", "草稿", "sheet '草稿' is not read: its header (row 1) has no ID-number (身份证号码) column; "
        "its 2 records are not planned", "add the ID-number (身份证号码) column to the sheet, or move its records to a "
        "roster sheet", REJECT),)


def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


# --- a stray quote costs at most its own row ------------------------------------------------------------------

def test_a_stray_quote_in_a_gbk_csv_costs_nothing_but_a_warning(tmp_path: Path) -> None:
    """GBK, CRLF, 30 records; the name in line 12 typed with a leading quote: 30 records, that row reported."""
    rows = [HEAD, *[person(k) for k in range(30)]]
    rows[11][1] = '"' + rows[11][1]
    data = ("\r\n".join(",".join(r) for r in rows) + "\r\n").encode("gbk")
    roster = read_roster(_write(tmp_path / "r.csv", data))
    assert (roster.encoding, len(roster.rows), roster.rows[-1].row) == ("gb18030", 30, 31)
    assert roster.rows[10].row == 12 and roster.rows[10].values["name"] == '"' + NAMES[10]
    assert roster.rows[10].values["id_number"] == ident(10) and roster.rows[11].values["name"] == NAMES[11]
    assert roster.problems == (RecordProblem("r.csv", 12, "姓名", '"' + NAMES[10], STRAY_QUOTE, STRAY_QUOTE_FIX, WARN),)
    assert STRAY_QUOTE == ('a quote (") opens this cell but nothing closes it where the cell ends, so it would have '
                           "swallowed the rows after it; the row is read as it stands, the quote kept as a character")
    sc = load_scenario(scenario(tmp_path, {"roster/r.csv": data}, "roster/r.csv"))
    assert accounted(sc) == 30
    assert [p for p in sc.roster_problems if p.problem == STRAY_QUOTE] == [
        RecordProblem("roster/r.csv", 12, "姓名", '"' + NAMES[10], STRAY_QUOTE, STRAY_QUOTE_FIX, WARN)]


def test_a_stray_quote_before_quoted_cells_and_a_line_break_in_a_cell(tmp_path: Path) -> None:
    """A stray quote ahead of a properly quoted address stays in its row; a quoted line break is one cell."""
    text = ("姓名,身份证号码,家庭住址\r\n"
            f'"马小明,{ident(0)},"宁夏,固原,西吉"\r\n'
            f'李娟,{ident(1)},"西吉县\n吉强镇"\r\n'
            f'"王强,{ident(2)},原州区\r\n')
    roster = read_roster(_write(tmp_path / "r.csv", text.encode("gbk")))
    assert [(r.row, r.values["name"], r.values["address"]) for r in roster.rows] == [
        (2, '"马小明', "宁夏,固原,西吉"), (3, "李娟", "西吉县\n吉强镇"), (5, '"王强', "原州区")]
    assert [(p.row, p.column, p.value) for p in roster.problems] == [(2, "姓名", '"马小明'), (5, "姓名", '"王强')]


def test_a_quote_never_closed_before_a_huge_cell(tmp_path: Path) -> None:
    """The quote opens a cell never closed, then 200,000 characters: two records, the second rejected for its name's
    length, nothing unread."""
    data = "姓名,身份证号,联系电话\n".encode() + '"马小军,6404,139\n'.encode() + b"x" * 200_000
    roster = read_roster(_write(tmp_path / "r.csv", data))
    assert [(r.row, len(r.values["name"])) for r in roster.rows] == [(2, 4), (3, 200_000)]
    sc = load_scenario(scenario(tmp_path, {"roster/r.csv": data}, "roster/r.csv"))
    assert accounted(sc) == 2 and len(sc.rejected) == 2
    assert sc.rejected[1].reasons == ("name has 200,000 characters, at most 50 are allowed",)


# --- a header of two rows ------------------------------------------------------------------------------------

def test_a_header_of_two_rows_under_a_merged_group(tmp_path: Path) -> None:
    """联系方式 merged over 手机 and 电话, 紧急联系人 over its own 姓名 and 电话, the rest merged down: the second row
    is header, not a person (30 records), and the emergency contact's columns are not the worker's."""
    book = openpyxl.Workbook()
    ws = book.active
    ws.append(["序号", "姓名", "身份证号码", "联系方式", None, "紧急联系人", None, "县区", "用工单位", "健康码", "健康证明"])
    ws.append([None, None, None, "手机", "电话", "姓名", "电话", None, None, None, None])
    for col in "ABCHIJK":
        ws.merge_cells(f"{col}1:{col}2")
    ws.merge_cells("D1:E1")
    ws.merge_cells("F1:G1")
    for k in range(30):
        p = person(k)
        ws.append([*p[:4], "0954-1234567", "马大", "13800000000", *p[4:]])
    path = tmp_path / "r.xlsx"
    book.save(path)
    roster = read_roster(path)
    assert (roster.header_row, len(roster.rows), roster.rows[0].row) == (2, 30, 3)
    assert roster.columns == {"序号": "id", "姓名": "name", "身份证号码": "id_number", "联系方式/手机": "phone",
                              "县区": "county", "用工单位": "employer", "健康码": "health_code", "健康证明": "health_cert"}
    assert roster.ignored == ("联系方式/电话", "紧急联系人/姓名", "紧急联系人/电话")
    assert roster.rows[0].values["phone"] == "13995100000" and roster.rows[0].values["name"] == NAMES[0]
    sc = load_scenario(scenario(tmp_path, {"roster/r.xlsx": path.read_bytes()}, "roster/r.xlsx"))
    assert accounted(sc) == 30 == len(sc.workers)


def test_a_header_of_two_rows_with_the_group_over_name_and_id(tmp_path: Path) -> None:
    """基本信息 over 姓名 and 身份证号码, 序号 and 县区 merged down beside them: every column is read (CSV as exported)."""
    rows = [["序号", "基本信息", "", "联系电话", "县区", "用工单位", "健康码", "健康证明"],
            ["", "姓名", "身份证号码", "", "", "", "", ""], *[person(k) for k in range(30)]]
    data = csv_bytes(rows, "gbk", "\r\n")
    roster = read_roster(_write(tmp_path / "r.csv", data))
    assert (roster.header_row, len(roster.rows)) == (2, 30)
    assert roster.columns == {"序号": "id", "基本信息/姓名": "name", "基本信息/身份证号码": "id_number", "联系电话": "phone",
                              "县区": "county", "用工单位": "employer", "健康码": "health_code", "健康证明": "health_cert"}
    sc = load_scenario(scenario(tmp_path, {"roster/r.csv": data}, "roster/r.csv"))
    assert accounted(sc) == 30 == len(sc.workers)


# --- hostile text in every field ---------------------------------------------------------------------------

HOSTILE = ['"', '""', "'", ",", ";", "\t", "\n", "\r", "\r\n", "\x00", "\u2028", "\x85", "\x0b", "=1+1", "-1", "@x",
           "<b>", "&amp;", "\ufeff", "姓名", "身份证号码", "   ", '"x"', "\u202e", "_x000D_", "]]>"]


def _hostile_rows() -> list[list[str]]:
    """30 records with hostile text in every field (a note column too), and a hostile header-looking note."""
    rows = [[*HEAD, "家庭住址", "备注"]]
    for k in range(30):
        bad = HOSTILE[k % len(HOSTILE)]
        p = person(k)
        rows.append([p[0] + bad, bad + p[1] + bad, p[2] + bad, bad + p[3], p[4] + bad, p[5], bad + p[6], p[7] + bad,
                     f"西吉县{bad}吉强镇", f"{bad}备注{bad}"])
    return rows


@pytest.mark.parametrize("writer", ["write_excel_csv", "csv_module", "xlsxwriter"])
def test_hostile_text_in_every_field(tmp_path: Path, writer: str) -> None:
    """Quotes, line ends of every kind (a lone \\r too: write_excel_csv used to leave it unquoted, splitting its
    record), NUL, formulas, markup, bidi overrides: 30 records in, 30 accounted for."""
    rows = _hostile_rows()
    if writer == "write_excel_csv":  # as `returnbus scenario roster` writes a roster
        path = write_excel_csv([dict(zip(rows[0], r, strict=True)) for r in rows[1:]], rows[0], tmp_path / "r.csv")
    elif writer == "csv_module":
        path = _write(tmp_path / "r.csv", csv_bytes(rows, "gb18030", "\r\n"))
    else:
        path = tmp_path / "r.xlsx"
        book = xlsxwriter.Workbook(path)
        ws = book.add_worksheet()
        for r, cells in enumerate(rows):
            for c, value in enumerate(cells):
                ws.write_string(r, c, value)
        book.close()
    roster = read_roster(path)
    assert [r.row for r in roster.rows][:1] == [2] and len(roster.rows) == 30
    sc = load_scenario(scenario(tmp_path, {f"roster/{path.name}": path.read_bytes()}, f"roster/{path.name}"))
    assert accounted(sc) == 30
    assert all("\u202e" not in w.name and "\x00" not in w.name for w in sc.workers)


# --- the same file reached twice ---------------------------------------------------------------------------

@pytest.mark.parametrize(("workers", "named"), [
    ("[roster/a.csv, roster/a.csv]", "as 'roster/a.csv' and as 'roster/a.csv'"),
    ("[roster/, roster/a.csv]", "in folder 'roster/' and as 'roster/a.csv'"),
    ("[roster/a.csv, roster/./a.csv]", "as 'roster/a.csv' and as 'roster/./a.csv'"),
])
def test_the_same_file_named_twice_is_read_once(tmp_path: Path, workers: str, named: str) -> None:
    """Listed twice, or listed and inside a listed folder: its 10 people are seated once, with a note."""
    data = csv_bytes([HEAD, *[person(k) for k in range(10)]])
    sc = load_scenario(scenario(tmp_path, {"roster/a.csv": data}, workers))
    assert accounted(sc) == 10 and sc.roster_files == (("roster/a.csv", "utf-8", 10),)
    second = workers.strip("[]").split(", ")[1]
    assert not_roster_notes(sc) == [RecordProblem(
        "roster/a.csv", 0, "", second, f"the same file is named twice in scenario.yaml workers: {named}; it is read once",
        "nothing to do, or name it once", WARN)]


def test_the_same_file_named_with_two_employers_is_a_problem(tmp_path: Path) -> None:
    """One file cannot be read for two employers."""
    data = csv_bytes([HEAD[:5], *[person(k)[:5] for k in range(3)]])
    folder = scenario(tmp_path, {"roster/a.csv": data},
                      "[{file: roster/a.csv, employer: E1}, {file: roster/./a.csv, employer: E2}]")
    with pytest.raises(ScenarioError) as info:
        load_scenario(folder)
    assert info.value.problems == [("scenario.yaml workers item 2: 'roster/./a.csv' is the same file as 'roster/a.csv', "
                                   "named with employer 'E1' there and 'E2' here; name it once")]


# --- limits at the door ------------------------------------------------------------------------------------

def _valid_small_with(tmp_path: Path, row: int, column: str, value: str) -> Path:
    """valid_small with one cell of workers.csv (data row ``row``, from 1) replaced."""
    folder = tmp_path / "sc"
    shutil.copytree(VALID, folder)
    with (folder / "workers.csv").open(encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f))
    rows[row][rows[0].index(column)] = value
    with (folder / "workers.csv").open("w", encoding="utf-8", newline="") as f:
        csv.writer(f).writerows(rows)
    return folder


@pytest.mark.parametrize(("column", "value", "reason", "shown"), [
    ("name", "马" * 100_000, "name has 100,000 characters, at most 50 are allowed", "马" * 50 + "…"),
    ("county", "西吉县" * 67, "county has 201 characters, at most 200 are allowed", ("西吉县" * 17)[:50] + "…"),
    ("companion_names", "马小红、" * 60, "companion_names has 240 characters, at most 200 are allowed",
     ("马小红、" * 13)[:50] + "…"),
    ("id", "W" * 65, "id has 65 characters, at most 64 are allowed", "W" * 50 + "…"),
])
def test_a_field_over_its_limit_rejects_its_record(tmp_path: Path, column: str, value: str, reason: str,
                                                   shown: str) -> None:
    """The record is rejected (planned as invalid_record) with the reason, quickly; the value quoted is cut short."""
    started = time.perf_counter()
    sc = load_scenario(_valid_small_with(tmp_path, 1, column, value))
    assert time.perf_counter() - started < 10
    assert accounted(sc) == 6
    (rejected,) = [r for r in sc.rejected if r.row == 2]
    assert rejected.reasons == (reason,)
    assert len(rejected.name) <= 51
    (problem,) = [p for p in sc.roster_problems if p.row == 2 and p.severity == REJECT]
    assert (problem.column, problem.value) == (column, shown)


def test_a_name_of_100000_characters_is_planned_as_invalid_record_quickly(tmp_path: Path) -> None:
    """returnbus plan: exit 0 in seconds, the worker unassigned as invalid_record with the reason and the row."""
    folder = _valid_small_with(tmp_path, 1, "name", "马" * 100_000)
    started = time.perf_counter()
    result = CliRunner().invoke(main, ["plan", str(folder), "-o", str(tmp_path / "out"), "--solutions", "20", "--silent",
                                       "--formats", "csv"], prog_name="returnbus")
    assert result.exit_code == 0, result.output
    assert time.perf_counter() - started < 60
    plan = (tmp_path / "out" / "plan.json").read_text(encoding="utf-8")
    assert '"reason": "invalid_record"' in plan
    assert "name has 100,000 characters, at most 50 are allowed (workers.csv row 2)" in plan
    assert "马" * 52 not in plan


def test_a_worker_id_that_is_no_id_rejects_its_record(tmp_path: Path) -> None:
    """An id that could name a path is a reject of its record (routing.ids.id_problem); it is planned under a
    made-up id."""
    sc = load_scenario(_valid_small_with(tmp_path, 2, "id", "../../etc/passwd"))
    assert accounted(sc) == 6
    (rejected,) = [r for r in sc.rejected if r.row == 3]
    assert rejected.id == "workers-r3"
    assert rejected.reasons == (("worker id '../../etc/passwd' may hold only letters, digits, '_', '-', '.' and '·', and "
                                "may not start with '.' or '-' (found '/')"),)
    (problem,) = [p for p in sc.roster_problems if p.row == 3 and p.severity == REJECT]
    assert (problem.file, problem.column, problem.value, problem.fix) == (
        "workers.csv", "id", "../../etc/passwd",
        "write an id of letters, digits, '_', '-' and '.', or leave the id empty (one is then made up)")


def test_more_records_than_a_file_may_hold(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Over the limit of records per file (CSV, or all sheets of a workbook together): refused, naming the file."""
    monkeypatch.setattr(roster_read, "MAX_RECORDS", 5)
    message = ("{}: holds more than 5 records, more than a roster file may hold; split it into files (or sheets) of "
               "fewer records.")
    with pytest.raises(RosterFileError) as info:
        read_roster(_write(tmp_path / "r.csv", csv_bytes([HEAD, *[person(k) for k in range(6)]])))
    assert str(info.value) == message.format("r.csv")
    read_roster(_write(tmp_path / "five.csv", csv_bytes([HEAD, *[person(k) for k in range(5)]])))
    book = xlsx_bytes({"一": [HEAD, *[person(k) for k in range(3)]], "二": [HEAD, *[person(k) for k in range(3, 6)]]})
    with pytest.raises(RosterFileError) as info:
        read_roster(_write(tmp_path / "r.xlsx", book))
    assert str(info.value) == message.format("r.xlsx")


def test_a_file_larger_than_a_roster_may_be(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Over the size limit a file is refused before it is read."""
    monkeypatch.setattr(roster_read, "MAX_FILE_BYTES", 1 << 20)
    path = _write(tmp_path / "r.csv", csv_bytes([HEAD]) + b"x" * (3 << 19))
    with pytest.raises(RosterFileError) as info:
        read_roster(path)
    assert str(info.value) == "r.csv: is 1.5 MB, more than the 1 MB a roster file may have; split it into smaller files."


def test_an_xlsm_named_as_such_is_read_like_an_xlsx(tmp_path: Path) -> None:
    """The macro-enabled workbook of the mixed folder reads the same as its sheet written as .xlsx."""
    xlsm = read_roster(MIXED / "roster" / "d.xlsm")
    with zipfile.ZipFile(MIXED / "roster" / "d.xlsm") as z:
        assert b"macroEnabled" in z.read("[Content_Types].xml")
    assert [(r.row, r.values["id"], r.values["name"]) for r in xlsm.rows] == [
        (2, "W26", "王斌"), (3, "W27", "张兰"), (4, "W28", "杨林"), (5, "W29", "赵梅"), (6, "W30", "陈小明")]
    copy = tmp_path / "d.xlsx"
    copy.write_bytes((MIXED / "roster" / "d.xlsm").read_bytes())
    assert read_roster(copy, "d.xlsm") == xlsm


def test_a_formula_never_computed_reads_as_its_text(tmp_path: Path) -> None:
    """openpyxl writes a value starting with = as a formula with no value (as `returnbus scenario roster` may):
    its text is read, so the row holding it is a record, not an empty row."""
    book = openpyxl.Workbook()
    book.active.append(HEAD)
    book.active.append(["=1+1", "=A1&B1", *person(0)[2:]])
    book.active.append(["=SUM(1)", "=HYPERLINK(\"x\")", "=0", "=0", None, None, None, None])
    path = tmp_path / "r.xlsx"
    book.save(path)
    roster = read_roster(path)
    assert [(r.row, r.values["id"], r.values["name"]) for r in roster.rows] == [
        (2, "=1+1", "=A1&B1"), (3, "=SUM(1)", '=HYPERLINK("x")')]
    sc = load_scenario(scenario(tmp_path, {"roster/r.xlsx": path.read_bytes()}, "roster/r.xlsx"))
    assert accounted(sc) == 2
