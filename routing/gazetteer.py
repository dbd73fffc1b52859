"""The bundled gazetteer: county and town centres for homes given by name."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources


@dataclass(frozen=True)
class GazetteerPlace:
    """A county/district centre or a county-seat town, in WGS-84."""

    name: str
    adcode: str
    kind: str
    lat: float
    lon: float


_SUFFIXES = ("回族自治县", "自治县", "县", "区", "市", "镇", "乡", "街道办事处", "街道")


def _short(name: str) -> str:
    """Name without its administrative suffix or a parenthesised city: 西吉县 -> 西吉."""
    name = name.split("(")[0].strip()
    for suffix in _SUFFIXES:
        if name.endswith(suffix) and len(name) > len(suffix) + 1:
            return name[: -len(suffix)]
    return name


@lru_cache(maxsize=1)
def places() -> tuple[GazetteerPlace, ...]:
    """All places of the bundled gazetteer."""
    text = resources.files("routing").joinpath("data/places.csv").read_text(encoding="utf-8")
    return tuple(
        GazetteerPlace(r["name_zh"], r["adcode"], r["kind"], float(r["lat_wgs84"]), float(r["lon_wgs84"]))
        for r in csv.DictReader(text.splitlines())
    )


def find_county(county: str) -> GazetteerPlace | None:
    """Find a county or district by 6-digit adcode or by name (with or without suffix)."""
    county = county.strip()
    for p in places():
        if len(p.adcode) != 6:
            continue
        if county == p.adcode or county == p.name.split("(")[0] or _short(county) == _short(p.name):
            return p
    return None


def find_town(county_adcode: str, township: str) -> GazetteerPlace | None:
    """Find a town of a county by name; None when the gazetteer does not hold it."""
    township = township.strip()
    if not township:
        return None
    for p in places():
        if len(p.adcode) == 12 and p.adcode.startswith(county_adcode) and _short(township) in p.name:
            return p
    return None
