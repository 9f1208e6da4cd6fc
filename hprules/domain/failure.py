"""One error model: which exception means which exit code, and how it reads.

Exit codes come from the exception's class: 2 invalid input or usage (every
problem located), 3 the rules engine failed, 4 `serve` cannot listen, and 70
for anything unexpected — a bug of ours, never to be read as "overdue" (1).
The CLI and the server both render failures here.
"""

from __future__ import annotations

import os
import traceback

from .dates import OutOfCalendar
from .diagnostics import CannotWrite, EngineError, InvalidInput, one_line

EXIT_INVALID = 2
EXIT_ENGINE = 3
EXIT_UNAVAILABLE = 4
EXIT_BUG = 70  # EX_SOFTWARE in sysexits.h


class CannotListen(Exception):
    """`serve` cannot have the address: a bad host, a taken port, no permission."""

    def __init__(self, host: str, port: int, reason: str) -> None:
        super().__init__(f"cannot listen on {host}:{port}: {reason}; choose another --host or --port")


def exit_code(exc: BaseException) -> int:
    if isinstance(exc, (InvalidInput, OutOfCalendar, CannotWrite)):
        return EXIT_INVALID
    if isinstance(exc, EngineError):
        return EXIT_ENGINE
    if isinstance(exc, CannotListen):
        return EXIT_UNAVAILABLE
    return EXIT_BUG


def render(exc: BaseException, what_happened: str = "nothing was evaluated") -> list[str]:
    """The lines that tell the user what went wrong, one message per line."""
    if isinstance(exc, InvalidInput):
        n = len(exc.diagnostics)
        return [str(d) for d in exc.diagnostics] + [f"hprules: {n} problem{'s' if n != 1 else ''}; {what_happened}"]
    if isinstance(exc, OutOfCalendar):
        return [f"hprules: {one_line(str(exc))}; check the dates and offsets involved"]
    if isinstance(exc, EngineError):
        return [f"hprules: the rules engine failed: {one_line(str(exc))}"]
    if isinstance(exc, CannotListen):
        return [f"hprules: {one_line(str(exc))}"]
    if isinstance(exc, CannotWrite):
        return [one_line(str(exc))]
    lines = [
        f"hprules: this is a bug in hprules, please report it: {type(exc).__name__}: {one_line(str(exc))}",
    ]
    if os.environ.get("HPRULES_DEBUG") == "1":
        lines[:0] = "".join(traceback.format_exception(exc)).rstrip("\n").split("\n")
    else:
        lines.append("hprules: run again with HPRULES_DEBUG=1 to see where it happened")
    return lines
