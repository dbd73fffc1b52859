"""Synthetic people for scenarios, property tests and benchmarks.

Every function takes a seeded ``random.Random`` and plain data and returns plain data;
nothing here keeps state, so the same seed always gives the same people. The people
are invented: names are drawn from common Chinese surnames (with the Hui surnames
frequent in Ningxia weighted up) and given-name characters, ID numbers are valid
GB 11643 numbers of a given county, and phone numbers look like mainland mobiles.
"""

from __future__ import annotations

import datetime as dt
import math
import random
from collections.abc import Sequence

from routing.geo.distance import EARTH_RADIUS_KM, great_circle_m
from routing.roster.idcard import check_char

# (surname, relative weight); 马 and the other Hui surnames are common in southern Ningxia.
SURNAMES: tuple[tuple[str, int], ...] = (
    ("马", 30), ("杨", 12), ("李", 12), ("王", 12), ("张", 10), ("海", 4), ("丁", 4), ("田", 4),
    ("苏", 4), ("刘", 8), ("陈", 4), ("赵", 4), ("周", 3), ("吴", 2), ("何", 3), ("白", 3),
    ("金", 2), ("穆", 2), ("兰", 2), ("纳", 1), ("拜", 1), ("虎", 1), ("冶", 1), ("哈", 1),
    ("高", 3), ("郭", 3), ("罗", 2), ("徐", 2), ("胡", 2), ("朱", 2), ("孙", 2), ("韩", 2),
    ("冯", 2), ("魏", 2), ("祁", 1), ("柳", 1), ("余", 1), ("常", 1), ("景", 1), ("米", 1),
)
_MALE_CHARS = "伟强军勇杰涛斌明刚平辉鹏华飞鑫波宁龙海东林成福国文俊忠学武兵亮彬超磊洋虎贵荣山峰德祥仁义"
_FEMALE_CHARS = "芳娟敏静丽艳霞燕玲梅红萍花琴慧莉英兰雪婷娜倩秀凤桂瑞佳月琳晶丹妮蓉莲香"
_NEUTRAL_CHARS = "小文建晓春永志彦金玉少海新生"
MOBILE_PREFIXES = ("139", "138", "137", "136", "135", "150", "151", "152", "158", "186", "187",
                   "177", "180", "181", "189", "133", "199", "156")

WORKER_COLUMNS = ("id", "name", "id_number", "phone", "sex", "lat", "lon", "county", "township",
                  "employer", "health_code", "health_cert", "companions", "companion_names")

# A centre people live around: (county adcode, lat, lon, relative weight).
Centre = tuple[str, float, float, float]


def make_name(rng: random.Random, sex: str) -> str:
    """Return a plausible full Chinese name for sex ``"M"`` or ``"F"``: a weighted common surname followed by one or
    two given-name characters, the last of them usually typical of that sex.
    """
    surnames, weights = zip(*SURNAMES)
    surname = rng.choices(surnames, weights=weights)[0]
    pool = _MALE_CHARS if sex == "M" else _FEMALE_CHARS
    last = rng.choice(pool) if rng.random() < 0.9 else rng.choice(_NEUTRAL_CHARS)
    if rng.random() < 0.35:
        return surname + last
    first = rng.choice(_NEUTRAL_CHARS + pool)
    return surname + first + last


def make_birth_date(rng: random.Random, first_year: int = 1965, last_year: int = 2002) -> dt.date:
    """Return a birth date drawn uniformly from 1 January of ``first_year`` to 31 December of ``last_year``, which by
    default gives people of working age in 2020.
    """
    start = dt.date(first_year, 1, 1)
    days = (dt.date(last_year, 12, 31) - start).days
    return start + dt.timedelta(days=rng.randint(0, days))


def make_id_number(rng: random.Random, region: str, sex: str, birth: dt.date | None = None) -> str:
    """Return a valid 18-character GB 11643 resident ID number: the 6-digit ``region`` adcode, the birth date (random
    working age when None), a sequence number whose last digit is odd for ``"M"`` and even for ``"F"``, and the
    check character from ``routing.roster.idcard.check_char``.
    """
    if len(region) != 6 or not region.isdigit():
        raise ValueError(f"region must be a 6-digit adcode, got {region!r}")
    if sex not in ("M", "F"):
        raise ValueError(f"sex must be 'M' or 'F', got {sex!r}")
    birth = birth or make_birth_date(rng)
    parity_digit = rng.choice("13579" if sex == "M" else "02468")
    first17 = f"{region}{birth:%Y%m%d}{rng.randint(0, 99):02d}{parity_digit}"
    return first17 + check_char(first17)


def with_wrong_check_digit(id_number: str) -> str:
    """Return the ID number with its check character replaced by a different, wrong one (for deliberately invalid
    records).
    """
    right = check_char(id_number[:17])
    chars = "0123456789X"
    return id_number[:17] + chars[(chars.index(right) + 1) % len(chars)]


def make_phone(rng: random.Random) -> str:
    """Return an 11-digit mainland mobile number made of a common operator prefix and eight random digits."""
    return rng.choice(MOBILE_PREFIXES) + f"{rng.randrange(10**8):08d}"


def make_person(rng: random.Random, county_adcode: str, sex: str | None = None) -> dict[str, str]:
    """Return one synthetic person of a county as a dict with ``name``, ``sex`` (``"M"``/``"F"``, random when None, men
    slightly more common), ``id_number``, ``birth_date`` (ISO) and ``phone``.
    """
    sex = sex or ("M" if rng.random() < 0.62 else "F")
    birth = make_birth_date(rng)
    return {
        "name": make_name(rng, sex),
        "sex": sex,
        "id_number": make_id_number(rng, county_adcode, sex, birth),
        "birth_date": birth.isoformat(),
        "phone": make_phone(rng),
    }



