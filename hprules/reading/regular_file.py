"""Reading an input file safely (I/O): only regular files, and only so much of them.

A FIFO, a device such as /dev/zero, or a symlink to one would make a plain read
hang or never end; a huge file would stall every command (and `serve`).
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from ..domain.diagnostics import Message, msg

MAX_BYTES = 2_000_000  # the largest shipped file is about 60 KB


class NotReadable(OSError):
    """The file is not a regular file, is too large, or cannot be read; the message says which."""

    def __init__(self, message: Message) -> None:
        super().__init__(str(message))
        self.message = message


def read_bytes(path: Path, limit: int = MAX_BYTES) -> bytes:
    # O_NONBLOCK: opening a FIFO must not wait for a writer; we refuse it just after.
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    except OSError as exc:
        raise NotReadable(msg("file.cannot_read", reason=str(exc.strerror or exc))) from None
    try:
        status = os.fstat(fd)
        if not stat.S_ISREG(status.st_mode):
            raise NotReadable(msg("file.not_regular"))
        # Ask for the size it has: asking for `limit` allocates that much for every
        # file (20,000 party files: 0.4 s of CPU). One that grew is read on, to the limit.
        chunks: list[bytes] = []
        read = 0
        want = min(status.st_size, limit) + 1
        while read <= limit:
            chunk = os.read(fd, want)
            if not chunk:
                break
            chunks.append(chunk)
            read += len(chunk)
            want = limit + 1 - read
        data = b"".join(chunks)
    except NotReadable:
        raise
    except OSError as exc:
        raise NotReadable(msg("file.cannot_read", reason=str(exc.strerror or exc))) from None
    finally:
        os.close(fd)
    if len(data) > limit:
        raise NotReadable(msg("file.too_large", limit=limit))
    return data


def is_editor_file(path: Path) -> bool:
    """An editor's lock, swap or backup file (`.#roros.yaml`, `.roros.yaml.swp`,
    `roros.yaml~`): never input, often a dangling symlink."""
    name = path.name
    return name.startswith((".", "#")) or name.endswith(("~", ".swp", ".swx", ".tmp"))


def input_files(folder: Path, pattern: str = "*.yaml", recursive: bool = False) -> list[Path]:
    """The files a reader reads in `folder`, sorted, editor files left out."""
    found = folder.rglob(pattern) if recursive else folder.glob(pattern)
    # by their parts, as paths order themselves, without a comparison's cost per pair
    return sorted((p for p in found if not is_editor_file(p)), key=lambda p: p.parts)
