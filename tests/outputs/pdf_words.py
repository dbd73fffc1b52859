"""Words of a PDF page with their boxes, read back by poppler's pdftotext, for the PDF drawing tests."""

from __future__ import annotations

import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest

PT = 72 / 25.4  # points per mm


@dataclass(frozen=True)
class Word:
    """A word pdftotext found, its box in mm from the page's top left."""

    text: str
    left: float
    top: float
    right: float
    bottom: float

    @property
    def mid_x(self) -> float:
        """Horizontal centre."""
        return (self.left + self.right) / 2

    @property
    def mid_y(self) -> float:
        """Vertical centre."""
        return (self.top + self.bottom) / 2


def tool(name: str) -> str:
    """The path of a poppler tool."""
    path = shutil.which(name)
    if path is None:
        pytest.fail(f"{name} not found: install the Debian package poppler-utils (apt-get install poppler-utils)")
    return path


def words(path: Path) -> list[Word]:
    """Every word of the first page with its box (pdftotext -bbox), in mm."""
    out = subprocess.run([tool("pdftotext"), "-bbox", "-f", "1", "-l", "1", str(path), "-"],
                         check=True, capture_output=True, text=True).stdout
    found = re.findall(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>', out)
    return [Word(t, float(a) / PT, float(b) / PT, float(c) / PT, float(d) / PT) for a, b, c, d, t in found]
