"""The calendars folder: what was published before, and writing the new feeds (I/O).

The previous files are the memory of what was published: each event's SEQUENCE,
LAST-MODIFIED and content fingerprint are read back from them, so a moved
deadline gets SEQUENCE + 1 and an unchanged one keeps its bytes.

The one feed pipeline, used by `hprules calendar` and by `hprules serve`:
`published_states` (what was published) -> `publication` (the feeds and their new
states, stamped with the as-of day) -> `write_feeds` (calendar) or the server's
memory (serve). `refuse_what_if` guards the published folder.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, time
from pathlib import Path

from ..domain.diagnostics import CannotWrite, Collector, Diagnostic, InvalidInput, Location, msg
from ..evaluation.evaluator import Evaluation
from ..reading.project import Project
from ..reading.regular_file import NotReadable, read_bytes
from ..render.feed import PRODID, WHAT_IF, EventState, Feed, build_feeds, read_states

FEED_MAX_BYTES = 1 << 30  # all.ics of 100,000 parties is about 0.5 GB


def previous_states(folder: Path, problems: Collector) -> dict[str, EventState]:
    """Every event state in the folder's feeds; the highest SEQUENCE wins."""
    states: dict[str, EventState] = {}
    if not folder.is_dir():
        return states
    for path in sorted(folder.glob("*.ics")):
        try:
            found = read_states(read_bytes(path, FEED_MAX_BYTES))
        except (ValueError, KeyError, UnicodeDecodeError, NotReadable) as exc:
            detail = exc.message if isinstance(exc, NotReadable) else str(exc)
            problems.error(Location(str(path)), msg("feed.unreadable", detail=detail))
            continue
        for uid, state in found.items():
            if uid not in states or state.sequence > states[uid].sequence:
                states[uid] = state
    return states


def published_states(folder: Path) -> dict[str, EventState]:
    """What the feeds in `folder` published; InvalidInput, located, for a feed that cannot be read."""
    problems = Collector()
    states = previous_states(folder, problems)
    problems.raise_if_any()
    return states


@dataclass(frozen=True)
class Publication:
    """What one run publishes: the feeds, and the state of every event in them (the
    memory the next run continues from)."""

    feeds: tuple[Feed, ...]
    states: Mapping[str, EventState]
    stamp: datetime  # midnight UTC of the as-of day: LAST-MODIFIED of what changed


def publication(
    project: Project,
    evaluation: Evaluation,
    lang: str,
    previous: Mapping[str, EventState],
    include_all: bool = True,
    stale: str | None = None,
) -> Publication:
    """The feeds of an evaluation, continuing from `previous`: a changed event gets
    SEQUENCE + 1 and LAST-MODIFIED = midnight UTC of the as-of day; unchanged events keep both."""
    stamp = datetime.combine(evaluation.as_of, time(0, 0), tzinfo=UTC)
    feeds, states = build_feeds(project, evaluation, lang, previous, stamp, include_all=include_all, stale=stale)
    return Publication(tuple(feeds), states, stamp)


def refuse_what_if(evaluation: Evaluation, out: Path, root: Path) -> None:
    """A what-if run must not overwrite the published feeds, the memory of what subscribers have."""
    if evaluation.what_if and holds_published_feeds(out, root):
        raise InvalidInput([Diagnostic(Location(str(out)), msg("api.what_if_over_published"))])


def holds_published_feeds(folder: Path, root: Path) -> bool:
    """The project's published calendars/, or a folder holding feeds that are not what-ifs."""
    if folder.resolve() == (root / "calendars").resolve():
        return True
    if not folder.is_dir():
        return False
    for path in folder.glob("*.ics"):
        try:
            head = path.read_bytes()[:4000]
        except OSError:
            continue
        if PRODID.encode() in head and WHAT_IF.encode() not in head:
            return True
    return False


def _ours(path: Path) -> bool:
    try:
        return PRODID.encode() in path.read_bytes()[:2000]
    except OSError:
        return False


def write_feeds(folder: Path, feeds: Iterable[Feed], remove_stale: bool) -> list[Path]:
    """Write each feed atomically; unchanged files are not touched.

    Only the folder itself is made, not its parents: a mistyped --out should not
    grow a tree of folders."""
    if folder.exists() and not folder.is_dir():
        raise CannotWrite(folder, msg("failure.not_a_folder"))
    try:
        return _write_feeds(folder, feeds, remove_stale)
    except FileNotFoundError:
        raise CannotWrite(folder, msg("failure.no_parent")) from None
    except OSError as exc:
        raise CannotWrite(folder, exc.strerror or str(exc)) from None


def _write_feeds(folder: Path, feeds: Iterable[Feed], remove_stale: bool) -> list[Path]:
    folder.mkdir(exist_ok=True)
    for stale in folder.glob(".*.tmp"):  # left by a run that was killed while writing
        stale.unlink()
    written = []
    names = set()
    for feed in feeds:
        path = folder / f"{feed.name}.ics"
        names.add(path.name)
        if path.is_file() and path.read_bytes() == feed.body:
            continue
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=f".{feed.name}.", suffix=".tmp")
        with os.fdopen(fd, "wb") as out:
            out.write(feed.body)
        os.replace(tmp, path)
        written.append(path)
    if remove_stale:  # a party no longer in the facts: its feed goes too
        for path in folder.glob("*.ics"):
            if path.name not in names and _ours(path):
                path.unlink()
    return written


def write_text(path: Path, text: str) -> None:
    """One output file (`rulebook --out`); a full disk or a bad path is CannotWrite."""
    try:
        with path.open("w", encoding="utf-8") as out:
            out.write(text)
    except OSError as exc:
        raise CannotWrite(path, exc.strerror or str(exc)) from None
