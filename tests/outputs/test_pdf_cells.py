"""Wrapped table rows (routing.outputs.pdf_cells): line breaks, row heights, and what a drawn row puts on the page.

The font is the real Noto Sans CJK, cut down to the few characters used here; widths in the
expectations come from the font's own metrics (fontTools), not from fpdf2.
"""

from __future__ import annotations

import string
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest
from fontTools import ttLib
from fpdf import FPDF
from PIL import Image

from routing.outputs.font_subset import subset_font
from routing.outputs.fonts import find_cjk_font
from routing.outputs.pdf_cells import FAMILY, Cell, draw_row, lay, wrap
from tests.outputs.pdf_words import PT, tool, words

HAN = "银川隆基硅材料有限公司宁夏固原西吉原州区客运站马小明"  # 26 ideographs, each 1 em wide
LATIN = string.ascii_letters + string.digits + " "


@dataclass(frozen=True)
class Fonts:
    """The regular and bold subsets of the CJK font."""

    regular: Path
    bold: Path


@pytest.fixture(scope="module")
def fonts(tmp_path_factory: pytest.TempPathFactory) -> Fonts:
    """Regular and bold subsets holding the characters these tests print."""
    found = find_cjk_font()
    if found.bold is None:
        pytest.fail(f"{found.path} has no bold face: install fonts-noto-cjk")
    out = tmp_path_factory.mktemp("fonts")
    chars = HAN + LATIN
    return Fonts(subset_font(found.path, found.index, chars, out / "r.ttf"),
                 subset_font(found.bold, found.bold_index, chars, out / "b.ttf"))


def new_pdf(fonts: Fonts) -> FPDF:
    """An A4 page in mm with the family FAMILY registered, regular and bold."""
    pdf = FPDF(unit="mm", format="A4")
    pdf.add_font(FAMILY, "", str(fonts.regular))
    pdf.add_font(FAMILY, "B", str(fonts.bold))
    pdf.set_margins(10, 10, 10)
    pdf.add_page()
    pdf.set_font(FAMILY, "", 10)
    return pdf


def advance(font: Path, ch: str) -> int:
    """The advance width of a character in the font file, in 1/1000 em."""
    tt = ttLib.TTFont(font)
    assert tt["head"].unitsPerEm == 1000
    return int(tt["hmtx"][tt.getBestCmap()[ord(ch)]][0])


def width_for(chars_per_line: float, size: float) -> float:
    """A cell width (mm) whose text area holds ``chars_per_line`` ideographs of ``size`` pt (padding 1 mm a side)."""
    return 2.0 + chars_per_line * size / PT


# --- wrap -------------------------------------------------------------------------------------


def test_wrap_breaks_at_the_last_space_before_the_overflow() -> None:
    """Unit widths, limit 4: 'ab cd ef' breaks at its spaces, which are dropped."""
    widths = {ord(c): 1.0 for c in "abcdef "}
    assert wrap(widths, "ab cd ef", 4) == ["ab", "cd", "ef"]


def test_wrap_keeps_a_line_up_to_the_limit_exactly() -> None:
    """A line exactly as wide as the limit stays whole; one unit more breaks after the space."""
    widths = {ord(c): 1.0 for c in "abcdef "}
    assert wrap(widths, "ab cd", 5) == ["ab cd"]
    assert wrap(widths, "ab cd ef", 6) == ["ab cd", "ef"]


def test_wrap_cuts_a_word_longer_than_the_line() -> None:
    """A word with no space to break at is cut before the character that would overflow."""
    widths = {ord(c): 1.0 for c in "abcdefg"}
    assert wrap(widths, "abcdefg", 3) == ["abc", "def", "g"]


def test_wrap_puts_a_too_wide_character_on_a_line_of_its_own() -> None:
    """Characters wider than the limit are never dropped nor make empty lines: one per line."""
    widths = {ord("a"): 5.0, ord("b"): 5.0}
    assert wrap(widths, "ab", 2) == ["a", "b"]


def test_wrap_breaks_at_newlines_and_keeps_empty_lines() -> None:
    """'\\n' always starts a line; an empty paragraph is an empty line; empty text is one empty line."""
    widths = {ord(c): 1.0 for c in "甲乙丙"}
    assert wrap(widths, "甲\n\n乙丙", 10) == ["甲", "", "乙丙"]
    assert wrap(widths, "", 10) == [""]


