"""Writing a file so that a crash leaves the old one or the new one, and a
project-wide lock so that writers take turns (I/O).

The new text goes to a temporary file in the same folder (a rename is atomic
only within one file system), is flushed and fsynced, gets the old file's mode,
and is renamed over the old file; the folder is fsynced so the rename survives
a power cut. Temporary files end in `.hprules-tmp`, never `.yaml`, so a writer
killed half-way leaves nothing the readers would pick up; the next writer holding
the lock removes them.
"""

from __future__ import annotations

import fcntl
import os
import stat
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from ..domain.diagnostics import Diagnostic, InvalidInput, Location, msg

LOCK_NAME = ".hprules.lock"
TEMP_SUFFIX = ".hprules-tmp"


@contextmanager
def project_lock(root: Path) -> Iterator[None]:
    """Hold the project's lock (blocking until it is free); released on exit, or by
    the kernel when the process dies."""
    try:
        fd = os.open(root / LOCK_NAME, os.O_RDWR | os.O_CREAT, 0o644)
    except OSError as exc:
        message = msg("write.cannot_lock", file=LOCK_NAME, reason=str(exc.strerror))
        raise InvalidInput([Diagnostic(Location(str(root)), message)]) from None
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # closing releases the flock


def is_read_only(path: Path) -> bool:
    """True when nobody may write the file: its mode says so (even for root) or access does."""
    mode = path.stat().st_mode
    return not mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH) or not os.access(path, os.W_OK)


def remove_leftovers(folder: Path) -> None:
    """Temporary files of writers that were killed; call only while holding the lock."""
    for leftover in folder.glob(f".*{TEMP_SUFFIX}"):
        leftover.unlink(missing_ok=True)


def replace_or_refuse(path: Path, text: str, shown: str) -> None:
    """replace_text, with a read-only file or a failed write as a located problem."""
    problem = msg("write.read_only") if is_read_only(path) else None
    if problem is None:
        try:
            replace_text(path, text)
            return
        except OSError as exc:
            problem = msg("write.failed", reason=str(exc.strerror))
    raise InvalidInput([Diagnostic(Location(shown), problem)])


def replace_text(path: Path, text: str) -> None:
    """Replace `path`'s content with `text`, atomically, keeping its mode."""
    mode = stat.S_IMODE(path.stat().st_mode)
    temp = path.with_name(f".{path.name}.{os.getpid()}{TEMP_SUFFIX}")
    fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as out:
            out.write(text)
            out.flush()
            os.fchmod(out.fileno(), mode)
            os.fsync(out.fileno())
        os.replace(temp, path)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
    folder = os.open(path.parent, os.O_RDONLY)
    try:
        os.fsync(folder)
    finally:
        os.close(folder)
