"""Where the workers of a batch live, counted per grid cell, so a map can show it without people."""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Iterable

from routing.model import Worker
from routing.plan.model import HOME_GRID_DEG, HomeArea, Unassigned


def cell_centre(lat: float, lon: float, size: float = HOME_GRID_DEG) -> tuple[float, float]:
    """Centre of the ``size``-degree grid cell holding the point (rounded to 6 decimals)."""
    return (round((math.floor(lat / size) + 0.5) * size, 6), round((math.floor(lon / size) + 0.5) * size, 6))


def home_areas(workers: Iterable[Worker], seated: set[str], unassigned: Iterable[Unassigned],
               size: float = HOME_GRID_DEG) -> tuple[HomeArea, ...]:
    """Workers per grid cell of their home: how many, how many seated, and the rest by reason.

    Parameters
    ----------
    workers
        The roster (companions are not counted: they live with their worker).
    seated
        Ids of the workers on a seat.
    unassigned
        The workers not seated, with their reason.
    size
        Cell size in degrees.

    Returns
    -------
    tuple of HomeArea
        One per cell with at least one worker, south to north then west to east; a cell's
        position is its centre, never a home.
    """
    reason = {u.worker_id: u.reason for u in unassigned}
    counts: dict[tuple[float, float], Counter[str]] = defaultdict(Counter)
    for w in workers:
        cell = counts[cell_centre(w.lat, w.lon, size)]
        cell["workers"] += 1
        if w.id in seated:
            cell["seated"] += 1
        elif w.id in reason:
            cell["~" + reason[w.id]] += 1
    return tuple(
        HomeArea(lat, lon, c["workers"], c["seated"],
                 tuple(sorted((k[1:], n) for k, n in c.items() if k.startswith("~"))))
        for (lat, lon), c in sorted(counts.items())
    )
