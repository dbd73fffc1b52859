"""Passenger manifests as one XLSX workbook: a summary sheet and one print-ready sheet per coach.

Every sheet prints on A4 (fit to the page width, header row repeated on every page,
page numbers in the footer). ID numbers, phones and worker ids are written as text
cells with the text number format ``@``, so Excel never turns them into numbers, and
every name is written as a string, never as a formula.
"""

from __future__ import annotations

import datetime as dt
import functools
import math
import re
import unicodedata
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import xlsxwriter

from routing.model import CrewMember, Scenario
from routing.outputs.manifests.rows import MANIFEST_COLUMNS, manifest_rows, place_name
from routing.plan.display import REASON_LABELS, clock, stop_span
from routing.plan.model import BusPlan, Plan

SUMMARY_SHEET = "汇总"

# Passenger table: header label and (narrowest, widest) column width in Excel character
# units, where a Chinese character takes two. Wider text wraps inside the widest width.
PASSENGER_COLUMNS: dict[str, tuple[str, int, int]] = {
    "seat": ("座位", 5, 5),
    "name": ("姓名", 10, 22),
    "sex": ("性别", 5, 5),
    "id_number": ("身份证号", 20, 20),
    "phone": ("电话", 13, 13),
    "worker_id": ("编号", 8, 12),
    "pickup": ("上车点", 10, 18),
    "pickup_time": ("时间", 7, 12),
    "employer": ("单位", 12, 24),
    "dropoff": ("下车点", 10, 18),
    "health": ("健康状况", 14, 14),
    "temperature": ("体温 ℃", 8, 8),
    "signature": ("签名", 14, 14),
}
_TEXT_COLUMNS = frozenset({"id_number", "phone", "worker_id"})
_LINE_PT = 13.5  # height of one line of 10-point text
_ROW_PT = 24.0  # a passenger row: room to write a temperature and sign by hand
_BAD_SHEET_CHARS = re.compile(r"[\[\]:*?/\\]")
_RESERVED_SHEETS = frozenset({"history"})


@functools.lru_cache(maxsize=1 << 16)
def display_width(text: str) -> int:
    """Width of the longest line of ``text`` in Excel character units (CJK and full-width characters count 2)."""
    return max((sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in line) for line in text.split("\n")),
               default=0)


def _cut(text: str, units: int) -> str:
    """The longest start of ``text`` within ``units`` UTF-16 code units (how Excel counts a sheet name)."""
    while len(text.encode("utf-16-le")) // 2 > units:
        text = text[:-1]
    return text


def sheet_names(bus_ids: Sequence[str]) -> list[str]:
    """Return a valid, unique Excel sheet name for each coach id, in the same order.

    Characters Excel forbids (``[]:*?/\\``) become ``_``, names are cut to 31 characters
    (UTF-16 code units, as Excel counts), apostrophes at either end are dropped, and a
    clash (Excel compares names without case) or the summary sheet's name gets a
    ``~2``, ``~3`` … suffix.
    """
    used = {SUMMARY_SHEET.casefold(), *_RESERVED_SHEETS}
    out: list[str] = []
    for bus_id in bus_ids:
        base = _cut(_BAD_SHEET_CHARS.sub("_", bus_id), 31).strip("'") or "coach"
        name, n = base, 2
        while name.casefold() in used:
            suffix = f"~{n}"
            name = _cut(base, 31 - len(suffix)).rstrip("'") + suffix
            n += 1
        used.add(name.casefold())
        out.append(name)
    return out


FOOTER_TEXT_MAX = 230  # Excel allows 255 characters in a footer, the page number's control codes included


def _footer_text(text: str) -> str:
    """Text for an Excel header/footer: ``&`` starts a control code there, so it is doubled; long text is cut
    (with ``…``) to fit Excel's limit."""
    out = text.replace("&", "&&")
    if len(out) <= FOOTER_TEXT_MAX:
        return out
    kept, size = [], 1  # the "…" at the end
    for c in text:
        size += 2 if c == "&" else 1
        if size > FOOTER_TEXT_MAX:
            break
        kept.append(c)
    return "".join(kept).replace("&", "&&") + "…"


