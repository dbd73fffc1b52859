"""Passenger manifests as A4 PDFs (one per coach) with a seat map, Chinese font embedded.

Page 1 holds the header (batch, coach, plate, seats and load limit, drivers, escort,
departure, route) and the seat map; then one table per pickup point in route order, its
passengers in boarding order, the column heads and the pickup point repeated on every
page; last the total and signature lines. Every page says which copy it is (masked
archive copy, or the boarding copy with full ID numbers) and 第 N 页 共 M 页.

Speed: a CJK collection is ~20 MB, too slow to parse for every coach. A batch subsets
the font once (fontTools, only the characters its manifests use) into a temporary file
of a few hundred kB, and every document embeds that.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import multiprocessing
import string
import tempfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from zoneinfo import ZoneInfo

from fpdf import FPDF
from fpdf.fonts import TTFFont

from routing.coach.seat_map import SeatMap, seat_map
from routing.errors import PlanMismatchError
from routing.model import Scenario
from routing.outputs.font_subset import subset_font
from routing.outputs.fonts import find_cjk_font
from routing.outputs.manifests import pdf_seats as manifest_pdf_seats
from routing.outputs.manifests.pdf_seats import draw_seat_map, seat_map_height
from routing.outputs.manifests.rows import manifest_rows
from routing.outputs.pdf_cells import FAMILY, Cell, draw_row, lay
from routing.plan.display import clock, stop_span
from routing.plan.files import file_stem
from routing.plan.model import BusPlan, Plan

_MARK = " (随行 "  # how manifest_rows marks a companion: "马小红 (随行 W0001)"
COPY_FULL = "核对联（完整证件号）boarding copy"
COPY_MASKED = "存档联（已脱敏）masked copy"
# (heading, width mm): the 190 mm between the margins of A4 portrait
COLUMNS = (
    ("座位\nSeat", 10), ("姓名 Name\n编号 No.", 29), ("性别\nSex", 9), ("身份证号 ID no.\n电话 Phone", 35),
    ("上车点 Pickup\n时间 Time", 27), ("单位 Employer\n下车点 Gate", 30), ("健康\nHealth", 16),
    ("体温 °C\nTemp.", 13), ("签名\nSignature", 21),
)
GREY_FILL = (232, 232, 232)
PALE = (246, 246, 246)  # a companion's row


@dataclass(frozen=True)
class _Group:
    """Passengers boarding at one pickup point, in boarding order, as table cells."""

    number: int
    of: int
    place: str
    when: str
    rows: tuple[tuple[str, ...], ...]
    companion: tuple[bool, ...]

    @property
    def heading(self) -> str:
        return f"上车点 {self.number}/{self.of} Pickup: {self.place}  {self.when}  上车 {len(self.rows)} 人 boarding"

    @property
    def legend(self) -> str:
        seats = " ".join(row[0] for row in self.rows)
        return f"{self.number}站  {self.when}  {self.place}\n{len(self.rows)} 人，座 seats {seats}"


@dataclass(frozen=True)
class _Sheet:
    """Everything one coach's manifest prints that comes from the plan."""

    bus_id: str
    plate: str
    date: str
    full_id: bool
    info: tuple[tuple[str, str, str, str], ...]  # label, value, label, value ("" label: value spans 3)
    groups: tuple[_Group, ...]
    seats: SeatMap
    companions: frozenset[int]
    tags: dict[int, str]  # seat number to its pickup point's number, "1站"
    total: str
    created: dt.datetime

    @property
    def copy_label(self) -> str:
        return COPY_FULL if self.full_id else COPY_MASKED

    def bold_text(self) -> Iterator[str]:
        """Text printed in bold: the header, the group headings, the total (and the labels, in the source)."""
        yield from (self.bus_id, self.plate, self.total)
        yield from (s for row in self.info for s in row)
        yield from (t for g in self.groups for t in (g.heading, g.legend))

    def all_text(self) -> Iterator[str]:
        """Every text printed."""
        yield from self.bold_text()
        yield from (c for g in self.groups for row in g.rows for c in row)
        yield from (c.occupant or "" for r in self.seats.rows for c in r.cells)
        yield from self.tags.values()


