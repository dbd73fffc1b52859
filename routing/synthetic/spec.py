"""The roster spec: what a synthetic roster holds, parsed from the ``workers: {generate: ...}`` mapping.

``roster_spec`` checks every key of the mapping and raises ``GenerateError`` (a
``ValueError``) whose message starts with the bad key; ``spec_mapping`` gives the mapping
back, every key present, so a spec written to scenario.yaml reads back equal.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from routing.errors import GenerateError
from routing.synthetic.origins import bundled_weight, find_origin, origin_weights

SPEC_KEYS = ("seed", "workers", "origins", "companion_share", "max_companions", "no_cert_rate",
             "yellow_code_rate", "red_code_rate", "bad_record_rate", "id_prefix", "radius_km")
MAX_WORKERS = 10_000_000


@dataclass(frozen=True)
class RosterSpec:
    """What a synthetic roster holds; ``roster_spec`` builds one from a mapping.

    Attributes
    ----------
    seed
        Seed of every random draw; the same spec gives the same rows.
    workers
        Number of workers (rows).
    origins
        ``(county adcode, weight)`` pairs sorted by adcode; weights are relative.
    companion_share
        Share of workers who bring family members (default 0.09).
    max_companions
        Most family members one worker brings (default 2); each brings 1..this many.
    no_cert_rate, yellow_code_rate, red_code_rate, bad_record_rate
        Shares of workers without a health certificate (0.02), with a yellow (0.008) or red
        (0.002) health code, and with an ID number whose check digit is wrong (0.005).
    id_prefix
        Worker ids are this prefix and the row number zero-padded to the digits of ``workers``.
    radius_km
        Homes lie within this straight-line distance of their place (default 15 km; with
        access circuity 1.4 that is 21 km by road, inside the 30 km access limit).
    """

    seed: int
    workers: int
    origins: tuple[tuple[str, float], ...]
    companion_share: float = 0.09
    max_companions: int = 2
    no_cert_rate: float = 0.02
    yellow_code_rate: float = 0.008
    red_code_rate: float = 0.002
    bad_record_rate: float = 0.005
    id_prefix: str = "W"
    radius_km: float = 15.0


def _whole(value: Any, key: str, lo: int, hi: int) -> int:
    """A whole number lo..hi from an int or a string of digits."""
    text = str(value).strip()
    ok = (isinstance(value, int) and not isinstance(value, bool)) or (isinstance(value, str) and text.isdigit())
    if not ok or not lo <= int(text) <= hi:
        bound = f"from {lo:,} to {hi:,}"
        raise GenerateError(f"{key}: must be a whole number {bound}, got {value!r}")
    return int(text)


def _real(value: Any, key: str, lo: float, hi: float, what: str = "a number") -> float:
    """A finite number lo..hi (inclusive) from a number or a numeric string."""
    try:
        x = math.nan if isinstance(value, bool) else float(value)
    except (TypeError, ValueError):
        x = math.nan
    if not (math.isfinite(x) and lo <= x <= hi):
        raise GenerateError(f"{key}: must be {what} from {lo:g} to {hi:g}, got {value!r}")
    return x


def _origin_items(value: Any) -> list[tuple[Any, Any]]:
    """(place, weight or None) pairs from a mapping, a list, or text like ``沙坡头区,中宁:3,海原``."""
    if isinstance(value, Mapping):
        return list(value.items())
    if isinstance(value, str):
        pairs = [re.split(r"\s*[:=：]\s*", p.strip(), maxsplit=1) for p in re.split(r"[,，、;]+", value) if p.strip()]
        return [(p[0], p[1] if len(p) > 1 else None) for p in pairs]
    if isinstance(value, list | tuple):
        items: list[tuple[Any, Any]] = []
        for item in value:
            if isinstance(item, Mapping) and len(item) == 1:
                items.extend(item.items())
            elif isinstance(item, str | int) and not isinstance(item, bool):
                items.append((item, None))
            else:
                raise GenerateError(f"origins: item {item!r} is neither a place nor a mapping of one place to a weight")
        return items
    raise GenerateError(f"origins: must be a list of places, a mapping of places to weights or text, got {value!r}")


def parse_origins(value: Any) -> tuple[tuple[str, float], ...]:
    """Return ``(adcode, weight)`` pairs sorted by adcode from the ``origins`` of a spec.

    ``None``, ``"all"`` or ``"default"`` mean every bundled origin with its bundled weight.
    Otherwise places are named by adcode, full or short name (``海原``, ``平凉``), each
    optionally with its own weight; a place without one takes its bundled weight.

    Raises
    ------
    GenerateError
        For an unknown or repeated place, a place with neither weight nor bundled weight,
        a weight that is not a positive number, or no origins at all.
    """
    if value is None or (isinstance(value, str) and value.strip().lower() in ("all", "default")):
        return tuple(sorted((o.adcode, o.weight) for o in origin_weights()))
    out: dict[str, float] = {}
    for place, weight in _origin_items(value):
        try:
            adcode = find_origin(str(place))
        except ValueError as e:
            raise GenerateError(f"origins: {e}") from None
        if adcode in out:
            raise GenerateError(f"origins: {place!r} is listed more than once")
        if weight is None or (isinstance(weight, str) and not weight.strip()):
            bundled = bundled_weight(adcode)
            if bundled is None:
                raise GenerateError(f"origins: {place!r} has no bundled weight; give one, e.g. '{place}: 1'")
            out[adcode] = bundled
        else:
            try:
                out[adcode] = _real(weight, "weight", 1e-9, 1e9)
            except GenerateError:
                raise GenerateError(f"origins: weight of {place!r} must be a positive number, got {weight!r}") from None
    if not out:
        raise GenerateError("origins: names no place")
    return tuple(sorted(out.items()))


def roster_spec(mapping: Mapping[str, Any]) -> RosterSpec:
    """Build a ``RosterSpec`` from a mapping (the ``workers: {generate: ...}`` of a scenario.yaml).

    Parameters
    ----------
    mapping
        Keys of ``SPEC_KEYS``; ``workers`` is required, the others default to the values of
        ``RosterSpec`` (``seed`` 0, ``origins`` every bundled origin). Numbers may be given
        as strings, as on a command line.

    Returns
    -------
    RosterSpec

    Raises
    ------
    GenerateError
        A ``ValueError`` whose message starts with the bad key, e.g.
        ``workers: must be a whole number ≥ 1, got 'abc'``.
    """
    if not isinstance(mapping, Mapping):
        raise GenerateError(f"generate: must be a mapping of {', '.join(SPEC_KEYS)}, got {mapping!r}")
    unknown = sorted(str(k) for k in mapping if k not in SPEC_KEYS)
    if unknown:
        raise GenerateError(f"{unknown[0]}: unknown key; expected one of {', '.join(SPEC_KEYS)}")
    if "workers" not in mapping:
        raise GenerateError("workers: missing; give the number of workers to generate")
    d = RosterSpec(seed=0, workers=1, origins=())
    m = dict(mapping)
    prefix = m.get("id_prefix", d.id_prefix)
    if not isinstance(prefix, str) or not re.fullmatch(r"[A-Za-z0-9_-]{0,16}", prefix):
        raise GenerateError(f"id_prefix: must be up to 16 letters, digits, '-' or '_', got {prefix!r}")
    rates = {k: _real(m.get(k, getattr(d, k)), k, 0.0, 1.0, "a share")
             for k in ("companion_share", "no_cert_rate", "yellow_code_rate", "red_code_rate", "bad_record_rate")}
    if sum(v for k, v in rates.items() if k != "companion_share") > 1.0:
        raise GenerateError("no_cert_rate: with the other exception rates it adds up to more than 1")
    return RosterSpec(
        seed=_whole(m.get("seed", d.seed), "seed", 0, 2**31 - 1),  # the solvers take a 32-bit seed
        workers=_whole(m["workers"], "workers", 1, MAX_WORKERS),
        origins=parse_origins(m.get("origins")),
        max_companions=_whole(m.get("max_companions", d.max_companions), "max_companions", 1, 20),
        id_prefix=prefix,
        radius_km=_real(m.get("radius_km", d.radius_km), "radius_km", 0.1, 100.0),
        **rates,
    )


def spec_mapping(spec: RosterSpec) -> dict[str, Any]:
    """Return the spec as the plain mapping ``roster_spec`` reads (every key, origins by adcode)."""
    out: dict[str, Any] = {k: getattr(spec, k) for k in SPEC_KEYS}
    out["origins"] = dict(spec.origins)
    return out


def employer_weights(rows: Iterable[Mapping[str, str]]) -> list[tuple[str, float]]:
    """Return ``(employer id, weight)`` from rows of an employers.csv, in file order: the weight is the
    ``expected_workers`` column, 1 where it is missing or empty.
    """
    out = []
    for r in rows:
        text = str(r.get("expected_workers", "") or "").strip()
        out.append((str(r["id"]).strip(), _real(text, f"expected_workers of {r['id']!r}", 0, 1e12) if text else 1.0))
    return out
