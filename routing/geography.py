"""Offline distance model: geodesic distance x circuity, coach speeds.

Geodesics on the WGS-84 ellipsoid come from geographiclib (Karney's method, the one
geopy's ``geodesic`` wraps), called directly for only the distance, which is twice as
fast as going through geopy: a whole zone's plan measures hundreds of thousands of
homes. The only module that computes geodesics. Distances are rounded to whole metres
and durations to whole seconds here, once.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from geographiclib.geodesic import Geodesic

from .model import DistanceSettings, Place

_WGS84 = Geodesic.WGS84


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
