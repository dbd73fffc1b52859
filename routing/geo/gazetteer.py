"""The bundled gazetteer: county and town centres for homes given by name or code, anywhere in China.

Two layers, both in ``routing/data/`` (see ``routing/data/README.md``); positions are WGS-84:

- ``places.csv``, the curated rows (``places()``, ``counties()``, ``towns_of()``): the centres of
  the zone's origin districts and counties in Ningxia, Gansu and Shaanxi (6-digit adcode), the
  towns that are county seats (12-digit adcode) and two destination rows in Yinchuan;
- ``counties.csv``, every county-level division of China (``national()``): 2,846 counties,
  districts, banners and county-level cities of 2024, the four prefecture-level cities without
  counties (东莞, 中山, 儋州, 嘉峪关) and Hong Kong, Macao and Taiwan as one place each; and
  ``region_codes.csv``, every other region code of GB/T 2260 since 1980 (``region_code()``) with
  today's county it belongs to, so that an ID number's first six digits, fixed when it was
  issued, find the county after the county was renamed, recoded or merged.

The curated rows take precedence: a curated county's national row carries the curated position
(the two come from the same AMap centres anyway), and a lookup asks the curated rows first, as
before, so a name they know keeps its meaning (``城关区`` is Lanzhou's unless a ``where`` filter
rules it out). Every lookup is pure; the indexes behind them are built once and cached.

Names are matched exactly against a small set of keys per place, never by substring,
so a short form cannot land on a wrong place ("原州" is 原州区, "原" is nothing):

- the name as written in the data (``崆峒区(平凉市)``, ``西吉县吉强镇``);
- the name without its parenthesised part and without its administrative suffix
  (``崆峒区``, ``崆峒``); nationally also without its ethnic autonomy part (``松桃苗族自治县``
  -> ``松桃``) and without 旗, 特区, 林区, 新区;
- for a district that is the seat of a prefecture-level city, the city's name with
  and without ``市`` (``平凉市``, ``平凉``; ``固原`` for 原州区); nationally also an
  autonomous prefecture's short forms (``黔东南州``, ``黔东南`` for 凯里市);
- for a town, its name without the county in front (``吉强镇``, ``吉强``);
- nationally, a county's former name when it names one county only (``郫县`` for 郫都区).

A name that is no key but ends in one suffix is tried once more without it, among places
of the level the suffix belongs to: ``张家川县`` finds 张家川回族自治县, while
``城关镇`` never falls back to 城关区. County-level places win over towns when a key
names both; a key that names several places of the same level finds nothing.

A prefecture's seat in ``counties.csv`` is the district (or county-level division) whose centre
is nearest to the prefecture's AMap centre, i.e. where its government sits: right for the
curated cities, approximate elsewhere (a city whose government moved may name a neighbour).
"""

from __future__ import annotations

import csv
import re
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

COUNTY_SUFFIXES = ("回族自治县", "自治县", "县", "区", "市")
TOWN_SUFFIXES = ("街道办事处", "街道", "镇", "乡")
_SUFFIXES_LONGEST_FIRST = tuple(sorted(COUNTY_SUFFIXES + TOWN_SUFFIXES, key=len, reverse=True))
ID_NUMBER_LENGTH = 18
FIRST_ID_YEAR = 1984  # resident ID numbers were first issued in 1984-1985: a code's meaning before counts less

