"""Facts written as text on the command line (`--set`, `record`) or in a worked example.

`2023-11-03`, `2023-11`, `2023` or `<=2023-04-30`, checked against the rule book's
vocabulary; every problem is reported at once, located at the command line.
"""

from __future__ import annotations

from collections.abc import Sequence

from ..domain.dates import DateSyntaxError, DateValue
from ..domain.diagnostics import Collector, Location, Message, msg
from ..domain.factbase import Fact
from ..domain.rulebook import Vocabulary
from .suggestion import unknown

COMMAND_LINE = "command line"  # a place, worded by the renderer (`kommandolinjen` in nb)


class UnreadableFact(ValueError):
    """A fact written as text that cannot be read; `message` says why."""

    def __init__(self, message: Message) -> None:
        super().__init__(str(message))
        self.message = message


def fact_from_text(name: str, text: str, vocabulary: Vocabulary, where: Location) -> Fact:
    """`2023-11-03`, `2023-11`, `2023` or `<=2023-04-30` as a fact; UnreadableFact says why not."""
    if name not in vocabulary.facts:
        raise UnreadableFact(unknown(msg("fact_text.unknown", name=name), name, vocabulary.facts))
    try:
        if text.startswith("<="):
            value = DateValue.parse(text[2:])
            if not value.is_exact:
                raise DateSyntaxError("'<=' needs a day (YYYY-MM-DD)", msg("date.needs_day", key="<="))
            value = DateValue.on_or_before(value.latest)
        else:
            value = DateValue.parse(text)
    except DateSyntaxError as exc:
        raise UnreadableFact(msg("message.about", what=name, detail=exc.message)) from None
    return Fact(name, value, "--set", None, None, where, origin="--set")


def parse_overrides(pairs: Sequence[str], vocabulary: Vocabulary) -> dict[str, Fact]:
    """`FACT=VALUE` pairs from `--set` into facts; all problems reported at once."""
    problems = Collector()
    facts: dict[str, Fact] = {}
    for n, pair in enumerate(pairs, 1):
        where = Location(COMMAND_LINE, 0)
        name, sep, text = pair.partition("=")
        name = name.strip()
        if not sep or not name:
            problems.error(where, msg("set.form", n=n, pair=pair))
            continue
        try:
            facts[name] = fact_from_text(name, text.strip(), vocabulary, where)
        except UnreadableFact as exc:
            problems.error(where, msg("set.fact", detail=exc.message))
    problems.raise_if_any()
    return facts
