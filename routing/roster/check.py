"""Check and clean roster records: every record kept or rejected, every finding named.

``check_roster`` turns each ``RosterRow`` into a ``CleanRecord`` (values normalised, home in
WGS-84) or a ``RejectedRecord`` (planned as ``invalid_record``); nobody disappears. Every
finding is a ``RecordProblem`` with file, row, the column as the file calls it, the value (ID
numbers and phones masked), what is wrong, what to do, and a severity:

- ``reject``: the record cannot be planned with (a field longer than its limit in ``MAX_LENGTHS``,
  worker id not an id (``routing.ids.id_problem``), ID number unusable or repeated, no name, unknown
  employer, unreadable health code or certificate or companions, home outside the region or not
  locatable, empty row);
- ``repair``: fixed here, and said how (sex taken from the ID number, lat/lon swapped back,
  employer found by a shortened name, invisible control characters taken out of a name);
- ``warn``: used as it is, but someone should look (phone unusable for notices, sex contradicting
  the ID number, ID region outside the gazetteer, home placed approximately).

Yellow or red health codes and missing certificates are not record problems: screening turns
those workers away later, with their own reasons.
"""

from __future__ import annotations

import datetime as dt
import difflib
import math
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field

from routing.geo import gazetteer
from routing.geo.coords import gcj02_to_wgs84
from routing.geo.geocode import Geocoder
from routing.ids import MAX_ID_LENGTH, id_problem
from routing.model import REJECT, REPAIR, WARN, Employer, RecordProblem, RejectedRecord
from routing.privacy import mask_id_number, mask_phone
from routing.roster.idcard import check_char, phone_problem, sex_of
from routing.roster.locate import HomeRegion, home_region, in_home_region, locate, parse_address
from routing.roster.model import CheckedRoster, CleanRecord, RosterRow

# The value vocabularies of workers.csv (routing.scenario.load), copied: scenario imports this module.
HEALTH_CODES = {"green": "green", "绿": "green", "绿码": "green", "yellow": "yellow", "黄": "yellow",
                "黄码": "yellow", "red": "red", "红": "red", "红码": "red", "none": "none", "无": "none", "": "none"}
YES = {"yes", "y", "true", "1", "有", "是"}
NO = {"no", "n", "false", "0", "无", "否", ""}
SEXES = {"m": "M", "male": "M", "男": "M", "f": "F", "female": "F", "女": "F"}
SEX_ZH = {"M": "男", "F": "女"}

# Province-level codes of GB/T 2260 (the first two digits of every resident ID number).
PROVINCES = frozenset({"11", "12", "13", "14", "15", "21", "22", "23", "31", "32", "33", "34", "35", "36", "37",
                       "41", "42", "43", "44", "45", "46", "50", "51", "52", "53", "54", "61", "62", "63", "64",
                       "65", "71", "81", "82"})
MAX_COMPANIONS = 20
# The most characters a field may hold: more is no name, address or note anyone typed (a paste gone wrong, or an
# attack), and rejects the record before anything else is made of it.
MAX_LENGTHS = {"id": MAX_ID_LENGTH, "name": 50, "address": 200, "companion_id_numbers": 500, "companion_phones": 500}
MAX_TEXT = 200  # every other field
SHOWN = 50  # characters of an over-long value quoted in its problem
EARLIEST_BIRTH_YEAR = 1900
NO_COMPANIONS = {"无", "没有", "none", "no", "否", "-", "/"}
EMPLOYER_PREFIXES = ("宁夏回族自治区", "宁夏", "银川市", "银川")
EMPLOYER_SUFFIXES = ("股份有限公司", "有限责任公司", "有限公司", "公司", "集团")
ALIAS_SEPARATORS = re.compile(r"[;；、]")  # between the aliases in one cell of employers.csv
CLOSE_MISSES = 3  # employers a close miss suggests at most
# The companions' own data (a list in one cell, as companion_names) and what each entry is.
COMPANION_DATA = {"companion_id_numbers": "ID numbers", "companion_phones": "phones",
                  "companion_health_codes": "health codes", "companion_health_certs": "certificates"}

EXCEL_FIX = ("Excel stored the ID number as a number and kept only 15 significant digits; format the column as "
             "Text (设置单元格格式→文本) and type the number again, or prefix it with an apostrophe")