# The national names: suffixes of county-level divisions and of prefectures, and the 55 ethnic minorities whose
# names make up an autonomous county's, banner's or prefecture's name (松桃苗族自治县, 黔东南苗族侗族自治州).
NATIONAL_SUFFIXES = ("特别行政区", "各族自治县", "自治县", "自治旗", "特区", "林区", "新区", "县", "区", "市", "旗", "省")
PREFECTURE_SUFFIXES = ("地区", "市", "盟", "州")
ETHNIC = ("蒙古", "回", "藏", "维吾尔", "苗", "彝", "壮", "布依", "朝鲜", "满", "侗", "瑶", "白", "土家", "哈尼",
          "哈萨克", "傣", "黎", "傈僳", "佤", "畲", "高山", "拉祜", "水", "东乡", "纳西", "景颇", "柯尔克孜", "土",
          "达斡尔", "仫佬", "羌", "布朗", "撒拉", "毛南", "仡佬", "锡伯", "阿昌", "普米", "塔吉克", "怒", "乌孜别克",
          "俄罗斯", "鄂温克", "德昂", "保安", "裕固", "京", "塔塔尔", "独龙", "鄂伦春", "赫哲", "门巴", "珞巴", "基诺")
_AUTONOMY = re.compile("(?:(?:" + "|".join(sorted(ETHNIC, key=len, reverse=True)) + ")族?)+(?:各族)?自治(县|旗|州)$")
# Former names that were never one county's only: a 郊区 or 城区 of every other city.
GENERIC_NAMES = frozenset({"市辖区", "郊区", "城区", "矿区", "市区", "新区", "县", "市"})

Where = Callable[["GazetteerPlace"], bool]


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
    """The place with a 6-digit county/district code or a 12-digit town code, or None.

    The curated rows first (a destination row too), then today's county-level divisions of China.
    """
    c = code.strip()
    return _by_adcode().get(c) or _national_by_adcode().get(c)


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


def _find(t: str, index: dict[str, tuple[GazetteerPlace, ...]], where: Where | None,
          hits_of: Callable[[str, dict[str, tuple[GazetteerPlace, ...]]], tuple[GazetteerPlace, ...]]
          ) -> GazetteerPlace | None:
    hits = hits_of(t, index)
    if where is not None:
        hits = tuple(p for p in hits if where(p))
    if hits:
        return pick(hits)
    parts = _parts(t)
    if not parts:
        return None
    found = {_find(part, index, where, hits_of) for part in parts}
    return found.pop() if len(found) == 1 else None


def find_name(text: str, where: Where | None = None) -> GazetteerPlace | None:
    """Find a place by its Chinese name.

    Parameters
    ----------
    text : str
        A name with or without its administrative suffix (西吉县, 西吉, 吉强镇, 吉强), the
        prefecture-level city of a seat district (平凉, 固原市), or ``name(city)`` /
        ``city(name)`` where both halves name the same place (原州区(固原)).
    where : callable, optional
        Only places for which it is true count (say, those in the region a scenario covers):
        a name that several places share may name one of them there.

    Returns
    -------
    GazetteerPlace or None
        The curated place when the curated rows name one, else today's county-level division of
        China; a county-level place when the name could be a county or a town; None when the name
        is unknown or names several places.
    """
    t = _normalise(text)
    if not t:
        return None
    found = _find(t, _name_index(), where, name_hits)
    if found is not None:
        return found
    return _find(t, _national_index(), where, _national_hits)


def county_of_id_number(id_number: str) -> GazetteerPlace | None:
    """Today's county/district of an 18-character resident ID number's region code (its first six characters).

    A code of today names its county; a former code (renamed, recoded or merged county, see
    ``region_code``) names the county it belongs to today, read as it stood when the number was
    likely issued (the year of birth, not before 1984). Returns None for a number of another
    length or a code GB/T 2260 never had. The check digit is not verified here (see
    ``routing.roster.idcard``).
    """
    s = id_number.strip()
    if len(s) != ID_NUMBER_LENGTH:
        return None
    curated = by_adcode(s[:6])
    if curated is not None and curated in counties():
        return curated
    year = int(s[6:10]) if s[6:10].isdigit() else None
    return county_of_region_code(s[:6], year)


