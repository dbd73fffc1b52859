"""routing.geo.geocode and the BD-09 conversions of routing.geo.coords (no network: a local fake and a closed port)."""

from __future__ import annotations

import math

import pytest
from geographiclib.geodesic import Geodesic

from routing.geo.coords import bd09_to_gcj02, gcj02_to_bd09, gcj02_to_wgs84, wgs84_to_gcj02
from routing.geo.geocode import CachedGeocoder, baidu_geocoder, bd09_to_wgs84


def metres(a: tuple[float, float], b: tuple[float, float]) -> float:
    return float(Geodesic.WGS84.Inverse(a[0], a[1], b[0], b[1])["s12"])


@pytest.mark.parametrize("lat, lon", [(38.5, 106.2), (36.0, 106.28), (35.96, 105.72), (22.54, 114.06), (45.8, 126.5)])
def test_bd09_round_trip_under_a_metre(lat: float, lon: float) -> None:
    assert metres((lat, lon), bd09_to_gcj02(*gcj02_to_bd09(lat, lon))) < 1e-3
    assert metres((lat, lon), gcj02_to_wgs84(*wgs84_to_gcj02(*bd09_to_wgs84(*gcj02_to_bd09(*wgs84_to_gcj02(lat, lon))))
                                            )) < 1e-3


def test_bd09_offset_at_known_points() -> None:
    """Tiananmen: Baidu's BD-09 (39.915, 116.404) is GCJ-02 (39.9087, 116.3976); offsets of 400-1000 m in Ningxia."""
    glat, glon = bd09_to_gcj02(39.915, 116.404)
    assert math.isclose(glat, 39.9087, abs_tol=2e-4) and math.isclose(glon, 116.3976, abs_tol=2e-4)
    guyuan = (36.003739, 106.287781)  # GCJ-02, AMap's 原州区 centre
    assert 400 < metres(guyuan, gcj02_to_bd09(*guyuan)) < 1000


def test_cached_geocoder_asks_once_per_address_and_swallows_errors() -> None:
    asked: list[str] = []

    def lookup(address: str) -> tuple[float, float] | None:
        asked.append(address)
        if "坏" in address:
            raise TimeoutError("no answer")
        return (36.0, 106.0)

    geo = CachedGeocoder(lookup)
    assert geo("西吉县 吉强镇") == (36.0, 106.0) and geo("西吉县  吉强镇 ") == (36.0, 106.0)
    assert geo("坏地址") is None and geo("坏地址") is None and geo("") is None
    assert asked == ["西吉县 吉强镇", "坏地址"] and geo.calls == 2


def test_baidu_geocoder_builds_and_a_network_failure_gives_none(caplog: pytest.LogCaptureFixture) -> None:
    """Nothing listens on 127.0.0.1:9 here: the lookup fails and gives None, never an exception."""
    geo = baidu_geocoder("no-key", timeout_s=0.5, domain="127.0.0.1:9", scheme="http")
    assert geo("宁夏固原市西吉县吉强镇") is None
    assert "geocoder failed (GeocoderUnavailable)" in caplog.text