NO_HOME = "home location missing: give lat/lon, an address with county and township, or a county"

_SCIENTIFIC = re.compile(r"[0-9](\.[0-9]*)?E\+?[0-9]+")
_FLOAT_DIGITS = re.compile(r"[0-9]+\.0*")
_ID_CHARS = re.compile(r"[0-9]{17}[0-9X]")
_COUNT = re.compile(r"([0-9]{1,6})(人|个|位|名)?")
_NAME_SPLIT = re.compile(r"[、,，;；\s]+")
_BRACKETED = re.compile(r"[(\[【][^)\]】]*[)\]】]")
_NAME_MARKS = set("·•.-'")
# Characters nobody types into a name but that change what prints: control characters, bidirectional
# overrides and isolates, zero-width spaces and the BOM.
_INVISIBLE = re.compile("[\x00-\x1f\x7f-\x9f\u200b\u200e\u200f\u202a-\u202e\u2060\u2066-\u2069\ufeff]")


def _text(value: str | None) -> str:
    """A value as text: NFKC (full-width digits and brackets to ASCII), trimmed."""
    return unicodedata.normalize("NFKC", value or "").strip()


def normalise_id_number(value: str) -> str:
    """An ID number as typed, normalised: no blanks or apostrophe, full-width digits to ASCII, x -> X."""
    return "".join(_text(value).split()).lstrip("'").upper()


def normalise_phone(value: str, numeric: bool = False) -> str:
    """A phone number without blanks, dashes, brackets or a +86 / 0086 prefix (and without Excel's .0)."""
    s = re.sub(r"[\s\-()]", "", _text(value))
    if numeric and _FLOAT_DIGITS.fullmatch(s):
        s = s.split(".")[0]
    for prefix in ("+86", "0086"):
        s = s.removeprefix(prefix)
    if len(s) == 13 and s.startswith("86"):
        s = s[2:]
    return s


def employer_key(name: str) -> str:
    """An employer's name reduced for matching: 宁夏小巨人机床有限公司 and 宁夏小巨人机床 -> 小巨人机床."""
    s = _BRACKETED.sub("", "".join(_text(name).split())).lower()
    changed = True
    while changed and s:
        changed = False
        for prefix in EMPLOYER_PREFIXES:
            if s.startswith(prefix) and len(s) > len(prefix):
                s, changed = s[len(prefix):], True
        for suffix in EMPLOYER_SUFFIXES:
            if s.endswith(suffix) and len(s) > len(suffix):
                s, changed = s[: -len(suffix)], True
    return s


def split_aliases(cell: str) -> list[str]:
    """The aliases in one cell of employers.csv, separated by ``;`` or ``、``, blanks around them taken off."""
    return [a.strip() for a in ALIAS_SEPARATORS.split(cell or "") if a.strip()]


@dataclass
class _Employers:
    """Employers by id, by exact name, by exact alias and by reduced name or alias."""

    by_id: dict[str, Employer]
    by_name: dict[str, list[Employer]]
    by_key: dict[str, list[Employer]]
    by_alias: dict[str, list[Employer]] = field(default_factory=dict)
    _close: dict[str, list[Employer]] = field(default_factory=dict)

    @classmethod
    def of(cls, employers: Sequence[Employer]) -> _Employers:
        by_name: dict[str, list[Employer]] = {}
        by_key: dict[str, list[Employer]] = {}
        by_alias: dict[str, list[Employer]] = {}
        for e in employers:
            by_name.setdefault(_text(e.name), []).append(e)
            for alias in e.aliases:
                if e not in (listed := by_alias.setdefault(_text(alias), [])):
                    listed.append(e)
            for text in (e.name, *e.aliases):
                if (key := employer_key(text)) and e not in (listed := by_key.setdefault(key, [])):
                    listed.append(e)
        return cls({e.id: e for e in employers}, by_name, by_key, by_alias)

    def close_to(self, text: str) -> list[Employer]:
        """Employers whose name or alias is close to ``text`` but not it (``隆基`` and 银川隆基硅材料有限公司): the
        reduced name holds the other one, or difflib finds them alike; at most ``CLOSE_MISSES``."""
        key = employer_key(text)
        if key not in self._close:
            found: list[Employer] = []
            if len(key) >= 2:
                for other, listed in self.by_key.items():
                    if len(other) >= 2 and (key in other or other in key):
                        found += [e for e in listed if e not in found]
                for other in difflib.get_close_matches(key, list(self.by_key), n=CLOSE_MISSES, cutoff=0.6):
                    found += [e for e in self.by_key[other] if e not in found]
            self._close[key] = found[:CLOSE_MISSES]
        return self._close[key]