def _crew_lines(scenario: Scenario, bus: BusPlan, role: str, wanted: int) -> str:
    crew = scenario.crew_of(bus.plate, role) if bus.plate else ()
    lines = [f"{m.name}  电话 {m.phone}" for m in crew]
    lines += ["姓名 ____________  电话 ________________"] * max(0, wanted - len(lines))
    return "\n".join(lines)


def _split_name(name: str) -> tuple[str, str]:
    """A companion's name and its mark: ("马小红", "随行 W0001"); ("李娟", "") for a worker."""
    short, sep, mark = name.partition(_MARK)
    return (short, "随行 " + mark.rstrip(")")) if sep else (name, "")


def _cells(r: dict[str, str]) -> tuple[str, ...]:
    name, mark = _split_name(r["name"])
    return (r["seat"], f"{name}\n{mark or r['worker_id']}", r["sex"], f"{r['id_number']}\n{r['phone']}",
            f"{r['pickup']}\n{r['pickup_time']}", f"{r['employer']}\n{r['dropoff']}", r["health"].replace(" / ", "\n"),
            "", "")


def _groups(plan: Plan, bus: BusPlan, rows: list[dict[str, str]]) -> list[_Group]:
    """Passengers by pickup point in route order, each in boarding order; anyone not boarding at one comes last."""
    by_id = {r["worker_id"]: r for r in rows}
    pickups = [s for s in bus.stops if s.kind == "pickup" and s.board]
    parts = [(s.name, stop_span(plan, s), [by_id[p] for p in s.board if p in by_id]) for s in pickups]
    parts = [part for part in parts if part[2]]
    boarding = {p for s in pickups for p in s.board}
    rest = [r for r in rows if r["worker_id"] not in boarding]
    if rest:
        parts.append(("其他 other", "", rest))
    return [_Group(i, len(parts), place, when, tuple(_cells(r) for r in members),
                   tuple(bool(_split_name(r["name"])[1]) for r in members))
            for i, (place, when, members) in enumerate(parts, start=1)]


def _sheet(plan: Plan, scenario: Scenario, bus_id: str, full_id: bool) -> _Sheet:
    bus = plan.bus(bus_id)
    sc = plan.scenario
    rows = manifest_rows(plan, scenario, bus_id, full_id=full_id)
    groups = _groups(plan, bus, rows)
    tags = {int(c[0]): f"{g.number}站" for g in groups for c in g.rows}
    stops = bus.stops
    depot = next((s for s in stops if s.kind == "depot"), None)
    depart = f"{clock(plan, depot.depart)}  {depot.name}" if depot else "—"
    route = [f"{i}. {stop_span(plan, s)}  {s.name}  上车 {len(s.board)} 人"
             for i, s in enumerate((s for s in stops if s.kind == "pickup"), start=1)]
    route += [f"→ {stop_span(plan, s)}  {s.name}  下车 {len(s.alight)} 人" for s in stops if s.kind == "dropoff"]
    companions = frozenset(int(r["seat"]) for r in rows if _split_name(r["name"])[1])
    per_row = next((t.seats_per_row for t in scenario.fleet if t.id == bus.type), 4)
    names = {int(r["seat"]): _split_name(r["name"])[0] for r in rows}
    type_name = f"{bus.type_name} ({bus.type})" if bus.type_name else bus.type
    n = len(rows)
    info = (
        ("批次 Batch", sc.name, "日期 Date", sc.date.isoformat()),
        ("车次 Coach", bus.id, "车牌 Plate", bus.plate or "—"),
        ("车型 Type", type_name, "座位 / 限载\nSeats / limit", f"{bus.seats} 座 / 限载 {bus.capacity} 人"),
        ("发车 Depart", depart, "乘客\nPassengers", f"{n} 人（随行 {len(companions)} 人）"),
        ("司机 Drivers", _crew_lines(scenario, bus, "driver", max(bus.drivers, 1)),
         "随车人员\nEscort", _crew_lines(scenario, bus, "escort", 1)),
        ("路线 Route", "\n".join(route) or "—", "", ""),
    )
    try:
        seats = seat_map(bus.seats, per_row, sc.observation_rows, names)
    except ValueError as e:
        raise PlanMismatchError(f"coach {bus.id}: {e}. Was the plan made from another scenario?") from e
    created = dt.datetime.combine(sc.date, dt.time(0, 0), ZoneInfo(sc.timezone))
    return _Sheet(
        bus.id, bus.plate, sc.date.isoformat(), full_id, info, tuple(groups), seats, companions, tags,
        f"共 {n} 人（其中随行 {len(companions)} 人）/ {n} passengers", created,
    )


