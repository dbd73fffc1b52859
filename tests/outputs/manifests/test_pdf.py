"""PDF manifests with a seat map, read back for real with poppler (pdftotext, pdffonts, pdftoppm)."""

from __future__ import annotations

import dataclasses
import logging
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from PIL import Image

from routing.errors import FontNotFound
from routing.model import Employer, Scenario
from routing.outputs import fonts
from routing.outputs.fonts import find_cjk_font
from routing.outputs.manifests import pdf as manifest_pdf
from routing.outputs.manifests.pdf import COPY_FULL, COPY_MASKED, render_manifest_pdf, write_manifest_pdfs
from routing.pipeline import make_plan
from routing.plan.model import Assignment, Plan
from routing.scenario.load import load_scenario
from tests.helpers import GUYUAN

LONG_EMPLOYER = "宁夏银川经济技术开发区新能源新材料装备制造产业园区第二期厂房隆基绿能科技股份有限公司硅片事业部第三工厂"
ODD_NAME = """<script>alert("x")</script> O'Neil & 马"""


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        pytest.fail(f"{name} not found: install the Debian package poppler-utils (apt-get install poppler-utils)")
    return path


def _run(*cmd: str) -> str:
    return subprocess.run([_tool(cmd[0]), *cmd[1:]], check=True, capture_output=True, text=True).stdout


def _text(path: Path, page: int | None = None, mode: str = "-layout") -> str:
    pages = ["-f", str(page), "-l", str(page)] if page else []
    return _run("pdftotext", mode, *pages, str(path), "-")


def _flat(text: str) -> str:
    """Text without whitespace: pdftotext drops or adds spaces next to Chinese characters."""
    return re.sub(r"\s+", "", text)


def _pages(path: Path) -> int:
    found = re.search(r"^Pages:\s+(\d+)", _run("pdfinfo", str(path)), re.MULTILINE)
    assert found, path
    return int(found.group(1))


@pytest.fixture(scope="module")
def guyuan() -> tuple[Plan, Scenario]:
    """The Guyuan batch, planned once for this module."""
    scenario = load_scenario(GUYUAN)
    return make_plan(scenario, jobs=2), scenario


