"""Folium maps of a Plan that open offline (the only package that imports folium)."""

from maps.assets import TILES
from maps.plan_map import build_map, write_map

__all__ = ["TILES", "build_map", "write_map"]
