"""Tests for routing.outputs.manifests.xlsx: the XLSX workbook read back with openpyxl."""

from __future__ import annotations

import dataclasses
import re
import time
import zipfile
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from routing.model import Scenario
from routing.outputs.manifests.xlsx import SUMMARY_SHEET, display_width, sheet_names, write_manifest_xlsx
from routing.pipeline import make_plan
from routing.plan.display import REASON_LABELS
from routing.plan.model import Plan
from routing.privacy import mask_id_number, mask_phone
from routing.scenario.load import load_scenario
from tests.helpers import GUYUAN


@pytest.fixture(scope="module")
def guyuan() -> tuple[Plan, Scenario]:
    """The Guyuan scenario (with crew.csv) and a real plan for it."""
    scenario = load_scenario(GUYUAN)
    return make_plan(scenario, solution_limit=20), scenario


@pytest.fixture(scope="module")
def masked_book(guyuan: tuple[Plan, Scenario], tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The Guyuan workbook as written by default (IDs and phones masked)."""
    plan, scenario = guyuan
    path = tmp_path_factory.mktemp("xlsx") / "manifests.xlsx"
    start = time.perf_counter()
    assert write_manifest_xlsx(plan, scenario, path) == path
    seconds = time.perf_counter() - start
    print(f"\nGuyuan workbook: {len(plan.buses)} coaches in {seconds:.3f} s "
          f"({1000 * seconds / len(plan.buses):.1f} ms per coach), {path.stat().st_size:,} bytes")
    return path


@pytest.fixture(scope="module")
def full_book(guyuan: tuple[Plan, Scenario], tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The Guyuan workbook with full ID numbers and phones."""
    plan, scenario = guyuan
    return write_manifest_xlsx(plan, scenario, tmp_path_factory.mktemp("xlsx") / "full.xlsx", full_id=True)


def _header_row(ws: Any) -> int:
    """1-based row of the passenger table's header (the row starting with 座位)."""
    for row in ws.iter_rows(min_col=1, max_col=1):
        if row[0].value == "座位":
            return int(row[0].row)
    raise AssertionError(f"sheet {ws.title} has no passenger table header")


def _passengers(ws: Any) -> list[dict[str, Any]]:
    """The passenger table of a coach sheet: one dict of header label to openpyxl cell per row."""
    head = _header_row(ws)
    labels = [c.value for c in ws[head]]
    out = []
    for row in ws.iter_rows(min_row=head + 1):
        if not isinstance(row[0].value, int):
            break
        out.append(dict(zip(labels, row)))
    return out


def test_sheets_are_summary_then_every_coach(guyuan: tuple[Plan, Scenario], masked_book: Path) -> None:
    """The workbook holds 汇总 and one sheet per coach, named by coach id, in plan order."""
    plan, _ = guyuan
    wb = openpyxl.load_workbook(masked_book)
    assert wb.sheetnames == [SUMMARY_SHEET] + [b.id for b in plan.buses]
    assert len(plan.buses) == 7


def test_every_passenger_on_their_coach_sheet(guyuan: tuple[Plan, Scenario], masked_book: Path) -> None:
    """Each coach sheet lists its passengers in seat order, with the same worker ids as the plan."""
    plan, _ = guyuan
    wb = openpyxl.load_workbook(masked_book)
    total = 0
    for bus in plan.buses:
        rows = _passengers(wb[bus.id])
        seated = plan.assignments_of(bus.id)
        assert [r["座位"].value for r in rows] == [a.seat for a in seated]
        assert [r["编号"].value for r in rows] == [a.worker_id for a in seated]
        total += len(rows)
    assert total == plan.summary.passengers == 156


def test_ids_and_phones_are_masked_text(guyuan: tuple[Plan, Scenario], masked_book: Path) -> None:
    """ID numbers and phones are string cells in text format, masked from the scenario's real numbers."""
    plan, scenario = guyuan
    wb = openpyxl.load_workbook(masked_book)
    checked = 0
    for bus in plan.buses:
        for r in _passengers(wb[bus.id]):
            wid = r["编号"].value
            worker = scenario.worker(wid.split("/")[0])
            assert worker is not None
            idc, phone = r["身份证号"], r["电话"]
            assert phone.data_type == "s" and phone.value == mask_phone(worker.phone)
            assert phone.number_format == "@"
            if "/" in wid:  # a companion: no ID number of their own
                assert idc.value is None
                continue
            real = worker.id_number
            assert idc.data_type == "s" and idc.number_format == "@"
            assert idc.value == mask_id_number(real)
            assert idc.value[:6] == real[:6] and idc.value[-4:] == real[-4:] and set(idc.value[6:-4]) == {"*"}
            assert len(idc.value) == 18
            checked += 1
    assert checked == plan.summary.workers_assigned


def _all_text(path: Path) -> list[str]:
    wb = openpyxl.load_workbook(path)
    return [str(c.value) for ws in wb.worksheets for row in ws.iter_rows() for c in row if c.value is not None]


def test_no_full_id_or_phone_anywhere_by_default(guyuan: tuple[Plan, Scenario], masked_book: Path) -> None:
    """No worker's full ID number or phone appears in any cell of the default workbook."""
    _, scenario = guyuan
    secrets = {w.id_number for w in scenario.workers} | {w.phone for w in scenario.workers}
    pattern = re.compile("|".join(re.escape(s) for s in sorted(secrets) if s))
    leaks = [t for t in _all_text(masked_book) if pattern.search(t)]
    assert leaks == []
    with zipfile.ZipFile(masked_book) as z:  # nor anywhere in the file: properties, shared strings, names
        for name in z.namelist():
            assert not pattern.search(z.read(name).decode("utf-8", "replace")), name


def test_full_id_copy_has_full_numbers_as_text(guyuan: tuple[Plan, Scenario], full_book: Path) -> None:
    """With full_id the 18-character ID numbers and 11-digit phones are string cells, never numbers."""
    plan, scenario = guyuan
    wb = openpyxl.load_workbook(full_book)
    bus = plan.buses[0]
    ws = wb[bus.id]
    assert "完整身份证号" in ws["A1"].value
    rows = [r for r in _passengers(ws) if "/" not in r["编号"].value]
    assert rows
    for r in rows:
        worker = scenario.worker(r["编号"].value)
        assert worker is not None
        assert r["身份证号"].data_type == "s" and r["身份证号"].value == worker.id_number
        assert re.fullmatch(r"\d{17}[\dX]", r["身份证号"].value)
        assert r["电话"].data_type == "s" and r["电话"].value == worker.phone


def test_titles_say_which_copy(guyuan: tuple[Plan, Scenario], masked_book: Path) -> None:
    """Each coach sheet's merged title names the coach, plate, date and that IDs are masked."""
    plan, _ = guyuan
    wb = openpyxl.load_workbook(masked_book)
    for bus in plan.buses:
        ws = wb[bus.id]
        title = ws["A1"].value
        assert title.startswith(f"乘客名单 {bus.id} {bus.plate} 2020-02-21") and "已脱敏" in title
        assert any(str(m).startswith("A1:") for m in ws.merged_cells.ranges)


def test_print_setup(guyuan: tuple[Plan, Scenario], masked_book: Path) -> None:
    """Every sheet prints on A4, one page wide, header row repeated, page numbers in the footer."""
    plan, _ = guyuan
    wb = openpyxl.load_workbook(masked_book)
    for ws in wb.worksheets:
        assert ws.page_setup.paperSize == 9
        assert ws.page_setup.orientation == "landscape"
        assert ws.sheet_properties.pageSetUpPr.fitToPage is True
        assert ws.page_setup.fitToWidth in (None, 1) and ws.page_setup.fitToHeight == 0
        assert ws.oddFooter.center.text == "&P / &N"
    for bus in plan.buses:
        ws = wb[bus.id]
        head = _header_row(ws)
        assert ws.print_title_rows == f"${head}:${head}"
        assert ws.oddFooter.left.text == f"{bus.id} {bus.plate} 2020-02-21"
        assert ws.freeze_panes == f"A{head + 1}"
    assert wb[SUMMARY_SHEET].print_title_rows is not None


def test_header_block_carries_crew_and_route(guyuan: tuple[Plan, Scenario], masked_book: Path) -> None:
    """A coach sheet names its drivers and escort from crew.csv, its departure, pickups and gates."""
    plan, scenario = guyuan
    wb = openpyxl.load_workbook(masked_book)
    for bus in plan.buses:
        ws = wb[bus.id]
        block = {ws.cell(r, 1).value: ws.cell(r, 3).value for r in range(2, _header_row(ws))}
        for d in scenario.crew_of(bus.plate, "driver"):
            assert f"{d.name} {d.phone}" in block["司机"]
        (escort,) = scenario.crew_of(bus.plate, "escort")
        assert block["随车人员"] == f"{escort.name} {escort.phone}"
        assert block["发车"].startswith("06:30 ")
        pickups = [s for s in bus.stops if s.kind == "pickup"]
        assert block["上车点"].count("\n") == len(pickups) - 1
        for s in pickups:
            assert s.name in block["上车点"] and f"上车 {len(s.board)} 人" in block["上车点"]
        assert all(s.name in block["下车点"] for s in bus.stops if s.kind == "dropoff")


def test_summary_sheet(guyuan: tuple[Plan, Scenario], masked_book: Path) -> None:
    """汇总 holds the batch's figures, one linked row per coach and every unassigned worker with a reason label."""
    plan, _ = guyuan
    ws = openpyxl.load_workbook(masked_book)[SUMMARY_SHEET]
    figures = {ws.cell(r, 1).value: ws.cell(r, 3).value for r in range(2, 10)}
    s = plan.summary
    assert figures["登记工人"] == s.workers_total == 150
    assert figures["已安排座位的工人"] == s.workers_assigned
    assert figures["乘客（含随行家属）"] == s.passengers
    assert figures["车辆（用车 / 可用）"] == f"{s.buses_used} / {s.buses_available}"
    assert figures["总里程 km"] == pytest.approx(s.total_km)
    assert figures["总费用 元"] == pytest.approx(s.total_cost)
    rows = {ws.cell(r, 1).value: r for r in range(1, ws.max_row + 1)}
    for bus in plan.buses:
        r = rows[bus.id]
        assert ws.cell(r, 2).value == bus.plate
        assert ws.cell(r, 5).value == bus.passengers
        assert ws.cell(r, 10).value == pytest.approx(bus.km)
        assert ws.cell(r, 1).hyperlink.location == f"'{bus.id}'!A1"
    assert len(plan.unassigned) == 11
    for u in plan.unassigned:
        r = rows[u.worker_id]
        assert ws.cell(r, 3).value == REASON_LABELS[u.reason]
        assert ws.cell(r, 7).value == u.detail


def test_same_plan_same_bytes(guyuan: tuple[Plan, Scenario], masked_book: Path, tmp_path: Path) -> None:
    """Writing the same plan again gives a byte-identical file."""
    plan, scenario = guyuan
    again = write_manifest_xlsx(plan, scenario, tmp_path / "again.xlsx")
    assert again.read_bytes() == masked_book.read_bytes()


HOSTILE = ("=cmd|' /C calc'!A0", "<script>alert('x')</script>", '+SUM(1,2) "引号" O\'Brien', "@HYPERLINK(\"x\")")


def test_hostile_names_stay_text(guyuan: tuple[Plan, Scenario], tmp_path: Path) -> None:
    """Names that look like formulas, markup or quotes are written as plain strings, never as formulas."""
    plan, scenario = guyuan
    bus = plan.buses[0]
    heads = [a.worker_id for a in plan.assignments_of(bus.id) if a.companion_of is None][: len(HOSTILE)]
    renamed = {wid: name for wid, name in zip(heads, HOSTILE)}
    workers = tuple(dataclasses.replace(w, name=renamed.get(w.id, w.name)) for w in scenario.workers)
    path = write_manifest_xlsx(plan, dataclasses.replace(scenario, workers=workers), tmp_path / "hostile.xlsx")
    ws = openpyxl.load_workbook(path)[bus.id]
    names = {r["编号"].value: r["姓名"] for r in _passengers(ws)}
    for wid, name in renamed.items():
        assert names[wid].value == name and names[wid].data_type == "s"
    with zipfile.ZipFile(path) as z:
        sheets = [n for n in z.namelist() if n.startswith("xl/worksheets/sheet")]
        assert sheets and not any(b"<f>" in z.read(n) or b"<f " in z.read(n) for n in sheets)


def test_sheet_names_are_valid_and_unique() -> None:
    """Forbidden characters become _, names stop at 31 characters, clashes (any case) get a suffix."""
    names = sheet_names(["C55-1", "a/b:c", "x" * 40, "c55-1", "C55-1", "汇总", "'q'", "[1]*?\\"])
    assert names[:2] == ["C55-1", "a_b_c"]
    assert names[2] == "x" * 31
    assert names[3] == "c55-1~2" and names[4] == "C55-1~3"
    assert names[5] == "汇总~2" and names[6] == "q" and names[7] == "_1____"
    assert all(len(n) <= 31 and not re.search(r"[\[\]:*?/\\]", n) for n in names)
    assert len({n.casefold() for n in names}) == len(names)
    wide = sheet_names(["😀" * 20, "😀" * 20])  # Excel counts UTF-16 units: an emoji takes two
    assert wide == ["😀" * 15, "😀" * 14 + "~2"]


def test_unsafe_coach_ids_still_give_a_workbook(tiny_plan: Plan, tiny_scenario: Scenario, tmp_path: Path) -> None:
    """Coach ids Excel cannot take as sheet names are renamed, and 汇总 links to the renamed sheets."""
    bus = dataclasses.replace(tiny_plan.buses[0], id="C45/1:[早班]")
    assignments = tuple(
        dataclasses.replace(a, bus_id=bus.id) if a.bus_id == "C45-1" else a for a in tiny_plan.assignments
    )
    plan = dataclasses.replace(tiny_plan, buses=(bus, tiny_plan.buses[1]), assignments=assignments)
    wb = openpyxl.load_workbook(write_manifest_xlsx(plan, tiny_scenario, tmp_path / "odd.xlsx"))
    assert wb.sheetnames == [SUMMARY_SHEET, "C45_1__早班_", "C45-2"]
    ws = wb["C45_1__早班_"]
    assert ws["A1"].value.startswith("乘客名单 C45/1:[早班] ")
    assert wb[SUMMARY_SHEET]["A12"].hyperlink.location == "'C45_1__早班_'!A1"


def test_coach_without_plate(tiny_plan: Plan, tiny_scenario: Scenario, tmp_path: Path) -> None:
    """A coach with no plate yet has a title and footer without a gap and a dash for the plate."""
    plan = dataclasses.replace(tiny_plan, buses=(dataclasses.replace(tiny_plan.buses[0], plate=""), tiny_plan.buses[1]))
    ws = openpyxl.load_workbook(write_manifest_xlsx(plan, tiny_scenario, tmp_path / "noplate.xlsx"))["C45-1"]
    assert ws["A1"].value == "乘客名单 C45-1 2020-02-21（身份证号和电话已脱敏）"
    assert ws.oddFooter.left.text == "C45-1 2020-02-21"
    assert ws["C3"].value == "C45-1 / —"


def test_without_crew_leaves_lines_to_fill(tiny_plan: Plan, tiny_scenario: Scenario, tmp_path: Path) -> None:
    """Without crew.csv the header says to write drivers and escort by hand; companions are marked."""
    wb = openpyxl.load_workbook(write_manifest_xlsx(tiny_plan, tiny_scenario, tmp_path / "tiny.xlsx"))
    ws = wb["C45-1"]
    block = {ws.cell(r, 1).value: ws.cell(r, 3).value for r in range(2, _header_row(ws))}
    assert block["司机"] == "2 名：姓名、电话手填" and block["随车人员"] == "姓名、电话手填"
    rows = _passengers(ws)
    assert [r["姓名"].value for r in rows] == ["马小明", "马小红 (随行 W1)", "李娟"]
    assert rows[1]["身份证号"].value is None


def test_display_width_counts_chinese_twice() -> None:
    """Chinese and full-width characters take two units; the widest line counts."""
    assert display_width("C55-1") == 5
    assert display_width("西吉县城") == 8
    assert display_width("（随行）") == 8
    assert display_width("ab\n西吉县城 1") == 10
    assert display_width("") == 0
