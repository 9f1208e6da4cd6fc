"""The rule book: declarative obligations as frozen dataclasses."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from functools import cached_property

from .dates import Move, Offset
from .diagnostics import Location


class Kind(StrEnum):
    OBLIGATION = "obligation"
    RIGHT = "right"
    EFFECT = "effect"
    TARGET = "target"
    GUIDANCE = "guidance"


# docs/conventions.md §1.3: the move each kind gets unless its rule says otherwise.
# Rule files must still state their move; this table is what `validate` and the
# schema documentation call "the default", so a deviation is visible.
DEFAULT_MOVE: dict[Kind, Move] = {
    Kind.OBLIGATION: Move.FORWARD,
    Kind.RIGHT: Move.BACKWARD,
    Kind.EFFECT: Move.NONE,
    Kind.TARGET: Move.NONE,
    Kind.GUIDANCE: Move.NONE,
}


@dataclass(frozen=True)
class Text:
    nb: str
    en: str

    def get(self, lang: str) -> str:
        return self.en if lang == "en" else self.nb


@dataclass(frozen=True)
class Source:
    document: str
    agreement: str
    clause: str | None
    quote: str
    location: Location  # of the quote, for validation messages


class ReviewState(StrEnum):
    REVIEWED = "reviewed"
    NEVER = "unreviewed"  # never approved
    CHANGED = "changed"  # approved, then changed: needs review again


@dataclass(frozen=True)
class Review:
    by: str
    on: date
    fingerprint: str
    location: Location


def review_state(review: Review | None, fingerprint: str) -> ReviewState:
    """Reviewed only while the approved fingerprint is the content's own."""
    if review is None:
        return ReviewState.NEVER
    if review.fingerprint != fingerprint:
        return ReviewState.CHANGED
    return ReviewState.REVIEWED


@dataclass(frozen=True)
class AppliesTo:
    """Whom a rule applies to: the `applies_to:` of its rule file."""

    categories: tuple[str, ...]
    waves: tuple[str, ...] = ()  # empty: any wave
    requires: tuple[str, ...] = ()  # facts that must be known (else: waiting)
    unless: tuple[str, ...] = ()  # facts whose presence makes the rule not apply


@dataclass(frozen=True)
class Rule:
    id: str
    kind: Kind
    title: Text
    agreement: str
    applies_to: AppliesTo
    trigger: str
    # None: no fixed date ("without undue delay"); otherwise per category
    offsets: dict[str, Offset] | None
    move: Move
    move_reason: Text | None
    fulfilled_by: str | None
    due_soon: Offset | None
    recurrence: Offset | None
    sources: tuple[Source, ...]
    interpretation: Text | None
    location: Location
    path: str
    who: Text | None = None  # who must act, where it is not simply the party
    review: Review | None = None  # the newest stamp: it decides the review state
    fingerprint: str = ""  # of the content a reviewer approves (rule_reader.rule_fingerprint)
    valid_from: date | None = None  # the version of the rule in force from this day
    valid_to: date | None = None  # ... to this day, inclusive
    amount: str | None = None  # a party amount shown with each finding (e.g. the establishment price)
    reviews: tuple[Review, ...] = ()  # every stamp, oldest first

    @property
    def review_state(self) -> ReviewState:
        return review_state(self.review, self.fingerprint)

    def in_force(self, day: date) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (self.valid_to is None or day <= self.valid_to)

    def offset_for(self, category: str) -> Offset | None:
        if self.offsets is None:
            return None
        return self.offsets.get(category) or self.offsets.get("*")

    @cached_property
    def needed_facts(self) -> tuple[str, ...]:
        """Facts that must be known before a date can be computed, trigger first."""
        rest = [f for f in self.applies_to.requires if f != self.trigger]
        return (self.trigger, *rest)


class Condition(StrEnum):
    """What an inference needs of the fact it starts from."""

    KNOWN = "known"  # on record (or derived), whatever its date
    HAPPENED = "happened"  # recorded as actual, not a plan, and on or before the as-of day


@dataclass(frozen=True)
class Inference:
    """What a known fact implies: facts "on or before" its date, or that no rule applies.

    Run by the rules engine as forward chaining: a derived fact can start further
    inferences and make rules apply. A recorded fact always wins over a derived one.
    """

    id: str
    title: Text
    agreement: str
    categories: tuple[str, ...]
    start: str  # the fact it starts from
    condition: Condition
    concludes: tuple[str, ...]  # each on or before the start fact's latest day
    excludes: bool  # concludes that no rule of the rule book applies to the party
    sources: tuple[Source, ...]
    interpretation: Text | None
    location: Location
    path: str
    review: Review | None = None  # the newest stamp: it decides the review state
    fingerprint: str = ""
    reviews: tuple[Review, ...] = ()  # every stamp, oldest first

    @property
    def review_state(self) -> ReviewState:
        return review_state(self.review, self.fingerprint)


@dataclass(frozen=True)
class Unencoded:
    """A dated provision of the documents that is deliberately not a rule, and why."""

    id: str
    title: Text
    reason: Text
    sources: tuple[Source, ...]
    location: Location


@dataclass(frozen=True)
class FactSpec:
    name: str
    scope: tuple[str, ...]  # party, wave, region
    description: Text


@dataclass(frozen=True)
class Vocabulary:
    categories: dict[str, Text]
    facts: dict[str, FactSpec]
    amounts: dict[str, Text] = field(default_factory=dict)


@dataclass(frozen=True)
class RuleBook:
    vocabulary: Vocabulary
    rules: tuple[Rule, ...]
    inferences: tuple[Inference, ...] = ()
    unencoded: tuple[Unencoded, ...] = ()

    def inference(self, inference_id: str) -> Inference | None:
        return next((i for i in self.inferences if i.id == inference_id), None)

    def rule(self, rule_id: str, on: date | None = None) -> Rule | None:
        """The version in force on `on`; without a day, the newest version."""
        versions = [r for r in self.rules if r.id == rule_id]
        if on is not None:
            return next((r for r in versions if r.in_force(on)), None)
        return max(versions, key=lambda r: r.valid_from or date.min, default=None)

    def in_force(self, on: date) -> tuple[Rule, ...]:
        """One version of each rule, the one in force on `on`, in book order."""
        return tuple(r for r in self.rules if r.in_force(on))

    @property
    def ids(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(r.id for r in self.rules))
