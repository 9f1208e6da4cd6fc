""" "Did you mean": the known names closest to a mistyped one (a party, a rule,
a fact, a field), added to the message that says it is unknown."""

from __future__ import annotations

from collections.abc import Iterable

from ..domain.diagnostics import Message, msg

# A list this short is shown whole; a longer one (40 parties) only when no
# name is close enough to suggest.
SHORT_LIST = 15


def close_names(name: str, known: Iterable[str]) -> list[str]:
    import difflib  # only when a name is unknown: not on every command's start-up

    return difflib.get_close_matches(name, list(known), n=3)


def with_guess(problem: Message, name: str, known: Iterable[str]) -> Message:
    """`problem`, and the names of `known` close to `name`, if any."""
    close = close_names(name, known)
    if not close:
        return problem
    return msg("suggest.guess", detail=problem, guesses=", ".join(repr(c) for c in close))


def unknown(problem: Message, name: str, known: Iterable[str]) -> Message:
    """`problem` with the close names, and the known names themselves when they
    are few or none is close."""
    names = list(dict.fromkeys(known))
    close = close_names(name, names)
    listed = ", ".join(names)
    if not close:
        return msg("suggest.known", detail=problem, known=listed)
    guesses = ", ".join(repr(c) for c in close)
    if len(names) <= SHORT_LIST:
        return msg("suggest.guess_known", detail=problem, guesses=guesses, known=listed)
    return msg("suggest.guess", detail=problem, guesses=guesses)
