"""Evaluates the rule book against parties' facts into findings. Pure."""

from __future__ import annotations

import gc
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Protocol

from .dates import Deadline, Offset, WorkingDays
from .engine import Condition, Subject, compiled
from .factbase import Fact, FactBase, Party
from .finding import Finding
from .rulebook import Kind, Rule, RuleBook
from .status import Status, Timeliness, assess


class Applicability(Protocol):
    def match(self, subjects: Sequence[Subject]) -> dict[str, dict[str, bool]]: ...


@dataclass(frozen=True)
class Evaluation:
    as_of: date
    parties: tuple[str, ...]  # evaluated, in order, including those with no findings
    findings: tuple[Finding, ...]

    @property
    def has_overdue_obligation(self) -> bool:
        return any(f.is_overdue_obligation for f in self.findings)


def conditions(rules: Sequence[Rule]) -> list[Condition]:
    return [
        Condition(r.id, r.applies_to.categories, r.applies_to.waves, r.needed_facts, r.applies_to.unless) for r in rules
    ]


class Evaluator:
    """A rule book compiled once, evaluated for any parties and any day."""

    def __init__(
        self,
        book: RuleBook,
        days: WorkingDays | None = None,
        matcher: Callable[[Sequence[Condition]], Applicability] = compiled,
    ) -> None:
        self.book = book
        self.days = days or WorkingDays()
        # The rules engine decides which rules apply; another implementation of
        # the same interface (the benchmark's plain-Python baseline) may stand in.
        self._make_matcher = matcher
        self._matchers: dict[tuple[int, ...], Applicability] = {}

    def matcher_for(self, rules: Sequence[Rule]) -> Applicability:
        """One compiled ruleset per set of rule versions in force."""
        key = tuple(id(r) for r in rules)
        if key not in self._matchers:
            self._matchers[key] = self._make_matcher(conditions(rules))
        return self._matchers[key]

    def evaluate(
        self,
        facts: FactBase,
        as_of: date,
        parties: Sequence[str] | None = None,
        overrides: Mapping[str, Fact] | None = None,
    ) -> Evaluation:
        chosen = [facts.parties[p] for p in parties] if parties is not None else list(facts.parties.values())
        resolved = {}
        for party in chosen:
            known = facts.resolved(party)
            known.update(overrides or {})
            resolved[party.id] = known
        return self.evaluate_resolved(chosen, resolved, as_of)

    def evaluate_resolved(
        self, parties: Sequence[Party], resolved: Mapping[str, Mapping[str, Fact]], as_of: date
    ) -> Evaluation:
        subjects = [Subject(p.id, p.category, p.wave, frozenset(resolved[p.id])) for p in parties]
        by_id = {p.id: p for p in parties}
        # Many small acyclic objects: the cyclic collector only costs time here
        # (measured: 40 % of the engine's time at 10,000 parties).
        collecting = gc.isenabled()
        gc.disable()
        try:
            rules = self.book.in_force(as_of)
            matches = self.matcher_for(rules).match(subjects)
            findings = [
                self._finding(by_id[subject], rule, resolved[subject], as_of, applies[rule.id])
                for subject, applies in matches.items()
                for rule in rules
                if rule.id in applies
            ]
        finally:
            if collecting:
                gc.enable()
        return Evaluation(as_of, tuple(p.id for p in parties), tuple(findings))

    def _finding(self, party: Party, rule: Rule, facts: Mapping[str, Fact], as_of: date, ready: bool) -> Finding:
        anchor = facts.get(rule.trigger)
        done = facts.get(rule.fulfilled_by) if rule.fulfilled_by else None
        required = [facts[n] for n in rule.applies_to.requires if n in facts]
        used = tuple(f for f in (anchor, *required, done) if f is not None)
        missing = tuple(n for n in rule.needed_facts if n not in facts)
        if anchor is not None and anchor.value.earliest is None:
            missing = (rule.trigger, *missing)  # known only as "on or before": cannot anchor a date
        if not ready or missing:
            if (
                done is not None
                and done.value.latest <= as_of
                and rule.kind in (Kind.OBLIGATION, Kind.TARGET, Kind.RIGHT)
            ):
                # Done, surely by today, but the date it was due cannot be computed:
                # met (or exercised), and whether in time is unknown.
                if rule.kind is Kind.RIGHT:
                    return Finding(
                        party.id, rule.id, rule.kind, Status.EXERCISED, None, None, missing, fulfilment=done, used=used
                    )
                return Finding(
                    party.id,
                    rule.id,
                    rule.kind,
                    Status.MET,
                    None,
                    None,
                    missing,
                    Timeliness.UNKNOWN,
                    fulfilment=done,
                    used=used,
                )
            return Finding(party.id, rule.id, rule.kind, Status.WAITING, None, None, missing, used=used)
        assert anchor is not None
        offset = rule.offset_for(party.category)
        if rule.offsets is not None and offset is None:
            return Finding(party.id, rule.id, rule.kind, Status.WAITING, None, None, (), used=used)
        deadline = None
        instance = 0
        series_start = None
        if offset is not None:
            deadline, instance = self._deadline(rule, anchor, offset, as_of)
            if rule.recurrence is not None:
                series_start = self.days.deadline(anchor.value, offset, rule.move).earliest
        earliest = deadline.earliest if deadline else None
        latest = deadline.latest if deadline else None
        result = assess(rule.kind, earliest, latest, done.value if done else None, as_of, rule.due_soon)
        return Finding(
            party.id,
            rule.id,
            rule.kind,
            result.status,
            earliest,
            latest,
            (),
            result.timeliness,
            result.warn_from,
            instance,
            anchor,
            offset,
            deadline,
            done,
            used,
            series_start,
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
