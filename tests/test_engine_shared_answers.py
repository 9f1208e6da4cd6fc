"""The engine asserts each distinct fact once and shares its answer: parties it is
shown identically get one answer from durable-rules, parties shown differently
get their own, and the answers are those of a plain reading of the conditions."""

from __future__ import annotations

import sys

from hprules.evaluation.engine import Chaining, Condition, Match, Matcher, Subject

from .conftest import ROOT

sys.path.insert(0, str(ROOT / "bench"))
from baseline import PlainMatcher

CHAIN = [Chaining("ab", ("municipality",), "a", True, ("b",), False)]
RULES = [
    Condition("unless-b", ("municipality", "health"), (), ("b",)),
    Condition("wave-1", ("municipality",), ("w1",), ()),
]
# Four ways the engine can be shown a party (of the facts a condition or an
# inference looks at, only "a" and "b"); "z" is looked at by none.
SHAPES = [
    ("municipality", "w1", frozenset({"a"}), frozenset({"a"})),  # a happened: b derived
    ("municipality", "w1", frozenset({"a"}), frozenset()),  # a planned: nothing derived
    ("municipality", "w2", frozenset({"a", "z"}), frozenset({"a", "z"})),
    ("health", None, frozenset({"z"}), frozenset()),
]


def test_parties_shown_the_same_fact_share_one_answer_from_the_engine() -> None:
    subjects = [Subject(f"p{n}", *SHAPES[n % len(SHAPES)]) for n in range(1_500)]
    matcher = Matcher(RULES, CHAIN)
    got = matcher.match(subjects)
    assert got == PlainMatcher(RULES, CHAIN).match(subjects)
    # durable-rules saw one fact per distinct shape, not one per party.
    assert matcher._condition_rulesets[0]._seen == len(SHAPES)
    assert got["p0"] == Match(frozenset({"wave-1"}), frozenset({"ab"}))
    assert got["p1"] == Match(frozenset({"unless-b", "wave-1"}), frozenset())
    assert got["p2"] == Match(frozenset(), frozenset({"ab"}))
    assert got["p3"] == Match(frozenset({"unless-b"}), frozenset())
    assert got["p4"] is got["p0"]  # the same answer, shared


def test_a_fact_no_condition_looks_at_does_not_make_another_answer() -> None:
    plain = Subject("plain", "municipality", "w1", frozenset({"a"}), frozenset())
    extra = Subject("extra", "municipality", "w1", frozenset({"a", "z"}), frozenset({"z"}))
    matcher = Matcher(RULES, CHAIN)
    got = matcher.match([plain, extra])
    assert got["plain"] is got["extra"]
    assert matcher._condition_rulesets[0]._seen == 1