def find_county(county: str, where: Where | None = None) -> GazetteerPlace | None:
    """Find a county or district by 6-digit adcode (today's or a former one) or by name (with or without suffix).

    None if unknown; ``where`` as in ``find_name``. A curated destination row (640100) is found by its
    code as before.
    """
    text = county.strip()
    if len(text) == 6 and text.isdigit():
        p = by_adcode(text) or county_of_region_code(text)
        if p is not None and where is not None and not where(p):
            p = None
    else:
        p = find_name(text, where)
    return p if p is not None and _is_county_level(p) else None


def find_town(county_adcode: str, township: str) -> GazetteerPlace | None:
    """Find a town of a county by name (with or without suffix); None when the gazetteer does not hold it."""
    text = _normalise(township)
    if not text:
        return None
    hits = name_hits(text, _name_index())
    towns = tuple(p for p in hits if len(p.adcode) == 12 and p.adcode[:6] == county_adcode.strip())
    return towns[0] if len(towns) == 1 else None


# The national layer: counties.csv and region_codes.csv.

def national_short(name: str) -> str:
    """A county-level name without its ethnic autonomy part or suffix, two characters at least:
    松桃苗族自治县 -> 松桃, 达拉特旗 -> 达拉特, 浦东新区 -> 浦东, 环县 -> 环县."""
    short = _AUTONOMY.sub("", name)
    if short != name and len(short) >= 2:
        return short
    for suffix in NATIONAL_SUFFIXES:
        if name.endswith(suffix) and len(name) >= len(suffix) + 2:
            return name[: -len(suffix)]
    return name


def prefecture_names(name: str) -> set[str]:
    """The names of a prefecture people write: 遵义市, 遵义; 黔东南苗族侗族自治州, 黔东南州, 黔东南; 毕节地区, 毕节."""
    names = {name}
    short = _AUTONOMY.sub("", name)
    if short != name and len(short) >= 2:
        return names | {short, short + "州"}
    for suffix in PREFECTURE_SUFFIXES:
        if name.endswith(suffix) and len(name) >= len(suffix) + 2:
            names.add(name[: -len(suffix)])
            break
    return names


@dataclass(frozen=True)
class RegionCode:
    """What a region code of GB/T 2260 meant over some years, and today's county it belongs to.

    Attributes
    ----------
    code : str
        The 6-digit code.
    name : str
        The division's name in those years, e.g. ``郫县``.
    first_year, last_year : int
        The years the code had that meaning (1980-2024).
    adcode : str
        Today's county-level code the division belongs to, e.g. ``510117`` (郫都区).
    how : str
        ``same`` (today's code, earlier name), ``recoded``, ``renamed``, ``merged, by a change event``,
        ``merged, nearest centre``, ``merged, prefecture seat`` (approximate), ``city proper`` (a city's
        ``市辖区`` code: its seat) or ``residence permit`` (830000, Taiwan residents).
    """

    code: str
    name: str
    first_year: int
    last_year: int
    adcode: str
    how: str


def _data_rows(name: str) -> list[dict[str, str]]:
    text = resources.files("routing").joinpath(f"data/{name}").read_text(encoding="utf-8")
    return list(csv.DictReader(text.splitlines()))


@lru_cache(maxsize=1)
def _national_rows() -> dict[str, dict[str, str]]:
    return {r["adcode"]: r for r in _data_rows("counties.csv")}


@lru_cache(maxsize=1)
def national() -> tuple[GazetteerPlace, ...]:
    """Today's county-level divisions of China (``counties.csv``), by adcode, kind ``county``.

    A curated county is its curated place (same position, its curated name and kind).
    """
    curated = {p.adcode: p for p in counties()}
    out = []
    for code, r in sorted(_national_rows().items()):
        out.append(curated.get(code) or GazetteerPlace(
            name=r["name"], adcode=code, kind="county", lat=float(r["lat_wgs84"]), lon=float(r["lon_wgs84"]),
            province=r["province"], prefecture=r["prefecture"], seat_of=r["seat_of"]))
    return tuple(out)


@lru_cache(maxsize=1)
def _national_by_adcode() -> dict[str, GazetteerPlace]:
    return {p.adcode: p for p in national()}


