"""The calendars folder: what was published before, and writing the new feeds (I/O).

The previous files are the memory of what was published: each event's SEQUENCE,
LAST-MODIFIED and content fingerprint are read back from them, so a moved
deadline gets SEQUENCE + 1 and an unchanged one keeps its bytes.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable
from pathlib import Path

from .diagnostics import Collector, Location
from .feed import PRODID, WHAT_IF, EventState, Feed, read_states


def previous_states(folder: Path, problems: Collector) -> dict[str, EventState]:
    """Every event state in the folder's feeds; the highest SEQUENCE wins."""
    states: dict[str, EventState] = {}
    if not folder.is_dir():
        return states
    for path in sorted(folder.glob("*.ics")):
        try:
            found = read_states(path.read_bytes())
        except (ValueError, KeyError, UnicodeDecodeError) as exc:
            problems.error(
                Location(str(path)),
                f"cannot read this earlier feed ({exc}); move it away, or the events in it would "
                "lose their sequence numbers",
            )
            continue
        for uid, state in found.items():
            if uid not in states or state.sequence > states[uid].sequence:
                states[uid] = state
    return states


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
    """Write each feed atomically; unchanged files are not touched."""
    folder.mkdir(parents=True, exist_ok=True)
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
