"""Write the bundled long-haul scenario ``scenarios/zhoukou-2020-03-02`` (run once; deterministic).

What it makes: a cross-province batch of the kind that ran all over China in spring 2020, about
1,100 road km one way: workers of the Yinchuan Economic and Technological Development Zone who
spent the Spring Festival in 周口 (Henan) ride home to the zone in coaches of an operator at the
origin (豫P plates), with two drivers, leaving at noon and arriving the next morning, their duty
ending at the zone (``rules.duty_end: zone``: the empty drive home is paid, not scheduled).

Facts used: the county-level divisions of 周口市 and their centres from the bundled national
gazetteer (``routing/data/counties.csv``, WGS-84), the zone's gates and employers of the Guyuan
scenario, and the 2020 rules (50 % load, two empty rows, health certificate and code, two drivers
above 400 km one way, the 02:00-05:00 stop). Everything else is synthetic: every person is made by
``routing.synthetic.people`` with a fixed seed, and their homes are given only by their ID numbers
(as many a village committee's list was), so the planner places them from the ID region. The
fleet, the depot and the costs are working assumptions.

Usage: ``.venv/bin/python tools/make_zhoukou_scenario.py``.
"""

from __future__ import annotations

import csv
import random
from pathlib import Path

from routing.geo.coords import gcj02_to_wgs84
from routing.synthetic import people as syn

SEED = 20200302
ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "scenarios" / "zhoukou-2020-03-02"
COUNTIES = ROOT / "routing" / "data" / "counties.csv"
GUYUAN = ROOT / "scenarios" / "guyuan-2020-02-21"
# adcode -> workers (a rough population order)
ORIGINS = {"411602": 50, "411603": 45, "411621": 40, "411622": 45, "411623": 55, "411627": 60}
EMPLOYERS = ("E-LONGI", "E-KOCEL", "E-XJR")


def _counties() -> dict[str, dict[str, str]]:
    with COUNTIES.open(encoding="utf-8") as f:
        return {r["adcode"]: r for r in csv.DictReader(f) if r["adcode"] in ORIGINS}


def _gates() -> tuple[list[dict[str, str]], list[dict[str, str]]]:
    """The Guyuan scenario's employers and their gates (GCJ-02 there), gates converted to WGS-84."""
    import yaml

    doc = yaml.safe_load((GUYUAN / "scenario.yaml").read_text(encoding="utf-8"))
    with (GUYUAN / "employers.csv").open(encoding="utf-8-sig") as f:
        employers = [r for r in csv.DictReader(f) if r["id"] in EMPLOYERS]
    wanted = {e["dropoff"] for e in employers}
    gates = []
    for g in doc["dropoffs"]:
        if g["id"] in wanted:
            lat, lon = gcj02_to_wgs84(g["lat"], g["lon"])
            gates.append({"id": g["id"], "name": g["name"], "lat": f"{lat:.6f}", "lon": f"{lon:.6f}"})
    return employers, gates


def _workers(rng: random.Random) -> list[dict[str, str]]:
    rows = []
    k = 0
    for adcode, n in ORIGINS.items():
        for _ in range(n):
            k += 1
            sex = rng.choice("MF")
            companions = 1 if rng.random() < 0.08 else 0
            rows.append({
                "id": f"ZK{k:04d}", "name": syn.make_name(rng, sex), "sex": "男" if sex == "M" else "女",
                "id_number": syn.make_id_number(rng, adcode, sex), "phone": syn.make_phone(rng),
                "employer": rng.choice(EMPLOYERS), "health_code": "绿码" if rng.random() > 0.02 else "黄码",
                "health_cert": "有" if rng.random() > 0.02 else "无", "companions": str(companions),
                "companion_names": syn.make_name(rng, rng.choice("MF")) if companions else "",
            })
    return rows


def _write_csv(path: Path, rows: list[dict[str, str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def main() -> None:
    rng = random.Random(SEED)
    OUT.mkdir(parents=True, exist_ok=True)
    counties = _counties()
    employers, gates = _gates()
    _write_csv(OUT / "workers.csv", _workers(rng))
    _write_csv(OUT / "employers.csv", [{"id": e["id"], "name": e["name"], "dropoff": e["dropoff"], "approximate": "yes",
                                        "note": e.get("note", "")} for e in employers])
    _write_csv(OUT / "pickup_points.csv", [
        {"id": f"P-{a}", "name": f"{counties[a]['name']}汽车站", "county": a, "lat": counties[a]["lat_wgs84"],
         "lon": counties[a]["lon_wgs84"], "address": f"{counties[a]['name']}城区汽车站广场", "approximate": "yes",
         "note": "county centre from the bundled gazetteer; the station itself is a guess"} for a in ORIGINS])
    depot = counties["411602"]
    gate_lines = "\n".join(
        f"  - {{id: {g['id']}, name: \"{g['name']}\", lat: {g['lat']}, lon: {g['lon']}, region: \"640105\", "
        "approximate: true}" for g in gates)
    (OUT / "scenario.yaml").write_text(f"""# Written by tools/make_zhoukou_scenario.py: a long-haul cross-province batch (see README.md).
name: 周口返岗专车 (Zhoukou, Henan, cross-province, 2020-03-02)
date: 2020-03-02
timezone: Asia/Shanghai
seed: 0
coord_system: WGS84
start: "12:00"
deadline: "2020-03-03T14:00"
depots:
  - {{id: D-ZK, name: 周口客运公司车场, lat: {float(depot['lat_wgs84']) + 0.004:.6f}, lon: {depot['lon_wgs84']}, region: "411602",
     approximate: true, note: "the operator's yard at the origin: a guess near the 川汇区 centre"}}
dropoffs:
{gate_lines}
fleet:
  - {{id: C55, name: 55座大客车, seats: 55, count: 12, cost_per_km: 9.0, fixed_cost: 1500, depot: D-ZK,
     seats_per_row: 4}}
rules:
  duty_end: zone
  max_pickup_stops: 2
distance:
  circuity: {{default: 1.2}}
""", encoding="utf-8")
    print(f"wrote {OUT}")


if __name__ == "__main__":
    main()
