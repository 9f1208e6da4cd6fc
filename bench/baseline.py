"""The fastest plain-Python way to do the engine's job: set lookups, no engine.

It stands in for durable-rules behind the same interface (inference to a fixed
point, then which rules apply), so the evaluator's date arithmetic and statuses
are shared and the measured difference is the rules engine alone.
"""

from __future__ import annotations

from collections.abc import Sequence

from hprules.evaluation.engine import Chaining, Condition, Match, Subject


class PlainMatcher:
    def __init__(self, conditions: Sequence[Condition], chainings: Sequence[Chaining] = ()) -> None:
        self.conditions = [(c.rule_id, frozenset(c.categories), frozenset(c.waves), c.unless) for c in conditions]
        self.chainings = [(c, frozenset(c.categories)) for c in chainings]

    def match(self, subjects: Sequence[Subject]) -> dict[str, Match]:
        result: dict[str, Match] = {}
        for s in subjects:
            known, happened = set(s.known), set(s.happened)
            fired: set[str] = set()
            excluded = False
            changed = True
            while changed:  # forward chaining to a fixed point
                changed = False
                for chaining, categories in self.chainings:
                    if chaining.id in fired or s.category not in categories:
                        continue
                    if chaining.start not in (happened if chaining.happened else known):
                        continue
                    fired.add(chaining.id)
                    excluded = excluded or chaining.excludes
                    known.update(chaining.concludes)
                    if chaining.start in happened:
                        happened.update(chaining.concludes)
                    changed = True
            rules = set()
            if not excluded:
                for rule_id, categories, waves, unless in self.conditions:
                    if s.category not in categories or (waves and s.wave not in waves):
                        continue
                    if any(f in known for f in unless):
                        continue
                    rules.add(rule_id)
            result[s.id] = Match(frozenset(rules), frozenset(fired))
        return result
