"""Homes without coordinates, located offline from the bundled gazetteer.

A home is placed, in this order:

1. at the centre of a town named in the address (``宁夏固原市西吉县吉强镇龙王坝村`` -> 吉强镇 of
   西吉县), or in the township column (``how="address"`` / ``"township"``);
2. at the seat of a county or district named in the county column or in the address
   (``how="county"`` / ``"address"``);
3. at the seat of the county whose code starts the ID number (``how="id_region"``): where the
   person is registered, which is usually, not always, where they live.

Every such home is approximate. Names in an address are found only in their full form, with
their administrative suffix (西吉县, 原州区, 固原市, 吉强镇, 南关街道), so that 同心村 or 安定路
never become 同心县 or 安定区; a county's short name counts only right before one of its towns
(西吉吉强镇). A prefecture-level city (固原市) stands for its seat district only when the address
names no county. The gazetteer holds the home regions' county seats and the towns that are
county seats; an address in another town falls back to its county.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from routing.geo import gazetteer
from routing.geo.gazetteer import COUNTY_SUFFIXES, TOWN_SUFFIXES, GazetteerPlace

HOW = ("address", "township", "county", "id_region")
REGION_MARGIN_DEG = 1.0  # the home region is the gazetteer's bounding box widened by this much


@dataclass(frozen=True)
class Location:
    """Where a home was placed, in WGS-84 degrees.

    Attributes
    ----------
    lat, lon : float
        WGS-84 position of the place used.
    adcode : str
        The place's code: 6 digits for a county or district, 12 for a town.
    how : str
        ``address``, ``township``, ``county`` or ``id_region`` (which field the place came from).
    label : str
        The place's name, e.g. ``西吉县吉强镇`` or ``原州区``.
    """

    lat: float
    lon: float
    adcode: str
    how: str
    label: str


@dataclass(frozen=True)
class _Key:
    """A name that may stand in an address, and the place it names."""

    place: GazetteerPlace
    town: bool  # a town (12-digit code) rather than a county or district
    weak: bool  # a prefecture-level city standing for its seat district (固原市 -> 原州区)
    short: bool  # a county's name without its suffix: counts only right before one of its towns


def label(place: GazetteerPlace) -> str:
    """A place's name without a parenthesised part: 崆峒区(平凉市) -> 崆峒区."""
    return place.name.split("(")[0]


def _full_names(place: GazetteerPlace) -> list[tuple[str, bool]]:
    """(name, weak) of a county-level place in its full forms: 原州区, 固原市 (weak)."""
    base = label(place)
    names = [(base, False)] if base.endswith(COUNTY_SUFFIXES) else []
    if place.seat_of:
        names.append((place.seat_of, True))
    return names


def _town_names(town: GazetteerPlace, county: GazetteerPlace | None) -> list[str]:
    """A town's full names without its county: 吉强镇; 南关街道办事处 and 南关街道."""
    name = label(town)
    if county is not None and name.startswith(label(county)):
        name = name[len(label(county)):]
    names = [name]
    if name.endswith("街道办事处"):
        names.append(name.removesuffix("办事处"))
    return [n for n in names if n.endswith(TOWN_SUFFIXES) and len(n) >= 2]


@lru_cache(maxsize=1)
def _keys() -> tuple[dict[str, list[_Key]], re.Pattern[str]]:
    """Every name an address is searched for, and one pattern finding them, longest first."""
    keys: dict[str, list[_Key]] = {}
    county_level = [p for p in gazetteer.places() if len(p.adcode) == 6 and p.kind != "destination"]
    for p in county_level:
        for name, weak in _full_names(p):
            keys.setdefault(name, []).append(_Key(p, False, weak, False))
        short = gazetteer.strip_suffix(label(p))
        if short != label(p) and len(short) >= 2:
            keys.setdefault(short, []).append(_Key(p, False, False, True))
    for p in gazetteer.places():
        if len(p.adcode) == 12:
            for name in _town_names(p, gazetteer.by_adcode(p.adcode[:6])):
                keys.setdefault(name, []).append(_Key(p, True, False, False))
    pattern = re.compile("|".join(re.escape(k) for k in sorted(keys, key=lambda k: (-len(k), k))))
    return keys, pattern


@dataclass(frozen=True)
class AddressPlaces:
    """What an address names: its county (or None) and the towns it names (possibly ambiguous)."""

    county: GazetteerPlace | None
    towns: tuple[GazetteerPlace, ...]
    city_only: bool = False  # the county stands for a prefecture-level city the address names (固原市 -> 原州区)


