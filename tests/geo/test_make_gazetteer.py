"""tools/make_gazetteer.py: how a code of another year is followed to today's county, on small made-up lists."""

from __future__ import annotations

import pytest

from tools import make_gazetteer as mg

U = mg.Unit


def _years(*lists: dict[str, tuple[str, str]]) -> dict[int, dict[str, mg.Unit]]:
    """Lists of (code -> (name, prefecture code)) for consecutive years ending in 2024, all in one province."""
    first = mg.TODAY - len(lists) + 1
    return {first + k: {c: U(c, n, p, "某市", "某省") for c, (n, p) in units.items()} for k, units in enumerate(lists)}


def _follow(years: dict[int, dict[str, mg.Unit]],
            events: dict[tuple[str, str], list[tuple[int, str, str]]] | None = None,
            old_centre: dict[str, tuple[float, float]] | None = None) -> dict[tuple[int, str], tuple[str, str]]:
    today = years[mg.TODAY]
    centre = {"510117": (30.8, 103.9), "510104": (30.6, 104.1), "510105": (30.7, 104.0)}
    seat = mg.seats(today, centre, {"510100": (30.66, 104.07)})
    return mg.follow(years, today, seat, centre, old_centre or {}, events or {})


def test_the_same_code_renamed_in_place_is_the_same_county() -> None:
    out = _follow(_years({"510104": ("锦江县", "510100")}, {"510104": ("锦江区", "510100")}))
    assert out[(2023, "510104")] == ("510104", "same")


def test_a_new_code_with_the_same_name_is_a_recoding() -> None:
    out = _follow(_years({"512101": ("锦江区", "512100")}, {"510104": ("锦江区", "510100")}))
    assert out[(2023, "512101")] == ("510104", "recoded")


def test_a_new_code_whose_name_starts_with_the_old_stem_is_a_renaming() -> None:
    """郫县 510124 -> 郫都区 510117."""
    out = _follow(_years({"510124": ("郫县", "510100"), "510104": ("锦江区", "510100")},
                         {"510117": ("郫都区", "510100"), "510104": ("锦江区", "510100")}))
    assert out[(2023, "510124")] == ("510117", "renamed")


def test_a_merge_follows_a_change_event_else_the_nearest_centre_else_the_seat() -> None:
    lists = ({"510103": ("某甲区", "510100"), "510104": ("锦江区", "510100"), "510105": ("青羊区", "510100")},
             {"510104": ("锦江区", "510100"), "510105": ("青羊区", "510100")})
    by_event = _follow(_years(*lists), events={("510103", "某甲区"): [(2024, "510105", "青羊区")]})
    assert by_event[(2023, "510103")] == ("510105", "merged, by a change event")
    nearest = _follow(_years(*lists), old_centre={"510103": (30.69, 104.01)})
    assert nearest[(2023, "510103")] == ("510105", "merged, nearest centre")
    seat = _follow(_years(*lists))
    assert seat[(2023, "510103")] == ("510104", "merged, prefecture seat")  # 锦江区 nearest the city centre


def test_the_least_certain_step_of_a_chain_is_kept() -> None:
    """Recoded in 2022, merged by an event in 2024: merged."""
    years = _years({"512101": ("某甲区", "512100")}, {"510103": ("某甲区", "510100"), "510104": ("锦江区", "510100")},
                   {"510104": ("锦江区", "510100")})
    out = _follow(years, events={("510103", "某甲区"): [(2024, "510104", "锦江区")]})
    assert out[(2022, "512101")] == ("510104", "merged, by a change event")


@pytest.mark.parametrize(("name", "short"), [("松桃苗族自治县", "松桃"), ("郫都区", "郫都"), ("达拉特旗", "达拉特"),
                                             ("莫力达瓦达斡尔族自治旗", "莫力达瓦"), ("环县", "环"), ("察布查尔锡伯自治县", "察布查尔")])
def test_stems(name: str, short: str) -> None:
    assert mg.stem(name) == short
