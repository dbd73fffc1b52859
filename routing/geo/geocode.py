"""An optional online geocoder for home addresses the gazetteer cannot place below county level.

Never used by default: addresses are personal data, and sending them to a map provider is the
planner's decision (``check_roster(..., geocoder=baidu_geocoder(key))``). A geocoder is any
callable from an address to a WGS-84 ``(lat, lon)`` or None; errors of every kind become None, so
a network failure leaves a home where the offline gazetteer put it.
"""

from __future__ import annotations

import logging
from typing import Protocol

from routing.geo.coords import bd09_to_gcj02, gcj02_to_wgs84

log = logging.getLogger(__name__)

BAIDU_DOMAIN = "api.map.baidu.com"


class Geocoder(Protocol):
    """Address -> WGS-84 ``(lat, lon)`` degrees, or None when the address cannot be placed."""

    def __call__(self, address: str, /) -> tuple[float, float] | None: ...


def bd09_to_wgs84(lat: float, lon: float) -> tuple[float, float]:
    """Convert BD-09 (Baidu) degrees to WGS-84 (via GCJ-02)."""
    return gcj02_to_wgs84(*bd09_to_gcj02(lat, lon))


class CachedGeocoder:
    """Wrap an address -> position function with a per-address cache; exceptions become None.

    Parameters
    ----------
    lookup
        The function asking the provider; it may raise.
    """

    def __init__(self, lookup: Geocoder) -> None:
        self._lookup = lookup
        self._cache: dict[str, tuple[float, float] | None] = {}

    def __call__(self, address: str) -> tuple[float, float] | None:
        key = " ".join(address.split())
        if not key:
            return None
        if key not in self._cache:
            try:
                self._cache[key] = self._lookup(key)
            except Exception as e:  # noqa: BLE001 - any failure of the provider means "not placed"
                log.warning("geocoder failed (%s); the home stays where the gazetteer put it", type(e).__name__)
                self._cache[key] = None
        return self._cache[key]

    @property
    def calls(self) -> int:
        """Distinct addresses asked so far."""
        return len(self._cache)


def baidu_geocoder(api_key: str, timeout_s: float = 5, *, domain: str = BAIDU_DOMAIN,
                   scheme: str = "https") -> Geocoder:
    """A geocoder asking Baidu's geocoding API v3 (through geopy's ``BaiduV3``), answers in WGS-84.

    Parameters
    ----------
    api_key : str
        Baidu Maps application key (AK).
    timeout_s : float, default 5
        Seconds to wait for each answer.
    domain : str, default ``api.map.baidu.com``
        Host to ask (a proxy or a test server).
    scheme : str, default ``https``
        ``https`` or ``http``.

    Returns
    -------
    Geocoder
        Cached per address; network and provider errors give None. Baidu answers in BD-09,
        converted here to GCJ-02 and then WGS-84.
    """
    from geopy.geocoders import BaiduV3

    client = BaiduV3(api_key=api_key, scheme=scheme, timeout=timeout_s)
    client.api = f"{scheme}://{domain}{client.api_path}"  # geopy fixes the host; allow another

    def lookup(address: str) -> tuple[float, float] | None:
        found = client.geocode(address, exactly_one=True)
        if found is None:
            return None
        return bd09_to_wgs84(float(found.latitude), float(found.longitude))

    return CachedGeocoder(lookup)
