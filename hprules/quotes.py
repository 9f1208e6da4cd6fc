"""Checks that every quote appears word for word in the document it cites (I/O)."""

from __future__ import annotations

import re
from pathlib import Path

from .diagnostics import Collector, Location
from .project import Project
from .rulebook import Inference, Rule, Unencoded

_SPACE = re.compile(r"\s+")
# Seed documents are cited by file name; anything else is a public site.
DOCUMENT = re.compile(r"^[\w.-]+\.txt$")


def collapse(text: str) -> str:
    """The source documents break lines and double spaces arbitrarily: compare collapsed."""
    return _SPACE.sub(" ", text).strip()


class _Documents:
    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self._cache: dict[str, str | None] = {}

    def text(self, name: str) -> str | None:
        if name not in self._cache:
            path = self.directory / name
            self._cache[name] = collapse(path.read_text(encoding="utf-8")) if path.is_file() else None
        return self._cache[name]


def check_quotes(project: Project, sources: Path, problems: Collector) -> int:
    """Record a problem for each quote not found; return how many were checked."""
    documents = _Documents(sources)
    checked = 0

    def check(document: str, quote: str, where: Location) -> None:
        nonlocal checked
        if not DOCUMENT.match(document):
            return
        text = documents.text(document)
        if text is None:
            problems.error(where, f"cited document '{document}' is not in {sources}")
            return
        checked += 1
        if collapse(quote) not in text:
            problems.error(
                where,
                f"quote not found in {document} (whitespace collapsed); copy it word for word",
            )

    book = project.rules
    cited: list[Rule | Inference | Unencoded] = [*book.rules, *book.inferences, *book.unencoded]
    for item in cited:
        for source in item.sources:
            check(source.document, source.quote, source.location)
    for party in project.facts.parties.values():
        provenances = [a.provenance for a in party.amounts.values()]
        if party.membership is not None:
            provenances.append(party.membership)
        for provenance in provenances:
            if provenance.quote:
                check(provenance.source, provenance.quote, provenance.location)
    facts = [
        *(f for party in project.facts.parties.values() for f in party.facts.values()),
        *(f for wave in project.facts.waves.values() for f in wave.facts.values()),
        *project.facts.region.values(),
    ]
    for fact in facts:
        for version in (*fact.earlier, fact):  # earlier values cite their documents too
            if version.quote:
                check(version.source, version.quote, version.location)
    return checked