@pytest.fixture(scope="module")
def masked(guyuan: tuple[Plan, Scenario], tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    """The masked archive copies of every Guyuan coach."""
    plan, scenario = guyuan
    return write_manifest_pdfs(plan, scenario, tmp_path_factory.mktemp("masked") / "pdf")


@pytest.fixture(scope="module")
def full(guyuan: tuple[Plan, Scenario], tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    """The boarding copies with full ID numbers."""
    plan, scenario = guyuan
    return write_manifest_pdfs(plan, scenario, tmp_path_factory.mktemp("full"), full_id=True)


def _people(plan: Plan, scenario: Scenario, bus_id: str) -> list[tuple[str, str, str]]:
    """(name, ID number, phone) of the workers (not companions) on a coach."""
    out = []
    for a in plan.assignments_of(bus_id):
        w = scenario.worker(a.worker_id)
        if a.companion_of is None and w is not None:
            out.append((w.name, w.id_number, w.phone))
    return out


def test_one_pdf_per_coach_in_plan_order_on_a4(guyuan: tuple[Plan, Scenario], masked: list[Path]) -> None:
    """write_manifest_pdfs writes <bus_id>.pdf for every coach, A4 portrait, at least two pages."""
    plan, _ = guyuan
    assert [p.name for p in masked] == [f"{b.id}.pdf" for b in plan.buses]
    for path in masked:
        info = _run("pdfinfo", str(path))
        assert re.search(r"Page size:\s+595\.\d* x 841\.\d* pts \(A4\)", info), info
        assert _pages(path) >= 2


def test_masked_copy_has_names_masked_ids_and_phones_but_no_full_numbers(
    guyuan: tuple[Plan, Scenario], masked: list[Path]
) -> None:
    """Every worker's name, ID as first 6 + **** + last 4 and phone as 3 + 4 come back; full numbers do not."""
    plan, scenario = guyuan
    for bus, path in zip(plan.buses, masked):
        text = _text(path)
        people = _people(plan, scenario, bus.id)
        assert people
        for name, idn, phone in people:
            assert name in text
            assert f"{idn[:6]}{'*' * 8}{idn[-4:]}" in text
            assert f"{phone[:3]}****{phone[-4:]}" in text
            assert idn not in text and phone not in text
        assert COPY_MASKED in text and COPY_FULL not in text


def test_full_copy_prints_full_numbers_and_says_so(guyuan: tuple[Plan, Scenario], full: list[Path]) -> None:
    """--full-id: the 18-digit ID numbers and phones are printed and the header names the boarding copy."""
    plan, scenario = guyuan
    text = _text(full[0])
    for _, idn, phone in _people(plan, scenario, plan.buses[0].id):
        assert idn in text and phone in text
    assert COPY_FULL in text and COPY_MASKED not in text


def test_companions_are_marked(guyuan: tuple[Plan, Scenario], masked: list[Path]) -> None:
    """A companion's row says 随行 and the worker's id."""
    plan, _ = guyuan
    for bus, path in zip(plan.buses, masked):
        for a in plan.assignments_of(bus.id):
            if a.companion_of:
                assert f"随行 {a.companion_of}" in _text(path)
                return
    pytest.fail("the Guyuan plan has no companion")


def test_page_numbers_count_the_pages(masked: list[Path]) -> None:
    """Every page's foot says 第 N 页 共 M 页 with the real page count."""
    path = masked[0]
    n = _pages(path)
    for page in range(1, n + 1):
        assert f"第{page}页共{n}页" in _flat(_text(path, page))


def test_header_has_crew_route_and_limits(guyuan: tuple[Plan, Scenario], masked: list[Path]) -> None:
    """The first page names date, coach, plate, seats and limit, drivers and escort with phones, and the pickups."""
    plan, scenario = guyuan
    bus = plan.buses[0]
    text = _text(masked[0], 1)
    assert plan.scenario.date.isoformat() in text and bus.id in text and bus.plate in text
    assert f"{bus.seats}座/限载{bus.capacity}人" in _flat(text)
    crew = scenario.crew_of(bus.plate, "driver") + scenario.crew_of(bus.plate, "escort")
    assert crew, "the Guyuan scenario has a crew.csv"
    for m in crew:
        assert m.name in text and m.phone in text
    for stop in bus.stops:
        if stop.kind in ("pickup", "dropoff"):
            assert stop.name in text


def test_the_chinese_font_is_embedded(masked: list[Path]) -> None:
    """pdffonts lists the Noto CJK subsets, embedded, with a Unicode map."""
    lines = _run("pdffonts", str(masked[0])).splitlines()[2:]
    assert len(lines) == 2
    for line in lines:
        assert "CJK" in line
        assert re.search(r"\s+yes\s+yes\s+yes\s+\d+\s+\d+$", line), line


def test_pages_render_with_ink(masked: list[Path], tmp_path: Path) -> None:
    """pdftoppm draws every page with a good share of dark pixels (a blank or broken page has none)."""
    path = masked[0]
    subprocess.run([_tool("pdftoppm"), "-r", "50", "-png", str(path), str(tmp_path / "p")], check=True)
    pngs = sorted(tmp_path.glob("p-*.png"))
    assert len(pngs) == _pages(path)
    for png in pngs:
        gray = Image.open(png).convert("L")
        dark = sum(gray.histogram()[:200])
        assert dark > 0.01 * gray.width * gray.height, png


def test_seat_map_page_numbers_every_seat_and_marks_the_empty_rows(
    guyuan: tuple[Plan, Scenario], masked: list[Path]
) -> None:
    """Page 1 has the seat map: every seat number, the passengers' names, 留空 on the observation rows."""
    plan, scenario = guyuan
    bus = plan.buses[0]
    text = _text(masked[0], 1)
    tokens = set(text.split())
    assert {str(n) for n in range(1, bus.seats + 1)} <= tokens
    assert "留空" in text and "司机" in text and "车门" in text
    for name, _, _ in _people(plan, scenario, bus.id):
        assert name in text


def test_same_plan_same_bytes(guyuan: tuple[Plan, Scenario]) -> None:
    """The creation date comes from the plan: two renderings are byte-identical."""
    plan, scenario = guyuan
    bus_id = plan.buses[-1].id
    assert render_manifest_pdf(plan, scenario, bus_id) == render_manifest_pdf(plan, scenario, bus_id)


def _crowded(plan: Plan, scenario: Scenario, n: int) -> tuple[Plan, Scenario]:
    """The tiny plan with n more workers on coach C45-2, one with an odd name, all with a very long employer."""
    template = scenario.workers[2]
    new = [
        dataclasses.replace(template, id=f"Q{100 + i}", name=ODD_NAME if i == 0 else f"欧阳{'一二三四五六七八九十'[i % 10]}",
                            id_number=f"64042219900101{1000 + i}", employer_id="E9")
        for i in range(n)
    ]
    free = [s for s in range(1, 37) if s not in {a.seat for a in plan.assignments_of("C45-2")}]
    seats = [Assignment(w.id, "C45-2", seat, "P-XJ", "G1", 1.0) for w, seat in zip(new, free)]
    bus = plan.bus("C45-2")
    stops = tuple(
        dataclasses.replace(s, board=s.board + tuple(w.id for w in new)) if s.kind == "pickup"
        else dataclasses.replace(s, alight=s.alight + tuple(w.id for w in new)) if s.place_id == "G1" else s
        for s in bus.stops
    )
    plan = dataclasses.replace(plan, buses=(plan.buses[0], dataclasses.replace(bus, stops=stops)),
                               assignments=plan.assignments + tuple(seats))
    employers = scenario.employers + (Employer("E9", LONG_EMPLOYER, "G1"),)
    return plan, dataclasses.replace(scenario, workers=scenario.workers + tuple(new), employers=employers)


def test_a_long_list_repeats_the_column_heads_and_odd_text_comes_back(
    tiny_plan: Plan, tiny_scenario: Scenario, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """32 passengers take several table pages, each with the column heads and the pickup point again;
    an odd name and a very long employer wrap inside their cells, come back whole, and miss no glyph."""
    plan, scenario = _crowded(tiny_plan, tiny_scenario, 32)
    with caplog.at_level(logging.WARNING):
        path = tmp_path / "C45-2.pdf"
        path.write_bytes(render_manifest_pdf(plan, scenario, "C45-2"))
    assert not [r for r in caplog.records if "missing" in r.getMessage()]
    n = _pages(path)
    assert n >= 4
    for page in range(2, n):
        text = _text(path, page)
        assert "身份证号 ID no." in text and "签名" in text and "西吉县城" in text, page
    assert "continued" in _text(path, 3)
    raw = _flat(_text(path, mode="-raw"))
    assert LONG_EMPLOYER in raw
    assert _flat(ODD_NAME) in raw
    assert "共34人" in _flat(_text(path, n))


def test_an_empty_coach_still_gets_a_manifest(tiny_plan: Plan, tiny_scenario: Scenario, tmp_path: Path) -> None:
    """A coach with nobody on it prints its header, seat map and 无乘客."""
    plan = dataclasses.replace(tiny_plan, assignments=tuple(a for a in tiny_plan.assignments if a.bus_id != "C45-2"))
    path = tmp_path / "empty.pdf"
    path.write_bytes(render_manifest_pdf(plan, tiny_scenario, "C45-2"))
    text = _text(path)
    assert "无乘客" in text and "共0人" in _flat(text) and "宁A·D8102" in text


def test_no_crew_leaves_lines_to_write_on(tiny_plan: Plan, tiny_scenario: Scenario, tmp_path: Path) -> None:
    """Without a crew.csv the drivers (two on this coach) and the escort get blank lines."""
    path = tmp_path / "c.pdf"
    path.write_bytes(render_manifest_pdf(tiny_plan, tiny_scenario, "C45-1"))
    assert _text(path, 1).count("姓名 ____") == 3


def test_without_a_chinese_font_the_error_says_what_to_install(
    tiny_plan: Plan, tiny_scenario: Scenario, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A font path that does not exist raises FontNotFound (exit code 3), not a crash inside fpdf2."""
    monkeypatch.setenv(fonts.ENV_VAR, "/nowhere/font.ttc")
    find_cjk_font.cache_clear()
    try:
        with pytest.raises(FontNotFound, match="/nowhere/font.ttc"):
            render_manifest_pdf(tiny_plan, tiny_scenario, "C45-1")
    finally:
        find_cjk_font.cache_clear()


def test_a_font_without_bold_face_still_prints(
    tiny_plan: Plan, tiny_scenario: Scenario, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """RETURNBUS_CJK_FONT naming one face (no bold): headings use it too and every text comes back."""
    monkeypatch.setenv(fonts.ENV_VAR, "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc#2")
    find_cjk_font.cache_clear()
    try:
        path = tmp_path / "one-face.pdf"
        path.write_bytes(render_manifest_pdf(tiny_plan, tiny_scenario, "C45-1"))
    finally:
        find_cjk_font.cache_clear()
    text = _text(path)
    assert "乘客名单" in text and "马小明" in text and "随行 W1" in text


def test_a_seat_off_the_coach_names_the_coach(tiny_plan: Plan, tiny_scenario: Scenario) -> None:
    """A plan seating someone on seat 46 of a 45-seat coach is refused with the coach's id."""
    bad = tuple(dataclasses.replace(a, seat=46) if a.worker_id == "W2" else a for a in tiny_plan.assignments)
    with pytest.raises(ValueError, match=r"coach C45-1: seats \[46\]"):
        render_manifest_pdf(dataclasses.replace(tiny_plan, assignments=bad), tiny_scenario, "C45-1")


def test_truetype_fonts_with_composite_glyphs_are_flattened(tmp_path: Path) -> None:
    """A TrueType source (as Windows' msyh.ttc) subsets too: composite glyphs (é = e + accent) become outlines."""
    from fontTools import ttLib

    from routing.outputs.font_subset import subset_font

    source = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
    if not source.is_file():
        pytest.skip("DejaVu Sans (fonts-dejavu-core) is not installed")
    font = ttLib.TTFont(subset_font(source, 0, "éÅb", tmp_path / "s.ttf"))
    glyf = font["glyf"]
    assert set(font.getBestCmap()) == {ord("é"), ord("Å"), ord("b")}
    assert all(not glyf[n].isComposite() for n in font.getGlyphOrder())
    assert glyf[font.getBestCmap()[ord("é")]].numberOfContours == 3


def test_forked_workers_write_the_same_files(guyuan: tuple[Plan, Scenario], masked: list[Path],
                                             tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Two processes drawing (threshold lowered to this batch) give byte-identical PDFs, named by ``stem``."""
    plan, scenario = guyuan
    monkeypatch.setattr(manifest_pdf, "PARALLEL_FROM", 2)
    paths = manifest_pdf.write_manifest_pdfs(plan, scenario, tmp_path, stem=lambda b: f"{b}-x", jobs=2)
    assert [p.name for p in paths] == [f"{b.id}-x.pdf" for b in plan.buses]
    assert [p.read_bytes() for p in paths] == [p.read_bytes() for p in masked]