@dataclass
class _Record:
    """The findings about one row as it is checked."""

    row: RosterRow
    problems: list[RecordProblem] = field(default_factory=list)

    def get(self, name: str) -> str:
        """A field's value, NFKC-normalised and trimmed ("" when absent)."""
        return _text(self.row.values.get(name))

    def raw(self, name: str) -> str:
        """A field's value as written, trimmed, for messages."""
        return (self.row.values.get(name) or "").strip()

    def add(self, name: str, value: str, problem: str, fix: str, severity: str) -> None:
        if name == "id_number":
            value = mask_id_number(value)
        elif name == "phone":
            value = mask_phone(value)
        column = self.row.columns.get(name) or name
        self.problems.append(RecordProblem(self.row.file, self.row.row, column, value, problem, fix, severity))

    @property
    def rejected(self) -> bool:
        return any(p.severity == REJECT for p in self.problems)


def id_number_finding(s: str, numeric: bool = False) -> tuple[str, str] | None:
    """(problem, fix) when the normalised ``s`` is no usable ID number; ``numeric``: its cell held a number (Excel)."""
    if not s:
        return "ID number is empty", "fill in the worker's 18-character resident ID number"
    fix_typing = "type the 18-character number again from the ID card"
    looks_like_number = _SCIENTIFIC.fullmatch(s) or (_FLOAT_DIGITS.fullmatch(s) and "." in s)
    excel_tail = bool(_ID_CHARS.fullmatch(s)) and s.endswith("00") and check_char(s[:17]) != s[17]
    if numeric or looks_like_number or excel_tail:
        why = ("ID number ends in 00 and fails its check digit: Excel probably stored it as a number and lost its "
               "last digits" if excel_tail and not looks_like_number and not numeric
               else "ID number was stored by Excel as a number, so its last digits are lost")
        return why, EXCEL_FIX
    if len(s) != 18:
        why = "; 15 digits is a first-generation number, no longer valid" if len(s) == 15 and s.isdigit() else ""
        return f"ID number has {len(s)} characters, expected 18{why}", fix_typing
    if not _ID_CHARS.fullmatch(s):
        return "ID number must be 17 digits and a final digit or X", fix_typing
    try:
        born = dt.date(int(s[6:10]), int(s[10:12]), int(s[12:14]))
    except ValueError:
        born = None
    if born is None or born.year < EARLIEST_BIRTH_YEAR or born > dt.date.today():
        return f"ID number holds an impossible birth date ({s[6:14]})", fix_typing
    if s[:2] not in PROVINCES:
        return f"ID number's region code {s[:6]} is not in any province of China", fix_typing
    if check_char(s[:17]) != s[17]:
        return ("ID number fails its check digit (GB 11643): a digit is wrong",
                fix_typing + "; if it came from Excel, format the column as Text first")
    return None


def _id_number(rec: _Record) -> str | None:
    """The normalised ID number when it is valid (warnings aside), else None with a reject problem."""
    s = normalise_id_number(rec.row.values.get("id_number") or "")
    found = id_number_finding(s, "id_number" in rec.row.numeric)
    if found is not None:
        rec.add("id_number", s, found[0], found[1], REJECT)
        return None
    if gazetteer.county_of_id_number(s) is None:
        rec.add("id_number", s, f"ID number's region code {s[:6]} is not a county of the bundled gazetteer",
                "nothing to do if the worker lives in the region; the home cannot be located from the ID number",
                WARN)
    return s


