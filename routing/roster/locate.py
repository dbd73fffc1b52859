"""Homes without coordinates, located offline from the bundled gazetteer, anywhere in China.

A home is placed, in this order:

1. at the centre of a town named in the address (``宁夏固原市西吉县吉强镇龙王坝村`` -> 吉强镇 of
   西吉县), or in the township column (``how="address"`` / ``"township"``);
2. at the seat of a county or district named in the county column or in the address
   (``how="county"`` / ``"address"``);
3. at the seat of the county whose code starts the ID number (``how="id_region"``): where the
   person was registered when the number was issued, which is usually, not always, where they
   live. A former code (a county since renamed, recoded or merged) finds today's county.

Every such home is approximate. Names in an address are found only in their full form, with
their administrative suffix (西吉县, 原州区, 固原市, 吉强镇, 南关街道), so that 同心村 or 安定路
never become 同心县 or 安定区; a county's short name counts only right before one of its towns
(西吉吉强镇). A prefecture-level city (固原市) stands for its seat district only when the address
names no county. The curated gazetteer (the zone's origins, their county-seat towns) is read first,
as it always was; an address it finds no county in is read against every county of China: a name
several counties share (鼓楼区) counts only where the province or city the address names says
which, and a two-character district (东区, 城区) only within the province or city named before it.
The gazetteer holds the towns that are county seats of the zone's origins only; an address in
another town falls back to its county.

``region`` (a ``HomeRegion``: the box a scenario covers) keeps every place outside it out of the
lookups: a county the column names twice over China is the one inside, and an ID number's
county outside gives no home (the record then says the home could not be located).
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple

from routing.geo import gazetteer
from routing.geo.gazetteer import COUNTY_SUFFIXES, TOWN_SUFFIXES, GazetteerPlace

HOW = ("address", "township", "county", "id_region")
REGION_MARGIN_DEG = 1.0  # the default home region is the curated gazetteer's bounding box widened by this much
KM_PER_DEG = 111.195  # a degree of latitude (mean Earth radius 6,371 km)
# How far beyond the access limit a scenario's region reaches: a home a little farther than any pickup point can be
# reached from is a worker out of reach (out_of_reach), not a wrong record; one farther still is a typo or a wrong
# datum, rejected.
REGION_SLACK_KM = 50.0


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


Where = gazetteer.Where


def _curated_address(text: str, where: Where | None) -> AddressPlaces:
    """What an address names among the curated places (the rules of the module docstring)."""
    keys, pattern = _keys()
    strong: list[GazetteerPlace] = []
    weak: list[GazetteerPlace] = []
    towns: list[GazetteerPlace] = []
    found = [(m.start(), m.end(), keys[m.group()]) for m in pattern.finditer(text)]
    for i, (_, end, hits) in enumerate(found):
        after = found[i + 1] if i + 1 < len(found) else None
        for k in hits:
            if where is not None and not where(k.place):
                continue
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


@dataclass(frozen=True)
class _Name:
    """A name an address may hold, nationally: the counties it names (weak: a prefecture for its seat), and the
    province (2 digits) or prefecture (6 digits) it names as context."""

    places: tuple[tuple[GazetteerPlace, bool], ...]
    province: str
    prefecture: str


@lru_cache(maxsize=1)
def _national_names() -> tuple[dict[str, _Name], dict[str, tuple[int, ...]]]:
    """Every national name, and for each first character the lengths of the names starting with it, longest
    first."""
    places = gazetteer.national_address_keys()
    provinces = gazetteer.province_names()
    prefectures = gazetteer.prefecture_name_codes()
    names = {k: _Name(places.get(k, ()), provinces.get(k, ""), prefectures.get(k, ""))
             for k in set(places) | set(provinces) | set(prefectures)}
    lengths: dict[str, set[int]] = {}
    for k in names:
        lengths.setdefault(k[0], set()).add(len(k))
    return names, {c: tuple(sorted(v, reverse=True)) for c, v in lengths.items()}


@lru_cache(maxsize=1 << 16)
def _scan(text: str) -> tuple[str, ...]:
    """The national names in a text, left to right, the longest at each place (like one regular expression of
    every name, longest first), none overlapping."""
    names, lengths = _national_names()
    out: list[str] = []
    i, n = 0, len(text)
    while i < n:
        for size in lengths.get(text[i], ()):
            if text[i:i + size] in names:
                out.append(text[i:i + size])
                i += size
                break
        else:
            i += 1
    return tuple(out)


def _within(hits: list[GazetteerPlace], provinces: set[str], prefectures: set[str]) -> list[GazetteerPlace]:
    """The places in a prefecture the address names, else those in a province it names (鼓楼区 of 南京市, not of
    徐州市, both in 江苏省)."""
    in_prefecture = [p for p in hits if gazetteer.prefecture_code(p) in prefectures
                     or p.adcode[:2] + "0000" in prefectures]
    return in_prefecture or [p for p in hits if p.adcode[:2] in provinces]


def _national_address(text: str, where: Where | None) -> AddressPlaces:
    """What an address names among every county of China (the rules of the module docstring)."""
    names, _ = _national_names()
    found = [names[k] for k in _scan(text)]
    provinces = {n.province for n in found if n.province}
    prefectures = {n.prefecture for n in found if n.prefecture}
    strong: list[GazetteerPlace] = []
    weak: list[GazetteerPlace] = []
    for key, name in zip(_scan(text), found, strict=True):
        for is_weak in (False, True):
            hits = [p for p, w in name.places if w is is_weak and (where is None or where(p))]
            if provinces or prefectures:
                hits = _within(hits, provinces, prefectures)
            elif not is_weak and len(key) == 2 and key.endswith("区"):
                hits = []  # 东区, 城区: only within the province or city named before it
            if len({p.adcode for p in hits}) == 1:
                (weak if is_weak else strong).append(hits[0])
    counties = strong or weak
    county = counties[-1] if len({p.adcode for p in counties}) == 1 or strong else None
    return AddressPlaces(county, (), county is not None and not strong)


def parse_address(address: str, where: Where | None = None) -> AddressPlaces:
    """The gazetteer county and towns an address names (see the module docstring for the rules).

    The curated places first, as they always were; when they give no county but a prefecture's seat
    (or nothing), every county of China. ``where`` keeps places for which it is false out.
    """
    text = _normalise(address)
    if not text:
        return AddressPlaces(None, ())
    curated = _curated_address(text, where)
    if curated.county is not None and not curated.city_only:
        return curated
    national = _national_address(text, where)
    if national.county is not None and not national.city_only:
        return AddressPlaces(national.county, curated.towns)
    if curated.county is not None or curated.towns:
        return curated
    return AddressPlaces(national.county, (), national.city_only)


def _at(place: GazetteerPlace, how: str, note: str = "") -> Location:
    return Location(place.lat, place.lon, place.adcode, how, label(place) + note)


def _one(places: list[GazetteerPlace]) -> GazetteerPlace | None:
    unique = {p.adcode: p for p in places}
    return next(iter(unique.values())) if len(unique) == 1 else None


def _former(id_number: str, county: GazetteerPlace) -> str:
    """For an ID number whose region code is no longer its county's: ' (ID code 510124: 郫县 until 2015)'."""
    code = id_number.strip()[:6]
    if code == county.adcode:
        return ""
    year = id_number.strip()[6:10]
    meaning = gazetteer.region_code(code, int(year) if year.isdigit() else None)
    if meaning is None:
        return ""
    return f" (ID code {code}: {meaning.name} until {meaning.last_year})"


