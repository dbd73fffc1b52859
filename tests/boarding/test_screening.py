"""Eligibility screening: a valid ID number, then what rules.screening asks (by default a health certificate and a
green code, in that order), for the worker and for each companion whose data the roster gives."""

from __future__ import annotations

import csv
import dataclasses
import shutil
from pathlib import Path

import pytest

from routing.boarding.screening import column_problems, screen, screen_worker
from routing.errors import ScenarioError
from routing.model import Worker, screening_passes
from routing.plan.model import Unassigned
from routing.scenario.load import load_scenario
from tests.helpers import DATA, make_tiny_scenario

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


# --- rules.screening: the policy of the day ----------------------------------------------------------------------

NO_CERT = "no certificate of 14 days at home"
POLICY_CASES = [  # (policy, certificate, code, (reason, detail) or None)
    ("both", True, "green", None),
    ("both", False, "green", ("no_health_cert", NO_CERT)),
    ("both", True, "yellow", ("code_not_green", "health code is yellow")),
    ("certificate", True, "none", None),
    ("certificate", True, "red", None),
    ("certificate", False, "green", ("no_health_cert", NO_CERT)),
    ("code", False, "green", None),
    ("code", True, "none", ("code_not_green", "health code is none")),
    ("either", False, "green", None),
    ("either", True, "none", None),
    ("either", True, "red", None),
    ("either", False, "yellow", ("code_not_green", f"health code is yellow, and {NO_CERT}")),
    ("either", False, "none", ("no_health_cert", f"{NO_CERT}, and no green health code (health code is none)")),
    ("none", False, "red", None),
]


@pytest.mark.parametrize(("policy", "cert", "code", "expected"), POLICY_CASES)
def test_each_policy_asks_for_its_own_papers(policy: str, cert: bool, code: str,
                                             expected: tuple[str, str] | None) -> None:
    """certificate, code, both, either, none: who may board, and the reason and detail of who may not."""
    got = screen_worker(worker("W7", cert=cert, code=code), policy)
    assert got == (None if expected is None else Unassigned("W7", *expected, 0))


@pytest.mark.parametrize(("policy", "cert", "code", "expected"), POLICY_CASES)
def test_screening_passes_agrees_with_screening(policy: str, cert: bool, code: str,
                                                expected: tuple[str, str] | None) -> None:
    """routing.model.screening_passes (what the checker asks) says yes exactly where screening lets a worker on."""
    assert screening_passes(policy, cert, code) is (expected is None)


@pytest.mark.parametrize(("policy", "cert", "code", "passes"), [
    ("both", None, None, True), ("both", None, "yellow", False), ("both", False, None, False),
    ("code", False, None, True), ("either", None, "red", False), ("either", False, None, False),
    ("either", None, "green", True), ("certificate", None, "red", True),
])
def test_data_not_given_is_held_against_nobody(policy: str, cert: bool | None, code: str | None,
                                               passes: bool) -> None:
    """None (a companion whose certificate or code the roster does not give) is not checked; what is given is."""
    assert screening_passes(policy, cert, code) is passes


def test_the_id_number_comes_first_under_every_policy() -> None:
    """Even with no health check at all, an unusable ID number keeps the worker off."""
    u = screen_worker(worker(id_number="640402199001010012"), "none")
    assert u is not None and u.reason == "invalid_record"


def party(**kw: object) -> Worker:
    """W8 with two companions, 马小红 and 马小兰, both of whom the roster gives data for."""
    return dataclasses.replace(worker("W8", companions=2), companion_names=("马小红", "马小兰"), **kw)  # type: ignore[arg-type]


COMPANION_1 = "640402201503030020"  # valid (check digit 0)
COMPANION_2 = "640422201606060041"


def test_a_companion_with_a_yellow_code_keeps_the_whole_party_off() -> None:
    """The second companion's yellow code: the worker and both companions are one exception naming her."""
    u = screen_worker(party(companion_health_codes=("green", "yellow")))
    assert u == Unassigned("W8", "code_not_green",
                           "companion 马小兰 (W8/2): health code is yellow; the party travels together", 2)


def test_a_companion_without_a_certificate_under_the_certificate_policy() -> None:
    """certificate: a companion's 无 certificate names them; their code is not asked for."""
    p = party(companion_health_certs=(False, True), companion_health_codes=("red", "red"))
    assert screen_worker(p, "certificate") == Unassigned(
        "W8", "no_health_cert", f"companion 马小红 (W8/1): {NO_CERT}; the party travels together", 2)
    assert screen_worker(p, "code") is not None and screen_worker(p, "none") is None


def test_a_companion_with_a_bad_id_number_is_an_invalid_record_naming_them() -> None:
    """A companion's ID number that fails its check digit: invalid_record, the companion and the reason named."""
    u = screen_worker(party(companion_id_numbers=(COMPANION_1, "640422201606060042")))
    assert u == Unassigned("W8", "invalid_record", "companion 马小兰 (W8/2): id_number fails the check digit (ends in "
                           "2, expected 1); if it came from Excel, the column may have been stored as a number; the "
                           "party travels together", 2)