def _sex(rec: _Record, id_number: str | None) -> str:
    raw = rec.get("sex")
    sex = SEXES.get(raw.lower(), "")
    if id_number is None:
        return sex
    from_id = sex_of(id_number)
    if not sex:
        what = "is empty" if not raw else "is not 男/女 (M/F)"
        rec.add("sex", rec.raw("sex"), f"sex {what}; taken from the ID number: {SEX_ZH[from_id]}",
                "nothing to do, or write 男 or 女", REPAIR)
        return from_id
    if sex != from_id:
        rec.add("sex", rec.raw("sex"), f"sex {SEX_ZH[sex]} contradicts the ID number, whose 17th digit says {SEX_ZH[from_id]}",
                "check the sex and the ID number against the ID card", WARN)
    return sex


def _phone(rec: _Record) -> str:
    phone = normalise_phone(rec.row.values.get("phone") or "", "phone" in rec.row.numeric)
    if not phone:
        rec.add("phone", "", "phone is empty: the worker cannot be sent a notice",
                "add the worker's mobile number so they receive the pickup notice", WARN)
    elif why := phone_problem(phone):
        rec.add("phone", phone, f"phone {why}: the notice to this worker cannot be sent",
                "correct the mobile number (11 digits, 1[3-9]…) so they receive the pickup notice", WARN)
    return phone


def _employer(rec: _Record, employers: _Employers) -> str | None:
    raw, written = rec.get("employer"), rec.raw("employer")
    fix = "add it to employers.csv or correct the name"
    if not raw:
        rec.add("employer", "", "employer is empty", "write the employer's id or name as in employers.csv", REJECT)
        return None
    if raw in employers.by_id:
        return employers.by_id[raw].id
    exact = employers.by_name.get(raw, [])
    if len(exact) == 1:
        return exact[0].id
    alias = [] if exact else employers.by_alias.get(raw, [])
    if len(alias) == 1:  # a short name employers.csv gives: that employer, nothing to say
        return alias[0].id
    similar = exact or alias or employers.by_key.get(employer_key(raw), [])
    if len(similar) == 1:
        e = similar[0]
        rec.add("employer", written, f"employer {written!r} taken to be {e.name} ({e.id})",
                "nothing to do, or write the name as in employers.csv", REPAIR)
        return e.id
    if similar:
        names = ", ".join(f"{e.name} ({e.id})" for e in similar[:5])
        rec.add("employer", written, f"employer {written!r} could be any of {names}",
                "write the employer's id from employers.csv", REJECT)
        return None
    close = employers.close_to(raw)
    if close:
        names = " or ".join(e.name for e in close)
        rec.add("employer", written, f"employer {written!r} is not in employers.csv (did you mean {names}?)",
                f"write the employer's name or id as in employers.csv, or add {written!r} to the aliases of "
                f"{close[0].name} in employers.csv", REJECT)
        return None
    rec.add("employer", written, f"employer {written!r} is not in employers.csv", fix, REJECT)
    return None


def _health(rec: _Record) -> tuple[str, bool]:
    raw_code = rec.get("health_code")
    code = HEALTH_CODES.get(raw_code.lower())
    if code is None:
        rec.add("health_code", rec.raw("health_code"), f"health code {rec.raw('health_code')!r} is not one of 绿码, 黄码, 红码, 无",
                "write 绿码, 黄码, 红码 or 无 (green, yellow, red, none)", REJECT)
    raw_cert = rec.get("health_cert")
    cert = raw_cert.lower() in YES
    if not cert and raw_cert.lower() not in NO:
        rec.add("health_cert", rec.raw("health_cert"), f"health certificate {rec.raw('health_cert')!r} is neither yes nor no",
                "write 有 or 无 (yes or no)", REJECT)
    return code or "none", cert


def _names(text: str) -> list[str] | None:
    """Names listed in a text (、,; or blanks between them); None when a part is not a name."""
    if text.lower() in NO_COMPANIONS:
        return []
    parts = [p for p in _NAME_SPLIT.split(text) if p]
    ok = all(any(c.isalpha() for c in p) and all(c.isalpha() or c in _NAME_MARKS for c in p) for p in parts)
    return parts if ok else None