# --- lay --------------------------------------------------------------------------------------


def test_chinese_text_wraps_after_as_many_ideographs_as_fit(fonts: Fonts) -> None:
    """11 ideographs at 10 pt in a cell whose text area holds 5.5 of them: lines of 5, 5 and 1."""
    pdf = new_pdf(fonts)
    assert advance(fonts.regular, "银") == 1000
    text = HAN[:11]
    height, [(_, lines, size)] = lay(pdf, [Cell(text, width_for(5.5, 10), size=10)])
    assert lines == [text[0:5], text[5:10], text[10:]]
    assert size == 10
    assert height == pytest.approx(3 * 10 * 0.47 + 2 * 1.0)


def test_row_height_is_the_tallest_cell(fonts: Fonts) -> None:
    """A 1-line, a 3-line and a 2-line cell: the row is 3 lines of 4.7 mm plus 1 mm padding top and bottom."""
    pdf = new_pdf(fonts)
    w = width_for(4.5, 10)
    height, laid = lay(pdf, [Cell(HAN[:2], w, size=10), Cell(HAN[:12], w, size=10), Cell(HAN[:8], w, size=10)])
    assert [len(lines) for _, lines, _ in laid] == [1, 3, 2]
    assert height == pytest.approx(3 * 4.7 + 2.0)


def test_small_text_keeps_a_line_height_of_7_5_pt(fonts: Fonts) -> None:
    """Text set below 7.5 pt is spaced as 7.5 pt: one line of 6 pt is 7.5 x 0.47 + 2 mm tall."""
    pdf = new_pdf(fonts)
    height, _ = lay(pdf, [Cell("ab", 30, size=6)])
    assert height == pytest.approx(7.5 * 0.47 + 2.0)


def test_min_height_wins_over_a_shorter_row(fonts: Fonts) -> None:
    """min_mm sets the height of a row whose cells need less, and not of one that needs more."""
    pdf = new_pdf(fonts)
    assert lay(pdf, [Cell("ab", 30, size=10)], min_mm=12.5)[0] == 12.5
    assert lay(pdf, [Cell("ab", 30, size=10)], min_mm=3.0)[0] == pytest.approx(4.7 + 2.0)


def test_text_over_max_lines_is_set_smaller_until_it_fits(fonts: Fonts) -> None:
    """16 ideographs, 5.5 a line at 10 pt (4 lines > 3): 9.5 pt still gives 5 a line, 9 pt gives 6 a line."""
    pdf = new_pdf(fonts)
    text = HAN[:16]
    height, [(_, lines, size)] = lay(pdf, [Cell(text, width_for(5.5, 10), size=10, max_lines=3)])
    assert size == 9.0
    assert lines == [text[0:6], text[6:12], text[12:]]
    assert height == pytest.approx(3 * 9 * 0.47 + 2.0)


def test_shrinking_stops_at_6_pt_and_the_row_grows_instead(fonts: Fonts) -> None:
    """26 ideographs may take 1 line: at 6 pt the text area (55 pt) holds 9, so 3 lines of 6 pt."""
    pdf = new_pdf(fonts)
    height, [(_, lines, size)] = lay(pdf, [Cell(HAN, width_for(5.5, 10), size=10, max_lines=1)])
    assert size == 6.0
    assert lines == [HAN[0:9], HAN[9:18], HAN[18:]]
    assert height == pytest.approx(3 * 7.5 * 0.47 + 2.0)