class _Formats:
    """Every cell format of the workbook, created once (xlsxwriter formats are per workbook)."""

    def __init__(self, wb: Any) -> None:
        base = {"font_size": 10, "valign": "top"}
        box = {**base, "border": 1, "text_wrap": True}
        self.title = wb.add_format({"bold": True, "font_size": 14, "valign": "vcenter"})
        self.label = wb.add_format({**box, "bg_color": "#EEEEEE"})
        self.info = wb.add_format(box)
        self.info_bold = wb.add_format({**box, "bold": True})
        self.head = wb.add_format({**box, "bold": True, "bg_color": "#E4E4E4", "valign": "vcenter"})
        self.cell = wb.add_format(box)
        self.text = wb.add_format({**box, "num_format": "@"})
        self.seat = wb.add_format({**box, "bold": True, "font_size": 11, "align": "center"})
        self.mate = wb.add_format({**box, "bg_color": "#F4F4F4"})  # a companion's row
        self.mate_text = wb.add_format({**box, "bg_color": "#F4F4F4", "num_format": "@"})
        self.mate_seat = wb.add_format({**box, "bg_color": "#F4F4F4", "bold": True, "font_size": 11, "align": "center"})
        self.count = wb.add_format({**box, "num_format": "#,##0"})
        self.km = wb.add_format({**box, "num_format": "#,##0.0"})
        self.cny = wb.add_format({**box, "num_format": "#,##0.00"})
        self.link = wb.add_format({**box, "font_color": "#1F4E9E", "underline": 1})
        self.column_text = wb.add_format({"num_format": "@"})  # whole ID/phone columns, for rows typed by hand
        self.line = wb.add_format({**base, "bottom": 1})
        self.note = wb.add_format({**base, "font_size": 9, "font_color": "#333333", "text_wrap": True})


def _print_setup(ws: Any, header_row: int, footer_left: str, landscape: bool) -> None:
    ws.set_paper(9)  # A4
    if landscape:
        ws.set_landscape()
    else:
        ws.set_portrait()
    ws.fit_to_pages(1, 0)  # one page wide, as many pages tall as it takes
    ws.repeat_rows(header_row)
    ws.set_margins(left=0.4, right=0.4, top=0.5, bottom=0.6)
    ws.center_horizontally()
    ws.set_footer(f"&L{_footer_text(footer_left)}&C&P / &N", {"margin": 0.25})
    ws.freeze_panes(header_row + 1, 0)


def _crew_line(members: Iterable[CrewMember]) -> str:
    return "；".join(f"{m.name} {m.phone}".strip() for m in members)


def _copy_label(full_id: bool) -> str:
    return "完整身份证号（仅供登记和防疫部门，妥善保管）" if full_id else "身份证号和电话已脱敏"


def _lines_needed(text: str, width: int) -> int:
    """Lines ``text`` takes when wrapped in a column ``width`` units wide."""
    if "\n" not in text:
        return max(1, math.ceil(display_width(text) / max(width, 1)))
    return sum(_lines_needed(line, width) for line in text.split("\n"))


def _write_info(ws: Any, f: _Formats, row: int, label: str, value: str, widths: list[int], bold: bool = False) -> None:
    """One line of a sheet's header block: label over the first two columns, value merged over the rest."""
    fmt = f.info_bold if bold else f.info
    ws.merge_range(row, 0, row, 1, label, f.label)
    ws.merge_range(row, 2, row, len(widths) - 1, "", fmt)
    ws.write_string(row, 2, value, fmt)
    ws.set_row(row, _lines_needed(value, sum(widths[2:])) * _LINE_PT + 2)