def _companions(rec: _Record) -> tuple[int, tuple[str, ...]]:
    raw = rec.get("companions")
    raw_names = rec.get("companion_names")
    number: int | None = None
    names: list[str] = []
    if raw and (m := _COUNT.fullmatch(raw.removesuffix(".0") if "companions" in rec.row.numeric else raw)):
        number = int(m.group(1))
    elif raw:
        listed = _names(raw)
        if listed is None:
            rec.add("companions", rec.raw("companions"), f"companions {rec.raw('companions')!r} is neither a number nor a list of names",
                    f"write how many family members travel along (0..{MAX_COMPANIONS}) or their names", REJECT)
            return 0, ()
        names = listed
    if raw_names:
        listed = _names(raw_names)
        if listed is None:
            rec.add("companion_names", rec.raw("companion_names"), f"companion names {rec.raw('companion_names')!r} are not a list of names",
                    "write the names separated by 、 or ;", REJECT)
            return 0, ()
        names = listed or names
    count = number if number is not None else len(names)
    if number is not None and names and number != len(names):
        count = max(number, len(names))
        rec.add("companions", rec.raw("companions"), f"companions says {number} but {len(names)} names are listed; "
                f"{count} seats are kept", "correct the number or the names", WARN)
    if count > MAX_COMPANIONS:
        rec.add("companions", rec.raw("companions") or rec.raw("companion_names"), f"{count} companions is more than {MAX_COMPANIONS}",
                f"write a whole number 0..{MAX_COMPANIONS}", REJECT)
        return 0, ()
    return count, tuple(names)


def _listed(rec: _Record, name: str) -> list[str]:
    """The entries of a list in one cell (separated as companion names are); [] for an empty cell or 无."""
    text = rec.get(name)
    return [] if text.lower() in NO_COMPANIONS else [p for p in _NAME_SPLIT.split(text) if p]


def _companion_data(rec: _Record, count: int, names: tuple[str, ...], own_id: str | None,
                    seen_ids: dict[str, str]) -> tuple[int, dict[str, tuple[str, ...] | tuple[bool, ...]]]:
    """The companions' ID numbers, phones, health codes and certificates the roster gives (``COMPANION_DATA``),
    one entry per companion, each checked as the worker's own; and the number of companions (the ID numbers
    count them when neither companions nor companion_names does). An entry that cannot be used rejects the record,
    save a phone (a warning: the phones are then not used)."""
    lists = {k: _listed(rec, k) for k in COMPANION_DATA}
    ids = lists["companion_id_numbers"]
    if not count and ids and not rec.get("companions") and not rec.get("companion_names"):
        count = len(ids)
        if count > MAX_COMPANIONS:
            rec.add("companion_id_numbers", f"{count} ID numbers", f"{count} companions is more than {MAX_COMPANIONS}",
                    f"list at most {MAX_COMPANIONS} companions", REJECT)
            return 0, {}
    out: dict[str, tuple[str, ...] | tuple[bool, ...]] = {}

    def who(k: int) -> str:
        return f"companion {k}" + (f" ({names[k - 1]})" if k <= len(names) else "")

    for key, what in COMPANION_DATA.items():
        listed = lists[key]
        if not listed:
            continue
        if len(listed) != count:
            severity = WARN if key == "companion_phones" else REJECT
            then = "; the phones are not used" if severity == WARN else ""
            rec.add(key, rec.raw(key), f"{len(listed)} companion {what} listed for {count} companions{then}",
                    "list one per companion, in the order of their names, separated by 、 or ;", severity)
            continue
        if key == "companion_id_numbers":
            values = [normalise_id_number(x) for x in listed]
            for k, s in enumerate(values, 1):
                found = id_number_finding(s, key in rec.row.numeric)
                if found is None and s == own_id:
                    found = "ID number is the worker's own", "write the companion's own ID number"
                elif found is None and s in values[: k - 1]:
                    found = (f"ID number is also that of companion {values.index(s) + 1}",
                             "write each companion's own ID number")
                elif found is None and s in seen_ids:
                    found = (f"same ID number as {seen_ids[s]}",
                             "keep one record per person; if they are two people, correct the ID number")
                if found is not None:
                    rec.add(key, mask_id_number(s), f"{who(k)}: {found[0]}", found[1], REJECT)
            for k, s in enumerate(values, 1):
                seen_ids.setdefault(s, f"companion {k} of {rec.row.file} row {rec.row.row}")
            out[key] = tuple(values)
        elif key == "companion_phones":
            phones = [normalise_phone(x, key in rec.row.numeric) for x in listed]
            for k, phone in enumerate(phones, 1):
                if why := phone_problem(phone):
                    rec.add(key, mask_phone(phone), f"{who(k)}: phone {why}",
                            "correct the mobile number (11 digits, 1[3-9]…)", WARN)
            out[key] = tuple(phones)
        elif key == "companion_health_codes":
            codes = [HEALTH_CODES.get(x.lower()) for x in listed]
            for k, (x, c) in enumerate(zip(listed, codes, strict=True), 1):
                if c is None:
                    rec.add(key, x, f"{who(k)}: health code {x!r} is not one of 绿码, 黄码, 红码, 无",
                            "write 绿码, 黄码, 红码 or 无 (green, yellow, red, none) for each companion", REJECT)
            out[key] = tuple(c or "none" for c in codes)
        else:
            for k, x in enumerate(listed, 1):
                if x.lower() not in YES | NO:
                    rec.add(key, x, f"{who(k)}: certificate {x!r} is neither yes nor no",
                            "write 有 or 无 (yes or no) for each companion", REJECT)
            out[key] = tuple(x.lower() in YES for x in listed)
    return count, out


