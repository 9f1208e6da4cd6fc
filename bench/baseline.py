"""The fastest plain-Python way to decide which rules apply: set lookups, no engine.

It stands in for durable-rules behind the same interface, so the evaluator's date
arithmetic (dateutil and hprules.dates) and statuses are shared and the measured
difference is the rules engine alone.
"""

from __future__ import annotations

from collections.abc import Sequence

from hprules.engine import Condition, Subject


class PlainMatcher:
    def __init__(self, conditions: Sequence[Condition]) -> None:
        self.conditions = [
            (c.rule_id, frozenset(c.categories), frozenset(c.waves), c.needs, c.unless) for c in conditions
        ]

    def match(self, subjects: Sequence[Subject]) -> dict[str, dict[str, bool]]:
        result: dict[str, dict[str, bool]] = {}
        for s in subjects:
            applies: dict[str, bool] = {}
            known = s.known
            for rule_id, categories, waves, needs, unless in self.conditions:
                if s.category not in categories or (waves and s.wave not in waves):
                    continue
                if any(f in known for f in unless):
                    continue
                applies[rule_id] = all(f in known for f in needs)
            result[s.id] = applies
        return result
