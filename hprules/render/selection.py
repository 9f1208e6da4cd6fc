"""Which findings a coordinator asked to see: filters that combine. Pure.

Each filter narrows the findings (statuses, kinds and rules each admit any of
the values given; different filters must all admit a finding). A date window
admits a finding when its range [earliest, latest] overlaps the window, so a
go-live known only to the month shows in any window touching that month; a
finding with no date (waiting, or a duty with no fixed date) is outside every
window.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Collection, Iterable
from dataclasses import dataclass, replace
from datetime import date

from ..domain.dates import Offset, Unit
from ..domain.diagnostics import Message, msg
from ..domain.finding import Finding, Status
from ..domain.rulebook import Kind
from ..evaluation.evaluator import Evaluation
from .texts import LANGUAGES, word

_SPAN = re.compile(r"^\s*(\d+)\s*([dwmy])\s*$", re.IGNORECASE)
_UNITS = {"d": Unit.DAYS, "w": Unit.WEEKS, "m": Unit.MONTHS, "y": Unit.YEARS}


@dataclass(frozen=True)
class Window:
    """Days from `start` to `end`, both included; None is open-ended."""

    start: date | None = None
    end: date | None = None

    def overlaps(self, earliest: date | None, latest: date | None) -> bool:
        if latest is None:
            return False
        first = earliest if earliest is not None else latest  # "on or before": only the latest day is known
        return (self.start is None or latest >= self.start) and (self.end is None or first <= self.end)


@dataclass(frozen=True)
class Selection:
    statuses: frozenset[str] = frozenset()
    kinds: frozenset[str] = frozenset()
    rules: frozenset[str] = frozenset()
    window: Window | None = None

    @property
    def is_everything(self) -> bool:
        return not (self.statuses or self.kinds or self.rules or self.window)

    def admits(self, finding: Finding) -> bool:
        return (
            (not self.statuses or finding.status.value in self.statuses)
            and (not self.kinds or finding.kind.value in self.kinds)
            and (not self.rules or finding.rule in self.rules)
            and (self.window is None or (finding.status is not Status.WAITING and self._dated(finding)))
        )

    def _dated(self, finding: Finding) -> bool:
        assert self.window is not None
        return not finding.missing and self.window.overlaps(finding.earliest, finding.latest)

    def apply(self, evaluation: Evaluation) -> Evaluation:
        """The admitted findings; a party none of whose findings is admitted is left out."""
        if self.is_everything:
            return evaluation
        findings = tuple(f for f in evaluation.findings if self.admits(f))
        shown = {f.party for f in findings}
        return replace(evaluation, findings=findings, parties=tuple(p for p in evaluation.parties if p in shown))


def parse_span(text: str) -> Offset:
    """`30d`, `2w`, `3m`, `1y` as a distance forward; ValueError says why not."""
    match = _SPAN.match(text)
    if not match:
        raise ValueError(f"'{text}' is not a span; write a number and d, w, m or y, e.g. 30d, 2w, 3m")
    return Offset(int(match.group(1)), _UNITS[match.group(2).lower()])


def window_problems(start: date | None, end: date | None) -> list[Message]:
    if start is not None and end is not None and end < start:
        return [msg("select.window_reversed", end=end.isoformat(), start=start.isoformat())]
    return []


def _unknown(option: str, given: Iterable[str], known: Collection[str]) -> list[Message]:
    problems = []
    for value in given:
        if value in known:
            continue
        close = difflib.get_close_matches(value, list(known), n=1)
        known_text = ", ".join(sorted(known))
        if close:
            problems.append(msg("select.unknown_guess", option=option, value=value, guess=close[0], known=known_text))
        else:
            problems.append(msg("select.unknown", option=option, value=value, known=known_text))
    return problems


def _as_ids(values: Iterable[str], ids: Iterable[str]) -> tuple[str, ...]:
    """Ids as given, or the words the tables show for them, in Norwegian or English
    (`--status forfalt` is `--status overdue`)."""
    shown = {word(i, lang).casefold(): i for i in ids for lang in LANGUAGES}
    return tuple(shown.get(v.strip().casefold(), v.strip()) for v in values)


def make_selection(
    as_of: date,
    known_rules: Collection[str],
    statuses: Iterable[str] = (),
    kinds: Iterable[str] = (),
    rules: Iterable[str] = (),
    due_within: str | None = None,
    start: date | None = None,
    end: date | None = None,
) -> tuple[Selection, list[Message]]:
    """The selection and every problem with the values given (empty when all are fine).

    `due_within` ends the window that many days, weeks, months or years after
    `as_of`; it starts at `start`, or at `as_of` when no start is given."""
    statuses = _as_ids(statuses, (s.value for s in Status))
    kinds = _as_ids(kinds, (k.value for k in Kind))
    rules = tuple(v.strip() for v in rules)
    problems = _unknown("--status", statuses, {s.value for s in Status})
    problems += _unknown("--kind", kinds, {k.value for k in Kind})
    problems += _unknown("--rule", rules, known_rules)
    if due_within is not None:
        if end is not None:
            problems.append(msg("select.due_within_and_to"))
        try:
            end = parse_span(due_within).apply(as_of)
            start = start or as_of
        except ValueError:
            problems.append(msg("select.not_a_span", text=due_within))
    problems += window_problems(start, end)
    window = Window(start, end) if start is not None or end is not None else None
    return Selection(frozenset(statuses), frozenset(kinds), frozenset(rules), window), problems
