"""Write the bundled scenario ``scenarios/guyuan-2020-02-21`` (run once; deterministic).

What it makes: the first batch of the Yinchuan Economic and Technological Development
Zone's point-to-point return-to-work charters, 2020-02-21, from the five county-level
units of Guyuan (原州区, 西吉县, 隆德县, 泾源县, 彭阳县) to the zone.

Facts used (the 2020 press reports named in scenarios/guyuan-2020-02-21/README.md, and routing/data/road_km.csv): the date, the
five counties, departure from Yinchuan at 06:30 and arrival in Guyuan at about 11:00,
150 workers plus 17 family members, the temperature check at 固原市客运站, LONGi
(银川隆基硅材料) and 沃福百瑞枸杞 among the employers, buses of 45-55 seats, the 50 %
load rule and the two empty observation rows, and the per-county circuity factors.
County-seat coordinates come from the bundled gazetteer ``routing/data/places.csv``.

Everything else is synthetic or a guess: every person (names, ID numbers, phones,
homes) is made by ``routing.synthetic.people`` with a fixed seed; the depot, the gates and
the coach station are plausible points, marked approximate; the fleet has 7 coaches
(reports say 6), and the costs are working assumptions. Deliberate problems are
planted so that every exception kind shows: one wrong ID check digit, three workers
without a certificate, two yellow codes, one red code and four homes out of reach.
Homes are generated in WGS-84 and written, like every coordinate here, in GCJ-02.

Usage: ``.venv/bin/python tools/make_guyuan_scenario.py`` (prints the exceptions).
"""

from __future__ import annotations

import csv
import random
from pathlib import Path

from routing.geo.coords import wgs84_to_gcj02
from routing.geo.distance import great_circle_m
from routing.synthetic import people as syn

SEED = 20200221
ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "scenarios" / "guyuan-2020-02-21"
GAZETTEER = ROOT / "routing" / "data" / "places.csv"

# name, adcode, pickup id, pickup name, weight (rough population order), circuity (road_km.csv)
COUNTIES = (
    ("原州区", "640402", "P-YZ", "原州区城区 (区政府一带)", 50, 1.189),
    ("西吉县", "640422", "P-XJ", "西吉县城", 40, 1.375),
    ("彭阳县", "640425", "P-PY", "彭阳县城", 25, 1.248),
    ("隆德县", "640423", "P-LD", "隆德县城", 20, 1.196),
    ("泾源县", "640424", "P-JY", "泾源县城", 15, 1.183),
)
# id, name, gate id, weight (LONGi largest)
EMPLOYERS = (
    ("E-LONGI", "银川隆基硅材料有限公司", "G-LONGI", 55),
    ("E-WFBR", "宁夏沃福百瑞枸杞产业股份有限公司", "G-WFBR", 30),
    ("E-KOCEL", "共享集团", "G-KOCEL", 25),
    ("E-XJR", "宁夏小巨人机床有限公司", "G-EQUIP", 15),
    ("E-LICHENG", "宁夏力成电气", "G-EQUIP", 13),
    ("E-TIANTONG", "宁夏天通银厦新材料", "G-TIANTONG", 12),
)
# gate id, name, bearing (deg) and straight-line km from the ETDZ proxy point
GATES = (
    ("G-LONGI", "隆基硅材料 门岗", 205, 3.4),
    ("G-WFBR", "沃福百瑞枸杞 门岗", 150, 2.6),
    ("G-KOCEL", "共享集团 门岗", 255, 4.1),
    ("G-EQUIP", "装备制造园 共用门岗 (小巨人机床, 力成电气)", 290, 2.9),
    ("G-TIANTONG", "天通银厦 门岗", 185, 5.3),
)
# county adcode and bearing sector (deg) of the remote villages (out of reach)
REMOTE = (("640422", 300, 340), ("640422", 215, 255), ("640402", 0, 40), ("640425", 0, 30))
TOWNSHIP_HOMES = (("640422", "西吉县", "吉强镇"), ("640423", "隆德县", "城关镇"))


def gazetteer() -> dict[str, dict[str, str]]:
    """Rows of the bundled gazetteer keyed by adcode."""
    with GAZETTEER.open(encoding="utf-8") as f:
        return {r["adcode"]: r for r in csv.DictReader(f)}