def coordinates_gcj02(columns: dict[str, str], gcj02: bool) -> bool:
    """Whether a roster file's lat/lon are GCJ-02: as their header (``columns``: field -> header as written) says
    when it names a system (``lat_wgs84``, ``纬度(GCJ-02)``), else as the scenario's ``coord_system`` (``gcj02``)."""
    for name in ("lat", "lon"):
        header = re.sub(r"[\s_\-.]", "", unicodedata.normalize("NFKC", columns.get(name, ""))).upper()
        if "WGS84" in header:
            return False
        if "GCJ02" in header:
            return True
    return gcj02


def _gcj02_of(rec: _Record, gcj02: bool) -> bool:
    return coordinates_gcj02(rec.row.columns, gcj02)


def _coordinate(rec: _Record, name: str) -> float | None:
    """The float in lat or lon, None when empty or 0; NaN when it is not a number (rejected)."""
    raw = rec.get(name)
    text = raw.removesuffix("°")
    if not text:
        return None
    try:
        x = float(text)
    except ValueError:
        x = math.nan
    if not math.isfinite(x):
        rec.add(name, rec.raw(name), f"{name} {rec.raw(name)!r} is not a number", "write decimal degrees, e.g. 36.0155", REJECT)
        return math.nan
    return x or None


@dataclass(frozen=True)
class _Home:
    lat: float
    lon: float
    county: str
    township: str
    located_by: str
    approximate: bool


def _given_position(rec: _Record, gcj02: bool, region: HomeRegion) -> tuple[float, float] | None:
    """The given lat/lon in WGS-84 (swapped back when swapped), None when missing; rejects bad ones."""
    lat, lon = _coordinate(rec, "lat"), _coordinate(rec, "lon")
    if (lat is not None and math.isnan(lat)) or (lon is not None and math.isnan(lon)):
        return None
    if lat is None or lon is None:
        if rec.get("lat") or rec.get("lon"):
            rec.add("lat" if rec.get("lat") else "lon", f"{rec.raw('lat')}, {rec.raw('lon')}",
                    "lat/lon incomplete (one of them empty or 0), so the home is located as if none were given",
                    "give both lat and lon, or leave both empty", WARN)
        return None
    if 73 <= lat <= 136 and 3 <= lon <= 54:
        rec.add("lat", f"{lat}, {lon}", "lat and lon are swapped; swapped back",
                "nothing to do, or put latitude (about 35–38 here) in the lat column", REPAIR)
        lat, lon = lon, lat
    if gcj02:
        lat, lon = gcj02_to_wgs84(lat, lon)
    if not in_home_region(lat, lon, region):
        rec.add("lat", f"{rec.raw('lat')}, {rec.raw('lon')}",
                "home coordinates are outside the region the scenario covers",
                "check lat/lon (decimal degrees, WGS-84 or as coord_system says), or leave them empty and give "
                "the address", REJECT)
        return None
    return lat, lon


