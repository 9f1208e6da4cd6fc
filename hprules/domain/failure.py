"""One error model: which exception means which exit code.

Exit codes come from the exception's class: 2 invalid input or usage (every
problem located), 3 the rules engine failed, 4 `serve` cannot listen, and 70
for anything unexpected — a bug of ours, never to be read as "overdue" (1).
How a failure reads is the render layer's (`hprules.render.failure_text`),
in the user's language; the CLI and the server both render failures there.
"""

from __future__ import annotations

from .dates import OutOfCalendar
from .diagnostics import Arg, CannotWrite, EngineError, InvalidInput

EXIT_INVALID = 2
EXIT_ENGINE = 3
EXIT_UNAVAILABLE = 4
EXIT_BUG = 70  # EX_SOFTWARE in sysexits.h


class CannotListen(Exception):
    """`serve` cannot have the address: a bad host, a taken port, no permission."""

    def __init__(self, host: str, port: int, reason: Arg) -> None:
        super().__init__(f"cannot listen on {host}:{port}: {reason}")
        self.host, self.port, self.reason = host, port, reason


def exit_code(exc: BaseException) -> int:
    if isinstance(exc, (InvalidInput, OutOfCalendar, CannotWrite)):
        return EXIT_INVALID
    if isinstance(exc, EngineError):
        return EXIT_ENGINE
    if isinstance(exc, CannotListen):
        return EXIT_UNAVAILABLE
    return EXIT_BUG
