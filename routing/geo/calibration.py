"""Bundled road-distance calibration: a circuity factor per county, prefecture and province.

The offline distance model is ``road = geodesic x circuity`` with the factor chosen by
the longest matching adcode prefix (``routing.geo.distance.circuity``). This module derives
those factors from ``routing/data/road_km.csv`` (see ``routing/data/README.md``):

- one factor per origin county: its road distance to the zone divided by the geodesic
  between the gazetteer's WGS-84 county centre and the zone;
- one per prefecture (4-digit prefix) and per province (2-digit prefix): the median of
  its counties, so that a county not in the table still gets its region's factor;
- one for the zone's own prefecture (Yinchuan, ``6401``): the corridor model's per-leg
  factor K. Every calibration row ends at the zone and ``road_m`` uses the larger factor
  of the two ends, so the zone end must not outweigh the origin's factor; K is the
  smallest factor the estimates were built from (a chain of legs is never shorter than
  the straight line), so it never does.

The county-to-county rows of the file (原州区 -> 西吉县 and the like, all ``K x
geodesic``) are low-confidence estimates: they give K and nothing else, and never
override a county's factor to the zone.
"""

from __future__ import annotations

import csv
import statistics
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from routing.geo import gazetteer
from routing.geo.distance import geodesic_m

ZONE_ADCODE = "640105"  # the ETDZ proxy point of the gazetteer (Xixia district centre)
FACTOR_DECIMALS = 3
REGION_WIDTHS = (4, 2)  # prefecture and province prefixes of a county adcode


@dataclass(frozen=True)
class RoadRow:
    """One road distance of the bundled table.

    Attributes
    ----------
    origin, destination : str
        The labels as written in the source table, e.g. ``原州区(固原)``, ``银川经开区(proxy)``.
    origin_adcode, destination_adcode : str
        6-digit adcodes resolved with the gazetteer; the zone is ``ZONE_ADCODE``.
    geodesic_km : float
        The source table's straight-line distance (to its ETDZ proxy point for zone rows).
    road_km : float
        Road distance in km: sourced, or the corridor model's estimate (see ``basis``).
    model_road_km : float
        The corridor model's estimate, also for the sourced rows.
    circuity : float
        The source table's ``road_km / geodesic_km``.
    basis : str
        ``sourced`` (a published figure) or ``estimate`` (the corridor model).
    corridor, source : str
        The roads taken, and where the figure comes from.
    """

    origin: str
    origin_adcode: str
    destination: str
    destination_adcode: str
    geodesic_km: float
    road_km: float
    model_road_km: float
    circuity: float
    basis: str
    corridor: str
    source: str

    @property
    def to_zone(self) -> bool:
        """Whether the row runs from a county to the zone."""
        return self.destination_adcode == ZONE_ADCODE


def _row(r: dict[str, str]) -> RoadRow:
    return RoadRow(
        origin=r["origin"], origin_adcode=r["origin_adcode"],
        destination=r["destination"], destination_adcode=r["destination_adcode"],
        geodesic_km=float(r["geodesic_km"]), road_km=float(r["road_km"]),
        model_road_km=float(r["model_road_km"]), circuity=float(r["circuity"]),
        basis=r["basis"], corridor=r["corridor"], source=r["source"],
    )


@lru_cache(maxsize=1)
def calibration_rows() -> tuple[RoadRow, ...]:
    """All rows of the bundled road-distance table, in file order."""
    text = resources.files("routing").joinpath("data/road_km.csv").read_text(encoding="utf-8")
    return tuple(_row(r) for r in csv.DictReader(text.splitlines()))


def gazetteer_geodesic_m(row: RoadRow) -> int:
    """Geodesic in metres between the gazetteer's WGS-84 centres of a row's two ends.

    Raises
    ------
    KeyError
        When an end's adcode is not in the gazetteer.
    """
    a, b = gazetteer.by_adcode(row.origin_adcode), gazetteer.by_adcode(row.destination_adcode)
    if a is None or b is None:
        raise KeyError(f"road_km.csv: {row.origin} -> {row.destination} has an adcode the gazetteer does not hold")
    return geodesic_m(a.lat, a.lon, b.lat, b.lon)


def row_factor(row: RoadRow) -> float:
    """Circuity of a row: ``road_km`` over the geodesic between the gazetteer's centres of its ends.

    Recomputed rather than read from the file's ``circuity`` column, whose geodesic was
    taken to the source's own ETDZ proxy point and rounded to 0.1 km: the recomputed
    factor times the geodesic the runtime model measures between the same gazetteer
    points gives back ``road_km`` (both agree with the file's column within 0.001).
    """
    return round(row.road_km * 1000 / gazetteer_geodesic_m(row), FACTOR_DECIMALS)


def county_factors(rows: tuple[RoadRow, ...]) -> dict[str, float]:
    """Circuity per origin county adcode, from the rows to the zone only.

    Raises
    ------
    ValueError
        When a county has more than one row to the zone.
    """
    factors: dict[str, float] = {}
    for row in rows:
        if not row.to_zone:
            continue
        if row.origin_adcode in factors:
            raise ValueError(f"road_km.csv: {row.origin} has more than one row to the zone")
        factors[row.origin_adcode] = row_factor(row)
    return factors


def median_by_prefix(factors: dict[str, float], width: int) -> dict[str, float]:
    """Median factor of the counties sharing each adcode prefix of ``width`` digits."""
    groups: dict[str, list[float]] = defaultdict(list)
    for code, factor in factors.items():
        groups[code[:width]].append(factor)
    return {prefix: round(statistics.median(values), FACTOR_DECIMALS) for prefix, values in groups.items()}


def leg_factor(rows: tuple[RoadRow, ...]) -> float:
    """The corridor model's per-leg factor K: the median circuity of the county-to-county rows."""
    return round(statistics.median(row.circuity for row in rows if not row.to_zone), FACTOR_DECIMALS)


def circuity_table(rows: tuple[RoadRow, ...]) -> tuple[tuple[str, float], ...]:
    """Circuity by adcode prefix from calibration rows, longest prefix first, then by prefix."""
    factors = county_factors(rows)
    table: dict[str, float] = {}
    for width in REGION_WIDTHS[::-1]:
        table.update(median_by_prefix(factors, width))
    table.update(factors)
    table.setdefault(ZONE_ADCODE[:4], leg_factor(rows))
    return tuple(sorted(table.items(), key=lambda kv: (-len(kv[0]), kv[0])))


@lru_cache(maxsize=1)
def calibrated_circuity() -> tuple[tuple[str, float], ...]:
    """The bundled circuity factors, ready for ``DistanceSettings.circuity_by_region``.

    Returns
    -------
    tuple of (str, float)
        ``(adcode prefix, factor)``: 6-digit counties with a row to the zone, their
        4-digit prefectures and 2-digit provinces (medians), and the zone's prefecture
        (the per-leg factor K); longest prefix first, then by prefix.
    """
    return circuity_table(calibration_rows())
