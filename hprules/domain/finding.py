"""What the evaluation says of one rule for one party."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

from .construction import slot_init
from .dates import Deadline, Offset
from .factbase import Amount, Fact
from .rulebook import Kind, Rule


class Status(StrEnum):
    MET = "met"
    MET_LATE = "met_late"
    OVERDUE = "overdue"
    MISSED = "missed"  # a target passed with nothing recorded: neutral, never counted as overdue
    DUE_SOON = "due_soon"
    UPCOMING = "upcoming"
    WAITING = "waiting"
    OPEN = "open"
    EXERCISED = "exercised"
    EXPIRED = "expired"
    SCHEDULED = "scheduled"
    PASSED = "passed"


class Timeliness(StrEnum):
    ON_TIME = "on_time"
    LATE = "late"
    UNKNOWN = "unknown"


@slot_init
@dataclass(frozen=True, kw_only=True, slots=True)
class Finding:
    party: str
    rule: str  # the rule's id
    # The version of the rule, in force on the as-of day, that gave this finding: what renderers
    # show of it (title, sources, review). Not part of equality: findings compare by their values.
    definition: Rule = field(compare=False, repr=False)
    kind: Kind
    status: Status
    earliest: date | None  # None with a latest: only "on or before" the latest is known
    latest: date | None
    missing: tuple[str, ...] = ()
    timeliness: Timeliness | None = None
    warn_from: date | None = None
    instance: int = 0  # occurrence number of a recurring rule, from 1
    anchor: Fact | None = None
    offset: Offset | None = None
    deadline: Deadline | None = None
    fulfilment: Fact | None = None
    used: tuple[Fact, ...] = ()  # every fact the finding depends on (recorded or derived)
    series_start: date | None = None  # first occurrence of a recurring rule
    amount: Amount | None = None  # the party's amount the rule names, where the documents give it

    @property
    def due(self) -> date | None:
        """The day itself, only when it is known to the day."""
        if self.earliest is not None and self.earliest == self.latest:
            return self.latest
        return None

    @property
    def is_overdue_obligation(self) -> bool:
        return self.kind is Kind.OBLIGATION and self.status is Status.OVERDUE

    @property
    def unconfirmed(self) -> bool:
        """Its trigger is a plan whose day has passed: it waits for the event to be recorded."""
        return self.anchor is not None and self.anchor.planned and self.status is Status.WAITING