def gcj(lat: float, lon: float) -> tuple[float, float]:
    """WGS-84 degrees to GCJ-02, rounded to 6 decimals."""
    glat, glon = wgs84_to_gcj02(lat, lon)
    return round(glat, 6), round(glon, 6)


def write_csv(path: Path, columns: tuple[str, ...], rows: list[dict[str, object]]) -> None:
    """Write UTF-8 CSV with a header row."""
    with path.open("w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, fieldnames=columns, lineterminator="\n")
        w.writeheader()
        w.writerows(rows)


def remote_home(rng: random.Random, seat: tuple[float, float], lo: float, hi: float,
                pickups: list[tuple[float, float]]) -> tuple[float, float]:
    """A WGS-84 point in a bearing sector 29-34 km from a seat and 28-35 km from every pickup point."""
    for _ in range(10_000):
        p = syn.destination(seat[0], seat[1], rng.uniform(lo, hi), rng.uniform(29.0, 34.0))
        nearest = min(great_circle_m(p[0], p[1], q[0], q[1]) / 1000 for q in pickups)
        if 28.5 <= nearest <= 35.0:
            return p
    raise RuntimeError("no remote point found")


def main() -> None:
    rng = random.Random(SEED)
    gaz = gazetteer()
    seat_wgs = {c[1]: (float(gaz[c[1]]["lat_wgs84"]), float(gaz[c[1]]["lon_wgs84"])) for c in COUNTIES}
    proxy = gaz["640105"]
    proxy_wgs = (float(proxy["lat_wgs84"]), float(proxy["lon_wgs84"]))

    # pickup points: the five seats (gazetteer GCJ-02 verbatim) and the Guyuan coach station (a guess)
    pickups: list[dict[str, object]] = []
    for name, code, pid, pname, _, _ in COUNTIES:
        pickups.append({"id": pid, "name": pname, "county": code, "lat": gaz[code]["lat_gcj02"],
                        "lon": gaz[code]["lon_gcj02"], "approximate": "no",
                        "note": f"{name} seat centre from the gazetteer (Amap district centre, GCJ-02)"})
    station_wgs = syn.destination(*seat_wgs["640402"], 160.0, 2.0)
    lat, lon = gcj(*station_wgs)
    pickups.append({"id": "P-GYZ", "name": "固原市客运站", "county": "640402", "lat": lat, "lon": lon,
                    "approximate": "yes",
                    "note": "temperature check point on 2020-02-21; real position unknown, placed ~2 km from 原州区 centre"})
    pickup_wgs = [*seat_wgs.values(), station_wgs]

    # workers: the roster, then exact companion counts, then the planted problems
    centres = [(c[1], *seat_wgs[c[1]], float(c[4])) for c in COUNTIES]
    rows = syn.make_roster(rng, 150, centres, [(e[0], float(e[3])) for e in EMPLOYERS],
                           max_km=18.0, companion_workers=12, max_companions=2)
    family = [r for r in rows if int(r["companions"]) > 0]
    for r, k in zip(family, [2] * 5 + [1] * 7):
        r["companions"] = k
        r["companion_names"] = ";".join(syn.companion_names(rng, str(r["name"]), str(r["sex"]), k))
    plain = [r for r in rows if int(r["companions"]) == 0]
    rng.shuffle(plain)
    exceptions: list[tuple[str, str]] = []

    def take(county: str | None = None) -> dict[str, str | int | float]:
        r = next(r for r in plain if county is None or r["county"] == county)
        plain.remove(r)
        return r

    for county, lo, hi in REMOTE:
        r = take(county)
        r["lat"], r["lon"] = remote_home(rng, seat_wgs[county], lo, hi, pickup_wgs)
        exceptions.append((str(r["id"]), "out_of_reach: home 28-35 km straight line from every pickup point"))
    r = take()
    r["id_number"] = syn.with_wrong_check_digit(str(r["id_number"]))
    exceptions.append((str(r["id"]), "invalid_record: ID number check digit wrong"))
    for _ in range(3):
        r = take()
        r["health_cert"] = "no"
        exceptions.append((str(r["id"]), "no_health_cert: no village-committee certificate"))
    for code in ("yellow", "yellow", "red"):
        r = take()
        r["health_code"] = code
        exceptions.append((str(r["id"]), f"code_not_green: health code {code}"))
    for county, cname, town in TOWNSHIP_HOMES:
        r = take(county)
        r.update(county=cname, township=town, lat="", lon="")
    for r in rows:
        if r["lat"] != "":
            r["lat"], r["lon"] = gcj(float(r["lat"]), float(r["lon"]))

    OUT.mkdir(parents=True, exist_ok=True)
    write_csv(OUT / "workers.csv", syn.WORKER_COLUMNS, list(rows))
    write_csv(OUT / "pickup_points.csv", ("id", "name", "county", "lat", "lon", "approximate", "note"), pickups)
    write_csv(OUT / "employers.csv", ("id", "name", "dropoff", "approximate", "note"), [
        {"id": e[0], "name": e[1], "dropoff": e[2], "approximate": "yes",
         "note": "gate position is a guess inside the zone; real coordinates unknown"} for e in EMPLOYERS])
    (OUT / "scenario.yaml").write_text(scenario_yaml(proxy_wgs), encoding="utf-8")
    for wid, why in sorted(exceptions):
        print(wid, why)


def scenario_yaml(proxy_wgs: tuple[float, float]) -> str:
    """The scenario.yaml text: depot and gates placed around the ETDZ proxy point."""
    dlat, dlon = gcj(*syn.destination(*proxy_wgs, 250.0, 1.2))
    gates = []
    for gid, name, bearing, km in GATES:
        lat, lon = gcj(*syn.destination(*proxy_wgs, bearing, km))
        gates.append(f"  - {{id: {gid}, name: \"{name}\", lat: {lat}, lon: {lon}, region: \"640105\", "
                     f"approximate: true,\n     note: \"guessed point {km} km from the ETDZ proxy point\"}}")
    circuity = ", ".join(f'"{c[1]}": {c[5]}' for c in COUNTIES)
    plates = [f"宁A·D81{i:02d}" for i in range(1, 8)]
    return f"""# Generated by tools/make_guyuan_scenario.py (seed {SEED}); see README.md for what is real.
name: 固原首批返岗 (Guyuan, first batch, 2020-02-21)
date: 2020-02-21
timezone: Asia/Shanghai
seed: 0
coord_system: GCJ02
start: "06:30"
deadline: "21:00"
depots:
  - {{id: D-ETDZ, name: 经开区车场, lat: {dlat}, lon: {dlon}, region: "640105", approximate: true,
     note: "coach yard in the zone; guessed point 1.2 km from the ETDZ proxy point"}}
dropoffs:
{chr(10).join(gates)}
# Effective capacity: floor(seats x 0.5), capped by the seats in front of the 2 observation rows:
# 27 per 55-seat coach, 22 per 45-seat coach, 174 in all. Reports say 6 buses; this fleet has 7.
# Plates are synthetic; costs are working assumptions (no 2020 price found).
fleet:
  - {{id: C55, name: 55座大客车, seats: 55, count: 4, cost_per_km: 9.0, fixed_cost: 800,
     depot: D-ETDZ, seats_per_row: 4, plates: [{", ".join(plates[:4])}]}}
  - {{id: C45, name: 45座大客车, seats: 45, count: 3, cost_per_km: 8.0, fixed_cost: 700,
     depot: D-ETDZ, seats_per_row: 4, plates: [{", ".join(plates[4:])}]}}
rules:
  load_factor: 0.5
  observation_rows: 2
  max_access_km: 30
  dwell: {{base_min: 5, per_person_s: 30}}
  max_pickup_stops: 2
  cross_county: true
  drivers:
    max_continuous_day_h: 4
    max_continuous_night_h: 2
    min_break_min: 20
    min_swap_min: 5
    max_daily_h: 8
    max_one_way_km: 400
    night: "22:00-06:00"
    curfew: "02:00-05:00"
    second_driver_cost: 500
distance:
  # per-county factors: circuity column of routing/data/road_km.csv (county -> zone)
  circuity: {{default: 1.19, {circuity}}}
  access_circuity: 1.4
  speed_kph: {{expressway: 80, local: 50, local_below_km: 60}}
"""


if __name__ == "__main__":
    main()
