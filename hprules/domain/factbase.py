"""Recorded facts of the parties, their waves and the region, with provenance."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import date

from .construction import slot_init
from .dates import DateValue
from .diagnostics import Location
from .rulebook import Text


@slot_init
@dataclass(frozen=True, slots=True)
class Fact:
    name: str
    value: DateValue
    source: str  # a document file name or a public site
    quote: str | None
    note: Text | None
    location: Location
    origin: str = "party"  # party, wave:<id>, region, or --set
    # The day it was on record: entered here, or the date of the document it comes
    # from. A month or year counts from its last day: never known earlier than sure.
    recorded: DateValue | None = None
    earlier: tuple[Fact, ...] = ()  # the values it had before, oldest first
    planned: bool = False  # a plan ("planned" in its source), never taken as having happened
    by: str | None = None  # who recorded it, where no git history says so
    # Derived by an inference rule (its id) from these facts; None for a recorded fact.
    derived_by: str | None = None
    derived_from: tuple[Fact, ...] = ()

    @property
    def is_derived(self) -> bool:
        return self.derived_by is not None

    def happened_by(self, day: date) -> bool:
        """Surely happened on or before `day`: recorded as actual (not a plan), every
        possible date of it on or before `day`."""
        return not self.planned and self.value.latest <= day

    @property
    def known_from(self) -> date:
        return self.recorded.latest if self.recorded is not None else date.min

    def inherited(self, origin: str) -> Fact:
        return replace(self, origin=origin)

    def after(self, previous: Fact) -> Fact:
        """This value, with `previous` (and its history) as what came before."""
        return replace(self, earlier=(*previous.earlier, replace(previous, earlier=())))

    def as_known_on(self, day: date) -> Fact | None:
        """The value on record on `day`, or None if nothing was yet."""
        for version in (self, *reversed(self.earlier)):
            if version.known_from <= day:
                return replace(version, earlier=())
        return None


def _known(facts: dict[str, Fact], day: date) -> dict[str, Fact]:
    known = {name: fact.as_known_on(day) for name, fact in facts.items()}
    return {name: fact for name, fact in known.items() if fact is not None}


@dataclass(frozen=True)
class Wave:
    id: str
    name: str
    facts: dict[str, Fact]
    location: Location


@dataclass(frozen=True)
class Provenance:
    """Where a value that is not a date comes from (a wave membership, an amount)."""

    source: str
    quote: str | None
    note: Text | None
    location: Location
    recorded: DateValue | None = None


@dataclass(frozen=True)
class Amount:
    """A sum of money the documents give for a party, in whole Norwegian kroner."""

    name: str
    nok: int
    provenance: Provenance


@dataclass(frozen=True)
class Party:
    id: str
    name: str
    category: str
    wave: str | None
    facts: dict[str, Fact]
    notes: tuple[Text, ...]
    location: Location
    membership: Provenance | None = None  # where the wave membership comes from
    amounts: dict[str, Amount] = field(default_factory=dict)


@dataclass(frozen=True)
class FactBase:
    parties: dict[str, Party]
    waves: dict[str, Wave]
    region: dict[str, Fact] = field(default_factory=dict)

    def known_on(self, day: date) -> FactBase:
        """Only what was on record on `day`: what the tool would have said then."""
        return FactBase(
            {pid: replace(p, facts=_known(p.facts, day)) for pid, p in self.parties.items()},
            {wid: replace(w, facts=_known(w.facts, day)) for wid, w in self.waves.items()},
            _known(self.region, day),
        )

    def resolved(self, parties: Iterable[Party]) -> dict[str, dict[str, Fact]]:
        """Each party's facts: its own, else its wave's, else the region's. What is
        inherited is made once and shared by every party that inherits it."""
        region = {n: f.inherited("region") for n, f in self.region.items()}
        waves = {
            wave.id: {**region, **{n: f.inherited(f"wave:{wave.id}") for n, f in wave.facts.items()}}
            for wave in self.waves.values()
        }
        return {p.id: {**(waves.get(p.wave, region) if p.wave else region), **p.facts} for p in parties}