def _home(rec: _Record, id_number: str | None, gcj02: bool, geocoder: Geocoder | None,
          region: HomeRegion) -> _Home | None:
    address, county, township = rec.get("address"), rec.get("county"), rec.get("township")
    n_before = len(rec.problems)
    pos = _given_position(rec, gcj02, region)
    if pos is not None:
        place = gazetteer.find_county(county) if county else parse_address(address).county
        return _Home(pos[0], pos[1], place.adcode if place else "", township, "coordinates", False)
    if any(p.severity == REJECT for p in rec.problems[n_before:]):
        return None
    loc = locate(address, county, township, id_number or "", region)
    if rec.rejected:  # say only whether the home could be found: no geocoder, no approximate-home note
        if loc is None:
            rec.add("lat", "", NO_HOME, "add the home's lat/lon, or an address naming its county and township",
                    REJECT)
        return None
    if geocoder is not None and address and (loc is None or len(loc.adcode) == 6):
        try:
            found = geocoder(address)
        except Exception:  # noqa: BLE001 - a user's geocoder must not stop the check
            found = None
        if found is not None and in_home_region(*found, region):
            rec.add("address", rec.raw("address"), "home placed by the online geocoder from the address; approximate",
                    "check the position on the map, or give the home's lat/lon", WARN)
            return _Home(found[0], found[1], loc.adcode[:6] if loc else "", township, "address", True)
    if loc is None:
        rec.add("lat", "", NO_HOME, "add the home's lat/lon, or an address naming its county and township", REJECT)
        return None
    where = {"address": "the address", "township": "the township", "county": "the county",
             "id_region": "the ID number's region code (where the worker is registered)"}[loc.how]
    unknown = f"; township {township!r} is not in the gazetteer" if township and len(loc.adcode) == 6 else ""
    column = {"address": "address", "township": "township", "county": "county", "id_region": "id_number"}[loc.how]
    value = id_number or "" if loc.how == "id_region" else rec.raw(column)
    rec.add(column, value, f"home placed at the centre of {loc.label} from {where}{unknown}; approximate",
            "give the home's lat/lon for a closer pickup point", WARN)
    town = township or (loc.label if len(loc.adcode) == 12 else "")
    return _Home(loc.lat, loc.lon, loc.adcode[:6], town, loc.how, True)


def _too_long(rec: _Record) -> bool:
    """Whether a field is longer than its limit (``MAX_LENGTHS``, else ``MAX_TEXT``); each such field is a reject."""
    over = False
    for name, value in rec.row.values.items():
        limit = MAX_LENGTHS.get(name, MAX_TEXT)
        text = (value or "").strip()
        if len(text) > limit:
            what = {"name": "the name as on the ID card", "address": "the address: province, county, township, village",
                    "id": "an id of letters and digits"}.get(name, "what belongs in the field")
            rec.add(name, text[:SHOWN] + "…", f"{name} has {len(text):,} characters, at most {limit} are allowed",
                    f"write {what}, at most {limit} characters; check that nothing was pasted into the cell by mistake",
                    REJECT)
            over = True
    return over


def _name(rec: _Record, field: str) -> str:
    """A name with its blanks made single spaces and invisible characters taken out (a repair, said)."""
    name = " ".join(rec.get(field).split())
    if _INVISIBLE.search(name):
        name = " ".join(_INVISIBLE.sub("", name).split())
        rec.add(field, name, f"{field.replace('_', ' ')} held invisible control characters; taken out",
                "nothing to do, or type the name again", REPAIR)
    return name


def _row_key(row: RosterRow) -> tuple[tuple[str, str], ...]:
    """A row's values, the id left out: two rows with the same key hold the same person twice."""
    return tuple(sorted((k, _text(v)) for k, v in row.values.items() if k != "id" and _text(v)))


