"""routing.outputs.problems: roster_clean.csv names its coordinate system, masks ID numbers and phones (the
companions' too) unless --full-id, and reads back as a roster without shifting a home."""

from __future__ import annotations

import csv
import dataclasses
import shutil
from pathlib import Path

from routing.model import Scenario
from routing.outputs.problems import CLEAN_COLUMNS, write_clean_roster
from routing.privacy import mask_id_number, mask_phone
from routing.scenario.load import load_scenario
from tests.helpers import GUYUAN, make_tiny_scenario

COMPANION_ID = "640402201503030020"


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as f:
        return list(csv.DictReader(f))


def _tiny() -> Scenario:
    sc = make_tiny_scenario()
    w1 = dataclasses.replace(sc.workers[0], companion_id_numbers=(COMPANION_ID,), companion_phones=("13995120001",),
                             companion_health_codes=("green",), companion_health_certs=(True,))
    return dataclasses.replace(sc, workers=(w1, *sc.workers[1:]))


def test_the_header_names_the_coordinate_system(tmp_path: Path) -> None:
    """lat_wgs84 and lon_wgs84, never a bare lat/lon that a GCJ-02 scenario would convert a second time."""
    path = write_clean_roster(_tiny(), tmp_path / "roster_clean.csv")
    header = path.read_text(encoding="utf-8-sig").splitlines()[0]
    assert header == ",".join(CLEAN_COLUMNS)
    assert "lat_wgs84,lon_wgs84" in header and ",lat," not in header


def test_id_numbers_and_phones_are_masked_unless_full_id(tmp_path: Path) -> None:
    """The worker's and the companion's ID number and phone: masked by default, whole with full_id."""
    sc = _tiny()
    w = sc.workers[0]
    masked = _rows(write_clean_roster(sc, tmp_path / "a.csv"))[0]
    assert (masked["id_number"], masked["phone"]) == (mask_id_number(w.id_number), mask_phone(w.phone))
    assert (masked["companion_id_numbers"], masked["companion_phones"]) == (mask_id_number(COMPANION_ID),
                                                                            mask_phone("13995120001"))
    assert COMPANION_ID not in (tmp_path / "a.csv").read_text(encoding="utf-8-sig")
    full = _rows(write_clean_roster(sc, tmp_path / "b.csv", full_id=True))[0]
    assert (full["id_number"], full["companion_id_numbers"], full["companion_phones"]) == (
        w.id_number, COMPANION_ID, "13995120001")
    assert (full["companion_health_codes"], full["companion_health_certs"]) == ("green", "yes")


def test_roster_clean_as_the_roster_of_a_gcj02_scenario_keeps_every_home(tmp_path: Path) -> None:
    """Guyuan (GCJ-02): its roster_clean.csv (--full-id) as workers.csv gives the same workers at the same homes,
    to a millionth of a degree (a second GCJ-02 conversion would move them by some 500 m)."""
    original = load_scenario(GUYUAN)
    folder = tmp_path / "again"
    shutil.copytree(GUYUAN, folder)
    write_clean_roster(original, folder / "workers.csv", full_id=True)
    again = load_scenario(folder)
    assert again.coord_system == "GCJ02" and len(again.workers) == len(original.workers) and again.rejected == ()
    before = {w.id: w for w in original.workers}
    for w in again.workers:
        b = before[w.id]
        assert abs(w.lat - b.lat) < 1e-6 and abs(w.lon - b.lon) < 1e-6, w.id
        assert (w.id_number, w.employer_id, w.health_code, w.health_cert, w.companions) == (
            b.id_number, b.employer_id, b.health_code, b.health_cert, b.companions)