def _crew_index(scenario: Scenario) -> dict[tuple[str, str], list[CrewMember]]:
    """Crew by (plate, role) in crew.csv order, read once for the whole workbook."""
    out: dict[tuple[str, str], list[CrewMember]] = {}
    for m in scenario.crew:
        out.setdefault((m.plate, m.role), []).append(m)
    return out


def _coach_sheet(
    wb: Any, f: _Formats, name: str, plan: Plan, scenario: Scenario, bus: BusPlan, full_id: bool,
    crew: dict[tuple[str, str], list[CrewMember]],
) -> None:
    sc = plan.scenario
    ws = wb.add_worksheet(name)
    keys = list(MANIFEST_COLUMNS)
    last = len(keys) - 1
    rows = manifest_rows(plan, scenario, bus.id, full_id=full_id)
    seated = plan.assignments_of(bus.id)
    mates = [a.companion_of is not None for a in seated]

    widths = []
    for key in keys:
        label, narrow, wide = PASSENGER_COLUMNS[key]
        content = max((display_width(r[key]) for r in rows), default=0)
        widths.append(min(wide, max(narrow, display_width(label) + 2, content + 2)))
    for c, (key, w) in enumerate(zip(keys, widths)):
        ws.set_column(c, c, w, f.column_text if key in _TEXT_COLUMNS else None)

    coach = " ".join(part for part in (bus.id, bus.plate, sc.date.isoformat()) if part)
    title = f"乘客名单 {coach}（{_copy_label(full_id)}）"
    ws.merge_range(0, 0, 0, last, "", f.title)
    ws.write_string(0, 0, title, f.title)
    ws.set_row(0, 24)

    stops = bus.stops
    depart = f"{clock(plan, stops[0].depart)} {place_name(plan, scenario, bus.depot)}" if stops else ""
    drivers = crew.get((bus.plate, "driver"), []) if bus.plate else []
    escorts = crew.get((bus.plate, "escort"), []) if bus.plate else []
    type_name = f"{bus.type_name} ({bus.type})" if bus.type_name else bus.type
    pickups = [f"{stop_span(plan, s)} {s.name}（上车 {len(s.board)} 人）" for s in stops if s.kind == "pickup"]
    gates = [f"{stop_span(plan, s)} {s.name}（下车 {len(s.alight)} 人）" for s in stops if s.kind == "dropoff"]
    info = [
        ("批次", sc.name, False),
        ("车次 / 车牌", f"{bus.id} / {bus.plate or '—'}", True),
        ("车型 / 座位 / 限载", f"{type_name} / {bus.seats} 座 / 限载 {bus.capacity} 人", False),
        ("乘客", f"{len(rows)} 人", True),
        ("发车", depart, False),
        ("司机", f"{bus.drivers} 名：{_crew_line(drivers) or '姓名、电话手填'}", False),
        ("随车人员", _crew_line(escorts) or "姓名、电话手填", False),
        ("上车点", "\n".join(pickups) or "—", False),
        ("下车点", "\n".join(gates) or "—", False),
    ]
    row = 1
    for label, value, bold in info:
        _write_info(ws, f, row, label, value, widths, bold)
        row += 1
    row += 1  # a blank line before the table

    header_row = row
    for c, key in enumerate(keys):
        ws.write_string(header_row, c, PASSENGER_COLUMNS[key][0], f.head)
    ws.set_row(header_row, 18)
    for r, is_mate in zip(rows, mates):
        row += 1
        lines = 1
        for c, key in enumerate(keys):
            value = r[key]
            if key == "seat":
                ws.write_number(row, c, int(value), f.mate_seat if is_mate else f.seat)
                continue
            if key in _TEXT_COLUMNS:
                fmt = f.mate_text if is_mate else f.text
            else:
                fmt = f.mate if is_mate else f.cell
            if value:
                ws.write_string(row, c, value, fmt)
                lines = max(lines, _lines_needed(value, widths[c]))
            else:
                ws.write_blank(row, c, None, fmt)
        ws.set_row(row, max(_ROW_PT, lines * _LINE_PT + 4))
    if not rows:
        row += 1
        ws.merge_range(row, 0, row, last, "", f.cell)
        ws.write_string(row, 0, "— 无乘客 —", f.cell)

    row += 2
    half = last // 2
    for left, right in (("随车人员签名", "接收单位签名 / 盖章"), ("交接时间", "接收人电话")):
        ws.write_string(row, 0, left, f.note)
        ws.merge_range(row, 2, row, half, "", f.line)
        ws.write_string(row, half + 1, right, f.note)
        ws.merge_range(row, half + 3, row, last, "", f.line)
        ws.set_row(row, 26)
        row += 1
    ws.merge_range(row, 0, row, last, "", f.note)
    ws.write_string(row, 0, f"{_copy_label(full_id)}。共 {len(rows)} 人。", f.note)

    _print_setup(ws, header_row, coach, landscape=True)


