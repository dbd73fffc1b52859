"""Shared fixtures: the tiny scenario and plan (``tests.helpers``) and a headless Chromium."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from routing.model import Scenario
from routing.plan.model import Plan
from tests.helpers import make_tiny_plan, make_tiny_scenario


@pytest.fixture(scope="session")
def tiny_scenario() -> Scenario:
    """The tiny hand-made scenario."""
    return make_tiny_scenario()


@pytest.fixture(scope="session")
def tiny_plan() -> Plan:
    """A hand-made plan for the tiny scenario."""
    return make_tiny_plan()


CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """One real headless Chromium (Debian's, driven by playwright) for every browser test."""
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} not found: install the Debian package chromium (apt-get install chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.fail("playwright is not installed: pip install playwright (the browser itself is Debian's chromium)")
    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield b
        b.close()
