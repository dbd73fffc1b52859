"""The seat map drawn on a PDF page (routing.outputs.manifests.pdf_seats), read back with pdftotext -bbox.

The layout comes from ``routing.coach.seat_map.seat_map``; expected positions are worked out by
hand for a 108 mm wide drawing: 2.5 mm walls, so a 2+2 coach (5 seat widths with the aisle)
has seats 20.6 mm wide, the first row 17 mm below the top, rows 11 mm tall.
"""

from __future__ import annotations

import string
from pathlib import Path

import pytest
from fpdf import FPDF

from routing.coach.seat_map import SeatMap, seat_map
from routing.outputs.font_subset import subset_font
from routing.outputs.fonts import find_cjk_font
from routing.outputs.manifests import pdf_seats
from routing.outputs.manifests.pdf_seats import draw_seat_map, fit_text, seat_map_height
from routing.outputs.pdf_cells import FAMILY
from tests.outputs.pdf_words import Word, words

X, Y, W = 10.0, 20.0, 108.0  # where the drawing goes, mm
SEAT_W = (W - 2 * 2.5) / 5  # 20.6 mm: 2+2 seats and the aisle between the walls
TOP = Y + 17.0  # first row
LONG = "阿卜杜热合曼买买提艾力江古丽"  # 14 ideographs
NAMES = "马小明马小红李娟王强赵敏站" + LONG  # and 站 of the tags


@pytest.fixture(scope="module")
def font(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A subset of the CJK font with the drawing's labels (its module's text), ASCII and the names used here."""
    found = find_cjk_font()
    chars = string.printable + NAMES + Path(pdf_seats.__file__).read_text(encoding="utf-8")
    return subset_font(found.path, found.index, chars, tmp_path_factory.mktemp("font") / "r.ttf")


def new_pdf(font: Path) -> FPDF:
    """An A4 page in mm with FAMILY as the current font (the bold style is the same file)."""
    pdf = FPDF(unit="mm", format="A4")
    pdf.add_font(FAMILY, "", str(font))
    pdf.add_font(FAMILY, "B", str(font))
    pdf.add_page()
    pdf.set_font(FAMILY, "", 9)
    return pdf


def drawn(font: Path, smap: SeatMap, tmp_path: Path, h: float = 250.0, **kw: object) -> tuple[float, list[Word]]:
    """Draw the seat map at (X, Y), W wide, in a box h tall; the height it used and the words on the page."""
    pdf = new_pdf(font)
    used = draw_seat_map(pdf, smap, X, Y, W, h, **kw)  # type: ignore[arg-type]
    path = tmp_path / "seats.pdf"
    pdf.output(str(path))
    return used, words(path)


def only(words: list[Word], text: str) -> Word:
    """The one word with this text."""
    hits = [w for w in words if w.text == text]
    assert len(hits) == 1, (text, hits)
    return hits[0]


def seat_box(column: float, top: float, row_h: float = 11.0) -> tuple[float, float, float, float]:
    """(left, top, right, bottom) of the seat column (in seat widths from the left wall) in a row starting at top."""
    left = X + 2.5 + column * SEAT_W
    return left, top, left + SEAT_W, top + row_h


def inside(word: Word, box: tuple[float, float, float, float]) -> bool:
    """The word's centre is in the box."""
    left, top, right, bottom = box
    return left < word.mid_x < right and top < word.mid_y < bottom


# --- seat_map_height --------------------------------------------------------------------------


def test_height_is_the_front_the_rows_and_the_walls() -> None:
    """17 mm front + 11 mm a row + 2 x 2.5 mm: 8 seats (2 rows) 44 mm, 12 seats (3 rows) 55 mm, 45 seats 11 rows."""
    assert seat_map_height(seat_map(8, 4, 0, {})) == pytest.approx(44.0)
    assert seat_map_height(seat_map(12, 4, 0, {})) == pytest.approx(55.0)
    assert seat_map_height(seat_map(45, 4, 0, {})) == pytest.approx(17 + 11 * 11 + 5)


def test_height_scales_with_the_row_height() -> None:
    """Rows 8 mm tall: 3 rows take 24 mm; rows 0 mm tall leave the front and walls, 22 mm."""
    assert seat_map_height(seat_map(12, 4, 0, {}), 8.0) == pytest.approx(17 + 24 + 5)
    assert seat_map_height(seat_map(12, 4, 0, {}), 0.0) == pytest.approx(22.0)


def test_observation_rows_add_one_5_mm_band() -> None:
    """One or two observation rows add the same single 5 mm band that marks where they start."""
    assert seat_map_height(seat_map(8, 4, 1, {})) == pytest.approx(49.0)
    assert seat_map_height(seat_map(12, 4, 2, {})) == pytest.approx(60.0)


# --- draw_seat_map ----------------------------------------------------------------------------


def test_drawing_uses_its_height_plus_4_mm_for_the_back_label(font: Path, tmp_path: Path) -> None:
    """With room to spare rows are 11 mm: 2 rows and a band use 49 mm, and 4 mm more for 车尾 BACK below."""
    used, words = drawn(font, seat_map(8, 4, 1, {}), tmp_path)
    assert used == pytest.approx(49.0 + 4.0)
    back = only(words, "车尾")
    assert Y + 49.0 < back.mid_y < Y + 53.0


def test_rows_shrink_to_fit_the_box(font: Path, tmp_path: Path) -> None:
    """A 40 mm box for 2 rows: (40 - 22) / 2 = 9 mm rows, so the drawing is 40 mm and seat 5 starts at 17 + 9."""
    used, words = drawn(font, seat_map(8, 4, 0, {}), tmp_path, h=40.0)
    assert used == pytest.approx(44.0)
    five = only(words, "5")
    assert TOP + 9.0 < five.top and five.bottom < TOP + 18.0