_SUMMARY_COLUMNS = (  # label, width
    ("车次", 10),
    ("车牌", 12),
    ("车型", 14),
    ("座位 / 限载", 11),
    ("乘客", 7),
    ("司机", 6),
    ("发车", 8),
    ("首站上车", 9),
    ("到达末站门岗", 13),
    ("里程 km", 10),
    ("费用 元", 12),
    ("上车点", 44),
)


def _summary_sheet(wb: Any, f: _Formats, plan: Plan, scenario: Scenario, names: list[str], full_id: bool) -> None:
    sc, s = plan.scenario, plan.summary
    ws = wb.add_worksheet(SUMMARY_SHEET)
    last = len(_SUMMARY_COLUMNS) - 1
    for c, (_, width) in enumerate(_SUMMARY_COLUMNS):
        ws.set_column(c, c, width)
    ws.merge_range(0, 0, 0, last, "", f.title)
    ws.write_string(0, 0, f"乘车汇总 {sc.name} {sc.date.isoformat()}", f.title)
    ws.set_row(0, 24)

    figures: list[tuple[str, str | float, Any]] = [
        ("日期", sc.date.isoformat(), f.info),
        ("登记工人", s.workers_total, f.count),
        ("已安排座位的工人", s.workers_assigned, f.count),
        ("未安排的工人", s.workers_unassigned, f.count),
        ("乘客（含随行家属）", s.passengers, f.count),
        ("车辆（用车 / 可用）", f"{s.buses_used} / {s.buses_available}", f.info),
        ("总里程 km", s.total_km, f.km),
        ("总费用 元", s.total_cost, f.cny),
    ]
    row = 0
    for label, value, fmt in figures:
        row += 1
        ws.merge_range(row, 0, row, 1, label, f.label)
        ws.merge_range(row, 2, row, 3, "", fmt)
        if isinstance(value, str):
            ws.write_string(row, 2, value, fmt)
        else:
            ws.write_number(row, 2, value, fmt)
    row += 2

    header_row = row
    for c, (label, _) in enumerate(_SUMMARY_COLUMNS):
        ws.write_string(row, c, label, f.head)
    for bus, sheet in zip(plan.buses, names):
        row += 1
        stops = bus.stops
        pickups = [s for s in stops if s.kind == "pickup"]
        gates = [s for s in stops if s.kind == "dropoff"]
        where = "；".join(f"{clock(plan, p.arrive)} {p.name} {len(p.board)} 人" for p in pickups)
        quoted = sheet.replace("'", "''")
        ws.write_url(row, 0, f"internal:'{quoted}'!A1", f.link, bus.id)
        ws.write_string(row, 1, bus.plate, f.cell)
        ws.write_string(row, 2, bus.type_name or bus.type, f.cell)
        ws.write_string(row, 3, f"{bus.seats} / {bus.capacity}", f.cell)
        ws.write_number(row, 4, bus.passengers, f.count)
        ws.write_number(row, 5, bus.drivers, f.count)
        ws.write_string(row, 6, clock(plan, stops[0].depart) if stops else "", f.cell)
        ws.write_string(row, 7, clock(plan, pickups[0].arrive) if pickups else "", f.cell)
        ws.write_string(row, 8, clock(plan, gates[-1].arrive) if gates else "", f.cell)
        ws.write_number(row, 9, bus.km, f.km)
        ws.write_number(row, 10, bus.cost, f.cny)
        ws.write_string(row, 11, where, f.cell)
        ws.set_row(row, _lines_needed(where, _SUMMARY_COLUMNS[11][1]) * _LINE_PT + 2)

    row += 2
    ws.merge_range(row, 0, row, last, "", f.title)
    ws.write_string(row, 0, f"未安排的工人（{len(plan.unassigned)} 人）", f.title)
    row += 1
    for first, end, label in ((0, 0, "工号"), (1, 1, "随行"), (2, 5, "原因"), (6, last, "说明")):
        if first == end:
            ws.write_string(row, first, label, f.head)
        else:
            ws.merge_range(row, first, row, end, label, f.head)
    for u in plan.unassigned:
        row += 1
        ws.write_string(row, 0, u.worker_id, f.text)
        ws.write_number(row, 1, u.companions, f.count)
        ws.merge_range(row, 2, row, 5, "", f.cell)
        ws.write_string(row, 2, REASON_LABELS.get(u.reason, u.reason), f.cell)
        ws.merge_range(row, 6, row, last, "", f.cell)
        ws.write_string(row, 6, u.detail, f.cell)
    if not plan.unassigned:
        row += 1
        ws.merge_range(row, 0, row, last, "", f.cell)
        ws.write_string(row, 0, "— 无 —", f.cell)
    row += 2
    ws.merge_range(row, 0, row, last, "", f.note)
    ws.write_string(row, 0, f"每辆车一页工作表，以车次命名。{_copy_label(full_id)}。", f.note)

    _print_setup(ws, header_row, f"{sc.name} {sc.date.isoformat()}", landscape=True)
    ws.activate()