def test_companions_whose_data_is_given_and_good_board() -> None:
    """Valid ID numbers, green codes and certificates for both companions: the party may board."""
    assert screen_worker(party(companion_id_numbers=(COMPANION_1, COMPANION_2), companion_health_codes=(
        "green", "green"), companion_health_certs=(True, True))) is None


def test_companions_without_data_are_not_screened() -> None:
    """The roster gives nothing about the companions (the default): only the worker is screened."""
    assert screen_worker(party(), "both") is None


def test_a_companion_without_a_name_is_named_by_passenger_id() -> None:
    """No companion names: the reason names the companion W8/1."""
    p = dataclasses.replace(party(companion_health_codes=("red", "green")), companion_names=())
    u = screen_worker(p, "code")
    assert u is not None and u.detail == "companion W8/1: health code is red; the party travels together"


def test_the_worker_is_screened_before_their_companions() -> None:
    """The worker's own red code is the reason, not a companion's yellow one."""
    u = screen_worker(party(health_code="red", companion_health_codes=("yellow", "green")))
    assert u == Unassigned("W8", "code_not_green", "health code is red", 2)


def test_screen_applies_the_scenario_policy() -> None:
    """The tiny scenario's yellow-code worker boards when the policy asks for the certificate only."""
    eligible, out = screen(dataclasses.replace(BASE, rules=dataclasses.replace(BASE.rules, screening="certificate")))
    assert len(eligible) == len(BASE.workers) and out == ()


CERT = "certificate column (无外出证明)"
CODE = "health-code column (健康码)"


@pytest.mark.parametrize(("policy", "present", "message"), [
    ("both", {"health_cert"}, (f"w.csv: has no {CODE}, which rules.screening 'both' requires; add the column, or set "
                              "rules.screening to 'certificate'")),
    ("both", {"health_code"}, (f"w.csv: has no {CERT}, which rules.screening 'both' requires; add the column, or set "
                              "rules.screening to 'code'")),
    ("both", set(), (f"w.csv: has no {CERT} and no {CODE}, which rules.screening 'both' requires; add the columns, or "
                    "set rules.screening to 'none'")),
    ("code", {"health_cert"}, (f"w.csv: has no {CODE}, which rules.screening 'code' requires; add the column, or set "
                              "rules.screening to 'certificate'")),
    ("certificate", set(), (f"w.csv: has no {CERT}, which rules.screening 'certificate' requires; add the column, or "
                           "set rules.screening to 'none'")),
    ("either", set(), (f"w.csv: has neither a {CERT} nor a {CODE}, one of which rules.screening 'either' requires; "
                      "add one of them, or set rules.screening to 'none'")),
])
def test_a_column_the_policy_needs_missing_is_named_with_what_to_do(policy: str, present: set[str],
                                                                     message: str) -> None:
    """One sentence per file: the column, the policy, and the two ways out."""
    assert column_problems(policy, [("w.csv", present), ("ok.csv", {"health_cert", "health_code"})]) == [message]


@pytest.mark.parametrize(("policy", "present"), [
    ("certificate", {"health_cert"}), ("code", {"health_code"}), ("either", {"health_cert"}),
    ("either", {"health_code"}), ("none", set()),
])
def test_a_policy_needing_no_missing_column_has_no_problem(policy: str, present: set[str]) -> None:
    """certificate without a code column, either with one of the two, none with neither: nothing to say."""
    assert column_problems(policy, [("w.csv", present)]) == []


def _without_column(tmp_path: Path, column: str, rules: str = "") -> Path:
    """valid_small with ``column`` taken out of workers.csv and ``rules`` added to scenario.yaml."""
    folder = tmp_path / "s"
    shutil.copytree(DATA / "valid_small", folder)
    with (folder / "workers.csv").open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    with (folder / "workers.csv").open("w", encoding="utf-8", newline="") as f:
        out = csv.DictWriter(f, [c for c in rows[0] if c != column], extrasaction="ignore")
        out.writeheader()
        out.writerows(rows)
    (folder / "scenario.yaml").write_text((folder / "scenario.yaml").read_text(encoding="utf-8") + rules,
                                          encoding="utf-8")
    return folder


def test_screen_stops_a_roster_without_the_code_column(tmp_path: Path) -> None:
    """The loader's file-level finding 'no health_code column' is what screen reads: a ScenarioError naming the file."""
    sc = load_scenario(_without_column(tmp_path, "health_code"))
    with pytest.raises(ScenarioError) as info:
        screen(sc)
    assert info.value.problems == [(f"workers.csv: has no {CODE}, which rules.screening 'both' requires; add the "
                                   "column, or set rules.screening to 'certificate'")]
    assert len(screen(dataclasses.replace(sc, rules=dataclasses.replace(sc.rules, screening="certificate")))[0]) == 6
