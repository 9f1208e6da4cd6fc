"""The durable-rules engine at scale: past its 1,024-session limit, and the same
findings in one run as party by party."""

from __future__ import annotations

from datetime import date

import pytest

from hprules.engine import Condition, EngineError, Matcher, Subject
from hprules.evaluation import Evaluator
from hprules.project import Project
from hprules.synthetic import synthetic_factbase

AS_OF = date(2025, 6, 1)


def test_several_thousand_parties_in_one_run_equal_one_by_one(shipped: Project) -> None:
    facts = synthetic_factbase(3000, seed=7)
    evaluator = Evaluator(shipped.rules)
    together = evaluator.evaluate(facts, AS_OF)
    one_by_one = [f for pid in facts.parties for f in evaluator.evaluate(facts, AS_OF, [pid]).findings]
    assert together.findings == tuple(one_by_one)
    # Many more sessions than durable-rules' 1,024 were created and freed one by one.
    assert len(facts.parties) > 1024
    assert {f.party for f in together.findings} == set(facts.parties)


def test_applicability_matches_a_plain_reading_of_the_conditions(shipped: Project) -> None:
    facts = synthetic_factbase(1500, seed=11)
    evaluation = Evaluator(shipped.rules).evaluate(facts, AS_OF)
    got = {(f.party, f.rule) for f in evaluation.findings}
    expected = set()
    for party in facts.parties.values():
        known = facts.resolved(party)
        for rule in shipped.rules.rules:
            a = rule.applies_to
            if party.category not in a.categories:
                continue
            if a.waves and party.wave not in a.waves:
                continue
            if any(name in known for name in a.unless):
                continue
            expected.add((party.id, rule.id))
    assert got == expected


def test_waiting_matches_missing_facts(shipped: Project) -> None:
    facts = synthetic_factbase(500, seed=3)
    evaluation = Evaluator(shipped.rules).evaluate(facts, AS_OF)
    rules = {r.id: r for r in shipped.rules.rules}
    for finding in evaluation.findings:
        known = facts.resolved(facts.parties[finding.party])
        missing = [n for n in rules[finding.rule].needed_facts if n not in known]
        assert list(finding.missing) == missing


def test_duplicate_subjects_are_refused() -> None:
    matcher = Matcher([Condition("r", ("municipality",), (), ("go_live",), ())])
    subject = Subject("a", "municipality", None, frozenset())
    with pytest.raises(ValueError):
        matcher.match([subject, subject])


def test_errors_inside_durable_rules_actions_reach_the_caller() -> None:
    # durable-rules stores an action's exception in the session state instead of
    # raising it (ENGINEERING.md); the engine must turn it into an error.
    matcher = Matcher([Condition("r", ("municipality",), (), (), ())])

    class Exploding(list[str]):
        def extend(self, items: object) -> None:
            raise RuntimeError("boom")

    matcher._seen = Exploding()  # the "seen" action now fails inside durable-rules
    with pytest.raises(EngineError, match="rule action failed"):
        matcher.match([Subject("a", "municipality", None, frozenset())])
    matcher._seen = []
    assert matcher.match([Subject("b", "municipality", None, frozenset())]) == {"b": {"r": True}}
