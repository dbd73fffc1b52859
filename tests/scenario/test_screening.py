"""rules.screening (the policy of the day, or one per date range) and employers.csv aliases, checked at the door."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.scenario.folders import loads, problems_of, variant

RS = "scenario.yaml rules.screening"
BY_DATE = """rules:
  screening:
    - {from: 2020-02-21, to: 2020-03-08, require: certificate}
    - {from: 2020-03-09, require: either}
"""


def test_the_default_is_both(tmp_path: Path) -> None:
    """No rules.screening: a certificate and a green code, as the bundled scenarios have always been planned."""
    assert loads(variant(tmp_path)).rules.screening == "both"


@pytest.mark.parametrize(("value", "policy"), [("certificate", "certificate"), ("code", "code"), ("both", "both"),
                                               ("either", "either"), ("none", "none"), ("Either", "either")])
def test_one_policy_for_the_day(tmp_path: Path, value: str, policy: str) -> None:
    """A policy by name, in any letter case."""
    assert loads(variant(tmp_path, append=f"rules: {{screening: {value}}}\n")).rules.screening == policy


@pytest.mark.parametrize(("date", "policy"), [("2020-02-21", "certificate"), ("2020-03-08", "certificate"),
                                              ("2020-03-09", "either"), ("2020-05-01", "either")])
def test_the_policy_of_the_scenarios_date_applies(tmp_path: Path, date: str, policy: str) -> None:
    """A list of date ranges: the one holding the scenario's date (ends included; no 'to' is open)."""
    folder = variant(tmp_path, old="date: 2020-02-21", new=f"date: {date}", append=BY_DATE)
    assert loads(folder).rules.screening == policy


CASES = {
    "unknown policy": ("rules: {screening: green}\n",
                       f"{RS}: 'green' is not one of certificate, code, both, either, none"),
    "a number": ("rules: {screening: 2}\n",
                 (f"{RS}: 2 is neither one of certificate, code, both, either, none nor a list of "
                 "{from: YYYY-MM-DD, to: YYYY-MM-DD, require: policy}")),
    "an empty list": ("rules: {screening: []}\n",
                      f"{RS}: lists no period; give a policy, or at least one {{from, to, require}}"),
    "an item that is no mapping": ("rules: {screening: [code]}\n",
                                   (f"{RS} item 1: must be a mapping {{from: YYYY-MM-DD, to: YYYY-MM-DD, require: "
                                   "policy}, not 'code'")),
    "a key misspelt": ("rules: {screening: [{form: 2020-02-01, require: code}]}\n",
                       f"{RS} item 1: unknown key 'form' (did you mean 'from'?)"),
    "require misspelt: no second 'missing require'": ("rules: {screening: [{requires: code}]}\n",
                                                      (f"{RS} item 1: unknown key 'requires' (did you mean "
                                                      "'require'?)")),
    "require missing": ("rules: {screening: [{from: 2020-02-01}]}\n",
                        f"{RS} item 1: missing require (one of certificate, code, both, either, none)"),
    "a policy unknown in an item": ("rules: {screening: [{require: card}]}\n",
                                    f"{RS} item 1 require: 'card' is not one of certificate, code, both, either, none"),
    "a day that does not exist": ("rules: {screening: [{from: 2020-02-30, require: code}]}\n",
                                  (f"{RS} item 1 from: '2020-02-30' is not a date that exists (day is out of range "
                                  "for month)")),
    "not a date": ("rules: {screening: [{to: 9 March, require: code}]}\n",
                   f"{RS} item 1 to: '9 March' is not a date YYYY-MM-DD"),
    "to before from": ("rules: {screening: [{from: 2020-03-09, to: 2020-03-01, require: code}]}\n",
                       f"{RS} item 1 to: 2020-03-01 is before from 2020-03-09"),
    "two ranges overlap": (("rules: {screening: [{to: 2020-03-09, require: certificate}, "
                           "{from: 2020-03-09, require: either}]}\n"),
                           f"{RS} item 2: overlaps item 1: a day may have only one policy"),
    "no range holds the date": ("rules: {screening: [{from: 2020-03-09, require: either}]}\n",
                                (f"{RS}: no item covers the scenario's date 2020-02-21; add one (an item without "
                                "from or to is open on that side)")),
    "a key near screening": ("rules: {screenig: code}\n",
                             "scenario.yaml rules: unknown key 'screenig' (did you mean 'screening'?)"),
}


