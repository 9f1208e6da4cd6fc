"""Evaluates the rule book against parties' facts into findings. Pure.

The rules engine decides which inferences fire and which rules apply; this
module gives the derived facts their values, computes the dates, and asks
`status.assess` for each status.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Protocol

from ..domain.collection_pause import collector_paused
from ..domain.dates import Deadline, Offset, WorkingDays
from ..domain.factbase import Fact, FactBase, Party
from ..domain.finding import Finding, Status
from ..domain.rulebook import Condition as Start
from ..domain.rulebook import Inference, Rule, RuleBook
from ..domain.whatif import WhatIf
from .engine import Chaining, Condition, Match, Subject, compiled
from .inference import derive
from .status import assess


class Matching(Protocol):
    def match(self, subjects: Sequence[Subject]) -> dict[str, Match]: ...


@dataclass(frozen=True)
class Evaluation:
    as_of: date
    parties: tuple[str, ...]  # evaluated, in order, including those with no findings
    findings: tuple[Finding, ...]
    facts: Mapping[str, Mapping[str, Fact]] | None = None  # per party, recorded and derived
    what_if: WhatIf = field(default_factory=WhatIf)  # set facts or a past day of knowledge: never mistaken for fact
    inferences: Mapping[str, frozenset[str]] | None = None  # per party, the inferences that fired

    @property
    def has_overdue_obligation(self) -> bool:
        return any(f.is_overdue_obligation for f in self.findings)


def conditions(rules: Sequence[Rule]) -> list[Condition]:
    return [Condition(r.id, r.applies_to.categories, r.applies_to.waves, r.applies_to.unless) for r in rules]


def chainings(inferences: Sequence[Inference]) -> list[Chaining]:
    return [
        Chaining(i.id, i.categories, i.start, i.condition is Start.HAPPENED, i.concludes, i.excludes)
        for i in inferences
    ]


class Evaluator:
    """A rule book compiled once, evaluated for any parties and any day."""

    def __init__(
        self,
        book: RuleBook,
        days: WorkingDays | None = None,
        matcher: Callable[[Sequence[Condition], Sequence[Chaining]], Matching] = compiled,
    ) -> None:
        self.book = book
        self.days = days or WorkingDays()
        # The rules engine decides; another implementation of the same interface
        # (the benchmark's plain-Python baseline) may stand in.
        self._make_matcher = matcher
        self._inferences = {i.id: i for i in book.inferences}

    def matcher_for(self, rules: Sequence[Rule]) -> Matching:
        """The compiled rulesets for the rule versions in force (compiled once per
        process by the engine, which may free old ones: never kept here)."""
        return self._make_matcher(conditions(rules), chainings(self.book.inferences))

    def evaluate(
        self,
        facts: FactBase,
        as_of: date,
        parties: Sequence[str] | None = None,
        overrides: Mapping[str, Fact] | None = None,
    ) -> Evaluation:
        chosen = [facts.parties[p] for p in parties] if parties is not None else list(facts.parties.values())
        resolved = facts.resolved(chosen)
        if overrides:
            for known in resolved.values():
                known.update(overrides)
        return self.evaluate_resolved(chosen, resolved, as_of)

    @staticmethod
    def subjects(parties: Sequence[Party], resolved: Mapping[str, Mapping[str, Fact]], as_of: date) -> list[Subject]:
        """What the engine sees of each party: category, wave, the facts known and those that happened."""
        return [
            Subject(
                p.id,
                p.category,
                p.wave,
                frozenset(resolved[p.id]),
                frozenset(n for n, f in resolved[p.id].items() if f.happened_by(as_of)),
            )
            for p in parties
        ]

    def evaluate_resolved(
        self, parties: Sequence[Party], resolved: Mapping[str, Mapping[str, Fact]], as_of: date
    ) -> Evaluation:
        with collector_paused():  # many small acyclic values
            rules = self.book.in_force(as_of)
            # The subjects are not kept: freed before the findings are made (memory).
            matches = self.matcher_for(rules).match(self.subjects(parties, resolved, as_of))
            findings = []
            all_facts = {}
            fired = {}
            for party in parties:
                match = matches[party.id]
                fired[party.id] = match.inferences
                facts = resolved[party.id]
                if match.inferences:
                    facts = derive(facts, (self._inferences[i] for i in sorted(match.inferences)))
                all_facts[party.id] = facts
                findings += [self._finding(party, rule, facts, as_of) for rule in rules if rule.id in match.rules]
        return Evaluation(as_of, tuple(p.id for p in parties), tuple(findings), all_facts, inferences=fired)

    def _finding(self, party: Party, rule: Rule, facts: Mapping[str, Fact], as_of: date) -> Finding:
        anchor = facts.get(rule.trigger)
        done = facts.get(rule.fulfilled_by) if rule.fulfilled_by else None
        required = [facts[n] for n in rule.applies_to.requires if n in facts]
        used = tuple(f for f in (anchor, *required, done) if f is not None)
        missing = tuple(n for n in rule.needed_facts if n not in facts)
        amount = party.amounts.get(rule.amount) if rule.amount else None
        offset = rule.offset_for(party.category) if anchor is not None and not missing else None
        deadline = None
        instance = 0
        series_start = None
        if anchor is not None and offset is not None:
            deadline, instance = self._deadline(rule, anchor, offset, as_of)
            if rule.recurrence is not None:
                series_start = self.days.deadline(anchor.value, offset, rule.move).earliest
        result = assess(
            rule.kind,
            deadline.earliest if deadline else None,
            deadline.latest if deadline else None,
            done.value if done else None,
            as_of,
            rule.due_soon,
            blocked=bool(missing),
            dated=deadline is not None,
            plan_passed=anchor is not None and anchor.planned and as_of > anchor.value.latest,
        )
        if not missing and result.status is Status.WAITING:
            missing = (rule.trigger,)  # a plan whose day passed: waits for it to be recorded as actual
        return Finding(
            party=party.id,
            rule=rule.id,
            definition=rule,
            kind=rule.kind,
            used=used,
            amount=amount,
            status=result.status,
            missing=missing,
            earliest=deadline.earliest if deadline else None,
            latest=deadline.latest if deadline else None,
            timeliness=result.timeliness,
            warn_from=result.warn_from,
            instance=instance,
            anchor=anchor if deadline is not None or not missing else None,
            offset=offset,
            deadline=deadline,
            fulfilment=done,
            series_start=series_start,
        )

    def _deadline(self, rule: Rule, anchor: Fact, offset: Offset, as_of: date) -> tuple[Deadline, int]:
        deadline = self.days.deadline(anchor.value, offset, rule.move)
        if rule.recurrence is None:
            return deadline, 0
        # The next occurrence not yet past, each counted from the anchor itself so
        # that month ends do not drift (31 Jan + 3 months + 3 months = 31 Jul).
        instance = 1
        while deadline.latest < as_of:
            instance += 1
            amount = offset.sign * offset.amount + (instance - 1) * rule.recurrence.amount
            nth = Offset(abs(amount), offset.unit, 1 if amount >= 0 else -1)
            deadline = self.days.deadline(anchor.value, nth, rule.move)
        return deadline, instance