def locate(address: str, county: str, township: str, id_number: str,
           region: HomeRegion | None = None) -> Location | None:
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
    region : HomeRegion, optional
        The region the scenario covers: places outside it are not used. Without it, all of China.

    Returns
    -------
    Location or None
        The town centre, county seat or registration county's seat used (see the module
        docstring for the order); None when nothing names a place of the gazetteer (in the region).
    """
    where = region.holds if region is not None else None
    col_county = gazetteer.find_county(county, where) if county.strip() else None
    if col_county is not None and col_county.kind == "destination":
        col_county = None
    addr = parse_address(address, where)
    id_county = gazetteer.county_of_id_number(id_number)
    if id_county is not None and where is not None and not where(id_county):
        id_county = None
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
            named = gazetteer.find_name(township, where)
            found = named if named is not None and len(named.adcode) == 12 else None
        if found is not None:
            return _at(found, "township")
    if col_county is not None:
        return _at(col_county, "county")
    if addr.county is not None:
        return _at(addr.county, "address")
    if id_county is not None:
        return _at(id_county, "id_region", _former(id_number, id_county))
    return None


class HomeRegion(NamedTuple):
    """The box homes may be in, WGS-84 degrees: ``(lat_min, lat_max, lon_min, lon_max)``."""

    lat_min: float
    lat_max: float
    lon_min: float
    lon_max: float

    def contains(self, lat: float, lon: float) -> bool:
        """True when (lat, lon) lies in the box."""
        return self.lat_min <= lat <= self.lat_max and self.lon_min <= lon <= self.lon_max

    def holds(self, place: GazetteerPlace) -> bool:
        """True when a gazetteer place's centre lies in the box."""
        return self.contains(place.lat, place.lon)


def region_around(points: Iterable[tuple[float, float]], km: float) -> HomeRegion | None:
    """The region a scenario covers: the bounding box of its places (pickup points, depots, gates; WGS-84)
    widened by ``km`` on every side (``routing.scenario.load``: the access limit, ``rules.max_access_km``, plus
    ``REGION_SLACK_KM``); None without a place.

    The longitude margin is taken at the box's edge farthest from the equator, where a degree is shortest, so
    the box holds every point within ``km`` of a place.
    """
    pts = list(points)
    if not pts:
        return None
    lat_min, lat_max = min(p[0] for p in pts), max(p[0] for p in pts)
    lon_min, lon_max = min(p[1] for p in pts), max(p[1] for p in pts)
    dlat = km / KM_PER_DEG
    edge = min(89.0, max(abs(lat_min - dlat), abs(lat_max + dlat)))
    dlon = km / (KM_PER_DEG * math.cos(math.radians(edge)))
    return HomeRegion(lat_min - dlat, lat_max + dlat, lon_min - dlon, lon_max + dlon)


@lru_cache(maxsize=1)
def home_region() -> HomeRegion:
    """The default region, for rosters checked without a scenario: the bounding box of every curated gazetteer
    place (``places.csv``: the zone's origins in Ningxia, Gansu and Shaanxi) widened by ``REGION_MARGIN_DEG``.

    A scenario's own region comes from ``region_around`` (``routing.scenario.load``).
    """
    places = gazetteer.places()
    m = REGION_MARGIN_DEG
    return HomeRegion(min(p.lat for p in places) - m, max(p.lat for p in places) + m,
                      min(p.lon for p in places) - m, max(p.lon for p in places) + m)


def in_home_region(lat: float, lon: float, region: HomeRegion | None = None) -> bool:
    """True when (lat, lon) WGS-84 lies in ``region`` (default ``home_region()``)."""
    return (region or home_region()).contains(lat, lon)
