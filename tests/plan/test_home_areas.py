"""Home areas: workers counted per grid cell, at the cell's centre, never at a home."""

from __future__ import annotations

import pytest

from routing.model import Scenario
from routing.plan.home_areas import cell_centre, home_areas
from routing.plan.model import Unassigned


def test_cell_centre_is_the_middle_of_the_tenth_degree_cell() -> None:
    """36.01, 106.29 lies in the cell 36.0-36.1 x 106.2-106.3."""
    assert cell_centre(36.01, 106.29) == (36.05, 106.25)
    assert cell_centre(35.999, 105.70) == (35.95, 105.75)


def test_counts_per_cell_with_the_reasons(tiny_scenario: Scenario) -> None:
    """The tiny roster: W1, W2 in one cell (both seated); W3, W4, W5 in another, W5 unassigned."""
    areas = home_areas(tiny_scenario.workers, {"W1", "W2", "W3", "W4"},
                       (Unassigned("W5", "code_not_green", "health code is yellow"),))
    assert [(a.lat, a.lon, a.workers, a.seated, a.unassigned) for a in areas] == [
        (35.95, 105.75, 3, 2, (("code_not_green", 1),)),
        (36.05, 106.25, 2, 2, ()),
    ]


def test_no_area_sits_at_a_home(tiny_scenario: Scenario) -> None:
    """No area's position is any worker's home, and every worker is counted once."""
    areas = home_areas(tiny_scenario.workers, set(), ())
    homes = {(w.lat, w.lon) for w in tiny_scenario.workers}
    assert not homes & {(a.lat, a.lon) for a in areas}
    assert sum(a.workers for a in areas) == len(tiny_scenario.workers)


@pytest.mark.parametrize("size", [0.05, 0.2])
def test_cell_size_is_a_parameter(tiny_scenario: Scenario, size: float) -> None:
    """Coarser cells hold more workers each; every worker is still counted once."""
    areas = home_areas(tiny_scenario.workers, set(), (), size=size)
    assert sum(a.workers for a in areas) == len(tiny_scenario.workers)
    assert all(round((a.lat / size) % 1, 6) == 0.5 for a in areas)