def check_roster(rows: Sequence[RosterRow], employers: Sequence[Employer], gcj02: bool = False,
                 geocoder: Geocoder | None = None, region: HomeRegion | None = None) -> CheckedRoster:
    """Check every roster record, clean the good ones and say why the others cannot be used.

    Parameters
    ----------
    rows : sequence of RosterRow
        Records of every roster file, in file order (duplicates: the first one is kept).
    employers : sequence of Employer
        The employers of employers.csv, matched by id, by name, then by a reduced name.
    gcj02 : bool, default False
        Whether given lat/lon are GCJ-02 (converted to WGS-84); else they are WGS-84.
    geocoder : Geocoder or None, default None
        An online geocoder asked only for addresses the gazetteer places no closer than a county.
    region : HomeRegion or None, default None
        The region the scenario covers (``routing.roster.locate.region_around``): a home outside it is
        rejected, and no place outside it locates one. None: ``home_region()``, the curated origins' box.

    Returns
    -------
    CheckedRoster
        One ``CleanRecord`` or ``RejectedRecord`` per row (``len(records) + len(rejected) ==
        len(rows)``), and every finding, in row order.
    """
    index = _Employers.of(employers)
    seen_ids: dict[str, str] = {}  # ID number -> whose it is: "<file> row <n>" (or "companion 1 of …")
    seen_rows: dict[tuple[tuple[str, str], ...], tuple[str, int]] = {}
    records: list[CleanRecord] = []
    rejected: list[RejectedRecord] = []
    problems: list[RecordProblem] = []
    for row in rows:
        rec = _Record(row)
        outcome = _check(rec, index, seen_ids, seen_rows, gcj02, geocoder, region or home_region())
        if isinstance(outcome, CleanRecord):
            records.append(outcome)
        else:
            rejected.append(outcome)
        problems += rec.problems
    return CheckedRoster(tuple(records), tuple(rejected), tuple(problems))


def _check(rec: _Record, employers: _Employers, seen_ids: dict[str, str],
           seen_rows: dict[tuple[tuple[str, str], ...], tuple[str, int]], gcj02: bool,
           geocoder: Geocoder | None, region: HomeRegion) -> CleanRecord | RejectedRecord:
    """One record, kept or rejected; its findings are left in ``rec.problems``."""
    row = rec.row
    key = _row_key(row)
    if not key:
        rec.add("id", rec.raw("id"), "empty row: it holds no worker", "delete the row or fill it in", REJECT)
        return _rejected(rec, 0)
    if _too_long(rec):
        return _rejected(rec, 0)
    if key in seen_rows:
        file, n = seen_rows[key]
        rec.add("id_number" if row.values.get("id_number") else "name", rec.get("id_number") or rec.raw("name"),
                f"duplicate row: the same as {file} row {n} in every field", "delete one of the two rows", REJECT)
        return _rejected(rec, 0)
    seen_rows[key] = (row.file, row.row)
    id_number = _id_number(rec)
    if id_number is not None:
        if id_number in seen_ids:
            rec.add("id_number", id_number, f"same ID number as {seen_ids[id_number]}",
                    "keep one record per person; if they are two people, correct the ID number", REJECT)
        else:
            seen_ids[id_number] = f"{row.file} row {row.row}"
    worker_id = rec.get("id")
    if worker_id and (why := id_problem(worker_id)):
        rec.add("id", rec.raw("id"), f"worker id {worker_id!r} {why}",
                "write an id of letters, digits, '_', '-' and '.', or leave the id empty (one is then made up)", REJECT)
    name = _name(rec, "name")
    if not name:
        rec.add("name", "", "name is empty", "write the worker's name as on the ID card", REJECT)
    sex = _sex(rec, id_number)
    phone = _phone(rec)
    employer_id = _employer(rec, employers)
    code, cert = _health(rec)
    companions, companion_names = _companions(rec)
    companions, data = _companion_data(rec, companions, companion_names, id_number, seen_ids)
    home = _home(rec, id_number, _gcj02_of(rec, gcj02), geocoder, region)
    if rec.rejected or id_number is None or employer_id is None or home is None:
        return _rejected(rec, companions)
    return CleanRecord(row.file, row.row, rec.get("id"), name, sex, id_number, phone, home.lat, home.lon,
                       home.county, home.township, employer_id, code, cert, companions, companion_names,
                       home.located_by, home.approximate, rec.get("address"),
                       **data)  # type: ignore[arg-type]  # COMPANION_DATA's fields of CleanRecord


def _rejected(rec: _Record, companions: int) -> RejectedRecord:
    reasons = tuple(p.problem for p in rec.problems if p.severity == REJECT)
    name = " ".join(_INVISIBLE.sub("", rec.get("name")).split())
    if len(name) > MAX_LENGTHS["name"]:
        name = name[:MAX_LENGTHS["name"]] + "…"
    return RejectedRecord(rec.row.file, rec.row.row, rec.get("id"), name, companions, reasons)
