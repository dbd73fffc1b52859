"""Gazetteer benchmark: how long locating 70,000 homes takes, by ID region, county, township and address.

Each case places ``--homes`` homes (default 70,000) with ``routing.roster.locate.locate`` alone, the
way the roster check calls it, drawn with a fixed seed from every county of China (today's codes and,
for the ID numbers, one in five a former code of ``region_codes.csv``); the county and address cases
give no ID number, so a name several counties share (朝阳区) places nothing. Township names are the
curated county-seat towns' (城关镇 is three of them: nothing). It prints wall and CPU seconds per case,
without and with a region (one holding all of China, to show its cost), after a first call that
builds the indexes (the cold start a ``validate`` pays once). Run by hand::

    .venv/bin/python -m bench.gazetteer.run [--homes 70000] [--seed 1]
"""

from __future__ import annotations

import argparse
import csv
import random
import time
from collections.abc import Callable
from importlib import resources

from routing.geo import gazetteer
from routing.roster.idcard import check_char
from routing.roster.locate import HomeRegion, locate, region_around

Case = tuple[str, str, str, str]  # address, county, township, id_number


def _rows(name: str) -> list[dict[str, str]]:
    text = resources.files("routing").joinpath(f"data/{name}").read_text(encoding="utf-8")
    return list(csv.DictReader(text.splitlines()))


def _id(region: str, rng: random.Random) -> str:
    base = f"{region}{rng.randint(1960, 2004)}{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}{rng.randint(0, 999):03d}"
    return base + check_char(base)


def cases(n: int, seed: int) -> dict[str, list[Case]]:
    """The homes of each case, ``n`` each."""
    rng = random.Random(seed)
    counties = [r for r in _rows("counties.csv") if r["adcode"][:2] not in ("71", "81", "82")]
    former = [r for r in _rows("region_codes.csv") if r["how"] != "residence permit"]
    towns = [p for p in gazetteer.places() if p.kind == "township"]
    picks = [rng.choice(counties) for _ in range(n)]
    ids = [_id(rng.choice(former)["code"] if rng.random() < 0.2 else r["adcode"], rng) for r in picks]
    return {
        "id region": [("", "", "", i) for i in ids],
        "county name": [("", r["name"], "", "") for r in picks],
        "township name": [("", "", t.name.split("县")[-1].split("区")[-1], "") for t in
                          (rng.choice(towns) for _ in range(n))],
        "address": [(f"{r['province']}{r['prefecture']}{r['name']}某某镇{k % 50}村", "", "", "")
                    for k, r in enumerate(picks)],
    }


def timed(run: Callable[[], int]) -> tuple[float, float, int]:
    wall, cpu = time.perf_counter(), time.process_time()
    found = run()
    return time.perf_counter() - wall, time.process_time() - cpu, found


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--homes", type=int, default=70_000)
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    wall, cpu, _ = timed(lambda: int(locate("北京市东城区", "东城区", "", "110101199001010011") is not None))
    print(f"{'indexes (cold start)':22} wall {wall:7.3f} s   cpu {cpu:7.3f} s")
    china = region_around([(3.8, 73.5), (53.6, 135.1)], 0)  # a region every county is in: its cost alone
    for name, homes in cases(args.homes, args.seed).items():
        for region in (None, china):
            def run(h: list[Case] = homes, r: HomeRegion | None = region) -> int:
                return sum(locate(*c, region=r) is not None for c in h)

            wall, cpu, found = timed(run)
            label = name + (" +region" if region else "")
            print(f"{label:22} wall {wall:7.3f} s   cpu {cpu:7.3f} s   {found:,} of {len(homes):,} placed")


if __name__ == "__main__":
    main()