@dataclass(frozen=True)
class _FontFiles:
    regular: Path
    bold: Path


def _fixed_text() -> str:
    """Characters of every label: the literals of the two drawing modules (their source) and ASCII."""
    sources = (Path(__file__), Path(manifest_pdf_seats.__file__))
    return string.printable + "".join(p.read_text(encoding="utf-8") for p in sources if p.is_file())


@contextlib.contextmanager
def _batch_fonts(sheets: Iterable[_Sheet]) -> Iterator[_FontFiles]:
    """Regular and bold subsets holding every character the sheets print, in a temporary folder."""
    found = find_cjk_font()
    fixed = set(_fixed_text())
    sheets = list(sheets)
    regular = "".join(sorted({c for s in sheets for t in s.all_text() for c in t} | fixed))
    bold = "".join(sorted({c for s in sheets for t in s.bold_text() for c in t} | fixed))
    with tempfile.TemporaryDirectory(prefix="returnbus-font-") as tmp:
        reg = subset_font(found.path, found.index, regular, Path(tmp) / "regular.ttf")
        bld = subset_font(found.bold, found.bold_index, bold, Path(tmp) / "bold.ttf") if found.bold else reg
        yield _FontFiles(reg, bld)


class _ManifestPDF(FPDF):
    """A4 portrait with the coach, the copy and 第 N 页 共 M 页 at the foot of every page."""

    def __init__(self, sheet: _Sheet, fonts: _FontFiles) -> None:
        super().__init__(orientation="P", unit="mm", format="A4")
        self.sheet = sheet
        self.add_font(FAMILY, "", fonts.regular)
        self.add_font(FAMILY, "B", fonts.bold)
        for font in self.fonts.values():  # the batch subset's bounds hold: skip recomputing them per document
            if isinstance(font, TTFFont):
                font.ttfont.recalcBBoxes = False
        self.set_margins(10, 10, 10)
        self.set_auto_page_break(True, margin=14)
        self.set_creation_date(sheet.created)
        self.set_title(f"乘客名单 {sheet.bus_id} {sheet.plate} {sheet.date}")
        self.set_author("returnbus")
        self.set_subject(sheet.copy_label)
        self.set_lang("zh-CN")

    def footer(self) -> None:
        s = self.sheet
        self.set_y(-11)
        self.set_font(FAMILY, "", 7.5)
        self.set_text_color(60, 60, 60)
        self.cell(120, 5, f"{s.bus_id}  {s.plate}  {s.date}  ·  {s.copy_label}", align="L")
        self.cell(0, 5, f"第 {self.page_no()} 页 共 {{nb}} 页", align="R")
        self.set_text_color(0, 0, 0)


def _title(pdf: _ManifestPDF, s: _Sheet) -> None:
    pdf.set_font(FAMILY, "B", 16)
    pdf.cell(95, 9, "乘客名单 Passenger manifest")
    pdf.set_font(FAMILY, "B", 11)
    w = pdf.get_string_width(s.copy_label) + 8
    pdf.set_x(pdf.w - pdf.r_margin - w)
    if s.full_id:
        pdf.set_fill_color(0, 0, 0)
        pdf.set_text_color(255, 255, 255)
    pdf.cell(w, 9, s.copy_label, border=1, align="C", fill=s.full_id, new_x="LMARGIN", new_y="NEXT")
    pdf.set_text_color(0, 0, 0)
    pdf.set_font(FAMILY, "", 8)
    note = ("本联含完整身份证号和电话，仅供上车核对和防疫登记，用后妥善保管。Full ID numbers and phones: keep safe."
            if s.full_id else "本联身份证号（前6后4位）和电话（前3后4位）已脱敏。ID numbers and phones are masked.")
    pdf.cell(0, 6, note, new_x="LMARGIN", new_y="NEXT")


def _info(pdf: _ManifestPDF, s: _Sheet) -> None:
    for i, (l1, v1, l2, v2) in enumerate(s.info):
        size, bold = (11.0, True) if i == 1 else (8.5, False)
        cells = [Cell(l1, 22, size=8, fill=GREY_FILL)]
        if l2:
            cells += [Cell(v1, 73, bold, size, max_lines=8), Cell(l2, 22, size=8, fill=GREY_FILL),
                      Cell(v2, 73, bold, size, max_lines=8)]
        else:
            cells += [Cell(v1, 168, max_lines=8)]
        draw_row(pdf, lay(pdf, cells, 6.5))
    pdf.ln(3)


