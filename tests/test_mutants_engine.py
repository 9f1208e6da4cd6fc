"""Inference inside the engine: what `bench/mutation.py engine` found untested.

docs/conventions.md §3: a derived fact is "on or before" the latest day of the fact
it comes from, so a fact derived from one that has happened has happened too and
can start an inference that needs `when: happened`; one derived from a fact only
known (a plan) cannot.
"""

from __future__ import annotations

import sys

from hprules.evaluation.engine import Chaining, Condition, Matcher, Subject

from .conftest import ROOT

sys.path.insert(0, str(ROOT / "bench"))
from baseline import PlainMatcher

CHAIN = [
    Chaining("kb", ("municipality",), "k", False, ("b",), False),  # from k known
    Chaining("be", ("municipality",), "b", True, ("e",), False),  # from b happened
]
RULES = [Condition("unless-e", ("municipality",), (), ("e",))]


def test_a_fact_derived_from_one_that_happened_has_happened_too() -> None:
    subjects = [
        Subject("done", "municipality", None, frozenset({"k"}), frozenset({"k"})),
        Subject("plan", "municipality", None, frozenset({"k"}), frozenset()),
    ]
    got = Matcher(RULES, CHAIN).match(subjects)
    assert got["done"].inferences == {"kb", "be"}
    assert got["done"].rules == frozenset()  # e derived: the rule stops applying
    assert got["plan"].inferences == {"kb"}
    assert got["plan"].rules == {"unless-e"}
    assert got == PlainMatcher(RULES, CHAIN).match(subjects)


def test_a_rule_for_several_categories_or_waves_applies_to_each_of_them() -> None:
    conditions = [
        Condition("one", ("health",), (), ()),
        Condition("two", ("municipality", "trondheim"), (), ()),
        Condition("three", ("municipality", "trondheim", "health"), ("w1", "w2"), ()),
    ]
    subjects = [
        Subject("malvik", "municipality", "w1", frozenset(), frozenset()),
        Subject("trondheim", "trondheim", "w2", frozenset(), frozenset()),
        Subject("stolav", "health", "w3", frozenset(), frozenset()),
        Subject("elsewhere", "region", "w1", frozenset(), frozenset()),
    ]
    got = Matcher(conditions).match(subjects)
    assert {name: set(match.rules) for name, match in got.items()} == {
        "malvik": {"two", "three"},
        "trondheim": {"two", "three"},
        "stolav": {"one"},  # wave w3 is not among w1, w2
        "elsewhere": set(),
    }
    assert got == PlainMatcher(conditions).match(subjects)


def test_exactly_as_many_inferences_as_one_ruleset_holds_are_accepted() -> None:
    # "at most 32 inferences" (test_engine): 32 is allowed, and all of them fire.
    many = [Chaining(f"i{n}", ("municipality",), "a", False, (f"f{n}",), False) for n in range(32)]
    got = Matcher([], many).match([Subject("p", "municipality", None, frozenset({"a"}), frozenset())])
    assert got["p"].inferences == {f"i{n}" for n in range(32)}
