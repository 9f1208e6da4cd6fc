"""The agenda: every dated finding of the chosen parties in one list, in date
order, like `khal list`. Pure.

The default window runs from 30 days before the as-of day (what just passed,
and what is overdue) to 365 days after it (the year ahead).
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from datetime import date, timedelta

from ..domain.finding import Finding
from ..evaluation.evaluator import Evaluation
from ..reading.project import Project
from .collation import norwegian_key
from .layout import Row, table_rows
from .selection import Selection, Window
from .texts import days_away, weekday, within, word

BEFORE = timedelta(days=30)
AFTER = timedelta(days=365)
# A past date is a deadline not met only in these statuses; otherwise it simply passed.
LATE_STATUSES = frozenset({"overdue"})  # a missed target is neutral: just "for N dager siden"
FIELDS = ["earliest", "latest", "weekday", "days", "when", "party", "party_name", "rule", "title", "kind", "status"]


def default_window(as_of: date, start: date | None = None, end: date | None = None) -> Window:
    return Window(start or as_of - BEFORE, end or as_of + AFTER)


@dataclass(frozen=True)
class Entry:
    finding: Finding
    party_name: str
    title: str

    @property
    def earliest(self) -> date:
        """The first possible day; for a date known only as "on or before", that day."""
        assert self.finding.latest is not None
        return self.finding.earliest if self.finding.earliest is not None else self.finding.latest

    @property
    def latest(self) -> date:
        assert self.finding.latest is not None
        return self.finding.latest

    def days(self, as_of: date) -> int:
        """Days from `as_of` to the date: to the earliest while it is ahead, to the
        latest once the range has begun (negative once it is past)."""
        if as_of < self.earliest:
            return (self.earliest - as_of).days
        return (self.latest - as_of).days


def agenda_entries(project: Project, evaluation: Evaluation, window: Window, lang: str) -> list[Entry]:
    chosen = Selection(window=window).apply(evaluation).findings
    # An overdue obligation is still open, however long ago its day was: always listed.
    overdue = [f for f in evaluation.findings if f.is_overdue_obligation and f not in chosen]
    entries = [
        Entry(f, project.facts.parties[f.party].name, f.definition.title.get(lang) or f.rule)
        for f in (*chosen, *overdue)
    ]
    return sorted(entries, key=lambda e: (e.earliest, e.latest, norwegian_key(e.party_name), e.finding.rule))


def date_cell(entry: Entry, lang: str) -> str:
    """'ma. 2025-03-03', or a range 'on. 2022-06-01 – to. 2022-06-30'."""
    first = f"{weekday(entry.earliest, lang)} {entry.earliest.isoformat()}"
    if entry.finding.earliest is None:
        return f"{word('at_the_latest', lang)} {first}"
    if entry.earliest == entry.latest:
        return first
    return f"{first} – {weekday(entry.latest, lang)} {entry.latest.isoformat()}"


def when_cell(entry: Entry, as_of: date, lang: str) -> str:
    days = entry.days(as_of)
    text = days_away(days, entry.finding.status.value in LATE_STATUSES, lang)
    if days > 0 and entry.earliest <= as_of:  # the range has begun
        return within(days, lang)
    return text


def render_agenda(
    entries: list[Entry], as_of: date, window: Window, lang: str, width: int | None = None, colour: bool = False
) -> str:
    """Like `khal list`: a line per date (or range) saying how far it is, then
    the status, party and rule of each finding on it."""
    lines = [f"{window.start} – {window.end} ({word('as_of', lang)} {as_of.isoformat()})"]
    if not entries:
        return f"{lines[0]}\n{word('nothing_in_window', lang)}\n"
    rows = [Row([word(e.finding.status.value, lang), e.party_name, e.title], e.finding.status.value) for e in entries]
    shown = None
    for entry, row_lines in zip(entries, table_rows(rows, width, status_column=0, colour=colour), strict=True):
        if (entry.earliest, entry.latest) != shown:
            shown = (entry.earliest, entry.latest)
            lines.append(f"{date_cell(entry, lang)} · {when_cell(entry, as_of, lang)}")
        lines.extend(row_lines)
    return "\n".join(lines) + "\n"


def _record(entry: Entry, as_of: date, lang: str) -> dict[str, str | int]:
    f = entry.finding
    return {
        "earliest": entry.earliest.isoformat(),
        "latest": entry.latest.isoformat(),
        "weekday": weekday(entry.earliest, lang),
        "days": entry.days(as_of),
        "when": when_cell(entry, as_of, lang),
        "party": f.party,
        "party_name": entry.party_name,
        "rule": f.rule,
        "title": entry.title,
        "kind": f.kind.value,
        "status": f.status.value,
    }


def agenda_json(entries: list[Entry], as_of: date, window: Window, lang: str) -> str:
    document = {
        "as_of": as_of.isoformat(),
        "from": str(window.start),
        "to": str(window.end),
        "entries": [_record(e, as_of, lang) for e in entries],
    }
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def agenda_csv(entries: list[Entry], as_of: date, lang: str) -> str:
    records = [_record(e, as_of, lang) for e in entries]
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=FIELDS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(records)
    return out.getvalue()
