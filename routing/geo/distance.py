"""Offline distance model: geodesic distance x circuity, coach speeds; and the great circle for bulk work.

Geodesics on the WGS-84 ellipsoid come from geographiclib (Karney's method, the one
geopy's ``distance.geodesic`` wraps), called directly for only the distance: through geopy
the same call costs about 30 % more (point parsing, and an answer in km), and a whole
zone's plan measures hundreds of thousands of homes. ``great_circle_m`` is the quick
spherical distance (scalars or NumPy arrays) used to narrow candidates before the exact
geodesic. These are the only distance functions of returnbus. Distances leave this module
in whole metres and durations in whole seconds (the geodesic is rounded to metres, and a
modelled road distance, geodesic x circuity, is rounded again).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import overload

import numpy as np
from geographiclib.geodesic import Geodesic

from routing.model import DistanceSettings, Place

_WGS84 = Geodesic.WGS84
EARTH_RADIUS_M = 6_371_008.8  # mean Earth radius (IUGG), the sphere of great_circle_m
EARTH_RADIUS_KM = 6371.0088


@overload
def great_circle_m(lat1: float, lon1: float, lat2: float, lon2: float) -> float: ...  # type: ignore[overload-overlap]
@overload
def great_circle_m(lat1: np.ndarray | float, lon1: np.ndarray | float, lat2: np.ndarray | float,
                   lon2: np.ndarray | float) -> np.ndarray: ...


def great_circle_m(lat1: np.ndarray | float, lon1: np.ndarray | float, lat2: np.ndarray | float,
                   lon2: np.ndarray | float) -> np.ndarray | float:
    """Great-circle distance in metres on the mean sphere (haversine), degrees in.

    Four numbers give a float; arrays broadcast as NumPy does (homes as a column against
    pickup points as a row give a matrix). Within 0.5 % of the WGS-84 geodesic.
    """
    if all(isinstance(v, (int, float)) for v in (lat1, lon1, lat2, lon2)):
        p1, p2 = math.radians(lat1), math.radians(lat2)  # type: ignore[arg-type]
        dp, dl = p2 - p1, math.radians(lon2 - lon1)  # type: ignore[operator]
        h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
        return 2 * EARTH_RADIUS_M * math.asin(min(1.0, math.sqrt(h)))
    p1, l1, p2, l2 = (np.radians(np.asarray(v, dtype=float)) for v in (lat1, lon1, lat2, lon2))
    h = np.sin((p2 - p1) / 2) ** 2 + np.cos(p1) * np.cos(p2) * np.sin((l2 - l1) / 2) ** 2
    return 2 * EARTH_RADIUS_M * np.arcsin(np.sqrt(np.minimum(h, 1.0)))


def geodesic_m(a_lat: float, a_lon: float, b_lat: float, b_lon: float) -> int:
    """Geodesic (WGS-84 ellipsoid) distance in metres."""
    return round(_WGS84.Inverse(a_lat, a_lon, b_lat, b_lon, Geodesic.DISTANCE)["s12"])


def circuity(settings: DistanceSettings, region: str) -> float:
    """Circuity factor of a region: the first entry whose adcode prefix matches, else the default."""
    for prefix, factor in settings.circuity_by_region:
        if region.startswith(prefix):
            return factor
    return settings.circuity_default


def road_m(settings: DistanceSettings, a: Place, b: Place) -> int:
    """Modelled road distance between two places: geodesic x the larger circuity of the two ends."""
    if a.lat == b.lat and a.lon == b.lon:
        return 0
    factor = max(circuity(settings, a.region), circuity(settings, b.region))
    return round(geodesic_m(a.lat, a.lon, b.lat, b.lon) * factor)


def access_m(settings: DistanceSettings, lat: float, lon: float, place: Place) -> int:
    """Modelled road distance from a home to a pickup point (rural roads)."""
    return round(geodesic_m(lat, lon, place.lat, place.lon) * settings.access_circuity)


def drive_s(settings: DistanceSettings, distance_m: int) -> int:
    """Driving time of a coach over a leg: local speed on short legs, expressway speed on long ones."""
    kph = settings.local_kph if distance_m < settings.local_below_m else settings.expressway_kph
    return round(distance_m / (kph / 3.6))


@dataclass(frozen=True)
class Matrix:
    """Road distances (m) and driving times (s) between an ordered list of places."""

    ids: tuple[str, ...]
    distance_m: tuple[tuple[int, ...], ...]
    duration_s: tuple[tuple[int, ...], ...]
    positions: dict[str, int] = field(default_factory=dict, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "positions", {place_id: k for k, place_id in enumerate(self.ids)})

    def index(self, place_id: str) -> int:
        """Position of a place in the matrix."""
        return self.positions[place_id]

    def m(self, a: str, b: str) -> int:
        """Road distance from place a to place b in metres."""
        return self.distance_m[self.positions[a]][self.positions[b]]

    def s(self, a: str, b: str) -> int:
        """Driving time from place a to place b in seconds."""
        return self.duration_s[self.positions[a]][self.positions[b]]


def matrix(settings: DistanceSettings, places: list[Place] | tuple[Place, ...]) -> Matrix:
    """Distance and duration matrix between places (symmetric, zero diagonal)."""
    n = len(places)
    dist = [[0] * n for _ in range(n)]
    for i in range(n):
        for j in range(i + 1, n):
            dist[i][j] = dist[j][i] = road_m(settings, places[i], places[j])
    return Matrix(
        ids=tuple(p.id for p in places),
        distance_m=tuple(tuple(row) for row in dist),
        duration_s=tuple(tuple(drive_s(settings, d) for d in row) for row in dist),
    )