@pytest.mark.parametrize("case", list(CASES))
def test_a_bad_screening_is_one_problem(tmp_path: Path, case: str) -> None:
    """Each slip in rules.screening is one sentence naming where it is."""
    append, problem = CASES[case]
    assert problems_of(variant(tmp_path, append=append)) == [problem]


def test_too_many_periods(tmp_path: Path) -> None:
    """At most 100 items (MAX_SCREENING_PERIODS)."""
    items = ", ".join("{require: code}" for _ in range(101))
    assert problems_of(variant(tmp_path, append=f"rules: {{screening: [{items}]}}\n")) == [
        f"{RS}: lists 101 items, at most 100 are allowed"]


def _employers(tmp_path: Path, e1: str, e2: str) -> Path:
    """valid_small with an aliases column in employers.csv: ``e1`` for E1 (银川隆基硅材料有限公司), ``e2`` for E2."""
    return variant(tmp_path, "employers.csv", old="id,name,dropoff,approximate,note\nE1,银川隆基硅材料有限公司,G1,yes,\n"
                   "E2,共享集团,G2,no,\n", new=f"id,name,dropoff,approximate,note,aliases\nE1,银川隆基硅材料有限公司,G1,yes,,"
                   f"{e1}\nE2,共享集团,G2,no,,{e2}\n")


def test_aliases_are_read(tmp_path: Path) -> None:
    """`;`, `；` or `、` between them, blanks around them taken off; the employer's own name is no alias."""
    sc = loads(_employers(tmp_path, "隆基; 隆基硅材料、银川隆基硅材料有限公司", "共享"))
    assert [e.aliases for e in sc.employers] == [("隆基", "隆基硅材料"), ("共享",)]


@pytest.mark.parametrize(("e1", "e2", "problem"), [
    ("共享集团", "", "employers.csv row 1 aliases: '共享集团' is also the name of row 2; an alias must name one employer"),
    ("E2", "", "employers.csv row 1 aliases: 'E2' is also the id of row 2; an alias must name one employer"),
    ("隆基", "隆基", "employers.csv row 2 aliases: '隆基' is also an alias of row 1; an alias must name one employer"),
    ("隆基\u202e", "", "employers.csv row 1 aliases: '隆基\\u202e' contains the control character U+202E; remove it"),
])
def test_an_alias_that_names_another_employer_is_a_problem(tmp_path: Path, e1: str, e2: str, problem: str) -> None:
    """An alias is the id, the name or an alias of another employer, or not a name: the folder does not load."""
    assert problems_of(_employers(tmp_path, e1, e2)) == [problem]


def test_too_many_aliases(tmp_path: Path) -> None:
    """At most 50 aliases for one employer (MAX_ALIASES)."""
    many = ";".join(f"隆基{k}" for k in range(51))
    assert problems_of(_employers(tmp_path, many, "")) == [
        "employers.csv row 1 aliases: lists 51 aliases, at most 50 are allowed"]


def test_a_roster_employer_given_by_an_alias_is_that_employer(tmp_path: Path) -> None:
    """workers.csv names E1 as 隆基 (an alias): W1 works for E1, with no finding about it."""
    folder = _employers(tmp_path, "隆基", "")
    path = folder / "workers.csv"
    path.write_text(path.read_text(encoding="utf-8").replace(",,,E1,green,yes,1,马小红", ",,,隆基,green,yes,1,马小红"),
                    encoding="utf-8")
    sc = loads(folder)
    assert sc.worker("W1") is not None and sc.worker("W1").employer_id == "E1"  # type: ignore[union-attr]
    assert not [p for p in sc.roster_problems if p.column == "employer"]
