"""How a failure reads: the one place where problems are put into words, in the
user's language (exit codes stay with the exceptions, in `domain.failure`)."""

from __future__ import annotations

import os
import traceback

from ..domain.dates import OutOfCalendar
from ..domain.diagnostics import CannotWrite, Diagnostic, EngineError, InvalidInput, one_line
from ..domain.failure import CannotListen
from .messages import COMMAND_LINE_WORDS, worded


def diagnostic_line(diagnostic: Diagnostic, lang: str) -> str:
    """`path:line:col: message`, on one line."""
    location = diagnostic.location
    shown = str(location)
    if location.path == "command line":  # the place of --set and arguments, named in the reader's words
        shown = COMMAND_LINE_WORDS[1 if lang == "en" else 0] + shown[len(location.path) :]
    return one_line(f"{shown}: {worded(diagnostic.message, lang)}")


def warning_line(diagnostic: Diagnostic, lang: str) -> str:
    """A review note: located like a problem, marked as a warning."""
    word = "warning" if lang == "en" else "advarsel"
    return one_line(f"{diagnostic.location}: {word}: {worded(diagnostic.message, lang)}")


def render_failure(exc: BaseException, lang: str = "nb", outcome: str = "outcome.nothing_evaluated") -> list[str]:
    """The lines that tell the user what went wrong, one message per line.

    `outcome` is the key of what happened because of it (nothing evaluated; the
    server: the last good feeds are still served); a failure that knows better
    (a fact written but not committed) says its own."""
    outcome = getattr(exc, "outcome", outcome)
    if isinstance(exc, InvalidInput):
        n = len(exc.diagnostics)
        summary = worded("summary.problems" if n != 1 else "summary.problem", lang, n=n)
        return [diagnostic_line(d, lang) for d in exc.diagnostics] + [f"hprules: {summary}; {worded(outcome, lang)}"]
    if isinstance(exc, OutOfCalendar):
        return [f"hprules: {one_line(worded(exc.message, lang))}; {worded('failure.check_dates', lang)}"]
    if isinstance(exc, EngineError):
        return [f"hprules: {worded('failure.engine', lang, detail=one_line(str(exc)))}"]
    if isinstance(exc, CannotListen):
        said = worded("failure.cannot_listen", lang, host=exc.host, port=exc.port, reason=exc.reason)
        return [f"hprules: {one_line(said)}"]
    if isinstance(exc, CannotWrite):
        return [one_line(worded("failure.cannot_write", lang, path=str(exc.path), reason=exc.reason))]
    bug = worded("failure.bug", lang, name=type(exc).__name__, detail=one_line(str(exc)))
    lines = [f"hprules: {bug}"]
    if os.environ.get("HPRULES_DEBUG") == "1":
        lines[:0] = "".join(traceback.format_exception(exc)).rstrip("\n").split("\n")
    else:
        lines.append(f"hprules: {worded('failure.debug_hint', lang)}")
    return lines
