"""Drawing a coach's seat map (``routing.coach.seat_map.SeatMap``) on a PDF page with fpdf2 shapes and text.

Seen from above with the front at the top: the driver's seat at the front left, the door at
the front right, the aisle down the middle, every seat a numbered box. Occupied seats are
shaded and carry the passenger's name (shrunk or cut to fit), a companion's seat a small
随, and the number of the pickup point where they board; the observation rows are hatched
and say 留空 (keep empty). Shades differ in black-and-white print too.
"""

from __future__ import annotations

from fpdf import FPDF

from routing.coach.seat_map import SeatCell, SeatMap

FRONT_MM = 17.0  # driver, wheel and door above row 1
BAND_MM = 5.0  # the line that marks where the observation rows start
PAD_MM = 2.5  # between the coach's walls and the seats
MAX_ROW_MM = 11.0
OCCUPIED = (205, 222, 240)  # pale blue; light grey in black and white
OBSERVATION = (238, 238, 238)
INK = (0, 0, 0)
GREY = (90, 90, 90)


def fit_text(pdf: FPDF, text: str, width_mm: float, size_pt: float, min_pt: float) -> tuple[str, float]:
    """Text and font size (pt) that fit ``width_mm``: shrink down to ``min_pt``, then cut with an ellipsis."""
    size = size_pt
    while size > min_pt and pdf.get_string_width(text) * size / pdf.font_size_pt > width_mm:
        size = max(min_pt, size - 0.5)
    if pdf.get_string_width(text) * size / pdf.font_size_pt <= width_mm:
        return text, size
    cut = text
    while cut and pdf.get_string_width(cut + "…") * size / pdf.font_size_pt > width_mm:
        cut = cut[:-1]
    return cut + "…", size


def seat_map_height(smap: SeatMap, row_mm: float = MAX_ROW_MM) -> float:
    """Height (mm) of the drawing with rows ``row_mm`` tall."""
    band = BAND_MM if any(r.observation for r in smap.rows) else 0.0
    return FRONT_MM + band + len(smap.rows) * row_mm + 2 * PAD_MM


def _label(pdf: FPDF, x: float, y: float, w: float, h: float, text: str, size: float,
           style: str = "", align: str = "C", color: tuple[int, int, int] = INK) -> None:
    """Text in the box (x, y, w, h), vertically centred, aligned L, C or R (pdf.text: far faster than cell)."""
    pdf.set_font(style=style, size=size)
    pdf.set_text_color(*color)
    width = pdf.get_string_width(text)
    left = {"L": x + 0.3, "C": x + (w - width) / 2, "R": x + w - width - 0.3}[align]
    pdf.text(left, y + h / 2 + size / pdf.k * 0.36, text)


def _hatch(pdf: FPDF, x: float, y: float, w: float, h: float) -> None:
    with pdf.rect_clip(x, y, w, h):
        pdf.set_draw_color(150, 150, 150)
        pdf.set_line_width(0.2)
        step = 2.2
        k = -h
        while k < w:
            pdf.line(x + k, y + h, x + k + h, y)
            k += step
    pdf.set_draw_color(*INK)


def _seat(pdf: FPDF, cell: SeatCell, x: float, y: float, w: float, h: float,
          companion: bool, tag: str) -> None:
    gap = 0.7
    bx, by, bw, bh = x + gap, y + gap, w - 2 * gap, h - 2 * gap
    pdf.set_line_width(0.3)
    fill = OCCUPIED if cell.occupant else OBSERVATION if cell.observation else (255, 255, 255)
    pdf.set_fill_color(*fill)
    pdf.rect(bx, by, bw, bh, style="DF", round_corners=True, corner_radius=0.8)
    if cell.observation and not cell.occupant:
        _hatch(pdf, bx, by, bw, bh)
    _label(pdf, bx + 0.5, by + 0.9, bw, 2.6, str(cell.number), 6.5, "B", "L")
    if companion:
        _label(pdf, bx, by + 0.9, bw - 0.5, 2.6, "随", 6, "", "R", GREY)
    if tag:
        _label(pdf, bx, by + bh - 2.8, bw - 0.5, 2.6, tag, 5.5, "", "R", GREY)
    name = cell.occupant or ("留空" if cell.observation else "")
    if name:
        pdf.set_font(style="", size=9)
        text, size = fit_text(pdf, name, bw - 1.2, 9 if h >= 8 else 8, 5.5)
        color = INK if cell.occupant else GREY
        _label(pdf, bx + 0.6, by + bh / 2 - 1.6, bw - 1.2, 4, text, size, "", "C", color)