def prefecture_code(place: GazetteerPlace) -> str:
    """The 6-digit code of a county-level place's prefecture (``520300`` for 红花岗区); "" when unknown."""
    row = _national_rows().get(place.adcode[:6])
    return row["prefecture_code"] if row else ""


@lru_cache(maxsize=1)
def _region_codes() -> dict[str, tuple[RegionCode, ...]]:
    out: dict[str, list[RegionCode]] = defaultdict(list)
    for r in _data_rows("region_codes.csv"):
        out[r["code"]].append(RegionCode(r["code"], r["name"], int(r["first_year"]), int(r["last_year"]),
                                         r["adcode"], r["how"]))
    return {k: tuple(v) for k, v in out.items()}


def region_code(code: str, year: int | None = None) -> RegionCode | None:
    """What a former (or reassigned) region code meant: the meaning of ``year``, else the nearest one.

    Parameters
    ----------
    code : str
        A 6-digit region code, e.g. the first six digits of an ID number.
    year : int, optional
        The year the code was given (an ID number's year of birth); years before 1984, when no
        ID numbers were issued, count as 1984. Without a year, the code's latest meaning.

    Returns
    -------
    RegionCode or None
        None for a code that is today's code of its county only, or one GB/T 2260 never had.
    """
    spans = _region_codes().get(code.strip())
    if not spans:
        return None
    if year is None:
        return spans[-1]
    y = max(year, FIRST_ID_YEAR)
    for s in spans:
        if s.first_year <= y <= s.last_year:
            return s
    later = [s for s in spans if s.first_year > y]  # born before the code existed: it was given later
    return later[0] if later else spans[-1]


def county_of_region_code(code: str, year: int | None = None) -> GazetteerPlace | None:
    """Today's county of a region code: the code's county when the code is today's, else where its division
    went (``region_code``); None when unknown."""
    c = code.strip()
    meaning = region_code(c, year)
    if meaning is not None and (year is not None or c not in _national_by_adcode()):
        return _national_by_adcode().get(meaning.adcode)
    return _national_by_adcode().get(c)


def _own_keys(place: GazetteerPlace) -> set[str]:
    base = _base(place.name)
    return {base, national_short(base)} | ({_base(place.name)} if place.name != base else set())


@lru_cache(maxsize=1)
def _national_keys() -> tuple[dict[str, tuple[GazetteerPlace, ...]], dict[str, tuple[GazetteerPlace, ...]]]:
    """(own names, seat names): each national place's own keys, and the names of the prefectures it is the seat of
    (each with its former unique names among the own keys)."""
    own: dict[str, list[GazetteerPlace]] = defaultdict(list)
    seat: dict[str, list[GazetteerPlace]] = defaultdict(list)
    for p in national():
        row = _national_rows()[p.adcode]
        for k in sorted(_own_keys(p) | {row["name"], national_short(row["name"])}):
            own[_normalise(k)].append(p)
        for k in sorted(prefecture_names(row["seat_of"]) if row["seat_of"] else ()):
            seat[_normalise(k)].append(p)
    current = set(own) | set(seat)
    former: dict[str, set[str]] = defaultdict(set)
    for spans in _region_codes().values():
        for s in spans:
            if s.name not in GENERIC_NAMES and s.how != "residence permit":
                former[_normalise(s.name)].add(s.adcode)
    for name, targets in sorted(former.items()):
        if name not in current and len(targets) == 1 and (place := _national_by_adcode().get(next(iter(targets)))):
            own[name].append(place)
    return ({k: tuple(dict.fromkeys(v)) for k, v in own.items()}, {k: tuple(dict.fromkeys(v)) for k, v in seat.items()})


