"""The zone side of a generated scenario: employers sized like the zone's, and their gates.

Sizes follow a Zipf-like law ``k ** -a`` (k the rank) with ``a`` chosen so that the
largest employer has about 6.9 % of the workers (LONGi's 4,800 of the zone's ~70,000),
jittered a little so the tail is not perfectly regular. The largest employers bear the
names of real zone firms (their sizes here are invented); the rest get synthetic names
from a word list. Gates are points within ``GATE_RADIUS_KM`` of the zone point, each
shared by several employers.
"""

from __future__ import annotations

import itertools
import math
import random
from dataclasses import dataclass

from routing.synthetic import people as syn

ZONE_LAT, ZONE_LON = 38.502029, 106.156577  # gazetteer 640105: the zone (Xixia district centre as a proxy)
ZONE_REGION = "640105"
LARGEST_SHARE = 0.069
GATE_RADIUS_KM = 6.0
MAX_GATES = 20

# id, name: real firms of the zone (see routing/data/README.md), largest first by assumption.
REAL_FIRMS: tuple[tuple[str, str], ...] = (
    ("E-LONGI", "银川隆基硅材料有限公司"),
    ("E-KOCEL", "共享集团"),
    ("E-XJR", "宁夏小巨人机床有限公司"),
    ("E-LICHENG", "宁夏力成电气"),
    ("E-TIANTONG", "宁夏天通银厦新材料"),
    ("E-WFBR", "宁夏沃福百瑞枸杞产业股份有限公司"),
    ("E-YINHE", "银和半导体"),
    ("E-ZHONGTAI", "宁夏中太镁业"),
    ("E-HANYAO", "宁夏汉尧石墨烯"),
)
_PLACES = ("宁夏", "银川")
_BRANDS = ("恒泰", "瑞丰", "鑫源", "华鼎", "宏达", "天元", "博远", "嘉禾", "聚力", "塞北", "贺兰", "凤城", "新锐",
           "远航", "昊德", "锦程", "诚信", "盛世", "兴业", "永固", "泰和", "润宁", "晟达", "宏图", "丰源", "隆盛",
           "汇通", "德润", "安泰", "顺达", "明阳", "益康", "银星", "凯瑞", "金川", "沃土", "星河", "卓越", "正源", "祥和")
_TRADES = ("新材料科技", "电子科技", "机械制造", "精密铸造", "光伏科技", "化工", "食品", "生物科技", "纺织", "汽车零部件",
           "智能装备", "包装材料", "建材", "物流", "电气设备", "环保科技", "医药", "农产品加工", "金属制品", "塑胶制品")


@dataclass(frozen=True)
class ZoneEmployer:
    """An employer of a generated scenario: a row of employers.csv."""

    id: str
    name: str
    dropoff: str
    expected_workers: int
    real_name: bool


@dataclass(frozen=True)
class Gate:
    """A drop-off gate in the zone (WGS-84)."""

    id: str
    name: str
    lat: float
    lon: float


def employer_count(workers: int) -> int:
    """Return how many employers a scenario of ``workers`` has: about 0.75 x sqrt(workers), at least 3
    (198 for 70,000 workers), never more than the workers.
    """
    return max(1, min(workers, max(3, round(0.75 * math.sqrt(workers)))))


def gate_count(employers: int) -> int:
    """Return how many gates serve ``employers`` employers: one per ten, at least 2, at most ``MAX_GATES``."""
    return max(1, min(employers, MAX_GATES, max(2, math.ceil(employers / 10))))


def _top_share(a: float, m: int) -> float:
    """Share of the largest of m employers sized k ** -a."""
    return 1.0 / sum(k**-a for k in range(1, m + 1))


def zipf_exponent(m: int, share: float) -> float:
    """Return the exponent ``a`` for which the largest of ``m`` employers sized ``k ** -a`` has ``share``
    of the total (bisection; 0 when ``share`` is at most 1/m).
    """
    lo, hi = 0.0, 6.0
    if share <= 1.0 / m:
        return 0.0
    for _ in range(60):
        mid = (lo + hi) / 2
        lo, hi = (mid, hi) if _top_share(mid, m) < share else (lo, mid)
    return (lo + hi) / 2


def employer_sizes(workers: int, m: int, rng: random.Random) -> list[int]:
    """Return ``m`` whole sizes adding up to ``workers``, largest first, heavy-tailed: the largest about
    ``LARGEST_SHARE`` of the workers (more when there are few employers).
    """
    a = zipf_exponent(m, max(LARGEST_SHARE, min(0.5, 2.0 / m)))
    weights = [k**-a * (1.0 if k == 1 else rng.uniform(0.85, 1.15)) for k in range(1, m + 1)]
    weights = [weights[0], *sorted(weights[1:], reverse=True)]
    return syn.apportion(workers, weights)


def synthetic_names(m: int, rng: random.Random) -> list[str]:
    """Return ``m`` distinct synthetic company names such as 宁夏恒泰新材料科技有限公司."""
    pool = [f"{p}{b}{t}有限公司" for p, b, t in itertools.product(_PLACES, _BRANDS, _TRADES)]
    picks = rng.sample(pool, min(m, len(pool)))
    extra = (f"{name[:-4]}第{n}分公司" for n in range(2, 10**6) for name in pool)
    return picks + list(itertools.islice(extra, max(0, m - len(pool))))


def make_gates(n: int, rng: random.Random) -> tuple[Gate, ...]:
    """Return ``n`` gates ``G-01``... scattered 0.5 to ``GATE_RADIUS_KM`` km from the zone point."""
    gates = []
    for i in range(1, n + 1):
        lat, lon = syn.scatter_point(rng, ZONE_LAT, ZONE_LON, GATE_RADIUS_KM, 0.5)
        gates.append(Gate(f"G-{i:02d}", f"经开区{i}号门岗", round(lat, 6), round(lon, 6)))
    return tuple(gates)


def make_zone(workers: int, seed: int) -> tuple[tuple[ZoneEmployer, ...], tuple[Gate, ...]]:
    """Return the employers (largest first) and gates of a scenario of ``workers`` workers.

    The first employers are the real firms of ``REAL_FIRMS``; employer k (0-based, by size)
    gets off at gate ``k mod gates``, so the largest employers have gates of their own
    and every gate serves large and small employers.
    """
    rng = random.Random(f"returnbus-zone/{seed}")
    m = employer_count(workers)
    sizes = employer_sizes(workers, m, rng)
    gates = make_gates(gate_count(m), rng)
    real = REAL_FIRMS[:m]
    names = synthetic_names(m - len(real), rng)
    width = len(str(m))
    employers = []
    for k, size in enumerate(sizes):
        eid, name = real[k] if k < len(real) else (f"E-{k + 1:0{width}d}", names[k - len(real)])
        employers.append(ZoneEmployer(eid, name, gates[k % len(gates)].id, size, k < len(real)))
    return tuple(employers), gates