def destination(lat: float, lon: float, bearing_deg: float, km: float) -> tuple[float, float]:
    """Return the point ``km`` along the great circle leaving (``lat``, ``lon``) at ``bearing_deg`` (clockwise from
    north), in degrees on the same sphere as ``routing.geo.distance.great_circle_m``.
    """
    d = km / EARTH_RADIUS_KM
    p1, l1, b = math.radians(lat), math.radians(lon), math.radians(bearing_deg)
    p2 = math.asin(math.sin(p1) * math.cos(d) + math.cos(p1) * math.sin(d) * math.cos(b))
    l2 = l1 + math.atan2(math.sin(b) * math.sin(d) * math.cos(p1), math.cos(d) - math.sin(p1) * math.sin(p2))
    return math.degrees(p2), (math.degrees(l2) + 540.0) % 360.0 - 180.0


def scatter_point(
    rng: random.Random, lat: float, lon: float, max_km: float, min_km: float = 0.0
) -> tuple[float, float]:
    """Return a point spread uniformly over the ring between ``min_km`` and ``max_km`` (straight line) around (``lat``,
    ``lon``): a uniform bearing and a radius drawn so that equal areas are equally likely.
    """
    if not 0.0 <= min_km <= max_km:
        raise ValueError(f"need 0 <= min_km <= max_km, got {min_km}, {max_km}")
    r = math.sqrt(rng.uniform(min_km**2, max_km**2))
    return destination(lat, lon, rng.uniform(0.0, 360.0), r)


def apportion(total: int, weights: Sequence[float]) -> list[int]:
    """Return whole counts summing to ``total`` in proportion to ``weights``, by the largest-remainder method (ties go
    to the earlier weight).
    """
    s = float(sum(weights))
    quotas = [total * w / s for w in weights]
    counts = [math.floor(q) for q in quotas]
    order = sorted(range(len(weights)), key=lambda i: (-(quotas[i] - counts[i]), i))
    for i in order[: total - sum(counts)]:
        counts[i] += 1
    return counts


def companion_names(rng: random.Random, name: str, sex: str, k: int) -> list[str]:
    """Return ``k`` names of family members travelling with a worker: first a spouse of the other sex (any surname),
    then relatives who share the worker's surname.
    """
    out: list[str] = []
    for i in range(k):
        if i == 0 and rng.random() < 0.7:
            out.append(make_name(rng, "F" if sex == "M" else "M"))
        else:
            out.append(name[0] + make_name(rng, rng.choice("MF"))[1:])
    return out


def _home(rng: random.Random, centres: Sequence[Centre], i: int, max_km: float) -> tuple[float, float]:
    """Scatter a home around centre ``i`` whose nearest centre is centre ``i`` (rejection sampling)."""
    _, lat, lon, _ = centres[i]
    for _ in range(1000):
        p = scatter_point(rng, lat, lon, max_km)
        dists = [great_circle_m(p[0], p[1], c[1], c[2]) for c in centres]
        if min(range(len(centres)), key=dists.__getitem__) == i:
            return p
    raise ValueError(f"could not place a home nearest to centre {centres[i][0]}")


def make_roster(
    rng: random.Random,
    n: int,
    centres: Sequence[Centre],
    employers: Sequence[tuple[str, float]],
    max_km: float = 18.0,
    companion_workers: int = 0,
    max_companions: int = 2,
    id_prefix: str = "W",
) -> list[dict[str, str | int | float]]:
    """Return ``n`` synthetic workers as rows keyed by the columns of ``workers.csv`` (all green, all certified):
    counts per centre and per employer follow the weights exactly (largest remainder), homes lie within ``max_km``
    of their own centre and nearer it than any other, ``companion_workers`` of them bring 1 to ``max_companions``
    family members, and ID numbers and phone numbers are unique; ids run ``W0001``, ``W0002``, ... in shuffled
    order.
    """
    where = [i for i, k in enumerate(apportion(n, [c[3] for c in centres])) for _ in range(k)]
    works = [e for e, k in zip((e[0] for e in employers), apportion(n, [e[1] for e in employers])) for _ in range(k)]
    rng.shuffle(where)
    rng.shuffle(works)
    with_family = set(rng.sample(range(n), min(companion_workers, n)))
    seen: set[str] = set()
    rows: list[dict[str, str | int | float]] = []
    for j in range(n):
        adcode = centres[where[j]][0]
        person = make_person(rng, adcode)
        while person["id_number"] in seen or person["phone"] in seen:
            person = make_person(rng, adcode)
        seen.update((person["id_number"], person["phone"]))
        lat, lon = _home(rng, centres, where[j], max_km)
        k = rng.randint(1, max_companions) if j in with_family else 0
        rows.append({
            "id": f"{id_prefix}{j + 1:04d}", "name": person["name"], "id_number": person["id_number"],
            "phone": person["phone"], "sex": person["sex"], "lat": round(lat, 6), "lon": round(lon, 6),
            "county": adcode, "township": "", "employer": works[j], "health_code": "green",
            "health_cert": "yes", "companions": k,
            "companion_names": ";".join(companion_names(rng, person["name"], person["sex"], k)),
        })
    return rows