def write_manifest_xlsx(plan: Plan, scenario: Scenario, path: Path, full_id: bool = False) -> Path:
    """Write every coach's passenger manifest into one XLSX workbook, ready to print on A4.

    Parameters
    ----------
    plan : Plan
        The plan.
    scenario : Scenario
        The scenario the plan was made from (names, ID numbers, phones, crew).
    path : pathlib.Path
        File to write; its folder must exist.
    full_id : bool, default False
        Write full ID numbers and phones. By default both are masked, and the titles
        say which copy a sheet is.

    Returns
    -------
    pathlib.Path
        The path written.

    Notes
    -----
    The first sheet, ``汇总``, holds the batch's figures, one row per coach (linked to
    its sheet) and the workers left unassigned with their reasons (ids only). Then one
    sheet per coach, named by coach id (see ``sheet_names``): a title, the coach's
    crew, departure, pickups and gates, and the passenger table with the columns of
    the HTML manifest. Landscape A4, fit to the page width, header row repeated on
    every page, footer ``<coach> <plate> <date>  page / pages``. The same plan gives
    the same bytes: the workbook's creation time is the plan's date.
    """
    out = Path(path)
    sc = plan.scenario
    wb = xlsxwriter.Workbook(
        str(out), {"constant_memory": False, "in_memory": True,  # no temporary file per sheet
                   "strings_to_numbers": False, "strings_to_formulas": False, "strings_to_urls": False},
    )
    try:
        wb.set_properties({
            "title": f"乘客名单 {sc.name} {sc.date.isoformat()}",
            "subject": _copy_label(full_id),
            "author": "returnbus",
            "created": dt.datetime(sc.date.year, sc.date.month, sc.date.day),
        })
        f = _Formats(wb)
        names = sheet_names([b.id for b in plan.buses])
        _summary_sheet(wb, f, plan, scenario, names, full_id)
        crew = _crew_index(scenario)
        for bus, name in zip(plan.buses, names):
            _coach_sheet(wb, f, name, plan, scenario, bus, full_id, crew)
    finally:
        wb.close()
    return out
