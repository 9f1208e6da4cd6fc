"""Checks that every quote appears word for word in the document it cites (I/O)."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from ..domain.diagnostics import Collector, Location, Message, msg
from ..domain.rulebook import Inference, Rule, Unencoded
from .project import Project

_SPACE = re.compile(r"\s+")
# Seed documents are cited by file name; anything else is a public site.
DOCUMENT = re.compile(r"^[\w.-]+\.txt$")


def collapse(text: str) -> str:
    """The source documents break lines and double spaces arbitrarily: compare collapsed."""
    return _SPACE.sub(" ", text).strip()


_WORD = re.compile(r"\S+")
MAX_DIFFERENCES = 3


@dataclass(frozen=True)
class Document:
    """A source document as words, each with the line it stands on."""

    name: str
    words: tuple[str, ...]
    lines: tuple[int, ...]

    @classmethod
    def parse(cls, name: str, raw: str) -> Document:
        words, lines = [], []
        for number, line in enumerate(raw.splitlines(), 1):
            for match in _WORD.finditer(line):
                words.append(match.group())
                lines.append(number)
        return cls(name, tuple(words), tuple(lines))

    @cached_property
    def text(self) -> str:
        return " ".join(self.words)

    def closest(self, quote: str) -> Message:
        """Where the passage most like `quote` is, and the words that differ.

        Every window of the quote's length is scored by the words it shares
        with the quote (case and punctuation aside); the best few, a little
        longer for words the quote left out, are compared word by word
        (difflib) and the most similar wins, trimmed to the span it shares
        with the quote."""
        import difflib  # only for a quote not found: not on every command's start-up

        wanted = quote.split()
        keys = [_norm(w) for w in wanted]
        starts = self._candidates(keys)
        if not starts:
            return msg("quote.no_passage")
        span = len(wanted) + len(wanted) // 4 + 2
        matcher = difflib.SequenceMatcher(None, autojunk=False)
        matcher.set_seq2(keys)

        def similarity(at: int) -> float:
            matcher.set_seq1(self.keys[at : at + span])
            return matcher.ratio()

        best = max(starts, key=lambda at: (similarity(at), -at))
        matcher.set_seq1(self.keys[best : best + span])
        blocks = [b for b in matcher.get_matching_blocks() if b.size]
        first_block, last_block = blocks[0], blocks[-1]
        start = best + max(first_block.a - first_block.b, 0)
        end = best + last_block.a + last_block.size + len(wanted) - (last_block.b + last_block.size)
        passage = self.words[start:end]
        differences: list[Message] = []
        first = None  # the line of the first difference
        opcodes = difflib.SequenceMatcher(None, [_norm(w) for w in passage], keys, autojunk=False).get_opcodes()
        for tag, i1, i2, j1, j2 in opcodes:
            pairs = zip(range(i1, i2), range(j1, j2), strict=True) if tag == "equal" else [(i1, j1)]
            for i, j in pairs:
                ours = " ".join(passage[i : i + 1] if tag == "equal" else passage[i1:i2])
                theirs = " ".join(wanted[j : j + 1] if tag == "equal" else wanted[j1:j2])
                if ours == theirs or _partial(ours, theirs, j == 0, j == len(wanted) - 1):
                    continue
                if first is None:
                    first = self.lines[min(start + i, len(self.lines) - 1)]
                if tag in ("equal", "replace"):
                    differences.append(msg("quote.differs", ours=ours, theirs=theirs))
                elif tag == "delete":
                    differences.append(msg("quote.leaves_out", ours=ours))
                else:
                    differences.append(msg("quote.adds", theirs=theirs))
        more = len(differences) - MAX_DIFFERENCES
        shown = tuple(differences[:MAX_DIFFERENCES]) + ((msg("quote.more", n=more),) if more > 0 else ())
        where = f"{self.name}:{self.lines[start]}"
        return msg("quote.closest", where=where, line=first or self.lines[start], differences=shown)

    @cached_property
    def keys(self) -> list[str]:
        return [_norm(w) for w in self.words]

    def _candidates(self, wanted: list[str], keep: int = 8) -> list[int]:
        """Starts of the windows sharing the most (normalised) words with the quote."""
        need = Counter(wanted)
        keys = self.keys
        n = len(wanted)
        have: Counter[str] = Counter()
        shared = 0
        scores: list[tuple[int, int]] = []
        for i, key in enumerate(keys):
            have[key] += 1
            if have[key] <= need[key]:
                shared += 1
            if i >= n:
                old = keys[i - n]
                if have[old] <= need[old]:
                    shared -= 1
                have[old] -= 1
            if i >= n - 1 and shared:
                scores.append((shared, -(i - n + 1)))
        return [-at for _, at in sorted(scores, reverse=True)[:keep]]


def _norm(word: str) -> str:
    return word.strip(".,;:()«»\"'").casefold()


def _partial(ours: str, theirs: str, at_start: bool, at_end: bool) -> bool:
    """A quote is matched as text, so it may begin or end inside a word:
    "oppfølging" ends the quote where the document has "oppfølging."."""
    if " " in ours or " " in theirs:
        return False
    return (at_end and ours.startswith(theirs)) or (at_start and ours.endswith(theirs))


class _Documents:
    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self._cache: dict[str, Document | None] = {}

    def document(self, name: str) -> Document | None:
        if name not in self._cache:
            path = self.directory / name
            self._cache[name] = Document.parse(name, path.read_text(encoding="utf-8")) if path.is_file() else None
        return self._cache[name]


def check_quotes(project: Project, sources: Path, problems: Collector) -> int:
    """Record a problem for each quote not found; return how many were checked."""
    documents = _Documents(sources)
    checked = 0

    def check(document: str, quote: str, where: Location) -> None:
        nonlocal checked
        if not DOCUMENT.match(document):
            return
        found = documents.document(document)
        if found is None:
            problems.error(where, msg("quote.no_document", document=document, folder=str(sources)))
            return
        checked += 1
        if collapse(quote) not in found.text:
            problems.error(where, msg("quote.not_found", document=document, closest=found.closest(quote)))

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
