"""Synthetic rosters of any size: the ``workers: {generate: ...}`` spec and the rows it makes.

A roster spec (``RosterSpec``) says how many workers come from which origin counties and
how many of them bring family or fail a check; ``generate_worker_rows`` turns it into the
rows of a ``workers.csv``. The same spec and employers always give the same rows, byte for
byte: every random draw comes from ``random.Random`` streams seeded from the spec's seed,
and nothing depends on hash seeds or dict order.

How the rows are made
---------------------
- Workers per origin county follow the origin weights by largest remainder; within a
  county they are split evenly over its gazetteer places (county centre and towns).
- Homes are uniform in a disc of ``radius_km`` (straight line) around their place, so a
  pickup point at that place is within ``radius_km`` x access circuity by road.
- Workers per employer follow the employer weights by largest remainder.
- ``round(workers x companion_share)`` workers bring 1 to ``max_companions`` family members.
- Distinct workers, ``round(workers x rate)`` of each kind, are exceptions: no certificate,
  a yellow or a red health code, or an ID number with a wrong check digit. Every other ID
  number is valid; ID numbers and phones are unique.
"""

from __future__ import annotations

import math
import random
from collections.abc import Sequence

from routing.errors import GenerateError
from routing.synthetic import people as syn
from routing.synthetic.origins import places_of
from routing.synthetic.spec import SPEC_KEYS, RosterSpec, employer_weights, parse_origins, roster_spec, spec_mapping

__all__ = ["SPEC_KEYS", "GenerateError", "RosterSpec", "employer_weights", "generate_worker_rows", "origin_counts",
           "parse_origins", "roster_spec", "spec_mapping"]


def _rng(seed: int, stream: str) -> random.Random:
    """An independent random stream per purpose, so changing one rate leaves the other draws alone."""
    return random.Random(f"returnbus-roster/{seed}/{stream}")


def _spread(counts: Sequence[int], rng: random.Random) -> list[int]:
    """Indices repeated by their counts, shuffled."""
    out = [i for i, k in enumerate(counts) for _ in range(k)]
    rng.shuffle(out)
    return out


def origin_counts(spec: RosterSpec) -> dict[str, int]:
    """Return workers per origin adcode: ``spec.workers`` apportioned to the origin weights."""
    counts = syn.apportion(spec.workers, [w for _, w in spec.origins])
    return {adcode: k for (adcode, _), k in zip(spec.origins, counts)}


def _homes(spec: RosterSpec, rng: random.Random) -> list[tuple[str, float, float]]:
    """(county adcode, place lat, place lon) of each worker, shuffled."""
    slots: list[tuple[str, float, float]] = []
    for adcode, k in origin_counts(spec).items():
        places = places_of(adcode)
        for place, n in zip(places, syn.apportion(k, [1.0] * len(places))):
            slots += [(adcode, place.lat, place.lon)] * n
    rng.shuffle(slots)
    return slots


def _exceptions(spec: RosterSpec, rng: random.Random) -> dict[int, str]:
    """Row index -> exception kind (no_cert, yellow, red, bad_id) for distinct workers."""
    n = spec.workers
    kinds = (("no_cert", spec.no_cert_rate), ("yellow", spec.yellow_code_rate), ("red", spec.red_code_rate),
             ("bad_id", spec.bad_record_rate))
    sizes = [min(n, math.floor(n * rate + 0.5)) for _, rate in kinds]
    chosen = rng.sample(range(n), min(n, sum(sizes)))
    out: dict[int, str] = {}
    for (kind, _), k in zip(kinds, sizes):
        out.update((i, kind) for i in chosen[:k])
        chosen = chosen[k:]
    return out


def generate_worker_rows(spec: RosterSpec, employers: Sequence[tuple[str, float]]) -> list[dict[str, str]]:
    """Return the synthetic roster of ``spec`` as rows of ``workers.csv``.

    Parameters
    ----------
    spec
        The roster spec.
    employers
        ``(employer id, weight)`` in a fixed order (employers.csv's order); workers per
        employer follow the weights by largest remainder.

    Returns
    -------
    list of dict
        ``spec.workers`` rows keyed by ``synthetic.WORKER_COLUMNS``, every value a str;
        ids ``<prefix>00001`` ... in row order, WGS-84 homes with 6 decimals, ``county`` the
        6-digit home adcode, ``township`` empty.

    Raises
    ------
    GenerateError
        When there are no employers or their weights are not positive.
    """
    if not employers or any(w < 0 for _, w in employers) or sum(w for _, w in employers) <= 0:
        raise GenerateError("employers: need at least one employer and weights ≥ 0 that add up to more than 0")
    n = spec.workers
    homes = _homes(spec, _rng(spec.seed, "homes"))
    works = [employers[i][0] for i in _spread(syn.apportion(n, [w for _, w in employers]), _rng(spec.seed, "jobs"))]
    rng_family = _rng(spec.seed, "family")
    family = set(rng_family.sample(range(n), min(n, math.floor(n * spec.companion_share + 0.5))))
    exceptions = _exceptions(spec, _rng(spec.seed, "exceptions"))
    people, scatter = _rng(spec.seed, "people"), _rng(spec.seed, "scatter")
    width = len(str(n))
    seen: set[str] = set()
    rows: list[dict[str, str]] = []
    for j in range(n):
        county, plat, plon = homes[j]
        person = syn.make_person(people, county)
        while person["id_number"] in seen or person["phone"] in seen:
            person = syn.make_person(people, county)
        seen.update((person["id_number"], person["phone"]))
        lat, lon = syn.scatter_point(scatter, plat, plon, spec.radius_km)
        k = rng_family.randint(1, spec.max_companions) if j in family else 0
        kind = exceptions.get(j, "")
        rows.append({
            "id": f"{spec.id_prefix}{j + 1:0{width}d}", "name": person["name"],
            "id_number": syn.with_wrong_check_digit(person["id_number"]) if kind == "bad_id" else person["id_number"],
            "phone": person["phone"], "sex": person["sex"], "lat": f"{lat:.6f}", "lon": f"{lon:.6f}",
            "county": county, "township": "", "employer": works[j],
            "health_code": kind if kind in ("yellow", "red") else "green",
            "health_cert": "no" if kind == "no_cert" else "yes", "companions": str(k),
            "companion_names": ";".join(syn.companion_names(rng_family, person["name"], person["sex"], k)),
        })
    return rows
