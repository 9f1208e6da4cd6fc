"""Recording a fact into its file: checked, shown, written safely, committed (I/O).

One recording, under the project lock from the first read to the commit:
read and validate the project; check the target, the fact name, its scope and
the value; refuse a value recorded no later than the newest one on file; write
the new text into a copy of the project and validate that whole; show what it
does to every affected party's findings; then replace the file atomically and,
in a git work tree, commit just that file. Anything refused writes nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from contextlib import ExitStack
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

from ..domain.diagnostics import Diagnostic, InvalidInput, Location, Message, display_path, msg
from ..domain.factbase import Fact
from ..domain.rulebook import Text
from ..evaluation.evaluator import Evaluation, Evaluator
from ..reading.project import Project, load_changed, load_project
from ..reading.suggestion import unknown
from ..render.comparison import Change, compare
from .atomic_file import is_read_only, project_lock, remove_leftovers, replace_or_refuse
from .audit_trail import CommitFailed, commit_file, in_work_tree, uncommitted, user_name
from .fact_writer import Entry, with_entry

COMMAND_LINE = Location("command line")


@dataclass(frozen=True)
class Request:
    target: str  # a party id, `wave:<id>` or `region`
    fact: str
    value: str  # as --set takes it: 2023-11-03, 2023-11, 2023 or <=2023-04-30
    source: str
    recorded: date
    quote: str | None = None
    note: Text | None = None  # in Norwegian and English, as the fact files keep notes
    by: str | None = None
    dry_run: bool = False
    commit: bool = True
    planned: bool = False


@dataclass(frozen=True)
class Outcome:
    state: str  # recorded, already (nothing written), dry-run (nothing written)
    path: str  # the fact file, relative to the project root
    entry: Entry
    changes: tuple[Change, ...]
    by: str | None = None
    commit: str | None = None  # the commit's id, when one was made


@dataclass(frozen=True)
class _Target:
    scope: str  # party, wave, region
    path: Path
    facts: dict[str, Fact]  # its own facts, not inherited ones
    parties: tuple[str, ...]  # whose findings it may change


def _refuse(message: Message, where: Location = COMMAND_LINE) -> InvalidInput:
    return InvalidInput([Diagnostic(where, message)])


def _unknown(what: Message, name: str, known: Sequence[str]) -> InvalidInput:
    return _refuse(unknown(msg("record.unknown", what=what, name=name), name, sorted(known)))


def _target(project: Project, text: str) -> _Target:
    facts_dir = project.root / "facts"
    base = project.facts
    if text == "region":
        path = facts_dir / "region.yaml"
        if not path.is_file():
            raise _refuse(msg("record.no_region", file=display_path(path, project.root)))
        return _Target("region", path, base.region, tuple(base.parties))
    if text.startswith("wave:"):
        wave = base.waves.get(text[5:])
        if wave is None:
            raise _unknown(msg("record.a_wave"), text[5:], list(base.waves))
        members = tuple(p.id for p in base.parties.values() if p.wave == wave.id)
        return _Target("wave", facts_dir / "waves" / f"{wave.id}.yaml", wave.facts, members)
    party = base.parties.get(text)
    if party is None:
        raise _unknown(msg("record.a_party"), text, list(base.parties))
    return _Target("party", facts_dir / "parties" / f"{party.id}.yaml", party.facts, (party.id,))


def _entry(project: Project, target: _Target, request: Request, by: str | None) -> Entry:
    from ..reading.overrides import UnreadableFact, fact_from_text

    vocabulary = project.rules.vocabulary
    spec = vocabulary.facts.get(request.fact)
    if spec is None:
        raise _unknown(msg("record.a_fact"), request.fact, list(vocabulary.facts))
    if target.scope not in spec.scope:
        raise _refuse(msg("facts.wrong_scope", name=request.fact, scopes="/".join(spec.scope), scope=target.scope))
    if not request.source.strip():
        raise _refuse(msg("record.no_source"))
    try:
        value = fact_from_text(request.fact, request.value, vocabulary, COMMAND_LINE).value
    except UnreadableFact as exc:
        raise _refuse(exc.message) from None
    if not request.planned and value.earliest is not None and value.earliest > request.recorded:
        raise _refuse(
            msg("record.after_recorded", fact=request.fact, value=str(value), recorded=request.recorded.isoformat())
        )
    notes = (request.note.nb, request.note.en) if request.note else ()
    for name, text in (("quote", request.quote), *(("note", t) for t in notes)):
        if text is not None and not text.strip():
            raise _refuse(msg("record.empty_option", option=f"--{name}"))
    return Entry(
        request.fact, value, request.source, request.recorded, request.quote, request.note, by, request.planned
    )


def _check_history(current: Fact | None, entry: Entry) -> bool:
    """True when the newest value on file is this one, from this source (nothing to do)."""
    if current is None:
        return False
    if current.value == entry.value and current.source == entry.source and current.planned == entry.planned:
        return True
    if entry.recorded <= current.known_from:
        last = current.known_from.isoformat()
        raise _refuse(
            msg(
                "record.not_later", name=entry.name, last=last, value=str(current.value), on=entry.recorded.isoformat()
            ),
            current.location,
        )
    return False


def _findings(project: Project, parties: tuple[str, ...], as_of: date, evaluator: Evaluator) -> Evaluation:
    if not parties:  # a wave no party is in
        return Evaluation(as_of, (), ())
    return evaluator.evaluate(project.facts, as_of, list(parties))


def _who(root: Path, request: Request) -> str | None:
    by = (request.by or "").strip() or user_name(root)
    if not by and not request.dry_run:
        raise _refuse(msg("record.no_by"))
    return by


def _new_text(path: Path, shown: str, entry: Entry, writing: bool) -> str:
    where = Location(shown)
    try:
        old = path.read_text(encoding="utf-8")
    except (OSError, UnicodeError) as exc:
        raise _refuse(msg("file.cannot_read", reason=str(exc)), where) from None
    if writing and is_read_only(path):
        raise _refuse(msg("record.read_only"), where)
    try:
        return with_entry(old, entry)
    except ValueError as exc:
        raise _refuse(msg("record.cannot_add", detail=str(exc)), where) from None


def _changes(before: Project, after: Project, parties: tuple[str, ...], as_of: date) -> tuple[Change, ...]:
    evaluator = Evaluator(before.rules)
    return tuple(compare(_findings(before, parties, as_of, evaluator), _findings(after, parties, as_of, evaluator)))


class NotCommitted(InvalidInput):
    """The fact is in the file, but git did not commit it: not "nothing written"."""

    outcome = "outcome.written_not_committed"


def _commit(root: Path, path: Path, shown: str, message: str, by: str) -> str:
    try:
        return commit_file(root, path, message, by)
    except CommitFailed as exc:
        raise NotCommitted([Diagnostic(Location(shown), msg("record.not_committed", detail=str(exc)))]) from None


def record(root: Path, request: Request, as_of: date, show: Callable[[Outcome], None]) -> Outcome:
    """Record one fact; `show` is called with what it does before anything is written."""
    with ExitStack() as held:
        if not request.dry_run:
            held.enter_context(project_lock(root))
        project = load_project(root)
        target = _target(project, request.target)
        shown = display_path(target.path, root)
        committing = request.commit and not request.dry_run and in_work_tree(root)
        by = _who(root, request)
        entry = _entry(project, target, request, None if committing else by)
        if _check_history(target.facts.get(request.fact), entry):
            return Outcome("already", shown, entry, (), by)
        if committing and uncommitted(root, target.path):  # one commit, one recording
            raise _refuse(msg("record.uncommitted"), Location(shown))
        new_text = _new_text(target.path, shown, entry, writing=not request.dry_run)
        changes = _changes(project, load_changed(root, target.path, new_text), target.parties, as_of)
        outcome = Outcome("dry-run" if request.dry_run else "recorded", shown, entry, changes, by)
        show(outcome)
        if request.dry_run:
            return outcome
        remove_leftovers(target.path.parent)
        replace_or_refuse(target.path, new_text, shown)
        if committing and by:
            outcome = replace(outcome, commit=_commit(root, target.path, shown, commit_message(request, entry, by), by))
        return outcome


def commit_message(request: Request, entry: Entry, by: str) -> str:
    """Who recorded what, from which source: the first line says it all."""
    lines = [
        f"Record {request.target} {entry.name} = {entry.value} (source: {entry.source}), by {by}",
        "",
        f"Recorded {entry.recorded.isoformat()} with `hprules record`.",
    ]
    if entry.quote:
        lines.append(f"Quote: {entry.quote}")
    if entry.note:
        lines.append(f"Note: {entry.note.en}")
    return "\n".join(lines) + "\n"