@lru_cache(maxsize=1)
def _national_index() -> dict[str, tuple[GazetteerPlace, ...]]:
    own, seat = _national_keys()
    index: dict[str, list[GazetteerPlace]] = defaultdict(list)
    for table in (own, seat):
        for k, v in table.items():
            index[k].extend(p for p in v if p not in index[k])
    return {k: tuple(v) for k, v in index.items()}


def _national_hits(text: str, index: dict[str, tuple[GazetteerPlace, ...]]) -> tuple[GazetteerPlace, ...]:
    """The national places a (normalised) name could mean: its exact key, else its own short form when it ends
    in a county-level suffix (a prefecture's name plus 县 is nothing: 海西县)."""
    if text in index:
        return index[text]
    short = national_short(text)
    if short == text or not text.endswith(NATIONAL_SUFFIXES) or national_short(short) != short:
        return ()  # no suffix, or two (西吉县县)
    return _national_keys()[0].get(short, ())


def national_address_keys() -> dict[str, tuple[tuple[GazetteerPlace, bool], ...]]:
    """Every full name an address may hold, nationally: name -> ((place, weak), ...).

    A county's full name, its informal ``<short>县`` / ``<short>旗`` when it is autonomous (松桃县), and its
    former unique names are strong; a prefecture's names (遵义市, 黔东南州) stand weakly for its seat.
    """
    return _address_keys()


@lru_cache(maxsize=1)
def _address_keys() -> dict[str, tuple[tuple[GazetteerPlace, bool], ...]]:
    own, _ = _national_keys()
    out: dict[str, list[tuple[GazetteerPlace, bool]]] = defaultdict(list)
    for p in national():
        row = _national_rows()[p.adcode]
        name = row["name"]
        names = {name}
        short = national_short(name)
        if _AUTONOMY.search(name) and short != name:
            names.add(short + ("旗" if name.endswith("旗") else "县"))
        for k in sorted(names):
            out[k].append((p, False))
        for k in sorted(prefecture_names(row["seat_of"]) if row["seat_of"] else ()):
            if len(k) >= 3 or k.endswith(("市", "州", "盟")):  # 遵义市, 黔东南州; not 遵义 alone
                out[k].append((p, True))
    for name, places_ in own.items():
        if name not in out and name not in {national_short(_national_rows()[p.adcode]["name"]) for p in places_} \
                and all(_national_rows()[p.adcode]["name"] != name for p in places_) \
                and name.endswith(NATIONAL_SUFFIXES):
            out[name].extend((p, False) for p in places_)  # a former name: 郫县
    return {k: tuple(v) for k, v in out.items()}


@lru_cache(maxsize=1)
def province_names() -> dict[str, str]:
    """Province names as addresses write them -> 2-digit code: 山东省, 山东; 宁夏回族自治区, 宁夏; 北京市, 北京."""
    out: dict[str, str] = {}
    for r in _national_rows().values():
        name = r["province"]
        code = r["adcode"][:2]
        out.setdefault(name, code)
        for suffix in ("维吾尔自治区", "壮族自治区", "回族自治区", "自治区", "特别行政区", "省", "市"):
            if name.endswith(suffix) and len(name) > len(suffix) + 1:
                out.setdefault(name[: -len(suffix)], code)
                break
    return out


@lru_cache(maxsize=1)
def prefecture_name_codes() -> dict[str, str]:
    """Prefecture names as addresses write them (遵义市, 黔东南州, 北京市) -> 6-digit prefecture code."""
    out: dict[str, set[str]] = defaultdict(set)
    for r in _national_rows().values():
        if r["prefecture"] and r["prefecture"] != r["province"] or r["adcode"][:2] in ("11", "12", "31", "50"):
            for k in prefecture_names(r["prefecture"]):
                if len(k) >= 3 or k.endswith(("市", "州", "盟")):
                    out[k].add(r["prefecture_code"] if r["adcode"][:2] not in ("11", "12", "31", "50")
                               else r["adcode"][:2] + "0000")
    return {k: next(iter(v)) for k, v in out.items() if len(v) == 1}