def _normalise(text: str) -> str:
    return "".join(text.replace("（", "(").replace("）", ")").split())


def parse_address(address: str) -> AddressPlaces:
    """The gazetteer county and towns an address names (see the module docstring for the rules)."""
    text = _normalise(address)
    if not text:
        return AddressPlaces(None, ())
    keys, pattern = _keys()
    strong: list[GazetteerPlace] = []
    weak: list[GazetteerPlace] = []
    towns: list[GazetteerPlace] = []
    found = [(m.start(), m.end(), keys[m.group()]) for m in pattern.finditer(text)]
    for i, (_, end, hits) in enumerate(found):
        after = found[i + 1] if i + 1 < len(found) else None
        for k in hits:
            if k.town:
                towns.append(k.place)
            elif k.short:
                # a county's short name only right before one of its own towns: 西吉吉强镇
                if after and after[0] == end and any(t.town and t.place.adcode[:6] == k.place.adcode
                                                     for t in after[2]):
                    strong.append(k.place)
            elif k.weak:
                weak.append(k.place)
            else:
                strong.append(k.place)
    counties = strong or weak
    county = counties[-1] if len({p.adcode for p in counties}) == 1 or strong else None
    return AddressPlaces(county, tuple(dict.fromkeys(towns)), county is not None and not strong)


def _at(place: GazetteerPlace, how: str) -> Location:
    return Location(place.lat, place.lon, place.adcode, how, label(place))


def _one(places: list[GazetteerPlace]) -> GazetteerPlace | None:
    unique = {p.adcode: p for p in places}
    return next(iter(unique.values())) if len(unique) == 1 else None


def locate(address: str, county: str, township: str, id_number: str) -> Location | None:
    """Place a home without coordinates at a gazetteer centre (offline).

    Parameters
    ----------
    address : str
        Home address as written (may be ""), e.g. ``宁夏固原市西吉县吉强镇龙王坝村``.
    county : str
        County or district as written, by name or 6-digit code (may be "").
    township : str
        Town or township as written (may be "").
    id_number : str
        The resident ID number; its first 6 digits are the county of registration (may be "").

    Returns
    -------
    Location or None
        The town centre, county seat or registration county's seat used (see the module
        docstring for the order); None when nothing names a place of the gazetteer.
    """
    col_county = gazetteer.find_county(county) if county.strip() else None
    if col_county is not None and col_county.kind == "destination":
        col_county = None
    addr = parse_address(address)
    id_county = gazetteer.county_of_id_number(id_number)
    if addr.city_only and addr.county is not None and id_county is not None \
            and id_county.adcode[:4] == addr.county.adcode[:4]:
        addr = AddressPlaces(id_county, addr.towns)  # "宁夏固原市…" and an ID from 隆德县: 隆德县, not 原州区
    context = col_county or addr.county or id_county  # the county towns must belong to

    towns = [t for t in addr.towns if context is None or t.adcode[:6] == context.adcode]
    if not towns and context is not None and context is id_county and col_county is None and addr.county is None:
        towns = list(addr.towns)  # the ID's county of registration does not rule out a town named outright
    town = _one(towns)
    if town is not None:
        return _at(town, "address")
    if township.strip():
        found = gazetteer.find_town(context.adcode, township) if context is not None else None
        if found is None and col_county is None and addr.county is None:
            named = gazetteer.find_name(township)
            found = named if named is not None and len(named.adcode) == 12 else None
        if found is not None:
            return _at(found, "township")
    if col_county is not None:
        return _at(col_county, "county")
    if addr.county is not None:
        return _at(addr.county, "address")
    if id_county is not None:
        return _at(id_county, "id_region")
    return None


@lru_cache(maxsize=1)
def home_region() -> tuple[float, float, float, float]:
    """(lat_min, lat_max, lon_min, lon_max) of the region homes may be in, WGS-84 degrees.

    The bounding box of every gazetteer place widened by ``REGION_MARGIN_DEG``.
    """
    places = gazetteer.places()
    m = REGION_MARGIN_DEG
    return (min(p.lat for p in places) - m, max(p.lat for p in places) + m,
            min(p.lon for p in places) - m, max(p.lon for p in places) + m)


def in_home_region(lat: float, lon: float) -> bool:
    """True when (lat, lon) WGS-84 lies in ``home_region()``."""
    lat_min, lat_max, lon_min, lon_max = home_region()
    return lat_min <= lat <= lat_max and lon_min <= lon <= lon_max