def test_every_seat_number_is_in_its_seat(font: Path, tmp_path: Path) -> None:
    """2+2 rows: seats 1, 2 against the left wall, 3, 4 right of the aisle; 5-8 likewise in row 2."""
    _, words = drawn(font, seat_map(8, 4, 0, {}), tmp_path)
    columns = {1: 0, 2: 1, 3: 3, 4: 4, 5: 0, 6: 1, 7: 3, 8: 4}
    for number, column in columns.items():
        row_top = TOP + (0 if number <= 4 else 11.0)
        word = only(words, str(number))
        assert inside(word, seat_box(column, row_top)), (number, word)
        assert word.mid_x < seat_box(column, row_top)[0] + SEAT_W / 2  # top left corner


def test_occupants_names_are_centred_in_their_seats(font: Path, tmp_path: Path) -> None:
    """Each occupant's name is printed once, centred across its seat (to 0.3 mm), in its row."""
    occupants = {1: "马小明", 4: "李娟", 6: "王强"}
    _, words = drawn(font, seat_map(8, 4, 0, occupants), tmp_path)
    for number, column in ((1, 0), (4, 4), (6, 1)):
        word = only(words, occupants[number])
        left, top, right, bottom = seat_box(column, TOP + (0 if number <= 4 else 11.0))
        assert word.mid_x == pytest.approx((left + right) / 2, abs=0.3)
        assert top < word.top and word.bottom < bottom


def test_a_long_name_is_cut_with_an_ellipsis(font: Path, tmp_path: Path) -> None:
    """18 mm for the name: at the smallest size (5.5 pt, 1.94 mm an ideograph) 8 ideographs and … fit."""
    _, words = drawn(font, seat_map(8, 4, 0, {2: LONG}), tmp_path)
    word = only(words, LONG[:8] + "…")
    assert inside(word, seat_box(1, TOP))
    assert not any(LONG in w.text for w in words)


def test_companions_and_pickup_tags_are_marked_in_their_seats(font: Path, tmp_path: Path) -> None:
    """随 sits in each companion's seat only; a seat's tag (its pickup number) in that seat's right half."""
    smap = seat_map(8, 4, 0, {1: "马小明", 2: "马小红", 3: "李娟"})
    _, words = drawn(font, smap, tmp_path, companions=frozenset({2}), tags={1: "1站", 3: "2站"})
    mark = only(words, "随")
    assert inside(mark, seat_box(1, TOP)) and mark.mid_x > seat_box(1, TOP)[0] + SEAT_W / 2
    for tag, column in (("1站", 0), ("2站", 3)):
        word = only(words, tag)
        assert inside(word, seat_box(column, TOP)) and word.mid_x > seat_box(column, TOP)[0] + SEAT_W / 2


def test_observation_rows_say_keep_empty_below_a_band(font: Path, tmp_path: Path) -> None:
    """Last row kept empty: its 4 seats say 留空, below the band's 以下留空观察 5 mm under row 1."""
    _, words = drawn(font, seat_map(8, 4, 1, {}), tmp_path)
    band = only(words, "以下留空观察")
    assert TOP + 11.0 < band.mid_y < TOP + 16.0
    keep = [w for w in words if w.text == "留空"]
    assert len(keep) == 4
    row2 = TOP + 11.0 + 5.0
    for column in (0, 1, 3, 4):
        assert sum(inside(w, seat_box(column, row2)) for w in keep) == 1, column
    assert only(words, "5").top > row2


def test_no_observation_rows_no_keep_empty_marks(font: Path, tmp_path: Path) -> None:
    """Without observation rows nothing says 留空 and there is no band."""
    _, words = drawn(font, seat_map(8, 4, 0, {}), tmp_path)
    assert not any("留空" in w.text for w in words)
    assert "observation" not in {w.text for w in words}


def test_an_occupied_observation_seat_shows_the_name(font: Path, tmp_path: Path) -> None:
    """Someone put in the observation row: their name is shown there instead of 留空, the 3 other seats 留空."""
    _, words = drawn(font, seat_map(8, 4, 1, {6: "赵敏"}), tmp_path)
    assert inside(only(words, "赵敏"), seat_box(1, TOP + 16.0))
    assert len([w for w in words if w.text == "留空"]) == 3


# --- fit_text ---------------------------------------------------------------------------------


def test_fit_text_keeps_text_that_fits(font: Path) -> None:
    """3 ideographs at 9 pt (9.5 mm) fit 18 mm as they are, whatever the current font size."""
    pdf = new_pdf(font)
    pdf.set_font(FAMILY, "", 12)
    assert fit_text(pdf, "马小明", 18.0, 9, 5.5) == ("马小明", 9)


def test_fit_text_shrinks_by_half_points(font: Path) -> None:
    """6 ideographs: 54 pt = 19.05 mm at 9 pt is too wide for 18 mm, 51 pt = 17.99 mm at 8.5 pt fits."""
    pdf = new_pdf(font)
    pdf.set_font(FAMILY, "", 12)
    assert fit_text(pdf, LONG[:6], 18.0, 9, 5.5) == (LONG[:6], 8.5)


def test_fit_text_cuts_at_the_smallest_size(font: Path) -> None:
    """14 ideographs do not fit 18 mm even at 5.5 pt: 8 of them and … (9 x 5.5 pt = 17.5 mm) do."""
    pdf = new_pdf(font)
    assert fit_text(pdf, LONG, 18.0, 9, 5.5) == (LONG[:8] + "…", 5.5)