def _front(pdf: FPDF, smap: SeatMap, x: float, y: float, w: float, seat_w: float) -> None:
    """Driver's seat and wheel on the left, the door on the right wall."""
    _label(pdf, x, y + 0.8, w, 3.5, "车头 FRONT", 7, "B", "C", GREY)
    dx = x + PAD_MM + 0.7
    dw = seat_w * 1.1
    pdf.set_fill_color(235, 235, 235)
    pdf.set_line_width(0.3)
    pdf.rect(dx, y + 7, dw, FRONT_MM - 8.5, style="DF", round_corners=True, corner_radius=0.8)
    _label(pdf, dx, y + 8.5, dw, 3, "司机", 7, "B")
    _label(pdf, dx, y + 11.5, dw, 3, "Driver", 6, "", "C", GREY)
    pdf.circle(dx + dw / 2, y + 5, 1.6, style="D")
    door_h = FRONT_MM - 6
    wall = x + w
    pdf.set_fill_color(255, 255, 255)
    pdf.set_draw_color(255, 255, 255)
    pdf.rect(wall - 0.6, y + 4.5, 1.2, door_h, style="F")
    pdf.set_draw_color(*INK)
    pdf.set_line_width(0.6)
    pdf.line(wall - 3.5, y + 4.5, wall, y + 4.5)
    pdf.line(wall - 3.5, y + 4.5 + door_h, wall, y + 4.5 + door_h)
    _label(pdf, wall - seat_w * 1.6, y + 6.5, seat_w * 1.6 - 1, 3.2, "车门 Door", 7, "B", "R")
    _label(pdf, wall - seat_w * 1.6, y + 10, seat_w * 1.6 - 1, 3, "→ 上车 boarding", 6, "", "R", GREY)


def draw_seat_map(pdf: FPDF, smap: SeatMap, x: float, y: float, w: float, h: float,
                  companions: frozenset[int] = frozenset(), tags: dict[int, str] | None = None) -> float:
    """Draw the seat map in the box (x, y, w, h), in mm; return the height used.

    ``companions`` are seats of companions (marked 随); ``tags`` a short text per seat
    shown in its corner (the pickup point's number). Rows are at most ``MAX_ROW_MM`` tall
    and shrink to fit ``h``. The current font family is used.
    """
    tags = tags or {}
    seat_w = (w - 2 * PAD_MM) / smap.width
    row_h = min(MAX_ROW_MM, (h - seat_map_height(smap, 0.0)) / max(len(smap.rows), 1))
    total = seat_map_height(smap, row_h)
    pdf.set_draw_color(*INK)
    pdf.set_line_width(0.5)
    pdf.rect(x, y, w, total, style="D", round_corners=True, corner_radius=4)
    _front(pdf, smap, x, y, w, seat_w)
    ry = y + FRONT_MM
    aisle_x = x + PAD_MM + smap.aisle_x * seat_w
    _label(pdf, aisle_x, ry - 4, seat_w, 3, "过道 aisle", 6, "", "C", GREY)
    for row in smap.rows:
        if row.observation and (row.index == 1 or not smap.rows[row.index - 2].observation):
            pdf.set_line_width(0.3)
            pdf.set_dash_pattern(dash=1, gap=0.8)
            pdf.line(x + 1, ry + BAND_MM / 2, x + w - 1, ry + BAND_MM / 2)
            pdf.set_dash_pattern()
            pdf.set_fill_color(255, 255, 255)
            text = "以下留空观察 observation rows: keep empty"
            pdf.set_font(style="B", size=7)
            tw = pdf.get_string_width(text) + 3
            pdf.rect(x + (w - tw) / 2, ry + 0.6, tw, BAND_MM - 1.2, style="F")
            _label(pdf, x, ry + 0.8, w, BAND_MM - 1.6, text, 7, "B")
            ry += BAND_MM
        for cell in row.cells:
            cx = x + PAD_MM + cell.x * seat_w
            _seat(pdf, cell, cx, ry, cell.width * seat_w, row_h, cell.number in companions, tags.get(cell.number, ""))
        ry += row_h
    _label(pdf, x, y + total + 0.5, w, 3.5, "车尾 BACK", 7, "B", "C", GREY)
    pdf.set_text_color(*INK)
    return total + 4.0
