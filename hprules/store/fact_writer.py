"""A new fact value written into a fact file's text, keeping the rest as it was.

ruamel.yaml round-trips the file, so comments, key order, quoting and folding
of everything not touched come back byte for byte (a test checks this on every
shipped fact file). A value of a fact that already has one is appended to its
history: a single mapping becomes a list of two, oldest first. Pure: text in,
text out.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.scalarstring import DoubleQuotedScalarString

from ..domain.dates import DateValue, Precision
from ..domain.rulebook import Text


@dataclass(frozen=True)
class Entry:
    """One value of a fact as it goes into the file."""

    name: str
    value: DateValue
    source: str
    recorded: date
    quote: str | None = None
    note: Text | None = None
    by: str | None = None  # written when no git commit records who it was
    planned: bool = False  # a plan (a go-live announced), not a recorded event


def round_trip_yaml() -> YAML:
    yaml = YAML()  # round-trip
    yaml.preserve_quotes = True
    yaml.width = 4096  # never re-wrap a long line
    yaml.indent(mapping=2, sequence=4, offset=2)  # the shipped files' `  - date:` style
    # The same date object as value and `recorded` would come out as `&id001` / `*id001`.
    yaml.representer.ignore_aliases = lambda _data: True
    return yaml


def _value(value: DateValue) -> date | int | str:
    """As the shipped files write it: days and years unquoted, months as text."""
    if value.precision in (Precision.DAY, Precision.ON_OR_BEFORE):
        return value.latest
    if value.precision is Precision.YEAR:
        return value.latest.year
    return str(value)


def entry_mapping(entry: Entry) -> CommentedMap:
    mapping = CommentedMap()
    key = "on_or_before" if entry.value.precision is Precision.ON_OR_BEFORE else "date"
    mapping[key] = _value(entry.value)
    if entry.planned:
        mapping["planned"] = True
    mapping["source"] = entry.source
    mapping["recorded"] = entry.recorded
    if entry.quote is not None:
        mapping["quote"] = DoubleQuotedScalarString(entry.quote)
    if entry.note is not None:
        mapping["note"] = CommentedMap(nb=entry.note.nb, en=entry.note.en)
    if entry.by is not None:
        mapping["by"] = entry.by
    return mapping


def with_entry(text: str, entry: Entry) -> str:
    """`text` with `entry` added under `facts:`; the caller validates the result."""
    yaml = round_trip_yaml()
    document = yaml.load(text)
    if not isinstance(document, CommentedMap):
        raise ValueError("the file is not a mapping")
    facts = document.get("facts")
    if facts is None:
        facts = document["facts"] = CommentedMap()
    if not isinstance(facts, CommentedMap):
        raise ValueError("'facts' is not a mapping")
    if not facts:
        facts.fa.set_block_style()  # `facts: {}` grows into a block
    new = entry_mapping(entry)
    old = facts.get(entry.name)
    if old is None:
        facts[entry.name] = new
    elif isinstance(old, CommentedSeq):
        old.append(new)
    else:
        history = CommentedSeq([old, new])
        facts[entry.name] = history
    out = io.StringIO()
    yaml.dump(document, out)
    return out.getvalue()
