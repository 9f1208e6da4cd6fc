"""Recorded facts of the parties, their waves and the region, with provenance."""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from .dates import DateValue
from .diagnostics import Location


@dataclass(frozen=True)
class Fact:
    name: str
    value: DateValue
    source: str  # a document file name or a public site
    quote: str | None
    note: str | None
    location: Location
    origin: str = "party"  # party, wave:<id>, region, or --set

    def inherited(self, origin: str) -> Fact:
        return replace(self, origin=origin)


@dataclass(frozen=True)
class Wave:
    id: str
    name: str
    facts: dict[str, Fact]
    location: Location


@dataclass(frozen=True)
class Party:
    id: str
    name: str
    category: str
    wave: str | None
    facts: dict[str, Fact]
    notes: tuple[str, ...]
    location: Location


@dataclass(frozen=True)
class FactBase:
    parties: dict[str, Party]
    waves: dict[str, Wave]
    region: dict[str, Fact] = field(default_factory=dict)

    def resolved(self, party: Party) -> dict[str, Fact]:
        """A party's facts: its own, else its wave's, else the region's."""
        facts: dict[str, Fact] = {n: f.inherited("region") for n, f in self.region.items()}
        wave = self.waves.get(party.wave) if party.wave else None
        if wave is not None:
            facts.update({n: f.inherited(f"wave:{wave.id}") for n, f in wave.facts.items()})
        facts.update(party.facts)
        return facts
