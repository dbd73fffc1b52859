"""The bundled gazetteer: county and town centres for homes given by name or code.

The rows live in ``routing/data/places.csv`` (see ``routing/data/README.md``): the
centres of the origin districts and counties (6-digit adcode), the towns that are
county seats (12-digit adcode) and two destination rows in Yinchuan. Positions are
WGS-84. Every lookup is pure; the indexes behind them are built once and cached.

Names are matched exactly against a small set of keys per place, never by substring,
so a short form cannot land on a wrong place ("原州" is 原州区, "原" is nothing):

- the name as written in the data (``崆峒区(平凉市)``, ``西吉县吉强镇``);
- the name without its parenthesised part and without its administrative suffix
  (``崆峒区``, ``崆峒``);
- for a district that is the seat of a prefecture-level city, the city's name with
  and without ``市`` (``平凉市``, ``平凉``; ``固原`` for 原州区);
- for a town, its name without the county in front (``吉强镇``, ``吉强``).

A name that is no key but ends in one suffix is tried once more without it, among places
of the level the suffix belongs to: ``张家川县`` finds 张家川回族自治县, while
``城关镇`` never falls back to 城关区. County-level places win over towns when a key
names both; a key that names several places of the same level finds nothing.
"""

from __future__ import annotations

import csv
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

COUNTY_SUFFIXES = ("回族自治县", "自治县", "县", "区", "市")
TOWN_SUFFIXES = ("街道办事处", "街道", "镇", "乡")
_SUFFIXES_LONGEST_FIRST = tuple(sorted(COUNTY_SUFFIXES + TOWN_SUFFIXES, key=len, reverse=True))
ID_NUMBER_LENGTH = 18


@dataclass(frozen=True)
class GazetteerPlace:
    """A county/district centre, a county-seat town or a destination, in WGS-84.

    Attributes
    ----------
    name : str
        Chinese name as written in the data, e.g. ``崆峒区(平凉市)`` or ``西吉县吉强镇``.
    adcode : str
        6-digit county/district code or 12-digit town code (GB/T 2260 and its town extension).
    kind : str
        ``district``, ``county_seat``, ``township`` or ``destination``.
    lat, lon : float
        WGS-84 position in degrees.
    province, prefecture : str
        Province and prefecture-level city, e.g. ``宁夏回族自治区``, ``固原市``.
    name_en : str
        English label.
    seat_of : str
        For a district that is the seat of a prefecture-level city, that city (``固原市``).
    """

    name: str
    adcode: str
    kind: str
    lat: float
    lon: float
    province: str = ""
    prefecture: str = ""
    name_en: str = ""
    seat_of: str = ""


def _place(row: dict[str, str]) -> GazetteerPlace:
    """One gazetteer place from a row of places.csv."""
    return GazetteerPlace(
        name=row["name_zh"], adcode=row["adcode"], kind=row["kind"],
        lat=float(row["lat_wgs84"]), lon=float(row["lon_wgs84"]),
        province=row["province"], prefecture=row["prefecture"], name_en=row["name_en"],
        seat_of=row.get("seat_of", "") or "",
    )


@lru_cache(maxsize=1)
def places() -> tuple[GazetteerPlace, ...]:
    """All places of the bundled gazetteer, in file order."""
    text = resources.files("routing").joinpath("data/places.csv").read_text(encoding="utf-8")
    return tuple(_place(r) for r in csv.DictReader(text.splitlines()))


def _is_county_level(place: GazetteerPlace) -> bool:
    return len(place.adcode) == 6


@lru_cache(maxsize=1)
def _by_adcode() -> dict[str, GazetteerPlace]:
    return {p.adcode: p for p in places()}


def by_adcode(code: str) -> GazetteerPlace | None:
    """The place with a 6-digit county/district code or a 12-digit town code, or None."""
    return _by_adcode().get(code.strip())


@lru_cache(maxsize=1)
def counties() -> tuple[GazetteerPlace, ...]:
    """The districts and counties (6-digit adcode, destinations left out), by adcode."""
    return tuple(sorted((p for p in places() if _is_county_level(p) and p.kind != "destination"),
                        key=lambda p: p.adcode))


def towns_of(county_adcode: str) -> tuple[GazetteerPlace, ...]:
    """The towns (12-digit adcode) of a county in the gazetteer, by adcode; () when none."""
    code = county_adcode.strip()
    if len(code) != 6:
        return ()
    return tuple(sorted((p for p in places() if len(p.adcode) == 12 and p.adcode[:6] == code),
                        key=lambda p: p.adcode))


def strip_suffix(name: str) -> str:
    """Name without its administrative suffix, keeping at least two characters: 西吉县 -> 西吉, 环县 -> 环县."""
    for suffix in _SUFFIXES_LONGEST_FIRST:
        if name.endswith(suffix) and len(name) >= len(suffix) + 2:
            return name[: -len(suffix)]
    return name


