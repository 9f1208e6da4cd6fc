"""The Python API behind the command line.

check, select, explain, validate, calendar, approve, record, diff and agenda are
one call here each and return values (or raise InvalidInput with every problem);
the CLI only renders them. `test`, `waiting` and `rulebook` combine `load_project`
and `check` with `evaluation.examples` and `render` in the CLI; `serve` is
`hprules.server`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from .domain.dates import WorkingDays
from .domain.diagnostics import Collector, Diagnostic, InvalidInput, Location, msg
from .evaluation.evaluator import Evaluation, Evaluator
from .render.explanation import render_explanation

if TYPE_CHECKING:
    from .render.comparison import Change
from .domain.rulebook import Inference, ReviewState, Rule, Text
from .domain.whatif import WhatIf
from .reading.project import Project, load_project, read_project
from .reading.quotes import check_quotes

if TYPE_CHECKING:
    from .render.agenda import Entry
    from .render.feed import Feed
    from .render.selection import Window
    from .store.recording import Outcome

from .reading.overrides import COMMAND_LINE, parse_overrides
from .reading.suggestion import unknown as suggest


def _check_parties(project: Project, parties: Sequence[str]) -> None:
    unknown = [p for p in parties if p not in project.facts.parties]
    if unknown:
        known = sorted(project.facts.parties)
        raise InvalidInput(
            [Diagnostic(Location(COMMAND_LINE), suggest(msg("api.unknown_party", id=p), p, known)) for p in unknown]
        )


def check(
    project: Project,
    as_of: date,
    parties: Sequence[str] = (),
    overrides: Sequence[str] = (),
    evaluator: Evaluator | None = None,
    known_on: date | None = None,
) -> Evaluation:
    """Every finding for the chosen parties (all when none are named).

    With `known_on`, only the facts on record that day are used."""
    _check_parties(project, parties)
    facts = parse_overrides(overrides, project.rules.vocabulary)
    chosen = list(dict.fromkeys(parties)) or None
    base = project.facts.known_on(known_on) if known_on else project.facts
    evaluation = (evaluator or Evaluator(project.rules)).evaluate(base, as_of, chosen, facts)
    what_if = WhatIf(tuple((name, str(fact.value)) for name, fact in facts.items()), known_on)
    return replace(evaluation, what_if=what_if)


@dataclass(frozen=True)
class Explanation:
    text: str
    evaluation: Evaluation


def explain(
    project: Project,
    party: str,
    rule_id: str,
    as_of: date,
    overrides: Sequence[str] = (),
    lang: str = "nb",
    known_on: date | None = None,
    width: int | None = None,
) -> Explanation:
    """Why this date and this status; `width` bounds the lines (the terminal's), None leaves them whole."""
    rule = project.rules.rule(rule_id, as_of)
    if rule is None:
        known = sorted({r.id for r in project.rules.rules})
        problem = suggest(msg("api.unknown_rule", id=rule_id), rule_id, known)
        raise InvalidInput([Diagnostic(Location(COMMAND_LINE), problem)])
    days = WorkingDays(language="en_US" if lang == "en" else "no")
    evaluation = check(project, as_of, [party], overrides, Evaluator(project.rules, days), known_on)
    finding = next((f for f in evaluation.findings if f.rule == rule_id), None)
    fired = (evaluation.inferences or {}).get(party, frozenset())
    excluded_by = next((i for i in project.rules.inferences if i.excludes and i.id in fired), None)
    text = render_explanation(
        rule,
        project.facts.parties[party],
        finding,
        lang,
        as_of.isoformat(),
        days,
        excluded_by,
        evaluation.what_if,
        project.rules.vocabulary.categories,
        width,
    )
    return Explanation(text, evaluation)


@dataclass(frozen=True)
class ValidationReport:
    diagnostics: tuple[Diagnostic, ...]
    rules: int
    parties: int
    quotes_checked: int
    needs_review: tuple[Diagnostic, ...] = ()  # warnings, errors with require_review


def validate(root: Path, sources: Path | None = None, require_review: bool = False) -> ValidationReport:
    """Check every rule and fact file (and, given the documents, every quote)."""
    problems = Collector()
    try:
        project = read_project(root, problems)
    except InvalidInput as exc:
        return ValidationReport(tuple(exc.diagnostics), 0, 0, 0)
    from .evaluation.examples import read_examples

    read_examples(root / "rules" / "examples", root, project, problems)
    checked = 0
    if sources is not None:
        if not sources.is_dir():
            problems.error(Location(str(sources)), msg("api.no_sources"))
        else:
            checked = check_quotes(project, sources, problems)
    reviews = tuple(_review_notes(project))
    if require_review:
        problems.items.extend(reviews)
    return ValidationReport(
        tuple(sorted(problems.items)), len(project.rules.rules), len(project.facts.parties), checked, reviews
    )


def _review_notes(project: Project) -> list[Diagnostic]:
    notes = []
    reviewed: list[Rule | Inference] = [*project.rules.rules, *project.rules.inferences]
    for rule in reviewed:
        label = msg("what.rule" if isinstance(rule, Rule) else "what.inference", id=rule.id)
        if rule.review is None:
            notes.append(Diagnostic(rule.location, msg("review.not_reviewed", what=label, id=rule.id)))
        elif rule.review_state is ReviewState.CHANGED:
            changed = msg("review.changed", what=label, by=rule.review.by, on=rule.review.on.isoformat())
            notes.append(Diagnostic(rule.review.location, changed))
    return notes


def approve(root: Path, rule_id: str, by: str, on: date, today: date) -> Rule | Inference:
    """Append a review stamp to a rule (the approval date is `on`, not after `today`)."""
    from .store.approval import approve as write_stamp

    return write_stamp(root, rule_id, by, on, today)


def record(
    root: Path,
    target: str,
    fact: str,
    value: str,
    *,
    source: str,
    as_of: date,
    recorded: date | None = None,
    quote: str | None = None,
    note: Text | None = None,
    by: str | None = None,
    dry_run: bool = False,
    commit: bool = True,
    show: Callable[[Outcome], None] = lambda _: None,
    planned: bool = False,
) -> Outcome:
    """Record FACT = VALUE for a party, `wave:<id>` or `region` into its fact file.

    `as_of` is the day findings are compared on, and the default `recorded` day;
    `show` sees what the change does before anything is written (hprules.store.recording)."""
    from .store.recording import Request
    from .store.recording import record as write_fact

    request = Request(target, fact, value, source, recorded or as_of, quote, note, by, dry_run, commit, planned)
    return write_fact(root, request, as_of, show)


@dataclass(frozen=True)
class CalendarResult:
    feeds: tuple[Feed, ...]
    written: tuple[Path, ...]
    evaluation: Evaluation


def calendar(
    project: Project,
    out: Path,
    as_of: date,
    parties: Sequence[str] = (),
    overrides: Sequence[str] = (),
    lang: str = "nb",
    known_on: date | None = None,
) -> CalendarResult:
    """Write one feed per party and, for all parties, `all.ics` into `out`.

    Events that changed since the feeds already in `out` get SEQUENCE + 1 and
    LAST-MODIFIED = midnight UTC of `as_of`; unchanged events keep both.
    """
    # Only when needed: icalendar, under the feeds, costs 70 ms to import.
    from .store.publication import publication, published_states, refuse_what_if, write_feeds

    evaluation = check(project, as_of, parties, overrides, known_on=known_on)
    refuse_what_if(evaluation, out, project.root)
    everyone = not parties
    published = publication(project, evaluation, lang, published_states(out), include_all=everyone)
    written = write_feeds(out, published.feeds, remove_stale=everyone)
    return CalendarResult(published.feeds, tuple(written), evaluation)


@dataclass(frozen=True)
class DiffResult:
    changes: tuple[Change, ...]
    before: Evaluation
    after: Evaluation


def diff(
    project: Project, base: str, as_of: date, parties: Sequence[str] = (), known_on: date | None = None
) -> DiffResult:
    """Every party's findings under `base` (a git revision or a folder) against now."""
    from .reading.revision import materialise
    from .render.comparison import compare

    folder, keep = materialise(project.root, base)
    try:
        try:
            old = load_project(folder, earlier_revision=True)
        except InvalidInput as exc:  # say which side is broken
            raise InvalidInput(
                [Diagnostic(Location(f"{base}:{d.location}"), d.message) for d in exc.diagnostics]
            ) from None
    finally:
        if keep is not None:
            keep.cleanup()
    unknown = [p for p in parties if p not in project.facts.parties and p not in old.facts.parties]
    if unknown:
        raise InvalidInput([Diagnostic(Location(COMMAND_LINE), msg("examples.unknown_party", id=p)) for p in unknown])

    def side(p: Project) -> Evaluation:
        mine = [x for x in parties if x in p.facts.parties]
        if parties and not mine:  # the chosen parties exist only on the other side
            return Evaluation(as_of, (), ())
        return check(p, as_of, mine, known_on=known_on)

    before, after = side(old), side(project)
    return DiffResult(tuple(compare(before, after)), before, after)


def select(
    project: Project,
    evaluation: Evaluation,
    statuses: Sequence[str] = (),
    kinds: Sequence[str] = (),
    rules: Sequence[str] = (),
    due_within: str | None = None,
    start: date | None = None,
    end: date | None = None,
) -> Evaluation:
    """The findings that pass every filter (see `hprules.render.selection`); bad values
    raise InvalidInput, all at once."""
    from .render.selection import make_selection

    known = {r.id for r in project.rules.rules}
    selection, problems = make_selection(evaluation.as_of, known, statuses, kinds, rules, due_within, start, end)
    if problems:
        raise InvalidInput([Diagnostic(Location(COMMAND_LINE), p) for p in problems])
    return selection.apply(evaluation)


@dataclass(frozen=True)
class AgendaResult:
    entries: tuple[Entry, ...]
    window: Window
    evaluation: Evaluation


def agenda(
    project: Project,
    as_of: date,
    parties: Sequence[str] = (),
    start: date | None = None,
    end: date | None = None,
    overrides: Sequence[str] = (),
    lang: str = "nb",
    known_on: date | None = None,
) -> AgendaResult:
    """Every dated finding in the window, in date order; the window defaults to
    30 days before `as_of` to 365 days after it."""
    from .render.agenda import agenda_entries, default_window
    from .render.selection import window_problems

    window = default_window(as_of, start, end)
    problems = window_problems(window.start, window.end)
    if problems:
        raise InvalidInput([Diagnostic(Location(COMMAND_LINE), p) for p in problems])
    evaluation = check(project, as_of, parties, overrides, known_on=known_on)
    return AgendaResult(tuple(agenda_entries(project, evaluation, window, lang)), window, evaluation)


__all__ = [
    "InvalidInput",
    "agenda",
    "approve",
    "calendar",
    "check",
    "diff",
    "explain",
    "load_project",
    "parse_overrides",
    "record",
    "select",
    "validate",
]