def _seat_page(pdf: _ManifestPDF, s: _Sheet) -> None:
    """The seat map on the left; legend and who boards where on the right. On a page of its own when the
    header leaves too little room for rows 8 mm tall."""
    if pdf.y + 8 + seat_map_height(s.seats, 8.0) > pdf.h - 16:
        pdf.add_page()
    pdf.set_font(FAMILY, "B", 11)
    pdf.cell(0, 7, "座位图 Seat map（按计划就座 seat people as planned）", new_x="LMARGIN", new_y="NEXT")
    top = pdf.y + 1
    used = draw_seat_map(pdf, s.seats, pdf.l_margin, top, 108, pdf.h - 16 - top, s.companions, s.tags)
    x = pdf.l_margin + 114
    pdf.set_xy(x, top)
    pdf.set_font(FAMILY, "B", 9)
    pdf.cell(76, 5, "图例 Legend", new_x="LEFT", new_y="NEXT")
    keys = ((manifest_pdf_seats.OCCUPIED, "有人 occupied（姓名 name）"), ((255, 255, 255), "空座 empty"),
            (manifest_pdf_seats.OBSERVATION, "留空观察 keep empty"))
    pdf.set_font(FAMILY, "", 8)
    for fill, text in keys:
        pdf.set_fill_color(*fill)
        pdf.rect(x, pdf.y + 0.8, 6, 3.5, style="DF")
        pdf.set_x(x + 8)
        pdf.cell(68, 5, text, new_x="LEFT", new_y="NEXT")
        pdf.set_x(x)
    pdf.multi_cell(76, 4.5, "随 = 随行家属 companion\nN站 = 第 N 个上车点 pickup no.", new_x="LEFT", new_y="NEXT")
    pdf.set_xy(x, pdf.y + 3)
    pdf.set_font(FAMILY, "B", 9)
    pdf.cell(76, 5, "上车点 Pickups", new_x="LEFT", new_y="NEXT")
    pdf.set_font(FAMILY, "", 8)
    for g in s.groups:
        pdf.multi_cell(76, 4.2, g.legend, new_x="LEFT", new_y="NEXT")
        pdf.set_xy(x, pdf.y + 1.5)
    pdf.set_xy(pdf.l_margin, top + used)


def _tables(pdf: _ManifestPDF, s: _Sheet) -> None:
    """One table per pickup point; column heads and the pickup point again on top of every page; rows never split."""
    heads = lay(pdf, [Cell(text, w, bold=True, size=7.5, fill=GREY_FILL) for text, w in COLUMNS])
    bottom = pdf.h - pdf.b_margin
    if not s.groups:
        draw_row(pdf, lay(pdf, [Cell("— 无乘客 no passengers —", 190, align="C")], 10))
    for g in s.groups:
        title = lay(pdf, [Cell(g.heading, 190, bold=True, size=9, fill=(245, 245, 245))], 7)
        again = lay(pdf, [Cell(g.heading + "（续 continued）", 190, bold=True, size=9, fill=(245, 245, 245))], 7)
        rows = [lay(pdf, [Cell(cells[0], COLUMNS[0][1], bold=True, size=11, align="C")]
                     + [Cell(t, w, fill=PALE if pale else None) for t, (_, w) in zip(cells[1:], COLUMNS[1:])], 10)
                for cells, pale in zip(g.rows, g.companion)]
        if pdf.y + heads[0] + title[0] + (rows[0][0] if rows else 0) > bottom:
            pdf.add_page()
        draw_row(pdf, heads)
        draw_row(pdf, title)
        for row in rows:
            if pdf.y + row[0] > bottom:
                pdf.add_page()
                draw_row(pdf, heads)
                draw_row(pdf, again)
            draw_row(pdf, row)
        pdf.ln(3)