def test_bold_cells_are_measured_with_the_bold_font(fonts: Fonts) -> None:
    """Ten 'm' just fit a line in the regular face; in bold (wider m) they take two lines."""
    pdf = new_pdf(fonts)
    regular, bold = advance(fonts.regular, "m"), advance(fonts.bold, "m")
    assert bold > regular
    limit = 10 * regular + 0.5  # font units per line at 10 pt
    w = 2.0 + limit * 10 / 1000 / PT
    text = "m" * 10
    per_line = int(limit // bold)
    assert lay(pdf, [Cell(text, w, size=10)])[1][0][1] == [text]
    assert lay(pdf, [Cell(text, w, size=10, bold=True, max_lines=3)])[1][0][1] == ["m" * per_line,
                                                                                   "m" * (10 - per_line)]


# --- draw_row ---------------------------------------------------------------------------------


def test_drawn_row_puts_every_line_in_its_cell(fonts: Fonts, tmp_path: Path) -> None:
    """pdftotext reads the wrapped lines back, left-aligned 1 mm inside their cell, 4.7 mm apart, in order."""
    pdf = new_pdf(fonts)
    pdf.set_y(30)
    text = HAN[:11]
    draw_row(pdf, lay(pdf, [Cell("马小明", 20, size=10), Cell(text, width_for(5.5, 10), size=10)]))
    pdf.output(str(tmp_path / "row.pdf"))
    found = {w.text: w for w in words(tmp_path / "row.pdf")}
    assert set(found) == {"马小明", text[0:5], text[5:10], text[10:]}
    assert found["马小明"].left == pytest.approx(10 + 1.0, abs=0.05)
    lines = [found[t] for t in (text[0:5], text[5:10], text[10:])]
    assert [w.left for w in lines] == pytest.approx([10 + 20 + 1.0] * 3, abs=0.05)
    assert lines[1].top - lines[0].top == pytest.approx(4.7, abs=0.05)
    assert lines[2].top - lines[1].top == pytest.approx(4.7, abs=0.05)
    assert all(30 < w.top and w.bottom < 30 + 3 * 4.7 + 2 for w in found.values())


def test_drawn_row_centres_text_both_ways(fonts: Fonts, tmp_path: Path) -> None:
    """align C: 3 ideographs of 10 pt (10.58 mm) start 4.71 mm into a 20 mm cell; in a 30 mm row, mid-height."""
    pdf = new_pdf(fonts)
    pdf.set_y(40)
    draw_row(pdf, lay(pdf, [Cell("马小明", 20, size=10, align="C")], min_mm=30))
    pdf.output(str(tmp_path / "c.pdf"))
    [word] = words(tmp_path / "c.pdf")
    assert word.text == "马小明"
    assert word.left == pytest.approx(10 + (20 - 30 / PT) / 2, abs=0.05)
    assert (word.top + word.bottom) / 2 == pytest.approx(40 + 15, abs=0.5)


def test_draw_row_moves_below_the_row_and_starts_at_the_left_margin(fonts: Fonts, tmp_path: Path) -> None:
    """After a row of 16.1 mm drawn at y 30 the cursor is at y 46.1 and x at the margin, wherever x was."""
    pdf = new_pdf(fonts)
    pdf.set_xy(80, 30)
    draw_row(pdf, lay(pdf, [Cell("ab", 40, size=10), Cell(HAN[:11], width_for(5.5, 10), size=10)]))
    assert pdf.y == pytest.approx(30 + 3 * 4.7 + 2)
    assert pdf.x == 10
    pdf.output(str(tmp_path / "m.pdf"))
    assert [w.left for w in words(tmp_path / "m.pdf") if w.text == "ab"] == pytest.approx([11.0], abs=0.05)


def test_filled_cells_are_filled_and_others_white(fonts: Fonts, tmp_path: Path) -> None:
    """A cell with fill (200, 30, 30) is that colour inside, its neighbour without fill is white."""
    pdf = new_pdf(fonts)
    pdf.set_y(30)
    draw_row(pdf, lay(pdf, [Cell("a", 30, fill=(200, 30, 30)), Cell("b", 30)], min_mm=20))
    path = tmp_path / "fill.pdf"
    pdf.output(str(path))
    subprocess.run([tool("pdftoppm"), "-r", "72", "-png", "-f", "1", "-l", "1", str(path), str(tmp_path / "p")],
                   check=True)
    [png] = tmp_path.glob("p*.png")
    image = Image.open(png).convert("RGB")

    def at(x_mm: float, y_mm: float) -> object:
        return image.getpixel((round(x_mm * PT), round(y_mm * PT)))

    assert at(30, 45) == (200, 30, 30)  # lower right part of the first cell, away from its text
    assert at(60, 45) == (255, 255, 255)
    assert at(80, 45) == (255, 255, 255)  # right of the row
