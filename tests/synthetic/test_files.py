"""routing.synthetic.files: the rules a generated scenario.yaml writes read back as the same rules."""

from __future__ import annotations

import dataclasses

import pytest

from routing.model import Rules
from routing.scenario import settings
from routing.scenario.values import Problems
from routing.synthetic.files import rules_mapping


def test_the_default_screening_is_not_written() -> None:
    """Generated scenarios keep their scenario.yaml as it was: no screening key for the default policy."""
    assert "screening" not in rules_mapping(Rules())


@pytest.mark.parametrize("policy", ["certificate", "code", "either", "none"])
def test_a_screening_policy_is_written_and_read_back(policy: str) -> None:
    """rules_mapping writes a policy other than the default, and the loader reads the same Rules back."""
    rules = dataclasses.replace(Rules(), screening=policy)
    problems = Problems()
    back = settings.rules({"date": "2020-02-21", "rules": rules_mapping(rules)}, problems)
    assert problems.errors == [] and back.screening == policy and back == rules