def _closing(pdf: _ManifestPDF, s: _Sheet) -> None:
    if pdf.y > pdf.h - 14 - 42:
        pdf.add_page()
    pdf.set_font(FAMILY, "B", 10)
    pdf.cell(0, 7, s.total, new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(FAMILY, "", 8.5)
    pairs = (("随车人员 Escort 签名 Signature", "接收单位 Receiving company 签名/盖章 Signature/stamp"),
             ("交接时间 Handover time", "接收人电话 Receiver's phone"))
    for left, right in pairs:
        y = pdf.y + 11
        for x, text in ((pdf.l_margin, left), (pdf.l_margin + 100, right)):
            pdf.set_xy(x, y - 5)
            pdf.cell(90, 4, text)
            pdf.line(x, y + 4, x + 88, y + 4)
        pdf.set_xy(pdf.l_margin, y + 5)


def _draw(sheet: _Sheet, fonts: _FontFiles) -> bytes:
    pdf = _ManifestPDF(sheet, fonts)
    pdf.add_page()
    _title(pdf, sheet)
    _info(pdf, sheet)
    _seat_page(pdf, sheet)
    pdf.add_page()
    _tables(pdf, sheet)
    _closing(pdf, sheet)
    return bytes(pdf.output())


def render_manifest_pdf(plan: Plan, scenario: Scenario, bus_id: str, full_id: bool = False) -> bytes:
    """Return one coach's passenger manifest as an A4 PDF with its seat map.

    Parameters
    ----------
    plan : Plan
        The plan holding the coach.
    scenario : Scenario
        The scenario the plan was made from (names, ID numbers, phones, crew).
    bus_id : str
        Coach id.
    full_id : bool, default False
        The boarding copy (核对联) with full ID numbers and phones; by default the masked
        archive copy (存档联). The header and every page's foot say which.

    Returns
    -------
    bytes
        The PDF, the Chinese font embedded (a subset); the same plan gives the same bytes.

    Raises
    ------
    KeyError
        If the plan has no coach ``bus_id``.
    routing.outputs.fonts.FontNotFound
        If no Chinese font is found on the machine.
    """
    sheet = _sheet(plan, scenario, bus_id, full_id)
    with _batch_fonts([sheet]) as fonts:
        return _draw(sheet, fonts)


PARALLEL_FROM = 40  # coaches; smaller batches are drawn in this process
_WORK: tuple[list[_Sheet], _FontFiles, list[Path]] | None = None  # what forked workers draw


def _draw_to_file(k: int) -> None:
    """Draw sheet ``k`` of ``_WORK`` to its path (in a forked worker)."""
    assert _WORK is not None
    sheets, fonts, paths = _WORK
    paths[k].write_bytes(_draw(sheets[k], fonts))


def write_manifest_pdfs(plan: Plan, scenario: Scenario, out_dir: Path, full_id: bool = False,
                        stem: Callable[[str], str] | None = None, jobs: int = 1) -> list[Path]:
    """Write ``<out_dir>/<stem(bus_id)>.pdf`` for every coach of the plan, in plan order.

    The font is subset once for the whole batch, so a coach takes a few hundredths of a second;
    with ``jobs`` > 1 and at least ``PARALLEL_FROM`` coaches, that many forked processes draw
    them (where the platform can fork).

    Parameters
    ----------
    plan : Plan
        The plan.
    scenario : Scenario
        The scenario the plan was made from (names, ID numbers, crew).
    out_dir : pathlib.Path
        Folder to write into; created when missing.
    full_id : bool, default False
        Write the boarding copies with full ID numbers and phones instead of masked ones.
    stem : callable, optional
        File name (without .pdf) of a coach's manifest from its id; default the id.
    jobs : int, default 1
        Processes drawing at once.

    Returns
    -------
    list of pathlib.Path
        The files written, one per coach in the plan's order.
    """
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    global _WORK
    name = stem or file_stem
    sheets = [_sheet(plan, scenario, bus.id, full_id) for bus in plan.buses]
    paths = [out / f"{name(sheet.bus_id)}.pdf" for sheet in sheets]
    with _batch_fonts(sheets) as fonts:
        if jobs > 1 and len(sheets) >= PARALLEL_FROM and "fork" in multiprocessing.get_all_start_methods():
            _WORK = (sheets, fonts, paths)
            try:
                with multiprocessing.get_context("fork").Pool(jobs) as pool:
                    pool.map(_draw_to_file, range(len(sheets)), chunksize=max(1, len(sheets) // (4 * jobs)))
            finally:
                _WORK = None
        else:
            for sheet, path in zip(sheets, paths, strict=True):
                path.write_bytes(_draw(sheet, fonts))
    return paths