def _normalise(text: str) -> str:
    """Trim, drop inner blanks and use ASCII parentheses: ' 原州区（固原）' -> '原州区(固原)'."""
    return "".join(text.replace("（", "(").replace("）", ")").split())


def _base(name: str) -> str:
    """Name without a parenthesised part: 崆峒区(平凉市) -> 崆峒区."""
    return name.split("(")[0].strip()


def _with_short(name: str) -> set[str]:
    return {name, strip_suffix(name)} if name else set()


def name_keys(place: GazetteerPlace, county_name: str = "") -> frozenset[str]:
    """The names that find a place exactly (see the module docstring).

    Parameters
    ----------
    place : GazetteerPlace
        The place.
    county_name : str, default ""
        For a town, the name of its county as written in the data, so that the town's
        own name can be cut out of ``<county><town>``.
    """
    keys = {place.name} | _with_short(_base(place.name)) | _with_short(place.seat_of)
    county = _base(county_name)
    if county and place.name.startswith(county) and len(place.name) > len(county):
        keys |= _with_short(place.name[len(county):])
    return frozenset(_normalise(k) for k in keys if k)


def build_name_index(items: tuple[GazetteerPlace, ...]) -> dict[str, tuple[GazetteerPlace, ...]]:
    """Map every name key to the places it names, in the order given."""
    county_names = {p.adcode: p.name for p in items if _is_county_level(p)}
    index: dict[str, list[GazetteerPlace]] = defaultdict(list)
    for p in items:
        for key in sorted(name_keys(p, county_names.get(p.adcode[:6], "") if len(p.adcode) == 12 else "")):
            index[key].append(p)
    return {k: tuple(v) for k, v in index.items()}


@lru_cache(maxsize=1)
def _name_index() -> dict[str, tuple[GazetteerPlace, ...]]:
    return build_name_index(places())


def name_hits(text: str, index: dict[str, tuple[GazetteerPlace, ...]]) -> tuple[GazetteerPlace, ...]:
    """The places a (normalised) name could mean: its exact key, else its suffix-less form at the suffix's level."""
    if text in index:
        return index[text]
    short = strip_suffix(text)
    if short == text or strip_suffix(short) != short or short not in index:
        return ()  # no suffix, two suffixes (西吉县县) or an unknown name
    county_level = any(text.endswith(s) for s in COUNTY_SUFFIXES)
    return tuple(p for p in index[short] if _is_county_level(p) == county_level)


def pick(hits: tuple[GazetteerPlace, ...]) -> GazetteerPlace | None:
    """The one place meant: county-level before towns; None when none or ambiguous."""
    county_level = tuple(p for p in hits if _is_county_level(p))
    chosen = county_level or hits
    return chosen[0] if len(chosen) == 1 else None


def _parts(text: str) -> tuple[str, ...]:
    """The outer name and the parenthesised name of 'A(B)'; () when the text has no such form."""
    outer, sep, rest = text.partition("(")
    inner, close, tail = rest.partition(")")
    if not sep or not close or tail or not outer or not inner:
        return ()
    return outer, inner


def find_name(text: str) -> GazetteerPlace | None:
    """Find a place by its Chinese name.

    Parameters
    ----------
    text : str
        A name with or without its administrative suffix (西吉县, 西吉, 吉强镇, 吉强), the
        prefecture-level city of a seat district (平凉, 固原市), or ``name(city)`` /
        ``city(name)`` where both halves name the same place (原州区(固原)).

    Returns
    -------
    GazetteerPlace or None
        The county-level place when the name could be a county or a town; None when the
        name is unknown or names several places.
    """
    t = _normalise(text)
    if not t:
        return None
    index = _name_index()
    hits = name_hits(t, index)
    if hits:
        return pick(hits)
    parts = _parts(t)
    if not parts:
        return None
    found = {find_name(part) for part in parts}
    return found.pop() if len(found) == 1 else None


def county_of_id_number(id_number: str) -> GazetteerPlace | None:
    """The county/district whose adcode is the first six characters of an 18-character resident ID number.

    Returns None for a number of another length or a county the gazetteer does not hold.
    The check digit is not verified here (see ``routing.roster.idcard``).
    """
    s = id_number.strip()
    if len(s) != ID_NUMBER_LENGTH:
        return None
    p = by_adcode(s[:6])
    return p if p in counties() else None


def find_county(county: str) -> GazetteerPlace | None:
    """Find a county or district by 6-digit adcode or by name (with or without suffix); None if unknown."""
    text = county.strip()
    if len(text) == 6 and text.isdigit():
        p = by_adcode(text)
    else:
        p = find_name(text)
    return p if p is not None and _is_county_level(p) else None


def find_town(county_adcode: str, township: str) -> GazetteerPlace | None:
    """Find a town of a county by name (with or without suffix); None when the gazetteer does not hold it."""
    text = _normalise(township)
    if not text:
        return None
    hits = name_hits(text, _name_index())
    towns = tuple(p for p in hits if len(p.adcode) == 12 and p.adcode[:6] == county_adcode.strip())
    return towns[0] if len(towns) == 1 else None
