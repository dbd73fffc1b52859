"""Table rows drawn on an fpdf2 page: cells whose text wraps (Chinese breaks anywhere) and shrinks to fit.

fpdf2's own ``table()`` took about 40 % of a manifest's time; these rows are laid out once
(``lay``) and drawn (``draw_row``) by hand. The page must have the font family ``FAMILY``
registered, regular and bold.
"""

from __future__ import annotations

from dataclasses import dataclass

from fpdf import FPDF
from fpdf.fonts import TTFFont

FAMILY = "cjk"


@dataclass(frozen=True)
class Cell:
    """A table cell: text (may hold newlines), width in mm, and how it looks; text needing more than
    ``max_lines`` lines is set smaller, down to 6 pt."""

    text: str
    width: float
    bold: bool = False
    size: float = 8.5
    fill: tuple[int, int, int] | None = None
    align: str = "L"
    max_lines: int = 3


PAD_MM = 1.0
Laid = tuple[float, list[tuple[Cell, list[str], float]]]  # row height (mm), each cell with its lines and size


def line_mm(size: float) -> float:
    return max(size, 7.5) * 0.47


def wrap(widths: dict[int, float], text: str, limit: float) -> list[str]:
    """Lines of text no wider than ``limit`` (font units): at newlines, else before the character that would
    overflow (Chinese breaks anywhere), at the last space when the line has one."""
    lines: list[str] = []
    for para in text.split("\n"):
        line, used = "", 0.0
        for ch in para:
            w = widths[ord(ch)]
            if used + w > limit and line:
                cut = line.rfind(" ")
                head, line = (line[:cut], line[cut + 1 :]) if cut > 0 and ch != " " else (line, "")
                lines.append(head)
                used = sum(widths[ord(c)] for c in line)
            line += ch
            used += w
        lines.append(line)
    return lines


def lay(pdf: FPDF, cells: list[Cell], min_mm: float = 0.0) -> Laid:
    """Wrap (and if need be shrink) every cell's text; the row is as tall as its tallest cell."""
    laid = []
    for c in cells:
        font = pdf.fonts[FAMILY + ("B" if c.bold else "")]
        assert isinstance(font, TTFFont)
        size = c.size
        while True:
            lines = wrap(font.cw, c.text, (c.width - 2 * PAD_MM) * pdf.k * 1000 / size)
            if len(lines) <= c.max_lines or size <= 6:
                break
            size -= 0.5
        laid.append((c, lines, size))
    height = max(len(lines) * line_mm(size) for _, lines, size in laid) + 2 * PAD_MM
    return max(min_mm, height), laid


def draw_row(pdf: FPDF, row: Laid) -> None:
    """Draw a laid-out row at the current y, each cell's text vertically centred, then move below it."""
    height, laid = row
    x, y = pdf.l_margin, pdf.y
    pdf.set_line_width(0.3)
    for c, lines, size in laid:
        pdf.set_fill_color(*(c.fill or (255, 255, 255)))
        pdf.rect(x, y, c.width, height, style="DF" if c.fill else "D")
        pdf.set_font(FAMILY, "B" if c.bold else "", size)
        step = line_mm(size)
        top = y + (height - len(lines) * step) / 2
        for i, line in enumerate(lines):
            left = x + (c.width - pdf.get_string_width(line)) / 2 if c.align == "C" else x + PAD_MM
            pdf.text(left, top + i * step + step / 2 + size / pdf.k * 0.36, line)
        x += c.width
    pdf.set_y(y + height)
