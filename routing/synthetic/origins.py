"""Origin counties of the zone's returning workers: bundled weights and the gazetteer places of each.

An origin is a county or district (6-digit adcode) of the bundled gazetteer. Its weight is
the share of the zone's returning workers expected from it (``data/origin_weights.csv``,
estimates explained in ``data/README.md``). Workers of an origin live around one
place: its seat town when the gazetteer holds it, else its county centre.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources

from routing.geo import gazetteer
from routing.geo.gazetteer import GazetteerPlace

ZONE_ADCODE = "640105"


@dataclass(frozen=True)
class OriginWeight:
    """A bundled origin: county adcode, name, weight (share of returning workers, %) and why."""

    adcode: str
    name: str
    weight: float
    basis: str


@lru_cache(maxsize=1)
def origin_weights() -> tuple[OriginWeight, ...]:
    """Return the bundled origin weights (``routing/data/origin_weights.csv``) in file order."""
    text = resources.files("routing").joinpath("data/origin_weights.csv").read_text(encoding="utf-8")
    return tuple(OriginWeight(r["adcode"], r["name"], float(r["weight"]), r["basis"])
                 for r in csv.DictReader(text.splitlines()))


def bundled_weight(adcode: str) -> float | None:
    """Return the bundled weight of an origin county, or None when the file does not hold it."""
    return next((o.weight for o in origin_weights() if o.adcode == adcode), None)


@lru_cache(maxsize=1)
def counties() -> dict[str, GazetteerPlace]:
    """Return the gazetteer's counties and districts (6-digit adcodes) keyed by adcode."""
    return {p.adcode: p for p in gazetteer.counties()}


def find_origin(text: str) -> str:
    """Return the adcode of the county named by ``text``: an adcode, or a name the gazetteer knows (西吉县, 西吉,
    平凉, a county's seat town, …).

    Raises
    ------
    ValueError
        When no county of the gazetteer matches, or the name is ambiguous.
    """
    key = str(text).strip()
    if key in counties():
        return key
    place = gazetteer.find_name(key)
    if place is None or place.adcode[:6] not in counties():
        raise ValueError(f"{key!r} is not a county or district of the bundled gazetteer (or names more than one); "
                         "give its name as 西吉县 or its 6-digit adcode")
    return place.adcode[:6]


@cache
def places_of(adcode: str) -> tuple[GazetteerPlace, ...]:
    """Return the place workers of a county live around and board at: its seat town when the gazetteer holds it
    (every town it holds is a county seat), else the county centre. One place per county, so a county's people
    board at one point and fill whole coaches.
    """
    return gazetteer.towns_of(adcode)[:1] or (counties()[adcode],)


def prefecture_seat(adcode: str) -> GazetteerPlace:
    """Return the district that seats the government of a county's prefecture (the gazetteer's ``seat_of``),
    else the lowest-numbered county of the prefecture in the gazetteer.
    """
    same = sorted(a for a in counties() if a[:4] == adcode[:4])
    seats = [a for a in same if counties()[a].seat_of]
    return counties()[(seats or same)[0]]


def short_name(adcode: str) -> str:
    """Return a county's name without the parenthesised city: 崆峒区(平凉市) -> 崆峒区."""
    return counties()[adcode].name.split("(")[0].strip()
