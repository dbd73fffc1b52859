"""Origin counties of the zone's returning workers: bundled weights and the gazetteer places of each.

An origin is a county or district (6-digit adcode) of the bundled gazetteer. Its weight is
the share of the zone's returning workers expected from it (``data/origin_weights.csv``,
estimates explained in ``data/README.md``). Workers of an origin live around its places:
the county centre and the towns of the gazetteer whose 12-digit adcode starts with the
county's six digits.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources

from . import gazetteer
from .gazetteer import GazetteerPlace

ZONE_ADCODE = "640105"
_SUFFIXES = ("回族自治县", "自治县", "县", "区", "市")


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
    return {p.adcode: p for p in gazetteer.places() if len(p.adcode) == 6}


def _short(name: str) -> str:
    """Name without an administrative suffix: 西吉县 -> 西吉, 平凉市 -> 平凉."""
    for suffix in _SUFFIXES:
        if name.endswith(suffix) and len(name) > len(suffix) + 1:
            return name[: -len(suffix)]
    return name


def _names(place: GazetteerPlace) -> set[str]:
    """Every spelling that names a county: 崆峒区(平凉市) -> 崆峒区, 崆峒, 平凉市, 平凉 and the full name."""
    own, _, city = place.name.partition("(")
    city = city.rstrip(")").split(",")[0].strip()
    names = {place.name, own.strip(), _short(own.strip())}
    if city:
        names |= {city, _short(city)}
    return names


@lru_cache(maxsize=1)
def _index() -> dict[str, tuple[str, ...]]:
    """Adcodes named by each spelling (more than one when a spelling is ambiguous)."""
    index: dict[str, list[str]] = {}
    for adcode, place in sorted(counties().items()):
        for name in _names(place):
            index.setdefault(name, []).append(adcode)
    return {k: tuple(v) for k, v in index.items()}


def find_origin(text: str) -> str:
    """Return the adcode of the county named by ``text`` (adcode, full name or short name).

    Raises
    ------
    ValueError
        When no county or more than one matches.
    """
    key = str(text).strip()
    if key in counties():
        return key
    found = _index().get(key) or _index().get(_short(key), ())
    if not found:
        raise ValueError(f"{key!r} is not a county or district of the bundled gazetteer")
    if len(found) > 1:
        raise ValueError(f"{key!r} names more than one county ({', '.join(found)}); give the adcode")
    return found[0]


@cache
def places_of(adcode: str) -> tuple[GazetteerPlace, ...]:
    """Return the places workers of a county live around: its centre, then its towns by adcode."""
    towns = sorted((p for p in gazetteer.places() if len(p.adcode) == 12 and p.adcode.startswith(adcode)),
                   key=lambda p: p.adcode)
    return (counties()[adcode], *towns)


def prefecture_seat(adcode: str) -> GazetteerPlace:
    """Return the seat of a county's prefecture: the gazetteer district ``<first 4 digits>02``, else the lowest
    district of the prefecture, else the county itself.
    """
    same = sorted(a for a in counties() if a[:4] == adcode[:4])
    seat = adcode[:4] + "02"
    return counties()[seat if seat in same else same[0]]


def short_name(adcode: str) -> str:
    """Return a county's name without the parenthesised city: 崆峒区(平凉市) -> 崆峒区."""
    return counties()[adcode].name.split("(")[0].strip()
