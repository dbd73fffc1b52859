"""Eligibility screening: a valid ID number, a health certificate and a green code, checked in that order."""

from __future__ import annotations

import dataclasses

import pytest

from routing.boarding.screening import screen, screen_worker
from routing.model import Worker
from routing.plan.model import Unassigned
from tests.helpers import make_tiny_scenario

BASE = make_tiny_scenario()

# GB 11643 check characters worked out by hand (weights 7 9 10 5 8 4 2 1 6 3 7 9 10 5 8 4 2, sum mod 11 -> "10X98765432"):
VALID_ID = "640402199001010011"  # weighted sum 187, 187 mod 11 = 0 -> "1"
VALID_X = "11010519491231002X"  # weighted sum 167, 167 mod 11 = 2 -> "X"


def worker(wid: str = "W1", *, id_number: str = VALID_ID, cert: bool = True, code: str = "green",
           companions: int = 0) -> Worker:
    """A worker of the tiny scenario's town, eligible unless told otherwise."""
    return Worker(wid, "马小明", id_number, "13995123456", "M", 36.01, 106.29, "640402", "", "E1", code, cert,
                  companions=companions, row=int(wid[1:]))


def test_an_eligible_worker_may_board() -> None:
    """Valid ID, certificate, green code: no reason."""
    assert screen_worker(worker()) is None


def test_an_id_ending_in_x_is_valid_in_either_case() -> None:
    """A check character X (upper or lower case) and spaces around the number are accepted."""
    assert screen_worker(worker(id_number=VALID_X)) is None
    assert screen_worker(worker(id_number=VALID_X.lower())) is None
    assert screen_worker(worker(id_number=f" {VALID_ID} ")) is None


def test_no_certificate_is_no_health_cert() -> None:
    """health_cert False: no_health_cert with the fixed detail."""
    assert screen_worker(worker("W4", cert=False)) == Unassigned(
        "W4", "no_health_cert", "no certificate of 14 days at home", 0)


@pytest.mark.parametrize("code", ["yellow", "red", "none", "Green", ""])
def test_any_code_but_green_is_code_not_green(code: str) -> None:
    """Yellow, red, none (and anything not exactly "green") keep the worker off, naming the code."""
    assert screen_worker(worker("W2", code=code)) == Unassigned("W2", "code_not_green", f"health code is {code}", 0)


@pytest.mark.parametrize(
    ("id_number", "why"),
    [
        ("640402199001010012", ("fails the check digit (ends in 2, expected 1); "
                                "if it came from Excel, the column may have been stored as a number")),
        ("64040219900101001", "has 17 characters, expected 18"),
        ("6404021990010100111", "has 19 characters, expected 18"),
        ("", "has 0 characters, expected 18"),
        ("64040219900101001A", "must be 17 digits and a final digit or X"),
        ("6404021990O1010011", "must be 17 digits and a final digit or X"),
        ("640402199002300011", "holds an impossible birth date"),  # 30 February
        ("6.40402199001E+17", ("has the form of a number formatted by Excel; "
                               "format the column as text and type it again")),
    ],
)
def test_an_invalid_id_number_is_an_invalid_record(id_number: str, why: str) -> None:
    """A wrong check digit, length, character or birth date: invalid_record, "id_number " and the reason."""
    assert screen_worker(worker("W3", id_number=id_number)) == Unassigned("W3", "invalid_record", f"id_number {why}", 0)


def test_the_id_number_is_checked_before_the_certificate_and_the_code() -> None:
    """A bad ID, no certificate and a red code: the ID is the reason."""
    u = screen_worker(worker(id_number="640402199001010012", cert=False, code="red"))
    assert u is not None and u.reason == "invalid_record"


def test_the_certificate_is_checked_before_the_code() -> None:
    """No certificate and a yellow code: no_health_cert."""
    u = screen_worker(worker(cert=False, code="yellow"))
    assert u is not None and u.reason == "no_health_cert"


@pytest.mark.parametrize(
    ("kw", "reason"),
    [({"id_number": "640402199001010012"}, "invalid_record"), ({"cert": False}, "no_health_cert"),
     ({"code": "yellow"}, "code_not_green")],
)
def test_companions_stay_off_with_their_worker(kw: dict[str, object], reason: str) -> None:
    """A worker with two companions who may not board: the exception counts the 2 companions."""
    u = screen_worker(worker("W5", companions=2, **kw))  # type: ignore[arg-type]
    assert u is not None and (u.worker_id, u.reason, u.companions) == ("W5", reason, 2)


def test_tiny_roster_keeps_four_and_excludes_the_yellow_code() -> None:
    """The tiny scenario: W1-W4 eligible in roster order, W5 out with a yellow code."""
    eligible, out = screen(BASE)
    assert eligible == BASE.workers[:4]
    assert out == (Unassigned("W5", "code_not_green", "health code is yellow", 0),)


def test_screen_keeps_roster_order_in_both_lists() -> None:
    """Eligible and excluded workers interleaved: each list keeps the roster order, companions carried."""
    roster = (
        worker("W6", code="red"),
        worker("W2"),
        worker("W9", cert=False, companions=1),
        worker("W1", companions=3),
        worker("W3", id_number="64040219900101001"),
    )
    eligible, out = screen(dataclasses.replace(BASE, workers=roster))
    assert [w.id for w in eligible] == ["W2", "W1"]
    assert eligible[1].companions == 3
    assert out == (
        Unassigned("W6", "code_not_green", "health code is red", 0),
        Unassigned("W9", "no_health_cert", "no certificate of 14 days at home", 1),
        Unassigned("W3", "invalid_record", "id_number has 17 characters, expected 18", 0),
    )


def test_an_empty_roster_screens_to_nothing() -> None:
    """No workers: no eligible workers and no exceptions."""
    assert screen(dataclasses.replace(BASE, workers=())) == ((), ())


def test_everyone_excluded_leaves_no_eligible_worker() -> None:
    """Every worker without a certificate: nobody eligible, one exception each."""
    roster = (worker("W1", cert=False), worker("W2", cert=False))
    eligible, out = screen(dataclasses.replace(BASE, workers=roster))
    assert eligible == () and [u.worker_id for u in out] == ["W1", "W2"]
