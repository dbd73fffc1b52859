"""Scenario folders with one change: a copy of tests/data/valid_small (or another folder) with one edit."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from routing.errors import ScenarioError
from routing.model import Scenario
from routing.scenario.load import load_scenario
from tests.helpers import DATA

VALID = DATA / "valid_small"


def variant(tmp_path: Path, file: str = "scenario.yaml", old: str | None = None, new: str = "", append: str = "",
            source: Path = VALID) -> Path:
    """A copy of ``source`` in which ``old`` (which must be there, once) became ``new`` in ``file``, and
    ``append`` was added at its end (a new file when there was none); returns the folder."""
    folder = tmp_path / "scenario"
    shutil.copytree(source, folder)
    path = folder / file
    text = path.read_text(encoding="utf-8") if path.exists() else ""
    if old is not None:
        assert text.count(old) == 1, f"{old!r} is not once in {file}"
        text = text.replace(old, new)
    path.write_text(text + append, encoding="utf-8")
    return folder


def problems_of(folder: Path) -> list[str]:
    """The problems load_scenario reports for a folder (fails if it loads)."""
    with pytest.raises(ScenarioError) as info:
        load_scenario(folder)
    return info.value.problems


def loads(folder: Path) -> Scenario:
    """The scenario of a folder that must load."""
    return load_scenario(folder)
