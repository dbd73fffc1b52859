"""A hand-made road network over the tiny scenario's places, in round numbers, for the solve tests."""

from __future__ import annotations

from routing.geo.distance import Matrix

# Road distances (m) and driving times (s), both ways. From P-YZ the nearer gate is G1, from P-XJ it is G2.
LEGS = {
    ("D1", "G1"): (1_000, 60), ("D1", "G2"): (2_000, 120), ("G1", "G2"): (1_500, 90),
    ("D1", "P-YZ"): (300_000, 14_400), ("D1", "P-XJ"): (350_000, 16_800),
    ("G1", "P-YZ"): (299_000, 14_340), ("G2", "P-YZ"): (301_000, 14_460),
    ("G1", "P-XJ"): (352_000, 16_920), ("G2", "P-XJ"): (351_000, 16_860),
    ("P-YZ", "P-XJ"): (60_000, 3_000),
    # a second depot, only for the tests with two depots
    ("D2", "D1"): (50_000, 2_500), ("D2", "G1"): (51_000, 2_550), ("D2", "G2"): (52_000, 2_600),
    ("D2", "P-YZ"): (250_000, 12_000), ("D2", "P-XJ"): (260_000, 12_600),
}
IDS = ("D1", "G1", "G2", "P-YZ", "P-XJ")


def leg(a: str, b: str, k: int) -> int:
    """Distance (k=0) or driving time (k=1) of a leg of ``LEGS``, either way."""
    return 0 if a == b else (LEGS.get((a, b)) or LEGS[(b, a)])[k]


def hand_matrix(ids: tuple[str, ...] = IDS) -> Matrix:
    """A symmetric Matrix over ``ids`` from ``LEGS``."""
    return Matrix(ids, tuple(tuple(leg(a, b, 0) for b in ids) for a in ids),
                  tuple(tuple(leg(a, b, 1) for b in ids) for a in ids))


MX = hand_matrix()
